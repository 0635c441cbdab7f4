//! An audience's feed, paged by keyset on (audience, feed_id) over `feed_items`: one table in page
//! order that holds what a page needs, so a page is one range read at any size.
//!
//! Which rows the table holds is decided by `domain::visibility::may_be_visible`, applied by
//! `refresh_feed!` in every transaction that changes an excerpt's consent, status, version or
//! content (withdrawals and erasure also remove rows by cascade). What changes with time or
//! policy stays in the row: the page query filters on it so that keyset pages come back full, and
//! the service still passes every row through `is_visible`, the one place the rule is decided.
//! The single-item lookup filters on nothing but the id, so there the rule alone decides.

use std::sync::LazyLock;

use uuid::Uuid;

use super::sqlite_reader::uuid_at;
use super::stories::split_themes;
use super::{Db, Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::visibility::{Grant, VisibilityFacts, may_be_visible};
use crate::domain::{
    Audience, ExcerptId, ExcerptStatus, ExcerptVersion, FeedItemId, ParticipantId,
};
use crate::vault::Sealed;

pub struct FeedQuery<'a> {
    pub audience: Audience,
    pub after: Option<&'a FeedItemId>,
    pub theme: Option<&'a str>,
    pub limit: u32,
    /// Grants that expire at or before this moment have lapsed.
    pub now: Millis,
    /// The audience's consent text version in force; grants under another one need renewal.
    pub consent_text_version: i64,
    /// Participants born before this year are 16 or older for sure: no guardian is needed.
    pub adult_born_before: i32,
}

pub struct FeedRow {
    pub feed_id: FeedItemId,
    pub excerpt_id: ExcerptId,
    pub participant_id: ParticipantId,
    pub content_sealed: Sealed,
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    /// The young person's grant for this audience.
    pub youth: Grant,
    /// A guardian's grant for this audience, if any.
    pub guardian: Option<Grant>,
    pub birth_year: i32,
    /// The hash of the text the young person consented to.
    pub text_sha256: String,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

#[derive(sqlx::FromRow)]
struct FeedRecord {
    feed_id: Vec<u8>,
    excerpt_id: Uuid,
    participant_id: Uuid,
    content_sealed: Vec<u8>,
    status: String,
    version: i64,
    consent_version: i64,
    expires_at: i64,
    consent_text_version: i64,
    guardian_version: Option<i64>,
    guardian_expires_at: Option<i64>,
    guardian_consent_text_version: Option<i64>,
    birth_year: i64,
    text_sha256: String,
    themes: String,
    recorded_on: String,
}

impl TryFrom<FeedRecord> for FeedRow {
    type Error = StoreError;
    fn try_from(r: FeedRecord) -> StoreResult<Self> {
        let feed: [u8; 16] = r
            .feed_id
            .try_into()
            .map_err(|_| StoreError::Corrupt("consents.feed_id"))?;
        Ok(FeedRow {
            feed_id: FeedItemId::from_bytes(feed),
            excerpt_id: ExcerptId::from_uuid(r.excerpt_id),
            participant_id: ParticipantId::from_uuid(r.participant_id),
            content_sealed: Sealed::from_stored(r.content_sealed),
            status: ExcerptStatus::parse(&r.status)
                .ok_or(StoreError::Corrupt("excerpts.status"))?,
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("excerpts.version"))?,
            youth: Grant {
                version: ExcerptVersion::new(r.consent_version)
                    .ok_or(StoreError::Corrupt("consents.version"))?,
                consent_text_version: r.consent_text_version,
                expires_at: Millis::from_raw(r.expires_at),
            },
            guardian: match (
                r.guardian_version,
                r.guardian_expires_at,
                r.guardian_consent_text_version,
            ) {
                (Some(v), Some(expires), Some(ctv)) => Some(Grant {
                    version: ExcerptVersion::new(v)
                        .ok_or(StoreError::Corrupt("guardian_consents.version"))?,
                    consent_text_version: ctv,
                    expires_at: Millis::from_raw(expires),
                }),
                _ => None,
            },
            birth_year: i32::try_from(r.birth_year)
                .map_err(|_| StoreError::Corrupt("participants.birth_year"))?,
            text_sha256: r.text_sha256,
            themes: split_themes(&r.themes),
            recorded_on: r.recorded_on,
        })
    }
}

