//! One excerpt, for its young person: the text exactly as it would be published with the
//! redactions marked, then the one decision that is theirs now: approve or reject it (while it
//! awaits review), or who may read it (once approved). The same use cases as
//! `POST /excerpts/{id}/review` and `PUT /excerpts/{id}/consent`.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::consent_choices::{AudienceChoice, audience_choices, audience_names, posted_answers};
use super::errors::{FormErrors, WebError, html};
use super::excerpts::excerpt_id;
use super::form::Form;
use super::local_time::{local_date, local_when};
use super::text::{Segment, segments};
use super::visitor::{Chrome, Visitor};
use crate::domain::{Audience, ExcerptId, ExcerptStatus, ReviewDecision, Role};
use crate::error::AppError;
use crate::service::Caller;

/// One answer in the excerpt's consent history, in words.
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub audience: String,
    pub answer: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "me/excerpt.html")]
struct ExcerptPage {
    c: Chrome,
    id: String,
    version: i64,
    segments: Vec<Segment>,
    has_redactions: bool,
    awaiting_review: bool,
    approved: bool,
    status_text: String,
    audiences: Vec<AudienceChoice>,
    shared_with_anyone: bool,
    /// Under 16: a guardian must say yes too; the audiences they said yes to.
    guardian_required: bool,
    guardian_yes: Vec<String>,
    history: Vec<HistoryLine>,
    errors: FormErrors,
    comment: String,
    saved: bool,
}

#[derive(Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

async fn render(
    v: &Visitor,
    caller: &Caller,
    id: ExcerptId,
    errors: FormErrors,
    comment: String,
    status: StatusCode,
    saved: bool,
) -> Result<HttpResponse, WebError> {
    let e = v.svc.get_excerpt(caller, id).await.map_err(v.fail())?;
    let c = v.chrome();
    let audiences = audience_choices(&c, v.svc.policies(), |a| e.consent.get(a), |_| true);
    let approved = e.status == ExcerptStatus::Approved;
    let history = if approved {
        let entries = v.svc.consent_history(caller, id).await.map_err(v.fail())?;
        entries
            .iter()
            .rev()
            .map(|h| HistoryLine {
                at: local_when(c.lang, h.at),
                who: c.t(&format!("history-by-{}", h.by_role)),
                audience: c.t(&format!("audience-name-{}", h.audience.as_str())),
                answer: c.t(if h.granted {
                    "history-yes"
                } else {
                    "history-no"
                }),
                until: h
                    .expires_at
                    .filter(|_| h.granted)
                    .map(|m| local_date(c.lang, m))
                    .unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = ExcerptPage {
        id: e.id.to_string(),
        version: e.version.get(),
        has_redactions: !e.redactions.is_empty(),
        segments: segments(&c.t, &e.text, &e.redactions),
        awaiting_review: e.status == ExcerptStatus::AwaitingReview,
        approved,
        status_text: c.t(&format!("status-{}", e.status.as_str())),
        shared_with_anyone: Audience::ALL.into_iter().any(|a| e.consent.get(a)),
        guardian_required: e.guardian_required,
        guardian_yes: audience_names(&c, e.guardian_consent),
        history,
        audiences,
        errors,
        comment,
        saved,
        c,
    };
    Ok(html(status, &page))
}

#[get("/me/excerpts/{id}")]
pub async fn excerpt_page(
    v: Visitor,
    id: web::Path<String>,
    query: web::Query<Saved>,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let id = excerpt_id(&v, &id)?;
    let saved = query.saved.is_some();
    render(
        &v,
        &caller,
        id,
        FormErrors::none(),
        String::new(),
        StatusCode::OK,
        saved,
    )
    .await
}

fn back_to(id: ExcerptId, saved: bool) -> HttpResponse {
    let to = if saved {
        format!("/me/excerpts/{id}?saved=1")
    } else {
        format!("/me/excerpts/{id}")
    };
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to))
        .finish()
}

#[post("/me/excerpts/{id}/review")]
pub async fn review(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    let comment = form.text("comment");
    let decision = match form.get("decision") {
        Some("approve") => Some(ReviewDecision::Approve),
        Some("reject") => Some(ReviewDecision::Reject),
        _ => None,
    };
    let result = match decision {
        Some(decision) => {
            let kept = (!comment.trim().is_empty()).then(|| comment.clone());
            v.svc
                .review_excerpt(&caller, id, decision, form.version(), kept)
                .await
        }
        None => Err(AppError::field("decision", "required")),
    };
    match result {
        Ok(_) => Ok(back_to(id, false)),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "decision").map_err(v.fail())?;
            render(&v, &caller, id, errors, comment, status, false).await
        }
    }
}

/// Checked is yes, unchecked is no: every audience is answered by every post, so the
/// "share with nobody" button withdraws everything in one step.
#[post("/me/excerpts/{id}/consent")]
pub async fn consent(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    let flags = posted_answers(&form);
    match v.svc.set_consent(&caller, id, form.version(), flags).await {
        Ok(_) => Ok(back_to(id, true)),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "peers").map_err(v.fail())?;
            render(&v, &caller, id, errors, String::new(), status, false).await
        }
    }
}
