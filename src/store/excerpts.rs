//! Excerpts: creation, edits (which withdraw consent in the same transaction) and status changes.

use uuid::Uuid;

use super::consent::{LiveConsent, LiveConsentRecord, withdraw_all};
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
    pub consents: Vec<LiveConsent>,
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
    fn into_row(self, consents: Vec<LiveConsent>) -> StoreResult<ExcerptRow> {
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
        let (record, consents): (Option<ExcerptRecord>, Vec<LiveConsentRecord>) = with_pool!(self, pool => {
            let record = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(pool).await?;
            let consents = sqlx::query_as(
                "SELECT excerpt_id, audience, version, granted_at FROM consents WHERE excerpt_id = $1",
            )
            .bind(id.as_uuid())
            .fetch_all(pool)
            .await?;
            (record, consents)
        });
        let Some(record) = record else {
            return Ok(None);
        };
        let consents = consents
            .into_iter()
            .map(LiveConsent::try_from)
            .collect::<StoreResult<_>>()?;
        record.into_row(consents).map(Some)
    }

    pub async fn excerpts_of_participant(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<ExcerptRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM excerpts WHERE participant_id = $1 ORDER BY created_at, id"
        );
        let (records, consents): (Vec<ExcerptRecord>, Vec<LiveConsentRecord>) = with_pool!(self, pool => {
            let records = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant.as_uuid()).fetch_all(pool).await?;
            let consents = sqlx::query_as(
                "SELECT c.excerpt_id, c.audience, c.version, c.granted_at FROM consents c \
                 JOIN excerpts e ON e.id = c.excerpt_id WHERE e.participant_id = $1",
            )
            .bind(participant.as_uuid())
            .fetch_all(pool)
            .await?;
            (records, consents)
        });
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let mine = consents
                .iter()
                .filter(|c| c.excerpt_id == record.id)
                .cloned()
                .map(LiveConsent::try_from)
                .collect::<StoreResult<_>>()?;
            out.push(record.into_row(mine)?);
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
            tx.commit().await?;
            Ok(VersionedChange::Done)
        })
    }
}
