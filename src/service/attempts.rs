//! Failed-attempt limits (logins per username, invite redemptions per client), counted in the
//! database so every instance sees the same count. The key is a keyed hash: no username or
//! address is stored.

use super::Service;
use crate::domain::time::Millis;
use crate::error::{AppError, AppResult};
use crate::store::RateLimitOutcome;

/// One counter, as of one request.
pub(super) struct Attempts {
    key: [u8; 32],
    now: Millis,
    window_ms: i64,
}

impl Service {
    /// The counter for `kind` ("login", "invite") and the value it counts by; 429 if it is full.
    pub(super) async fn attempts_allowed(&self, kind: &str, value: &[u8]) -> AppResult<Attempts> {
        let rules = self.inner.policies.rules;
        let attempts = Attempts {
            key: self.inner.secret.rate_limit_key(kind, value),
            now: Millis::now(),
            window_ms: rules.login_window_minutes * 60_000,
        };
        let outcome = self
            .inner
            .store
            .rate_limit_check(
                &attempts.key,
                attempts.now,
                attempts.window_ms,
                rules.login_max_failures,
            )
            .await?;
        match outcome {
            RateLimitOutcome::Allowed => Ok(attempts),
            RateLimitOutcome::Limited { retry_after_secs } => {
                Err(AppError::RateLimited { retry_after_secs })
            }
        }
    }

    pub(super) async fn attempt_failed(&self, attempts: &Attempts) -> AppResult<()> {
        let store = &self.inner.store;
        Ok(store
            .rate_limit_fail(&attempts.key, attempts.now, attempts.window_ms)
            .await?)
    }

    pub(super) async fn attempts_cleared(&self, attempts: &Attempts) -> AppResult<()> {
        Ok(self.inner.store.rate_limit_reset(&attempts.key).await?)
    }
}
