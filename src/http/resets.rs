//! Password resets of a young person's account by two people: the responsible worker asks, an
//! admin approves (ending every session of the account), the worker fetches the one-time code
//! once and hands it over.

use actix_web::{HttpResponse, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::{AdminCaller, WorkerCaller};
use super::error::ErrorBody;
use super::ids::parse_id;
use super::state::Svc;
use crate::domain::ParticipantId;
use crate::error::AppError;
use crate::store::ResetRequestRow;

#[derive(Serialize, ToSchema)]
pub struct ResetRequestItem {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub participant_id: String,
    pub requested_at: String,
    /// `requested`, `approved`, `code_issued` or `completed`.
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResetRequestList {
    pub items: Vec<ResetRequestItem>,
}

#[derive(Serialize, ToSchema)]
pub struct ResetCodeResponse {
    /// Shown once; hand it to the young person, who sets a new password with it.
    pub reset_code: String,
    pub expires_at: String,
}

impl From<ResetRequestRow> for ResetRequestItem {
    fn from(r: ResetRequestRow) -> Self {
        let status = if r.completed_at.is_some() {
            "completed"
        } else if r.code_issued {
            "code_issued"
        } else if r.approved_at.is_some() {
            "approved"
        } else {
            "requested"
        };
        Self {
            id: r.id.to_string(),
            participant_id: r.participant_id.to_string(),
            requested_at: r.requested_at.to_rfc3339(),
            status: status.into(),
        }
    }
}

/// The responsible worker asks for a reset of the young person's password (409 `no_account`
/// while they have none).
#[utoipa::path(tag = "participants", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 201, body = ResetRequestItem), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/participants/{id}/reset-requests")]
pub async fn request_reset(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let participant: ParticipantId = parse_id(&id)?;
    let row = svc.request_reset(&caller.0, participant).await?;
    Ok(HttpResponse::Created().json(ResetRequestItem::from(row)))
}

/// Requests waiting for an admin's approval.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = ResetRequestList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/reset-requests")]
pub async fn open_reset_requests(svc: Svc, caller: AdminCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .open_reset_requests(&caller.0)
        .await?
        .into_iter()
        .map(ResetRequestItem::from)
        .collect();
    Ok(HttpResponse::Ok().json(ResetRequestList { items }))
}

/// An admin approves a request: every session of the account ends at once.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/reset-requests/{id}/approve")]
pub async fn approve_reset(
    svc: Svc,
    caller: AdminCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: Uuid = parse_id(&id)?;
    svc.approve_reset(&caller.0, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The worker who asked fetches the one-time reset code of an approved request, once.
#[utoipa::path(tag = "participants", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 201, body = ResetCodeResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/reset-requests/{id}/code")]
pub async fn reset_code(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: Uuid = parse_id(&id)?;
    let (code, expires) = svc.reset_code(&caller.0, id).await?;
    Ok(HttpResponse::Created().json(ResetCodeResponse {
        reset_code: code.expose().to_string(),
        expires_at: expires.to_rfc3339(),
    }))
}
