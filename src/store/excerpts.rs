//! Excerpts: creation, edits (which withdraw consent in the same transaction) and status changes.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::consent::{LiveConsent, live_consents_of, withdraw_all_in_tx};
use super::{Store, StoreError, StoreResult, uuid_from};
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, ExcerptId, ExcerptStatus, ExcerptVersion, ParticipantId, Role, StoryId,
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

const COLUMNS: &str = "id, story_id, participant_id, content_sealed, review_comment_sealed, status, version, approved_sha256";

fn excerpt_from_row(row: &SqliteRow) -> StoreResult<ExcerptRow> {
    let status: String = row.try_get("status")?;
    let comment: Option<Vec<u8>> = row.try_get("review_comment_sealed")?;
    Ok(ExcerptRow {
        id: ExcerptId::from_uuid(uuid_from(row.try_get("id")?, "excerpts.id")?),
        story_id: StoryId::from_uuid(uuid_from(row.try_get("story_id")?, "excerpts.story_id")?),
        participant_id: ParticipantId::from_uuid(uuid_from(
            row.try_get("participant_id")?,
            "excerpts.participant_id",
        )?),
        content_sealed: Sealed::from_stored(row.try_get("content_sealed")?),
        review_comment_sealed: comment.map(Sealed::from_stored),
        status: ExcerptStatus::parse(&status).ok_or(StoreError::Corrupt("excerpts.status"))?,
        version: ExcerptVersion::new(row.try_get("version")?)
            .ok_or(StoreError::Corrupt("excerpts.version"))?,
        approved_sha256: row.try_get("approved_sha256")?,
        consents: Vec::new(),
    })
}

/// Outcome of a change that names the version it expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionedChange {
    Done,
    /// The excerpt exists but is at another version or status than the change expects.
    Conflict,
    NotFound,
}

impl Store {
    pub async fn insert_excerpt(&self, e: &NewExcerpt) -> StoreResult<()> {
        let now = Millis::now().raw();
        sqlx::query(
            "INSERT INTO excerpts (id, story_id, participant_id, content_sealed, status, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'draft', 1, $5, $5)",
        )
        .bind(e.id.as_uuid())
        .bind(e.story_id.as_uuid())
        .bind(e.participant_id.as_uuid())
        .bind(e.content_sealed.as_bytes())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn excerpt(&self, id: ExcerptId) -> StoreResult<Option<ExcerptRow>> {
        let sql = format!("SELECT {COLUMNS} FROM excerpts WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut excerpt = excerpt_from_row(&row)?;
        excerpt.consents = live_consents_of(&self.pool, id).await?;
        Ok(Some(excerpt))
    }

    pub async fn excerpts_of_participant(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<ExcerptRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM excerpts WHERE participant_id = $1 ORDER BY created_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(participant.as_uuid())
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut excerpt = excerpt_from_row(row)?;
            excerpt.consents = live_consents_of(&self.pool, excerpt.id).await?;
            out.push(excerpt);
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
        by: (AccountId, Role),
    ) -> StoreResult<VersionedChange> {
        let now = Millis::now();
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE excerpts SET content_sealed = $3, version = version + 1, status = 'draft', \
             review_comment_sealed = NULL, approved_sha256 = NULL, updated_at = $4 WHERE id = $1 AND version = $2",
        )
        .bind(id.as_uuid())
        .bind(expected.get())
        .bind(content.as_bytes())
        .bind(now.raw())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(missing_or_conflict(&mut tx, id).await?);
        }
        withdraw_all_in_tx(&mut tx, id, by, now).await?;
        tx.commit().await?;
        Ok(VersionedChange::Done)
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
        let mut tx = self.pool.begin().await?;
        let query = match review {
            None => sqlx::query(
                "UPDATE excerpts SET status = $4, updated_at = $5 WHERE id = $1 AND version = $2 AND status = $3",
            ),
            Some(_) => sqlx::query(
                "UPDATE excerpts SET status = $4, updated_at = $5, review_comment_sealed = $6, approved_sha256 = $7 \
                 WHERE id = $1 AND version = $2 AND status = $3",
            ),
        };
        let mut query = query
            .bind(id.as_uuid())
            .bind(expected.get())
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(Millis::now().raw());
        if let Some((comment, sha)) = review {
            query = query
                .bind(comment.map(|c| c.as_bytes().to_vec()))
                .bind(sha.map(str::to_string));
        }
        if query.execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(missing_or_conflict(&mut tx, id).await?);
        }
        tx.commit().await?;
        Ok(VersionedChange::Done)
    }
}

async fn missing_or_conflict(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: ExcerptId,
) -> Result<VersionedChange, sqlx::Error> {
    let exists = sqlx::query("SELECT 1 FROM excerpts WHERE id = $1")
        .bind(id.as_uuid())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(if exists.is_some() {
        VersionedChange::Conflict
    } else {
        VersionedChange::NotFound
    })
}
