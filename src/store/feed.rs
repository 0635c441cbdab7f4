//! The candidates for an audience's feed, paged by keyset on (audience, feed_id).
//!
//! The page query applies the visibility rule's conditions in SQL so that pages come back full;
//! the service still passes every row through `domain::visibility::is_visible`, the one place the
//! rule is decided. The single-item lookup filters on nothing but the id, so there the rule alone
//! decides.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::stories::{THEMES_OF_STORY, split_themes};
use super::{Store, StoreError, StoreResult, uuid_from};
use crate::domain::time::Millis;
use crate::domain::{
    Audience, ExcerptId, ExcerptStatus, ExcerptVersion, FeedItemId, ParticipantId,
};
use crate::vault::Sealed;

pub struct FeedQuery<'a> {
    pub audience: Audience,
    pub after: Option<&'a FeedItemId>,
    pub theme: Option<&'a str>,
    pub limit: u32,
    /// Consent given before this moment has lapsed.
    pub lapsed_before: Millis,
}

pub struct FeedRow {
    pub feed_id: FeedItemId,
    pub excerpt_id: ExcerptId,
    pub participant_id: ParticipantId,
    pub content_sealed: Sealed,
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    pub consent_version: ExcerptVersion,
    pub granted_at: Millis,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

const SELECT: &str = "SELECT c.feed_id, e.id AS excerpt_id, e.participant_id, e.content_sealed, e.status, e.version, \
     c.version AS consent_version, c.granted_at, s.recorded_on";

fn feed_from_row(row: &SqliteRow) -> StoreResult<FeedRow> {
    let feed: Vec<u8> = row.try_get("feed_id")?;
    let feed: [u8; 16] = feed
        .try_into()
        .map_err(|_| StoreError::Corrupt("consents.feed_id"))?;
    let status: String = row.try_get("status")?;
    let themes: String = row.try_get("themes")?;
    Ok(FeedRow {
        feed_id: FeedItemId::from_bytes(feed),
        excerpt_id: ExcerptId::from_uuid(uuid_from(row.try_get("excerpt_id")?, "excerpts.id")?),
        participant_id: ParticipantId::from_uuid(uuid_from(
            row.try_get("participant_id")?,
            "excerpts.participant_id",
        )?),
        content_sealed: Sealed::from_stored(row.try_get("content_sealed")?),
        status: ExcerptStatus::parse(&status).ok_or(StoreError::Corrupt("excerpts.status"))?,
        version: ExcerptVersion::new(row.try_get("version")?)
            .ok_or(StoreError::Corrupt("excerpts.version"))?,
        consent_version: ExcerptVersion::new(row.try_get("consent_version")?)
            .ok_or(StoreError::Corrupt("consents.version"))?,
        granted_at: Millis::from_raw(row.try_get("granted_at")?),
        themes: split_themes(&themes),
        recorded_on: row.try_get("recorded_on")?,
    })
}

impl Store {
    pub async fn feed_page(&self, q: &FeedQuery<'_>) -> StoreResult<Vec<FeedRow>> {
        let theme_filter = if q.theme.is_some() {
            "AND EXISTS (SELECT 1 FROM story_themes t WHERE t.story_id = s.id AND t.theme = $5)"
        } else {
            "AND $5 IS NULL"
        };
        let sql = format!(
            "{SELECT}, {THEMES_OF_STORY} AS themes \
             FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
             WHERE c.audience = $1 AND c.feed_id > $2 AND e.status = 'approved' AND c.version = e.version \
             AND c.granted_at >= $3 {theme_filter} ORDER BY c.feed_id LIMIT $4"
        );
        let after: Vec<u8> = q.after.map(|a| a.as_bytes().to_vec()).unwrap_or_default();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(q.audience.as_str())
            .bind(after)
            .bind(q.lapsed_before.raw())
            .bind(i64::from(q.limit))
            .bind(q.theme)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(feed_from_row).collect()
    }

    pub async fn feed_item(
        &self,
        audience: Audience,
        id: &FeedItemId,
    ) -> StoreResult<Option<FeedRow>> {
        let sql = format!(
            "{SELECT}, {THEMES_OF_STORY} AS themes \
             FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
             WHERE c.audience = $1 AND c.feed_id = $2"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(audience.as_str())
            .bind(&id.as_bytes()[..])
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(feed_from_row)
            .transpose()
    }
}
