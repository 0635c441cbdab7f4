//! Excerpts: creation, edits (which withdraw consent in the same transaction) and status changes.

use uuid::Uuid;

use super::consent::{LIVE_COLUMNS, LiveConsent, LiveConsentRecord, withdraw_all};
use super::feed::refresh_feed;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, ExcerptId, ExcerptStatus, ExcerptVersion, ParticipantId, Role, SessionOrigin,
    StoryId,
};
use crate::vault::Sealed;

pub struct NewExcerpt {
    pub id: ExcerptId,
    pub story_id: StoryId,
    pub participant_id: ParticipantId,
    pub content_sealed: Sealed,
}

pub struct ExcerptRow {
    pub id: ExcerptId,
    pub story_id: StoryId,
    pub participant_id: ParticipantId,
    pub content_sealed: Sealed,
    pub review_comment_sealed: Option<Sealed>,
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    pub approved_sha256: Option<String>,
    /// The young person's grants on record (the visibility rule decides whether they hold).
    pub consents: Vec<LiveConsent>,
    /// Guardians' grants on record.
    pub guardian_consents: Vec<LiveConsent>,
}

#[derive(sqlx::FromRow)]
struct ExcerptRecord {
    id: Uuid,
    story_id: Uuid,
    participant_id: Uuid,
    content_sealed: Vec<u8>,
    review_comment_sealed: Option<Vec<u8>>,
    status: String,
    version: i64,
    approved_sha256: Option<String>,
}

impl ExcerptRecord {
    fn into_row(
        self,
        consents: Vec<LiveConsent>,
        guardian_consents: Vec<LiveConsent>,
    ) -> StoreResult<ExcerptRow> {
        Ok(ExcerptRow {
            id: ExcerptId::from_uuid(self.id),
            story_id: StoryId::from_uuid(self.story_id),
            participant_id: ParticipantId::from_uuid(self.participant_id),
            content_sealed: Sealed::from_stored(self.content_sealed),
            review_comment_sealed: self.review_comment_sealed.map(Sealed::from_stored),
            status: ExcerptStatus::parse(&self.status)
                .ok_or(StoreError::Corrupt("excerpts.status"))?,
            version: ExcerptVersion::new(self.version)
                .ok_or(StoreError::Corrupt("excerpts.version"))?,
            approved_sha256: self.approved_sha256,
            consents,
            guardian_consents,
        })
    }
}

const COLUMNS: &str = "id, story_id, participant_id, content_sealed, review_comment_sealed, status, version, approved_sha256";

/// Outcome of a change that names the version it expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionedChange {
    Done,
    /// The excerpt exists but is at another version or status than the change expects.
    Conflict,
    NotFound,
}

/// After an update that touched no row: was the excerpt gone, or in another state?
macro_rules! missing_or_conflict {
    ($tx:expr, $id:expr) => {{
        let exists = sqlx::query("SELECT 1 FROM excerpts WHERE id = $1")
            .bind($id.as_uuid())
            .fetch_optional(&mut *$tx)
            .await?;
        Ok(if exists.is_some() {
            VersionedChange::Conflict
        } else {
            VersionedChange::NotFound
        })
    }};
}

impl Store {
    pub async fn insert_excerpt(&self, e: &NewExcerpt) -> StoreResult<()> {
        let now = Millis::now().raw();
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO excerpts (id, story_id, participant_id, content_sealed, status, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'draft', 1, $5, $5)",
            )
            .bind(e.id.as_uuid())
            .bind(e.story_id.as_uuid())
            .bind(e.participant_id.as_uuid())
            .bind(e.content_sealed.as_bytes())
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn excerpt(&self, id: ExcerptId) -> StoreResult<Option<ExcerptRow>> {
        let sql = format!("SELECT {COLUMNS} FROM excerpts WHERE id = $1");
        let youth_sql = format!("SELECT {LIVE_COLUMNS} FROM consents WHERE excerpt_id = $1");
        let guardian_sql =
            format!("SELECT {LIVE_COLUMNS} FROM guardian_consents WHERE excerpt_id = $1");
        type Records = (
            Option<ExcerptRecord>,
            Vec<LiveConsentRecord>,
            Vec<LiveConsentRecord>,
        );
        let (record, youth, guardian): Records = with_pool!(self, pool => {
            let record = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(pool).await?;
            let youth = sqlx::query_as(sqlx::AssertSqlSafe(youth_sql)).bind(id.as_uuid()).fetch_all(pool).await?;
            let guardian = sqlx::query_as(sqlx::AssertSqlSafe(guardian_sql)).bind(id.as_uuid()).fetch_all(pool).await?;
            (record, youth, guardian)
        });
        let Some(record) = record else {
            return Ok(None);
        };
        record
            .into_row(live_of(&youth, None)?, live_of(&guardian, None)?)
            .map(Some)
    }

