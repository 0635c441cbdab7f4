//! Stories: recorded by workers, readable by their responsible workers and their owner.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ContentCaller, WorkerCaller};
use super::error::ErrorBody;
use super::ids::parse_id;
use super::json::{ApiJson, STORY_BODY};
use super::state::Svc;
use crate::domain::{ParticipantId, StoryId};
use crate::error::AppError;
use crate::service::NewStoryInput;
use crate::service::StoryView;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStoryRequest {
    #[schema(max_length = 200)]
    pub title: String,
    /// Up to 200 KB of text.
    pub body: String,
    /// Ids from `GET /api/v1/themes`.
    pub themes: Vec<String>,
    /// `YYYY-MM-DD`
    #[schema(format = Date)]
    pub recorded_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct StoryCreated {
    #[schema(value_type = String, format = Uuid)]
    pub id: StoryId,
    #[schema(value_type = String, format = Uuid)]
    pub participant_id: ParticipantId,
    pub title: String,
    pub themes: Vec<String>,
    pub recorded_on: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct StorySummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: StoryId,
    pub title: String,
    pub themes: Vec<String>,
    pub recorded_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct StoryList {
    pub items: Vec<StorySummary>,
}

#[derive(Serialize, ToSchema)]
pub struct StoryDetail {
    #[schema(value_type = String, format = Uuid)]
    pub id: StoryId,
    #[schema(value_type = String, format = Uuid)]
    pub participant_id: ParticipantId,
    pub title: String,
    pub body: String,
    pub themes: Vec<String>,
    pub recorded_on: String,
    pub created_at: String,
}

pub fn story_summaries(stories: Vec<StoryView>) -> StoryList {
    StoryList {
        items: stories
            .into_iter()
            .map(|s| StorySummary {
                id: s.id,
                title: s.title,
                themes: s.themes,
                recorded_on: s.recorded_on,
            })
            .collect(),
    }
}

#[utoipa::path(tag = "stories", security(("bearer" = [])), params(("id" = String, Path)), request_body = NewStoryRequest,
    responses((status = 201, body = StoryCreated), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
#[post("/participants/{id}/stories")]
pub async fn create_story(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
    body: ApiJson<NewStoryRequest, STORY_BODY>,
) -> Result<HttpResponse, AppError> {
    let participant = parse_id(&id)?;
    let NewStoryRequest {
        title,
        body,
        themes,
        recorded_on,
    } = body.0;
    let s = svc
        .create_story(
            &caller.0,
            participant,
            NewStoryInput {
                title,
                body,
                themes,
                recorded_on,
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(StoryCreated {
        id: s.id,
        participant_id: s.participant_id,
        title: s.title,
        themes: s.themes,
        recorded_on: s.recorded_on,
        created_at: s.created_at.to_rfc3339(),
    }))
}

#[utoipa::path(tag = "stories", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = StoryList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/participants/{id}/stories")]
pub async fn list_stories(
    svc: Svc,
    caller: ContentCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let stories = svc.list_stories(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(story_summaries(stories)))
}

/// Reading a story's body is written to the young person's access log (unless they read it).
#[utoipa::path(tag = "stories", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = StoryDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/stories/{id}")]
pub async fn get_story(
    svc: Svc,
    caller: ContentCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let s = svc.get_story(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(StoryDetail {
        id: s.id,
        participant_id: s.participant_id,
        title: s.title,
        body: s.body.unwrap_or_default(),
        themes: s.themes,
        recorded_on: s.recorded_on,
        created_at: s.created_at.to_rfc3339(),
    }))
}

/// Deletes the story and its excerpts (responsible worker or owner).
#[utoipa::path(tag = "stories", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/stories/{id}")]
pub async fn delete_story(
    svc: Svc,
    caller: ContentCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    svc.delete_story(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::NoContent().finish())
}
