//! Signed consent receipts (issue 9), renewal and consent terms (issue 7 defect 5), the feed's
//! hash check (defect 6) and unlinkable feed ids and themes (defect 9).

use serde_json::Value;
use sqlx::Row;

use crate::helpers::{TestApp, blob_id, expect_status, id_of, version_of, with_database};

fn receipts(app: &TestApp, youth: &str, excerpt: &str) -> Vec<Value> {
    let body = expect_status(
        app.get(&format!("/api/v1/excerpts/{excerpt}/receipts"), youth),
        200,
    );
    body["items"].as_array().expect("items").clone()
}

#[test]
fn a_receipt_verifies_offline_with_the_published_key_and_one_changed_byte_fails() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt =
        app.published_excerpt(&line, "Ik wil dat de raad dit leest.", [false, false, true]);
    let items = receipts(&app, &line.youth.token, &id_of(&excerpt));
    assert_eq!(items.len(), 1);
    let receipt = &items[0];
    assert_eq!(receipt["answered_by"], "youth");
    assert_eq!(receipt["audiences"].as_array().map(Vec::len), Some(3));
    let key = expect_status(
        app.request(reqwest::Method::GET, "/api/v1/receipt-key", None, None),
        200,
    );
    let dir = tempfile::tempdir().expect("dir");
    let key_file = dir.path().join("key.json");
    std::fs::write(&key_file, key.to_string()).expect("write key");
    let good = dir.path().join("receipt.json");
    std::fs::write(&good, serde_json::to_vec_pretty(receipt).expect("json")).expect("write");
    // One changed byte: the first hex digit of the text hash.
    let text = receipt.to_string();
    let hash = receipt["text_sha256"].as_str().expect("hash");
    let flipped = if hash.starts_with('0') { "1" } else { "0" };
    let altered_text = text.replacen(hash, &format!("{flipped}{}", &hash[1..]), 1);
    assert_eq!(altered_text.len(), text.len());
    assert_ne!(text, altered_text);
    let altered = dir.path().join("altered.json");
    std::fs::write(&altered, &altered_text).expect("write");

    // Act: the check runs with nothing but the files (no database, no master key).
    let check = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_storyvault"))
            .args(["verify-receipt"])
            .arg(file)
            .arg("--key")
            .arg(&key_file)
            .env_clear()
            .output()
            .expect("run verify-receipt")
    };
    let ok = check(&good);
    let bad = check(&altered);

    // Assert
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(!bad.status.success());
    let message = String::from_utf8_lossy(&bad.stderr);
    assert!(message.contains("does not match"), "{message}");

    // The bare form `verify-receipt FILE` (API.md) checks against the key of the installation it
    // is configured for: the same answers.
    let path = |p: &std::path::Path| p.to_str().expect("utf-8 path").to_owned();
    let bare_ok = app.run_command(&["verify-receipt", &path(&good)]);
    assert!(
        bare_ok.status.success(),
        "{}",
        String::from_utf8_lossy(&bare_ok.stderr)
    );
    let bare_bad = app.run_command(&["verify-receipt", &path(&altered)]);
    assert!(!bare_bad.status.success());
    assert!(String::from_utf8_lossy(&bare_bad.stderr).contains("does not match"));
    // Where no installation is configured, it asks for the published key and creates nothing.
    let elsewhere = tempfile::tempdir().expect("dir");
    let lost = std::process::Command::new(env!("CARGO_BIN_EXE_storyvault"))
        .args(["verify-receipt"])
        .arg(&good)
        .env_clear()
        .current_dir(elsewhere.path())
        .output()
        .expect("run verify-receipt");
    assert!(!lost.status.success());
    let message = String::from_utf8_lossy(&lost.stderr);
    assert!(message.contains("--key"), "{message}");
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).expect("dir").count(),
        0,
        "verify-receipt created files where no installation was"
    );
}

#[test]
fn every_answer_writes_a_ledger_entry_and_a_receipt_even_a_no_to_nothing() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Niemand hoeft dit te lezen.");
    let id = id_of(&excerpt);
    expect_status(
        app.put_consent(
            &line.youth.token,
            &id,
            version_of(&excerpt),
            [false, false, false],
        ),
        200,
    );
    let history = expect_status(
        app.get(
            &format!("/api/v1/excerpts/{id}/consent/history"),
            &line.youth.token,
        ),
        200,
    );
    let entries = history["items"].as_array().expect("items");
    assert_eq!(entries.len(), 3, "{history}");
    assert!(entries.iter().all(|e| e["granted"] == false));
    assert_eq!(receipts(&app, &line.youth.token, &id).len(), 1);
}

/// A copy of the project's policies with `edit` applied to one file, and the app pointed at it.
fn with_policies(
    app: &mut TestApp,
    file: &str,
    edit: impl Fn(String) -> String,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(&source).expect("policies") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let mut text = std::fs::read_to_string(&path).expect("read");
        if name == file {
            text = edit(text);
        }
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    app.set_env(
        "STORYVAULT_POLICIES_DIR",
        dir.path().to_str().expect("utf-8"),
    );
    app.restart();
    dir
}

fn renewals(app: &TestApp, youth: &str) -> Vec<Value> {
    let body = expect_status(app.get("/api/v1/me/renewals", youth), 200);
    body["items"].as_array().expect("items").clone()
}

