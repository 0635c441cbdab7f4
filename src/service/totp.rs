//! The second factor of staff accounts: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step), with
//! one-time recovery codes. Secrets are sealed to the master key, bound to their account; a code
//! (its time step) is accepted once, and never one older than the last accepted.

use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::Zeroizing;

use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::{AccountId, OneTimeCode};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{AccountRow, RecoveryPurpose};
use crate::vault::{Field, SealContext};

pub const RECOVERY_CODES: usize = 10;
const STEP_SECS: u64 = 30;
const ISSUER: &str = "storyvault";

/// Where an account stands with its second factor.
pub struct TotpStatus {
    pub confirmed: bool,
    /// Started and not yet confirmed with a first code.
    pub pending: bool,
    /// The policy says this account's role must use one.
    pub required: bool,
}

pub struct TotpEnrolment {
    pub secret_base32: Zeroizing<String>,
    pub otpauth_uri: Zeroizing<String>,
}

fn totp(secret: &[u8], label: Option<&str>) -> AppResult<Totp> {
    let mut builder = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECS)
        .with_secret(Secret::from(secret.to_vec()));
    if let Some(label) = label {
        builder = builder.with_account_name(label).with_issuer(Some(ISSUER));
    }
    builder
        .build()
        .map_err(|_| AppError::Internal("totp parameters".into()))
}

fn now_secs() -> u64 {
    u64::try_from(Millis::now().raw() / 1000).unwrap_or(0)
}

