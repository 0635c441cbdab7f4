//! Bulk inserts for `storyvault seed-bench` (the feed benchmark's data): the same rows the
//! service writes one request at a time (participant, story, approved excerpts, live consent and
//! its ledger entry), many per transaction and statement, so that a million excerpts take minutes.
//! Every value arrives already sealed; nothing here sees plaintext.

use uuid::Uuid;

use super::feed::feed_insert_select;
use super::{Db, Store, StoreError, StoreResult, placeholders};
use crate::vault::Sealed;

pub struct SeedParticipant {
    pub id: Uuid,
    pub pseudonym: String,
    pub birth_year: i64,
    pub identifiers_sealed: Sealed,
    pub key_wrapped: Sealed,
    pub story: SeedStory,
}

pub struct SeedStory {
    pub id: Uuid,
    pub title_sealed: Sealed,
    pub body_sealed: Sealed,
    pub theme: String,
    pub recorded_on: String,
    pub excerpts: Vec<SeedExcerpt>,
}

pub struct SeedExcerpt {
    pub id: Uuid,
    pub content_sealed: Sealed,
    pub approved_sha256: String,
    /// (audience, feed id, consent text version) for each audience with live consent.
    pub consents: Vec<(&'static str, [u8; 16], i64)>,
}

/// One cell of a bulk insert.
enum Val {
    Id(Uuid),
    Bytes(Vec<u8>),
    Int(i64),
    Text(String),
}

/// (table, bound columns, constant columns, their values, rows)
type TableRows = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<Vec<Val>>,
);

/// Parameters per statement. Both databases take far more (65535 and 32766), but SQLite looked up
/// each numbered parameter by name in a list, so a statement's cost grew with the square of its
/// parameters: at 30,000 a seed spent nine tenths of its time in that lookup. The parameters are
/// anonymous on SQLite now (`placeholders`); the bound stays.
const MAX_PARAMS: usize = 2_000;

impl Store {
    /// Inserts everything in one transaction. `by_account` is recorded as the consent giver.
    pub async fn insert_seed_batch(
        &self,
        batch: Vec<SeedParticipant>,
        by_account: Uuid,
        at: i64,
    ) -> StoreResult<()> {
        let mut participants = Vec::new();
        let mut stories = Vec::new();
        let mut themes = Vec::new();
        let mut excerpts = Vec::new();
        let mut consents = Vec::new();
        let mut ledger = Vec::new();
        let mut participant_ids = Vec::new();
        for p in batch {
            let s = p.story;
            participant_ids.push(p.id);
            participants.push(vec![
                Val::Id(p.id),
                Val::Text(p.pseudonym),
                Val::Int(p.birth_year),
                Val::Bytes(p.identifiers_sealed.into_bytes()),
                Val::Bytes(p.key_wrapped.into_bytes()),
                Val::Int(at),
            ]);
            themes.push(vec![Val::Id(s.id), Val::Text(s.theme.clone())]);
            stories.push(vec![
                Val::Id(s.id),
                Val::Id(p.id),
                Val::Bytes(s.title_sealed.into_bytes()),
                Val::Bytes(s.body_sealed.into_bytes()),
                Val::Text(s.theme),
                Val::Text(s.recorded_on),
                Val::Int(at),
            ]);
            for e in s.excerpts {
                for (audience, feed_id, text_version) in &e.consents {
                    consents.push(vec![
                        Val::Id(e.id),
                        Val::Text(audience.to_string()),
                        Val::Int(1),
                        Val::Int(at),
                        // Grants hold for two years, as the default policy gives them.
                        Val::Int(at + 730 * 86_400_000),
                        Val::Text(e.approved_sha256.clone()),
                        Val::Int(*text_version),
                        Val::Bytes(feed_id.to_vec()),
                    ]);
                    ledger.push(vec![
                        Val::Id(e.id),
                        Val::Text(audience.to_string()),
                        Val::Int(at),
                        Val::Text("youth".into()),
                        Val::Id(by_account),
                        Val::Text(e.approved_sha256.clone()),
                        Val::Int(*text_version),
                    ]);
                }
                excerpts.push(vec![
                    Val::Id(e.id),
                    Val::Id(s.id),
                    Val::Id(p.id),
                    Val::Bytes(e.content_sealed.into_bytes()),
                    Val::Text(e.approved_sha256),
                    Val::Int(at),
                    Val::Int(at),
                ]);
            }
        }
        let consent_count = consents.len();
        let numbered = matches!(self.db, Db::Postgres(_));
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let tables: [TableRows; 6] = [
                ("participants", "id, pseudonym, birth_year, identifiers_sealed, key_wrapped, created_at", "", "", participants),
                ("stories", "id, participant_id, title_sealed, body_sealed, themes, recorded_on, created_at", "", "", stories),
                ("story_themes", "story_id, theme", "", "", themes),
                ("excerpts", "id, story_id, participant_id, content_sealed, approved_sha256, created_at, updated_at",
                 ", status, version", ", 'approved', 1", excerpts),
                ("consents", "excerpt_id, audience, version, granted_at, expires_at, text_sha256, consent_text_version, feed_id", "", "", consents),
                ("consent_ledger", "excerpt_id, audience, at, by_role, by_account, text_sha256, consent_text_version",
                 ", granted, version", ", TRUE, 1", ledger),
            ];
            for (table, columns, extra, constants, rows) in tables {
                let Some(width) = rows.first().map(Vec::len) else { continue };
                for chunk in rows.chunks(MAX_PARAMS / width) {
                    let values: Vec<String> = (0..chunk.len())
                        .map(|r| {
                            let cells = placeholders(width, r * width + 1, numbered);
                            format!("({cells}{constants})")
                        })
                        .collect();
                    let sql = format!("INSERT INTO {table} ({columns}{extra}) VALUES {}", values.join(", "));
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for cell in chunk.iter().flatten() {
                        query = match cell {
                            Val::Id(v) => query.bind(*v),
                            Val::Bytes(v) => query.bind(v.as_slice()),
                            Val::Int(v) => query.bind(*v),
                            Val::Text(v) => query.bind(v.as_str()),
                        };
                    }
                    query.execute(&mut *tx).await?;
                }
            }
            // The feed table gets the rows `refresh_feed!` would give each excerpt, in one
            // statement per batch (one per excerpt made a million take most of an hour). Every
            // seeded excerpt is approved with live consent, so all its consents belong there; the
            // count is checked so a seed that the rule would not admit fails loudly.
            let expected = consent_count as u64;
            let mut copied = 0;
            for chunk in participant_ids.chunks(MAX_PARAMS) {
                let sql = format!(
                    "{}WHERE e.participant_id IN ({})",
                    feed_insert_select!(""),
                    placeholders(chunk.len(), 1, numbered)
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(*id);
                }
                copied += query.execute(&mut *tx).await?.rows_affected();
            }
            if copied != expected {
                return Err(StoreError::Corrupt("feed_items (seed-bench copied another number of rows)"));
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

impl Store {
    /// Refreshes the query planner's statistics after a bulk load. PostgreSQL's autovacuum would
    /// do it within minutes; until then it plans the feed as if the tables were empty (a sort of
    /// every candidate instead of the keyset index: 28 ms instead of 1.5 ms per page at 10,000).
    pub async fn analyze(&self) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("ANALYZE").execute(pool).await?;
        });
        Ok(())
    }
}
