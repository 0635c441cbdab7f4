//! Need to know: who may see a participant's content, and the access log of every read by
//! someone other than its owner.

use super::{Caller, Service};
use crate::domain::{ParticipantId, Role};
use crate::error::{AppError, AppResult};
use crate::store::NewAccessEntry;

impl Service {
    /// May `caller` see this participant's stories and excerpts? Responsible workers and the young
    /// person themselves; nobody else. A "no" is a 404 to the caller, never a 403.
    pub(super) async fn ensure_may_see(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<()> {
        let allowed = match caller.role {
            Role::Worker => {
                self.inner
                    .store
                    .is_responsible_worker(participant, caller.account_id)
                    .await?
            }
            Role::Youth => caller.participant_id == Some(participant),
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Logs a read of text unless the caller is its owner.
    pub(super) async fn log_read(
        &self,
        caller: &Caller,
        participant: ParticipantId,
        object_type: &'static str,
        object_id: uuid::Uuid,
    ) -> AppResult<()> {
        if caller.participant_id == Some(participant) {
            return Ok(());
        }
        self.inner
            .store
            .record_access(&[NewAccessEntry {
                participant_id: participant,
                actor_id: caller.account_id,
                actor_role: caller.role,
                action: "read",
                object_type,
                object_id,
            }])
            .await?;
        Ok(())
    }
}
