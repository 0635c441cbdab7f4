//! Renewal of consent (young person and guardian), consent receipts and the key that checks them.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{GuardianCaller, YouthCaller};
use super::consent::ConsentResponse;
use super::error::ErrorBody;
use super::ids::parse_id;
use super::integers::integer;
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{Audience, ExcerptId};
use crate::error::AppError;
use crate::service::Renewal;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewRequest {
    /// The excerpt's current version (409 otherwise).
    #[serde(deserialize_with = "integer")]
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_i64)]
    pub version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RenewalItem {
    #[schema(value_type = String, format = Uuid)]
    pub excerpt_id: ExcerptId,
    pub version: i64,
    pub audience: Audience,
    /// When the grant lapses (or lapsed), RFC 3339.
    pub expires_at: String,
    /// `expiring` (within 30 days), `lapsed`, or `consent_text_changed` (a new consent text).
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct RenewalList {
    pub items: Vec<RenewalItem>,
}

fn renewal_list(items: Vec<Renewal>) -> RenewalList {
    RenewalList {
        items: items
            .into_iter()
            .map(|r| RenewalItem {
                excerpt_id: r.excerpt_id,
                version: r.version.get(),
                audience: r.audience,
                expires_at: r.expires_at.to_rfc3339(),
                reason: r.reason.as_str().into(),
            })
            .collect(),
    }
}

/// My grants that lapse within 30 days, have lapsed, or need renewal for a new consent text.
#[utoipa::path(tag = "consent", security(("bearer" = [])), responses(
    (status = 200, body = RenewalList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/me/renewals")]
pub async fn my_renewals(svc: Svc, caller: YouthCaller) -> Result<HttpResponse, AppError> {
    let items = svc.renewals(&caller.0).await?;
    Ok(HttpResponse::Ok().json(renewal_list(items)))
}

/// The guardian's grants that need renewal (empty once the young person is 16).
#[utoipa::path(tag = "guardians", security(("bearer" = [])), responses(
    (status = 200, body = RenewalList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/guardian/renewals")]
pub async fn guardian_renewals(svc: Svc, caller: GuardianCaller) -> Result<HttpResponse, AppError> {
    let items = svc.renewals(&caller.0).await?;
    Ok(HttpResponse::Ok().json(renewal_list(items)))
}

/// Renews in one step every yes on record for the current text: a new expiry, under the consent
/// text now in force. The answer names the audiences renewed. 409 if there is none.
#[utoipa::path(tag = "consent", security(("bearer" = [])), params(("id" = String, Path)), request_body = RenewRequest,
    responses((status = 200, body = ConsentResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/excerpts/{id}/consent/renew")]
pub async fn renew_consent(
    svc: Svc,
    caller: YouthCaller,
    id: web::Path<String>,
    body: ApiJson<RenewRequest>,
) -> Result<HttpResponse, AppError> {
    let excerpt_id = parse_id(&id)?;
    let (version, audiences) = svc
        .renew_consent(&caller.0, excerpt_id, body.0.version)
        .await?;
    Ok(HttpResponse::Ok().json(ConsentResponse {
        excerpt_id,
        version: version.get(),
        audiences,
    }))
}

/// Renews the guardian's yes on record for the current text.
#[utoipa::path(tag = "guardians", security(("bearer" = [])), params(("id" = String, Path)), request_body = RenewRequest,
    responses((status = 200, body = ConsentResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/guardian/excerpts/{id}/consent/renew")]
pub async fn renew_guardian_consent(
    svc: Svc,
    caller: GuardianCaller,
    id: web::Path<String>,
    body: ApiJson<RenewRequest>,
) -> Result<HttpResponse, AppError> {
    let excerpt_id = parse_id(&id)?;
    let (version, audiences) = svc
        .renew_guardian_consent(&caller.0, excerpt_id, body.0.version)
        .await?;
    Ok(HttpResponse::Ok().json(ConsentResponse {
        excerpt_id,
        version: version.get(),
        audiences,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptList {
    /// Each receipt: `kind`, `excerpt_id`, `excerpt_version`, `text_sha256`, `answered_by`, `at`,
    /// `audiences` (`audience`, `granted`, `consent_text_version`, `valid_until`), `public_key`,
    /// and `signature`: Ed25519, base64, over the canonical JSON (sorted keys, no whitespace) of
    /// all other fields.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
}

/// The signed receipts of an excerpt, one per consent change, oldest first (owner youth).
#[utoipa::path(tag = "consent", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = ReceiptList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody)))]
#[get("/excerpts/{id}/receipts")]
pub async fn receipts(
    svc: Svc,
    caller: YouthCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let items = svc.receipts(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(ReceiptList { items }))
}

#[derive(Serialize, ToSchema)]
pub struct ReceiptKeyResponse {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// Standard base64 of the 32-byte public key.
    pub public_key: String,
}

/// The public key that checks consent receipts (public, no token).
#[utoipa::path(tag = "consent", responses((status = 200, body = ReceiptKeyResponse)))]
#[get("/receipt-key")]
pub async fn receipt_key(svc: Svc) -> HttpResponse {
    HttpResponse::Ok().json(ReceiptKeyResponse {
        algorithm: "Ed25519".into(),
        public_key: svc.receipt_public_key(),
    })
}
