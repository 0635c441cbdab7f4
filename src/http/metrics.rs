//! Prometheus metrics: request counts and latencies by method, route template and status. Labels
//! come from a closed set (templates, not paths; known methods), so nothing personal can reach a
//! label and the number of series stays bounded. `/metrics` is served only on its own listener
//! (`STORYVAULT_METRICS_ADDR`, off by default), never on the public port: request counts per
//! route tell an outsider how the service is used.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, get, web};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum_seconds: f64,
    /// Cumulative counts per bucket, as Prometheus expects.
    buckets: [u64; BUCKETS.len()],
}

/// Shared by all workers of one process.
#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(&'static str, String, u16), Series>>,
    /// The service whose participant-key cache is reported (counts only).
    service: Option<crate::service::Service>,
}

/// Methods outside the usual set share one label value.
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

impl Metrics {
    /// A registry that also reports `service`'s participant-key cache.
    pub fn for_service(service: crate::service::Service) -> Self {
        Self {
            series: Mutex::default(),
            service: Some(service),
        }
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let Ok(mut series) = self.series.lock() else {
            return;
        };
        let entry = series
            .entry((method_label(method), route.to_string(), status))
            .or_default();
        entry.count += 1;
        entry.sum_seconds += seconds;
        for (bucket, bound) in entry.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let Ok(series) = self.series.lock() else {
            return out;
        };
        out.push_str(
            "# HELP http_requests_total HTTP requests by method, route template and status.\n",
        );
        out.push_str("# TYPE http_requests_total counter\n");
        for ((method, route, status), s) in series.iter() {
            let _ = writeln!(
                out,
                "http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape(route),
                s.count
            );
        }
        out.push_str("# HELP http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for ((method, route, status), s) in series.iter() {
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            for (count, bound) in s.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        if let Some(service) = &self.service {
            render_key_cache(&mut out, service.key_cache_stats());
        }
        out
    }
}

fn render_key_cache(out: &mut String, stats: crate::service::KeyCacheStats) {
    let name = "storyvault_participant_key_cache";
    for (metric, kind, help, value) in [
        (
            "hits_total",
            "counter",
            "Participant keys served from the in-memory cache.",
            stats.hits,
        ),
        (
            "misses_total",
            "counter",
            "Participant keys not cached (or expired), unwrapped from the database.",
            stats.misses,
        ),
        (
            "evictions_total",
            "counter",
            "Cached participant keys dropped at once because their participant was erased.",
            stats.evictions,
        ),
        (
            "entries",
            "gauge",
            "Participant keys held in the cache now.",
            stats.entries,
        ),
    ] {
        let _ = writeln!(out, "# HELP {name}_{metric} {help}");
        let _ = writeln!(out, "# TYPE {name}_{metric} {kind}");
        let _ = writeln!(out, "{name}_{metric} {value}");
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Prometheus scrape endpoint (route templates and statuses only).
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render())
}

/// The metrics listener: `/metrics` and a JSON 404 for anything else. One worker is plenty for a
/// scraper; its requests are not counted (they would only measure the scraping).
pub fn server(
    listener: std::net::TcpListener,
    registry: web::Data<Metrics>,
) -> std::io::Result<Server> {
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(registry.clone())
            .service(self::metrics)
            .default_service(web::to(super::error::no_route))
    })
    .workers(1)
    .listen(listener)?
    .shutdown_timeout(5)
    .run())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_under_its_route_template_and_bucketed() {
        let m = Metrics::default();
        m.observe("GET", "/api/v1/stories/{id}", 200, 0.02);
        m.observe("GET", "/api/v1/stories/{id}", 200, 0.2);
        let text = m.render();
        assert!(text.contains(
            "http_requests_total{method=\"GET\",route=\"/api/v1/stories/{id}\",status=\"200\"} 2"
        ));
        assert!(text.contains("le=\"0.025\"} 1"));
        assert!(text.contains("le=\"0.25\"} 2"));
    }

    #[test]
    fn unusual_methods_share_one_label() {
        let m = Metrics::default();
        m.observe("BREW", "unmatched", 404, 0.001);
        assert!(m.render().contains("method=\"OTHER\""));
    }
}
