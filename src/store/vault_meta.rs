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
}
