use serde_json::json;

use crate::helpers::{STORY_BODY, STORY_TITLE, TestApp, expect_error, expect_status, id_of};

#[test]
fn a_worker_records_a_story_for_their_participant() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);
    let story = json!({
        "title": STORY_TITLE,
        "body": STORY_BODY,
        "themes": ["pleegzorg", "wachttijd"],
        "recorded_on": "2026-03-14"
    });

    // Act
    let response = app.post_story(&worker.token, &participant.id, &story);

    // Assert
    let created = expect_status(response, 201);
    assert!(created["id"].is_string());
    assert_eq!(created["participant_id"], participant.id.as_str());
    assert_eq!(created["title"], STORY_TITLE);
    assert_eq!(created["themes"], json!(["pleegzorg", "wachttijd"]));
    assert_eq!(created["recorded_on"], "2026-03-14");
    assert!(created["created_at"].is_string());
}

#[test]
fn the_responsible_worker_reads_the_whole_story() {
    let app = TestApp::spawn();
    let line = app.storyline();

    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );

    assert_eq!(story["id"], line.story_id.as_str());
    assert_eq!(story["participant_id"], line.participant.id.as_str());
    assert_eq!(story["title"], STORY_TITLE);
    assert_eq!(story["body"], STORY_BODY);
    assert_eq!(story["themes"], json!(["pleegzorg"]));
    assert_eq!(story["recorded_on"], "2026-03-14");
    assert!(story["created_at"].is_string());
}

#[test]
fn the_young_person_reads_their_own_story() {
    let app = TestApp::spawn();
    let line = app.storyline();

    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.youth.token,
        ),
        200,
    );

    assert_eq!(story["body"], STORY_BODY);
}

#[test]
fn a_story_keeps_unicode_text_exactly() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let body = "Ik was bang 😟 — maar m’n pleegouders zeiden: ‘het komt goed’. Één dag later…";

    let created = app.create_story(&line.worker.token, &line.participant.id, "Één dag", body);

    let path = format!("/api/v1/stories/{}", id_of(&created));
    let story = expect_status(app.get(&path, &line.worker.token), 200);
    assert_eq!(story["body"], body);
    assert_eq!(story["title"], "Één dag");
}

#[test]
fn a_worker_who_is_not_responsible_gets_a_404_for_the_story() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let other_worker = app.create_worker();

    let response = app.get(
        &format!("/api/v1/stories/{}", line.story_id),
        &other_worker.token,
    );

    expect_error(response, 404);
}

#[test]
fn another_young_person_gets_a_404_for_the_story() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let other = app.storyline_for(app.create_worker());

    let response = app.get(
        &format!("/api/v1/stories/{}", line.story_id),
        &other.youth.token,
    );

    expect_error(response, 404);
}

#[test]
fn the_story_list_of_a_participant_shows_titles_but_not_bodies() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let second = app.create_story(
        &line.worker.token,
        &line.participant.id,
        "Tweede",
        "Nog een verhaal.",
    );

    // Act
    let path = format!("/api/v1/participants/{}/stories", line.participant.id);
    let by_worker = expect_status(app.get(&path, &line.worker.token), 200);
    let by_youth = expect_status(app.get(&path, &line.youth.token), 200);

    // Assert
    assert_eq!(by_worker, by_youth);
    let items = by_worker["items"].as_array().expect("items");
    let mut ids: Vec<_> = items.iter().map(id_of).collect();
    ids.sort();
    let mut expected = vec![line.story_id.clone(), id_of(&second)];
    expected.sort();
    assert_eq!(ids, expected);
    for item in items {
        assert!(item["title"].is_string());
        assert!(item["themes"].is_array());
        assert!(item["recorded_on"].is_string());
        assert!(item.get("body").is_none());
    }
}

#[test]
fn the_young_person_deletes_their_story_and_its_excerpts() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );

    // Act
    let response = app.delete(
        &format!("/api/v1/stories/{}", line.story_id),
        &line.youth.token,
    );

    // Assert
    assert_eq!(response.status(), 204);
    let story_path = format!("/api/v1/stories/{}", line.story_id);
    expect_error(app.get(&story_path, &line.worker.token), 404);
    expect_error(app.get(&story_path, &line.youth.token), 404);
    let excerpt_path = format!("/api/v1/excerpts/{}", id_of(&excerpt));
    expect_error(app.get(&excerpt_path, &line.worker.token), 404);
    let list_path = format!("/api/v1/participants/{}/stories", line.participant.id);
    let list = expect_status(app.get(&list_path, &line.worker.token), 200);
    assert_eq!(list["items"], json!([]));
}

#[test]
fn the_responsible_worker_deletes_a_story() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let path = format!("/api/v1/stories/{}", line.story_id);

    expect_status(app.delete(&path, &line.worker.token), 204);

    expect_error(app.get(&path, &line.youth.token), 404);
    expect_error(app.delete(&path, &line.worker.token), 404);
}

#[test]
fn another_worker_cannot_delete_the_story() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let other_worker = app.create_worker();
    let path = format!("/api/v1/stories/{}", line.story_id);

    expect_error(app.delete(&path, &other_worker.token), 404);

    expect_status(app.get(&path, &line.youth.token), 200);
}

#[test]
fn a_story_outlives_a_restart() {
    let mut app = TestApp::spawn();
    let line = app.storyline();

    app.restart();

    let path = format!("/api/v1/stories/{}", line.story_id);
    let story = expect_status(app.get(&path, &line.worker.token), 200);
    assert_eq!(story["body"], STORY_BODY);
}

#[test]
fn an_invalid_recorded_on_date_is_a_validation_error() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let story =
        json!({"title": "t", "body": "b", "themes": ["school"], "recorded_on": "2026-13-45"});

    let response = app.post_story(&line.worker.token, &line.participant.id, &story);

    expect_error(response, 400);
}
