//! Login sessions, found by the hash of their bearer token.

use sqlx::Row;

use super::accounts::{AccountRow, account_from_row};
use super::{Store, StoreResult};
use crate::domain::AccountId;
use crate::domain::time::Millis;

pub struct SessionRow {
    pub account: AccountRow,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
}

impl Store {
    pub async fn insert_session(
        &self,
        token_hash: &[u8; 32],
        account: AccountId,
        expires_at: Millis,
    ) -> StoreResult<()> {
        let now = Millis::now().raw();
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(&token_hash[..])
        .bind(account.as_uuid())
        .bind(now)
        .bind(expires_at.raw())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session and its account, read fresh from the database on every request: nothing that
    /// decides access is cached in the process.
    pub async fn session(&self, token_hash: &[u8; 32]) -> StoreResult<Option<SessionRow>> {
        let row = sqlx::query(
            "SELECT a.id, a.username_sealed, a.password_hash, a.role, a.disabled, a.participant_id, \
                    s.last_seen_at, s.expires_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
        )
        .bind(&token_hash[..])
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRow {
            account: account_from_row(&row)?,
            last_seen_at: Millis::from_raw(row.try_get("last_seen_at")?),
            expires_at: Millis::from_raw(row.try_get("expires_at")?),
        }))
    }

    pub async fn touch_session(&self, token_hash: &[u8; 32], now: Millis) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(&token_hash[..])
            .bind(now.raw())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &[u8; 32]) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&token_hash[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes sessions past their absolute or idle lifetime.
    pub async fn delete_stale_sessions(
        &self,
        now: Millis,
        idle_cutoff: Millis,
    ) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
            .bind(now.raw())
            .bind(idle_cutoff.raw())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
