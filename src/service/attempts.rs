//! Attempt limits (logins per username; invite redemptions and recoveries per client), counted in
//! the database so every instance sees the same count. The key is a keyed hash: no username or
//! address is stored.
//!
//! An attempt is counted before the password is checked, and a success clears the count: so
//! parallel guesses cannot outrun the limit. Nothing locks: past `login.max_failures` attempts
//! each next attempt waits twice as long as the one before (1 s, 2 s, 4 s, …) up to
//! `login.max_delay_seconds`, and a counter left alone for `login.window_minutes` starts over.
//! Whoever knows a username can slow its owner down, never lock them out.

use super::Service;
use crate::domain::time::Millis;
use crate::error::{AppError, AppResult};
use crate::policies::Rules;
use crate::store::{Backoff, RateLimitOutcome};

/// One counter, as of one request.
pub(super) struct Attempts {
    key: [u8; 32],
}

/// The delay schedule of `rules`.
struct Schedule {
    free: i64,
    max_delay_ms: i64,
}

impl Schedule {
    fn of(rules: &Rules) -> Self {
        Self {
            free: rules.login_max_failures,
            max_delay_ms: rules.login_max_delay_seconds.saturating_mul(1000),
        }
    }
}

impl Backoff for Schedule {
    /// No delay for the first `free - 1` attempts; after the `free`-th 1 s, then doubling.
    fn delay_ms_after(&self, attempts: i64) -> i64 {
        if attempts < self.free {
            return 0;
        }
        let doublings = u32::try_from(attempts - self.free)
            .unwrap_or(u32::MAX)
            .min(40);
        1000_i64
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay_ms)
    }
}

impl Service {
    /// Counts an attempt of `kind` ("login", "invite", "recover") for `value`; 429 if it must wait.
    pub(super) async fn attempt(&self, kind: &str, value: &[u8]) -> AppResult<Attempts> {
        let rules = &self.inner.policies.rules;
        let key = self.inner.secret.rate_limit_key(kind, value);
        let outcome = self
            .inner
            .store
            .rate_limit_take(
                &key,
                Millis::now(),
                rules.login_window_minutes * 60_000,
                &Schedule::of(rules),
            )
            .await?;
        match outcome {
            RateLimitOutcome::Allowed => Ok(Attempts { key }),
            RateLimitOutcome::Limited { retry_after_secs } => {
                Err(AppError::RateLimited { retry_after_secs })
            }
        }
    }

    /// A success: the counter starts over.
    pub(super) async fn attempts_cleared(&self, attempts: &Attempts) -> AppResult<()> {
        Ok(self.inner.store.rate_limit_reset(&attempts.key).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_the_free_attempts_up_to_the_cap() {
        let s = Schedule {
            free: 10,
            max_delay_ms: 300_000,
        };
        let delays: Vec<i64> = (1..=20).map(|n| s.delay_ms_after(n)).collect();
        assert_eq!(&delays[..9], &[0; 9]);
        assert_eq!(
            &delays[9..],
            &[
                1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
                300_000
            ]
        );
        assert_eq!(s.delay_ms_after(i64::MAX), 300_000);
    }
}
