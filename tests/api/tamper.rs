//! Sealed values that were changed or moved between rows fail to open: a 500 with a generic body
//! and no plaintext (DESIGN invariant 1: each ciphertext carries its row and field inside).

use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::helpers::{
    STORY_BODY, STORY_TITLE, TestApp, blob_id, expect_error, expect_status, id_of, with_database,
};

const OTHER_TITLE: &str = "Het gezinshuis";
const OTHER_BODY: &str = "In het gezinshuis had ik eindelijk een eigen kamer en rust.";

async fn sealed_body(connection: &mut SqliteConnection, story_id: &str) -> Vec<u8> {
    sqlx::query("SELECT body_sealed FROM stories WHERE id = ?")
        .bind(blob_id(story_id))
        .fetch_one(connection)
        .await
        .expect("story row")
        .get(0)
}

async fn set_sealed_body(connection: &mut SqliteConnection, story_id: &str, sealed: Vec<u8>) {
    let result = sqlx::query("UPDATE stories SET body_sealed = ? WHERE id = ?")
        .bind(sealed)
        .bind(blob_id(story_id))
        .execute(connection)
        .await
        .expect("update story");
    assert_eq!(result.rows_affected(), 1);
}

/// Asserts a generic 500 that carries none of the given texts.
fn assert_opaque_failure(response: reqwest::blocking::Response, secrets: &[&str]) {
    let status = response.status().as_u16();
    let text = response.text().expect("body");
    assert_eq!(status, 500, "{text}");
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "the error reveals {secret:?}: {text}"
        );
    }
    let body: serde_json::Value = serde_json::from_str(&text).expect("JSON error body");
    crate::helpers::assert_error_body(&body);
}

#[test]
fn a_flipped_byte_in_a_sealed_story_body_fails_to_open_without_revealing_text() {
    // Arrange
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    with_database(&app, async |db| {
        let mut sealed = sealed_body(db, &line.story_id).await;
        assert!(
            !sealed
                .windows(10)
                .any(|w| w == &STORY_BODY.as_bytes()[..10]),
            "stored in the clear"
        );
        let middle = sealed.len() - 20;
        sealed[middle] ^= 0x01;
        set_sealed_body(db, &line.story_id, sealed).await;
    });
    app.start().expect("the service starts");

    // Act
    let response = app.get(
        &format!("/api/v1/stories/{}", line.story_id),
        &line.worker.token,
    );

    // Assert
    assert_opaque_failure(
        response,
        &[STORY_BODY, STORY_TITLE, "Ik heb een jaar gewacht"],
    );
    assert!(
        !app.logs.contains("Ik heb een jaar gewacht"),
        "the logs reveal the story"
    );
}

#[test]
fn a_sealed_body_copied_into_another_storys_row_fails_to_open() {
    // Arrange: two stories of the same participant, so both are sealed to the same key
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let other = app.create_story(
        &line.worker.token,
        &line.participant.id,
        OTHER_TITLE,
        OTHER_BODY,
    );
    let other_id = id_of(&other);
    app.stop();
    with_database(&app, async |db| {
        let sealed = sealed_body(db, &line.story_id).await;
        set_sealed_body(db, &other_id, sealed).await;
    });
    app.start().expect("the service starts");

    // Act
    let response = app.get(&format!("/api/v1/stories/{other_id}"), &line.worker.token);

    // Assert
    assert_opaque_failure(
        response,
        &[
            STORY_BODY,
            STORY_TITLE,
            OTHER_BODY,
            OTHER_TITLE,
            "Ik heb een jaar gewacht",
            "gezinshuis had",
        ],
    );
    let original = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );
    assert_eq!(
        original["body"], STORY_BODY,
        "the untouched story still opens"
    );
}

#[test]
fn a_flipped_byte_in_a_sealed_excerpt_fails_to_open() {
    // Arrange
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let text = "Ik heb een jaar gewacht op de pleegzorg.";
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, text);
    let id = id_of(&excerpt);
    app.stop();
    with_database(&app, async |db| {
        let mut sealed: Vec<u8> = sqlx::query("SELECT content_sealed FROM excerpts WHERE id = ?")
            .bind(blob_id(&id))
            .fetch_one(&mut *db)
            .await
            .expect("excerpt row")
            .get(0);
        let middle = sealed.len() - 20;
        sealed[middle] ^= 0x80;
        sqlx::query("UPDATE excerpts SET content_sealed = ? WHERE id = ?")
            .bind(sealed)
            .bind(blob_id(&id))
            .execute(&mut *db)
            .await
            .expect("update excerpt");
    });
    app.start().expect("the service starts");

    // Act
    let response = app.get(&format!("/api/v1/excerpts/{id}"), &line.youth.token);

    // Assert
    assert_opaque_failure(response, &[text, "een jaar gewacht"]);
}

#[test]
fn an_untampered_story_still_opens_after_a_restart() {
    // The control for the tests above: a restart alone does not break anything.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    with_database(&app, async |db| {
        let sealed = sealed_body(db, &line.story_id).await;
        set_sealed_body(db, &line.story_id, sealed).await;
    });
    app.start().expect("the service starts");

    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );

    assert_eq!(story["body"], STORY_BODY);
    expect_error(
        app.get(
            &format!("/api/v1/stories/{}", Uuid::new_v4()),
            &line.worker.token,
        ),
        404,
    );
}
