//! Getting back into a young person's account without ever replacing it: their own recovery
//! codes, or a reset by two people (the responsible worker asks, an admin approves, the worker
//! hands the one-time code over). Either way the account, its consents and its history stay, all
//! its sessions end, and the young person sees what happened on their home data.

use uuid::Uuid;

use super::{Caller, NewSession, Service};
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, OneTimeCode, ParticipantId, Password, Role, SessionOrigin, Username,
};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{AccountRow, RecoveryPurpose, ResetRequestRow, SecurityEvent};

/// A reset code works this long after the worker fetched it.
const RESET_CODE_VALID_MINUTES: i64 = 72 * 60;

impl Service {
    /// A young person sets a new password with one of their recovery codes (each works once).
    /// Rate-limited per username like logins; the code is checked before the password is hashed.
    pub async fn recover_with_code(
        &self,
        username: String,
        code: String,
        new_password: String,
    ) -> AppResult<NewSession> {
        let attempts = self
            .attempt("recover", username.trim().to_lowercase().as_bytes())
            .await?;
        let password = Password::parse(new_password)?;
        let account = self.youth_by_username(username).await?;
        let code = OneTimeCode::parse(&code).ok_or(AppError::Unauthorized)?;
        let Some(account) = account else {
            return Err(AppError::Unauthorized);
        };
        if !self
            .inner
            .store
            .use_recovery_code(account.id, RecoveryPurpose::Account, &code.hash())
            .await?
        {
            return Err(AppError::Unauthorized);
        }
        let hash = self.hash_password(password).await?;
        self.inner
            .store
            .recover_password(account.id, &hash, Millis::now())
            .await?;
        self.attempts_cleared(&attempts).await?;
        tracing::info!(account_id = %account.id, "password set with a recovery code");
        self.start_session(&account, SessionOrigin::RecoveryCode, false)
            .await
    }

    /// The responsible worker asks for a reset of the young person's password.
    pub async fn request_reset(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<ResetRequestRow> {
        self.authorize(caller, Action::RequestReset)?;
        self.authorize_for(caller, Action::RequestReset, participant)
            .await?;
        let account = self
            .inner
            .store
            .youth_account_of(participant)
            .await?
            .ok_or(AppError::Conflict {
                code: "no_account",
                message: "The young person has no account yet; issue an invite instead.",
            })?;
        let row = ResetRequestRow {
            id: Uuid::now_v7(),
            participant_id: participant,
            account_id: account,
            requested_by: caller.account_id,
            requested_at: Millis::now(),
            approved_at: None,
            code_issued: false,
            completed_at: None,
        };
        self.inner.store.create_reset_request(&row).await?;
        tracing::info!(participant_id = %participant, reset_request_id = %row.id, "password reset requested");
        Ok(row)
    }

    /// Requests waiting for an admin.
    pub async fn open_reset_requests(&self, caller: &Caller) -> AppResult<Vec<ResetRequestRow>> {
        self.authorize(caller, Action::ListResetRequests)?;
        Ok(self.inner.store.open_reset_requests().await?)
    }

    /// An admin approves: every session of the account ends at once. The admin never sees a code.
    pub async fn approve_reset(&self, caller: &Caller, id: Uuid) -> AppResult<()> {
        self.authorize(caller, Action::ApproveReset)?;
        if !self
            .inner
            .store
            .approve_reset(id, caller.account_id, Millis::now())
            .await?
        {
            return Err(AppError::NotFound);
        }
        tracing::info!(reset_request_id = %id, "password reset approved");
        Ok(())
    }

    /// The worker who asked fetches the one-time reset code of an approved request, once.
    pub async fn reset_code(&self, caller: &Caller, id: Uuid) -> AppResult<(OneTimeCode, Millis)> {
        self.authorize(caller, Action::CollectResetCode)?;
        let row = self
            .inner
            .store
            .reset_request(id)
            .await?
            .filter(|r| r.requested_by == caller.account_id)
            .ok_or(AppError::NotFound)?;
        self.authorize_for(caller, Action::CollectResetCode, row.participant_id)
            .await?;
        if row.approved_at.is_none() || row.code_issued {
            return Err(AppError::Conflict {
                code: "reset_not_ready",
                message: "The reset is not approved yet, or its code was already handed out.",
            });
        }
        let code = OneTimeCode::generate();
        let expires = Millis::now().plus_minutes(RESET_CODE_VALID_MINUTES);
        if !self
            .inner
            .store
            .issue_reset_code(id, &code.hash(), expires)
            .await?
        {
            return Err(AppError::Conflict {
                code: "reset_not_ready",
                message: "The reset is not approved yet, or its code was already handed out.",
            });
        }
        Ok((code, expires))
    }

    /// The young person sets a new password with the reset code. The session it opens, and the
    /// grants of the days after, are marked as coming from a staff reset.
    pub async fn complete_reset(
        &self,
        username: String,
        code: String,
        new_password: String,
    ) -> AppResult<NewSession> {
        let attempts = self
            .attempt("recover", username.trim().to_lowercase().as_bytes())
            .await?;
        let password = Password::parse(new_password)?;
        let code = OneTimeCode::parse(&code).ok_or(AppError::Unauthorized)?;
        let account = self
            .youth_by_username(username)
            .await?
            .ok_or(AppError::Unauthorized)?;
        // Cheap check first: only a live code of this account is worth a password hash.
        let live = self
            .inner
            .store
            .open_reset_for(account.id, &code.hash(), Millis::now())
            .await?;
        if !live {
            return Err(AppError::Unauthorized);
        }
        let hash = self.hash_password(password).await?;
        if !self
            .inner
            .store
            .complete_staff_reset(account.id, &code.hash(), &hash, Millis::now())
            .await?
        {
            return Err(AppError::Unauthorized);
        }
        self.attempts_cleared(&attempts).await?;
        tracing::info!(account_id = %account.id, "password set with a staff reset code");
        self.start_session(&account, SessionOrigin::StaffReset, false)
            .await
    }

    /// What happened to the young person's own account.
    pub async fn my_security_events(&self, caller: &Caller) -> AppResult<Vec<SecurityEvent>> {
        self.authorize(caller, Action::ReadOwnSecurityEvents)?;
        Ok(self.inner.store.security_events(caller.account_id).await?)
    }

    /// A live (not disabled) youth account by username, or none.
    async fn youth_by_username(&self, username: String) -> AppResult<Option<AccountRow>> {
        let Ok(username) = Username::parse(username) else {
            return Ok(None);
        };
        let index = self.inner.secret.username_index(&username.normalised());
        Ok(self
            .inner
            .store
            .account_by_username(&index)
            .await?
            .filter(|a| a.role == Role::Youth && !a.disabled))
    }

    /// Whether grants of `account` are held now: within the hold after a staff reset.
    pub(super) async fn grants_held(&self, account: AccountId) -> AppResult<bool> {
        let last = self.inner.store.last_staff_reset(account).await?;
        let hold_from = Millis::now().minus_days(HOLD_DAYS);
        Ok(last.is_some_and(|at| at > hold_from))
    }
}

/// Grants and approvals in this many days after a staff reset wait for the young person.
pub const HOLD_DAYS: i64 = 7;
