//! The worker adds a guardian beside a young person under 16 (a parent, a legal guardian, or the
//! guardian organisation in a child-protection measure) and hands over the guardian's invitation
//! code, shown once. The same use case as `POST /api/v1/participants/{id}/guardians`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::participants::own_participant;
use super::visitor::{Chrome, Visitor};
use crate::domain::Role;
use crate::error::AppError;
use crate::service::GuardianRelation;

/// One choice of the relation radio group.
pub struct RelationChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

fn relation_choices(c: &Chrome, chosen: &str) -> Vec<RelationChoice> {
    ["parent", "guardian", "organisation"]
        .into_iter()
        .map(|value| RelationChoice {
            value,
            label: c.t(&format!("guardian-relation-{value}")),
            checked: value == chosen,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "worker/guardian_new.html")]
struct NewPage {
    c: Chrome,
    id: String,
    pseudonym: String,
    relations: Vec<RelationChoice>,
    description: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "worker/guardian_code.html")]
struct CodePage {
    c: Chrome,
    participant_id: String,
    pseudonym: String,
    relation: String,
    code: String,
}

#[get("/participants/{id}/guardians/new")]
pub async fn new_page(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let participant = own_participant(&v, &caller, &id).await?;
    let (id, pseudonym) = (participant.id, participant.pseudonym.as_str().to_string());
    let c = v.chrome();
    let page = NewPage {
        id: id.to_string(),
        pseudonym,
        relations: relation_choices(&c, ""),
        description: String::new(),
        errors: FormErrors::none(),
        c,
    };
    Ok(html(StatusCode::OK, &page))
}

#[post("/participants/{id}/guardians/new")]
pub async fn create(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    v.check_form(&form)?;
    let participant = own_participant(&v, &caller, &id).await?;
    let (id, pseudonym) = (participant.id, participant.pseudonym.as_str().to_string());
    let relation = form.text("relation");
    let description = form.text("description");
    let added = match GuardianRelation::parse(&relation) {
        Some(r) => v
            .svc
            .add_guardian(&caller, id, r, description.clone())
            .await
            .map(|(_, code)| (r, code)),
        None => Err(AppError::field("relation", "required")),
    };
    let c = v.chrome();
    match added {
        Ok((relation, code)) => {
            let page = CodePage {
                participant_id: id.to_string(),
                pseudonym,
                relation: c.t(&format!("guardian-relation-{}", relation.as_str())),
                code: code.expose().to_string(),
                c,
            };
            Ok(html(StatusCode::CREATED, &page))
        }
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "description").map_err(v.fail())?;
            let page = NewPage {
                id: id.to_string(),
                pseudonym,
                relations: relation_choices(&c, &relation),
                description,
                errors,
                c,
            };
            Ok(html(status, &page))
        }
    }
}
