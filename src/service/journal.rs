//! Writing the erasure journal from the use cases: an entry is durable before the change it records
//! is acknowledged.

use super::Service;
use crate::domain::time::Millis;
use crate::domain::{AccountId, Audience, ExcerptId, ParticipantId, Role, StoryId};
use crate::error::{AppError, AppResult};
use crate::journal::Entry;

impl Service {
    /// Appends (and fsyncs) on the blocking pool. Failing to journal fails the request: an
    /// erasure the journal does not know of could come back with a restore.
    async fn journal(&self, entries: Vec<Entry>) -> AppResult<()> {
        let journal = self.inner.journal.clone();
        tokio::task::spawn_blocking(move || {
            entries.iter().try_for_each(|entry| journal.append(entry))
        })
        .await
        .map_err(|_| AppError::Internal("journal task failed".into()))?
        .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Before the erasure runs: if the process dies in between, the next start completes it.
    pub(super) async fn journal_erasure(&self, participant: ParticipantId) -> AppResult<()> {
        self.journal_erasures(&[participant]).await
    }

    pub(super) async fn journal_erasures(&self, participants: &[ParticipantId]) -> AppResult<()> {
        let at = Millis::now().raw();
        let entries = participants
            .iter()
            .map(|p| Entry::Erased {
                participant: p.as_uuid(),
                at,
            })
            .collect();
        self.journal(entries).await
    }

    /// Before the deletion runs (the caller's right to delete is checked first).
    pub(super) async fn journal_story_deletion(&self, story: StoryId) -> AppResult<()> {
        self.journal(vec![Entry::StoryDeleted {
            story: story.as_uuid(),
            at: Millis::now().raw(),
        }])
        .await
    }

    /// After the answers are committed, one entry per audience answered "no", stamped no earlier
    /// than the commit so that applying it again removes what the "no" removed.
    pub(super) async fn journal_withdrawals(
        &self,
        excerpt: ExcerptId,
        audiences: Vec<Audience>,
        by: (AccountId, Role),
    ) -> AppResult<()> {
        let at = Millis::now().raw();
        let entries = audiences
            .into_iter()
            .map(|audience| Entry::Withdrawn {
                excerpt: excerpt.as_uuid(),
                audience: audience.as_str().to_owned(),
                at,
                by_account: by.0.as_uuid(),
                by_role: by.1.as_str().to_owned(),
            })
            .collect();
        self.journal(entries).await
    }
}
