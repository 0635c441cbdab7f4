//! The anonymiser's suggestions on the worker's excerpt page: redactions it was unsure of, shown
//! apart ("Voorstel: controleer dit") with their kind. Without JavaScript the worker decides each
//! with a pair of radio buttons, and for a rejected one types what should stand there instead;
//! saving makes the decided text a new version through the ordinary edit use case (which marks
//! every remaining placeholder as decided).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};

use super::errors::{FieldMessage, FormErrors, WebError};
use super::form::Form;
use super::i18n::Texts;
use super::visitor::Visitor;
use crate::domain::Role;
use crate::service::Redaction;

/// How much text around a suggestion the page shows, in characters each side.
const CONTEXT: usize = 40;

pub struct SuggestionView {
    /// 1-based, the number in the form's control names (`suggestion-1`, `replacement-1`).
    pub number: usize,
    pub placeholder: String,
    pub kind: String,
    pub before: String,
    pub after: String,
}

pub fn views(t: &Texts, text: &str, redactions: &[Redaction]) -> Vec<SuggestionView> {
    let chars: Vec<char> = text.chars().collect();
    redactions
        .iter()
        .filter(|r| r.suggested && r.start < r.end && r.end <= chars.len())
        .enumerate()
        .map(|(i, r)| SuggestionView {
            number: i + 1,
            placeholder: chars[r.start..r.end].iter().collect(),
            kind: t.get(&format!("redaction-{}", r.label.to_lowercase())),
            before: chars[r.start.saturating_sub(CONTEXT)..r.start]
                .iter()
                .collect(),
            after: chars[r.end..(r.end + CONTEXT).min(chars.len())]
                .iter()
                .collect(),
        })
        .collect()
}

/// The text with every suggestion decided: accepted ones keep their placeholder, rejected ones
/// get the worker's words. Field errors for any suggestion left undecided or without words.
fn decided_text(
    t: &Texts,
    text: &str,
    redactions: &[Redaction],
    form: &Form,
) -> Result<String, FormErrors> {
    let chars: Vec<char> = text.chars().collect();
    let mut errors = FormErrors::none();
    let mut out = String::new();
    let mut at = 0;
    let suggested = redactions
        .iter()
        .filter(|r| r.suggested && r.start < r.end && r.end <= chars.len());
    for (i, r) in suggested.enumerate() {
        let n = i + 1;
        if r.start < at {
            continue;
        }
        out.extend(&chars[at..r.start]);
        let field = format!("suggestion-{n}");
        match form.get(&field) {
            Some("accept") => out.extend(&chars[r.start..r.end]),
            Some("reject") => {
                let words = form.text(&format!("replacement-{n}"));
                let words = words.trim();
                if words.is_empty() {
                    errors.items.push(FieldMessage {
                        field: format!("replacement-{n}"),
                        message: t.with("suggestion-error-words", "number", &n.to_string()),
                    });
                }
                out.push_str(words);
            }
            _ => errors.items.push(FieldMessage {
                field: format!("suggestion-{n}-accept"),
                message: t.with("suggestion-error-choose", "number", &n.to_string()),
            }),
        }
        at = r.end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[post("/excerpts/{id}/suggestions")]
pub async fn decide(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Worker])?;
    let id = super::excerpts::excerpt_id(&v, &id)?;
    v.check_form(&form)?;
    let excerpt = v.svc.get_excerpt(&caller, id).await.map_err(v.fail())?;
    let t = v.texts();
    if excerpt.version.get() != form.version() {
        let (errors, status) =
            FormErrors::from_app(&t, crate::error::AppError::version_conflict(), &[], "")
                .map_err(v.fail())?;
        return super::excerpts::render(&v, id, errors, None, status).await;
    }
    match decided_text(&t, &excerpt.text, &excerpt.redactions, &form) {
        Ok(text) => match v.svc.edit_excerpt(&caller, id, text, form.version()).await {
            Ok(_) => Ok(super::excerpts::back_to(id)),
            Err(e) => {
                let (errors, status) = FormErrors::from_app(&t, e, &[], "").map_err(v.fail())?;
                super::excerpts::render(&v, id, errors, None, status).await
            }
        },
        Err(errors) => super::excerpts::render(&v, id, errors, None, StatusCode::BAD_REQUEST).await,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use crate::web::Lang;

    fn redaction(start: usize, end: usize, suggested: bool) -> Redaction {
        Redaction {
            start,
            end,
            label: "PERSON".into(),
            suggested,
        }
    }

    #[test]
    fn accepted_suggestions_stay_and_rejected_ones_get_the_workers_words() {
        let text = "Ik zag [naam 1] en [naam 2] bij [naam 3].";
        let redactions = [
            redaction(7, 15, true),
            redaction(19, 27, false),
            redaction(32, 40, true),
        ];
        let form = Form::parse(b"suggestion-1=accept&suggestion-2=reject&replacement-2=de+Bank");
        let t = Texts::new(Lang::Nl);
        let text = decided_text(&t, text, &redactions, &form).map_err(|e| e.items.len());
        assert_eq!(
            text,
            Ok("Ik zag [naam 1] en [naam 2] bij de Bank.".to_string())
        );
    }

    #[test]
    fn an_undecided_suggestion_or_a_rejection_without_words_is_a_field_error() {
        let text = "Ik zag [naam 1] bij [naam 2].";
        let redactions = [redaction(7, 15, true), redaction(20, 28, true)];
        let form = Form::parse(b"suggestion-2=reject&replacement-2=+");
        let t = Texts::new(Lang::Nl);
        let errors = decided_text(&t, text, &redactions, &form).expect_err("errors");
        let fields: Vec<&str> = errors.items.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["suggestion-1-accept", "replacement-2"]);
        assert!(errors.items[0].message.contains('1'));
    }

    #[test]
    fn the_view_shows_each_suggestion_with_its_kind_and_some_text_around_it() {
        let text = "Ik zag [naam 1] bij [plaats].";
        let mut second = redaction(20, 28, true);
        second.label = "LOCATION".into();
        let views = views(
            &Texts::new(Lang::Nl),
            text,
            &[redaction(7, 15, false), second],
        );
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].number, 1);
        assert_eq!(views[0].placeholder, "[plaats]");
        assert_eq!(views[0].before, "Ik zag [naam 1] bij ");
        assert_eq!(views[0].after, ".");
    }
}
