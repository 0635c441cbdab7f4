//! Stories and their themes.

use uuid::Uuid;

use super::{Store, StoreError, StoreResult};
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

#[derive(sqlx::FromRow)]
struct StoryRecord {
    id: Uuid,
    participant_id: Uuid,
    title_sealed: Vec<u8>,
    #[sqlx(default)]
    body_sealed: Option<Vec<u8>>,
    themes: String,
    recorded_on: String,
    created_at: i64,
}

impl From<StoryRecord> for StoryRow {
    fn from(r: StoryRecord) -> Self {
        StoryRow {
            id: StoryId::from_uuid(r.id),
            participant_id: ParticipantId::from_uuid(r.participant_id),
            title_sealed: Sealed::from_stored(r.title_sealed),
            body_sealed: r.body_sealed.map(Sealed::from_stored),
            themes: split_themes(&r.themes),
            recorded_on: r.recorded_on,
            created_at: Millis::from_raw(r.created_at),
        }
    }
}

/// Themes are kept in order as one comma-separated column (for reading) and as rows of
/// `story_themes` (for the feed's theme filter). Theme ids never contain a comma.
pub(super) fn split_themes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

const LIST_COLUMNS: &str =
    "s.id, s.participant_id, s.title_sealed, s.themes, s.recorded_on, s.created_at";
const FULL_COLUMNS: &str =
    "s.id, s.participant_id, s.title_sealed, s.body_sealed, s.themes, s.recorded_on, s.created_at";

impl Store {
    pub async fn insert_story(&self, story: &NewStory) -> StoreResult<Millis> {
        if story.themes.iter().any(|t| t.contains(',')) {
            return Err(StoreError::Corrupt("story_themes.theme"));
        }
        let now = Millis::now();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO stories (id, participant_id, title_sealed, body_sealed, themes, recorded_on, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(story.id.as_uuid())
            .bind(story.participant_id.as_uuid())
            .bind(story.title_sealed.as_bytes())
            .bind(story.body_sealed.as_bytes())
            .bind(story.themes.join(","))
            .bind(&story.recorded_on)
            .bind(now.raw())
            .execute(&mut *tx)
            .await?;
            for theme in &story.themes {
                sqlx::query("INSERT INTO story_themes (story_id, theme) VALUES ($1, $2)")
                    .bind(story.id.as_uuid())
                    .bind(theme)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(now)
        })
    }

    pub async fn story(&self, id: StoryId) -> StoreResult<Option<StoryRow>> {
        let sql = format!("SELECT {FULL_COLUMNS} FROM stories s WHERE s.id = $1");
        let record: Option<StoryRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(pool).await?
        });
        Ok(record.map(StoryRow::from))
    }

    /// The participant's stories; bodies only when asked for (the young person's export).
    pub async fn stories_of_participant(
        &self,
        participant: ParticipantId,
        with_bodies: bool,
    ) -> StoreResult<Vec<StoryRow>> {
        let columns = if with_bodies {
            FULL_COLUMNS
        } else {
            LIST_COLUMNS
        };
        let sql = format!(
            "SELECT {columns} FROM stories s WHERE s.participant_id = $1 ORDER BY s.created_at, s.id"
        );
        let records: Vec<StoryRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant.as_uuid()).fetch_all(pool).await?
        });
        Ok(records.into_iter().map(StoryRow::from).collect())
    }

    /// Deletes a story with its excerpts, consents and their ledger (by cascade), in one transaction.
    pub async fn delete_story(&self, id: StoryId) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("DELETE FROM stories WHERE id = $1")
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            tx.commit().await?;
            if done {
                self.checkpoint_after_erasure().await;
            }
            Ok(done)
        })
    }
}
