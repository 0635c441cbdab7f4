use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::helpers::{
    AUDIENCES, TestApp, expect_error, expect_status, id_of, sha256_hex, version_of,
};

fn history(app: &TestApp, token: &str, excerpt_id: &str) -> Vec<Value> {
    let path = format!("/api/v1/excerpts/{excerpt_id}/consent/history");
    let body = expect_status(app.get(&path, token), 200);
    body["items"].as_array().expect("items").clone()
}

#[test]
fn the_young_person_gives_consent_per_audience() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Ik heb een jaar gewacht.");
    let id = id_of(&excerpt);

    // Act
    let response = app.put_consent(
        &line.youth.token,
        &id,
        version_of(&excerpt),
        [true, false, true],
    );

    // Assert
    let consent = expect_status(response, 200);
    assert_eq!(consent["excerpt_id"], id.as_str());
    assert_eq!(consent["version"], version_of(&excerpt));
    assert_eq!(
        consent["audiences"],
        json!({"peers": true, "policy_makers": false, "council": true})
    );
    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(
        read["consent"],
        json!({"peers": true, "policy_makers": false, "council": true})
    );
}

#[test]
fn consent_for_an_excerpt_that_is_not_approved_is_a_409() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);

    let draft = app.put_consent(&line.youth.token, &id, 1, [true, true, true]);
    expect_error(draft, 409);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);
    let awaiting = app.put_consent(&line.youth.token, &id, 1, [true, true, true]);
    expect_error(awaiting, 409);

    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(
        read["consent"],
        json!({"peers": false, "policy_makers": false, "council": false})
    );
}

#[test]
fn consent_for_a_rejected_excerpt_is_a_409() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);
    expect_status(app.post_review(&line.youth.token, &id, "reject", 1), 200);

    let response = app.put_consent(&line.youth.token, &id, 1, [true, true, true]);

    expect_error(response, 409);
}

#[test]
fn consent_for_a_stale_version_is_a_409() {
    // Arrange: approve v1, then the worker edits to v2 and it is approved again
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Eerste tekst.");
    let id = id_of(&excerpt);
    expect_status(
        app.put_excerpt(&line.worker.token, &id, "Tweede tekst.", 1),
        200,
    );
    expect_status(app.post_submit(&line.worker.token, &id, 2), 200);
    expect_status(app.post_review(&line.youth.token, &id, "approve", 2), 200);

    // Act
    let response = app.put_consent(&line.youth.token, &id, 1, [true, true, true]);

    // Assert
    expect_error(response, 409);
    assert_eq!(
        app.feed_texts(&app.create_account("peer").token),
        Vec::<String>::new()
    );
}

#[test]
fn consent_must_answer_every_audience() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Ik heb een jaar gewacht.");
    let id = id_of(&excerpt);

    let body = json!({"version": version_of(&excerpt), "audiences": {"peers": true}});
    let response = app.put(
        &format!("/api/v1/excerpts/{id}/consent"),
        &line.youth.token,
        &body,
    );

    // A validation error that names each unanswered audience; nothing changes.
    let error = expect_error(response, 400);
    assert_eq!(error["code"], "validation");
    let fields = &error["fields"];
    assert_eq!(fields["audiences.policy_makers"], json!(["required"]));
    assert_eq!(fields["audiences.council"], json!(["required"]));
    assert!(fields.get("audiences.peers").is_none());
    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(read["consent"]["peers"], false);
}

#[test]
fn consent_for_an_unknown_audience_is_a_400() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Ik heb een jaar gewacht.");
    let id = id_of(&excerpt);

    let audiences = json!({"peers": true, "policy_makers": true, "council": true, "press": true});
    let body = json!({"version": version_of(&excerpt), "audiences": audiences});
    let response = app.put(
        &format!("/api/v1/excerpts/{id}/consent"),
        &line.youth.token,
        &body,
    );

    expect_error(response, 400);
}

