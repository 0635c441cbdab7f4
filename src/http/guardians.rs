//! Guardians: added by a responsible worker; a guardian sees and answers for the approved excerpts
//! the young person said yes to.

use actix_web::{HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{GuardianCaller, WorkerCaller};
use super::consent::{ConsentRequest, ConsentResponse};
use super::error::ErrorBody;
use super::ids::parse_id;
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{AudienceFlags, ExcerptId, GuardianId};
use crate::error::AppError;
use crate::service::GuardianRelation;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGuardianRequest {
    /// `parent`, `guardian` (legal guardian) or `organisation` (in a child-protection measure).
    #[schema(pattern = "^(parent|guardian|organisation)$")]
    pub relation: String,
    /// A name or description, up to 200 characters; stored encrypted.
    #[schema(min_length = 1, max_length = 200)]
    pub description: String,
}

#[derive(Serialize, ToSchema)]
pub struct GuardianCreatedResponse {
    #[schema(value_type = String, format = Uuid)]
    pub id: GuardianId,
    /// Shown once: redeemed at `POST /api/v1/invites/redeem` into an account of role `guardian`.
    pub invite_code: String,
}

/// Adds a guardian to a participant (responsible worker); the invite code is shown once.
#[utoipa::path(tag = "guardians", security(("bearer" = [])), params(("id" = String, Path)), request_body = NewGuardianRequest,
    responses((status = 201, body = GuardianCreatedResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/participants/{id}/guardians")]
pub async fn add_guardian(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
    body: ApiJson<NewGuardianRequest>,
) -> Result<HttpResponse, AppError> {
    let participant = parse_id(&id)?;
    let NewGuardianRequest {
        relation,
        description,
    } = body.0;
    let relation =
        GuardianRelation::parse(&relation).ok_or_else(|| AppError::field("relation", "invalid"))?;
    let (id, code) = svc
        .add_guardian(&caller.0, participant, relation, description)
        .await?;
    Ok(HttpResponse::Created().json(GuardianCreatedResponse {
        id,
        invite_code: code.expose().to_string(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct GuardianListItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: GuardianId,
    #[schema(pattern = "^(parent|guardian|organisation)$")]
    pub relation: &'static str,
    /// The name or description the worker gave.
    pub description: String,
    /// Whether the invitation was redeemed into a guardian's account.
    pub has_account: bool,
    /// When the guardian was added (RFC 3339).
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct GuardianListResponse {
    pub items: Vec<GuardianListItem>,
}

/// The guardians of a participant (responsible worker), oldest first.
#[utoipa::path(tag = "guardians", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = GuardianListResponse), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/participants/{id}/guardians")]
pub async fn list_guardians(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let participant = parse_id(&id)?;
    let items = svc
        .list_guardians(&caller.0, participant)
        .await?
        .into_iter()
        .map(|g| GuardianListItem {
            id: g.id,
            relation: g.relation.as_str(),
            description: g.description,
            has_account: g.has_account,
            created_at: g.created_at.to_rfc3339(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(GuardianListResponse { items }))
}

#[derive(Serialize, ToSchema)]
pub struct GuardianExcerptItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: ExcerptId,
    /// The anonymised text the young person approved.
    pub text: String,
    pub version: i64,
    pub youth_consent: AudienceFlags,
    pub guardian_consent: AudienceFlags,
}

#[derive(Serialize, ToSchema)]
pub struct GuardianExcerptList {
    pub items: Vec<GuardianExcerptItem>,
}

/// Approved excerpts the young person said yes to for at least one audience; nothing else of the
/// story. The consent texts are at `GET /api/v1/audiences`.
#[utoipa::path(tag = "guardians", security(("bearer" = [])), responses(
    (status = 200, body = GuardianExcerptList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/guardian/excerpts")]
pub async fn guardian_excerpts(svc: Svc, caller: GuardianCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .guardian_excerpts(&caller.0)
        .await?
        .into_iter()
        .map(|e| GuardianExcerptItem {
            id: e.id,
            text: e.text,
            version: e.version.get(),
            youth_consent: e.youth_consent,
            guardian_consent: e.guardian_consent,
        })
        .collect();
    Ok(HttpResponse::Ok().json(GuardianExcerptList { items }))
}

/// The guardian's yes or no per audience for the text at `version`. A yes only where the young
/// person's yes holds (409 otherwise); every audience must be answered.
#[utoipa::path(tag = "guardians", security(("bearer" = [])), params(("id" = String, Path)), request_body = ConsentRequest,
    responses((status = 200, body = ConsentResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[put("/guardian/excerpts/{id}/consent")]
pub async fn set_guardian_consent(
    svc: Svc,
    caller: GuardianCaller,
    id: web::Path<String>,
    body: ApiJson<ConsentRequest>,
) -> Result<HttpResponse, AppError> {
    let excerpt_id = parse_id(&id)?;
    let ConsentRequest { version, audiences } = body.0;
    let audiences = audiences.explicit()?;
    let (version, audiences) = svc
        .set_guardian_consent(&caller.0, excerpt_id, version, audiences)
        .await?;
    Ok(HttpResponse::Ok().json(ConsentResponse {
        excerpt_id,
        version: version.get(),
        audiences,
    }))
}
