//! The life of a story (DESIGN.md), end to end through the API.

use serde_json::json;

use crate::helpers::{
    PASSWORD, TestApp, expect_error, expect_status, id_of, sha256_hex, version_of,
};

#[test]
fn a_story_goes_from_interview_to_feed_and_back_out_at_the_young_persons_word() {
    let app = TestApp::spawn();

    // The admin creates the accounts of a youth worker and of each audience.
    let worker = app.create_worker();
    let peer = app.create_account("peer");
    let policy_maker = app.create_account("policy_maker");
    let council = app.create_account("council");

    // 1. The worker registers a participant; the young person redeems the invite.
    let participant =
        app.create_participant(&worker.token, &["Sanne Bakker", "de Vries", "Beilen"]);
    let youth = app.redeem_invite(&participant.invite_code);

    // 2. The worker records the interview.
    let body = "Ik ben Sanne Bakker en ik woon bij de familie de Vries in Beilen. \
        Ik heb een jaar op de wachtlijst gestaan voordat er hulp kwam. \
        Op school merkte niemand iets.";
    let story = app.create_story_with_themes(
        &worker.token,
        &participant.id,
        "Wachten",
        body,
        &["pleegzorg", "wachttijd"],
    );
    let story_id = id_of(&story);

    // 3. The worker marks the whole passage; the anonymiser proposes a version without identifiers.
    let path = format!("/api/v1/stories/{story_id}/excerpts");
    let end = body.chars().count();
    let proposal = expect_status(
        app.post(&path, &worker.token, &json!({"start": 0, "end": end})),
        201,
    );
    let proposed = proposal["text"].as_str().expect("text");
    for identifier in ["Sanne", "Bakker", "de Vries", "Beilen"] {
        assert!(
            !proposed.contains(identifier),
            "{identifier} in the proposal {proposed}"
        );
    }
    assert!(
        proposed.contains("wachtlijst"),
        "the proposal lost the story: {proposed}"
    );
    let excerpt_id = id_of(&proposal);

    // The worker corrects it and sends it for review.
    let corrected = "Ik heb een jaar op de wachtlijst gestaan voordat er hulp kwam. Op school merkte niemand iets.";
    let edited = expect_status(
        app.put_excerpt(&worker.token, &excerpt_id, corrected, 1),
        200,
    );
    let version = version_of(&edited);
    assert_eq!(version, 2);
    let submitted = expect_status(app.post_submit(&worker.token, &excerpt_id, version), 200);
    assert_eq!(submitted["status"], "awaiting_review");
    assert!(
        app.feed_items(&peer.token).is_empty(),
        "nothing is shared before review"
    );

    // 4. The young person reads it, approves it and shares it with peers and the council.
    let mine = expect_status(app.get("/api/v1/me/excerpts", &youth.token), 200);
    assert_eq!(mine["items"][0]["text"], corrected);
    let approved = expect_status(
        app.post_review(&youth.token, &excerpt_id, "approve", version),
        200,
    );
    assert_eq!(approved["status"], "approved");
    assert!(
        app.feed_items(&peer.token).is_empty(),
        "nothing is shared by default"
    );
    expect_status(
        app.put_consent(&youth.token, &excerpt_id, version, [true, false, true]),
        200,
    );

    // 5. Peers and the council see exactly that text; policy makers see nothing.
    let peer_items = app.feed_items(&peer.token);
    assert_eq!(peer_items.len(), 1);
    assert_eq!(peer_items[0]["text"], corrected);
    assert_eq!(peer_items[0]["recorded_month"], "2026-03");
    assert_eq!(app.feed_texts(&council.token), vec![corrected.to_owned()]);
    assert!(app.feed_items(&policy_maker.token).is_empty());
    let feed_text = json!(peer_items).to_string();
    for hidden in [
        &story_id,
        &excerpt_id,
        &participant.id,
        &participant.pseudonym,
    ] {
        assert!(!feed_text.contains(hidden.as_str()));
    }

    // The consent ledger holds the evidence.
    let history = expect_status(
        app.get(
            &format!("/api/v1/excerpts/{excerpt_id}/consent/history"),
            &youth.token,
        ),
        200,
    );
    let granted: Vec<_> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["granted"] == true)
        .collect();
    assert_eq!(granted.len(), 2);
    assert!(
        granted
            .iter()
            .all(|i| i["text_sha256"] == sha256_hex(corrected).as_str())
    );

    // 6. The young person sees who read their story, withdraws, downloads, deletes, leaves.
    expect_status(
        app.get(&format!("/api/v1/stories/{story_id}"), &worker.token),
        200,
    );
    let log = expect_status(app.get("/api/v1/me/access-log", &youth.token), 200);
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["object_id"] == story_id.as_str() && i["actor_role"] == "worker")
    );

    expect_status(
        app.put_consent(&youth.token, &excerpt_id, version, [true, false, false]),
        200,
    );
    assert!(
        app.feed_items(&council.token).is_empty(),
        "withdrawal works on the very next request"
    );
    assert_eq!(app.feed_items(&peer.token).len(), 1);

    let export = expect_status(app.get("/api/v1/me/export", &youth.token), 200).to_string();
    assert!(export.contains("wachtlijst") && export.contains("Sanne Bakker"));

    expect_status(
        app.delete(&format!("/api/v1/stories/{story_id}"), &youth.token),
        204,
    );
    assert!(app.feed_items(&peer.token).is_empty());
    expect_error(
        app.get(&format!("/api/v1/excerpts/{excerpt_id}"), &worker.token),
        404,
    );

    expect_status(app.delete("/api/v1/me", &youth.token), 204);
    expect_error(app.get("/api/v1/me/stories", &youth.token), 401);
    expect_error(app.post_session(&youth.username, PASSWORD), 401);
    let participants = expect_status(app.get("/api/v1/participants", &worker.token), 200);
    assert_eq!(participants["items"], json!([]));
}
