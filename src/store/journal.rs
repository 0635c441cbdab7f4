//! Applying the erasure journal (`crate::journal`) to the database, and making erasure final on
//! disk. Applying is idempotent: on a database that already reflects every entry it changes
//! nothing, so it runs on every start.

use super::{Db, Store, StoreResult};
use crate::journal::Entry;

/// What applying the journal changed (counts only, for the log).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JournalApplied {
    pub participants_erased: u64,
    pub stories_deleted: u64,
    pub consents_withdrawn: u64,
}

impl JournalApplied {
    pub fn changed_anything(&self) -> bool {
        *self != Self::default()
    }
}

impl Store {
    /// Applies every entry in one transaction. A withdrawal removes only grants made at or before
    /// it (a later "yes" stands) and records the withdrawal in the ledger as it happened.
    pub async fn apply_journal(&self, entries: &[Entry]) -> StoreResult<JournalApplied> {
        let mut applied = JournalApplied::default();
        if entries.is_empty() {
            return Ok(applied);
        }
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for entry in entries {
                match entry {
                    Entry::Erased { participant, .. } => {
                        applied.participants_erased += sqlx::query("DELETE FROM participants WHERE id = $1")
                            .bind(participant)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                    }
                    Entry::StoryDeleted { story, .. } => {
                        applied.stories_deleted += sqlx::query("DELETE FROM stories WHERE id = $1")
                            .bind(story)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                    }
                    Entry::Withdrawn { excerpt, audience, at, by_account, by_role } => {
                        sqlx::query(
                            "INSERT INTO consent_ledger (excerpt_id, audience, granted, at, by_role, \
                             by_account, version, text_sha256, consent_text_version) \
                             SELECT excerpt_id, audience, FALSE, $3, $4, $5, version, text_sha256, \
                             consent_text_version FROM consents \
                             WHERE excerpt_id = $1 AND audience = $2 AND granted_at <= $3",
                        )
                        .bind(excerpt)
                        .bind(audience)
                        .bind(at)
                        .bind(by_role)
                        .bind(by_account)
                        .execute(&mut *tx)
                        .await?;
                        applied.consents_withdrawn += sqlx::query(
                            "DELETE FROM consents WHERE excerpt_id = $1 AND audience = $2 AND granted_at <= $3",
                        )
                        .bind(excerpt)
                        .bind(audience)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    }
                }
            }
            tx.commit().await?;
        });
        if applied.participants_erased + applied.stories_deleted > 0 {
            self.checkpoint_after_erasure().await;
        }
        Ok(applied)
    }

    /// SQLite: moves the WAL into the database file and truncates it to zero bytes, so no frame
    /// written before an erasure (the erased rows as inserted, or as they were before
    /// `secure_delete` zeroed them) stays on disk. Best effort: a reader holding an old snapshot
    /// makes it partial, and the next erasure or the clean stop finishes it.
    pub async fn checkpoint_after_erasure(&self) {
        if let Db::Sqlite(pool, _) = &self.db {
            let result: Result<(i64, i64, i64), _> =
                sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(pool)
                    .await;
            match result {
                Ok((0, _, _)) => {}
                Ok(_) => tracing::warn!("WAL checkpoint after erasure was partial (busy readers)"),
                Err(e) => tracing::warn!(cause = %e, "WAL checkpoint after erasure failed"),
            }
        }
    }
}