impl Service {
    /// After a right password: `Ok(true)` when the account must still enrol (an enrolment-only
    /// session), `Ok(false)` when the second factor is done or not needed, 401 otherwise.
    pub(super) async fn second_factor(
        &self,
        account: &AccountRow,
        code: Option<String>,
    ) -> AppResult<bool> {
        let row = self.inner.store.totp(account.id).await?;
        let Some(row) = row.filter(|r| r.confirmed) else {
            let required = self
                .inner
                .policies
                .rules
                .mfa_required_roles
                .contains(&account.role);
            return Ok(required);
        };
        let code = code.ok_or(AppError::MfaRequired)?;
        let code = code.trim();
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            let secret = self.open_totp_secret(account.id, &row.secret_sealed)?;
            let step = totp(&secret, None)?.check(code, now_secs());
            let accepted = match step.and_then(|s| i64::try_from(s).ok()) {
                Some(step) if step > row.last_step => {
                    self.inner
                        .store
                        .accept_totp_step(account.id, step, false)
                        .await?
                }
                _ => false,
            };
            return if accepted {
                Ok(false)
            } else {
                Err(AppError::Unauthorized)
            };
        }
        let used = match OneTimeCode::parse(code) {
            Some(recovery) => {
                self.inner
                    .store
                    .use_recovery_code(account.id, RecoveryPurpose::Totp, &recovery.hash())
                    .await?
            }
            None => false,
        };
        if used {
            tracing::info!(account_id = %account.id, "totp recovery code used");
            Ok(false)
        } else {
            Err(AppError::Unauthorized)
        }
    }

    /// Starts (or restarts) enrolment: a new secret, shown once. 409 once one is confirmed.
    pub async fn begin_totp(&self, caller: &Caller) -> AppResult<TotpEnrolment> {
        self.authorize(caller, Action::EnrolSecondFactor)?;
        let mut secret = Zeroizing::new([0u8; 20]);
        rand::fill(&mut secret[..]);
        let sealed = self.inner.master.seal(
            SealContext::new(Field::TotpSecret, caller.account_id.as_uuid()),
            &secret[..],
        )?;
        if !self
            .inner
            .store
            .begin_totp(caller.account_id, &sealed)
            .await?
        {
            return Err(AppError::Conflict {
                code: "totp_already_enrolled",
                message: "This account already has a confirmed second factor.",
            });
        }
        tracing::info!(account_id = %caller.account_id, "totp enrolment started");
        self.enrolment_of(caller.account_id, &secret[..]).await
    }

    /// The secret and otpauth URI of an enrolment that is started and not yet confirmed, shown
    /// again to its own account (the enrolment page after a wrong first code, or a reload).
    pub async fn pending_totp(&self, caller: &Caller) -> AppResult<Option<TotpEnrolment>> {
        let Some(row) = self
            .inner
            .store
            .totp(caller.account_id)
            .await?
            .filter(|r| !r.confirmed)
        else {
            return Ok(None);
        };
        let secret = self.open_totp_secret(caller.account_id, &row.secret_sealed)?;
        Ok(Some(self.enrolment_of(caller.account_id, &secret).await?))
    }

    /// Where the caller's account stands with its second factor.
    pub async fn totp_status(&self, caller: &Caller) -> AppResult<TotpStatus> {
        let row = self.inner.store.totp(caller.account_id).await?;
        Ok(TotpStatus {
            confirmed: row.as_ref().is_some_and(|r| r.confirmed),
            pending: row.as_ref().is_some_and(|r| !r.confirmed),
            required: self
                .inner
                .policies
                .rules
                .mfa_required_roles
                .contains(&caller.role),
        })
    }

    /// After the first code is confirmed, an enrolment-only session is swapped for a full one:
    /// the caller has just shown the password and a current code. The old session ends.
    pub async fn finish_enrolment(&self, caller: &Caller) -> AppResult<super::NewSession> {
        if !caller.enrolment_only {
            return Err(AppError::Conflict {
                code: "not_enrolling",
                message: "This session is not waiting for a second factor.",
            });
        }
        let confirmed = self
            .inner
            .store
            .totp(caller.account_id)
            .await?
            .is_some_and(|r| r.confirmed);
        if !confirmed {
            return Err(AppError::MfaEnrolmentRequired);
        }
        let account = self
            .inner
            .store
            .account_by_id(caller.account_id)
            .await?
            .filter(|a| !a.disabled)
            .ok_or(AppError::Unauthorized)?;
        self.logout(caller).await?;
        tracing::info!(account_id = %caller.account_id, "enrolment session replaced by a full one");
        self.start_session(&account, caller.origin, false).await
    }

    async fn enrolment_of(&self, account: AccountId, secret: &[u8]) -> AppResult<TotpEnrolment> {
        let label = self.username_of(account).await?;
        let otp =
            totp(secret, Some(&label)).or_else(|_| totp(secret, Some(&account.to_string())))?;
        let uri = otp
            .to_url()
            .map_err(|_| AppError::Internal("otpauth uri".into()))?;
        Ok(TotpEnrolment {
            secret_base32: Zeroizing::new(otp.secret().to_base32()),
            otpauth_uri: Zeroizing::new(uri),
        })
    }

    /// Confirms enrolment with a first code; returns the recovery codes, shown once.
    pub async fn confirm_totp(&self, caller: &Caller, code: &str) -> AppResult<Vec<OneTimeCode>> {
        self.authorize(caller, Action::ConfirmSecondFactor)?;
        let row = self
            .inner
            .store
            .totp(caller.account_id)
            .await?
            .filter(|r| !r.confirmed)
            .ok_or(AppError::Conflict {
                code: "totp_not_started",
                message: "Start enrolment first (POST /api/v1/account/totp).",
            })?;
        let secret = self.open_totp_secret(caller.account_id, &row.secret_sealed)?;
        let step = totp(&secret, None)?
            .check(code.trim(), now_secs())
            .and_then(|s| i64::try_from(s).ok());
        let confirmed = match step {
            Some(step) => {
                self.inner
                    .store
                    .accept_totp_step(caller.account_id, step, true)
                    .await?
            }
            None => false,
        };
        if !confirmed {
            return Err(AppError::field("code", "invalid_code"));
        }
        let codes = self
            .new_recovery_codes(caller.account_id, RecoveryPurpose::Totp)
            .await?;
        tracing::info!(account_id = %caller.account_id, "totp enrolment confirmed");
        Ok(codes)
    }

    /// Replaces the account's recovery codes of `purpose` with fresh ones, stored hashed.
    pub(super) async fn new_recovery_codes(
        &self,
        account: AccountId,
        purpose: RecoveryPurpose,
    ) -> AppResult<Vec<OneTimeCode>> {
        let codes: Vec<OneTimeCode> = (0..RECOVERY_CODES)
            .map(|_| OneTimeCode::generate())
            .collect();
        let hashes: Vec<[u8; 32]> = codes.iter().map(OneTimeCode::hash).collect();
        self.inner
            .store
            .replace_recovery_codes(account, purpose, &hashes)
            .await?;
        Ok(codes)
    }

    fn open_totp_secret(
        &self,
        account: AccountId,
        sealed: &crate::vault::Sealed,
    ) -> AppResult<Zeroizing<Vec<u8>>> {
        Ok(self.inner.master.open(
            SealContext::new(Field::TotpSecret, account.as_uuid()),
            sealed,
        )?)
    }

    async fn username_of(&self, account: AccountId) -> AppResult<String> {
        let row = self
            .inner
            .store
            .account_by_id(account)
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(self.inner.master.open_string(
            SealContext::new(Field::Username, account.as_uuid()),
            &row.username_sealed,
        )?)
    }
}
