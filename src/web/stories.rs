//! Recording a story and choosing a passage of it (worker): the same use cases as
//! `POST /participants/{id}/stories`, `GET /stories/{id}` and `POST /stories/{id}/excerpts`.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::text::normalise_newlines;
use super::visitor::{Chrome, Visitor};
use crate::domain::{ParticipantId, Role, StoryId};
use crate::error::AppError;
use crate::service::{ExcerptSource, NewStoryInput};

pub struct ThemeChoice {
    pub id: String,
    pub label: String,
    /// The language the label is in (Dutch where the policy has no English label).
    pub lang: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "worker/story_new.html")]
struct NewStoryPage {
    c: Chrome,
    participant_id: String,
    errors: FormErrors,
    title: String,
    body: String,
    themes: Vec<ThemeChoice>,
    recorded_on: String,
}

fn themes(v: &Visitor, chosen: &[String]) -> Vec<ThemeChoice> {
    v.svc
        .policies()
        .themes
        .iter()
        .map(|t| {
            let label = super::labels::theme(v.svc.policies(), v.lang, &t.id);
            ThemeChoice {
                id: t.id.clone(),
                label: label.label,
                lang: label.lang,
                checked: chosen.contains(&t.id),
            }
        })
        .collect()
}

fn today() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::now_utc()
        .date()
        .format(&format)
        .unwrap_or_default()
}

fn parse_id<T: std::str::FromStr>(v: &Visitor, raw: &str) -> Result<T, WebError> {
    raw.parse().map_err(|_| v.fail()(AppError::NotFound))
}

#[get("/participants/{id}/stories/new")]
pub async fn new_page(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let participant: ParticipantId = parse_id(&v, &id)?;
    // Only for a participant of this worker: anyone else's is the 404 page.
    v.svc
        .excerpt_summaries(&caller, participant)
        .await
        .map_err(v.fail())?;
    let page = NewStoryPage {
        c: v.chrome(),
        participant_id: participant.to_string(),
        errors: FormErrors::none(),
        title: String::new(),
        body: String::new(),
        themes: themes(&v, &[]),
        recorded_on: today(),
    };
    Ok(html(StatusCode::OK, &page))
}

#[post("/participants/{id}/stories/new")]
pub async fn create(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let participant: ParticipantId = parse_id(&v, &id)?;
    v.check_form(&form)?;
    let input = NewStoryInput {
        title: form.text("title"),
        body: normalise_newlines(&form.text("body")),
        themes: form.all("themes"),
        recorded_on: form.text("recorded_on"),
    };
    let kept = (
        input.title.clone(),
        input.body.clone(),
        input.themes.clone(),
        input.recorded_on.clone(),
    );
    match v.svc.create_story(&caller, participant, input).await {
        Ok(story) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, format!("/stories/{}", story.id)))
            .finish()),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "title").map_err(v.fail())?;
            let (title, body, chosen, recorded_on) = kept;
            let page = NewStoryPage {
                themes: themes(&v, &chosen),
                c: v.chrome(),
                participant_id: participant.to_string(),
                errors,
                title,
                body,
                recorded_on,
            };
            Ok(html(status, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "worker/story.html")]
struct StoryPage {
    c: Chrome,
    id: String,
    participant_id: String,
    title: String,
    body: String,
    themes: Vec<ThemeChoice>,
    recorded_on: String,
    errors: FormErrors,
    start: String,
    end: String,
    text: String,
}

async fn render_story(
    v: &Visitor,
    id: StoryId,
    errors: FormErrors,
    kept: (String, String, String),
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let story = v.svc.get_story(&caller, id).await.map_err(v.fail())?;
    let labels = themes(v, &story.themes);
    let (start, end, text) = kept;
    let page = StoryPage {
        c: v.chrome(),
        id: story.id.to_string(),
        participant_id: story.participant_id.to_string(),
        title: story.title,
        body: story.body.unwrap_or_default(),
        themes: labels.into_iter().filter(|t| t.checked).collect(),
        recorded_on: story.recorded_on,
        errors,
        start,
        end,
        text,
    };
    Ok(html(status, &page))
}

#[get("/stories/{id}")]
pub async fn story_page(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    v.require(&[Role::Worker])?;
    let id = parse_id(&v, &id)?;
    let empty = (String::new(), String::new(), String::new());
    render_story(&v, id, FormErrors::none(), empty, StatusCode::OK).await
}

/// Which passage: `start` and `end` (code points, from the form or the selection script), or a
/// `text` typed or pasted in. Both or neither is a form error.
fn source(start: &str, end: &str, text: &str) -> Result<ExcerptSource, AppError> {
    let (start, end, text) = (start.trim(), end.trim(), text.trim());
    match (start.is_empty() && end.is_empty(), text.is_empty()) {
        (true, false) => Ok(ExcerptSource::Text(normalise_newlines(text))),
        (false, true) => {
            let start: usize = start
                .parse()
                .map_err(|_| AppError::field("start", "out_of_range"))?;
            let end: usize = end
                .parse()
                .map_err(|_| AppError::field("end", "out_of_range"))?;
            if end <= start {
                return Err(AppError::field("end", "not_after_start"));
            }
            Ok(ExcerptSource::Passage { start, end })
        }
        _ => Err(AppError::field("text", "give_either_start_and_end_or_text")),
    }
}

#[post("/stories/{id}/excerpts")]
pub async fn create_excerpt(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let id: StoryId = parse_id(&v, &id)?;
    v.check_form(&form)?;
    let (start, end, text) = (form.text("start"), form.text("end"), form.text("text"));
    let created = match source(&start, &end, &text) {
        Ok(source) => v.svc.create_excerpt(&caller, id, source).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(e) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, format!("/excerpts/{}", e.id)))
            .finish()),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "start").map_err(v.fail())?;
            render_story(&v, id, errors, (start, end, text), status).await
        }
    }
}
