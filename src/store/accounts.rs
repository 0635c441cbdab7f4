//! Accounts of every role.

use uuid::Uuid;

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

    /// Disables a staff account and ends its sessions in one transaction. False if no such account.
    pub async fn disable_staff_account(&self, id: AccountId) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE accounts SET disabled = TRUE WHERE id = $1 AND role <> 'youth'",
            )
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
        })
    }
}
