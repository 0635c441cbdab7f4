//! What happened to a young person's account: resets asked for and approved, recovery codes used.

use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, Role};

pub struct SecurityEvent {
    pub at: Millis,
    pub kind: String,
    pub actor_role: String,
}

#[derive(sqlx::FromRow)]
struct SecurityEventRecord {
    at: i64,
    kind: String,
    actor_role: String,
}

/// Writes one event inside transaction `$tx`.
macro_rules! insert_security_event {
    ($tx:expr, $account:expr, $kind:expr, $actor:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO security_events (account_id, at, kind, actor_role) VALUES ($1, $2, $3, $4)",
        )
        .bind($account.as_uuid())
        .bind($now.raw())
        .bind($kind)
        .bind($actor.as_str())
        .execute(&mut *$tx)
        .await?
    };
}
pub(super) use insert_security_event;

impl Store {
    pub async fn record_security_event(
        &self,
        account: AccountId,
        kind: &'static str,
        actor: Role,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            insert_security_event!(tx, account, kind, actor, Millis::now());
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn security_events(&self, account: AccountId) -> StoreResult<Vec<SecurityEvent>> {
        let records: Vec<SecurityEventRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT at, kind, actor_role FROM security_events WHERE account_id = $1 ORDER BY seq",
            )
            .bind(account.as_uuid())
            .fetch_all(pool)
            .await?
        });
        Ok(records
            .into_iter()
            .map(|r| SecurityEvent {
                at: Millis::from_raw(r.at),
                kind: r.kind,
                actor_role: r.actor_role,
            })
            .collect())
    }
}
