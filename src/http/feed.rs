//! The feed of one audience (peer, policy_maker, council).

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::AudienceCaller;
use super::error::ErrorBody;
use super::state::Svc;
use crate::domain::FeedItemId;
use crate::error::AppError;
use crate::service::FeedItem;
use crate::service::feed::FEED_MAX_LIMIT;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FeedParams {
    /// 1 to 100, default 50.
    #[param(value_type = u32, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    #[param(value_type = String, pattern = "^[0-9a-fA-F]{32}$")]
    pub after: Option<String>,
    /// A theme id from `GET /api/v1/themes`.
    #[param(value_type = String)]
    pub theme: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FeedItemResponse {
    /// Per audience: unrelated to the same excerpt's id in another audience.
    pub id: String,
    pub text: String,
    pub themes: Vec<String>,
    /// `YYYY-MM`
    pub recorded_month: String,
}

#[derive(Serialize, ToSchema)]
pub struct FeedResponse {
    pub items: Vec<FeedItemResponse>,
    pub next: Option<String>,
}

impl From<FeedItem> for FeedItemResponse {
    fn from(i: FeedItem) -> Self {
        Self {
            id: i.id.to_string(),
            text: i.text,
            themes: i.themes,
            recorded_month: i.recorded_month,
        }
    }
}

fn parse_params(req: &HttpRequest) -> Result<(u32, Option<FeedItemId>, Option<String>), AppError> {
    let params = web::Query::<FeedParams>::from_query(req.query_string())
        .map_err(|_| AppError::field("query", "unknown_or_malformed_parameter"))?
        .into_inner();
    let limit = match params.limit {
        None => 50,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=FEED_MAX_LIMIT).contains(l))
            .ok_or_else(|| AppError::field("limit", "range"))?,
    };
    let after = params
        .after
        .map(|a| FeedItemId::parse(&a).ok_or_else(|| AppError::field("after", "invalid_cursor")))
        .transpose()?;
    Ok((limit, after, params.theme))
}

/// Approved excerpts with live consent for the caller's audience, in pages.
#[utoipa::path(tag = "feed", security(("bearer" = [])), params(FeedParams), responses(
    (status = 200, body = FeedResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/feed")]
pub async fn feed(
    svc: Svc,
    caller: AudienceCaller,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (limit, after, theme) = parse_params(&req)?;
    let page = svc.feed(&caller.0, limit, after, theme).await?;
    Ok(HttpResponse::Ok().json(FeedResponse {
        items: page.items.into_iter().map(FeedItemResponse::from).collect(),
        next: page.next.map(|n| n.to_string()),
    }))
}

#[utoipa::path(tag = "feed", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = FeedItemResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/feed/{id}")]
pub async fn feed_item(
    svc: Svc,
    caller: AudienceCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = FeedItemId::parse(&id).ok_or(AppError::NotFound)?;
    let item = svc.feed_item(&caller.0, id).await?;
    Ok(HttpResponse::Ok().json(FeedItemResponse::from(item)))
}
