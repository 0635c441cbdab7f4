//! Failure counters for logins and invite redemptions, kept in the database so that every
//! instance behind a load balancer counts the same attempts.

use sqlx::Row;

use super::{Store, StoreResult};
use crate::domain::time::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitOutcome {
    Allowed,
    Limited { retry_after_secs: u64 },
}

impl Store {
    /// Whether another attempt under `key` is allowed now.
    pub async fn rate_limit_check(
        &self,
        key: &[u8; 32],
        now: Millis,
        window_ms: i64,
        max: i64,
    ) -> StoreResult<RateLimitOutcome> {
        let row = with_pool!(self, pool => {
            sqlx::query("SELECT window_start, failures FROM rate_limits WHERE key = $1")
                .bind(&key[..])
                .fetch_optional(pool)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
                .transpose()?
        });
        let Some((start, failures)) = row else {
            return Ok(RateLimitOutcome::Allowed);
        };
        let ends = start.saturating_add(window_ms);
        if failures >= max && now.raw() < ends {
            let secs = ((ends - now.raw()) as u64).div_ceil(1000).max(1);
            return Ok(RateLimitOutcome::Limited {
                retry_after_secs: secs,
            });
        }
        Ok(RateLimitOutcome::Allowed)
    }

    /// Counts a failure; a window that has ended starts over.
    pub async fn rate_limit_fail(
        &self,
        key: &[u8; 32],
        now: Millis,
        window_ms: i64,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO rate_limits (key, window_start, failures) VALUES ($1, $2, 1) \
                 ON CONFLICT (key) DO UPDATE SET \
                   failures = CASE WHEN rate_limits.window_start + $3 <= $2 THEN 1 ELSE rate_limits.failures + 1 END, \
                   window_start = CASE WHEN rate_limits.window_start + $3 <= $2 THEN $2 ELSE rate_limits.window_start END",
            )
            .bind(&key[..])
            .bind(now.raw())
            .bind(window_ms)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn rate_limit_reset(&self, key: &[u8; 32]) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(&key[..]).execute(pool).await?;
            Ok(())
        })
    }
}
