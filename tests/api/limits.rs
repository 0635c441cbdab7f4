//! Attempt limits that parallel requests cannot outrun, that slow an attacker down without ever
//! locking the owner out, and that count clients behind a trusted proxy one by one.

use std::thread;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, expect_error, expect_status};

fn retry_after(response: &reqwest::blocking::Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds")
}

#[test]
fn thirty_parallel_wrong_passwords_get_at_most_ten_verifications() {
    // Arrange
    let app = TestApp::spawn();
    let peer = app.create_account("peer");
    let body = json!({"username": peer.username, "password": "niet-het-wachtwoord"});

    // Act
    let statuses: Vec<u16> = thread::scope(|s| {
        let handles: Vec<_> = (0..30)
            .map(|_| {
                s.spawn(|| {
                    app.request(Method::POST, "/api/v1/sessions", None, Some(&body))
                        .status()
                        .as_u16()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });

    // Assert: only requests that got past the counter were verified (and answered 401)
    let verified = statuses.iter().filter(|s| **s == 401).count();
    assert!(verified <= 10, "{verified} verifications: {statuses:?}");
    assert!(
        statuses.iter().all(|s| matches!(s, 401 | 429 | 503)),
        "{statuses:?}"
    );
}

#[test]
fn failed_logins_back_off_with_growing_delays_and_never_lock_the_owner_out() {
    // Arrange
    let app = TestApp::spawn();
    let peer = app.create_account("peer");
    let wrong = || app.post_session(&peer.username, "niet-het-wachtwoord");
    for _ in 0..10 {
        expect_error(wrong(), 401);
    }

    // Act
    let first = wrong();
    let first_wait = retry_after(&first);
    thread::sleep(Duration::from_millis(first_wait * 1000 + 100));
    let after_wait = wrong();
    let second = wrong();
    let second_wait = retry_after(&second);
    thread::sleep(Duration::from_millis(second_wait * 1000 + 100));
    let owner = app.post_session(&peer.username, PASSWORD);

    // Assert
    assert_eq!(first.status(), 429);
    assert_eq!(first_wait, 1);
    expect_error(after_wait, 401);
    assert_eq!(second.status(), 429);
    assert_eq!(second_wait, 2);
    expect_status(owner, 201);
}

fn redeem_from(app: &TestApp, forwarded_for: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/invites/redeem"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "username": "iemand-x", "password": PASSWORD}))
        .send()
        .expect("request")
        .status()
        .as_u16()
}

#[test]
fn behind_a_trusted_proxy_each_client_has_its_own_invite_limit() {
    // Arrange: the test client is the proxy
    let app = TestApp::spawn_with_env(&[("STORYVAULT_TRUSTED_PROXIES", "127.0.0.1")]);
    for _ in 0..10 {
        assert_eq!(redeem_from(&app, "203.0.113.7"), 401);
    }

    // Act
    let same_client = redeem_from(&app, "203.0.113.7");
    // A client cannot escape by writing its own hop to the left of the proxy's.
    let same_client_spoofing = redeem_from(&app, "198.51.100.1, 203.0.113.7");
    let other_client = redeem_from(&app, "203.0.113.8");

    // Assert
    assert_eq!(same_client, 429);
    assert_eq!(same_client_spoofing, 429);
    assert_eq!(other_client, 401);
}

#[test]
fn without_trusted_proxies_a_forwarded_for_header_changes_nothing() {
    let app = TestApp::spawn();
    for n in 0..10 {
        assert_eq!(redeem_from(&app, &format!("203.0.113.{n}")), 401);
    }

    assert_eq!(redeem_from(&app, "203.0.113.99"), 429);
}

#[test]
fn an_invite_code_is_checked_before_the_password_is_hashed() {
    // A burst of redemptions with unknown codes is answered without queueing any Argon2 work:
    // none of them is ever refused as busy.
    let app = TestApp::spawn_with_env(&[("STORYVAULT_TRUSTED_PROXIES", "127.0.0.1")]);
    let statuses: Vec<u16> = thread::scope(|s| {
        let handles: Vec<_> = (0..40)
            .map(|n| {
                let app = &app;
                s.spawn(move || redeem_from(app, &format!("192.0.2.{n}")))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
}
