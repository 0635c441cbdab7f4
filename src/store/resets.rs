//! Password resets of young people's accounts: by staff (two people) and by recovery code. Each
//! keeps the account, its consents and its history, ends all its sessions and leaves a security
//! event the young person sees.

use sqlx::Row;
use uuid::Uuid;

use super::security_events::insert_security_event;
use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, ParticipantId, Role};

/// Sets the password and ends every session of the account, inside transaction `$tx`.
macro_rules! set_password {
    ($tx:expr, $account:expr, $hash:expr) => {
        sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
            .bind($account.as_uuid())
            .bind($hash)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind($account.as_uuid())
            .execute(&mut *$tx)
            .await?;
    };
}

pub struct ResetRequestRow {
    pub id: Uuid,
    pub participant_id: ParticipantId,
    pub account_id: AccountId,
    pub requested_by: AccountId,
    pub requested_at: Millis,
    pub approved_at: Option<Millis>,
    pub code_issued: bool,
    pub completed_at: Option<Millis>,
}

#[derive(sqlx::FromRow)]
struct ResetRequestRecord {
    id: Uuid,
    participant_id: Uuid,
    account_id: Uuid,
    requested_by: Uuid,
    requested_at: i64,
    approved_at: Option<i64>,
    code_issued: bool,
    completed_at: Option<i64>,
}

impl From<ResetRequestRecord> for ResetRequestRow {
    fn from(r: ResetRequestRecord) -> Self {
        Self {
            id: r.id,
            participant_id: ParticipantId::from_uuid(r.participant_id),
            account_id: AccountId::from_uuid(r.account_id),
            requested_by: AccountId::from_uuid(r.requested_by),
            requested_at: Millis::from_raw(r.requested_at),
            approved_at: r.approved_at.map(Millis::from_raw),
            code_issued: r.code_issued,
            completed_at: r.completed_at.map(Millis::from_raw),
        }
    }
}

const COLUMNS: &str = "id, participant_id, account_id, requested_by, requested_at, approved_at, \
     (code_hash IS NOT NULL) AS code_issued, completed_at";

impl Store {
    /// The young person's own account, if they have redeemed an invite.
    pub async fn youth_account_of(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Option<AccountId>> {
        with_pool!(self, pool => {
            let row = sqlx::query("SELECT id FROM accounts WHERE participant_id = $1")
                .bind(participant.as_uuid())
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|r| r.try_get::<Uuid, _>(0)).transpose()?.map(AccountId::from_uuid))
        })
    }

    pub async fn create_reset_request(&self, row: &ResetRequestRow) -> StoreResult<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO reset_requests (id, participant_id, account_id, requested_by, requested_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(row.id)
            .bind(row.participant_id.as_uuid())
            .bind(row.account_id.as_uuid())
            .bind(row.requested_by.as_uuid())
            .bind(row.requested_at.raw())
            .execute(&mut *tx)
            .await?;
            insert_security_event!(tx, row.account_id, "staff_reset_requested", Role::Worker, row.requested_at);
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn reset_request(&self, id: Uuid) -> StoreResult<Option<ResetRequestRow>> {
        let sql = format!("SELECT {COLUMNS} FROM reset_requests WHERE id = $1");
        let record: Option<ResetRequestRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        Ok(record.map(ResetRequestRow::from))
    }

    /// Requests an admin has yet to decide on.
    pub async fn open_reset_requests(&self) -> StoreResult<Vec<ResetRequestRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM reset_requests WHERE approved_at IS NULL ORDER BY requested_at, id"
        );
        let records: Vec<ResetRequestRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        Ok(records.into_iter().map(ResetRequestRow::from).collect())
    }

    /// Approves a request once: ends every session of the account, and tells the young person
    /// (security event and access log). False if there is no open request with this id.
    pub async fn approve_reset(
        &self,
        id: Uuid,
        admin: AccountId,
        now: Millis,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let row = sqlx::query(
                "UPDATE reset_requests SET approved_by = $2, approved_at = $3 \
                 WHERE id = $1 AND approved_at IS NULL RETURNING account_id, participant_id",
            )
            .bind(id)
            .bind(admin.as_uuid())
            .bind(now.raw())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { return Ok(false) };
            let account = AccountId::from_uuid(row.try_get::<Uuid, _>(0)?);
            let participant: Uuid = row.try_get(1)?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(account.as_uuid())
                .execute(&mut *tx)
                .await?;
            insert_security_event!(tx, account, "staff_reset_approved", Role::Admin, now);
            sqlx::query(
                "INSERT INTO access_log (participant_id, at, actor_id, actor_role, action, object_type, object_id) \
                 VALUES ($1, $2, $3, 'admin', 'reset_password', 'account', $4)",
            )
            .bind(participant)
            .bind(now.raw())
            .bind(admin.as_uuid())
            .bind(account.as_uuid())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Stores the hash of the one reset code of an approved request; false if it was issued before.
    pub async fn issue_reset_code(
        &self,
        id: Uuid,
        code_hash: &[u8; 32],
        expires: Millis,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE reset_requests SET code_hash = $2, code_expires_at = $3 WHERE id = $1 \
                 AND approved_at IS NOT NULL AND code_hash IS NULL AND completed_at IS NULL",
            )
            .bind(id)
            .bind(&code_hash[..])
            .bind(expires.raw())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Whether `account` has a live (approved, issued, unused, unexpired) reset code with this hash.
    pub async fn open_reset_for(
        &self,
        account: AccountId,
        code_hash: &[u8; 32],
        now: Millis,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT 1 FROM reset_requests WHERE account_id = $1 AND code_hash = $2 \
                 AND completed_at IS NULL AND code_expires_at > $3",
            )
            .bind(account.as_uuid())
            .bind(&code_hash[..])
            .bind(now.raw())
            .fetch_optional(pool)
            .await?;
            Ok(row.is_some())
        })
    }

    /// Uses a live reset code of `account` once: sets the new password, ends all sessions.
    pub async fn complete_staff_reset(
        &self,
        account: AccountId,
        code_hash: &[u8; 32],
        password_hash: &str,
        now: Millis,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE reset_requests SET completed_at = $3 WHERE account_id = $1 AND code_hash = $2 \
                 AND completed_at IS NULL AND code_expires_at > $3",
            )
            .bind(account.as_uuid())
            .bind(&code_hash[..])
            .bind(now.raw())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Ok(false);
            }
            set_password!(tx, account, password_hash);
            insert_security_event!(tx, account, "password_set_with_reset_code", Role::Youth, now);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// A new password after a recovery code was used: ends all sessions, leaves an event.
    pub async fn recover_password(
        &self,
        account: AccountId,
        password_hash: &str,
        now: Millis,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            set_password!(tx, account, password_hash);
            insert_security_event!(tx, account, "password_set_with_recovery_code", Role::Youth, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// When the account's password was last set through a staff reset.
    pub async fn last_staff_reset(&self, account: AccountId) -> StoreResult<Option<Millis>> {
        with_pool!(self, pool => {
            let at: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(completed_at) FROM reset_requests WHERE account_id = $1",
            )
            .bind(account.as_uuid())
            .fetch_one(pool)
            .await?;
            Ok(at.map(Millis::from_raw))
        })
    }
}
