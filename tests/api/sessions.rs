use reqwest::Method;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::helpers::{ADMIN_USERNAME, PASSWORD, TestApp, expect_error, expect_status};

#[test]
fn logging_in_returns_a_token_an_expiry_and_the_account() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();

    // Act
    let session = expect_status(app.post_session(&worker.username, PASSWORD), 201);

    // Assert
    assert!(session["token"].as_str().is_some_and(|t| t.len() >= 32));
    assert_eq!(session["account"]["id"], worker.id.as_str());
    assert_eq!(session["account"]["username"], worker.username.as_str());
    assert_eq!(session["account"]["role"], "worker");
    let expires_at = OffsetDateTime::parse(session["expires_at"].as_str().unwrap(), &Rfc3339)
        .expect("expires_at is RFC 3339");
    let now = OffsetDateTime::now_utc();
    assert!(expires_at > now);
    assert!(expires_at <= now + time::Duration::hours(12) + time::Duration::minutes(1));
}

#[test]
fn a_token_works_for_its_account() {
    let app = TestApp::spawn();

    let response = app.get("/api/v1/accounts", &app.admin_token);

    assert_eq!(response.status(), 200);
}

#[test]
fn wrong_password_and_unknown_user_get_the_same_401() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let wrong_password = expect_error(app.post_session(ADMIN_USERNAME, "niet-het-wachtwoord"), 401);
    let unknown_user = expect_error(app.post_session("niemand-bekend", PASSWORD), 401);

    // Assert
    assert_eq!(wrong_password, unknown_user);
}

#[test]
fn logging_out_ends_the_token_at_once() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();

    // Act
    let response = app.delete("/api/v1/sessions/current", &worker.token);

    // Assert
    assert_eq!(response.status(), 204);
    expect_error(app.get("/api/v1/participants", &worker.token), 401);
}

#[test]
fn logging_out_ends_only_that_session() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let second_token = app.login(&worker.username, PASSWORD);

    expect_status(app.delete("/api/v1/sessions/current", &worker.token), 204);

    expect_status(app.get("/api/v1/participants", &second_token), 200);
}

#[test]
fn a_made_up_token_is_401() {
    let app = TestApp::spawn();

    let response = app.get("/api/v1/accounts", "dGhpcyBpcyBub3QgYSB0b2tlbg");

    expect_error(response, 401);
}

#[test]
fn a_request_without_a_token_is_401() {
    let app = TestApp::spawn();

    let response = app.request(Method::GET, "/api/v1/accounts", None, None);

    expect_error(response, 401);
}

#[test]
fn repeated_failed_logins_are_rate_limited_with_retry_after() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let mut limited = None;
    for _ in 0..60 {
        let response = app.post_session(ADMIN_USERNAME, "niet-het-wachtwoord");
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
        assert_eq!(response.status(), 401);
    }

    // Assert
    let response = limited.expect("60 failed logins were never rate limited");
    let retry_after = response
        .headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        retry_after.parse::<u64>().is_ok_and(|s| s > 0),
        "Retry-After: {retry_after}"
    );
    expect_error(response, 429);
}

#[test]
fn a_session_survives_a_restart_because_sessions_live_in_the_database() {
    let mut app = TestApp::spawn();
    let worker = app.create_worker();

    app.restart();

    let response = app.get("/api/v1/participants", &worker.token);
    assert_eq!(response.status(), 200);
}
