//! Liveness and readiness.

use actix_web::{HttpResponse, get};

use super::state::Svc;

/// 200 while the process runs.
#[utoipa::path(tag = "operations", responses((status = 200)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// 200 when the database answers, 503 otherwise.
#[utoipa::path(tag = "operations", responses((status = 200), (status = 503)))]
#[get("/readyz")]
pub async fn readyz(svc: Svc) -> HttpResponse {
    if svc.store().ping().await {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "database unavailable" }))
    }
}
