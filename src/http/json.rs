//! A JSON body extractor with our own limits and errors: 415 unless the body is declared JSON, 413
//! past `LIMIT` bytes, 400 for malformed JSON, unknown fields or wrong types, 408 (and the
//! connection closed) when the body does not arrive within `BODY_READ_TIMEOUT`. Serde's messages
//! are never passed on: they can quote the submitted value.

use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::json_body::{BodyBuffer, BodyProblem};
use crate::error::AppError;

/// Bodies other than stories: 16 KB (API contract).
pub const SMALL_BODY: usize = 16 * 1024;
/// Story bodies hold up to 200 KB of text; JSON escaping may add to that.
pub const STORY_BODY: usize = 512 * 1024;
/// The whole body must arrive within this time. actix bounds the headers (`client_request_timeout`,
/// 5 s) but not the body: a client that declares 100 bytes and sends 10 would otherwise hold a
/// connection and a worker slot for ever. 512 KB in 10 s needs about 50 KB/s.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

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
            let mut body = BodyBuffer::new(LIMIT, declared).map_err(problem)?;
            let read = async {
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|_| AppError::BadRequest {
                        code: "unreadable_body",
                        message: "The request body could not be read.",
                    })?;
                    body.push(&chunk).map_err(problem)?;
                }
                Ok::<(), AppError>(())
            };
            match tokio::time::timeout(BODY_READ_TIMEOUT, read).await {
                Ok(result) => result?,
                Err(_) => {
                    hold_until_closed(payload);
                    return Err(AppError::RequestTimeout);
                }
            }
            body.parse().map(ApiJson).map_err(problem)
        })
    }
}

/// actix drains a dropped chunked body before it answers, which a stalled client never ends. A
/// payload still held when the answer goes out makes actix close the connection instead; it ends
/// (and this task with it) when the connection does, and in any case after one more timeout.
fn hold_until_closed(mut payload: Payload) {
    actix_web::rt::spawn(async move {
        let _ = tokio::time::timeout(BODY_READ_TIMEOUT, async {
            while let Some(Ok(_)) = payload.next().await {}
        })
        .await;
    });
}

fn problem(p: BodyProblem) -> AppError {
    match p {
        BodyProblem::TooLarge => AppError::PayloadTooLarge,
        BodyProblem::Invalid => AppError::BadRequest {
            code: "invalid_body",
            message: "The body has unknown fields, misses fields, or has values of the wrong type.",
        },
        BodyProblem::Malformed => AppError::BadRequest {
            code: "malformed_json",
            message: "The body is not valid JSON.",
        },
    }
}
