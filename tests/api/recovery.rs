//! A young person's account is never replaced by an invitation; they get back in with their own
//! recovery codes, or through a reset by two people that keeps everything and holds new grants.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, expect_error, expect_status, id_of, version_of};

const NEW_PASSWORD: &str = "een-heel-nieuw-wachtwoord-7";

fn post_public(app: &TestApp, path: &str, body: &Value) -> reqwest::blocking::Response {
    app.request(Method::POST, path, None, Some(body))
}

#[test]
fn an_invitation_never_replaces_a_live_youth_account() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);

    // Act
    let again = app.post_empty(
        &format!("/api/v1/participants/{}/invite", line.participant.id),
        &line.worker.token,
    );

    // Assert
    assert_eq!(expect_error(again, 409)["code"], "account_exists");
    let mine = app.get_excerpt(&line.youth.token, &id_of(&excerpt));
    assert_eq!(mine["consent"]["peers"], true);
    expect_status(app.post_session(&line.youth.username, PASSWORD), 201);
}

#[test]
fn redeeming_shows_ten_recovery_codes_each_of_which_resets_the_password_once() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let participant = app.create_participant(&worker.token, &["Sanne"]);
    let session = expect_status(
        app.post_redeem(&participant.invite_code, "sanne-r", PASSWORD),
        201,
    );
    let codes: Vec<String> = session["recovery_codes"]
        .as_array()
        .expect("recovery_codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    let old_token = session["token"].as_str().expect("token").to_owned();
    let recover = |code: &str| {
        post_public(
            &app,
            "/api/v1/account/recover",
            &json!({"username": "sanne-r", "recovery_code": code, "new_password": NEW_PASSWORD}),
        )
    };

    // Act
    let recovered = expect_status(recover(&codes[0]), 201);
    let reused = recover(&codes[0]);

    // Assert
    assert_eq!(codes.len(), 10);
    assert_eq!(recovered["account"]["id"], session["account"]["id"]);
    expect_error(reused, 401);
    expect_error(app.get("/api/v1/me/stories", &old_token), 401);
    expect_error(app.post_session("sanne-r", PASSWORD), 401);
    let token = app.login("sanne-r", NEW_PASSWORD);
    let events = expect_status(app.get("/api/v1/me/security-events", &token), 200);
    assert_eq!(
        events["items"][0]["kind"], "password_set_with_recovery_code",
        "{events}"
    );
    expect_status(recover(&codes[1]), 201);
}

/// The whole two-person reset: asked by the worker, approved by an admin, code handed over.
fn staff_reset(app: &TestApp, worker: &str, participant: &str) -> String {
    let request = expect_status(
        app.post_empty(
            &format!("/api/v1/participants/{participant}/reset-requests"),
            worker,
        ),
        201,
    );
    let id = id_of(&request);
    // The worker alone gets no code.
    expect_error(
        app.post_empty(&format!("/api/v1/reset-requests/{id}/code"), worker),
        409,
    );
    let open = expect_status(app.get("/api/v1/reset-requests", &app.admin_token), 200);
    assert!(
        open["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|r| r["id"] == id.as_str())
    );
    expect_status(
        app.post_empty(
            &format!("/api/v1/reset-requests/{id}/approve"),
            &app.admin_token,
        ),
        204,
    );
    let code = expect_status(
        app.post_empty(&format!("/api/v1/reset-requests/{id}/code"), worker),
        201,
    );
    // Once only.
    expect_error(
        app.post_empty(&format!("/api/v1/reset-requests/{id}/code"), worker),
        409,
    );
    code["reset_code"].as_str().expect("reset_code").to_owned()
}

#[test]
fn a_staff_reset_keeps_the_account_ends_its_sessions_and_holds_new_grants_until_confirmed() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let shared = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let later = app.approved_excerpt(&line, "Op school wist niemand ervan.");

    // Act: the reset
    let code = staff_reset(&app, &line.worker.token, &line.participant.id);
    let old_session = app.get("/api/v1/me/stories", &line.youth.token);
    let reset = expect_status(
        post_public(
            &app,
            "/api/v1/account/reset",
            &json!({"username": line.youth.username, "reset_code": code, "new_password": NEW_PASSWORD}),
        ),
        201,
    );
    let reset_token = reset["token"].as_str().expect("token").to_owned();

    // Assert: same account, old sessions gone, earlier consent intact, the young person is told
    expect_error(old_session, 401);
    assert_eq!(reset["account"]["id"], line.youth.id.as_str());
    assert_eq!(
        app.feed_texts(&readers[0].account.token),
        ["Ik heb een jaar gewacht."]
    );
    let events = expect_status(app.get("/api/v1/me/security-events", &reset_token), 200);
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "staff_reset_requested",
            "staff_reset_approved",
            "password_set_with_reset_code"
        ]
    );
    let log = expect_status(app.get("/api/v1/me/access-log", &reset_token), 200);
    assert!(
        log["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["action"] == "reset_password")
    );

    // Act: a grant in the days after the reset is held
    let later_id = id_of(&later);
    expect_status(
        app.put_consent(
            &reset_token,
            &later_id,
            version_of(&later),
            [true, false, false],
        ),
        200,
    );

    // Assert: held, not in any feed; the reset session may not confirm it
    assert_eq!(
        app.feed_texts(&readers[0].account.token),
        ["Ik heb een jaar gewacht."]
    );
    let held = expect_status(app.get("/api/v1/me/held-grants", &reset_token), 200);
    assert_eq!(held["items"][0]["excerpt_id"], later_id.as_str());
    expect_error(
        app.post_empty("/api/v1/me/held-grants/confirm", &reset_token),
        409,
    );

    // Act: the young person logs in with the new password and confirms
    let token = app.login(&line.youth.username, NEW_PASSWORD);
    let confirmed = expect_status(
        app.post_empty("/api/v1/me/held-grants/confirm", &token),
        200,
    );

    // Assert
    assert_eq!(confirmed["applied"], 1);
    assert_eq!(
        app.feed_texts(&readers[0].account.token),
        ["Ik heb een jaar gewacht.", "Op school wist niemand ervan."]
    );
    let history = expect_status(
        app.get(
            &format!("/api/v1/excerpts/{later_id}/consent/history"),
            &token,
        ),
        200,
    );
    // The noes of the held call count at once (from the reset session); the confirmed yes is the
    // young person's own, from a password session.
    let granted: Vec<&Value> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["granted"] == true)
        .collect();
    assert_eq!(granted.len(), 1, "{history}");
    assert_eq!(granted[0]["session_origin"], "password");
    let first = expect_status(
        app.get(
            &format!("/api/v1/excerpts/{}/consent/history", id_of(&shared)),
            &token,
        ),
        200,
    );
    assert_eq!(first["items"][0]["session_origin"], "password");
}

