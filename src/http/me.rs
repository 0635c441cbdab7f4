//! The young person's own data.

use actix_web::{HttpResponse, delete, get};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::YouthCaller;
use super::error::ErrorBody;
use super::excerpts::{ExcerptList, ExcerptResponse};
use super::state::Svc;
use super::stories::{StoryList, story_summaries};
use crate::error::AppError;

#[derive(Serialize, ToSchema)]
pub struct AccessLogItem {
    pub at: String,
    pub actor_role: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// 1 for an individual read (a worker's); for reads by an audience, kept per excerpt, role and
    /// day, how many, with `at` the start (UTC midnight) of that day.
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLogList {
    pub items: Vec<AccessLogItem>,
}

#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = ExcerptList), (status = 403, body = ErrorBody)))]
#[get("/me/excerpts")]
pub async fn my_excerpts(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .my_excerpts(&caller.0)
        .await?
        .into_iter()
        .map(ExcerptResponse::from)
        .collect();
    Ok(HttpResponse::Ok().json(ExcerptList { items }))
}

#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = StoryList), (status = 403, body = ErrorBody)))]
#[get("/me/stories")]
pub async fn my_stories(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(story_summaries(svc.my_stories(&caller.0).await?)))
}

/// Every time anyone else read my story or excerpt text.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = AccessLogList), (status = 403, body = ErrorBody)))]
#[get("/me/access-log")]
pub async fn my_access_log(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .my_access_log(&caller.0)
        .await?
        .into_iter()
        .map(|a| AccessLogItem {
            at: a.at.to_rfc3339(),
            actor_role: a.actor_role,
            action: a.action,
            object_type: a.object_type,
            object_id: a.object_id.to_string(),
            count: a.count,
        })
        .collect();
    Ok(HttpResponse::Ok().json(AccessLogList { items }))
}

/// Everything stored about me, decrypted.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = Object), (status = 403, body = ErrorBody)))]
#[get("/me/export")]
pub async fn my_export(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(svc.my_export(&caller.0).await?))
}

/// Erases me: participant record, stories, excerpts, consent, keys; my account ends.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = ErrorBody)))]
#[delete("/me")]
pub async fn erase_me(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    svc.erase_me(&caller.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
