//! Consent per excerpt and audience (young person), and its ledger.

use actix_web::{HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ContentCaller, YouthCaller};
use super::error::ErrorBody;
use super::ids::parse_id;
use super::integers::integer;
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{Audience, AudienceFlags, ExcerptId, FieldError};
use crate::error::AppError;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    #[serde(deserialize_with = "integer")]
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_i64)]
    pub version: i64,
    /// Every audience must be answered: there is no default.
    pub audiences: AudienceAnswers,
}

/// The answers as sent. Each is optional here only so that a missing one can be named in a
/// validation error; a request must answer all three.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceAnswers {
    pub peers: Option<bool>,
    pub policy_makers: Option<bool>,
    pub council: Option<bool>,
}

impl AudienceAnswers {
    pub(super) fn explicit(&self) -> Result<AudienceFlags, AppError> {
        let mut flags = AudienceFlags::default();
        let mut missing = Vec::new();
        for (audience, answer) in [
            (Audience::Peers, self.peers),
            (Audience::PolicyMakers, self.policy_makers),
            (Audience::Council, self.council),
        ] {
            match answer {
                Some(yes) => flags.set(audience, yes),
                None => missing.push(FieldError {
                    field: format!("audiences.{}", audience.as_str()).into(),
                    code: "required".into(),
                }),
            }
        }
        if missing.is_empty() {
            Ok(flags)
        } else {
            Err(AppError::Validation(missing))
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ConsentResponse {
    #[schema(value_type = String, format = Uuid)]
    pub excerpt_id: ExcerptId,
    pub version: i64,
    pub audiences: AudienceFlags,
}

#[derive(Serialize, ToSchema)]
pub struct LedgerItem {
    pub audience: Audience,
    pub granted: bool,
    pub at: String,
    pub by_role: String,
    pub version: i64,
    /// Lowercase hex SHA-256 of the approved UTF-8 text.
    pub text_sha256: String,
    pub consent_text_version: i64,
    /// How the acting session was opened: `password`, `recovery_code` or `staff_reset`.
    pub session_origin: String,
    /// Until when a yes holds (RFC 3339); absent for a no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LedgerList {
    pub items: Vec<LedgerItem>,
}

/// Yes or no per audience, for the approved text at `version` (409 otherwise). In the 7 days
/// after a staff reset of the account a yes is held (listed in `GET /me/held-grants`) until the
/// young person confirms it; a no counts at once.
#[utoipa::path(tag = "consent", security(("bearer" = [])), params(("id" = String, Path)), request_body = ConsentRequest,
    responses((status = 200, body = ConsentResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[put("/excerpts/{id}/consent")]
pub async fn set_consent(
    svc: Svc,
    caller: YouthCaller,
    id: web::Path<String>,
    body: ApiJson<ConsentRequest>,
) -> Result<HttpResponse, AppError> {
    let excerpt_id = parse_id(&id)?;
    let ConsentRequest { version, audiences } = body.0;
    let audiences = audiences.explicit()?;
    let (version, audiences) = svc
        .set_consent(&caller.0, excerpt_id, version, audiences)
        .await?;
    Ok(HttpResponse::Ok().json(ConsentResponse {
        excerpt_id,
        version: version.get(),
        audiences,
    }))
}

/// Every consent change, oldest first (owner or responsible worker).
#[utoipa::path(tag = "consent", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = LedgerList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/excerpts/{id}/consent/history")]
pub async fn consent_history(
    svc: Svc,
    caller: ContentCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let items = svc
        .consent_history(&caller.0, parse_id(&id)?)
        .await?
        .into_iter()
        .map(|e| LedgerItem {
            audience: e.audience,
            granted: e.granted,
            at: e.at.to_rfc3339(),
            by_role: e.by_role,
            version: e.version,
            text_sha256: e.text_sha256,
            consent_text_version: e.consent_text_version,
            session_origin: e.session_origin,
            valid_until: e.expires_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    Ok(HttpResponse::Ok().json(LedgerList { items }))
}
