//! Master-key rotation: `storyvault rotate-key --new-key-file FILE` re-wraps participant keys to a
//! new master identity, can be killed at any point, and a rerun completes it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use age::secrecy::ExposeSecret;

use crate::helpers::{TestApp, expect_status};

const PARTICIPANTS: usize = 60;

/// A story per participant, so every participant key is needed to read something back.
fn arrange_participants_with_stories(app: &TestApp) -> (String, Vec<(String, String)>) {
    let worker = app.create_worker();
    let stories = (0..PARTICIPANTS)
        .map(|i| {
            let participant = app.create_participant(&worker.token, &[]);
            let title = format!("Verhaal {i}");
            let story =
                app.create_story(&worker.token, &participant.id, &title, "Ik wachtte lang.");
            (story["id"].as_str().expect("story id").to_owned(), title)
        })
        .collect();
    (worker.username, stories)
}

fn write_new_key(dir: &Path) -> PathBuf {
    let path = dir.join("new-master.key");
    let identity = age::x25519::Identity::generate();
    std::fs::write(&path, format!("{}\n", identity.to_string().expose_secret())).expect("key");
    path
}

/// Every story opens: its participant's key unwrapped with the configured master key.
fn assert_every_story_reads(app: &TestApp, worker: &str, stories: &[(String, String)]) {
    let token = app.login(worker, crate::helpers::PASSWORD);
    for (id, title) in stories {
        let story = expect_status(app.get(&format!("/api/v1/stories/{id}"), &token), 200);
        assert_eq!(story["title"], title.as_str());
    }
}

fn run_rotation(app: &TestApp, new_key: &Path) -> std::process::Output {
    let new_key = new_key.to_str().expect("path");
    app.command(&["rotate-key", "--new-key-file", new_key])
        .output()
        .expect("rotate-key runs")
}

#[test]
fn a_rotation_killed_halfway_leaves_every_participant_readable_and_a_rerun_completes_it() {
    // Arrange
    let mut app = TestApp::spawn();
    let (worker, stories) = arrange_participants_with_stories(&app);
    app.stop();
    let old_key = std::fs::read_to_string(app.data_dir().join("master.key")).expect("old key");
    let new_key = write_new_key(app.root_dir());

    // Act 1: kill the rotation once a few keys are done
    let new_key_arg = new_key.to_str().expect("path");
    let mut child = app
        .command(&["rotate-key", "--new-key-file", new_key_arg])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("rotate-key starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut checked = 0;
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("line");
        if let Some(progress) = line.strip_prefix("rotate-key: ") {
            checked = progress
                .split('/')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            if checked >= 5 {
                child.kill().expect("kill");
                break;
            }
        }
    }
    child.wait().expect("killed");
    assert!(
        (5..PARTICIPANTS).contains(&checked),
        "the rotation was not stopped halfway ({checked} of {PARTICIPANTS})"
    );

    // Assert 1: with both identities configured, every participant is readable
    let both = app.root_dir().join("both.key");
    let new_text = std::fs::read_to_string(&new_key).expect("new key");
    std::fs::write(&both, format!("{new_text}{old_key}")).expect("both");
    app.set_env("STORYVAULT_KEY_FILE", both.to_str().expect("path"));
    app.start().expect("serve starts with both keys");
    assert_every_story_reads(&app, &worker, &stories);
    app.stop();

    // Act 2: a rerun completes the rotation
    let rerun = run_rotation(&app, &new_key);
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    assert!(String::from_utf8_lossy(&rerun.stderr).contains("done"));

    // Assert 2: the new key alone opens everything; the old key alone no longer starts the service
    app.set_env("STORYVAULT_KEY_FILE", new_key_arg);
    app.start().expect("serve starts with only the new key");
    assert_every_story_reads(&app, &worker, &stories);
    app.stop();
    let old_only = app.root_dir().join("old-only.key");
    std::fs::write(&old_only, &old_key).expect("old key copy");
    app.set_env("STORYVAULT_KEY_FILE", old_only.to_str().expect("path"));
    let refused = app
        .start()
        .expect_err("the old key no longer opens the database");
    assert!(!refused.status.success());
}

#[test]
fn a_completed_rotation_can_be_run_again_without_changing_anything() {
    let mut app = TestApp::spawn();
    let (worker, stories) = arrange_participants_with_stories(&app);
    app.stop();
    let new_key = write_new_key(app.root_dir());
    assert!(run_rotation(&app, &new_key).status.success());

    let again = run_rotation(&app, &new_key);

    assert!(again.status.success());
    let report = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(
        report.contains(&format!(
            "0 re-wrapped, {PARTICIPANTS} already on the new key"
        )),
        "{report}"
    );
    app.set_env("STORYVAULT_KEY_FILE", new_key.to_str().expect("path"));
    app.start().expect("serve starts with the new key");
    assert_every_story_reads(&app, &worker, &stories);
}

#[test]
fn a_rotation_to_an_unrelated_key_file_that_is_not_a_key_changes_nothing() {
    let mut app = TestApp::spawn();
    let (worker, stories) = arrange_participants_with_stories(&app);
    app.stop();
    let bogus = app.root_dir().join("bogus.key");
    std::fs::write(&bogus, "not a key\n").expect("bogus");

    let run = run_rotation(&app, &bogus);

    assert!(!run.status.success());
    app.start().expect("the old key still opens everything");
    assert_every_story_reads(&app, &worker, &stories);
}
