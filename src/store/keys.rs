//! Wrapped keys, for master-key rotation: each participant key and the service secret are
//! re-wrapped one at a time, compare-and-swap, so a rotation can be stopped and rerun at any point
//! and never races a concurrent erasure.

use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::{AccountId, ParticipantId};
use crate::vault::Sealed;

#[derive(sqlx::FromRow)]
struct WrappedKeyRecord {
    id: Uuid,
    key_wrapped: Vec<u8>,
}

impl Store {
    /// Every participant's wrapped key.
    pub async fn wrapped_participant_keys(&self) -> StoreResult<Vec<(ParticipantId, Sealed)>> {
        let records: Vec<WrappedKeyRecord> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, key_wrapped FROM participants ORDER BY id").fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(|r| {
                (
                    ParticipantId::from_uuid(r.id),
                    Sealed::from_stored(r.key_wrapped),
                )
            })
            .collect())
    }

    /// The wrapped keys of `participants` in one query (a feed page's, at most a page long).
    /// Participants that no longer exist are simply absent.
    pub async fn wrapped_keys_of(
        &self,
        participants: &[ParticipantId],
    ) -> StoreResult<Vec<(ParticipantId, Sealed)>> {
        if participants.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=participants.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, key_wrapped FROM participants WHERE id IN ({})",
            placeholders.join(", ")
        );
        let records: Vec<WrappedKeyRecord> = with_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for p in participants {
                query = query.bind(p.as_uuid());
            }
            query.fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(|r| {
                (
                    ParticipantId::from_uuid(r.id),
                    Sealed::from_stored(r.key_wrapped),
                )
            })
            .collect())
    }

    /// Replaces a wrapped key only if it is still `old`. False if it changed or the participant is gone.
    pub async fn replace_wrapped_key(
        &self,
        participant: ParticipantId,
        old: &Sealed,
        new: &Sealed,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE participants SET key_wrapped = $3 WHERE id = $1 AND key_wrapped = $2",
            )
            .bind(participant.as_uuid())
            .bind(old.as_bytes())
            .bind(new.as_bytes())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Replaces the sealed service secret only if it is still `old`.
    pub async fn replace_service_secret(&self, old: &Sealed, new: &Sealed) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE vault_meta SET service_secret_sealed = $2 WHERE id = 1 AND service_secret_sealed = $1",
            )
            .bind(old.as_bytes())
            .bind(new.as_bytes())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}

#[derive(sqlx::FromRow)]
struct SealedUsernameRecord {
    id: Uuid,
    username_sealed: Vec<u8>,
}

impl Store {
    /// Every account's sealed username (sealed to the master key, so rotation re-seals it).
    pub async fn sealed_usernames(&self) -> StoreResult<Vec<(AccountId, Sealed)>> {
        let records: Vec<SealedUsernameRecord> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, username_sealed FROM accounts ORDER BY id").fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(|r| {
                (
                    AccountId::from_uuid(r.id),
                    Sealed::from_stored(r.username_sealed),
                )
            })
            .collect())
    }

    /// Replaces a sealed username only if it is still `old`.
    pub async fn replace_sealed_username(
        &self,
        account: AccountId,
        old: &Sealed,
        new: &Sealed,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE accounts SET username_sealed = $3 WHERE id = $1 AND username_sealed = $2",
            )
            .bind(account.as_uuid())
            .bind(old.as_bytes())
            .bind(new.as_bytes())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
