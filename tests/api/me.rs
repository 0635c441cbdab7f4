use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, STORY_BODY, STORY_TITLE, TestApp, expect_error, expect_status, id_of,
};

fn access_log(app: &TestApp, youth: &str) -> Vec<Value> {
    let body = expect_status(app.get("/api/v1/me/access-log", youth), 200);
    body["items"].as_array().expect("items").clone()
}

#[test]
fn the_young_person_lists_their_own_stories_only() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let other = app.storyline_for(app.create_worker());

    // Act
    let mine = expect_status(app.get("/api/v1/me/stories", &line.youth.token), 200);

    // Assert
    let items = mine["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], line.story_id.as_str());
    assert_eq!(items[0]["title"], STORY_TITLE);
    assert_eq!(items[0]["themes"], json!(["pleegzorg"]));
    assert_eq!(items[0]["recorded_on"], "2026-03-14");
    assert!(!mine.to_string().contains(&other.story_id));
}

#[test]
fn the_young_person_lists_their_excerpts_with_status_and_consent() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let shared = app.published_excerpt(&line, "Gedeeld met jongeren.", [true, false, false]);
    let draft =
        app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Nog een concept.");

    let body = expect_status(app.get("/api/v1/me/excerpts", &line.youth.token), 200);

    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let shared_item = items
        .iter()
        .find(|i| i["id"] == id_of(&shared).as_str())
        .expect("shared");
    assert_eq!(shared_item["status"], "approved");
    assert_eq!(shared_item["text"], "Gedeeld met jongeren.");
    assert_eq!(shared_item["story_id"], line.story_id.as_str());
    assert_eq!(
        shared_item["consent"],
        json!({"peers": true, "policy_makers": false, "council": false})
    );
    let draft_item = items
        .iter()
        .find(|i| i["id"] == id_of(&draft).as_str())
        .expect("draft");
    assert_eq!(draft_item["status"], "draft");
    assert!(draft_item["redactions"].is_array());
}

#[test]
fn a_workers_read_of_the_story_appears_in_the_access_log() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let story_reads = |app: &TestApp| {
        access_log(app, &line.youth.token)
            .into_iter()
            .filter(|i| i["object_id"] == line.story_id.as_str() && i["actor_role"] == "worker")
            .count()
    };
    let before = story_reads(&app);

    // Act
    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );

    // Assert
    assert_eq!(story_reads(&app), before + 1);
    let entry = access_log(&app, &line.youth.token)
        .into_iter()
        .rfind(|i| i["object_id"] == line.story_id.as_str())
        .expect("entry");
    assert!(entry["at"].is_string());
    assert!(entry["action"].is_string());
    assert!(entry["object_type"].is_string());
}

#[test]
fn a_workers_read_of_an_excerpt_appears_in_the_access_log() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt =
        app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik heb gewacht.");
    let id = id_of(&excerpt);
    let count = |app: &TestApp| {
        access_log(app, &line.youth.token)
            .iter()
            .filter(|i| i["object_id"] == id.as_str() && i["actor_role"] == "worker")
            .count()
    };
    let before = count(&app);

    app.get_excerpt(&line.worker.token, &id);

    assert_eq!(count(&app), before + 1);
}

#[test]
fn the_access_log_names_no_username_and_no_other_young_persons_reads() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let other = app.storyline_for(app.create_worker());
    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        200,
    );
    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", other.story_id),
            &other.worker.token,
        ),
        200,
    );

    let log = expect_status(app.get("/api/v1/me/access-log", &line.youth.token), 200);

    let text = log.to_string();
    assert!(text.contains(&line.story_id), "my story's read is missing");
    assert!(!text.contains(&other.story_id));
    assert!(!text.contains(&line.worker.username));
}

#[test]
fn the_export_holds_everything_about_the_young_person_decrypted() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline(); // identifiers "Sanne Bakker", "Beilen"
    app.published_excerpt(
        &line,
        "Ik heb een jaar gewacht op hulp.",
        [true, false, false],
    );

    // Act
    let export = expect_status(app.get("/api/v1/me/export", &line.youth.token), 200);

    // Assert
    let text = export.to_string();
    for expected in [
        STORY_TITLE,
        STORY_BODY,
        "Ik heb een jaar gewacht op hulp.",
        "Sanne Bakker",
        "Beilen",
        &line.participant.pseudonym,
    ] {
        assert!(text.contains(expected), "the export lacks {expected}");
    }
}

