//! Accounts of every role.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{Store, StoreError, StoreResult, conflict_on_unique, uuid_from};
use crate::domain::time::Millis;
use crate::domain::{AccountId, ParticipantId, Role};
use crate::vault::Sealed;

pub struct NewAccount {
    pub id: AccountId,
    pub username_index: [u8; 32],
    pub username_sealed: Sealed,
    pub password_hash: String,
    pub role: Role,
    pub participant_id: Option<ParticipantId>,
}

pub struct AccountRow {
    pub id: AccountId,
    pub username_sealed: Sealed,
    pub password_hash: String,
    pub role: Role,
    pub disabled: bool,
    pub participant_id: Option<ParticipantId>,
}

const COLUMNS: &str = "id, username_sealed, password_hash, role, disabled, participant_id";

pub(super) fn account_from_row(row: &SqliteRow) -> StoreResult<AccountRow> {
    let role: String = row.try_get("role")?;
    let participant: Option<Vec<u8>> = row.try_get("participant_id")?;
    Ok(AccountRow {
        id: AccountId::from_uuid(uuid_from(row.try_get("id")?, "accounts.id")?),
        username_sealed: Sealed::from_stored(row.try_get("username_sealed")?),
        password_hash: row.try_get("password_hash")?,
        role: Role::parse(&role).ok_or(StoreError::Corrupt("accounts.role"))?,
        disabled: row.try_get("disabled")?,
        participant_id: participant
            .map(|p| uuid_from(p, "accounts.participant_id").map(ParticipantId::from_uuid))
            .transpose()?,
    })
}

impl Store {
    pub async fn insert_account(&self, account: &NewAccount) -> StoreResult<()> {
        insert_account(&mut *self.pool.acquire().await?, account).await
    }

    pub async fn account_by_username(&self, index: &[u8; 32]) -> StoreResult<Option<AccountRow>> {
        let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username_index = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&index[..])
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(account_from_row)
            .transpose()
    }

    /// Every account except youth accounts (those belong to the young person, not to the admin).
    pub async fn list_staff_accounts(&self) -> StoreResult<Vec<AccountRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM accounts WHERE role <> 'youth' ORDER BY created_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(account_from_row).collect()
    }

    /// Disables a staff account and ends its sessions in one transaction. False if no such account.
    pub async fn disable_staff_account(&self, id: AccountId) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("UPDATE accounts SET disabled = 1 WHERE id = $1 AND role <> 'youth'")
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done)
    }
}

pub(super) async fn insert_account(
    conn: &mut sqlx::SqliteConnection,
    a: &NewAccount,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, username_index, username_sealed, password_hash, role, disabled, participant_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(a.id.as_uuid())
    .bind(&a.username_index[..])
    .bind(a.username_sealed.as_bytes())
    .bind(&a.password_hash)
    .bind(a.role.as_str())
    .bind(a.participant_id.map(|p| p.as_uuid()))
    .bind(Millis::now().raw())
    .execute(conn)
    .await
    .map_err(|e| conflict_on_unique(e, "username"))?;
    Ok(())
}
