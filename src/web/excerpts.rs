//! The anonymiser's proposal, for the worker: every redaction highlighted and its kind named,
//! the text to edit, sending it to the young person, and their decision and comment. The same use
//! cases as `GET/PUT /excerpts/{id}` and `POST /excerpts/{id}/submit`.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::suggestions::{self, SuggestionView};
use super::text::{Segment, normalise_newlines, segments};
use super::visitor::{Chrome, Visitor};
use crate::domain::{ExcerptId, ExcerptStatus, Role};
use crate::error::AppError;

#[derive(Template)]
#[template(path = "worker/excerpt.html")]
struct ExcerptPage {
    c: Chrome,
    id: String,
    story_id: String,
    version: i64,
    segments: Vec<Segment>,
    status_text: String,
    is_draft: bool,
    reviewed: bool,
    review_comment: Option<String>,
    text: String,
    suggestions: Vec<SuggestionView>,
    errors: FormErrors,
}

pub(super) fn excerpt_id(v: &Visitor, raw: &str) -> Result<ExcerptId, WebError> {
    raw.parse().map_err(|_| v.fail()(AppError::NotFound))
}

pub(super) async fn render(
    v: &Visitor,
    id: ExcerptId,
    errors: FormErrors,
    edited: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let e = v.svc.get_excerpt(&caller, id).await.map_err(v.fail())?;
    let c = v.chrome();
    let page = ExcerptPage {
        id: e.id.to_string(),
        story_id: e.story_id.to_string(),
        version: e.version.get(),
        segments: segments(&c.t, &e.text, &e.redactions),
        suggestions: suggestions::views(&c.t, &e.text, &e.redactions),
        status_text: c.t(&format!("worker-status-{}", e.status.as_str())),
        is_draft: e.status == ExcerptStatus::Draft,
        reviewed: matches!(e.status, ExcerptStatus::Approved | ExcerptStatus::Rejected),
        review_comment: e.review_comment,
        text: edited.unwrap_or(e.text),
        errors,
        c,
    };
    Ok(html(status, &page))
}

#[get("/excerpts/{id}")]
pub async fn excerpt_page(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    v.require(&[Role::Worker])?;
    let id = excerpt_id(&v, &id)?;
    render(&v, id, FormErrors::none(), None, StatusCode::OK).await
}

pub(super) fn back_to(id: ExcerptId) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, format!("/excerpts/{id}")))
        .finish()
}

/// A new version of the text: back to draft, and all consent for it withdrawn.
#[post("/excerpts/{id}")]
pub async fn edit(v: Visitor, id: web::Path<String>, form: Form) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    let text = normalise_newlines(&form.text("text"));
    match v
        .svc
        .edit_excerpt(&caller, id, text.clone(), form.version())
        .await
    {
        Ok(_) => Ok(back_to(id)),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "text").map_err(v.fail())?;
            render(&v, id, errors, Some(text), status).await
        }
    }
}

#[post("/excerpts/{id}/submit")]
pub async fn submit(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    match v.svc.submit_excerpt(&caller, id, form.version()).await {
        Ok(_) => Ok(back_to(id)),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "text").map_err(v.fail())?;
            render(&v, id, errors, None, status).await
        }
    }
}
