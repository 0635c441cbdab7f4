//! Wrapped keys: a feed page's in one query, and every one for master-key rotation and `reseal`,
//! which re-wrap each on its own, compare-and-swap (`Store::replace_sealed_value` with
//! `SealedColumn::WrappedKey`), so a run can be stopped and rerun at any point and never races a
//! concurrent erasure. The service secret is a singleton with its own swap here.

use std::sync::LazyLock;

use uuid::Uuid;

use super::sqlite_reader::uuid_at;
use super::{Db, Store, StoreResult, placeholders};
use crate::domain::ParticipantId;
use crate::vault::Sealed;

#[derive(sqlx::FromRow)]
struct WrappedKeyRecord {
    id: Uuid,
    key_wrapped: Vec<u8>,
}

impl WrappedKeyRecord {
    fn into_pair(self) -> (ParticipantId, Sealed) {
        (
            ParticipantId::from_uuid(self.id),
            Sealed::from_stored(self.key_wrapped),
        )
    }
}

/// Ids per key query on SQLite: a full feed page of the largest size (`FEED_MAX_LIMIT`).
const KEYS_PER_QUERY: usize = 100;

/// `SELECT … WHERE id IN (?, …)` with `KEYS_PER_QUERY` parameters (see `placeholders`).
static SQLITE_KEYS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT id, key_wrapped FROM participants WHERE id IN ({})",
        placeholders(KEYS_PER_QUERY, 1, false)
    )
});

impl Store {
    /// Every participant's wrapped key.
    pub async fn wrapped_participant_keys(&self) -> StoreResult<Vec<(ParticipantId, Sealed)>> {
        let records: Vec<WrappedKeyRecord> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, key_wrapped FROM participants ORDER BY id").fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(WrappedKeyRecord::into_pair)
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
        match &self.db {
            Db::Sqlite(_, reader) => reader.read(|conn| {
                // One statement of a fixed width, padded with NULLs (which match no id), so it
                // stays prepared: one per page size would crowd the feed's own statement out of
                // the connection's statement cache.
                let mut stmt = conn.prepare_cached(&SQLITE_KEYS_SQL)?;
                let mut keys = Vec::with_capacity(participants.len());
                for chunk in participants.chunks(KEYS_PER_QUERY) {
                    let ids =
                        (0..KEYS_PER_QUERY).map(|i| chunk.get(i).map(|p| *p.as_uuid().as_bytes()));
                    let mut rows = stmt.query(rusqlite::params_from_iter(ids))?;
                    while let Some(row) = rows.next()? {
                        keys.push((
                            ParticipantId::from_uuid(uuid_at(row, 0, "participants.id")?),
                            Sealed::from_stored(row.get(1)?),
                        ));
                    }
                }
                Ok(keys)
            }),
            Db::Postgres(pool) => {
                // One array parameter, so it is one statement, prepared once, whatever the
                // page's width (an `IN` list of the page's width was parsed and planned anew on
                // every page).
                let ids: Vec<Uuid> = participants.iter().map(|p| p.as_uuid()).collect();
                let records: Vec<WrappedKeyRecord> =
                    sqlx::query_as("SELECT id, key_wrapped FROM participants WHERE id = ANY($1)")
                        .bind(&ids)
                        .fetch_all(pool)
                        .await?;
                Ok(records
                    .into_iter()
                    .map(WrappedKeyRecord::into_pair)
                    .collect())
            }
        }
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