#[test]
fn a_grants_expiry_is_fixed_when_given_and_shown_for_renewal() {
    // Arrange: grants valid for 10 days.
    let mut app = TestApp::spawn();
    let _short = with_policies(&mut app, "rules.toml", |t| {
        t.replace("valid_days = 730", "valid_days = 10")
    });
    let line = app.storyline();
    let excerpt = app.published_excerpt(
        &line,
        "Tien dagen mag het blijven staan.",
        [true, false, false],
    );
    let listed = renewals(&app, &line.youth.token);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["reason"], "expiring");
    let expires = listed[0]["expires_at"].clone();

    // Act: the policy changes to two years; the grant keeps its own term.
    let _long = with_policies(&mut app, "rules.toml", |t| t.to_string());
    let listed = renewals(&app, &line.youth.token);

    // Assert
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["expires_at"], expires);

    // Renewing in one call gives the current term.
    let renewed = app.post(
        &format!("/api/v1/excerpts/{}/consent/renew", id_of(&excerpt)),
        &line.youth.token,
        &serde_json::json!({"version": version_of(&excerpt)}),
    );
    let renewed = expect_status(renewed, 200);
    assert_eq!(renewed["audiences"]["peers"], true);
    assert!(renewals(&app, &line.youth.token).is_empty());
}

#[test]
fn a_new_consent_text_asks_for_renewal_before_the_feed_shows_it_again() {
    // Arrange
    let mut app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let line = app.storyline();
    let text = "Onder de oude tekst gegeven.";
    let excerpt = app.published_excerpt(&line, text, [true, false, false]);
    let peer = readers[0].account.token.clone();
    assert_eq!(app.feed_texts(&peer), vec![text.to_string()]);

    // Act: the peers' consent text gets version 2.
    let _v2 = with_policies(&mut app, "audiences.toml", |t| {
        t.replacen("version = 1", "version = 2", 1)
    });

    // Assert
    assert!(app.feed_texts(&peer).is_empty());
    let listed = renewals(&app, &line.youth.token);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["reason"], "consent_text_changed");
    assert_eq!(listed[0]["audience"], "peers");
    let path = format!("/api/v1/excerpts/{}/consent/renew", id_of(&excerpt));
    let body = serde_json::json!({"version": version_of(&excerpt)});
    expect_status(app.post(&path, &line.youth.token, &body), 200);
    assert_eq!(app.feed_texts(&peer), vec![text.to_string()]);
}

#[test]
fn a_feed_item_whose_text_does_not_match_the_consented_hash_is_left_out() {
    let app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let line = app.storyline();
    let text = "Dit is wat ik goedkeurde.";
    let excerpt = app.published_excerpt(&line, text, [true, false, false]);
    let peer = &readers[0].account.token;
    assert_eq!(app.feed_texts(peer).len(), 1);
    let id = id_of(&excerpt);
    // The hash as the feed reads it: its copy in the feed table, beside the consent's own.
    with_database(&app, async |c| {
        for table in ["consents", "feed_items"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {table} SET text_sha256 = ? WHERE excerpt_id = ?"
            )))
            .bind("00".repeat(32))
            .bind(blob_id(&id))
            .execute(&mut *c)
            .await
            .expect("update");
        }
    });
    assert!(app.feed_texts(peer).is_empty());
    assert!(app.logs.contains(&id), "the mismatch is logged by id");
}

#[test]
fn an_edited_and_reconsented_excerpt_is_a_new_feed_item_with_themes_in_vocabulary_order() {
    // Arrange
    let app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let peer = &readers[0].account.token;
    let line = app.storyline();
    let story = app.create_story_with_themes(
        &line.worker.token,
        &line.participant.id,
        "Titel",
        "Tekst.",
        &["school", "pleegzorg"],
    );
    let story_id = id_of(&story);
    let excerpt = app.approved_excerpt_of(
        &line.worker.token,
        &line.youth.token,
        &story_id,
        "Eerste versie.",
    );
    let id = id_of(&excerpt);
    expect_status(
        app.put_consent(
            &line.youth.token,
            &id,
            version_of(&excerpt),
            [true, false, false],
        ),
        200,
    );
    let first = app.feed_items(peer);
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0]["themes"],
        serde_json::json!(["pleegzorg", "school"])
    );

    // Act: edit, approve, consent again.
    let edited = expect_status(
        app.put_excerpt(
            &line.worker.token,
            &id,
            "Tweede versie.",
            version_of(&excerpt),
        ),
        200,
    );
    let submitted = expect_status(
        app.post_submit(&line.worker.token, &id, version_of(&edited)),
        200,
    );
    let approved = expect_status(
        app.post_review(&line.youth.token, &id, "approve", version_of(&submitted)),
        200,
    );
    expect_status(
        app.put_consent(
            &line.youth.token,
            &id,
            version_of(&approved),
            [true, false, false],
        ),
        200,
    );

    // Assert
    let second = app.feed_items(peer);
    assert_eq!(second.len(), 1);
    assert_ne!(second[0]["id"], first[0]["id"]);
    let stored: i64 = with_database(&app, async |c| {
        sqlx::query("SELECT COUNT(*) FROM consents WHERE excerpt_id = ?")
            .bind(blob_id(&id))
            .fetch_one(c)
            .await
            .expect("count")
            .get(0)
    });
    assert_eq!(stored, 1);
}
