//! The sealed service secret; its presence is what "data present" means at start-up.

use sqlx::Row;

use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::vault::Sealed;

impl Store {
    pub async fn service_secret(&self) -> StoreResult<Option<Sealed>> {
        with_pool!(self, pool => {
            let row = sqlx::query("SELECT service_secret_sealed FROM vault_meta WHERE id = 1")
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|r| r.try_get::<Vec<u8>, _>(0)).transpose()?.map(Sealed::from_stored))
        })
    }

    /// True when anything at all is stored: then a missing master key must stop start-up.
    pub async fn holds_data(&self) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT EXISTS (SELECT 1 FROM vault_meta) OR EXISTS (SELECT 1 FROM accounts) \
                 OR EXISTS (SELECT 1 FROM participants)",
            )
            .fetch_one(pool)
            .await?;
            Ok(row.try_get::<bool, _>(0)?)
        })
    }

    pub async fn put_service_secret(&self, sealed: &Sealed) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO vault_meta (id, service_secret_sealed, created_at) VALUES (1, $1, $2)",
            )
            .bind(sealed.as_bytes())
            .bind(Millis::now().raw())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn receipt_key(&self) -> StoreResult<Option<Sealed>> {
        with_pool!(self, pool => {
            let row = sqlx::query("SELECT receipt_key_sealed FROM vault_meta WHERE id = 1")
                .fetch_optional(pool)
                .await?;
            let sealed = row.map(|r| r.try_get::<Option<Vec<u8>>, _>(0)).transpose()?.flatten();
            Ok(sealed.map(Sealed::from_stored))
        })
    }

    /// Stores the receipt key once; false if one is there already (another instance was first).
    pub async fn put_receipt_key(&self, sealed: &Sealed) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE vault_meta SET receipt_key_sealed = $1 WHERE id = 1 AND receipt_key_sealed IS NULL",
            )
            .bind(sealed.as_bytes())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Compare-and-swap for key rotation.
    pub async fn replace_receipt_key(&self, old: &Sealed, new: &Sealed) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE vault_meta SET receipt_key_sealed = $2 WHERE id = 1 AND receipt_key_sealed = $1",
            )
            .bind(old.as_bytes())
            .bind(new.as_bytes())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
