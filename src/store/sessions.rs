//! Login sessions, found by the hash of their bearer token.

use super::accounts::{ACCOUNT_COLUMNS, AccountRecord, AccountRow};
use std::sync::LazyLock;

use super::{Db, Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, SessionOrigin};

pub struct SessionRow {
    pub account: AccountRow,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
    pub origin: SessionOrigin,
    /// May only enrol a second factor (a staff member who must and has not yet).
    pub enrolment_only: bool,
}

/// What a new session is: whose, until when, how it was opened.
pub struct NewSessionRow {
    pub account: AccountId,
    pub expires_at: Millis,
    pub origin: SessionOrigin,
    pub enrolment_only: bool,
}

#[derive(sqlx::FromRow)]
struct SessionRecord {
    #[sqlx(flatten)]
    account: AccountRecord,
    last_seen_at: i64,
    expires_at: i64,
    origin: String,
    enrolment_only: bool,
}

/// The session query (PostgreSQL's form; SQLite's numbers its parameter `?1`), built once rather
/// than on every request.
static SESSION_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ACCOUNT_COLUMNS}, s.last_seen_at, s.expires_at, s.origin, s.enrolment_only \
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1"
    )
});
static SESSION_SQL_SQLITE: LazyLock<String> = LazyLock::new(|| SESSION_SQL.replace('$', "?"));

impl SessionRecord {
    /// A row of the session query, read by column position (the account's columns first).
    fn from_sqlite(row: &rusqlite::Row<'_>) -> StoreResult<Self> {
        Ok(Self {
            account: AccountRecord::from_sqlite(row)?,
            last_seen_at: row.get(6)?,
            expires_at: row.get(7)?,
            origin: row.get(8)?,
            enrolment_only: row.get(9)?,
        })
    }
}

impl Store {
    pub async fn insert_session(
        &self,
        token_hash: &[u8; 32],
        session: &NewSessionRow,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, \
                 origin, enrolment_only) VALUES ($1, $2, $3, $3, $4, $5, $6)",
            )
            .bind(&token_hash[..])
            .bind(session.account.as_uuid())
            .bind(Millis::now().raw())
            .bind(session.expires_at.raw())
            .bind(session.origin.as_str())
            .bind(session.enrolment_only)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The session and its account, read fresh from the database on every request: nothing that
    /// decides access is cached in the process.
    pub async fn session(&self, token_hash: &[u8; 32]) -> StoreResult<Option<SessionRow>> {
        let record: Option<SessionRecord> = match &self.db {
            Db::Sqlite(_, reader) => reader.read(|conn| {
                let mut stmt = conn.prepare_cached(&SESSION_SQL_SQLITE)?;
                let mut rows = stmt.query([&token_hash[..]])?;
                rows.next()?.map(SessionRecord::from_sqlite).transpose()
            })?,
            Db::Postgres(pool) => {
                sqlx::query_as(sqlx::AssertSqlSafe(SESSION_SQL.as_str()))
                    .bind(&token_hash[..])
                    .fetch_optional(pool)
                    .await?
            }
        };
        let Some(r) = record else { return Ok(None) };
        Ok(Some(SessionRow {
            account: r.account.try_into()?,
            last_seen_at: Millis::from_raw(r.last_seen_at),
            expires_at: Millis::from_raw(r.expires_at),
            origin: SessionOrigin::parse(&r.origin)
                .ok_or(StoreError::Corrupt("sessions.origin"))?,
            enrolment_only: r.enrolment_only,
        }))
    }

    pub async fn touch_session(&self, token_hash: &[u8; 32], now: Millis) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                .bind(&token_hash[..])
                .bind(now.raw())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn delete_session(&self, token_hash: &[u8; 32]) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&token_hash[..])
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Ends every session of an account (a password reset or recovery).
    pub async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(account.as_uuid())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Removes sessions past their absolute or idle lifetime.
    pub async fn delete_stale_sessions(
        &self,
        now: Millis,
        idle_cutoff: Millis,
    ) -> StoreResult<u64> {
        with_pool!(self, pool => {
            let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
                .bind(now.raw())
                .bind(idle_cutoff.raw())
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        })
    }
}
