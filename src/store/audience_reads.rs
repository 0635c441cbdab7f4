//! Reads by audiences, as counts per excerpt, role and day (DESIGN invariant 7). The service
//! gathers them in memory and adds them here in one transaction per flush.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use sqlx::{PgPool, SqlitePool};

use super::{Db, Store, StoreResult, placeholders};
use crate::domain::time::Millis;
use crate::domain::{ParticipantId, Role};

/// `count` reads of one excerpt by members of one audience role on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AudienceRead {
    pub participant_id: ParticipantId,
    pub excerpt_id: Uuid,
    pub actor_role: Role,
    /// UTC midnight of the day.
    pub day: Millis,
}

/// Rows per INSERT statement on SQLite (5 anonymous parameters each, see `placeholders`): a
/// flush at a thousand feed pages a second holds tens of thousands of rows.
const ROWS_PER_STATEMENT: usize = 50;
/// Ids per existence check on SQLite.
const IDS_PER_STATEMENT: usize = 100;

impl Store {
    /// Adds the counts in one transaction. Counts of participants erased since the reads are
    /// dropped: they go with the participant, as their log does.
    pub async fn add_audience_reads(&self, reads: &HashMap<AudienceRead, u32>) -> StoreResult<()> {
        if reads.is_empty() {
            return Ok(());
        }
        match &self.db {
            Db::Sqlite(pool, _) => add_on_sqlite(pool, reads).await,
            Db::Postgres(pool) => add_on_postgres(pool, reads).await,
        }
    }
}

/// In the order of the table's key, so that each page of the index is visited once per flush
/// rather than once per row: with a million excerpts a flush holds tens of thousands of rows
/// spread over the whole table.
fn in_key_order(reads: &HashMap<AudienceRead, u32>) -> Vec<(&AudienceRead, &u32)> {
    let mut sorted: Vec<(&AudienceRead, &u32)> = reads.iter().collect();
    sorted.sort_unstable_by_key(|(r, _)| {
        (
            r.participant_id,
            r.excerpt_id,
            r.actor_role.as_str(),
            r.day.raw(),
        )
    });
    sorted
}

/// The whole flush is one statement: the rows go as five arrays, and the join with the
/// participants drops those erased since (a statement per fifty rows, each after an existence
/// check, took a round trip per statement).
async fn add_on_postgres(pool: &PgPool, reads: &HashMap<AudienceRead, u32>) -> StoreResult<()> {
    let sorted = in_key_order(reads);
    let participants: Vec<Uuid> = sorted
        .iter()
        .map(|(r, _)| r.participant_id.as_uuid())
        .collect();
    let excerpts: Vec<Uuid> = sorted.iter().map(|(r, _)| r.excerpt_id).collect();
    let roles: Vec<&str> = sorted.iter().map(|(r, _)| r.actor_role.as_str()).collect();
    let days: Vec<i64> = sorted.iter().map(|(r, _)| r.day.raw()).collect();
    let counts: Vec<i64> = sorted.iter().map(|(_, n)| i64::from(**n)).collect();
    sqlx::query(
        "INSERT INTO audience_reads (participant_id, excerpt_id, actor_role, day, count) \
         SELECT r.participant_id, r.excerpt_id, r.actor_role, r.day, r.count \
         FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[]) \
           AS r (participant_id, excerpt_id, actor_role, day, count) \
         JOIN participants p ON p.id = r.participant_id \
         ON CONFLICT (participant_id, excerpt_id, actor_role, day) \
         DO UPDATE SET count = audience_reads.count + excluded.count",
    )
    .bind(&participants)
    .bind(&excerpts)
    .bind(&roles)
    .bind(&days)
    .bind(&counts)
    .execute(pool)
    .await?;
    Ok(())
}

async fn add_on_sqlite(pool: &SqlitePool, reads: &HashMap<AudienceRead, u32>) -> StoreResult<()> {
    let mut ids: Vec<ParticipantId> = reads.keys().map(|r| r.participant_id).collect();
    ids.sort();
    ids.dedup();
    // IMMEDIATE takes SQLite's write lock up front. A deferred transaction reads first (the
    // existence check) and then cannot upgrade to a writer if another write committed in
    // between (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out): under a login flood most
    // flushes failed that way and the pending counts piled up.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut existing = HashSet::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let sql = format!(
            "SELECT id FROM participants WHERE id IN ({})",
            placeholders(chunk.len(), 1, false)
        );
        // Only the full-width statement is kept prepared; a last, shorter one each flush would
        // fill the connection's statement cache with one-off statements.
        let mut query = sqlx::query_scalar::<_, Uuid>(sqlx::AssertSqlSafe(sql))
            .persistent(chunk.len() == IDS_PER_STATEMENT);
        for id in chunk {
            query = query.bind(id.as_uuid());
        }
        existing.extend(query.fetch_all(&mut *tx).await?);
    }
    let live: Vec<(&AudienceRead, &u32)> = in_key_order(reads)
        .into_iter()
        .filter(|(r, _)| existing.contains(&r.participant_id.as_uuid()))
        .collect();
    for chunk in live.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(5, i * 5 + 1, false)))
            .collect();
        let sql = format!(
            "INSERT INTO audience_reads (participant_id, excerpt_id, actor_role, day, count) \
             VALUES {} ON CONFLICT (participant_id, excerpt_id, actor_role, day) \
             DO UPDATE SET count = audience_reads.count + excluded.count",
            rows.join(", ")
        );
        let mut query =
            sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(chunk.len() == ROWS_PER_STATEMENT);
        for (r, n) in chunk {
            query = query
                .bind(r.participant_id.as_uuid())
                .bind(r.excerpt_id)
                .bind(r.actor_role.as_str())
                .bind(r.day.raw())
                .bind(i64::from(**n));
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