/// A feed row: what a page needs and the facts `is_visible` decides on, from one table.
const SELECT: &str = "SELECT feed_id, excerpt_id, participant_id, content_sealed, status, version, \
     consent_version, expires_at, consent_text_version, guardian_version, guardian_expires_at, \
     guardian_consent_text_version, birth_year, text_sha256, themes, recorded_on FROM feed_items";

pub(super) const FEED_FACTS_OF_EXCERPT: &str = "SELECT c.audience, e.status, e.version, \
     c.version AS consent_version FROM consents c JOIN excerpts e ON e.id = c.excerpt_id \
     WHERE c.excerpt_id = $1";

pub(super) const FEED_DELETE_EXCERPT: &str = "DELETE FROM feed_items WHERE excerpt_id = $1";

/// Copies consents with their excerpt, story and participant into `feed_items`; `FEED_INSERT`
/// for one excerpt and audience, `seed-bench` for a whole batch.
macro_rules! feed_insert_select {
    ($where:literal) => {
        concat!(
            "INSERT INTO feed_items (audience, feed_id, excerpt_id, \
     participant_id, story_id, content_sealed, status, version, consent_version, expires_at, \
     consent_text_version, guardian_version, guardian_expires_at, guardian_consent_text_version, \
     birth_year, text_sha256, themes, recorded_on) \
     SELECT c.audience, c.feed_id, e.id, e.participant_id, e.story_id, e.content_sealed, e.status, \
     e.version, c.version, c.expires_at, c.consent_text_version, g.version, g.expires_at, \
     g.consent_text_version, p.birth_year, c.text_sha256, s.themes, s.recorded_on \
     FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
     JOIN participants p ON p.id = e.participant_id \
     LEFT JOIN guardian_consents g ON g.excerpt_id = c.excerpt_id AND g.audience = c.audience ",
            $where
        )
    };
}
pub(super) use feed_insert_select;

pub(super) const FEED_INSERT: &str =
    feed_insert_select!("WHERE c.excerpt_id = $1 AND c.audience = $2");

/// The part of an excerpt's facts that decides whether its row belongs in the feed table.
#[derive(sqlx::FromRow)]
pub(super) struct FeedMembership {
    pub audience: String,
    pub status: String,
    pub version: i64,
    pub consent_version: i64,
}

impl FeedMembership {
    /// `domain::visibility::may_be_visible` on these facts (the rule itself, not a copy of it).
    pub fn belongs(&self) -> StoreResult<bool> {
        let version =
            ExcerptVersion::new(self.version).ok_or(StoreError::Corrupt("excerpts.version"))?;
        let facts = VisibilityFacts {
            status: ExcerptStatus::parse(&self.status)
                .ok_or(StoreError::Corrupt("excerpts.status"))?,
            current_version: version,
            // Neither of these takes part in membership; `is_visible` decides them at read time.
            current_consent_text_version: 0,
            birth_year: 0,
            youth: Some(Grant {
                version: ExcerptVersion::new(self.consent_version)
                    .ok_or(StoreError::Corrupt("consents.version"))?,
                consent_text_version: 0,
                expires_at: Millis::from_raw(0),
            }),
            guardian: None,
        };
        Ok(may_be_visible(&facts))
    }
}

/// Rewrites the feed table's rows of excerpt `$id` (a `Uuid`) inside transaction `$tx`, from the
/// facts as they stand in that transaction: every change to consent, status, version or content
/// calls this before it commits, so the feed never shows what the rule no longer admits.
macro_rules! refresh_feed {
    ($tx:expr, $id:expr) => {{
        let id: uuid::Uuid = $id;
        sqlx::query($crate::store::feed::FEED_DELETE_EXCERPT)
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        let members: Vec<$crate::store::feed::FeedMembership> =
            sqlx::query_as($crate::store::feed::FEED_FACTS_OF_EXCERPT)
                .bind(id)
                .fetch_all(&mut *$tx)
                .await?;
        for member in members {
            if member.belongs()? {
                sqlx::query($crate::store::feed::FEED_INSERT)
                    .bind(id)
                    .bind(member.audience.as_str())
                    .execute(&mut *$tx)
                    .await?;
            }
        }
    }};
}
pub(super) use refresh_feed;

