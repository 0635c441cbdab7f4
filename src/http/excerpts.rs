//! Excerpts: proposal, edit, submit (worker), review (young person), and reading.

use actix_web::{HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ContentCaller, WorkerCaller, YouthCaller};
use super::error::ErrorBody;
use super::ids::parse_id;
use super::integers::{integer, optional_integer};
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{AudienceFlags, ExcerptId, ExcerptStatus, ReviewDecision, StoryId};
use crate::error::AppError;
use crate::service::{ExcerptSource, ExcerptView};

/// Either a passage of the body (`start`, `end`: code-point offsets, end exclusive) or `text`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExcerptRequest {
    #[serde(default, deserialize_with = "optional_integer")]
    pub start: Option<i64>,
    #[serde(default, deserialize_with = "optional_integer")]
    pub end: Option<i64>,
    pub text: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditExcerptRequest {
    pub text: String,
    #[serde(deserialize_with = "integer")]
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_i64)]
    pub version: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRequest {
    #[serde(deserialize_with = "integer")]
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_i64)]
    pub version: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub decision: ReviewDecision,
    #[serde(deserialize_with = "integer")]
    #[schema(minimum = 1, maximum = 9_007_199_254_740_991_i64)]
    pub version: i64,
    /// Up to 2,000 characters; stored encrypted.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RedactionDto {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The anonymiser was unsure and only suggests this redaction. Submitting is refused (409
    /// `suggestions_undecided`) until a worker decides: saving the text with `PUT
    /// /excerpts/{id}` (edited, or unchanged to accept every suggestion) decides them all.
    pub suggested: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ExcerptResponse {
    #[schema(value_type = String, format = Uuid)]
    pub id: ExcerptId,
    #[schema(value_type = String, format = Uuid)]
    pub story_id: StoryId,
    pub text: String,
    pub redactions: Vec<RedactionDto>,
    pub status: ExcerptStatus,
    pub version: i64,
    pub consent: AudienceFlags,
    /// True while the young person counts as under 16: an audience then also needs a guardian's yes.
    pub guardian_required: bool,
    /// A guardian's answers that hold now.
    pub guardian_consent: AudienceFlags,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ExcerptList {
    pub items: Vec<ExcerptResponse>,
}

impl From<ExcerptView> for ExcerptResponse {
    fn from(e: ExcerptView) -> Self {
        Self {
            id: e.id,
            story_id: e.story_id,
            text: e.text,
            redactions: e
                .redactions
                .into_iter()
                .map(|r| RedactionDto {
                    start: r.start,
                    end: r.end,
                    label: r.label,
                    suggested: r.suggested,
                })
                .collect(),
            status: e.status,
            version: e.version.get(),
            consent: e.consent,
            guardian_required: e.guardian_required,
            guardian_consent: e.guardian_consent,
            review_comment: e.review_comment,
        }
    }
}

fn source_of(req: NewExcerptRequest) -> Result<ExcerptSource, AppError> {
    match req {
        NewExcerptRequest {
            start: Some(start),
            end: Some(end),
            text: None,
        } => {
            let start =
                usize::try_from(start).map_err(|_| AppError::field("start", "out_of_range"))?;
            let end = usize::try_from(end).map_err(|_| AppError::field("end", "out_of_range"))?;
            // `end` after `start` is checked by the service once the story is the caller's.
            Ok(ExcerptSource::Passage { start, end })
        }
        NewExcerptRequest {
            start: None,
            end: None,
            text: Some(text),
        } => Ok(ExcerptSource::Text(text)),
        _ => Err(AppError::field("text", "give_either_start_and_end_or_text")),
    }
}

/// The anonymiser proposes the excerpt; `redactions` show where it replaced something.
#[utoipa::path(tag = "excerpts", security(("bearer" = [])), params(("id" = String, Path)), request_body = NewExcerptRequest,
    responses((status = 201, body = ExcerptResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody)))]
#[post("/stories/{id}/excerpts")]
pub async fn create_excerpt(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
    body: ApiJson<NewExcerptRequest>,
) -> Result<HttpResponse, AppError> {
    let story = parse_id(&id)?;
    let source = source_of(body.0)?;
    let e = svc.create_excerpt(&caller.0, story, source).await?;
    Ok(HttpResponse::Created().json(ExcerptResponse::from(e)))
}

/// A new version; back to draft; all consent for it is withdrawn.
#[utoipa::path(tag = "excerpts", security(("bearer" = [])), params(("id" = String, Path)), request_body = EditExcerptRequest,
    responses((status = 200, body = ExcerptResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[put("/excerpts/{id}")]
pub async fn edit_excerpt(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
    body: ApiJson<EditExcerptRequest>,
) -> Result<HttpResponse, AppError> {
    let EditExcerptRequest { text, version } = body.0;
    let e = svc
        .edit_excerpt(&caller.0, parse_id(&id)?, text, version)
        .await?;
    Ok(HttpResponse::Ok().json(ExcerptResponse::from(e)))
}

#[utoipa::path(tag = "excerpts", security(("bearer" = [])), params(("id" = String, Path)), request_body = VersionRequest,
    responses((status = 200, body = ExcerptResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, description = "`conflict` (version or status) or `suggestions_undecided`", body = ErrorBody),
    (status = 422, description = "`identifier_in_text`: the text still holds a registered identifier; `spans` say where", body = ErrorBody)))]
#[post("/excerpts/{id}/submit")]
pub async fn submit_excerpt(
    svc: Svc,
    caller: WorkerCaller,
    id: web::Path<String>,
    body: ApiJson<VersionRequest>,
) -> Result<HttpResponse, AppError> {
    let e = svc
        .submit_excerpt(&caller.0, parse_id(&id)?, body.0.version)
        .await?;
    Ok(HttpResponse::Ok().json(ExcerptResponse::from(e)))
}

/// Responsible worker or owner. A worker's read is written to the young person's access log.
#[utoipa::path(tag = "excerpts", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = ExcerptResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/excerpts/{id}")]
pub async fn get_excerpt(
    svc: Svc,
    caller: ContentCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let e = svc.get_excerpt(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(ExcerptResponse::from(e)))
}

#[utoipa::path(tag = "excerpts", security(("bearer" = [])), params(("id" = String, Path)), request_body = ReviewRequest,
    responses((status = 200, body = ExcerptResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/excerpts/{id}/review")]
pub async fn review_excerpt(
    svc: Svc,
    caller: YouthCaller,
    id: web::Path<String>,
    body: ApiJson<ReviewRequest>,
) -> Result<HttpResponse, AppError> {
    let ReviewRequest {
        decision,
        version,
        comment,
    } = body.0;
    let e = svc
        .review_excerpt(&caller.0, parse_id(&id)?, decision, version, comment)
        .await?;
    Ok(HttpResponse::Ok().json(ExcerptResponse::from(e)))
}
