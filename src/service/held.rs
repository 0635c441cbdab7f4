//! Grants and approvals held after a staff reset. For `HOLD_DAYS` after a reset, a young person's
//! approval of an excerpt and their "yes" to an audience are kept apart (tables `held_approvals`,
//! `held_grants`) and have no effect on any feed; a "no" counts at once and drops a held yes. The
//! visibility rule is untouched: held decisions are simply not approval or consent yet. The young
//! person confirms them from a session opened with their own password (not the session the reset
//! code opened); each then goes through the ordinary path (approvals first), only if the excerpt
//! is still at the version it was given for.

use super::excerpts::{at_version, open_content};
use super::{Caller, Service, sha256_hex};
use crate::domain::time::Millis;
use crate::domain::{
    Audience, AudienceFlags, ExcerptId, ExcerptStatus, ExcerptVersion, SessionOrigin,
};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{Answerer, HeldApproval, HeldGrant, VersionedChange};
use crate::vault::Sealed;

impl Service {
    /// Records the held yeses of one consent call, and drops held yeses that were answered no.
    pub(super) async fn record_held_answers(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: ExcerptVersion,
        held: &[Audience],
    ) -> AppResult<()> {
        let store = &self.inner.store;
        for audience in Audience::ALL {
            if held.contains(&audience) {
                let grant = HeldGrant {
                    excerpt_id: id,
                    audience,
                    version,
                    at: Millis::now(),
                };
                store.hold_grant(caller.account_id, &grant).await?;
            } else {
                store.drop_held_grant(id, audience).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn hold_approval(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: ExcerptVersion,
        comment_sealed: Option<Sealed>,
    ) -> AppResult<()> {
        let approval = HeldApproval {
            excerpt_id: id,
            version,
            comment_sealed,
            at: Millis::now(),
        };
        self.inner
            .store
            .hold_approval(caller.account_id, &approval)
            .await?;
        tracing::info!(excerpt_id = %id, "approval held after a staff reset");
        Ok(())
    }

    /// Consent answers for an excerpt whose approval is held: all held with it (there is no live
    /// consent to withdraw while it is not approved). 409 without a held approval at `version`.
    pub(super) async fn answer_on_held_approval(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: ExcerptVersion,
        audiences: AudienceFlags,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        let held = self.inner.store.held_approval(id).await?;
        if held.is_none_or(|a| a.version != version) {
            return Err(AppError::version_conflict());
        }
        let yes: Vec<Audience> = Audience::ALL
            .into_iter()
            .filter(|a| audiences.get(*a))
            .collect();
        self.record_held_answers(caller, id, version, &yes).await?;
        Ok((version, audiences))
    }

    pub async fn my_held_approvals(&self, caller: &Caller) -> AppResult<Vec<HeldApproval>> {
        self.authorize(caller, Action::ReadOwnHeldItems)?;
        Ok(self.inner.store.held_approvals(caller.account_id).await?)
    }

    pub async fn my_held_grants(&self, caller: &Caller) -> AppResult<Vec<HeldGrant>> {
        self.authorize(caller, Action::ReadOwnHeldItems)?;
        Ok(self.inner.store.held_grants(caller.account_id).await?)
    }

    /// Puts one held approval into effect if the excerpt still awaits review at its version.
    async fn apply_held_approval(&self, caller: &Caller, held: HeldApproval) -> AppResult<bool> {
        let id = held.excerpt_id;
        self.inner.store.drop_held_approval(id).await?;
        let Ok(row) = self
            .visible_excerpt(caller, Action::ReviewExcerpt, id)
            .await
        else {
            return Ok(false);
        };
        if row.status != ExcerptStatus::AwaitingReview
            || at_version(&row, held.version.get()).is_err()
        {
            return Ok(false);
        }
        let key = self.participant_key(row.participant_id).await?;
        let sha = sha256_hex(&open_content(&key, id, &row.content_sealed)?.text);
        let done = self
            .inner
            .store
            .change_excerpt_status(
                id,
                held.version,
                ExcerptStatus::AwaitingReview,
                ExcerptStatus::Approved,
                Some((held.comment_sealed.as_ref(), Some(sha.as_str()))),
            )
            .await?;
        Ok(done == VersionedChange::Done)
    }

    /// Puts every held approval, then every held grant, into effect; returns how many took
    /// effect (the others were for a text that changed since, and are dropped). Refused from the session a reset code opened.
    pub async fn confirm_held_grants(&self, caller: &Caller) -> AppResult<usize> {
        self.authorize(caller, Action::ConfirmHeldGrants)?;
        if caller.origin == SessionOrigin::StaffReset {
            return Err(AppError::Conflict {
                code: "password_login_required",
                message: "Log in with your new password to confirm.",
            });
        }
        let mut applied = 0;
        for approval in self.inner.store.held_approvals(caller.account_id).await? {
            if self.apply_held_approval(caller, approval).await? {
                applied += 1;
            }
        }
        for grant in self.inner.store.held_grants(caller.account_id).await? {
            // A yes for a text that changed since (or an excerpt gone) is dropped, not applied.
            if let Ok(row) = self
                .visible_excerpt(caller, Action::AnswerConsent, grant.excerpt_id)
                .await
            {
                let answer = [(grant.audience, true)];
                let who = Answerer::Youth(caller.account_id);
                let version = grant.version.get();
                match self
                    .answer_now(caller, &row, version, &answer, who, false)
                    .await
                {
                    Ok(_) => applied += 1,
                    Err(AppError::Conflict { .. }) => {}
                    Err(other) => return Err(other),
                }
            }
            self.inner
                .store
                .drop_held_grant(grant.excerpt_id, grant.audience)
                .await?;
        }
        tracing::info!(account_id = %caller.account_id, applied, "held grants confirmed");
        Ok(applied)
    }
}
