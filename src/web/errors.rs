//! What goes wrong on a page: an error page (the same 404 for "absent" and "not yours"), the login
//! page for a visitor without a session, and field errors of a form, named beside each field and
//! summarised at the top. Messages come from the message files, never from the input.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::i18n::{Lang, Texts};
use super::visitor::Chrome;
use crate::error::AppError;

#[derive(Debug)]
pub enum Failure {
    App(AppError),
    /// No live session: off to the login page.
    LoginFirst,
    /// A session that must first enrol a second factor: off to the enrolment page.
    EnrolFirst,
    /// Not a form post at all.
    BadForm,
    /// The anti-forgery token is missing or wrong.
    Forged,
}

#[derive(Debug)]
pub struct WebError {
    lang: Lang,
    failure: Failure,
}

impl WebError {
    pub fn new(lang: Lang, failure: Failure) -> Self {
        Self { lang, failure }
    }

    pub fn app(lang: Lang, e: AppError) -> Self {
        Self::new(lang, Failure::App(e))
    }
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Errors hold codes, never input; still, say only the kind.
        match &self.failure {
            Failure::App(e) => write!(f, "page error: {e}"),
            Failure::LoginFirst => write!(f, "page needs a login"),
            Failure::EnrolFirst => write!(f, "page needs a second factor first"),
            Failure::BadForm => write!(f, "not a form post"),
            Failure::Forged => write!(f, "form token missing or wrong"),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    text: String,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match &self.failure {
            Failure::App(AppError::Unauthorized) | Failure::LoginFirst | Failure::EnrolFirst => {
                StatusCode::SEE_OTHER
            }
            Failure::App(e) => e.status_code(),
            Failure::BadForm => StatusCode::BAD_REQUEST,
            Failure::Forged => StatusCode::FORBIDDEN,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let key = match &self.failure {
            Failure::EnrolFirst => {
                return HttpResponse::SeeOther()
                    .insert_header((LOCATION, super::second_factor::PAGE))
                    .finish();
            }
            Failure::App(AppError::Unauthorized) | Failure::LoginFirst => {
                return HttpResponse::SeeOther()
                    .insert_header((LOCATION, "/login"))
                    .finish();
            }
            Failure::App(AppError::NotFound) => "not-found",
            Failure::App(AppError::Forbidden) => "forbidden",
            Failure::App(AppError::Conflict { .. }) => "conflict",
            Failure::App(AppError::RateLimited { .. }) => "rate-limited",
            Failure::App(AppError::Internal(cause)) => {
                tracing::error!(cause = %cause, "internal error on a page");
                "internal"
            }
            Failure::App(_) | Failure::BadForm => "bad-request",
            Failure::Forged => "forged",
        };
        let t = Texts::new(self.lang);
        let page = ErrorPage {
            title: t.get(&format!("page-{key}-title")),
            text: t.get(&format!("page-{key}-text")),
            c: Chrome {
                lang: self.lang,
                t,
                csrf: String::new(),
                role: None,
                path: "/".into(),
            },
        };
        html(self.status_code(), &page)
    }
}

/// The same page as any unknown web path gets.
pub fn not_found(lang: Lang) -> HttpResponse {
    WebError::app(lang, AppError::NotFound).error_response()
}

/// A rendered page with its status; a template that fails to render is a 500 without detail.
pub fn html(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(cause = %e, "template failed to render");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// One problem with a form: the control it belongs to (empty: the whole form) and what to do.
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

/// The problems with a posted form, in the order of the form.
#[derive(Default)]
pub struct FormErrors {
    pub items: Vec<FieldMessage>,
}

impl FormErrors {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|m| m.field == field)
            .map(|m| m.message.as_str())
    }

    pub fn add(&mut self, t: &Texts, field: &str, code: &str) {
        let specific = format!("error-{field}-{code}");
        let general = format!("error-{code}");
        let message = if t.has(&specific) {
            t.get(&specific)
        } else if t.has(&general) {
            t.get(&general)
        } else {
            t.get("error-invalid")
        };
        self.items.push(FieldMessage {
            field: field.to_string(),
            message,
        });
    }

    /// The errors of a use case, as a form shows them; `rename` maps API field names to this
    /// form's control names. Errors that are no field's problem (401, 409, 429) go to
    /// `general_field` (usually the first control) or to the form as a whole. Anything else is not a
    /// form error and comes back as `Err` for the error page.
    pub fn from_app(
        t: &Texts,
        e: AppError,
        rename: &[(&str, &str)],
        general_field: &str,
    ) -> Result<(Self, StatusCode), AppError> {
        let mut errors = Self::none();
        let status = match &e {
            AppError::Validation(problems) => {
                for p in problems {
                    let field = rename
                        .iter()
                        .find(|(api, _)| *api == p.field)
                        .map(|(_, form)| *form)
                        .unwrap_or(&p.field);
                    errors.add(t, field, &p.code);
                }
                StatusCode::BAD_REQUEST
            }
            AppError::Unauthorized => {
                errors.add(t, general_field, "unauthorized");
                StatusCode::UNAUTHORIZED
            }
            AppError::InvalidInvite => {
                errors.add(t, general_field, "invalid_invite");
                StatusCode::UNAUTHORIZED
            }
            AppError::Conflict { code, .. } => {
                let field = if *code == "username_taken" {
                    "username"
                } else {
                    ""
                };
                errors.add(t, field, code);
                StatusCode::CONFLICT
            }
            AppError::RateLimited { .. } => {
                errors.add(t, "", "rate_limited");
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Busy { .. } => {
                errors.add(t, "", "busy");
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::MfaRequired => {
                errors.add(t, "totp", "mfa_required");
                StatusCode::UNAUTHORIZED
            }
            AppError::MfaEnrolmentRequired => {
                errors.add(t, general_field, "mfa_enrolment_required");
                StatusCode::FORBIDDEN
            }
            AppError::BadRequest { code, .. } => {
                errors.add(t, general_field, code);
                StatusCode::BAD_REQUEST
            }
            _ => return Err(e),
        };
        Ok((errors, status))
    }
}
