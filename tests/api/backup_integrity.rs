//! A backup is authenticated as a whole (HMAC-SHA256 under a key derived from the master key):
//! `restore` refuses a file with a changed role, any changed byte, a file cut short, one without
//! its tag, and the unauthenticated format 1, with a message that names no content; the target
//! database stays empty, so the untouched file restores afterwards.

use std::path::{Path, PathBuf};

use crate::backup::point_at_empty_database;
use crate::helpers::{PASSWORD, TestApp, expect_status};

fn restore(app: &TestApp, file: &Path) -> (bool, String) {
    let output = app.run_command(&["restore", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

fn variant(app: &TestApp, name: &str, bytes: &[u8]) -> PathBuf {
    let path = app.root_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Replaces the byte at `at` with another of its kind, so the line stays JSON where it can.
fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] = match out[at] {
        b'0'..=b'8' | b'a'..=b'y' | b'A'..=b'Y' => out[at] + 1,
        b'9' => b'0',
        b'z' => b'a',
        b'Z' => b'A',
        other => other ^ 0x01,
    };
    out
}

#[test]
fn restore_refuses_an_edited_cut_short_or_unauthenticated_backup_and_names_no_content() {
    // Arrange: a backup of a service with a worker, a young person and a story.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let file = app.root_dir().join("good.backup");
    let output = app.run_command(&["backup", file.to_str().unwrap()]);
    assert!(output.status.success(), "backup");
    let good = std::fs::read(&file).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let worker_line = text
        .lines()
        .find(|l| l.contains("\"table\":\"accounts\"") && l.contains("\"role\":\"worker\""))
        .expect("the worker's account in the backup");
    let promoted = text.replace(
        worker_line,
        &worker_line.replace("\"role\":\"worker\"", "\"role\":\"admin\""),
    );
    let without_tag: String = text
        .lines()
        .filter(|l| !l.starts_with("{\"hmac\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let version_one = without_tag.replacen("\"version\":2", "\"version\":1", 1);
    let mut variants = vec![
        ("role", promoted.into_bytes(), "authentication check"),
        ("cut", good[..good.len() * 2 / 3].to_vec(), "tag"),
        ("untagged", without_tag.into_bytes(), "tag"),
        ("v1", version_one.into_bytes(), "version 1"),
    ];
    let header_end = good.iter().position(|b| *b == b'\n').unwrap() + 1;
    for percent in [10, 35, 50, 65, 90, 99] {
        let at = header_end + (good.len() - header_end) * percent / 100;
        let at = at.min(good.len() - 2);
        variants.push(("byte", flip(&good, at), "authentication"));
    }
    app.stop();
    let _database = point_at_empty_database(&mut app);

    // Act / Assert: every variant is refused, with a reason and no content.
    for (n, (name, bytes, reason)) in variants.iter().enumerate() {
        let path = variant(&app, &format!("{name}-{n}.backup"), bytes);
        let (ok, stderr) = restore(&app, &path);
        assert!(!ok, "{name}: an edited backup was restored");
        assert!(stderr.contains(reason), "{name}: says why: {stderr}");
        for secret in [
            line.worker.username.as_str(),
            &line.youth.username,
            "$argon2",
        ] {
            assert!(!stderr.contains(secret), "{name}: {stderr}");
        }
    }

    // Assert: nothing was written; the untouched file restores and works.
    let (ok, stderr) = restore(&app, &file);
    assert!(ok, "the good backup restores: {stderr}");
    app.start()
        .expect("the service starts on the restored database");
    let worker = app.login(&line.worker.username, PASSWORD);
    expect_status(app.get("/api/v1/accounts", &worker), 403);
    expect_status(
        app.get(&format!("/api/v1/stories/{}", line.story_id), &worker),
        200,
    );
}

#[test]
fn a_backup_made_under_another_master_key_is_refused() {
    // Arrange: a backup, then a database whose key is another one.
    let mut app = TestApp::spawn();
    app.storyline();
    let file = app.root_dir().join("other-key.backup");
    assert!(
        app.run_command(&["backup", file.to_str().unwrap()])
            .status
            .success()
    );
    app.stop();
    let _database = point_at_empty_database(&mut app);
    let other = TestApp::spawn();
    let other_key = other.data_dir().join("master.key");
    app.set_env("STORYVAULT_KEY_FILE", other_key.to_str().unwrap());

    // Act
    let (ok, stderr) = restore(&app, &file);

    // Assert
    assert!(!ok, "restored under a key that did not make it");
    assert!(stderr.contains("another master key"), "{stderr}");
}
