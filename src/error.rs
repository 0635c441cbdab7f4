//! The one application error. Services return it; `http::error` maps it to a status and a JSON
//! body in one place. Nothing in it carries user input: validation errors name fields and codes.

use crate::domain::FieldError;
use crate::store::StoreError;
use crate::vault::VaultError;

/// A place in a text: code-point offsets (end exclusive) and the kind of what stands there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("bad request: {code}")]
    BadRequest {
        code: &'static str,
        message: &'static str,
    },
    #[error("authentication required")]
    Unauthorized,
    /// An invite code that never existed, was used, was replaced or has expired: one answer for all.
    #[error("invalid invite")]
    InvalidInvite,
    #[error("forbidden for this role")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: &'static str,
    },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The request body did not arrive in time; the connection is closed with the answer.
    #[error("request timeout")]
    RequestTimeout,
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Too much work queued (password hashing): 503 with `Retry-After`.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    /// The password was right, but an enrolled second factor was not given.
    #[error("second factor required")]
    MfaRequired,
    /// An enrolment-only session tried anything but enrolling its second factor.
    #[error("second factor enrolment required")]
    MfaEnrolmentRequired,
    /// A text still holds a registered identifier of the young person (422). Only where, never what.
    #[error("identifier in text ({} places)", .0.len())]
    IdentifierInText(Vec<TextSpan>),
    /// A failure of ours. The cause is logged (it holds no content); the client sees a generic 500.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, code: &'static str) -> Self {
        AppError::Validation(vec![FieldError::new(field, code)])
    }

    pub fn account_exists() -> Self {
        AppError::Conflict {
            code: "account_exists",
            message: "The young person already has an account; an invitation never replaces it.",
        }
    }

    pub fn version_conflict() -> Self {
        AppError::Conflict {
            code: "conflict",
            message: "The excerpt is not at that version or not in a status that allows this.",
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Validation(vec![e])
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict("username") => AppError::Conflict {
                code: "username_taken",
                message: "That username is taken.",
            },
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<VaultError> for AppError {
    fn from(e: VaultError) -> Self {
        AppError::Internal(e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
