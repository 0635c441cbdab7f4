//! The master key (DESIGN invariant 2): generated with mode 0600 on a fresh data directory; with
//! data present and the key missing or wrong, `serve` refuses to start and writes no key.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::helpers::{STORY_BODY, TestApp, expect_status, files_under};

fn is_database_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.starts_with("storyvault.db"))
}

/// The files in the data directory that are not the database (or its WAL, shm, journal).
fn key_files(app: &TestApp) -> Vec<PathBuf> {
    files_under(&app.data_dir())
        .into_iter()
        .filter(|path| !is_database_file(path))
        .collect()
}

fn the_key_file(app: &TestApp) -> PathBuf {
    let keys = key_files(app);
    assert_eq!(
        keys.len(),
        1,
        "expected one generated key file, found {keys:?}"
    );
    keys[0].clone()
}

#[test]
fn a_fresh_data_directory_gets_a_generated_key_with_mode_0600_and_a_warning() {
    // Arrange + Act
    let app = TestApp::spawn();

    // Assert
    let key = the_key_file(&app);
    let mode = std::fs::metadata(&key)
        .expect("key metadata")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "{} has mode {:o}",
        key.display(),
        mode & 0o777
    );
    assert!(std::fs::metadata(&key).unwrap().len() > 0);
    assert!(
        app.logs
            .lines()
            .iter()
            .any(|l| l.contains("\"level\":\"WARN\"")),
        "no warning about the generated key"
    );
}

#[test]
fn with_data_present_and_the_key_deleted_serve_exits_non_zero_and_writes_no_new_key() {
    // Arrange
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    let key = the_key_file(&app);
    let original = std::fs::read(&key).expect("key");
    std::fs::remove_file(&key).expect("delete key");

    // Act
    let failure = app
        .start()
        .expect_err("serve must refuse to start without its key");

    // Assert
    assert!(!failure.status.success());
    assert_eq!(failure.status.code(), Some(1), "{failure:?}");
    assert!(
        key_files(&app).is_empty(),
        "a new key was written: {:?}",
        key_files(&app)
    );
    assert!(
        !failure.output.is_empty(),
        "no message explains the refusal"
    );

    // Putting the key back brings the data back.
    std::fs::write(&key, original).expect("restore key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    app.start().expect("serve starts with its key");
    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );
    assert_eq!(story["body"], STORY_BODY);
}

#[test]
fn with_data_present_and_a_different_key_serve_exits_non_zero() {
    // Arrange: the key another fresh service generated
    let other = TestApp::spawn();
    let different_key = std::fs::read(the_key_file(&other)).expect("other key");
    drop(other);
    let mut app = TestApp::spawn();
    app.storyline();
    app.stop();
    let key = the_key_file(&app);
    let original = std::fs::read(&key).expect("key");
    assert_ne!(original, different_key);
    std::fs::write(&key, &different_key).expect("swap key");

    // Act
    let failure = app.start().expect_err("serve must refuse a wrong key");

    // Assert
    assert!(!failure.status.success());
    assert_eq!(
        std::fs::read(&key).unwrap(),
        different_key,
        "the key file was rewritten"
    );
    assert_eq!(key_files(&app).len(), 1);
}

#[test]
fn with_data_present_and_a_wrong_key_file_configured_serve_exits_non_zero() {
    // Arrange
    let other = TestApp::spawn();
    let different_key = std::fs::read(the_key_file(&other)).expect("other key");
    drop(other);
    let mut app = TestApp::spawn();
    app.storyline();
    app.stop();
    let configured = app.root_dir().join("mounted-secret.key");
    std::fs::write(&configured, &different_key).unwrap();
    std::fs::set_permissions(&configured, std::fs::Permissions::from_mode(0o600)).unwrap();
    app.set_env("STORYVAULT_KEY_FILE", configured.to_str().unwrap());

    // Act
    let failure = app.start().expect_err("serve must refuse a wrong key file");

    // Assert
    assert!(!failure.status.success());
    assert_eq!(std::fs::read(&configured).unwrap(), different_key);
}

#[test]
fn a_configured_key_file_is_used_and_no_key_is_generated_in_the_data_directory() {
    // Arrange: a key generated elsewhere, mounted as a secret
    let other = TestApp::spawn();
    let key = std::fs::read(the_key_file(&other)).expect("other key");
    drop(other);
    let mounted = tempfile::tempdir().unwrap();
    let configured = mounted.path().join("mounted-secret.key");
    std::fs::write(&configured, &key).unwrap();
    std::fs::set_permissions(&configured, std::fs::Permissions::from_mode(0o600)).unwrap();

    // Act: a fresh installation whose key is configured from the first command on
    let app = TestApp::spawn_with_env(&[("STORYVAULT_KEY_FILE", configured.to_str().unwrap())]);

    // Assert
    assert!(
        key_files(&app).is_empty(),
        "a key was generated: {:?}",
        key_files(&app)
    );
}
