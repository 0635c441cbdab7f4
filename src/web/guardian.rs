//! The guardian's pages (a parent, legal guardian or guardian organisation beside a young person
//! under 16): the excerpts the young person approved and wants to share, each with only its
//! anonymised text and the consent texts, a yes or no per audience, withdrawal, and renewal.
//! Nothing else of the story. The same use cases as `GET /guardian/excerpts`,
//! `PUT /guardian/excerpts/{id}/consent` and `POST /guardian/excerpts/{id}/consent/renew`.
//! An excerpt of another participant is the same 404 page as one that does not exist.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::consent_choices::{AudienceChoice, audience_choices, audience_names, posted_answers};
use super::errors::{FormErrors, WebError, html};
use super::excerpts::excerpt_id;
use super::form::Form;
use super::renewal_cards::{RenewalCard, renewal_cards};
use super::text::{Segment, preview, segments};
use super::visitor::{Chrome, Visitor};
use crate::domain::{Audience, AudienceFlags, ExcerptId, Role};
use crate::service::{Caller, GuardianExcerpt};

/// The guardian's home, where they land after logging in.
pub const GUARDIAN_HOME: &str = "/guardian";

pub struct GuardianLine {
    pub id: String,
    pub preview: String,
    /// The audiences the young person wants to share it with.
    pub youth_yes: Vec<String>,
    /// The audiences the guardian said yes to.
    pub guardian_yes: Vec<String>,
}

#[derive(Template)]
#[template(path = "guardian/home.html")]
struct HomePage {
    c: Chrome,
    renewals: Vec<RenewalCard>,
    waiting: Vec<GuardianLine>,
    answered: Vec<GuardianLine>,
    renewed: bool,
    guardian_required: bool,
}

#[derive(Deserialize)]
pub struct Flags {
    saved: Option<String>,
    renewed: Option<String>,
}

/// Waiting: the young person said yes to an audience the guardian has not (yet) said yes to.
fn waits_for_guardian(e: &GuardianExcerpt) -> bool {
    e.guardian_required
        && Audience::ALL
            .into_iter()
            .any(|a| e.youth_consent.get(a) && !e.guardian_consent.get(a))
}

#[get("/guardian")]
pub async fn home(v: Visitor, query: web::Query<Flags>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Guardian])?;
    let excerpts = v.svc.guardian_excerpts(&caller).await.map_err(v.fail())?;
    let renewals = v.svc.renewals(&caller).await.map_err(v.fail())?;
    let c = v.chrome();
    let renewals = renewal_cards(&c, &renewals, "/guardian/excerpts", |id| {
        excerpts.iter().find(|e| e.id == id).map(|e| e.text.clone())
    });
    let line = |e: &GuardianExcerpt| GuardianLine {
        id: e.id.to_string(),
        preview: preview(&e.text),
        youth_yes: audience_names(&c, e.youth_consent),
        guardian_yes: audience_names(&c, e.guardian_consent),
    };
    let (waiting, answered): (Vec<_>, Vec<_>) =
        excerpts.iter().partition(|e| waits_for_guardian(e));
    let page = HomePage {
        renewals,
        waiting: waiting.into_iter().map(line).collect(),
        answered: answered.into_iter().map(line).collect(),
        renewed: query.renewed.is_some(),
        guardian_required: excerpts.iter().all(|e| e.guardian_required),
        c,
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "guardian/excerpt.html")]
struct ExcerptPage {
    c: Chrome,
    id: String,
    version: i64,
    segments: Vec<Segment>,
    has_redactions: bool,
    youth_yes: Vec<String>,
    audiences: Vec<AudienceChoice>,
    guardian_required: bool,
    said_yes_to_any: bool,
    errors: FormErrors,
    saved: bool,
}

async fn render(
    v: &Visitor,
    caller: &Caller,
    id: ExcerptId,
    errors: FormErrors,
    status: StatusCode,
    saved: bool,
) -> Result<HttpResponse, WebError> {
    let e = v.svc.guardian_excerpt(caller, id).await.map_err(v.fail())?;
    let c = v.chrome();
    let audiences = audience_choices(
        &c,
        v.svc.policies(),
        |a| e.guardian_consent.get(a),
        |a| e.youth_consent.get(a),
    );
    let page = ExcerptPage {
        id: e.id.to_string(),
        version: e.version.get(),
        has_redactions: !e.redactions.is_empty(),
        segments: segments(&c.t, &e.text, &e.redactions),
        youth_yes: audience_names(&c, e.youth_consent),
        said_yes_to_any: e.guardian_consent != AudienceFlags::default(),
        guardian_required: e.guardian_required,
        audiences,
        errors,
        saved,
        c,
    };
    Ok(html(status, &page))
}

#[get("/guardian/excerpts/{id}")]
pub async fn excerpt_page(
    v: Visitor,
    id: web::Path<String>,
    query: web::Query<Flags>,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Guardian])?;
    let id = excerpt_id(&v, &id)?;
    render(
        &v,
        &caller,
        id,
        FormErrors::none(),
        StatusCode::OK,
        query.saved.is_some(),
    )
    .await
}

/// Checked is yes, unchecked is no, for every audience; "withdraw" says no to all in one step.
#[post("/guardian/excerpts/{id}/consent")]
pub async fn consent(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Guardian])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    let flags = posted_answers(&form);
    match v
        .svc
        .set_guardian_consent(&caller, id, form.version(), flags)
        .await
    {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, format!("/guardian/excerpts/{id}?saved=1")))
            .finish()),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "peers").map_err(v.fail())?;
            render(&v, &caller, id, errors, status, false).await
        }
    }
}

/// Renews every yes of the guardian on record for the current text, then back home.
#[post("/guardian/excerpts/{id}/renew")]
pub async fn renew(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Guardian])?;
    let id = excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    v.svc
        .renew_guardian_consent(&caller, id, form.version())
        .await
        .map_err(v.fail())?;
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, format!("{GUARDIAN_HOME}?renewed=1")))
        .finish())
}
