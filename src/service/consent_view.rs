//! Reading consent through the one visibility rule: which answers still hold for an excerpt, and
//! whether a guardian must agree too.

use super::Service;
use crate::domain::time::Millis;
use crate::domain::visibility::{VisibilityFacts, guardian_required};
use crate::domain::{Audience, AudienceFlags, ParticipantId};
use crate::error::{AppError, AppResult};
use crate::store::{ExcerptRow, LiveConsent};

/// The consent answers that hold now for an excerpt, per side.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConsentState {
    /// The young person's yes that holds (approved text, current consent text, not lapsed).
    pub youth: AudienceFlags,
    /// A guardian's yes that holds.
    pub guardian: AudienceFlags,
    /// True while the participant counts as under 16.
    pub guardian_required: bool,
}

impl Service {
    pub(super) async fn birth_year(&self, participant: ParticipantId) -> AppResult<i32> {
        Ok(self
            .inner
            .store
            .participant(participant)
            .await?
            .ok_or(AppError::NotFound)?
            .birth_year
            .get())
    }

    /// The rule's facts for one audience of an excerpt row.
    pub(super) fn visibility_facts(
        &self,
        row: &ExcerptRow,
        audience: Audience,
        birth_year: i32,
    ) -> VisibilityFacts {
        let find = |grants: &[LiveConsent]| {
            grants
                .iter()
                .find(|g| g.audience == audience)
                .map(LiveConsent::grant)
        };
        VisibilityFacts {
            status: row.status,
            current_version: row.version,
            current_consent_text_version: self.inner.policies.consent_text_version(audience),
            birth_year,
            youth: find(&row.consents),
            guardian: find(&row.guardian_consents),
        }
    }

    pub(super) fn consent_state(
        &self,
        row: &ExcerptRow,
        birth_year: i32,
        now: Millis,
    ) -> ConsentState {
        let mut state = ConsentState {
            guardian_required: guardian_required(birth_year, now),
            ..ConsentState::default()
        };
        if !row.status.allows_consent() {
            return state;
        }
        for audience in Audience::ALL {
            let facts = self.visibility_facts(row, audience, birth_year);
            let holds = |g: Option<crate::domain::visibility::Grant>| {
                g.is_some_and(|g| {
                    g.holds(
                        facts.current_version,
                        facts.current_consent_text_version,
                        now,
                    )
                })
            };
            state.youth.set(audience, holds(facts.youth));
            state.guardian.set(audience, holds(facts.guardian));
        }
        state
    }
}
