//! Consent: the young person's yes or no per audience for an approved text, renewal, its ledger
//! and its signed receipts.

use super::excerpts::{at_version, expect_done};
use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::visibility::consent_expiry;
use crate::domain::{Audience, AudienceFlags, ExcerptId, ExcerptVersion};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{Answerer, ConsentChange, ConsentTerms, ExcerptRow, LedgerEntry};

impl Service {
    /// Sets consent per audience for the approved text at `version`. Every audience is answered.
    pub async fn set_consent(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
        audiences: AudienceFlags,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        self.authorize(caller, Action::AnswerConsent)?;
        let row = self
            .visible_excerpt(caller, Action::AnswerConsent, id)
            .await?;
        if !row.status.allows_consent() {
            // An approval held after a staff reset: the answers are held with it.
            let version = at_version(&row, version)?;
            return self
                .answer_on_held_approval(caller, id, version, audiences)
                .await;
        }
        let answers = Audience::ALL.map(|a| (a, audiences.get(a)));
        let version = self
            .answer(
                caller,
                &row,
                version,
                &answers,
                Answerer::Youth(caller.account_id),
                false,
            )
            .await?;
        tracing::info!(excerpt_id = %id, "consent updated");
        Ok((version, audiences))
    }

    /// Renews, in one step, every yes on record for the current text (lapsing, lapsed, or given
    /// under an older consent text): new expiry, the consent text now in force. 409 if none.
    pub async fn renew_consent(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        self.authorize(caller, Action::RenewConsent)?;
        let row = self
            .visible_excerpt(caller, Action::RenewConsent, id)
            .await?;
        let answers = renewable(&row.consents, &row);
        let version = self
            .answer(
                caller,
                &row,
                version,
                &answers,
                Answerer::Youth(caller.account_id),
                true,
            )
            .await?;
        tracing::info!(excerpt_id = %id, "consent renewed");
        let mut renewed = AudienceFlags::default();
        answers.iter().for_each(|(a, _)| renewed.set(*a, true));
        Ok((version, renewed))
    }

    /// Writes one side's answers with a signed receipt, in one transaction. In the days after a
    /// staff reset, the young person's yeses are held apart until they confirm them
    /// (`service/held.rs`); their noes count at once.
    pub(super) async fn answer(
        &self,
        caller: &Caller,
        row: &ExcerptRow,
        version: i64,
        answers: &[(Audience, bool)],
        who: Answerer,
        renew: bool,
    ) -> AppResult<ExcerptVersion> {
        let hold = matches!(who, Answerer::Youth(_)) && self.grants_held(caller.account_id).await?;
        let (held, now_answers): (Vec<_>, Vec<_>) =
            answers.iter().partition(|&&(_, granted)| hold && granted);
        let version = if now_answers.is_empty() && !held.is_empty() {
            at_version(row, version)?
        } else {
            self.answer_now(caller, row, version, &now_answers, who, renew)
                .await?
        };
        if matches!(who, Answerer::Youth(_)) {
            let held: Vec<Audience> = held.into_iter().map(|(a, _)| a).collect();
            self.record_held_answers(caller, row.id, version, &held)
                .await?;
        }
        Ok(version)
    }

    /// `answer` without the hold: what a confirmed held grant goes through.
    pub(super) async fn answer_now(
        &self,
        caller: &Caller,
        row: &ExcerptRow,
        version: i64,
        answers: &[(Audience, bool)],
        who: Answerer,
        renew: bool,
    ) -> AppResult<ExcerptVersion> {
        let version = at_version(row, version)?;
        if !row.status.allows_consent() || answers.is_empty() {
            return Err(AppError::version_conflict());
        }
        let sha = row
            .approved_sha256
            .clone()
            .ok_or_else(|| AppError::Internal("approved excerpt without hash".into()))?;
        let changes: Vec<ConsentChange> = answers
            .iter()
            .map(|&(audience, granted)| ConsentChange {
                audience,
                granted,
                feed_id: self.inner.secret.feed_item_id(audience, row.id, version),
                consent_text_version: self.inner.policies.consent_text_version(audience),
            })
            .collect();
        let now = Millis::now();
        let terms = ConsentTerms {
            now,
            expires_at: consent_expiry(now, self.inner.policies.rules.consent_valid_days),
            renew,
        };
        let receipt = self.receipt_signer(row.id, version, &sha, who, now);
        expect_done(
            self.inner
                .store
                .answer_consent(
                    row.id,
                    version,
                    &sha,
                    &changes,
                    who,
                    caller.origin,
                    terms,
                    receipt,
                )
                .await?,
        )?;
        let refused = answers.iter().filter(|(_, granted)| !granted);
        let refused = refused.map(|&(audience, _)| audience).collect();
        self.journal_withdrawals(row.id, refused, (caller.account_id, caller.role))
            .await?;
        Ok(version)
    }

    pub async fn consent_history(
        &self,
        caller: &Caller,
        id: ExcerptId,
    ) -> AppResult<Vec<LedgerEntry>> {
        self.authorize(caller, Action::ReadConsentHistory)?;
        self.visible_excerpt(caller, Action::ReadConsentHistory, id)
            .await?;
        Ok(self.inner.store.consent_history(id).await?)
    }
}

/// The audiences with a grant on record for the excerpt's current version: what a renewal renews.
pub(super) fn renewable(
    grants: &[crate::store::LiveConsent],
    row: &ExcerptRow,
) -> Vec<(Audience, bool)> {
    grants
        .iter()
        .filter(|g| g.version == row.version)
        .map(|g| (g.audience, true))
        .collect()
}
