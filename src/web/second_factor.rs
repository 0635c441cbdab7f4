//! The second factor of staff (TOTP) on the pages: the enrolment page a staff member who must
//! still enrol is sent to after a right password (QR code drawn on the server, the secret in
//! groups for typing, a field for the first code), the recovery codes shown once, and each staff
//! member's own status page. The same use cases as `POST /api/v1/account/totp` and `/confirm`.
//!
//! An enrolment-only session reaches these handlers and nothing else: `Visitor::require` sends it
//! here from any other page. Once the first code is confirmed it is swapped for a full session.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post};
use askama::Template;

use super::errors::{Failure, FieldMessage, FormErrors, WebError, html};
use super::form::Form;
use super::qr;
use super::visitor::{Chrome, Visitor, home_of};
use crate::error::AppError;
use crate::service::{Caller, NewSession};

/// The page of one's own second factor (and the enrolment page while it is not confirmed).
pub const PAGE: &str = "/account/second-factor";

/// Who has a second factor to look after: staff and readers (youth accounts use recovery codes).
const STAFF: &[crate::domain::Role] = &[
    crate::domain::Role::Admin,
    crate::domain::Role::Worker,
    crate::domain::Role::Peer,
    crate::domain::Role::PolicyMaker,
    crate::domain::Role::Council,
];

#[derive(Template)]
#[template(path = "staff/second_factor.html")]
struct SecondFactorPage {
    c: Chrome,
    /// Logged in with an enrolment-only session: this page is all they can open.
    enrolling: bool,
    confirmed: bool,
    required: bool,
    /// The pending enrolment: QR code (SVG) and the secret in groups of four.
    qr: Option<String>,
    secret_groups: Vec<String>,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "staff/recovery_codes.html")]
struct RecoveryCodesPage {
    c: Chrome,
    codes: Vec<String>,
    next: &'static str,
}

/// The caller of these pages: a full session of a staff role, or an enrolment-only one.
fn caller_of(v: &Visitor) -> Result<Caller, WebError> {
    if let Some(enrolling) = v.enrolling {
        return Ok(enrolling);
    }
    match v.caller {
        None => Err(WebError::new(v.lang, Failure::LoginFirst)),
        Some(c) if STAFF.contains(&c.role) => Ok(c),
        Some(_) => Err(WebError::app(v.lang, AppError::Forbidden)),
    }
}

/// After a right password of an account that must still enrol: the enrolment-only session in
/// the cookie, enrolment started (unless one is waiting already), and off to the enrolment page.
pub async fn after_password(v: &Visitor, session: NewSession) -> Result<HttpResponse, WebError> {
    let caller = v.svc.authenticate(&session.token).await.map_err(v.fail())?;
    let status = v.svc.totp_status(&caller).await.map_err(v.fail())?;
    if !status.pending {
        v.svc.begin_totp(&caller).await.map_err(v.fail())?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(v.cookies.session(session.token.expose()))
        .cookie(v.cookies.removal(super::cookies::FORM_NONCE))
        .insert_header((LOCATION, PAGE))
        .finish())
}

/// `ABCDEFGHIJKL` as `ABCD EFGH IJKL`, easier to type over from a screen.
fn groups(secret: &str) -> Vec<String> {
    secret
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect())
        .collect()
}

async fn render(
    v: &Visitor,
    caller: &Caller,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let state = v.svc.totp_status(caller).await.map_err(v.fail())?;
    let pending = if state.confirmed {
        None
    } else {
        v.svc.pending_totp(caller).await.map_err(v.fail())?
    };
    let c = v.chrome();
    let (qr, secret_groups) = match &pending {
        Some(p) => (
            qr::svg_element(&p.otpauth_uri, &c.t("second-factor-qr-label")),
            groups(&p.secret_base32),
        ),
        None => (None, Vec::new()),
    };
    let page = SecondFactorPage {
        enrolling: caller.enrolment_only,
        confirmed: state.confirmed,
        required: state.required,
        qr,
        secret_groups,
        errors,
        c,
    };
    Ok(html(status, &page))
}

#[get("/account/second-factor")]
pub async fn status_page(v: Visitor) -> Result<HttpResponse, WebError> {
    let caller = caller_of(&v)?;
    render(&v, &caller, FormErrors::none(), StatusCode::OK).await
}

/// Starts (or starts again) an enrolment: a new secret, shown on the page.
#[post("/account/second-factor/start")]
pub async fn start(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    let caller = caller_of(&v)?;
    v.check_form(&form)?;
    match v.svc.begin_totp(&caller).await {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, PAGE))
            .finish()),
        // Already confirmed (another tab): the status page says so.
        Err(AppError::Conflict { .. }) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, PAGE))
            .finish()),
        Err(e) => Err(v.fail()(e)),
    }
}

/// The first code: on success the recovery codes, once, and (for an enrolment-only session) a
/// full session in the cookie.
#[post("/account/second-factor/confirm")]
pub async fn confirm(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    let caller = caller_of(&v)?;
    v.check_form(&form)?;
    let code = form.text("code");
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        let mut errors = FormErrors::none();
        errors.add(&v.texts(), "code", "required");
        return render(&v, &caller, errors, StatusCode::BAD_REQUEST).await;
    }
    let codes = match v.svc.confirm_totp(&caller, &code).await {
        Ok(codes) => codes,
        Err(e) => {
            let (errors, status) = match e {
                AppError::Conflict { .. } => {
                    let mut errors = FormErrors::none();
                    errors.items.push(FieldMessage {
                        field: String::new(),
                        message: v.texts().get("second-factor-not-started"),
                    });
                    (errors, StatusCode::CONFLICT)
                }
                e => FormErrors::from_app(&v.texts(), e, &[], "code").map_err(v.fail())?,
            };
            return render(&v, &caller, errors, status).await;
        }
    };
    let codes: Vec<String> = codes.iter().map(|c| c.expose().to_string()).collect();
    let mut response = HttpResponse::Ok();
    let next = home_of(caller.role);
    let c = if caller.enrolment_only {
        let session = v.svc.finish_enrolment(&caller).await.map_err(v.fail())?;
        response.cookie(v.cookies.session(session.token.expose()));
        let full = v.svc.authenticate(&session.token).await.map_err(v.fail())?;
        Chrome {
            csrf: v.svc.form_token(&full.token_hash),
            role: Some(full.role),
            ..v.chrome()
        }
    } else {
        v.chrome()
    };
    let page = RecoveryCodesPage { c, codes, next };
    Ok(match page.render() {
        Ok(body) => response.content_type("text/html; charset=utf-8").body(body),
        Err(e) => {
            tracing::error!(cause = %e, "template failed to render");
            HttpResponse::InternalServerError().finish()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_shown_in_groups_of_four() {
        assert_eq!(
            groups("JBSWY3DPEHPK3PXPAB"),
            ["JBSW", "Y3DP", "EHPK", "3PXP", "AB"]
        );
        assert!(groups("").is_empty());
    }
}