    pub async fn excerpts_of_participant(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<ExcerptRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM excerpts WHERE participant_id = $1 ORDER BY created_at, id"
        );
        let of_participant = |table: &str| {
            format!(
                "SELECT {} FROM {table} c JOIN excerpts e ON e.id = c.excerpt_id WHERE e.participant_id = $1",
                LIVE_COLUMNS
                    .split(", ")
                    .map(|c| format!("c.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let (youth_sql, guardian_sql) = (
            of_participant("consents"),
            of_participant("guardian_consents"),
        );
        type Records = (
            Vec<ExcerptRecord>,
            Vec<LiveConsentRecord>,
            Vec<LiveConsentRecord>,
        );
        let (records, youth, guardian): Records = with_pool!(self, pool => {
            let records = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant.as_uuid()).fetch_all(pool).await?;
            let youth = sqlx::query_as(sqlx::AssertSqlSafe(youth_sql)).bind(participant.as_uuid()).fetch_all(pool).await?;
            let guardian = sqlx::query_as(sqlx::AssertSqlSafe(guardian_sql)).bind(participant.as_uuid()).fetch_all(pool).await?;
            (records, youth, guardian)
        });
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let id = Some(record.id);
            out.push(record.into_row(live_of(&youth, id)?, live_of(&guardian, id)?)?);
        }
        Ok(out)
    }

    /// Replaces the text: next version, back to draft, review undone, and every live consent
    /// withdrawn with a ledger entry, all in one transaction.
    pub async fn edit_excerpt(
        &self,
        id: ExcerptId,
        expected: ExcerptVersion,
        content: &Sealed,
        by: (AccountId, Role, SessionOrigin),
    ) -> StoreResult<VersionedChange> {
        let now = Millis::now();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query(
                "UPDATE excerpts SET content_sealed = $3, version = version + 1, status = 'draft', \
                 review_comment_sealed = NULL, approved_sha256 = NULL, updated_at = $4 \
                 WHERE id = $1 AND version = $2",
            )
            .bind(id.as_uuid())
            .bind(expected.get())
            .bind(content.as_bytes())
            .bind(now.raw())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return missing_or_conflict!(tx, id);
            }
            withdraw_all!(tx, id, by, now);
            tx.commit().await?;
            Ok(VersionedChange::Done)
        })
    }

    /// Moves the excerpt from `from` to `to` if it is still at `expected` and `from`; a review
    /// also stores the young person's comment and the hash of the approved text.
    pub async fn change_excerpt_status(
        &self,
        id: ExcerptId,
        expected: ExcerptVersion,
        from: ExcerptStatus,
        to: ExcerptStatus,
        review: Option<(Option<&Sealed>, Option<&str>)>,
    ) -> StoreResult<VersionedChange> {
        let sql = if review.is_some() {
            "UPDATE excerpts SET status = $4, updated_at = $5, review_comment_sealed = $6, \
             approved_sha256 = $7 WHERE id = $1 AND version = $2 AND status = $3"
        } else {
            "UPDATE excerpts SET status = $4, updated_at = $5 WHERE id = $1 AND version = $2 AND status = $3"
        };
        let (comment, sha) = review.unwrap_or((None, None));
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut query = sqlx::query(sql)
                .bind(id.as_uuid())
                .bind(expected.get())
                .bind(from.as_str())
                .bind(to.as_str())
                .bind(Millis::now().raw());
            if review.is_some() {
                query = query.bind(comment.map(|c| c.as_bytes().to_vec())).bind(sha.map(str::to_string));
            }
            if query.execute(&mut *tx).await?.rows_affected() == 0 {
                return missing_or_conflict!(tx, id);
            }
            refresh_feed!(tx, id.as_uuid());
            tx.commit().await?;
            Ok(VersionedChange::Done)
        })
    }
}

/// The grants among `records` that belong to excerpt `only` (all of them when `None`).
fn live_of(records: &[LiveConsentRecord], only: Option<Uuid>) -> StoreResult<Vec<LiveConsent>> {
    records
        .iter()
        .filter(|c| only.is_none_or(|id| c.excerpt_id == id))
        .cloned()
        .map(LiveConsent::try_from)
        .collect()
}