#[test]
fn every_consent_change_is_a_ledger_entry_with_the_approved_text_hash() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let text = "Ik heb een jaar gewacht op hulp.";
    let excerpt = app.approved_excerpt(&line, text);
    let id = id_of(&excerpt);
    let version = version_of(&excerpt);
    let before = OffsetDateTime::now_utc() - time::Duration::seconds(5);

    // Act
    expect_status(
        app.put_consent(&line.youth.token, &id, version, [true, false, true]),
        200,
    );

    // Assert
    let items = history(&app, &line.youth.token, &id);
    for (audience, _) in AUDIENCES {
        let entries: Vec<_> = items.iter().filter(|i| i["audience"] == audience).collect();
        let granted = audience != "policy_makers";
        if granted {
            assert_eq!(entries.len(), 1, "{audience}: {items:?}");
        }
        for entry in entries {
            assert_eq!(entry["granted"], granted);
            assert_eq!(entry["by_role"], "youth");
            assert_eq!(entry["version"], version);
            assert_eq!(entry["text_sha256"], sha256_hex(text).as_str());
            assert!(!entry["consent_text_version"].is_null(), "{entry}");
            let at = OffsetDateTime::parse(entry["at"].as_str().expect("at"), &Rfc3339)
                .expect("at is RFC 3339");
            assert!(at >= before);
        }
    }
}

#[test]
fn withdrawing_appends_to_the_ledger_and_keeps_earlier_entries() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let id = id_of(&excerpt);
    let earlier = history(&app, &line.youth.token, &id);

    // Act
    let response = app.put_consent(
        &line.youth.token,
        &id,
        version_of(&excerpt),
        [false, false, false],
    );

    // Assert
    expect_status(response, 200);
    let later = history(&app, &line.youth.token, &id);
    assert!(later.len() > earlier.len());
    for entry in &earlier {
        assert!(
            later.contains(entry),
            "ledger entry changed or vanished: {entry}"
        );
    }
    let last_peers = later
        .iter()
        .rev()
        .find(|i| i["audience"] == "peers")
        .expect("peers entry");
    assert_eq!(last_peers["granted"], false);
    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(read["consent"]["peers"], false);
}

#[test]
fn an_edit_withdraws_consent_in_the_ledger() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, true, false]);
    let id = id_of(&excerpt);
    let earlier = history(&app, &line.youth.token, &id).len();

    // Act
    expect_status(
        app.put_excerpt(
            &line.worker.token,
            &id,
            "Ik wachtte lang.",
            version_of(&excerpt),
        ),
        200,
    );

    // Assert
    let later = history(&app, &line.youth.token, &id);
    let appended = &later[earlier..];
    for audience in ["peers", "policy_makers"] {
        assert!(
            appended
                .iter()
                .any(|i| i["audience"] == audience && i["granted"] == false),
            "no withdrawal for {audience} after the edit: {later:?}"
        );
    }
}

#[test]
fn the_responsible_worker_reads_the_consent_history() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);

    let items = history(&app, &line.worker.token, &id_of(&excerpt));

    assert!(
        items
            .iter()
            .any(|i| i["audience"] == "peers" && i["granted"] == true)
    );
}

#[test]
fn consent_takes_effect_on_the_next_feed_request_and_so_does_withdrawal() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let text = "Ik heb een jaar gewacht.";
    let excerpt = app.approved_excerpt(&line, text);
    let id = id_of(&excerpt);
    let version = version_of(&excerpt);

    // Act + Assert
    assert!(app.feed_texts(&peer.token).is_empty());
    expect_status(
        app.put_consent(&line.youth.token, &id, version, [true, false, false]),
        200,
    );
    assert_eq!(app.feed_texts(&peer.token), vec![text.to_owned()]);
    expect_status(
        app.put_consent(&line.youth.token, &id, version, [false, false, false]),
        200,
    );
    assert!(app.feed_texts(&peer.token).is_empty());
}
