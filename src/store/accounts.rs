//! Accounts of every role.

use uuid::Uuid;

use super::sqlite_reader::uuid_at;
use super::{Store, StoreError, StoreResult};
use crate::domain::{AccountId, ParticipantId, Role};
use crate::vault::Sealed;

#[derive(Clone)]
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

/// An account as stored.
#[derive(sqlx::FromRow)]
pub(super) struct AccountRecord {
    id: Uuid,
    username_sealed: Vec<u8>,
    password_hash: String,
    role: String,
    disabled: bool,
    participant_id: Option<Uuid>,
}

impl TryFrom<AccountRecord> for AccountRow {
    type Error = StoreError;
    fn try_from(r: AccountRecord) -> StoreResult<Self> {
        Ok(AccountRow {
            id: AccountId::from_uuid(r.id),
            username_sealed: Sealed::from_stored(r.username_sealed),
            password_hash: r.password_hash,
            role: Role::parse(&r.role).ok_or(StoreError::Corrupt("accounts.role"))?,
            disabled: r.disabled,
            participant_id: r.participant_id.map(ParticipantId::from_uuid),
        })
    }
}

impl AccountRecord {
    /// `ACCOUNT_COLUMNS`, the first six columns of a row, read by position.
    pub(super) fn from_sqlite(row: &rusqlite::Row<'_>) -> StoreResult<Self> {
        Ok(Self {
            id: uuid_at(row, 0, "accounts.id")?,
            username_sealed: row.get(1)?,
            password_hash: row.get(2)?,
            role: row.get(3)?,
            disabled: row.get(4)?,
            participant_id: row
                .get::<_, Option<Vec<u8>>>(5)?
                .map(|b| {
                    uuid::Uuid::from_slice(&b)
                        .map_err(|_| StoreError::Corrupt("accounts.participant_id"))
                })
                .transpose()?,
        })
    }
}

pub(super) const ACCOUNT_COLUMNS: &str =
    "a.id, a.username_sealed, a.password_hash, a.role, a.disabled, a.participant_id";

/// The insert shared by account creation and invite redemption.
macro_rules! insert_account {
    ($account:expr, $conn:expr) => {
        sqlx::query(
            "INSERT INTO accounts (id, username_index, username_sealed, password_hash, role, \
             disabled, participant_id, created_at) VALUES ($1, $2, $3, $4, $5, FALSE, $6, $7)",
        )
        .bind($account.id.as_uuid())
        .bind(&$account.username_index[..])
        .bind($account.username_sealed.as_bytes())
        .bind(&$account.password_hash)
        .bind($account.role.as_str())
        .bind($account.participant_id.map(|p| p.as_uuid()))
        .bind(crate::domain::time::Millis::now().raw())
        .execute($conn)
        .await
        .map_err(|e| $crate::store::conflict_on_unique(e, "username"))
    };
}
pub(super) use insert_account;

impl Store {
    pub async fn insert_account(&self, account: &NewAccount) -> StoreResult<()> {
        with_pool!(self, pool => {
            insert_account!(account, pool)?;
            Ok(())
        })
    }

    pub async fn account_by_username(&self, index: &[u8; 32]) -> StoreResult<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.username_index = $1");
        let record: Option<AccountRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&index[..]).fetch_optional(pool).await?
        });
        record.map(AccountRow::try_from).transpose()
    }

    pub async fn account_by_id(&self, id: AccountId) -> StoreResult<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        let record: Option<AccountRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(pool).await?
        });
        record.map(AccountRow::try_from).transpose()
    }

    /// Every account except youth accounts (those belong to the young person, not to the admin).
    pub async fn list_staff_accounts(&self) -> StoreResult<Vec<AccountRow>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.role <> 'youth' ORDER BY a.created_at, a.id"
        );
        let records: Vec<AccountRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        records.into_iter().map(AccountRow::try_from).collect()
    }

    /// Disables a staff account and ends its sessions in one transaction. The guard against
    /// disabling the last active admin sits in the same statement, so two admins disabling each
    /// other at once cannot both succeed on SQLite (one writer at a time).
    pub async fn disable_staff_account(&self, id: AccountId) -> StoreResult<DisableOutcome> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE accounts SET disabled = TRUE WHERE id = $1 AND role <> 'youth' \
                 AND (role <> 'admin' OR EXISTS (SELECT 1 FROM accounts other \
                      WHERE other.role = 'admin' AND other.disabled = FALSE AND other.id <> $1))",
            )
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !done {
                let role: Option<(String,)> =
                    sqlx::query_as("SELECT role FROM accounts WHERE id = $1 AND role <> 'youth'")
                        .bind(id.as_uuid())
                        .fetch_optional(&mut *tx)
                        .await?;
                tx.rollback().await?;
                return Ok(match role {
                    Some(_) => DisableOutcome::LastActiveAdmin,
                    None => DisableOutcome::NotFound,
                });
            }
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(DisableOutcome::Disabled)
        })
    }

    /// How many admin accounts are not disabled.
    pub async fn count_active_admins(&self) -> StoreResult<i64> {
        with_pool!(self, pool => {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = FALSE",
            )
            .fetch_one(pool)
            .await?;
            Ok(n)
        })
    }
}

/// What `disable_staff_account` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisableOutcome {
    Disabled,
    /// No staff account with that id.
    NotFound,
    /// The account is the last admin that is not disabled; nothing changed.
    LastActiveAdmin,
}
