//! One-time recovery codes, stored as hashes. `account` codes belong to a young person (to reset
//! their own password); `totp` codes stand in for a staff member's second factor.

use super::{Store, StoreResult};
use crate::domain::AccountId;
use crate::domain::time::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryPurpose {
    Account,
    Totp,
}

impl RecoveryPurpose {
    fn as_str(self) -> &'static str {
        match self {
            RecoveryPurpose::Account => "account",
            RecoveryPurpose::Totp => "totp",
        }
    }
}

impl Store {
    /// Replaces every code of `purpose` of the account with `hashes`, in one transaction.
    pub async fn replace_recovery_codes(
        &self,
        account: AccountId,
        purpose: RecoveryPurpose,
        hashes: &[[u8; 32]],
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1 AND purpose = $2")
                .bind(account.as_uuid())
                .bind(purpose.as_str())
                .execute(&mut *tx)
                .await?;
            for hash in hashes {
                sqlx::query(
                    "INSERT INTO recovery_codes (account_id, purpose, code_hash, used_at) VALUES ($1, $2, $3, NULL)",
                )
                .bind(account.as_uuid())
                .bind(purpose.as_str())
                .bind(&hash[..])
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Uses up a code: true exactly once per code, however many requests race for it.
    pub async fn use_recovery_code(
        &self,
        account: AccountId,
        purpose: RecoveryPurpose,
        hash: &[u8; 32],
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE recovery_codes SET used_at = $4 \
                 WHERE account_id = $1 AND purpose = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(account.as_uuid())
            .bind(purpose.as_str())
            .bind(&hash[..])
            .bind(Millis::now().raw())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
