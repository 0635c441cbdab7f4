use crate::helpers::{PASSWORD, TestApp, expect_error, expect_refusal, expect_status};
use reqwest::Method;

#[test]
fn a_worker_registers_a_participant_and_gets_a_pseudonym_and_an_invite_code() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();

    // Act
    let response = app.post_participant(&worker.token, &["Sanne", "de Vries", "Beilen"]);

    // Assert
    let created = expect_status(response, 201);
    assert!(created["id"].is_string());
    let pseudonym = created["pseudonym"].as_str().expect("pseudonym");
    assert!(!pseudonym.is_empty());
    for identifier in ["Sanne", "de Vries", "Beilen"] {
        assert!(!pseudonym.contains(identifier));
    }
    assert!(
        created["invite_code"]
            .as_str()
            .is_some_and(|c| !c.is_empty())
    );
    assert!(created.get("identifiers").is_none());
}

#[test]
fn the_participant_list_shows_only_the_callers_own_participants() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let other_worker = app.create_worker();
    let mine = app.create_participant(&worker.token, &["Sanne"]);
    let theirs = app.create_participant(&other_worker.token, &["Daan"]);

    // Act
    let list = expect_status(app.get("/api/v1/participants", &worker.token), 200);

    // Assert
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], mine.id.as_str());
    assert_eq!(items[0]["pseudonym"], mine.pseudonym.as_str());
    assert_eq!(items[0]["birth_year"], 2008);
    assert!(items[0]["created_at"].is_string());
    assert!(!list.to_string().contains(&theirs.id));
    assert!(
        !list.to_string().contains("Sanne"),
        "identifiers are never listed"
    );
}

#[test]
fn a_new_invite_code_replaces_the_earlier_one() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);

    // Act
    let path = format!("/api/v1/participants/{}/invite", participant.id);
    let renewed = expect_status(app.post_empty(&path, &worker.token), 201);

    // Assert
    let new_code = renewed["invite_code"].as_str().expect("invite_code");
    assert_ne!(new_code, participant.invite_code);
    let old = app.post_redeem(&participant.invite_code, "jongere-oud", PASSWORD);
    expect_refusal(old);
    app.redeem_invite(new_code);
}

#[test]
fn another_worker_cannot_renew_the_invite_of_a_participant_they_are_not_responsible_for() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let other_worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);

    let path = format!("/api/v1/participants/{}/invite", participant.id);
    let response = app.post_empty(&path, &other_worker.token);

    expect_error(response, 404);
    app.redeem_invite(&participant.invite_code);
}

#[test]
fn registering_a_participant_needs_a_token() {
    let app = TestApp::spawn();

    let body = serde_json::json!({"birth_year": 2010, "identifiers": ["Sanne"]});
    let response = app.request(Method::POST, "/api/v1/participants", None, Some(&body));

    expect_error(response, 401);
}
