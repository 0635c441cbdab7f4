use serde_json::{Value, json};

use crate::helpers::{Storyline, TestApp, expect_error, expect_status, id_of, version_of};

fn code_point_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn post_excerpt(app: &TestApp, line: &Storyline, story_id: &str, body: &Value) -> Value {
    let path = format!("/api/v1/stories/{story_id}/excerpts");
    expect_status(app.post(&path, &line.worker.token, body), 201)
}

#[test]
fn an_excerpt_from_offsets_takes_code_points_of_the_body() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let prefix = "Één 😟 keer — ";
    let passage = "wachtte ik drie maanden op een gesprek.";
    let body = format!("{prefix}{passage} Daarna ging het beter.");
    let story = app.create_story(&line.worker.token, &line.participant.id, "Wachten", &body);
    let start = prefix.chars().count();
    let end = start + passage.chars().count();

    // Act
    let excerpt = post_excerpt(
        &app,
        &line,
        &id_of(&story),
        &json!({"start": start, "end": end}),
    );

    // Assert
    assert_eq!(excerpt["text"], passage);
    assert_eq!(excerpt["story_id"], id_of(&story).as_str());
    assert_eq!(excerpt["status"], "draft");
    assert_eq!(excerpt["version"], 1);
    assert_eq!(excerpt["redactions"], json!([]));
}

#[test]
fn the_proposal_hides_identifiers_contacts_and_postcodes_behind_placeholders() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline(); // identifiers: "Sanne Bakker", "Beilen"
    let body = "Sanne Bakker woont in Beilen. sanne zegt: Sannes broer en Bakker zelf \
        mailen via sanne.b@example.nl of bellen 06-12345678, adres 9411 AB, \
        zie https://example.nl/sanne en @sannebakker.";
    let story = app.create_story(&line.worker.token, &line.participant.id, "Thuis", body);
    let end = body.chars().count();

    // Act
    let excerpt = post_excerpt(
        &app,
        &line,
        &id_of(&story),
        &json!({"start": 0, "end": end}),
    );

    // Assert
    let text = excerpt["text"].as_str().expect("text");
    let lower = text.to_lowercase();
    for leak in [
        "sanne",
        "bakker",
        "beilen",
        "example.nl",
        "12345678",
        "9411",
    ] {
        assert!(
            !lower.contains(leak),
            "{leak} is still in the proposal: {text}"
        );
    }
    let redactions = excerpt["redactions"].as_array().expect("redactions");
    assert!(redactions.len() >= 8, "{redactions:?}");
    for redaction in redactions {
        let start = redaction["start"].as_u64().expect("start") as usize;
        let end = redaction["end"].as_u64().expect("end") as usize;
        let placeholder = code_point_slice(text, start, end);
        assert!(
            placeholder.starts_with('[') && placeholder.ends_with(']'),
            "redaction {redaction} points at {placeholder:?}"
        );
        assert!(redaction["label"].as_str().is_some_and(|l| !l.is_empty()));
    }
}

#[test]
fn an_excerpt_from_text_is_anonymised_too() {
    let app = TestApp::spawn();
    let line = app.storyline();

    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Sanne ging naar Beilen.",
    );

    let text = excerpt["text"].as_str().expect("text");
    assert!(
        !text.contains("Sanne") && !text.contains("Beilen"),
        "{text}"
    );
    assert_eq!(excerpt["status"], "draft");
    assert_eq!(excerpt["version"], 1);
}

#[test]
fn editing_an_excerpt_makes_a_new_version_in_draft() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );

    // Act
    let response = app.put_excerpt(
        &line.worker.token,
        &id_of(&excerpt),
        "Ik heb heel lang gewacht.",
        1,
    );

    // Assert
    let edited = expect_status(response, 200);
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["status"], "draft");
    assert_eq!(edited["text"], "Ik heb heel lang gewacht.");
    let read = app.get_excerpt(&line.worker.token, &id_of(&excerpt));
    assert_eq!(read["text"], "Ik heb heel lang gewacht.");
    assert_eq!(read["version"], 2);
}

#[test]
fn editing_with_a_stale_version_is_a_409_and_changes_nothing() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Eerste tekst.");
    let id = id_of(&excerpt);
    expect_status(
        app.put_excerpt(&line.worker.token, &id, "Tweede tekst.", 1),
        200,
    );

    let response = app.put_excerpt(&line.worker.token, &id, "Derde tekst.", 1);

    expect_error(response, 409);
    let read = app.get_excerpt(&line.worker.token, &id);
    assert_eq!(read["text"], "Tweede tekst.");
    assert_eq!(read["version"], 2);
}