#[test]
fn the_ledger_records_a_withdrawal_from_a_staff_reset_session_as_such() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let code = staff_reset(&app, &line.worker.token, &line.participant.id);
    let reset = expect_status(
        post_public(
            &app,
            "/api/v1/account/reset",
            &json!({"username": line.youth.username, "reset_code": code, "new_password": NEW_PASSWORD}),
        ),
        201,
    );
    let token = reset["token"].as_str().expect("token");
    let id = id_of(&excerpt);

    // Act: a "no" counts at once, even in the hold
    expect_status(
        app.put_consent(token, &id, version_of(&excerpt), [false, false, false]),
        200,
    );

    // Assert
    let history = expect_status(
        app.get(&format!("/api/v1/excerpts/{id}/consent/history"), token),
        200,
    );
    let last = history["items"]
        .as_array()
        .expect("items")
        .last()
        .cloned()
        .expect("entry");
    assert_eq!(last["granted"], false);
    assert_eq!(last["session_origin"], "staff_reset");
    let readers = app.create_audience_readers();
    assert!(app.feed_texts(&readers[0].account.token).is_empty());
}

#[test]
fn only_the_responsible_worker_asks_and_only_an_admin_approves() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let other = app.create_worker();
    let path = format!(
        "/api/v1/participants/{}/reset-requests",
        line.participant.id
    );

    expect_error(app.post_empty(&path, &other.token), 404);
    expect_error(app.post_empty(&path, &app.admin_token), 403);
    let request = expect_status(app.post_empty(&path, &line.worker.token), 201);
    let approve = format!("/api/v1/reset-requests/{}/approve", id_of(&request));
    expect_error(app.post_empty(&approve, &line.worker.token), 403);
    expect_error(app.post_empty(&approve, &line.youth.token), 403);
    // Nothing happened to the young person's session.
    expect_status(app.get("/api/v1/me/stories", &line.youth.token), 200);
}

#[test]
fn an_approval_after_a_staff_reset_waits_for_confirmation_with_its_grants() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let excerpt =
        app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik wachtte lang.");
    let id = id_of(&excerpt);
    let submitted = expect_status(
        app.post_submit(&line.worker.token, &id, version_of(&excerpt)),
        200,
    );
    let code = staff_reset(&app, &line.worker.token, &line.participant.id);
    let reset = expect_status(
        post_public(
            &app,
            "/api/v1/account/reset",
            &json!({"username": line.youth.username, "reset_code": code, "new_password": NEW_PASSWORD}),
        ),
        201,
    );
    let reset_token = reset["token"].as_str().expect("token");

    // Act
    let reviewed = expect_status(
        app.post_review(reset_token, &id, "approve", version_of(&submitted)),
        200,
    );
    let consent = app.put_consent(
        reset_token,
        &id,
        version_of(&submitted),
        [true, false, false],
    );

    // Assert: nothing in effect yet
    assert_eq!(reviewed["status"], "awaiting_review");
    expect_status(consent, 200);
    assert!(app.feed_texts(&readers[0].account.token).is_empty());
    let held = expect_status(app.get("/api/v1/me/held-grants", reset_token), 200);
    let kinds: Vec<&str> = held["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["approval", "grant"]);

    // Act: confirmed from a password login
    let token = app.login(&line.youth.username, NEW_PASSWORD);
    let confirmed = expect_status(
        app.post_empty("/api/v1/me/held-grants/confirm", &token),
        200,
    );

    // Assert
    assert_eq!(confirmed["applied"], 2);
    assert_eq!(app.get_excerpt(&token, &id)["status"], "approved");
    assert_eq!(
        app.feed_texts(&readers[0].account.token),
        ["Ik wachtte lang."]
    );
}
