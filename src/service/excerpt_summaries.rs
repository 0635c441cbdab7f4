//! The excerpts of one participant without their text, for the responsible worker's overview:
//! status, version and consent only. Nothing is decrypted, so nothing is read that the young
//! person's access log would need to show.

use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::{AudienceFlags, ExcerptId, ExcerptStatus, ParticipantId, StoryId};
use crate::error::AppResult;
use crate::policies::access::Action;

pub struct ExcerptSummary {
    pub id: ExcerptId,
    pub story_id: StoryId,
    pub status: ExcerptStatus,
    pub version: i64,
    /// Live consent per audience.
    pub consent: AudienceFlags,
}

impl Service {
    /// Responsible worker (or the young person themselves); anyone else a 404.
    pub async fn excerpt_summaries(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<Vec<ExcerptSummary>> {
        self.authorize(caller, Action::ListExcerptSummaries)?;
        self.authorize_for(caller, Action::ListExcerptSummaries, participant)
            .await?;
        let birth_year = self.birth_year(participant).await?;
        let now = Millis::now();
        let rows = self
            .inner
            .store
            .excerpts_of_participant(participant)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| ExcerptSummary {
                consent: self.consent_state(&row, birth_year, now).youth,
                id: row.id,
                story_id: row.story_id,
                status: row.status,
                version: row.version.get(),
            })
            .collect())
    }
}
