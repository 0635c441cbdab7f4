//! Consent: the young person's yes or no per audience for an approved text, and its ledger.

use super::excerpts::{at_version, expect_done};
use super::{Caller, Service, require_role};
use crate::domain::time::Millis;
use crate::domain::visibility::consent_cutoff;
use crate::domain::{Audience, AudienceFlags, ExcerptId, ExcerptVersion, Role};
use crate::error::{AppError, AppResult};
use crate::store::{ConsentChange, LedgerEntry};

impl Service {
    /// Sets consent per audience for the approved text at `version`. Every audience is answered.
    pub async fn set_consent(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
        audiences: AudienceFlags,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        require_role(caller, &[Role::Youth])?;
        let row = self.visible_excerpt(caller, id).await?;
        let version = at_version(&row, version)?;
        if !row.status.allows_consent() {
            // An approval held after a staff reset: the answers are held with it.
            return self
                .answer_on_held_approval(caller, id, version, audiences)
                .await;
        }
        let sha = row
            .approved_sha256
            .clone()
            .ok_or_else(|| AppError::Internal("approved excerpt without hash".into()))?;
        let mut answers: Vec<ConsentChange> = Audience::ALL
            .into_iter()
            .map(|audience| ConsentChange {
                audience,
                granted: audiences.get(audience),
                feed_id: self.inner.secret.feed_item_id(audience, id),
                consent_text_version: self.inner.policies.consent_text_version(audience),
            })
            .collect();
        let by = (caller.account_id, caller.role, caller.origin);
        // After a staff reset, a yes waits for the young person's confirmation; a no counts now.
        let held: Vec<Audience> = if self.grants_held(caller.account_id).await? {
            let held = answers
                .iter()
                .filter(|a| a.granted)
                .map(|a| a.audience)
                .collect();
            answers.retain(|a| !a.granted);
            held
        } else {
            Vec::new()
        };
        expect_done(
            self.inner
                .store
                .set_consent(id, version, &sha, &answers, by, self.consent_cutoff())
                .await?,
        )?;
        self.record_held_answers(caller, id, version, &held).await?;
        tracing::info!(excerpt_id = %id, held = held.len(), "consent updated");
        Ok((version, audiences))
    }

    pub async fn consent_history(
        &self,
        caller: &Caller,
        id: ExcerptId,
    ) -> AppResult<Vec<LedgerEntry>> {
        require_role(caller, &[Role::Worker, Role::Youth])?;
        self.visible_excerpt(caller, id).await?;
        Ok(self.inner.store.consent_history(id).await?)
    }

    pub(super) fn consent_cutoff(&self) -> Millis {
        consent_cutoff(Millis::now(), self.inner.policies.rules.consent_valid_days)
    }
}
