//! `POST /sessions` (log in) and `DELETE /sessions/current` (log out).

use actix_web::{HttpResponse, delete, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::AnyCaller;
use super::error::ErrorBody;
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{AccountId, Role};
use crate::error::AppError;
use crate::service::NewSession;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    #[schema(format = Password)]
    pub password: String,
    /// Staff with a second factor: the current 6-digit code, or one unused recovery code.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountSummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: AccountId,
    pub username: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    pub token: String,
    /// RFC 3339 UTC; the session also ends after 30 idle minutes.
    pub expires_at: String,
    pub account: AccountSummary,
    /// True for a staff member who must enrol a second factor: this token may then only call
    /// `POST /account/totp` and `POST /account/totp/confirm`.
    pub mfa_enrolment_required: bool,
    /// Only when a young person's account is created: one-time codes to reset their own
    /// password. Shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

impl From<NewSession> for SessionResponse {
    fn from(s: NewSession) -> Self {
        Self {
            token: s.token.expose().to_string(),
            expires_at: s.expires_at.to_rfc3339(),
            account: AccountSummary {
                id: s.account_id,
                username: s.username,
                role: s.role,
            },
            mfa_enrolment_required: s.mfa_enrolment_required,
            recovery_codes: s
                .recovery_codes
                .map(|codes| codes.iter().map(|c| c.expose().to_string()).collect()),
        }
    }
}

/// Log in. Unknown user, wrong password and disabled account all answer the same 401; an
/// enrolled account without a code answers 401 `mfa_required`. 503 with `Retry-After` when too
/// many logins are being checked at once.
#[utoipa::path(tag = "sessions", request_body = LoginRequest, responses(
    (status = 201, body = SessionResponse), (status = 400, body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/sessions")]
pub async fn login(svc: Svc, body: ApiJson<LoginRequest>) -> Result<HttpResponse, AppError> {
    let LoginRequest {
        username,
        password,
        totp,
    } = body.0;
    let session = svc.login(username, password, totp).await?;
    Ok(HttpResponse::Created().json(SessionResponse::from(session)))
}

/// Log out: the token stops working at once.
#[utoipa::path(tag = "sessions", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = ErrorBody)))]
#[delete("/sessions/current")]
pub async fn logout(svc: Svc, caller: AnyCaller) -> Result<HttpResponse, AppError> {
    svc.logout(&caller.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
