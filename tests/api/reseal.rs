//! Issue 11: `storyvault reseal` end to end through the command line. An installation whose every
//! sealed value is in the old X25519 format (written by today's service, then rewritten the old
//! way through the library, as an installation from before the data-key stanza holds them) is
//! served as it is, resealed by a run killed halfway and a rerun, then served again: everything
//! reads back, and no value in the old format remains.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use storyvault::store::{SealedColumn, Store};
use storyvault::vault::MasterKeys;

use crate::helpers::{
    ADMIN_USERNAME, PASSWORD, STORY_BODY, STORY_TITLE, Storyline, TestApp, expect_status, id_of,
};

const COUNCIL: [bool; 3] = [false, false, true];
/// Enough participants (ten excerpts each) that a run killed after the first is stopped halfway.
const SEEDED_EXCERPTS: usize = 100;
const TEXT: &str = "Ik moest drie keer verhuizen in een jaar.";

fn with_store<T>(app: &TestApp, f: impl AsyncFnOnce(&Store, &MasterKeys) -> T) -> T {
    let url = app.postgres_url().map_or_else(
        || format!("sqlite://{}", app.database_file().display()),
        str::to_owned,
    );
    let master = MasterKeys::load(&app.data_dir().join("master.key")).expect("master key");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("store");
        let result = f(&store, &master).await;
        store.close().await;
        result
    })
}

/// How many stored values are in the old format, and how many there are in all.
fn legacy_values(app: &TestApp) -> (usize, usize) {
    with_store(app, async |store, _| {
        let mut values = Vec::new();
        for column in SealedColumn::MASTER_SEALED {
            values.extend(store.every_sealed_value(column).await.expect("values"));
        }
        for (participant, _) in store.wrapped_participant_keys().await.expect("keys") {
            for column in SealedColumn::PARTICIPANT_CONTENT {
                let of = store.sealed_values(participant, column).await;
                values.extend(of.expect("values"));
            }
        }
        let singletons = [
            store.service_secret().await.expect("secret"),
            store.receipt_key().await.expect("receipt key"),
        ];
        let legacy = values.iter().filter(|(_, v)| v.is_legacy()).count()
            + singletons
                .iter()
                .flatten()
                .filter(|v| v.is_legacy())
                .count();
        (legacy, values.len() + singletons.iter().flatten().count())
    })
}

/// Runs `reseal` and kills it with SIGKILL once it reports its first participant done.
fn reseal_killed_after_first_participant(app: &TestApp) {
    let mut child = app
        .command(&["reseal"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reseal");
    let stderr = child.stderr.take().expect("stderr");
    let first_done = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("reseal: 1/"));
    child.kill().expect("kill reseal");
    child.wait().expect("reap reseal");
    assert!(first_done, "reseal reported no first participant");
}

fn read_everything(app: &TestApp, line: &Storyline, council: &str, excerpt_id: &str) {
    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );
    assert_eq!(story["title"], STORY_TITLE);
    assert_eq!(story["body"], STORY_BODY);
    let excerpt = app.get_excerpt(&line.youth.token, excerpt_id);
    assert_eq!(excerpt["text"], TEXT);
    let items = app.feed_items(council);
    assert_eq!(items.len(), SEEDED_EXCERPTS + 1);
    assert!(items.iter().any(|item| item["text"] == TEXT));
    assert!(
        items
            .iter()
            .all(|item| !item["text"].as_str().unwrap_or("").is_empty())
    );
    // The admin's username and TOTP secret are sealed to the master key: logging in opens both.
    app.login(ADMIN_USERNAME, PASSWORD);
}

#[test]
fn reseal_killed_halfway_and_run_again_leaves_nothing_in_the_old_format_and_everything_reads() {
    // Arrange: a story and a shared passage through the API, many more participants seeded,
    // then every value rewritten in the old format while the service is stopped.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, TEXT, COUNCIL);
    let excerpt_id = id_of(&excerpt);
    let council = app.create_account("council");
    app.stop();
    let seeded = app.run_command(&[
        "seed-bench",
        "--excerpts",
        &SEEDED_EXCERPTS.to_string(),
        "--readers",
        "0",
    ]);
    assert!(seeded.status.success(), "seed-bench failed");
    let rewritten = with_store(&app, async |store, master| {
        storyvault::reseal::write_legacy_format(store, master)
            .await
            .expect("legacy format")
    });
    let (legacy, total) = legacy_values(&app);
    assert_eq!(legacy, total, "every value is in the old format");
    assert_eq!(rewritten, total);
    // Old values open: the service serves the old installation as it is.
    app.start().expect("the service starts on old values");
    read_everything(&app, &line, &council.token, &excerpt_id);
    app.stop();

    // Act: a run killed after its first participant, then a run to the end
    reseal_killed_after_first_participant(&app);
    let (halfway, _) = legacy_values(&app);
    let rerun = app.run_command(&["reseal"]);

    // Assert
    assert!(
        0 < halfway && halfway < total,
        "the first run stopped halfway: {halfway} of {total} values still old"
    );
    assert!(rerun.status.success(), "the rerun succeeds");
    let report = String::from_utf8_lossy(&rerun.stderr).into_owned();
    assert!(
        report.contains(&format!("reseal: done; {halfway} resealed")),
        "{report}"
    );
    assert_eq!(legacy_values(&app), (0, total));
    app.start().expect("the service starts on resealed values");
    read_everything(&app, &line, &council.token, &excerpt_id);
}
