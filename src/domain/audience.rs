//! The three audiences an excerpt can be shared with.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Peers,
    PolicyMakers,
    Council,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Peers, Audience::PolicyMakers, Audience::Council];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Peers => "peers",
            Audience::PolicyMakers => "policy_makers",
            Audience::Council => "council",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One explicit yes or no per audience. Every audience must be named: there is no default answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceFlags {
    pub peers: bool,
    pub policy_makers: bool,
    pub council: bool,
}

impl AudienceFlags {
    pub fn get(&self, audience: Audience) -> bool {
        match audience {
            Audience::Peers => self.peers,
            Audience::PolicyMakers => self.policy_makers,
            Audience::Council => self.council,
        }
    }

    pub fn set(&mut self, audience: Audience, value: bool) {
        match audience {
            Audience::Peers => self.peers = value,
            Audience::PolicyMakers => self.policy_makers = value,
            Audience::Council => self.council = value,
        }
    }
}
