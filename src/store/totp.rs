//! Staff members' TOTP secrets (sealed to the master key) and the last time step each accepted.

use super::{Store, StoreResult};
use crate::domain::AccountId;
use crate::domain::time::Millis;
use crate::vault::Sealed;

pub struct TotpRow {
    pub secret_sealed: Sealed,
    pub confirmed: bool,
    pub last_step: i64,
}

#[derive(sqlx::FromRow)]
struct TotpRecord {
    secret_sealed: Vec<u8>,
    confirmed: bool,
    last_step: i64,
}

impl Store {
    pub async fn totp(&self, account: AccountId) -> StoreResult<Option<TotpRow>> {
        let record: Option<TotpRecord> = with_pool!(self, pool => {
            sqlx::query_as("SELECT secret_sealed, confirmed, last_step FROM totp_secrets WHERE account_id = $1")
                .bind(account.as_uuid())
                .fetch_optional(pool)
                .await?
        });
        Ok(record.map(|r| TotpRow {
            secret_sealed: Sealed::from_stored(r.secret_sealed),
            confirmed: r.confirmed,
            last_step: r.last_step,
        }))
    }

    /// Starts (or restarts) an enrolment; false if the account already has a confirmed secret.
    pub async fn begin_totp(&self, account: AccountId, sealed: &Sealed) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "INSERT INTO totp_secrets (account_id, secret_sealed, confirmed, last_step, created_at) \
                 VALUES ($1, $2, FALSE, 0, $3) ON CONFLICT (account_id) DO UPDATE SET \
                 secret_sealed = excluded.secret_sealed, created_at = excluded.created_at \
                 WHERE totp_secrets.confirmed = FALSE",
            )
            .bind(account.as_uuid())
            .bind(sealed.as_bytes())
            .bind(Millis::now().raw())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Accepts time step `step` once: true only if it is later than every step accepted before
    /// (compare-and-swap, so two requests with one code cannot both pass). `confirm` also marks
    /// a pending enrolment as confirmed.
    pub async fn accept_totp_step(
        &self,
        account: AccountId,
        step: i64,
        confirm: bool,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE totp_secrets SET last_step = $2, confirmed = (confirmed OR $3) \
                 WHERE account_id = $1 AND last_step < $2 AND confirmed = (NOT $3)",
            )
            .bind(account.as_uuid())
            .bind(step)
            .bind(confirm)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
