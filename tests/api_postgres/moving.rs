//! Moving up: `storyvault copy-data --to postgres://...` copies the embedded database into an empty
//! PostgreSQL one, and the service goes on there with the same master key.
//!
//! Sessions are not copied (a session is a live credential; see `src/store/dump.rs`): after the
//! move everyone logs in again, and tokens from before the move are refused.

use serde_json::Value;

use crate::helpers::{
    PASSWORD, STORY_BODY, STORY_TITLE, TestApp, TestDatabase, expect_status, id_of, version_of,
};

/// The embedded database, relative to the app's root (the working directory of its commands).
const EMBEDDED: &str = "sqlite://data/storyvault.db";

fn copy_data(app: &TestApp, to: &str) -> std::process::Output {
    app.run_command(&["copy-data", "--to", to])
}

fn history(app: &TestApp, token: &str, excerpt_id: &str) -> Vec<Value> {
    let path = format!("/api/v1/excerpts/{excerpt_id}/consent/history");
    let page = expect_status(app.get(&path, token), 200);
    page["items"].as_array().expect("items").clone()
}

#[test]
fn a_story_begun_on_the_embedded_database_finishes_its_life_on_postgresql_after_copy_data() {
    // Arrange, on SQLite: a participant with their own account, a story, one excerpt already
    // shared with peers (ledger entries before the move) and one waiting for the young person.
    let mut app = TestApp::spawn_with_env(&[("STORYVAULT_DATABASE_URL", EMBEDDED)]);
    let line = app.storyline();
    let peer = app.create_account("peer");
    let council = app.create_account("council");
    let shared_text = "Ik heb een jaar gewacht op hulp.";
    let shared = app.published_excerpt(&line, shared_text, [true, false, false]);
    let waiting_text = "Op school wist niemand ervan.";
    let waiting = app.create_excerpt_from_text(&line.worker.token, &line.story_id, waiting_text);
    let waiting_id = id_of(&waiting);
    let submitted = expect_status(
        app.post_submit(&line.worker.token, &waiting_id, version_of(&waiting)),
        200,
    );
    assert_eq!(app.feed_items(&peer.token).len(), 1);
    app.stop();

    // Act: copy to an empty PostgreSQL database, put the embedded files out of reach, and start
    // the service on PostgreSQL with the same data directory (and so the same master key).
    let target = TestDatabase::create();
    let output = copy_data(&app, &target.url);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "copy-data failed: {stderr}");
    assert!(
        stderr.contains("stories: 1 rows"),
        "counts per table: {stderr}"
    );
    let moved_away = app.root_dir().join("embedded-after-the-move");
    std::fs::create_dir(&moved_away).unwrap();
    for name in ["storyvault.db", "storyvault.db-wal", "storyvault.db-shm"] {
        let from = app.data_dir().join(name);
        if from.exists() {
            std::fs::rename(&from, moved_away.join(name)).unwrap();
        }
    }
    app.set_env("STORYVAULT_DATABASE_URL", &target.url);
    app.start().expect("the service starts on PostgreSQL");

    // Assert: tokens from before the move are refused; logging in again works.
    expect_status(app.get("/api/v1/me/excerpts", &line.youth.token), 401);
    let worker = app.login(&line.worker.username, PASSWORD);
    let youth = app.login(&line.youth.username, PASSWORD);
    let peer = app.login(&peer.username, PASSWORD);
    let council = app.login(&council.username, PASSWORD);
    // The story reads back as written.
    let story = expect_status(
        app.get(&format!("/api/v1/stories/{}", line.story_id), &worker),
        200,
    );
    assert_eq!(
        (story["title"].as_str(), story["body"].as_str()),
        (Some(STORY_TITLE), Some(STORY_BODY))
    );
    // What was shared before the move still is, and the ledger kept its evidence.
    assert_eq!(app.feed_texts(&peer), vec![shared_text.to_owned()]);
    // One yes and two explicit noes: every "no" is on record (issue 7, defect 5).
    assert_eq!(history(&app, &youth, &id_of(&shared)).len(), 3);

    // The young person finishes the life of the waiting excerpt on PostgreSQL.
    let mine = expect_status(app.get("/api/v1/me/excerpts", &youth), 200);
    let listed: Vec<&Value> = mine["items"].as_array().unwrap().iter().collect();
    assert!(listed.iter().any(|e| e["text"] == waiting_text));
    let approved = expect_status(
        app.post_review(&youth, &waiting_id, "approve", version_of(&submitted)),
        200,
    );
    // A new ledger entry after copied ones: the identity sequence continues past them.
    expect_status(
        app.put_consent(
            &youth,
            &waiting_id,
            version_of(&approved),
            [false, false, true],
        ),
        200,
    );
    assert_eq!(app.feed_texts(&council), vec![waiting_text.to_owned()]);
    let ledger = history(&app, &youth, &waiting_id);
    assert!(
        ledger
            .iter()
            .any(|e| e["audience"] == "council" && e["granted"] == true)
    );
    // And withdrawing the consent given before the move works there too.
    expect_status(
        app.put_consent(
            &youth,
            &id_of(&shared),
            version_of(&shared),
            [false, false, false],
        ),
        200,
    );
    assert!(app.feed_items(&peer).is_empty());
    app.stop();
}

#[test]
fn copy_data_refuses_a_postgresql_database_that_already_holds_data() {
    // Arrange: a first copy has filled the target.
    let mut app = TestApp::spawn_with_env(&[("STORYVAULT_DATABASE_URL", EMBEDDED)]);
    let line = app.storyline();
    app.stop();
    let target = TestDatabase::create();
    assert!(copy_data(&app, &target.url).status.success());
    app.start().unwrap();
    app.create_story(
        &line.worker.token,
        &line.participant.id,
        "Later",
        "Na de kopie.",
    );
    app.stop();

    // Act
    let again = copy_data(&app, &target.url);

    // Assert: refused, and the target still holds only the first copy.
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(stderr.contains("not empty"), "says why: {stderr}");
    app.set_env("STORYVAULT_DATABASE_URL", &target.url);
    app.start().unwrap();
    let worker = app.login(&line.worker.username, PASSWORD);
    let path = format!("/api/v1/participants/{}/stories", line.participant.id);
    let stories = expect_status(app.get(&path, &worker), 200);
    assert_eq!(stories["items"].as_array().unwrap().len(), 1);
}
