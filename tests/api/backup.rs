//! `storyvault backup FILE` and `storyvault restore FILE`, on whichever database this binary runs:
//! a backup taken while the service serves restores into an empty database, and the service
//! started on it with the same master key reads every story back.
//!
//! Sessions are not in a backup (a restore must not revive sessions ended after it): after a
//! restore everyone logs in again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::{
    ADMIN_USERNAME, Backend, PASSWORD, STORY_BODY, STORY_TITLE, TestApp, TestDatabase,
    bytes_contain, canary_word, expect_status, id_of, version_of,
};

/// Story id → (title, body), as written through the API.
type Written = BTreeMap<String, (String, String)>;

fn backup_path(app: &TestApp) -> PathBuf {
    app.root_dir().join("storyvault.backup")
}

fn run_ok(app: &TestApp, args: &[&str]) -> String {
    let output = app.run_command(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    stderr
}

/// Points the stopped app at an empty database. On SQLite: a new data directory holding only the
/// master key, brought back from where it is kept apart. On PostgreSQL: a new database (the key
/// stays in the data directory).
pub fn point_at_empty_database(app: &mut TestApp) -> Option<TestDatabase> {
    match crate::BACKEND {
        Backend::Sqlite => {
            let dir = app.root_dir().join("restored");
            std::fs::create_dir(&dir).expect("new data dir");
            std::fs::copy(app.data_dir().join("master.key"), dir.join("master.key"))
                .expect("the master key, restored apart from the backup");
            app.set_env("STORYVAULT_DATA_DIR", dir.to_str().expect("utf-8 path"));
            None
        }
        Backend::Postgres => {
            let database = TestDatabase::create();
            app.set_env("STORYVAULT_DATABASE_URL", &database.url);
            Some(database)
        }
    }
}

fn story_ids(app: &TestApp, worker: &str, participant_id: &str) -> Vec<String> {
    let path = format!("/api/v1/participants/{participant_id}/stories");
    let list = expect_status(app.get(&path, worker), 200);
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(id_of)
        .collect()
}

fn read_story(app: &TestApp, worker: &str, id: &str) -> (String, String) {
    let story = expect_status(app.get(&format!("/api/v1/stories/{id}"), worker), 200);
    let text = |field: &str| story[field].as_str().expect(field).to_owned();
    (text("title"), text("body"))
}

/// Writes stories one after another until `stop`; each one is recorded once its 201 arrived.
fn keep_writing(app: &TestApp, worker: &str, participant_id: &str, stop: &AtomicBool) -> Written {
    let mut written = Written::new();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        let (title, body) = (
            format!("Tijdens de back-up {n}"),
            format!("Verhaal {n}. {STORY_BODY}"),
        );
        let story = app.create_story(worker, participant_id, &title, &body);
        written.insert(id_of(&story), (title, body));
    }
    written
}

