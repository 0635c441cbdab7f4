//! The one place where application errors become HTTP answers:
//! `{"error": {"code", "message", "fields"?}}`. The message is ours, never the input; a 500 says
//! nothing and its cause goes to the log (causes hold ids and error kinds, never content).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// snake_case, stable: what a client branches on.
    pub code: String,
    /// For people; never echoes input.
    pub message: String,
    /// Validation only: field name to the list of problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
    /// `identifier_in_text` only: where the text still holds an identifier (code points, end
    /// exclusive, and the kind); never the identifier itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spans: Option<Vec<ErrorSpan>>,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorSpan {
    pub start: usize,
    pub end: usize,
    /// PERSON or LOCATION.
    pub label: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) | AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::InvalidInvite | AppError::MfaRequired => {
                StatusCode::UNAUTHORIZED
            }
            AppError::Forbidden | AppError::MfaEnrolmentRequired => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::IdentifierInText(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (code, message): (&str, &str) = match self {
            AppError::Validation(_) => ("validation", "Some fields are missing or invalid."),
            AppError::BadRequest { code, message } => (code, message),
            AppError::Unauthorized => (
                "unauthorized",
                "Log in first, or check your username and password.",
            ),
            AppError::InvalidInvite => (
                "invalid_invite",
                "This invite code is not valid (any more).",
            ),
            AppError::Forbidden => ("forbidden", "Your role may not do this."),
            AppError::MfaRequired => (
                "mfa_required",
                "This account needs a code from its authenticator app.",
            ),
            AppError::MfaEnrolmentRequired => (
                "mfa_enrolment_required",
                "Set up a second factor first (POST /api/v1/account/totp).",
            ),
            AppError::Busy { .. } => ("busy", "The service is busy. Try again in a moment."),
            AppError::NotFound => ("not_found", "Not found."),
            AppError::Conflict { code, message } => (code, message),
            AppError::PayloadTooLarge => ("payload_too_large", "The request body is too large."),
            AppError::UnsupportedMediaType => (
                "unsupported_media_type",
                "Send JSON (Content-Type: application/json).",
            ),
            AppError::RateLimited { .. } => ("rate_limited", "Too many attempts. Try again later."),
            AppError::RequestTimeout => (
                "request_timeout",
                "The request body did not arrive in time.",
            ),
            AppError::IdentifierInText(_) => (
                "identifier_in_text",
                "The text still holds a name or place of the young person; replace it first.",
            ),
            AppError::Internal(cause) => {
                tracing::error!(cause = %cause, "internal error");
                ("internal", "Something went wrong on our side.")
            }
        };
        let fields = match self {
            AppError::Validation(problems) => {
                let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for p in problems {
                    map.entry(p.field.to_string())
                        .or_default()
                        .push(p.code.to_string());
                }
                Some(map)
            }
            _ => None,
        };
        let spans = match self {
            AppError::IdentifierInText(spans) => Some(
                spans
                    .iter()
                    .map(|s| ErrorSpan {
                        start: s.start,
                        end: s.end,
                        label: s.label.to_string(),
                    })
                    .collect(),
            ),
            _ => None,
        };
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::RequestTimeout = self {
            // The rest of the body may never come: do not wait for it on this connection.
            response.force_close();
        }
        if let AppError::RateLimited { retry_after_secs } | AppError::Busy { retry_after_secs } =
            self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.insert_header((RETRY_AFTER, value));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: code.to_string(),
                message: message.to_string(),
                fields,
                spans,
            },
        })
    }
}

/// Answers every request that matches no route: 405 with `Allow` for a path of the API asked
/// with a method it does not take, the JSON 404 otherwise.
pub async fn no_route(req: actix_web::HttpRequest) -> HttpResponse {
    method_not_allowed(&req).unwrap_or_else(|| AppError::NotFound.error_response())
}

/// 405 with `Allow` when the request's path is one of the API (as the OpenAPI document lists
/// them) and its method is not one the path takes; `None` otherwise. The web pages' fallback asks
/// this first, so `/healthz` and `/readyz` answer like the paths under `/api/v1`.
pub fn method_not_allowed(req: &actix_web::HttpRequest) -> Option<HttpResponse> {
    let routes = req.app_data::<actix_web::web::Data<super::api_routes::ApiRoutes>>()?;
    let allow = HeaderValue::from_str(&routes.allow(req.path())?).ok()?;
    Some(
        HttpResponse::MethodNotAllowed()
            .insert_header((actix_web::http::header::ALLOW, allow))
            .json(ErrorBody {
                error: ErrorDetail {
                    code: "method_not_allowed".into(),
                    message: "This path does not take this method; `Allow` names those it takes."
                        .into(),
                    fields: None,
                    spans: None,
                },
            }),
    )
}

impl actix_web::Responder for AppError {
    type Body = actix_web::body::BoxBody;
    fn respond_to(self, _req: &actix_web::HttpRequest) -> HttpResponse {
        self.error_response()
    }
}
