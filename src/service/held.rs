//! Grants held after a staff reset. For `HOLD_DAYS` after a reset, a young person's "yes" is
//! kept apart (table `held_grants`) and has no effect on any feed; their "no" counts at once and
//! drops a held yes. The visibility rule is untouched: held grants are simply not consent yet.
//! The young person confirms them from a session opened with their own password (not the
//! session the reset code opened); each then goes through the ordinary consent path, only if the
//! excerpt is still approved at the version the yes was for.

use super::{Caller, Service, require_role};
use crate::domain::time::Millis;
use crate::domain::{Audience, ExcerptId, ExcerptVersion, Role, SessionOrigin};
use crate::error::{AppError, AppResult};
use crate::store::{Answerer, HeldGrant};

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

    pub async fn my_held_grants(&self, caller: &Caller) -> AppResult<Vec<HeldGrant>> {
        require_role(caller, &[Role::Youth])?;
        Ok(self.inner.store.held_grants(caller.account_id).await?)
    }

    /// Puts every held grant into effect; returns how many took effect (the others were for a
    /// text that changed since, and are dropped). Refused from the session a reset code opened.
    pub async fn confirm_held_grants(&self, caller: &Caller) -> AppResult<usize> {
        require_role(caller, &[Role::Youth])?;
        if caller.origin == SessionOrigin::StaffReset {
            return Err(AppError::Conflict {
                code: "password_login_required",
                message: "Log in with your new password to confirm.",
            });
        }
        let mut applied = 0;
        for grant in self.inner.store.held_grants(caller.account_id).await? {
            // A yes for a text that changed since (or an excerpt gone) is dropped, not applied.
            if let Ok(row) = self.visible_excerpt(caller, grant.excerpt_id).await {
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
