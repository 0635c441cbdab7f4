//! Password hashing as a denial of service: bursts of logins with random usernames are bounded
//! (the excess gets 503 with `Retry-After`) and memory stays flat from one burst to the next.

use std::thread;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, unique_username};

fn rss_kib(app: &TestApp) -> u64 {
    let pid = app.pid().expect("serve runs");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// 40 logins at once, each for a new random username; the statuses and Retry-After values.
fn burst(app: &TestApp) -> Vec<(u16, Option<String>)> {
    thread::scope(|s| {
        let handles: Vec<_> = (0..40)
            .map(|_| {
                s.spawn(|| {
                    let body = json!({"username": unique_username("x"), "password": "niet-het-wachtwoord"});
                    let r = app.request(Method::POST, "/api/v1/sessions", None, Some(&body));
                    let retry = r
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    (r.status().as_u16(), retry)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    })
}

#[test]
// Prints measured figures (no content), as the benchmarks do.
#[allow(clippy::disallowed_macros)]
fn bursts_of_logins_are_bounded_and_memory_stays_flat() {
    // Arrange
    let app = TestApp::spawn();
    let before = rss_kib(&app);

    // Act
    let first = burst(&app);
    let after_first = rss_kib(&app);
    let second = burst(&app);
    let after_second = rss_kib(&app);

    // Assert
    println!(
        "RSS: {before} KiB before, {after_first} KiB after 40 logins, {after_second} KiB after 40 more; \
         busy answers: {} and {}",
        first.iter().filter(|r| r.0 == 503).count(),
        second.iter().filter(|r| r.0 == 503).count()
    );
    for (status, retry) in first.iter().chain(&second) {
        assert!(matches!(status, 401 | 503), "status {status}");
        if *status == 503 {
            assert_eq!(retry.as_deref(), Some("1"));
        }
    }
    assert!(
        first.iter().chain(&second).any(|r| r.0 == 503),
        "no burst was ever bounded"
    );
    assert!(
        after_first <= before + 16 * 1024,
        "memory grew from {before} to {after_first} KiB"
    );
    assert!(
        after_second <= after_first + 16 * 1024,
        "memory grew from {after_first} to {after_second} KiB"
    );
}
