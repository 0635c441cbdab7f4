//! The access log of every read by someone other than the young person themselves.

use super::{Caller, Service};
use crate::domain::ParticipantId;
use crate::error::AppResult;
use crate::store::NewAccessEntry;

impl Service {
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
