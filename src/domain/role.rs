//! The roles of the API. A role decides which kinds of action an account may ever take.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Audience;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts; never reads story content.
    Admin,
    /// Youth worker: records interviews.
    Worker,
    /// A young person, owner of their stories; created only by redeeming an invite.
    Youth,
    /// A parent, legal guardian or guardian organisation of one participant under 16; created
    /// only by redeeming a guardian's invite.
    Guardian,
    Peer,
    PolicyMaker,
    Council,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Worker => "worker",
            Role::Youth => "youth",
            Role::Guardian => "guardian",
            Role::Peer => "peer",
            Role::PolicyMaker => "policy_maker",
            Role::Council => "council",
        }
    }

    /// Every role, in the order the API documents them.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Worker,
        Role::Youth,
        Role::Guardian,
        Role::Peer,
        Role::PolicyMaker,
        Role::Council,
    ];

    /// Every role and, last, `None`: a caller without a session (the access policy's
    /// `anonymous`).
    pub const ALL_AND_ANONYMOUS: [Option<Role>; 8] = {
        let mut all = [None; 8];
        let mut i = 0;
        while i < Self::ALL.len() {
            all[i] = Some(Self::ALL[i]);
            i += 1;
        }
        all
    };

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The audience whose feed this role reads, if it is an audience role.
    pub fn audience(self) -> Option<Audience> {
        match self {
            Role::Peer => Some(Audience::Peers),
            Role::PolicyMaker => Some(Audience::PolicyMakers),
            Role::Council => Some(Audience::Council),
            Role::Admin | Role::Worker | Role::Youth | Role::Guardian => None,
        }
    }

    /// Youth and guardian accounts come only from invites; an admin may create every other role.
    pub fn may_be_created_by_admin(self) -> bool {
        !matches!(self, Role::Youth | Role::Guardian)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in [
            Role::Admin,
            Role::Worker,
            Role::Youth,
            Role::Guardian,
            Role::Peer,
            Role::PolicyMaker,
            Role::Council,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_audience_roles_have_a_feed() {
        assert_eq!(Role::Council.audience(), Some(Audience::Council));
        assert_eq!(Role::Worker.audience(), None);
    }
}
