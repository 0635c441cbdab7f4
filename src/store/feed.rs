//! The candidates for an audience's feed, paged by keyset on (audience, feed_id).
//!
//! The page query applies the visibility rule's conditions in SQL so that pages come back full;
//! the service still passes every row through `domain::visibility::is_visible`, the one place the
//! rule is decided. The single-item lookup filters on nothing but the id, so there the rule alone
//! decides.

use uuid::Uuid;

use super::stories::split_themes;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::visibility::Grant;
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

const SELECT: &str = "SELECT c.feed_id, e.id AS excerpt_id, e.participant_id, e.content_sealed, e.status, \
     e.version, c.version AS consent_version, c.expires_at, c.consent_text_version, \
     g.version AS guardian_version, g.expires_at AS guardian_expires_at, \
     g.consent_text_version AS guardian_consent_text_version, p.birth_year, c.text_sha256, \
     s.themes, s.recorded_on \
     FROM consents c JOIN excerpts e ON e.id = c.excerpt_id JOIN stories s ON s.id = e.story_id \
     JOIN participants p ON p.id = e.participant_id \
     LEFT JOIN guardian_consents g ON g.excerpt_id = c.excerpt_id AND g.audience = c.audience";

impl Store {
    pub async fn feed_page(&self, q: &FeedQuery<'_>) -> StoreResult<Vec<FeedRow>> {
        let theme_filter = if q.theme.is_some() {
            "AND EXISTS (SELECT 1 FROM story_themes t WHERE t.story_id = s.id AND t.theme = $5)"
        } else {
            // Keeps the parameter count the same; a NULL theme matches every story.
            "AND $5::text IS NULL"
        };
        let sql = format!(
            "{SELECT} WHERE c.audience = $1 AND c.feed_id > $2 AND e.status = 'approved' \
             AND c.version = e.version AND c.expires_at > $3 AND c.consent_text_version = $7 \
             AND (p.birth_year < $6 OR (g.version = e.version AND g.expires_at > $3 \
             AND g.consent_text_version = $7)) {theme_filter} ORDER BY c.feed_id LIMIT $4"
        );
        let after: Vec<u8> = q.after.map(|a| a.as_bytes().to_vec()).unwrap_or_default();
        let records: Vec<FeedRecord> = with_pool!(self, pool => {
            let sql = match self.db {
                super::Db::Sqlite(_) => sql.replace("$5::text", "$5"),
                super::Db::Postgres(_) => sql.clone(),
            };
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(q.audience.as_str())
                .bind(after.clone())
                .bind(q.now.raw())
                .bind(i64::from(q.limit))
                .bind(q.theme)
                .bind(i64::from(q.adult_born_before))
                .bind(q.consent_text_version)
                .fetch_all(pool)
                .await?
        });
        records.into_iter().map(FeedRow::try_from).collect()
    }

    pub async fn feed_item(
        &self,
        audience: Audience,
        id: &FeedItemId,
    ) -> StoreResult<Option<FeedRow>> {
        let sql = format!("{SELECT} WHERE c.audience = $1 AND c.feed_id = $2");
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
