//! A unique word written through every free-text field never reaches the disk or the logs in the
//! clear (DESIGN invariants 1 and 6).

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    TestApp, bytes_contain, canary_word, expect_status, files_under, id_of, version_of,
};

/// Writes `canary` through every free-text field of the API, and reads all of it back once.
fn write_canary_everywhere(app: &TestApp, canary: &str) {
    let admin = &app.admin_token;
    let worker_name = format!("w{canary}");
    let password = format!("{canary}-wachtwoord");
    let created = json!({"username": worker_name, "password": password, "role": "worker"});
    expect_status(app.post("/api/v1/accounts", admin, &created), 201);
    let worker = app.login(&worker_name, &password);

    let identifier = format!("{canary}naam");
    let participant = app.create_participant(&worker, &[&identifier, "Beilen"]);
    let youth_name = format!("j{canary}");
    let session = expect_status(
        app.post_redeem(
            &participant.invite_code,
            &youth_name,
            &format!("{canary}-geheim!"),
        ),
        201,
    );
    let youth = session["token"].as_str().unwrap().to_owned();

    let title = format!("Titel {canary}titel");
    let body = format!("Het verhaal van {identifier}: {canary}verhaal over wachten en school.");
    let story = app.create_story(&worker, &participant.id, &title, &body);
    let story_id = id_of(&story);

    // One excerpt from offsets, one from text, edited, submitted, reviewed with a comment.
    let end = body.chars().count();
    let path = format!("/api/v1/stories/{story_id}/excerpts");
    expect_status(
        app.post(&path, &worker, &json!({"start": 0, "end": end})),
        201,
    );
    let excerpt =
        app.create_excerpt_from_text(&worker, &story_id, &format!("Fragment {canary}fragment."));
    let id = id_of(&excerpt);
    let edited = expect_status(
        app.put_excerpt(&worker, &id, &format!("Bewerkt {canary}bewerkt."), 1),
        200,
    );
    expect_status(app.post_submit(&worker, &id, version_of(&edited)), 200);
    let comment = format!("Goed zo {canary}opmerking");
    let review = json!({"decision": "approve", "version": version_of(&edited), "comment": comment});
    expect_status(
        app.post(&format!("/api/v1/excerpts/{id}/review"), &youth, &review),
        200,
    );
    expect_status(
        app.put_consent(&youth, &id, version_of(&edited), [true, true, true]),
        200,
    );

    // A guardian: description, username and password carry the canary too.
    let guardian = json!({"relation": "parent", "description": format!("Moeder {canary}moeder")});
    let path = format!("/api/v1/participants/{}/guardians", participant.id);
    let added = expect_status(app.post(&path, &worker, &guardian), 201);
    let guardian_session = expect_status(
        app.post_redeem(
            added["invite_code"].as_str().unwrap(),
            &format!("g{canary}"),
            &format!("{canary}-ouder!"),
        ),
        201,
    );
    let guardian_token = guardian_session["token"].as_str().unwrap();
    expect_status(app.get("/api/v1/guardian/excerpts", guardian_token), 200);
    expect_status(
        app.get(&format!("/api/v1/excerpts/{id}/receipts"), &youth),
        200,
    );

    // Reads of everything, so nothing is only ever written.
    expect_status(
        app.get(&format!("/api/v1/stories/{story_id}"), &worker),
        200,
    );
    expect_status(app.get(&format!("/api/v1/stories/{story_id}"), &youth), 200);
    app.get_excerpt(&worker, &id);
    expect_status(app.get("/api/v1/me/export", &youth), 200);
    expect_status(app.get("/api/v1/me/access-log", &youth), 200);
    expect_status(app.get("/api/v1/accounts", admin), 200);
    let peer = app.create_account("peer");
    let feed = app.feed_texts(&peer.token);
    assert!(
        feed.iter().any(|t| t.contains(canary)),
        "the canary excerpt was not published"
    );

    // Rejected input carrying the canary: in a body, a query string and a path.
    let unknown_theme =
        json!({"title": canary, "body": canary, "themes": [canary], "recorded_on": "2026-01-02"});
    app.post_story(&worker, &participant.id, &unknown_theme);
    app.send_raw(
        Method::POST,
        "/api/v1/participants",
        Some(&worker),
        "application/json",
        format!("{{\"x\": \"{canary}"),
    );
    app.request(
        Method::POST,
        "/api/v1/sessions",
        None,
        Some(&json!({"username": canary, "password": canary})),
    );
    app.get(&format!("/api/v1/feed?theme={canary}"), &peer.token);
    app.get(&format!("/api/v1/stories/{canary}"), &worker);
}

fn files_with(app: &TestApp, canary: &str) -> Vec<String> {
    files_under(app.root_dir())
        .into_iter()
        .filter(|path| {
            std::fs::read(path).is_ok_and(|bytes| bytes_contain(&bytes, canary.as_bytes()))
        })
        .map(|path| path.display().to_string())
        .collect()
}

#[test]
fn a_canary_written_through_every_free_text_field_never_reaches_any_file() {
    // Arrange
    let mut app = TestApp::spawn();
    let canary = canary_word();

    // Act
    write_canary_everywhere(&app, &canary);

    // Assert: while running (WAL and shared memory files present) and after a clean stop
    let while_running = files_with(&app, &canary);
    assert!(
        while_running.is_empty(),
        "the canary is in {while_running:?}"
    );
    assert!(
        !files_under(&app.data_dir()).is_empty(),
        "no data files to check"
    );
    app.stop();
    let after_stop = files_with(&app, &canary);
    assert!(after_stop.is_empty(), "the canary is in {after_stop:?}");
}

#[test]
fn a_canary_written_through_every_free_text_field_never_reaches_the_logs() {
    // Arrange
    let mut app = TestApp::spawn();
    let canary = canary_word();

    // Act
    write_canary_everywhere(&app, &canary);
    app.stop();

    // Assert
    let lines = app.logs.lines();
    assert!(lines.len() > 5, "hardly any log lines were captured");
    let leaking: Vec<&String> = lines.iter().filter(|l| l.contains(&canary)).collect();
    assert!(leaking.is_empty(), "the canary is in the logs: {leaking:?}");
}

#[test]
fn the_file_search_finds_what_is_stored_in_the_clear() {
    // Ids are stored in the clear as 16-byte blobs: finding one proves the search reads the data.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();

    let story_id = uuid::Uuid::parse_str(&line.story_id).expect("story ids are UUIDs");
    let found = files_under(app.root_dir())
        .iter()
        .any(|path| std::fs::read(path).is_ok_and(|b| bytes_contain(&b, story_id.as_bytes())));
    assert!(found, "the story id is in no file under the data directory");
}

#[test]
fn each_request_is_logged_with_its_route_template_and_status_only() {
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let first_line = app.logs.len();

    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );
    app.stop();

    // Other events may name ids (logging ids is allowed), and lines of the arrange step can reach
    // the buffer late; the request lines are what must carry no path value.
    let lines = app.logs.lines().split_off(first_line);
    let requests: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("\"message\":\"request\""))
        .collect();
    assert!(
        requests
            .iter()
            .any(|l| l.contains("/api/v1/stories/{") && l.contains("200")),
        "no request line with the route template: {lines:?}"
    );
    assert!(
        requests.iter().all(|l| !l.contains(&line.story_id)),
        "a path value is logged in a request line"
    );
    assert!(
        lines.iter().all(|l| !l.contains(&line.worker.token)),
        "the token is logged"
    );
}
