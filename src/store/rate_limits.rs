//! Attempt counters for logins, invite redemptions and recoveries, kept in the database so that
//! every instance behind a load balancer counts the same attempts.
//!
//! An attempt is counted *before* the password is checked (`rate_limit_take`), by a
//! compare-and-swap on the count, so parallel requests cannot all slip past one read of it. A
//! success clears the counter. `window_start` holds the time of the last counted attempt: a counter
//! left alone for the window forgets everything (the window slides).

use sqlx::Row;

use super::{Store, StoreResult};
use crate::domain::time::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitOutcome {
    Allowed,
    Limited { retry_after_secs: u64 },
}

/// How long after the `n`-th counted attempt the next may come; decided by the service.
pub trait Backoff {
    fn delay_ms_after(&self, attempts: i64) -> i64;
}

/// Give up on a hot counter after this many lost races; the caller is told to retry.
const MAX_RACES: usize = 64;

impl Store {
    /// Counts one attempt under `key` if one is allowed now, atomically.
    pub async fn rate_limit_take(
        &self,
        key: &[u8; 32],
        now: Millis,
        window_ms: i64,
        backoff: &impl Backoff,
    ) -> StoreResult<RateLimitOutcome> {
        for _ in 0..MAX_RACES {
            let row = with_pool!(self, pool => {
                sqlx::query("SELECT window_start, failures, next_allowed_at FROM rate_limits WHERE key = $1")
                    .bind(&key[..])
                    .fetch_optional(pool)
                    .await?
                    .map(|r| Ok::<_, sqlx::Error>((
                        r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?, r.try_get::<i64, _>(2)?,
                    )))
                    .transpose()?
            });
            let Some((last, failures, next_allowed)) = row else {
                let next = next_allowed_at(now, 1, backoff);
                let inserted = with_pool!(self, pool => {
                    sqlx::query(
                        "INSERT INTO rate_limits (key, window_start, failures, next_allowed_at) \
                         VALUES ($1, $2, 1, $3) ON CONFLICT (key) DO NOTHING",
                    )
                    .bind(&key[..])
                    .bind(now.raw())
                    .bind(next)
                    .execute(pool)
                    .await?
                    .rows_affected()
                });
                if inserted == 1 {
                    return Ok(RateLimitOutcome::Allowed);
                }
                continue;
            };
            let forgotten = last.saturating_add(window_ms) <= now.raw();
            if !forgotten && next_allowed > now.raw() {
                let secs = ((next_allowed - now.raw()) as u64).div_ceil(1000).max(1);
                return Ok(RateLimitOutcome::Limited {
                    retry_after_secs: secs,
                });
            }
            let count = if forgotten { 1 } else { failures + 1 };
            let swapped = with_pool!(self, pool => {
                sqlx::query(
                    "UPDATE rate_limits SET failures = $3, window_start = $4, next_allowed_at = $5 \
                     WHERE key = $1 AND failures = $2 AND window_start = $6",
                )
                .bind(&key[..])
                .bind(failures)
                .bind(count)
                .bind(now.raw())
                .bind(next_allowed_at(now, count, backoff))
                .bind(last)
                .execute(pool)
                .await?
                .rows_affected()
            });
            if swapped == 1 {
                return Ok(RateLimitOutcome::Allowed);
            }
        }
        Ok(RateLimitOutcome::Limited {
            retry_after_secs: 1,
        })
    }

    pub async fn rate_limit_reset(&self, key: &[u8; 32]) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(&key[..]).execute(pool).await?;
            Ok(())
        })
    }
}

fn next_allowed_at(now: Millis, attempts: i64, backoff: &impl Backoff) -> i64 {
    match backoff.delay_ms_after(attempts) {
        0 => 0,
        delay => now.raw().saturating_add(delay),
    }
}
