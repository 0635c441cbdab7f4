//! Logging in and out, and turning a bearer token into a caller.

use zeroize::Zeroizing;

use super::{Service, passwords};
use crate::domain::session::SessionClock;
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, OneTimeCode, ParticipantId, Password, Role, SessionOrigin, SessionToken, Username,
};
use crate::error::{AppError, AppResult};
use crate::store::{AccountRow, NewSessionRow};
use crate::vault::{Field, SealContext};

/// Who is asking, as established from a live session on this very request.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub account_id: AccountId,
    pub role: Role,
    /// For a youth account: the participant they are.
    pub participant_id: Option<ParticipantId>,
    pub token_hash: [u8; 32],
    /// How this session was opened; the consent ledger records it.
    pub origin: SessionOrigin,
    /// A staff member who must still enrol a second factor: may do nothing else.
    pub enrolment_only: bool,
}

/// A freshly created session, as returned by login and invite redemption.
pub struct NewSession {
    pub token: SessionToken,
    pub expires_at: Millis,
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
    pub mfa_enrolment_required: bool,
    /// Shown once, when a young person's account is created.
    pub recovery_codes: Option<Vec<OneTimeCode>>,
}

/// Only bump `last_seen_at` this often: the idle timeout needs minutes, not every request's write.
const TOUCH_EVERY_MS: i64 = 30_000;

impl Service {
    /// Unknown user, wrong password and disabled account give the same 401, after the same work.
    /// The attempt is counted before the password is checked. An account with a confirmed second
    /// factor also needs `totp` (a current code, or one of its recovery codes).
    pub async fn login(
        &self,
        username: String,
        password: String,
        totp: Option<String>,
    ) -> AppResult<NewSession> {
        let password = Zeroizing::new(password);
        let attempts = self
            .attempt("login", username.trim().to_lowercase().as_bytes())
            .await?;

        let account = match Username::parse(username) {
            Ok(u) => {
                self.inner
                    .store
                    .account_by_username(&self.inner.secret.username_index(&u.normalised()))
                    .await?
            }
            Err(_) => None,
        };
        let stored_hash = match &account {
            Some(a) => a.password_hash.clone(),
            None => self.inner.dummy_password_hash.clone(),
        };
        let matches = passwords::verify(password, stored_hash).await?;
        let account = match account {
            Some(account) if matches && !account.disabled => account,
            _ => return Err(AppError::Unauthorized),
        };
        let enrolment_only = self.second_factor(&account, totp).await?;
        self.attempts_cleared(&attempts).await?;
        self.start_session(&account, SessionOrigin::Password, enrolment_only)
            .await
    }

    pub(super) async fn start_session(
        &self,
        account: &AccountRow,
        origin: SessionOrigin,
        enrolment_only: bool,
    ) -> AppResult<NewSession> {
        let token = SessionToken::generate();
        let expires_at =
            Millis::now().plus_minutes(self.inner.policies.rules.session_absolute_hours * 60);
        let row = NewSessionRow {
            account: account.id,
            expires_at,
            origin,
            enrolment_only,
        };
        self.inner.store.insert_session(&token.hash(), &row).await?;
        if account.role == Role::Youth {
            self.inner
                .store
                .record_participant_activity(account.id, Millis::now())
                .await?;
        }
        let username = self.inner.master.open_string(
            SealContext::new(Field::Username, account.id.as_uuid()),
            &account.username_sealed,
        )?;
        Ok(NewSession {
            token,
            expires_at,
            account_id: account.id,
            username,
            role: account.role,
            mfa_enrolment_required: enrolment_only,
            recovery_codes: None,
        })
    }

    /// The caller behind a bearer token: a live session (not past its absolute or idle lifetime)
    /// of an account that is not disabled. Read from the database on every request.
    pub async fn authenticate(&self, token: &SessionToken) -> AppResult<Caller> {
        let hash = token.hash();
        let session = self
            .inner
            .store
            .session(&hash)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let now = Millis::now();
        let clock = SessionClock {
            expires_at: session.expires_at,
            last_seen_at: session.last_seen_at,
            account_disabled: session.account.disabled,
        };
        if !clock.is_live(now, self.inner.policies.rules.session_idle_minutes) {
            self.inner.store.delete_session(&hash).await?;
            return Err(AppError::Unauthorized);
        }
        if now.raw() - session.last_seen_at.raw() > TOUCH_EVERY_MS {
            self.inner.store.touch_session(&hash, now).await?;
        }
        Ok(Caller {
            account_id: session.account.id,
            role: session.account.role,
            participant_id: session.account.participant_id,
            token_hash: hash,
            origin: session.origin,
            enrolment_only: session.enrolment_only,
        })
    }

    pub async fn logout(&self, caller: &Caller) -> AppResult<()> {
        Ok(self.inner.store.delete_session(&caller.token_hash).await?)
    }

    /// Seals a username to the master key, bound to its account row, and derives its lookup key.
    pub(super) fn seal_username(
        &self,
        username: &Username,
        account: AccountId,
    ) -> AppResult<([u8; 32], crate::vault::Sealed)> {
        let sealed = self.inner.master.seal(
            SealContext::new(Field::Username, account.as_uuid()),
            username.as_str().as_bytes(),
        )?;
        Ok((
            self.inner.secret.username_index(&username.normalised()),
            sealed,
        ))
    }

    /// Validates and hashes a new password.
    pub(super) async fn new_password_hash(&self, password: String) -> AppResult<String> {
        self.hash_password(Password::parse(password)?).await
    }

    /// Hashes a password already checked (so cheap checks can come before the costly hash).
    pub(super) async fn hash_password(&self, password: Password) -> AppResult<String> {
        passwords::hash(Zeroizing::new(password.expose().to_string())).await
    }
}
