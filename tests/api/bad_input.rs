//! Malformed input gets the contract's errors, `{"error": {"code", "message"}}`, and an error never
//! echoes what was submitted.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    PASSWORD, TestApp, canary_word, expect_error, expect_error_without, expect_status,
};

#[test]
fn malformed_json_is_a_400() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let secret = canary_word();

    // Act
    let body = format!(r#"{{"birth_year": 2010, "identifiers": ["{secret}""#);
    let response = app.send_raw(
        Method::POST,
        "/api/v1/participants",
        Some(&worker.token),
        "application/json",
        body,
    );

    // Assert
    expect_error_without(response, 400, &secret);
}

#[test]
fn malformed_json_on_login_is_a_400() {
    let app = TestApp::spawn();
    let secret = canary_word();

    let body = format!(r#"{{"username": "{secret}", "password": }}"#);
    let response = app.send_raw(
        Method::POST,
        "/api/v1/sessions",
        None,
        "application/json",
        body,
    );

    expect_error_without(response, 400, &secret);
}

#[test]
fn an_unknown_field_is_a_400() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let secret = canary_word();

    let body = json!({"birth_year": 2010, "identifiers": ["Sanne"], "real_name": secret});
    let response = app.post("/api/v1/participants", &worker.token, &body);

    expect_error_without(response, 400, &secret);
    let list = expect_status(app.get("/api/v1/participants", &worker.token), 200);
    assert_eq!(list["items"], json!([]));
}

#[test]
fn an_unknown_field_in_a_story_is_a_400() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let secret = canary_word();

    let story = json!({
        "title": "t", "body": "b", "themes": ["school"], "recorded_on": "2026-01-02", "notes": secret
    });
    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    expect_error_without(response, 400, &secret);
}

#[test]
fn a_wrong_type_is_a_400() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let secret = canary_word();

    let body = json!({"birth_year": secret, "identifiers": ["Sanne"]});
    let response = app.post("/api/v1/participants", &worker.token, &body);

    expect_error_without(response, 400, &secret);
}

#[test]
fn a_wrong_type_for_a_version_is_a_400() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt =
        app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik heb gewacht.");

    let body = json!({"text": "Nieuwe tekst.", "version": "een"});
    let path = format!("/api/v1/excerpts/{}", excerpt["id"].as_str().unwrap());
    let response = app.put(&path, &line.worker.token, &body);

    expect_error(response, 400);
}

#[test]
fn a_missing_field_is_a_400() {
    let app = TestApp::spawn();
    let line = app.storyline();

    let story = json!({"title": "t", "themes": ["school"], "recorded_on": "2026-01-02"});
    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    expect_error(response, 400);
}

#[test]
fn an_unknown_theme_is_a_validation_error_on_themes() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let secret = canary_word();
    let story = json!({
        "title": "t", "body": "b", "themes": ["school", secret], "recorded_on": "2026-01-02"
    });

    // Act
    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    // Assert
    let error = expect_error_without(response, 400, &secret);
    assert_eq!(error["code"], "validation");
    let problems = error["fields"]["themes"]
        .as_array()
        .expect("fields.themes is a list");
    assert!(!problems.is_empty());
    let stories = format!("/api/v1/participants/{}/stories", line.participant.id);
    let list = expect_status(app.get(&stories, &line.worker.token), 200);
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "the bad story was stored"
    );
}

#[test]
fn a_story_of_150_kb_is_accepted() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let body = "Ik wachtte. ".repeat(150_000 / 12);

    let story = json!({
        "title": "Lang", "body": body, "themes": ["wachttijd"], "recorded_on": "2026-01-02"
    });
    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    expect_status(response, 201);
}

#[test]
fn a_story_over_200_kb_is_a_413() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let secret = canary_word();
    let body = format!("{secret} {}", "Ik wachtte. ".repeat(260_000 / 12));

    let story = json!({
        "title": "Lang", "body": body, "themes": ["wachttijd"], "recorded_on": "2026-01-02"
    });
    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    expect_error_without(response, 413, &secret);
}

#[test]
fn other_bodies_over_16_kb_are_a_413() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let big = "x".repeat(20 * 1024);
    let excerpt =
        app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik heb gewacht.");
    let excerpt_path = format!("/api/v1/excerpts/{}", excerpt["id"].as_str().unwrap());

    // Act + Assert
    let login = json!({"username": "iemand", "password": big});
    expect_error(
        app.request(Method::POST, "/api/v1/sessions", None, Some(&login)),
        413,
    );
    let participant = json!({"birth_year": 2010, "identifiers": [big]});
    expect_error(
        app.post("/api/v1/participants", &line.worker.token, &participant),
        413,
    );
    let edit = json!({"text": big, "version": 1});
    expect_error(app.put(&excerpt_path, &line.worker.token, &edit), 413);
}

#[test]
fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let login = format!(
        r#"{{"username": "{}", "password": "{PASSWORD}"}}"#,
        worker.username
    );

    let plain = app.send_raw(
        Method::POST,
        "/api/v1/sessions",
        None,
        "text/plain",
        login.clone(),
    );
    let form = app.send_raw(
        Method::POST,
        "/api/v1/participants",
        Some(&worker.token),
        "application/x-www-form-urlencoded",
        "birth_year=2010&identifiers=Sanne",
    );

    expect_error(plain, 415);
    expect_error(form, 415);
}

#[test]
fn invalid_ids_in_paths_are_a_404() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let worker = line.worker.token.as_str();
    let youth = line.youth.token.as_str();

    // Act + Assert
    for (path, token) in [
        ("/api/v1/stories/not-a-uuid", worker),
        ("/api/v1/stories/12345", youth),
        ("/api/v1/participants/%20/stories", worker),
        ("/api/v1/participants/zzz/stories", youth),
        ("/api/v1/excerpts/0", worker),
        ("/api/v1/excerpts/..%2F..%2Fetc/consent/history", youth),
        ("/api/v1/feed/niet-bestaand", peer.token.as_str()),
    ] {
        let response = app.get(path, token);
        assert_eq!(response.status(), 404, "{path}");
        expect_error(response, 404);
    }
    let delete = app.delete("/api/v1/stories/nope", youth);
    expect_error(delete, 404);
    let disable = app.post_empty("/api/v1/accounts/nope/disable", &app.admin_token);
    expect_error(disable, 404);
}

#[test]
fn a_validation_error_names_the_fields_without_their_values() {
    let app = TestApp::spawn();
    let secret = canary_word()[7..18].to_owned(); // 11 random letters: too short a password

    let body = json!({"username": "ab", "password": secret, "role": "worker"});
    let response = app.post("/api/v1/accounts", &app.admin_token, &body);

    let error = expect_error_without(response, 400, &secret);
    assert_eq!(error["code"], "validation");
    assert!(error["fields"]["password"].is_array(), "{error}");
}

#[test]
fn an_unknown_path_is_a_404_with_the_error_body() {
    let app = TestApp::spawn();

    let response = app.get("/api/v1/bestaat-niet", &app.admin_token);

    expect_error(response, 404);
}
