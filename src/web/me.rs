//! The young person's own pages: what waits for them, who read what, their data, and erasure.
//! The same use cases as `GET /me/excerpts`, `/me/access-log`, `/me/export` and `DELETE /me`.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::cookies::SESSION;
use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::local_time::local_when;
use super::renewal_cards::{RenewalCard, renewal_cards};
use super::text::preview;
use super::visitor::{Chrome, Visitor};
use crate::domain::{Audience, ExcerptStatus, Role};
use crate::service::ExcerptView;

pub struct ExcerptLine {
    pub id: String,
    pub preview: String,
    pub status: String,
    /// Who may read it now, in words; empty when nobody.
    pub shared_with: Vec<String>,
}

#[derive(Template)]
#[template(path = "me/home.html")]
struct HomePage {
    c: Chrome,
    renewals: Vec<RenewalCard>,
    renewed: bool,
    waiting: Vec<ExcerptLine>,
    others: Vec<ExcerptLine>,
}

#[derive(serde::Deserialize)]
pub struct Renewed {
    renewed: Option<String>,
}

fn line(c: &Chrome, e: &ExcerptView) -> ExcerptLine {
    ExcerptLine {
        id: e.id.to_string(),
        preview: preview(&e.text),
        status: c.t(&format!("status-{}", e.status.as_str())),
        shared_with: Audience::ALL
            .into_iter()
            .filter(|a| e.consent.get(*a))
            .map(|a| c.t(&format!("audience-{}", a.as_str())))
            .collect(),
    }
}

#[get("/me")]
pub async fn home(v: Visitor, query: web::Query<Renewed>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let excerpts = v.svc.my_excerpts(&caller).await.map_err(v.fail())?;
    let renewals = v.svc.renewals(&caller).await.map_err(v.fail())?;
    let c = v.chrome();
    // Lapsing and lapsed grants come first, each with its one-step renewal.
    let renewals = renewal_cards(&c, &renewals, "/me/excerpts", |id| {
        excerpts.iter().find(|e| e.id == id).map(|e| e.text.clone())
    });
    let (waiting, others): (Vec<_>, Vec<_>) = excerpts
        .iter()
        .partition(|e| e.status == ExcerptStatus::AwaitingReview);
    let page = HomePage {
        renewals,
        renewed: query.renewed.is_some(),
        waiting: waiting.iter().map(|e| line(&c, e)).collect(),
        others: others.iter().map(|e| line(&c, e)).collect(),
        c,
    };
    Ok(html(StatusCode::OK, &page))
}

pub struct AccessLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "me/access_log.html")]
struct AccessLogPage {
    c: Chrome,
    items: Vec<AccessLine>,
}

#[get("/me/access-log")]
pub async fn access_log(v: Visitor) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let entries = v.svc.my_access_log(&caller).await.map_err(v.fail())?;
    let c = v.chrome();
    let items = entries
        .into_iter()
        .map(|a| AccessLine {
            at: local_when(c.lang, a.at),
            who: c.t(&format!("role-{}", a.actor_role)),
            what: c.t(&format!("object-{}", a.object_type)),
        })
        .collect();
    Ok(html(StatusCode::OK, &AccessLogPage { c, items }))
}

/// The API's export, as a file to keep.
#[get("/me/export")]
pub async fn export(v: Visitor) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let export = v.svc.my_export(&caller).await.map_err(v.fail())?;
    let body = serde_json::to_vec_pretty(&export)
        .map_err(|e| v.fail()(crate::error::AppError::Internal(e.to_string())))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"storyvault-export.json\"",
        ))
        .body(body))
}

#[derive(Template)]
#[template(path = "me/erase.html")]
struct ErasePage {
    c: Chrome,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "me/erased.html")]
struct ErasedPage {
    c: Chrome,
}

#[get("/me/erase")]
pub async fn erase_page(v: Visitor) -> Result<HttpResponse, WebError> {
    v.require(&[Role::Youth])?;
    let page = ErasePage {
        c: v.chrome(),
        errors: FormErrors::none(),
    };
    Ok(html(StatusCode::OK, &page))
}

/// Erases everything after an explicit confirmation; the session ends with the account.
#[post("/me/erase")]
pub async fn erase(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    v.check_form(&form)?;
    if !form.checked("confirm") {
        let mut errors = FormErrors::none();
        errors.add(&v.texts(), "confirm", "confirm_required");
        let page = ErasePage {
            c: v.chrome(),
            errors,
        };
        return Ok(html(StatusCode::BAD_REQUEST, &page));
    }
    v.svc.erase_me(&caller).await.map_err(v.fail())?;
    let mut c = v.chrome();
    c.role = None;
    let mut response = html(StatusCode::OK, &ErasedPage { c });
    // If the cookie cannot be set the token is dead anyway: the session went with the account.
    let _ = response.add_cookie(&v.cookies.removal(SESSION));
    Ok(response)
}
