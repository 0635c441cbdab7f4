//! The young person's consent receipts for one excerpt, readable (what, which audiences, which
//! consent texts, who answered, when, until when), each downloadable as the signed JSON that
//! `storyvault verify-receipt` checks. Also their one-step renewal. The same use cases as
//! `GET /excerpts/{id}/receipts` and `POST /excerpts/{id}/consent/renew`.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde_json::Value;

use super::errors::{WebError, html};
use super::excerpts::excerpt_id;
use super::form::Form;
use super::local_time::{local_date_rfc3339, local_when_rfc3339};
use super::visitor::{Chrome, Visitor};
use crate::domain::{ExcerptId, Role};
use crate::error::AppError;

pub struct ReceiptAudience {
    pub audience: String,
    pub answer: String,
    pub until: String,
    pub text_version: String,
}

pub struct ReceiptCard {
    pub number: usize,
    pub at: String,
    pub who: String,
    pub excerpt_version: String,
    pub text_sha256: String,
    pub audiences: Vec<ReceiptAudience>,
    pub download: String,
}

#[derive(Template)]
#[template(path = "me/receipts.html")]
struct ReceiptsPage {
    c: Chrome,
    id: String,
    receipts: Vec<ReceiptCard>,
}

fn field<'a>(value: &'a Value, name: &str) -> &'a str {
    value.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn card(c: &Chrome, id: ExcerptId, number: usize, r: &Value) -> ReceiptCard {
    let audiences = r
        .get("audiences")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let granted = a.get("granted").and_then(Value::as_bool).unwrap_or(false);
            ReceiptAudience {
                audience: c.t(&format!("audience-name-{}", field(a, "audience"))),
                answer: c.t(if granted { "history-yes" } else { "history-no" }),
                until: match a.get("valid_until").and_then(Value::as_str) {
                    Some(until) if granted => local_date_rfc3339(c.lang, until),
                    _ => String::new(),
                },
                text_version: a
                    .get("consent_text_version")
                    .map(Value::to_string)
                    .unwrap_or_default(),
            }
        })
        .collect();
    ReceiptCard {
        number,
        at: local_when_rfc3339(c.lang, field(r, "at")),
        who: c.t(&format!("history-by-{}", field(r, "answered_by"))),
        excerpt_version: r
            .get("excerpt_version")
            .map(Value::to_string)
            .unwrap_or_default(),
        text_sha256: field(r, "text_sha256").to_string(),
        audiences,
        download: format!("/me/excerpts/{id}/receipts/{number}"),
    }
}

#[get("/me/excerpts/{id}/receipts")]
pub async fn receipts_page(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let id = excerpt_id(&v, &id)?;
    let items = v.svc.receipts(&caller, id).await.map_err(v.fail())?;
    let c = v.chrome();
    // Newest first: the one that holds now is on top.
    let receipts = items
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| card(&c, id, i + 1, r))
        .collect();
    let page = ReceiptsPage {
        id: id.to_string(),
        receipts,
        c,
    };
    Ok(html(StatusCode::OK, &page))
}

/// Receipt `n` (1 is the oldest) as the signed JSON file, exactly as the API gives it.
#[get("/me/excerpts/{id}/receipts/{n}")]
pub async fn receipt_download(
    v: Visitor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let (id, n) = path.into_inner();
    let id = excerpt_id(&v, &id)?;
    let n: usize = n.parse().map_err(|_| v.fail()(AppError::NotFound))?;
    let items = v.svc.receipts(&caller, id).await.map_err(v.fail())?;
    let receipt = n
        .checked_sub(1)
        .and_then(|i| items.get(i))
        .ok_or_else(|| v.fail()(AppError::NotFound))?;
    let body = serde_json::to_vec_pretty(receipt)
        .map_err(|e| v.fail()(AppError::Internal(e.to_string())))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"storyvault-receipt-{n}.json\""),
        ))
        .body(body))
}

/// Renews every yes on record for the current text in one step, then back home.
#[post("/me/excerpts/{id}/renew")]
pub async fn renew(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Youth])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    v.svc
        .renew_consent(&caller, id, form.version())
        .await
        .map_err(v.fail())?;
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, "/me?renewed=1"))
        .finish())
}
