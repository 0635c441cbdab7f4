//! Every use case asks the access policy (`policies/access.cedar`) before it does anything. The
//! service looks up the facts (is this worker responsible, is this the young person, their
//! guardian?); the policy decides. A role the policy never lets do an action gets 403; a role that
//! may, but not for this young person, gets 404, the same answer as for something absent.

use super::{Caller, Service};
use crate::domain::{Audience, ParticipantId, Role};
use crate::error::{AppError, AppResult};
use crate::policies::access::{Action, Relation, Resource};

impl Service {
    /// May the caller's role ever do `action` (to the service, to some young person, or to its
    /// own audience)? 403 if not. Asked before anything is looked up, so that a made-up id gets
    /// the same 403 as a real one.
    pub(super) fn authorize(&self, caller: &Caller, action: Action) -> AppResult<()> {
        if self
            .inner
            .policies
            .access
            .role_may(Some(caller.role), action)
        {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// May the caller do `action` to this young person's data? 404 if not (403 if their role may
    /// never do it).
    pub(super) async fn authorize_for(
        &self,
        caller: &Caller,
        action: Action,
        participant: ParticipantId,
    ) -> AppResult<()> {
        let relation = self.relation(caller, participant).await?;
        let access = &self.inner.policies.access;
        if access.permits(Some(caller.role), action, Resource::Participant(relation)) {
            Ok(())
        } else if access.role_may(Some(caller.role), action) {
            Err(AppError::NotFound)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The audience whose feed the caller reads with `action`, if the policy lets them: one
    /// decision. 403 otherwise.
    pub(super) fn authorize_audience(
        &self,
        caller: &Caller,
        action: Action,
    ) -> AppResult<Audience> {
        match caller.role.audience() {
            Some(audience)
                if self.inner.policies.access.permits(
                    Some(caller.role),
                    action,
                    Resource::Audience(audience),
                ) =>
            {
                Ok(audience)
            }
            _ => Err(AppError::Forbidden),
        }
    }

    /// The facts the policy weighs, looked up only for the role they can concern.
    async fn relation(&self, caller: &Caller, participant: ParticipantId) -> AppResult<Relation> {
        let store = &self.inner.store;
        Ok(match caller.role {
            Role::Worker => Relation {
                is_responsible: store
                    .is_responsible_worker(participant, caller.account_id)
                    .await?,
                ..Relation::default()
            },
            Role::Youth => Relation {
                is_own: caller.participant_id == Some(participant),
                ..Relation::default()
            },
            Role::Guardian => Relation {
                is_guardian: store
                    .guardian_of_account(caller.account_id)
                    .await?
                    .is_some_and(|g| g.participant_id == participant),
                ..Relation::default()
            },
            Role::Admin | Role::Peer | Role::PolicyMaker | Role::Council => Relation::default(),
        })
    }
}
