//! A JSON body extractor with our own limits and errors: 415 unless the body is declared JSON, 413
//! past `LIMIT` bytes, 400 for malformed JSON, unknown fields or wrong types. Serde's messages are
//! never passed on: they can quote the submitted value.

use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Bodies other than stories: 16 KB (API contract).
pub const SMALL_BODY: usize = 16 * 1024;
/// Story bodies hold up to 200 KB of text; JSON escaping may add to that.
pub const STORY_BODY: usize = 512 * 1024;

pub struct ApiJson<T, const LIMIT: usize = SMALL_BODY>(pub T);

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest for ApiJson<T, LIMIT> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
            .unwrap_or(false);
        let declared: Option<usize> = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType);
            }
            if declared.is_some_and(|n| n > LIMIT) {
                return Err(AppError::PayloadTooLarge);
            }
            let mut body = Vec::with_capacity(declared.unwrap_or(1024).min(LIMIT));
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| AppError::BadRequest {
                    code: "unreadable_body",
                    message: "The request body could not be read.",
                })?;
                if body.len() + chunk.len() > LIMIT {
                    return Err(AppError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            serde_json::from_slice(&body).map(ApiJson).map_err(|e| match e.classify() {
                serde_json::error::Category::Data => AppError::BadRequest {
                    code: "invalid_body",
                    message: "The body has unknown fields, misses fields, or has values of the wrong type.",
                },
                _ => AppError::BadRequest { code: "malformed_json", message: "The body is not valid JSON." },
            })
        })
    }
}
