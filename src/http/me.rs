//! The young person's own data.

use actix_web::{HttpResponse, delete, get, post};
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

#[derive(Serialize, ToSchema)]
pub struct SecurityEventItem {
    pub at: String,
    /// `staff_reset_requested`, `staff_reset_approved`, `password_set_with_reset_code`,
    /// `password_set_with_recovery_code`.
    pub kind: String,
    pub actor_role: String,
}

#[derive(Serialize, ToSchema)]
pub struct SecurityEventList {
    pub items: Vec<SecurityEventItem>,
}

#[derive(Serialize, ToSchema)]
pub struct HeldGrantItem {
    /// `approval` (of the excerpt's text) or `grant` (a yes for one audience).
    pub kind: String,
    #[schema(format = Uuid)]
    pub excerpt_id: String,
    /// For a grant: which audience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<crate::domain::Audience>,
    pub version: i64,
    pub at: String,
}

#[derive(Serialize, ToSchema)]
pub struct HeldGrantList {
    pub items: Vec<HeldGrantItem>,
}

#[derive(Serialize, ToSchema)]
pub struct ConfirmedGrants {
    /// Held grants that took effect (others were for a text that has changed since).
    pub applied: usize,
}

/// What happened to my account: password resets asked for and approved by staff, recovery
/// codes used.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = SecurityEventList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/me/security-events")]
pub async fn my_security_events(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .my_security_events(&caller.0)
        .await?
        .into_iter()
        .map(|e| SecurityEventItem {
            at: e.at.to_rfc3339(),
            kind: e.kind,
            actor_role: e.actor_role,
        })
        .collect();
    Ok(HttpResponse::Ok().json(SecurityEventList { items }))
}

/// Approvals and grants I gave in the 7 days after a staff reset: not in effect until I confirm
/// them.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = HeldGrantList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/me/held-grants")]
pub async fn my_held_grants(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let approvals = svc.my_held_approvals(&caller.0).await?;
    let grants = svc.my_held_grants(&caller.0).await?;
    let items = approvals
        .into_iter()
        .map(|a| HeldGrantItem {
            kind: "approval".into(),
            excerpt_id: a.excerpt_id.to_string(),
            audience: None,
            version: a.version.get(),
            at: a.at.to_rfc3339(),
        })
        .chain(grants.into_iter().map(|g| HeldGrantItem {
            kind: "grant".into(),
            excerpt_id: g.excerpt_id.to_string(),
            audience: Some(g.audience),
            version: g.version.get(),
            at: g.at.to_rfc3339(),
        }))
        .collect();
    Ok(HttpResponse::Ok().json(HeldGrantList { items }))
}

/// Puts my held approvals and grants into effect. Only from a session opened with my own password (409
/// `password_login_required` from the session a reset code opened).
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = ConfirmedGrants), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody)))]
#[post("/me/held-grants/confirm")]
pub async fn confirm_held_grants(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let applied = svc.confirm_held_grants(&caller.0).await?;
    Ok(HttpResponse::Ok().json(ConfirmedGrants { applied }))
}