#[test]
fn a_backup_taken_while_the_service_serves_restores_into_an_empty_database_with_every_story_readable()
 {
    // Arrange: two young people with stories, one excerpt in the council's feed.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let other = app.storyline_for(app.create_worker());
    let council = app.create_account("council");
    app.published_excerpt(
        &line,
        "Ik heb een jaar gewacht op hulp.",
        [false, false, true],
    );
    let mut before = Written::new();
    before.insert(
        line.story_id.clone(),
        (STORY_TITLE.into(), STORY_BODY.into()),
    );
    before.insert(
        other.story_id.clone(),
        (STORY_TITLE.into(), STORY_BODY.into()),
    );
    for n in 0..3 {
        let (title, body) = (format!("Verhaal {n}"), format!("Deel {n} van het verhaal."));
        let story = app.create_story(&line.worker.token, &line.participant.id, &title, &body);
        before.insert(id_of(&story), (title, body));
    }
    let feed_before = app.feed_items(&council.token);
    assert_eq!(feed_before.len(), 1);
    let file = backup_path(&app);

    // Act: back up while a worker keeps writing, then restore into an empty database.
    let stop = AtomicBool::new(false);
    let during = std::thread::scope(|scope| {
        let writer =
            scope.spawn(|| keep_writing(&app, &other.worker.token, &other.participant.id, &stop));
        std::thread::sleep(Duration::from_millis(100));
        let report = run_ok(&app, &["backup", file.to_str().unwrap()]);
        assert!(report.contains("stories:"), "counts per table: {report}");
        std::thread::sleep(Duration::from_millis(100));
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap()
    });
    assert!(
        !during.is_empty(),
        "the service served writes around the backup"
    );
    app.stop();
    let _restored = point_at_empty_database(&mut app);
    run_ok(&app, &["restore", file.to_str().unwrap()]);
    app.start()
        .expect("the service starts on the restored database");

    // Assert: sessions are not restored, but logins work.
    expect_status(app.get("/api/v1/feed", &council.token), 401);
    app.admin_token = app.login(ADMIN_USERNAME, PASSWORD);
    let worker = app.login(&line.worker.username, PASSWORD);
    let other_worker = app.login(&other.worker.username, PASSWORD);
    let council_token = app.login(&council.username, PASSWORD);
    // Every story written before the backup reads back as written.
    for (id, written) in &before {
        let token = if other.story_id == *id {
            &other_worker
        } else {
            &worker
        };
        assert_eq!(&read_story(&app, token, id), written, "story {id}");
    }
    // Of the stories written during the backup, those it caught read back whole.
    let restored = story_ids(&app, &other_worker, &other.participant.id);
    for id in restored.iter().filter(|id| **id != other.story_id) {
        let written = during.get(id).expect("only stories that were written");
        assert_eq!(&read_story(&app, &other_worker, id), written);
    }
    // The council's feed shows the very same items.
    assert_eq!(app.feed_items(&council_token), feed_before);
}

#[test]
fn restoring_into_a_database_that_holds_data_is_refused_and_changes_nothing() {
    // Arrange: a backup, then one more story so the database differs from it.
    let app = TestApp::spawn();
    let line = app.storyline();
    let file = backup_path(&app);
    run_ok(&app, &["backup", file.to_str().unwrap()]);
    app.create_story(
        &line.worker.token,
        &line.participant.id,
        "Later",
        "Na de back-up.",
    );
    let stories_before = story_ids(&app, &line.worker.token, &line.participant.id);

    // Act: restore into the running service's own database.
    let output = app.run_command(&["restore", file.to_str().unwrap()]);

    // Assert
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "restore over data must fail");
    assert!(stderr.contains("not empty"), "says why: {stderr}");
    let stories_after = story_ids(&app, &line.worker.token, &line.participant.id);
    assert_eq!(stories_after, stories_before);
    assert_eq!(stories_after.len(), 2);
    app.login(&line.youth.username, PASSWORD);
}

#[test]
fn a_backup_file_holds_no_plaintext_and_only_its_owner_may_read_it() {
    // Arrange: a canary in every kind of free text the service seals.
    let app = TestApp::spawn();
    let canary = canary_word();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &[&canary, "Beilen"]);
    let youth = app.redeem_invite(&participant.invite_code);
    let title = format!("Titel {canary}");
    let body = format!("Ik vertel over {canary} en de wachtlijst.");
    let story = app.create_story(&worker.token, &participant.id, &title, &body);
    let excerpt = app.create_excerpt_from_text(
        &worker.token,
        &id_of(&story),
        &format!("Over de wachtlijst en {canary}."),
    );
    let submitted = expect_status(
        app.post_submit(&worker.token, &id_of(&excerpt), version_of(&excerpt)),
        200,
    );
    expect_status(
        app.post_review(
            &youth.token,
            &id_of(&excerpt),
            "approve",
            version_of(&submitted),
        ),
        200,
    );
    let file = backup_path(&app);

    // Act
    let report = run_ok(&app, &["backup", file.to_str().unwrap()]);

    // Assert
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes_contain(&bytes, canary.as_bytes()),
        "plaintext in the backup"
    );
    assert!(
        !report.contains(&canary),
        "plaintext in the command's output"
    );
    assert_eq!(mode_of(&file), 0o600);
    let header: Value =
        serde_json::from_slice(bytes.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(header["format"], "storyvault-backup");
}

#[test]
fn a_backup_never_overwrites_an_existing_file() {
    // Arrange
    let app = TestApp::spawn();
    let file = backup_path(&app);
    std::fs::write(&file, "older backup").unwrap();

    // Act
    let output = app.run_command(&["backup", file.to_str().unwrap()]);

    // Assert
    assert!(!output.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "older backup");
}

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
