//! Recording stories, and reading them back (only for their responsible workers and owner).

use super::{Caller, Service};
use crate::domain::story::BodyError;
use crate::domain::time::Millis;
use crate::domain::{FieldError, ParticipantId, RecordedOn, StoryBody, StoryId, StoryTitle};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{NewStory, StoryRow};
use crate::vault::{Field, ParticipantKey, SealContext};

pub struct StoryView {
    pub id: StoryId,
    pub participant_id: ParticipantId,
    pub title: String,
    pub body: Option<String>,
    pub themes: Vec<String>,
    pub recorded_on: String,
    pub created_at: Millis,
}

pub struct NewStoryInput {
    pub title: String,
    pub body: String,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

impl Service {
    pub async fn create_story(
        &self,
        caller: &Caller,
        participant: ParticipantId,
        input: NewStoryInput,
    ) -> AppResult<StoryView> {
        self.authorize(caller, Action::CreateStory)?;
        self.authorize_for(caller, Action::CreateStory, participant)
            .await?;

        let mut problems = Vec::new();
        let title = StoryTitle::parse(input.title)
            .map_err(|e| problems.push(e))
            .ok();
        let body = match StoryBody::parse(input.body) {
            Ok(b) => Some(b),
            Err(BodyError::TooLarge) => return Err(AppError::PayloadTooLarge),
            Err(BodyError::Invalid(e)) => {
                problems.push(e);
                None
            }
        };
        let today = Millis::now().to_datetime().date();
        let recorded_on = RecordedOn::parse(&input.recorded_on, today)
            .map_err(|e| problems.push(e))
            .ok();
        let themes = self
            .parse_themes(input.themes)
            .map_err(|e| problems.push(e))
            .ok();
        let (Some(title), Some(body), Some(recorded_on), Some(themes)) =
            (title, body, recorded_on, themes)
        else {
            return Err(AppError::Validation(problems));
        };

        let key = self.participant_key(participant).await?;
        let id = StoryId::generate();
        let story = NewStory {
            id,
            participant_id: participant,
            title_sealed: key.seal_str(
                SealContext::new(Field::StoryTitle, id.as_uuid()),
                title.as_str(),
            )?,
            body_sealed: key.seal_str(
                SealContext::new(Field::StoryBody, id.as_uuid()),
                body.as_str(),
            )?,
            themes,
            recorded_on: recorded_on.to_iso(),
        };
        let created_at = self.inner.store.insert_story(&story).await?;
        tracing::info!(story_id = %id, participant_id = %participant, "story recorded");
        Ok(StoryView {
            id,
            participant_id: participant,
            title: title.as_str().to_string(),
            body: None,
            themes: story.themes,
            recorded_on: story.recorded_on,
            created_at,
        })
    }

    /// Themes must come from the vocabulary; at least one, no repeats.
    fn parse_themes(&self, themes: Vec<String>) -> Result<Vec<String>, FieldError> {
        if themes.is_empty() {
            return Err(FieldError::new("themes", "required"));
        }
        if themes.len() > self.inner.policies.themes.len() {
            return Err(FieldError::new("themes", "too_many"));
        }
        let mut out: Vec<String> = Vec::with_capacity(themes.len());
        for theme in themes {
            if !self.inner.policies.is_theme(&theme) {
                return Err(FieldError::new("themes", "unknown_theme"));
            }
            if !out.contains(&theme) {
                out.push(theme);
            }
        }
        Ok(out)
    }

    pub async fn list_stories(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<Vec<StoryView>> {
        self.authorize(caller, Action::ListStories)?;
        self.authorize_for(caller, Action::ListStories, participant)
            .await?;
        let rows = self
            .inner
            .store
            .stories_of_participant(participant, false)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        self.log_read(caller, participant, "story_titles", participant.as_uuid())
            .await?;
        let key = self.participant_key(participant).await?;
        rows.into_iter().map(|row| story_view(&key, row)).collect()
    }

    /// A story's owner or responsible worker; anyone else gets a 404.
    pub(super) async fn visible_story(
        &self,
        caller: &Caller,
        action: Action,
        id: StoryId,
    ) -> AppResult<StoryRow> {
        let row = self
            .inner
            .store
            .story(id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize_for(caller, action, row.participant_id)
            .await?;
        Ok(row)
    }

    pub async fn get_story(&self, caller: &Caller, id: StoryId) -> AppResult<StoryView> {
        self.authorize(caller, Action::ReadStory)?;
        let row = self.visible_story(caller, Action::ReadStory, id).await?;
        let key = self.participant_key(row.participant_id).await?;
        let view = story_view(&key, row)?;
        self.log_read(caller, view.participant_id, "story", id.as_uuid())
            .await?;
        Ok(view)
    }

    pub async fn delete_story(&self, caller: &Caller, id: StoryId) -> AppResult<()> {
        self.authorize(caller, Action::DeleteStory)?;
        self.visible_story(caller, Action::DeleteStory, id).await?;
        self.journal_story_deletion(id).await?;
        if !self.inner.store.delete_story(id).await? {
            return Err(AppError::NotFound);
        }
        tracing::info!(story_id = %id, "story deleted");
        Ok(())
    }
}

/// Opens a story row's title (and body, when the row carries it).
pub(super) fn story_view(key: &ParticipantKey, row: StoryRow) -> AppResult<StoryView> {
    let title = key.open_string(
        SealContext::new(Field::StoryTitle, row.id.as_uuid()),
        &row.title_sealed,
    )?;
    let body = row
        .body_sealed
        .as_ref()
        .map(|b| key.open_string(SealContext::new(Field::StoryBody, row.id.as_uuid()), b))
        .transpose()?;
    Ok(StoryView {
        id: row.id,
        participant_id: row.participant_id,
        title,
        body,
        themes: row.themes,
        recorded_on: row.recorded_on,
        created_at: row.created_at,
    })
}