#[test]
fn submitting_puts_the_excerpt_up_for_review() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );

    let submitted = expect_status(
        app.post_submit(&line.worker.token, &id_of(&excerpt), 1),
        200,
    );

    assert_eq!(submitted["status"], "awaiting_review");
    assert_eq!(submitted["version"], 1);
}

#[test]
fn submitting_a_stale_version_is_a_409() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Eerste tekst.");
    let id = id_of(&excerpt);
    expect_status(
        app.put_excerpt(&line.worker.token, &id, "Tweede tekst.", 1),
        200,
    );

    expect_error(app.post_submit(&line.worker.token, &id, 1), 409);

    assert_eq!(app.get_excerpt(&line.worker.token, &id)["status"], "draft");
}

#[test]
fn the_young_person_approves_a_submitted_excerpt() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);

    let reviewed = expect_status(app.post_review(&line.youth.token, &id, "approve", 1), 200);

    assert_eq!(reviewed["status"], "approved");
    assert_eq!(reviewed["version"], 1);
}

#[test]
fn the_young_person_rejects_a_submitted_excerpt_with_a_comment() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);

    let body = json!({"decision": "reject", "version": 1, "comment": "Dit wil ik anders zeggen."});
    let path = format!("/api/v1/excerpts/{id}/review");
    let reviewed = expect_status(app.post(&path, &line.youth.token, &body), 200);

    assert_eq!(reviewed["status"], "rejected");
}

#[test]
fn reviewing_an_excerpt_that_is_not_awaiting_review_is_a_409() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );

    let response = app.post_review(&line.youth.token, &id_of(&excerpt), "approve", 1);

    expect_error(response, 409);
    assert_eq!(
        app.get_excerpt(&line.worker.token, &id_of(&excerpt))["status"],
        "draft"
    );
}

#[test]
fn reviewing_a_stale_version_is_a_409() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Eerste tekst.");
    let id = id_of(&excerpt);
    expect_status(
        app.put_excerpt(&line.worker.token, &id, "Tweede tekst.", 1),
        200,
    );
    expect_status(app.post_submit(&line.worker.token, &id, 2), 200);

    expect_error(app.post_review(&line.youth.token, &id, "approve", 1), 409);

    assert_eq!(
        app.get_excerpt(&line.worker.token, &id)["status"],
        "awaiting_review"
    );
}

#[test]
fn a_review_comment_over_2000_characters_is_a_validation_error() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);

    let body = json!({"decision": "approve", "version": 1, "comment": "é".repeat(2001)});
    let response = app.post(
        &format!("/api/v1/excerpts/{id}/review"),
        &line.youth.token,
        &body,
    );

    let error = expect_error(response, 400);
    assert_eq!(error["code"], "validation");
    assert_eq!(
        app.get_excerpt(&line.worker.token, &id)["status"],
        "awaiting_review"
    );
}

#[test]
fn a_review_comment_of_2000_characters_is_accepted() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(
        &line.worker.token,
        &line.story_id,
        "Ik heb een jaar gewacht.",
    );
    let id = id_of(&excerpt);
    expect_status(app.post_submit(&line.worker.token, &id, 1), 200);

    let body = json!({"decision": "approve", "version": 1, "comment": "é".repeat(2000)});
    let response = app.post(
        &format!("/api/v1/excerpts/{id}/review"),
        &line.youth.token,
        &body,
    );

    expect_status(response, 200);
}

#[test]
fn an_excerpt_read_shows_consent_off_for_every_audience_by_default() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.approved_excerpt(&line, "Ik heb een jaar gewacht.");

    let read = app.get_excerpt(&line.youth.token, &id_of(&excerpt));

    assert_eq!(
        read["consent"],
        json!({"peers": false, "policy_makers": false, "council": false})
    );
    assert_eq!(read["status"], "approved");
    assert_eq!(read["text"], "Ik heb een jaar gewacht.");
    assert!(read["redactions"].is_array());
    assert_eq!(read["version"], version_of(&excerpt));
}

#[test]
fn editing_an_approved_excerpt_puts_it_back_to_draft_and_withdraws_consent() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, true, true]);
    let id = id_of(&excerpt);

    // Act
    let edited = expect_status(
        app.put_excerpt(
            &line.worker.token,
            &id,
            "Ik heb lang gewacht.",
            version_of(&excerpt),
        ),
        200,
    );

    // Assert
    assert_eq!(edited["status"], "draft");
    assert_eq!(edited["version"], version_of(&excerpt) + 1);
    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(
        read["consent"],
        json!({"peers": false, "policy_makers": false, "council": false})
    );
}
