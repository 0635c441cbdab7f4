//! The caller's own account: enrolling a second factor (staff), and getting back into a young
//! person's account with a recovery code or a staff reset code.

use actix_web::{HttpResponse, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::EnrollingCaller;
use super::error::ErrorBody;
use super::json::ApiJson;
use super::sessions::SessionResponse;
use super::state::Svc;
use crate::error::AppError;

#[derive(Serialize, ToSchema)]
pub struct TotpEnrolmentResponse {
    /// Base32 (RFC 4648), for typing into an authenticator app.
    pub secret: String,
    /// `otpauth://totp/...` (SHA-1, 6 digits, 30 s), for a QR code.
    pub otpauth_uri: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpConfirmRequest {
    /// The current 6-digit code.
    #[schema(min_length = 6, max_length = 6, pattern = "^[0-9]{6}$")]
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodesResponse {
    /// One-time codes that stand in for the second factor, each once. Shown once.
    pub recovery_codes: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoverRequest {
    pub username: String,
    /// One of the recovery codes shown when the account was created.
    pub recovery_code: String,
    #[schema(format = Password, min_length = 12, max_length = 256)]
    pub new_password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub username: String,
    /// The one-time code the responsible worker handed over after an admin approved the reset.
    pub reset_code: String,
    #[schema(format = Password, min_length = 12, max_length = 256)]
    pub new_password: String,
}

/// Start enrolling a TOTP second factor (also with an enrolment-only token). The secret is
/// shown once; a new call before confirmation replaces it.
#[utoipa::path(tag = "sessions", security(("bearer" = [])), responses(
    (status = 201, body = TotpEnrolmentResponse), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/account/totp")]
pub async fn begin_totp(svc: Svc, caller: EnrollingCaller) -> Result<HttpResponse, AppError> {
    let enrolment = svc.begin_totp(&caller.0).await?;
    Ok(HttpResponse::Created().json(TotpEnrolmentResponse {
        secret: enrolment.secret_base32.to_string(),
        otpauth_uri: enrolment.otpauth_uri.to_string(),
    }))
}

/// Confirm enrolment with a first code. From then on logins need a code (or a recovery code,
/// once each); log in again to get a full session.
#[utoipa::path(tag = "sessions", security(("bearer" = [])), request_body = TotpConfirmRequest, responses(
    (status = 200, body = RecoveryCodesResponse), (status = 400, body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/account/totp/confirm")]
pub async fn confirm_totp(
    svc: Svc,
    caller: EnrollingCaller,
    body: ApiJson<TotpConfirmRequest>,
) -> Result<HttpResponse, AppError> {
    let codes = svc.confirm_totp(&caller.0, &body.0.code).await?;
    Ok(HttpResponse::Ok().json(RecoveryCodesResponse {
        recovery_codes: codes.iter().map(|c| c.expose().to_string()).collect(),
    }))
}

/// A young person sets a new password with one of their recovery codes (each works once) and
/// is logged in. Every other session of the account ends. Rate-limited like logins.
#[utoipa::path(tag = "sessions", request_body = RecoverRequest, responses(
    (status = 201, body = SessionResponse), (status = 400, body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/account/recover")]
pub async fn recover(svc: Svc, body: ApiJson<RecoverRequest>) -> Result<HttpResponse, AppError> {
    let RecoverRequest {
        username,
        recovery_code,
        new_password,
    } = body.0;
    let session = svc
        .recover_with_code(username, recovery_code, new_password)
        .await?;
    Ok(HttpResponse::Created().json(SessionResponse::from(session)))
}

/// A young person sets a new password with a staff reset code and is logged in. Grants and
/// approvals in the 7 days after are held until they confirm them from a session opened with
/// their new password (`POST /me/held-grants/confirm`).
#[utoipa::path(tag = "sessions", request_body = ResetRequest, responses(
    (status = 201, body = SessionResponse), (status = 400, body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/account/reset")]
pub async fn reset(svc: Svc, body: ApiJson<ResetRequest>) -> Result<HttpResponse, AppError> {
    let ResetRequest {
        username,
        reset_code,
        new_password,
    } = body.0;
    let session = svc
        .complete_reset(username, reset_code, new_password)
        .await?;
    Ok(HttpResponse::Created().json(SessionResponse::from(session)))
}