#[test]
fn erasing_myself_removes_my_participant_stories_excerpts_and_account() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let item_id = id_of(&app.feed_items(&peer.token)[0]);

    // Act
    let response = app.delete("/api/v1/me", &line.youth.token);

    // Assert
    assert_eq!(response.status(), 204);
    expect_error(app.get("/api/v1/me/stories", &line.youth.token), 401);
    expect_error(app.post_session(&line.youth.username, PASSWORD), 401);
    expect_error(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        404,
    );
    expect_error(
        app.get(
            &format!("/api/v1/excerpts/{}", id_of(&excerpt)),
            &line.worker.token,
        ),
        404,
    );
    let stories = format!("/api/v1/participants/{}/stories", line.participant.id);
    expect_error(app.get(&stories, &line.worker.token), 404);
    let participants = expect_status(app.get("/api/v1/participants", &line.worker.token), 200);
    assert_eq!(participants["items"], json!([]));
    assert!(app.feed_items(&peer.token).is_empty());
    expect_error(
        app.get(&format!("/api/v1/feed/{item_id}"), &peer.token),
        404,
    );
}

#[test]
fn erasing_one_young_person_leaves_another_untouched() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let leaving = app.storyline_for(app.create_worker());
    let staying = app.storyline_for(worker);

    expect_status(app.delete("/api/v1/me", &leaving.youth.token), 204);

    let story = expect_status(
        app.get(
            &format!("/api/v1/stories/{}", staying.story_id),
            &staying.youth.token,
        ),
        200,
    );
    assert_eq!(story["body"], STORY_BODY);
}

#[test]
fn erasure_outlives_a_restart() {
    let mut app = TestApp::spawn();
    let line = app.storyline();
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);

    app.restart();

    expect_error(
        app.get(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.worker.token,
        ),
        404,
    );
    expect_error(app.post_session(&line.youth.username, PASSWORD), 401);
}

#[test]
fn an_excerpt_made_from_a_passage_is_a_read_of_the_story_in_the_access_log() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let story_reads = |app: &TestApp| {
        access_log(app, &line.youth.token)
            .into_iter()
            .filter(|i| {
                i["object_id"] == line.story_id.as_str()
                    && i["actor_role"] == "worker"
                    && i["action"] == "read"
            })
            .count()
    };
    let before = story_reads(&app);

    // Act: the passage's text comes back in the response.
    let excerpt = expect_status(
        app.post(
            &format!("/api/v1/stories/{}/excerpts", line.story_id),
            &line.worker.token,
            &json!({"start": 0, "end": 20}),
        ),
        201,
    );

    // Assert
    assert!(!excerpt["text"].as_str().unwrap_or_default().is_empty());
    assert_eq!(story_reads(&app), before + 1);
}

#[test]
fn audience_reads_appear_in_the_access_log_as_counts_per_excerpt_role_and_day() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let council = app.create_account("council");
    let other_member = app.create_account("council");
    let peer = app.create_account("peer");
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, true]);

    // Act: three council reads (two members, feed and single item) and one peer read.
    let item_id = id_of(&app.feed_items(&council.token)[0]);
    expect_status(
        app.get(&format!("/api/v1/feed/{item_id}"), &council.token),
        200,
    );
    assert_eq!(app.feed_items(&other_member.token).len(), 1);
    assert_eq!(app.feed_items(&peer.token).len(), 1);
    let log = access_log(&app, &line.youth.token);

    // Assert
    let of = |role: &str| {
        log.iter()
            .filter(|i| i["actor_role"] == role && i["object_id"] == id_of(&excerpt).as_str())
            .collect::<Vec<_>>()
    };
    let council_reads = of("council");
    assert_eq!(
        council_reads.len(),
        1,
        "one row per excerpt, role and day: {log:?}"
    );
    assert_eq!(council_reads[0]["count"], 3);
    assert_eq!(council_reads[0]["action"], "read");
    assert_eq!(council_reads[0]["object_type"], "excerpt");
    let day = council_reads[0]["at"].as_str().expect("at");
    assert!(
        day.ends_with("T00:00:00Z"),
        "the day, not the moment: {day}"
    );
    assert_eq!(of("peer")[0]["count"], 1);
    assert!(
        !serde_json::to_string(&log)
            .expect("json")
            .contains(&council.id),
        "no reader is named"
    );
}

#[test]
fn audience_reads_counted_just_before_a_graceful_stop_survive_it() {
    // Arrange
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let council = app.create_account("council");
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, true]);

    // Act: read, then stop at once (well within the one-second flush interval) and start again.
    assert_eq!(app.feed_items(&council.token).len(), 1);
    app.restart();
    let log = access_log(&app, &line.youth.token);

    // Assert
    let council_reads: Vec<_> = log
        .iter()
        .filter(|i| i["actor_role"] == "council" && i["object_id"] == id_of(&excerpt).as_str())
        .collect();
    assert_eq!(
        council_reads.len(),
        1,
        "the count was written at the stop: {log:?}"
    );
    assert_eq!(council_reads[0]["count"], 1);
}
