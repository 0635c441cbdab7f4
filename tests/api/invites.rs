use crate::helpers::{
    PASSWORD, TestApp, expect_error, expect_refusal, expect_status, unique_username,
};

#[test]
fn redeeming_an_invite_creates_a_youth_account_and_a_session() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);
    let username = unique_username("jongere");

    // Act
    let response = app.post_redeem(&participant.invite_code, &username, PASSWORD);

    // Assert
    let session = expect_status(response, 201);
    assert_eq!(session["account"]["role"], "youth");
    assert_eq!(session["account"]["username"], username.as_str());
    assert!(session["expires_at"].is_string());
    let token = session["token"].as_str().expect("token");
    expect_status(app.get("/api/v1/me/stories", token), 200);
    app.login(&username, PASSWORD);
}

#[test]
fn an_invite_code_works_only_once() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);
    app.redeem_invite(&participant.invite_code);

    let second = app.post_redeem(&participant.invite_code, &unique_username("j"), PASSWORD);

    expect_refusal(second);
}

#[test]
fn a_made_up_invite_code_does_not_create_an_account() {
    let app = TestApp::spawn();
    let username = unique_username("j");

    let response = app.post_redeem("ABCD-EFGH-JKLM-NPQR-STUV", &username, PASSWORD);

    expect_refusal(response);
    expect_error(app.post_session(&username, PASSWORD), 401);
}

#[test]
fn redeeming_with_a_short_password_is_a_validation_error() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);

    let response = app.post_redeem(&participant.invite_code, &unique_username("j"), "kort");

    let error = expect_error(response, 400);
    assert_eq!(error["code"], "validation");
}

#[test]
fn redeeming_with_a_taken_username_is_a_409() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);

    let response = app.post_redeem(&participant.invite_code, &worker.username, PASSWORD);

    expect_error(response, 409);
}

#[test]
fn repeated_redemption_attempts_are_rate_limited_with_retry_after() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let mut limited = None;
    for attempt in 0..60 {
        let code = format!("WXYZ-{attempt:04}-ABCD-EFGH");
        let response = app.post_redeem(&code, &unique_username("j"), PASSWORD);
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
        assert!(response.status().is_client_error());
    }

    // Assert
    let response = limited.expect("60 failed redemptions were never rate limited");
    assert!(response.headers().contains_key("retry-after"));
    expect_error(response, 429);
}
