//! The access log: every read of story or excerpt text by someone other than its owner.

use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, ParticipantId, Role};

pub struct NewAccessEntry {
    pub participant_id: ParticipantId,
    pub actor_id: AccountId,
    pub actor_role: Role,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: Uuid,
}

#[derive(sqlx::FromRow)]
pub struct AccessEntry {
    #[sqlx(try_from = "i64")]
    pub at: Millis,
    pub actor_role: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Uuid,
    /// 1 for an individual read; for audience reads (kept per excerpt, role and day), how many,
    /// with `at` the UTC midnight of the day.
    pub count: i64,
}

impl Store {
    /// Records reads in one transaction, before the text is returned: a read that cannot be logged
    /// does not happen.
    pub async fn record_access(&self, entries: &[NewAccessEntry]) -> StoreResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let now = Millis::now().raw();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for e in entries {
                sqlx::query(
                    "INSERT INTO access_log (participant_id, at, actor_id, actor_role, action, object_type, object_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(e.participant_id.as_uuid())
                .bind(now)
                .bind(e.actor_id.as_uuid())
                .bind(e.actor_role.as_str())
                .bind(e.action)
                .bind(e.object_type)
                .bind(e.object_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Individual reads and audience read counts, oldest first.
    pub async fn access_log(&self, participant: ParticipantId) -> StoreResult<Vec<AccessEntry>> {
        let (mut entries, counts): (Vec<AccessEntry>, Vec<AccessEntry>) = with_pool!(self, pool => {
            let entries = sqlx::query_as(
                "SELECT at, actor_role, action, object_type, object_id, CAST(1 AS BIGINT) AS count \
                 FROM access_log WHERE participant_id = $1 ORDER BY seq",
            )
            .bind(participant.as_uuid())
            .fetch_all(pool)
            .await?;
            let counts = sqlx::query_as(
                "SELECT day AS at, actor_role, 'read' AS action, 'excerpt' AS object_type, \
                 excerpt_id AS object_id, count FROM audience_reads WHERE participant_id = $1 \
                 ORDER BY day, actor_role, excerpt_id",
            )
            .bind(participant.as_uuid())
            .fetch_all(pool)
            .await?;
            (entries, counts)
        });
        entries.extend(counts);
        // Stable: individual reads keep their order; a day's counts come at its start.
        entries.sort_by_key(|e| e.at.raw());
        Ok(entries)
    }
}
