//! Erasure and withdrawal survive a restore: the journal, kept outside the database and its
//! backups, is applied again by `restore` (and on every start) before anything is served.

use serde_json::Value;

use crate::backup::point_at_empty_database;
use crate::helpers::{Backend, PASSWORD, TestApp, expect_status, id_of, version_of};

/// The journal lives apart from the data directory, as in production.
const JOURNAL: (&str, &str) = ("STORYVAULT_JOURNAL_FILE", "erasure.journal");

fn ledger(app: &TestApp, youth: &str, excerpt_id: &str) -> Vec<Value> {
    let path = format!("/api/v1/excerpts/{excerpt_id}/consent/history");
    let body = expect_status(app.get(&path, youth), 200);
    body["items"].as_array().expect("items").clone()
}

#[test]
fn restoring_a_backup_from_before_an_erasure_a_withdrawal_and_a_deletion_brings_none_back() {
    // Arrange: two young people; one shares with the council and has a second story.
    let mut app = TestApp::spawn_with_env(&[JOURNAL]);
    let leaving = app.storyline();
    let staying = app.storyline_for(app.create_worker());
    let council = app.create_account("council");
    let shared = app.published_excerpt(&staying, "Ik wachtte een jaar.", [false, false, true]);
    let second = app.create_story(
        &staying.worker.token,
        &staying.participant.id,
        "Tweede",
        "Nog een verhaal.",
    );
    assert_eq!(app.feed_items(&council.token).len(), 1);
    let file = app.root_dir().join("before.backup");
    assert!(
        app.run_command(&["backup", file.to_str().unwrap()])
            .status
            .success()
    );

    // Act: erase, withdraw and delete after the backup; then restore it into an empty database.
    expect_status(app.delete("/api/v1/me", &leaving.youth.token), 204);
    expect_status(
        app.put_consent(
            &staying.youth.token,
            &id_of(&shared),
            version_of(&shared),
            [false, false, false],
        ),
        200,
    );
    expect_status(
        app.delete(
            &format!("/api/v1/stories/{}", id_of(&second)),
            &staying.worker.token,
        ),
        204,
    );
    app.stop();
    let _database = point_at_empty_database(&mut app);
    let output = app.run_command(&["restore", file.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    app.start()
        .expect("the service starts on the restored database");

    // Assert: the erased young person stays erased, rows and wrapped key.
    assert_eq!(
        app.post_session(&leaving.youth.username, PASSWORD).status(),
        401
    );
    let worker = app.login(&leaving.worker.username, PASSWORD);
    let stories = format!("/api/v1/participants/{}/stories", leaving.participant.id);
    expect_status(app.get(&stories, &worker), 404);
    if crate::BACKEND == Backend::Sqlite {
        let db = app.root_dir().join("restored").join("storyvault.db");
        assert_eq!(participant_rows(&db, &leaving.participant.id), 0);
    }
    // The withdrawn consent stays withdrawn, and the ledger says so.
    let council_token = app.login(&council.username, PASSWORD);
    assert!(app.feed_items(&council_token).is_empty());
    let youth = app.login(&staying.youth.username, PASSWORD);
    let entries = ledger(&app, &youth, &id_of(&shared));
    let last = entries.last().expect("ledger entries");
    assert_eq!(last["audience"], "council");
    assert_eq!(last["granted"], false);
    assert_eq!(last["by_role"], "youth");
    // The deleted story stays deleted; the rest came back.
    let staying_worker = app.login(&staying.worker.username, PASSWORD);
    let path = |id: &str| format!("/api/v1/stories/{id}");
    expect_status(app.get(&path(&id_of(&second)), &staying_worker), 404);
    expect_status(app.get(&path(&staying.story_id), &staying_worker), 200);
}

#[test]
fn an_edited_journal_stops_the_service_instead_of_being_ignored() {
    // Arrange: one erasure in the journal, then its participant id changed.
    let mut app = TestApp::spawn_with_env(&[JOURNAL]);
    let line = app.storyline();
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);
    app.stop();
    let journal = app.root_dir().join(JOURNAL.1);
    let text = std::fs::read_to_string(&journal).expect("the journal was written");
    assert!(text.contains(&line.participant.id), "ids only: {text}");
    let edited = text.replace(&line.participant.id, "00000000-0000-7000-8000-000000000000");
    std::fs::write(&journal, edited).unwrap();

    // Act
    let failure = app
        .start()
        .expect_err("an edited journal must stop start-up");

    // Assert
    let output = failure.output.join("\n");
    assert!(output.contains("authentication check"), "{output}");
}

fn participant_rows(db: &std::path::Path, id: &str) -> i64 {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
        let mut connection = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM participants WHERE id = ?")
            .bind(crate::helpers::blob_id(id))
            .fetch_one(&mut connection)
            .await
            .unwrap()
    })
}
