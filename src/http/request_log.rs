//! One log line and one metrics observation per request: method, route template, status and
//! latency. Nothing else from the
//! request: no path values (they are ids), query, body, client address or user agent.

use std::time::Instant;

use actix_web::{Error, web};

use super::metrics::Metrics;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tracing::Instrument;

pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let span = tracing::info_span!("request", method = %method, route = %route);
    let result = next.call(req).instrument(span).await;
    let status = match &result {
        Ok(response) => response.status().as_u16(),
        Err(e) => e.as_response_error().status_code().as_u16(),
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Some(metrics) = &metrics {
        metrics.observe(&method, &route, status, seconds);
    }
    tracing::info!(
        method = %method,
        route = %route,
        status,
        latency_ms = seconds * 1000.0,
        "request"
    );
    result
}
