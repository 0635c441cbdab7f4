//! Participants and their invites (worker), and invite redemption (anyone).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::WorkerCaller;
use super::client_addr::client_key;
use super::error::ErrorBody;
use super::ids::parse_id;
use super::integers::integer;
use super::json::ApiJson;
use super::sessions::SessionResponse;
use super::state::Svc;
use crate::domain::ParticipantId;
use crate::error::AppError;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipantRequest {
    #[serde(deserialize_with = "integer")]
    pub birth_year: i64,
    /// Names and places that must never be published; stored encrypted, used by the anonymiser.
    #[serde(default)]
    pub identifiers: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantCreatedResponse {
    #[schema(value_type = String, format = Uuid)]
    pub id: ParticipantId,
    pub pseudonym: String,
    /// Shown once.
    pub invite_code: String,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: ParticipantId,
    pub pseudonym: String,
    pub birth_year: i32,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantList {
    pub items: Vec<ParticipantItem>,
}

#[derive(Serialize, ToSchema)]
pub struct InviteResponse {
    pub invite_code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemRequest {
    pub code: String,
    pub username: String,
    #[schema(format = Password, min_length = 12)]
    pub password: String,
}

#[utoipa::path(tag = "participants", security(("bearer" = [])), request_body = NewParticipantRequest, responses(
    (status = 201, body = ParticipantCreatedResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[post("/participants")]
pub async fn create_participant(
    svc: Svc,
    caller: WorkerCaller,
    body: ApiJson<NewParticipantRequest>,
) -> Result<HttpResponse, AppError> {
    let NewParticipantRequest {
        birth_year,
        identifiers,
    } = body.0;
    let p = svc
        .create_participant(&caller.0, birth_year, identifiers)
        .await?;
    Ok(HttpResponse::Created().json(ParticipantCreatedResponse {
        id: p.id,
        pseudonym: p.pseudonym.as_str().to_string(),
        invite_code: p.invite_code.expose().to_string(),
    }))
}

/// Only participants the caller is responsible for.
#[utoipa::path(tag = "participants", security(("bearer" = [])), responses(
    (status = 200, body = ParticipantList), (status = 403, body = ErrorBody)))]
#[get("/participants")]
pub async fn list_participants(svc: Svc, caller: WorkerCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .list_participants(&caller.0)
        .await?
        .into_iter()
        .map(|p| ParticipantItem {
            id: p.id,
            pseudonym: p.pseudonym.as_str().to_string(),
            birth_year: p.birth_year.get(),
            created_at: p.created_at.to_rfc3339(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ParticipantList { items }))
}

/// A new invite code while the young person has no account yet; earlier codes stop working.
/// Once they have an account: 409 `account_exists` (recovery is its own, two-person path).
#[utoipa::path(tag = "participants", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 201, body = InviteResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, body = ErrorBody)))]
#[post("/participants/{id}/invite")]
pub async fn new_invite(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let code = svc.new_invite(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::Created().json(InviteResponse {
        invite_code: code.expose().to_string(),
    }))
}

/// Creates the young person's own account from a one-time invite code, and logs them in. The
/// answer also carries `recovery_codes`, shown once. A participant who has an account already:
/// 409 `account_exists`; a taken username: 409 `username_taken`.
#[utoipa::path(tag = "invites", request_body = RedeemRequest, responses(
    (status = 201, body = SessionResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 409, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/invites/redeem")]
pub async fn redeem_invite(
    svc: Svc,
    req: HttpRequest,
    body: ApiJson<RedeemRequest>,
) -> Result<HttpResponse, AppError> {
    let RedeemRequest {
        code,
        username,
        password,
    } = body.0;
    let client = client_key(&req);
    let session = svc
        .redeem_invite(code, username, password, client.as_bytes())
        .await?;
    Ok(HttpResponse::Created().json(SessionResponse::from(session)))
}
