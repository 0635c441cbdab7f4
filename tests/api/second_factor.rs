//! TOTP for staff: enrolment-only sessions until enrolled, then a code (once) or a recovery code
//! (once) on every login.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_USERNAME, PASSWORD, TestApp, code_at, current_step, expect_error, expect_status,
    unique_username,
};

fn login_with(app: &TestApp, username: &str, totp: Option<&str>) -> reqwest::blocking::Response {
    let mut body = json!({"username": username, "password": PASSWORD});
    if let Some(code) = totp {
        body["totp"] = Value::from(code);
    }
    app.request(Method::POST, "/api/v1/sessions", None, Some(&body))
}

#[test]
fn a_new_worker_gets_an_enrolment_only_session_until_a_first_code_confirms() {
    // Arrange
    let app = TestApp::spawn();
    let username = unique_username("werker");
    expect_status(
        app.post(
            "/api/v1/accounts",
            &app.admin_token,
            &json!({"username": username, "password": PASSWORD, "role": "worker"}),
        ),
        201,
    );

    // Act
    let session = expect_status(login_with(&app, &username, None), 201);
    let token = session["token"].as_str().expect("token");

    // Assert
    assert_eq!(session["mfa_enrolment_required"], true);
    let elsewhere = expect_error(app.get("/api/v1/participants", token), 403);
    assert_eq!(elsewhere["code"], "mfa_enrolment_required");
    let started = expect_status(app.post_empty("/api/v1/account/totp", token), 201);
    assert!(
        started["otpauth_uri"]
            .as_str()
            .expect("uri")
            .starts_with("otpauth://totp/")
    );
    let wrong = app.post(
        "/api/v1/account/totp/confirm",
        token,
        &json!({"code": "000000"}),
    );
    assert_eq!(wrong.status(), 400);
    app.enrol_totp(token, &username);
    expect_error(app.get("/api/v1/participants", token), 403);
    let full = expect_status(app.post_session(&username, PASSWORD), 201);
    assert_eq!(full["mfa_enrolment_required"], false);
    expect_status(
        app.get(
            "/api/v1/participants",
            full["token"].as_str().expect("token"),
        ),
        200,
    );
}

#[test]
fn an_enrolled_account_needs_a_code_and_a_code_works_only_once() {
    // Arrange: a worker enrolled (with a code for the current step) and not logged in since
    let app = TestApp::spawn();
    let username = unique_username("werker");
    expect_status(app.post_account(&username, PASSWORD, "worker"), 201);
    let session = expect_status(login_with(&app, &username, None), 201);
    app.enrol_totp(session["token"].as_str().expect("token"), &username);
    let secret = app.totp.secret_of(&username).expect("enrolled");
    let step = current_step() + 1;
    let code = code_at(&secret, step);

    // Act
    let without = login_with(&app, &username, None);
    let wrong = login_with(&app, &username, Some("123456"));
    let first = login_with(&app, &username, Some(&code));
    let again = login_with(&app, &username, Some(&code));
    let older = login_with(&app, &username, Some(&code_at(&secret, step - 1)));

    // Assert
    assert_eq!(expect_error(without, 401)["code"], "mfa_required");
    assert_eq!(expect_error(wrong, 401)["code"], "unauthorized");
    expect_status(first, 201);
    assert_eq!(expect_error(again, 401)["code"], "unauthorized");
    expect_error(older, 401);
    app.totp.accepted(&username, step);
    // The admin, enrolled by the helpers at start, still logs in through them.
    expect_status(app.post_session(ADMIN_USERNAME, PASSWORD), 201);
}

#[test]
fn a_recovery_code_stands_in_for_the_second_factor_once() {
    // Arrange
    let app = TestApp::spawn();
    let username = unique_username("werker");
    expect_status(app.post_account(&username, PASSWORD, "worker"), 201);
    let session = expect_status(login_with(&app, &username, None), 201);
    let token = session["token"].as_str().expect("token");
    let secret_b32 = expect_status(app.post_empty("/api/v1/account/totp", token), 201)["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let secret = totp_rs::Secret::try_from_base32(&secret_b32)
        .expect("base32")
        .as_bytes()
        .to_vec();
    let confirmed = expect_status(
        app.post(
            "/api/v1/account/totp/confirm",
            token,
            &json!({"code": code_at(&secret, current_step())}),
        ),
        200,
    );
    let recovery = confirmed["recovery_codes"][0]
        .as_str()
        .expect("code")
        .to_owned();

    // Act
    let first = login_with(&app, &username, Some(&recovery));
    let again = login_with(&app, &username, Some(&recovery));

    // Assert
    assert_eq!(
        confirmed["recovery_codes"].as_array().map(Vec::len),
        Some(10)
    );
    expect_status(first, 201);
    expect_error(again, 401);
}

#[test]
fn a_reader_need_not_enrol_and_a_young_person_cannot() {
    let app = TestApp::spawn();
    let peer = app.create_account("peer");
    let line = app.storyline();

    let session = expect_status(app.post_session(&peer.username, PASSWORD), 201);
    assert_eq!(session["mfa_enrolment_required"], false);
    expect_status(app.get("/api/v1/feed", &peer.token), 200);
    expect_error(
        app.post_empty("/api/v1/account/totp", &line.youth.token),
        403,
    );
}
