//! The facts the theme overview counts: for each consent of one audience, the visibility facts,
//! the story's themes and its recording date. No content: the overview never decrypts anything.
//!
//! Like the feed's page query, this selects candidates with the visibility rule's conditions in
//! SQL; the service passes every row through `domain::visibility::is_visible` before counting it.

use super::stories::split_themes;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::visibility::Grant;
use crate::domain::{Audience, ExcerptStatus, ExcerptVersion};

pub struct OverviewRow {
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    /// The young person's grant for this audience.
    pub youth: Grant,
    /// A guardian's grant for this audience, if any.
    pub guardian: Option<Grant>,
    pub birth_year: i32,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

#[derive(sqlx::FromRow)]
struct OverviewRecord {
    status: String,
    version: i64,
    consent_version: i64,
    expires_at: i64,
    consent_text_version: i64,
    guardian_version: Option<i64>,
    guardian_expires_at: Option<i64>,
    guardian_consent_text_version: Option<i64>,
    birth_year: i64,
    themes: String,
    recorded_on: String,
}

fn grant(version: i64, consent_text_version: i64, expires_at: i64) -> StoreResult<Grant> {
    Ok(Grant {
        version: ExcerptVersion::new(version).ok_or(StoreError::Corrupt("consents.version"))?,
        consent_text_version,
        expires_at: Millis::from_raw(expires_at),
    })
}

impl TryFrom<OverviewRecord> for OverviewRow {
    type Error = StoreError;
    fn try_from(r: OverviewRecord) -> StoreResult<Self> {
        Ok(OverviewRow {
            status: ExcerptStatus::parse(&r.status)
                .ok_or(StoreError::Corrupt("excerpts.status"))?,
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("excerpts.version"))?,
            youth: grant(r.consent_version, r.consent_text_version, r.expires_at)?,
            guardian: match (
                r.guardian_version,
                r.guardian_consent_text_version,
                r.guardian_expires_at,
            ) {
                (Some(v), Some(ctv), Some(expires)) => Some(grant(v, ctv, expires)?),
                _ => None,
            },
            birth_year: i32::try_from(r.birth_year)
                .map_err(|_| StoreError::Corrupt("participants.birth_year"))?,
            themes: split_themes(&r.themes),
            recorded_on: r.recorded_on,
        })
    }
}

const SQL: &str = "SELECT e.status, e.version, c.version AS consent_version, c.expires_at, \
     c.consent_text_version, g.version AS guardian_version, g.expires_at AS guardian_expires_at, \
     g.consent_text_version AS guardian_consent_text_version, p.birth_year, s.themes, s.recorded_on \
     FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
     JOIN participants p ON p.id = e.participant_id \
     LEFT JOIN guardian_consents g ON g.excerpt_id = c.excerpt_id AND g.audience = c.audience \
     WHERE c.audience = $1 AND e.status = 'approved' AND c.version = e.version AND c.expires_at > $2";

impl Store {
    /// Every excerpt an audience may currently see, without its content.
    pub async fn overview_rows(
        &self,
        audience: Audience,
        now: Millis,
    ) -> StoreResult<Vec<OverviewRow>> {
        let records: Vec<OverviewRecord> = with_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(audience.as_str())
                .bind(now.raw())
                .fetch_all(pool)
                .await?
        });
        records.into_iter().map(OverviewRow::try_from).collect()
    }
}
