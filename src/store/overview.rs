//! The facts the theme overview counts: for each consent of one audience, the visibility facts,
//! the story's themes and its recording date. No content: the overview never decrypts anything.
//!
//! Like the feed's page query, this selects candidates with the visibility rule's conditions in
//! SQL; the service passes every row through `domain::visibility::is_visible` before counting it.

use super::stories::split_themes;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{Audience, ExcerptStatus, ExcerptVersion};

pub struct OverviewRow {
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    pub consent_version: ExcerptVersion,
    pub granted_at: Millis,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

#[derive(sqlx::FromRow)]
struct OverviewRecord {
    status: String,
    version: i64,
    consent_version: i64,
    granted_at: i64,
    themes: String,
    recorded_on: String,
}

impl TryFrom<OverviewRecord> for OverviewRow {
    type Error = StoreError;
    fn try_from(r: OverviewRecord) -> StoreResult<Self> {
        Ok(OverviewRow {
            status: ExcerptStatus::parse(&r.status)
                .ok_or(StoreError::Corrupt("excerpts.status"))?,
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("excerpts.version"))?,
            consent_version: ExcerptVersion::new(r.consent_version)
                .ok_or(StoreError::Corrupt("consents.version"))?,
            granted_at: Millis::from_raw(r.granted_at),
            themes: split_themes(&r.themes),
            recorded_on: r.recorded_on,
        })
    }
}

const SQL: &str = "SELECT e.status, e.version, c.version AS consent_version, \
     c.granted_at, s.themes, s.recorded_on \
     FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
     WHERE c.audience = $1 AND e.status = 'approved' AND c.version = e.version AND c.granted_at >= $2";

impl Store {
    /// Every excerpt an audience may currently see, without its content.
    pub async fn overview_rows(
        &self,
        audience: Audience,
        lapsed_before: Millis,
    ) -> StoreResult<Vec<OverviewRow>> {
        let records: Vec<OverviewRecord> = with_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(audience.as_str())
                .bind(lapsed_before.raw())
                .fetch_all(pool)
                .await?
        });
        records.into_iter().map(OverviewRow::try_from).collect()
    }
}
