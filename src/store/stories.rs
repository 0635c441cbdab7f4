//! Stories and their themes.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{Store, StoreError, StoreResult, uuid_from};
use crate::domain::time::Millis;
use crate::domain::{ParticipantId, StoryId};
use crate::vault::Sealed;

pub struct NewStory {
    pub id: StoryId,
    pub participant_id: ParticipantId,
    pub title_sealed: Sealed,
    pub body_sealed: Sealed,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

pub struct StoryRow {
    pub id: StoryId,
    pub participant_id: ParticipantId,
    pub title_sealed: Sealed,
    /// Present only when asked for: listing stories never reads bodies.
    pub body_sealed: Option<Sealed>,
    pub themes: Vec<String>,
    pub recorded_on: String,
    pub created_at: Millis,
}

fn story_from_row(row: &SqliteRow, with_body: bool) -> StoreResult<StoryRow> {
    let themes: String = row.try_get("themes")?;
    Ok(StoryRow {
        id: StoryId::from_uuid(uuid_from(row.try_get("id")?, "stories.id")?),
        participant_id: ParticipantId::from_uuid(uuid_from(
            row.try_get("participant_id")?,
            "stories.participant_id",
        )?),
        title_sealed: Sealed::from_stored(row.try_get("title_sealed")?),
        body_sealed: if with_body {
            Some(Sealed::from_stored(row.try_get("body_sealed")?))
        } else {
            None
        },
        themes: split_themes(&themes),
        recorded_on: row.try_get("recorded_on")?,
        created_at: Millis::from_raw(row.try_get("created_at")?),
    })
}

/// Themes come back as one string aggregated in SQL; theme ids never contain a comma.
pub(super) fn split_themes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The themes of story `s`, comma-separated, in their original order.
pub(super) const THEMES_OF_STORY: &str = "COALESCE((SELECT group_concat(theme, ',') FROM (SELECT theme FROM story_themes t WHERE t.story_id = s.id ORDER BY position)), '')";

impl Store {
    pub async fn insert_story(&self, story: &NewStory) -> StoreResult<Millis> {
        let now = Millis::now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO stories (id, participant_id, title_sealed, body_sealed, recorded_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(story.id.as_uuid())
        .bind(story.participant_id.as_uuid())
        .bind(story.title_sealed.as_bytes())
        .bind(story.body_sealed.as_bytes())
        .bind(&story.recorded_on)
        .bind(now.raw())
        .execute(&mut *tx)
        .await?;
        for (position, theme) in story.themes.iter().enumerate() {
            if theme.contains(',') {
                return Err(StoreError::Corrupt("story_themes.theme"));
            }
            sqlx::query("INSERT INTO story_themes (story_id, theme, position) VALUES ($1, $2, $3)")
                .bind(story.id.as_uuid())
                .bind(theme)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(now)
    }

    pub async fn story(&self, id: StoryId) -> StoreResult<Option<StoryRow>> {
        let sql = format!(
            "SELECT s.id, s.participant_id, s.title_sealed, s.body_sealed, s.recorded_on, s.created_at, \
             {THEMES_OF_STORY} AS themes FROM stories s WHERE s.id = $1"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(|r| story_from_row(r, true))
            .transpose()
    }

    /// The participant's stories without their bodies.
    pub async fn stories_of_participant(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<StoryRow>> {
        let sql = format!(
            "SELECT s.id, s.participant_id, s.title_sealed, s.recorded_on, s.created_at, \
             {THEMES_OF_STORY} AS themes FROM stories s WHERE s.participant_id = $1 ORDER BY s.created_at, s.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(participant.as_uuid())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| story_from_row(r, false)).collect()
    }

    /// The participant's stories with their bodies (for the young person's export).
    pub async fn stories_of_participant_with_bodies(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<StoryRow>> {
        let sql = format!(
            "SELECT s.id, s.participant_id, s.title_sealed, s.body_sealed, s.recorded_on, s.created_at, \
             {THEMES_OF_STORY} AS themes FROM stories s WHERE s.participant_id = $1 ORDER BY s.created_at, s.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(participant.as_uuid())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| story_from_row(r, true)).collect()
    }

    /// Deletes a story with its excerpts, consents and their ledger (by cascade), in one transaction.
    pub async fn delete_story(&self, id: StoryId) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM stories WHERE id = $1")
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(done)
    }
}
