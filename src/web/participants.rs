//! The worker's participants: the list, registering one (its invitation code shown once), one
//! participant's stories and excerpts, and a new invitation. The same use cases as
//! `GET/POST /participants` and `POST /participants/{id}/invite`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::text::when;
use super::visitor::{Chrome, Visitor};
use crate::domain::time::Millis;
use crate::domain::visibility::guardian_required;
use crate::domain::{Audience, ParticipantId, Role};
use crate::error::AppError;
use crate::service::{Caller, ParticipantSummary};

pub struct ParticipantLine {
    pub id: String,
    pub pseudonym: String,
    pub birth_year: i32,
    pub created: String,
}

#[derive(Template)]
#[template(path = "worker/participants.html")]
struct ListPage {
    c: Chrome,
    items: Vec<ParticipantLine>,
}

async fn participants(v: &Visitor, caller: &Caller) -> Result<Vec<ParticipantLine>, WebError> {
    Ok(v.svc
        .list_participants(caller)
        .await
        .map_err(v.fail())?
        .into_iter()
        .map(|p| ParticipantLine {
            id: p.id.to_string(),
            pseudonym: p.pseudonym.as_str().to_string(),
            birth_year: p.birth_year.get(),
            created: when(p.created_at),
        })
        .collect())
}

#[get("/participants")]
pub async fn list(v: Visitor) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let items = participants(&v, &caller).await?;
    Ok(html(
        StatusCode::OK,
        &ListPage {
            c: v.chrome(),
            items,
        },
    ))
}

#[derive(Template)]
#[template(path = "worker/participant_new.html")]
struct NewPage {
    c: Chrome,
    errors: FormErrors,
    birth_year: String,
    identifiers: String,
}

#[get("/participants/new")]
pub async fn new_page(v: Visitor) -> Result<HttpResponse, WebError> {
    v.require(&[Role::Worker])?;
    let page = NewPage {
        c: v.chrome(),
        errors: FormErrors::none(),
        birth_year: String::new(),
        identifiers: String::new(),
    };
    Ok(html(StatusCode::OK, &page))
}

/// The invitation code, shown once: large, readable aloud, printable.
#[derive(Template)]
#[template(path = "worker/invite_code.html")]
struct CodePage {
    c: Chrome,
    participant_id: String,
    pseudonym: String,
    code: String,
}

#[post("/participants/new")]
pub async fn create(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    v.check_form(&form)?;
    let birth_year = form.text("birth_year");
    let identifiers = form.text("identifiers");
    // Blank lines are no identifiers; people leave them at the end.
    let lines: Vec<String> = identifiers
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let created = match birth_year.trim().parse::<i64>() {
        Ok(year) => v.svc.create_participant(&caller, year, lines).await,
        Err(_) => Err(AppError::field("birth_year", "out_of_range")),
    };
    match created {
        Ok(p) => {
            let page = CodePage {
                c: v.chrome(),
                participant_id: p.id.to_string(),
                pseudonym: p.pseudonym.as_str().to_string(),
                code: p.invite_code.expose().to_string(),
            };
            Ok(html(StatusCode::CREATED, &page))
        }
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "birth_year").map_err(v.fail())?;
            let page = NewPage {
                c: v.chrome(),
                errors,
                birth_year,
                identifiers,
            };
            Ok(html(status, &page))
        }
    }
}

pub struct StoryLine {
    pub id: String,
    pub title: String,
    pub recorded_on: String,
}

pub struct ExcerptLine {
    pub id: String,
    pub status: String,
    pub shared_with: Vec<String>,
}

pub struct GuardianLine {
    pub relation: String,
    pub description: String,
    pub has_account: bool,
}

#[derive(Template)]
#[template(path = "worker/participant.html")]
struct DetailPage {
    c: Chrome,
    id: String,
    pseudonym: String,
    stories: Vec<StoryLine>,
    excerpts: Vec<ExcerptLine>,
    /// Whether a guardian's yes is needed beside the young person's (under 16 by birth year).
    guardian_required: bool,
    guardians: Vec<GuardianLine>,
}

/// One of this worker's participants by the id in the path, with their pseudonym; anyone else's,
/// and a malformed id, is the same 404 page as one that does not exist.
pub(super) async fn own_participant(
    v: &Visitor,
    caller: &Caller,
    raw: &str,
) -> Result<ParticipantSummary, WebError> {
    let id: ParticipantId = raw.parse().map_err(|_| v.fail()(AppError::NotFound))?;
    v.svc
        .list_participants(caller)
        .await
        .map_err(v.fail())?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| v.fail()(AppError::NotFound))
}

#[get("/participants/{id}")]
pub async fn detail(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let summary = own_participant(&v, &caller, &id).await?;
    let id = summary.id;
    let stories = v.svc.list_stories(&caller, id).await.map_err(v.fail())?;
    let excerpts = v
        .svc
        .excerpt_summaries(&caller, id)
        .await
        .map_err(v.fail())?;
    let guardians = v.svc.list_guardians(&caller, id).await.map_err(v.fail())?;
    let c = v.chrome();
    let page = DetailPage {
        id: id.to_string(),
        pseudonym: summary.pseudonym.as_str().to_string(),
        guardian_required: guardian_required(summary.birth_year.get(), Millis::now()),
        guardians: guardians
            .into_iter()
            .map(|g| GuardianLine {
                relation: c.t(&format!("guardian-relation-{}", g.relation.as_str())),
                description: g.description,
                has_account: g.has_account,
            })
            .collect(),
        stories: stories
            .into_iter()
            .map(|s| StoryLine {
                id: s.id.to_string(),
                title: s.title,
                recorded_on: s.recorded_on,
            })
            .collect(),
        excerpts: excerpts
            .into_iter()
            .map(|e| ExcerptLine {
                id: e.id.to_string(),
                status: c.t(&format!("worker-status-{}", e.status.as_str())),
                shared_with: Audience::ALL
                    .into_iter()
                    .filter(|a| e.consent.get(*a))
                    .map(|a| c.t(&format!("audience-{}", a.as_str())))
                    .collect(),
            })
            .collect(),
        c,
    };
    Ok(html(StatusCode::OK, &page))
}

/// A new code; the earlier one stops working.
#[post("/participants/{id}/invite")]
pub async fn new_invite(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    v.check_form(&form)?;
    let summary = own_participant(&v, &caller, &id).await?;
    let code = v
        .svc
        .new_invite(&caller, summary.id)
        .await
        .map_err(v.fail())?;
    let page = CodePage {
        c: v.chrome(),
        participant_id: summary.id.to_string(),
        pseudonym: summary.pseudonym.as_str().to_string(),
        code: code.expose().to_string(),
    };
    Ok(html(StatusCode::CREATED, &page))
}