/// The page query: `$1` audience, `$2` after, `$3` now, `$4` limit, `$5` theme (NULL for every
/// theme), `$6` born before (adult), `$7` consent text version in force. SQLite numbers its
/// parameters `?N`; PostgreSQL must be told the type of a parameter that only meets NULL.
fn build_page_sql(theme: bool, sqlite: bool) -> String {
    let theme_filter = match (theme, sqlite) {
        (true, _) => {
            "AND EXISTS (SELECT 1 FROM story_themes t WHERE t.story_id = feed_items.story_id AND t.theme = $5)"
        }
        (false, true) => "AND $5 IS NULL",
        (false, false) => "AND $5::text IS NULL",
    };
    let sql = format!(
        "{SELECT} WHERE audience = $1 AND feed_id > $2 AND expires_at > $3 \
         AND consent_text_version = $7 AND (birth_year < $6 OR (guardian_version = version \
         AND guardian_expires_at > $3 AND guardian_consent_text_version = $7)) \
         {theme_filter} ORDER BY feed_id LIMIT $4"
    );
    if sqlite { sql.replace('$', "?") } else { sql }
}

/// The four forms of the page query, built once rather than on every page.
static PAGE_SQL: LazyLock<[[String; 2]; 2]> = LazyLock::new(|| {
    [false, true].map(|theme| [false, true].map(|sqlite| build_page_sql(theme, sqlite)))
});

fn page_sql(theme: bool, sqlite: bool) -> &'static str {
    &PAGE_SQL[usize::from(theme)][usize::from(sqlite)]
}

impl FeedRecord {
    /// A row of `SELECT`, read by column position.
    fn from_sqlite(row: &rusqlite::Row<'_>) -> StoreResult<Self> {
        Ok(Self {
            feed_id: row.get(0)?,
            excerpt_id: uuid_at(row, 1, "feed_items.excerpt_id")?,
            participant_id: uuid_at(row, 2, "feed_items.participant_id")?,
            content_sealed: row.get(3)?,
            status: row.get(4)?,
            version: row.get(5)?,
            consent_version: row.get(6)?,
            expires_at: row.get(7)?,
            consent_text_version: row.get(8)?,
            guardian_version: row.get(9)?,
            guardian_expires_at: row.get(10)?,
            guardian_consent_text_version: row.get(11)?,
            birth_year: row.get(12)?,
            text_sha256: row.get(13)?,
            themes: row.get(14)?,
            recorded_on: row.get(15)?,
        })
    }
}

impl Store {
    pub async fn feed_page(&self, q: &FeedQuery<'_>) -> StoreResult<Vec<FeedRow>> {
        let after: Vec<u8> = q.after.map(|a| a.as_bytes().to_vec()).unwrap_or_default();
        match &self.db {
            Db::Sqlite(_, reader) => reader.read(|conn| {
                let mut stmt = conn.prepare_cached(page_sql(q.theme.is_some(), true))?;
                let mut rows = stmt.query(rusqlite::params![
                    q.audience.as_str(),
                    after,
                    q.now.raw(),
                    i64::from(q.limit),
                    q.theme,
                    i64::from(q.adult_born_before),
                    q.consent_text_version,
                ])?;
                let mut page = Vec::with_capacity(q.limit as usize);
                while let Some(row) = rows.next()? {
                    page.push(FeedRow::try_from(FeedRecord::from_sqlite(row)?)?);
                }
                Ok(page)
            }),
            Db::Postgres(pool) => {
                let records: Vec<FeedRecord> =
                    sqlx::query_as(sqlx::AssertSqlSafe(page_sql(q.theme.is_some(), false)))
                        .bind(q.audience.as_str())
                        .bind(after)
                        .bind(q.now.raw())
                        .bind(i64::from(q.limit))
                        .bind(q.theme)
                        .bind(i64::from(q.adult_born_before))
                        .bind(q.consent_text_version)
                        .fetch_all(pool)
                        .await?;
                records.into_iter().map(FeedRow::try_from).collect()
            }
        }
    }

    pub async fn feed_item(
        &self,
        audience: Audience,
        id: &FeedItemId,
    ) -> StoreResult<Option<FeedRow>> {
        let sql = format!("{SELECT} WHERE audience = $1 AND feed_id = $2");
        let record: Option<FeedRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(audience.as_str())
                .bind(&id.as_bytes()[..])
                .fetch_optional(pool)
                .await?
        });
        record.map(FeedRow::try_from).transpose()
    }
}
