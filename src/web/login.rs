//! Logging in and out, and redeeming an invitation: the same use cases as `POST /sessions`,
//! `DELETE /sessions/current` and `POST /invites/redeem`, with the session token in a cookie.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, get, post};
use askama::Template;

use super::cookies::{FORM_NONCE, SESSION};
use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::visitor::{Chrome, Visitor, home_of};
use crate::error::AppError;
use crate::service::NewSession;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    errors: FormErrors,
    username: String,
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    c: Chrome,
    errors: FormErrors,
    code: String,
    username: String,
}

fn with_cookie(mut response: HttpResponse, cookie: Option<Cookie<'static>>) -> HttpResponse {
    if let Some(cookie) = cookie {
        // A cookie that cannot be added leaves the form without a token; the post then fails
        // as forged, which is safe.
        let _ = response.add_cookie(&cookie);
    }
    response
}

/// Logged in: the session cookie replaces the form nonce, and off to the role's home page.
fn logged_in(v: &Visitor, session: NewSession) -> HttpResponse {
    HttpResponse::SeeOther()
        .cookie(v.cookies.session(session.token.expose()))
        .cookie(v.cookies.removal(FORM_NONCE))
        .insert_header((LOCATION, home_of(session.role)))
        .finish()
}

fn go_home(v: &Visitor) -> Option<HttpResponse> {
    v.caller.map(|c| {
        HttpResponse::SeeOther()
            .insert_header((LOCATION, home_of(c.role)))
            .finish()
    })
}

#[get("/login")]
pub async fn login_page(mut v: Visitor) -> Result<HttpResponse, WebError> {
    if let Some(home) = go_home(&v) {
        return Ok(home);
    }
    let (c, cookie) = v.pre_login_chrome();
    let page = LoginPage {
        c,
        errors: FormErrors::none(),
        username: String::new(),
    };
    Ok(with_cookie(html(StatusCode::OK, &page), cookie))
}

#[post("/login")]
pub async fn login(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    v.check_form(&form)?;
    let username = form.text("username");
    // The one-time code of staff with two-step login; an empty field is no code.
    let one_time_code = form
        .get("totp")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match v
        .svc
        .login(username.clone(), form.text("password"), one_time_code)
        .await
    {
        // Staff who must still enrol a second factor go to the enrolment page, with a session
        // that opens that page only.
        Ok(session) if session.mfa_enrolment_required => {
            super::second_factor::after_password(&v, session).await
        }
        Ok(session) => Ok(logged_in(&v, session)),
        Err(e) => login_failed(&v, username, e),
    }
}

fn login_failed(v: &Visitor, username: String, e: AppError) -> Result<HttpResponse, WebError> {
    let (errors, status) =
        FormErrors::from_app(&v.texts(), e, &[], "username").map_err(v.fail())?;
    let page = LoginPage {
        c: v.chrome(),
        errors,
        username,
    };
    Ok(html(status, &page))
}

#[post("/logout")]
pub async fn logout(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    if let Some(caller) = &v.caller.or(v.enrolling) {
        v.check_form(&form)?;
        v.svc.logout(caller).await.map_err(v.fail())?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(v.cookies.removal(SESSION))
        .insert_header((LOCATION, "/"))
        .finish())
}

#[get("/invite")]
pub async fn invite_page(mut v: Visitor) -> Result<HttpResponse, WebError> {
    if let Some(home) = go_home(&v) {
        return Ok(home);
    }
    let (c, cookie) = v.pre_login_chrome();
    let page = InvitePage {
        c,
        errors: FormErrors::none(),
        code: String::new(),
        username: String::new(),
    };
    Ok(with_cookie(html(StatusCode::OK, &page), cookie))
}

#[post("/invite")]
pub async fn invite(v: Visitor, req: HttpRequest, form: Form) -> Result<HttpResponse, WebError> {
    v.check_form(&form)?;
    let code = form.text("code");
    let username = form.text("username");
    let client = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let redeemed = v
        .svc
        .redeem_invite(
            code.clone(),
            username.clone(),
            form.text("password"),
            client.as_bytes(),
        )
        .await;
    match redeemed {
        Ok(session) => Ok(logged_in(&v, session)),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "code").map_err(v.fail())?;
            let page = InvitePage {
                c: v.chrome(),
                errors,
                code,
                username,
            };
            Ok(html(status, &page))
        }
    }
}
