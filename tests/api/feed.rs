use std::collections::{BTreeSet, HashSet};

use serde_json::json;

use crate::helpers::{TestApp, expect_error, expect_status, id_of, version_of};

#[test]
fn each_audience_sees_exactly_the_excerpts_shared_with_it() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    app.published_excerpt(&line, "Alleen voor jongeren.", [true, false, false]);
    app.published_excerpt(&line, "Voor beleid en raad.", [false, true, true]);
    app.published_excerpt(&line, "Met niemand gedeeld.", [false, false, false]);
    app.approved_excerpt(&line, "Goedgekeurd, geen toestemming.");
    app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Nog een concept.");

    // Act
    let seen: Vec<Vec<String>> = readers
        .iter()
        .map(|r| app.feed_texts(&r.account.token))
        .collect();

    // Assert
    assert_eq!(seen[0], vec!["Alleen voor jongeren.".to_owned()]);
    assert_eq!(seen[1], vec!["Voor beleid en raad.".to_owned()]);
    assert_eq!(seen[2], vec!["Voor beleid en raad.".to_owned()]);
}

#[test]
fn a_feed_item_carries_only_its_id_text_themes_and_month() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline(); // recorded on 2026-03-14, theme pleegzorg
    let peer = app.create_account("peer");
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);

    // Act
    let items = app.feed_items(&peer.token);

    // Assert
    assert_eq!(items.len(), 1);
    let item = &items[0];
    let keys: BTreeSet<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["id", "text", "themes", "recorded_month"])
    );
    assert_eq!(item["text"], "Ik heb een jaar gewacht.");
    assert_eq!(item["themes"], json!(["pleegzorg"]));
    assert_eq!(item["recorded_month"], "2026-03");
    let text = item.to_string();
    for linkable in [
        &id_of(&excerpt),
        &line.story_id,
        &line.participant.id,
        &line.participant.pseudonym,
    ] {
        assert!(
            !text.contains(linkable.as_str()),
            "the item links to {linkable}"
        );
    }
}

#[test]
fn a_feed_item_can_be_read_on_its_own() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let item = app.feed_items(&peer.token).remove(0);

    let single = expect_status(
        app.get(&format!("/api/v1/feed/{}", id_of(&item)), &peer.token),
        200,
    );

    assert_eq!(single, item);
}

#[test]
fn the_same_excerpt_has_unrelated_ids_in_different_audiences() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let excerpt = app.published_excerpt(&line, "Voor iedereen.", [true, true, true]);

    // Act
    let ids: Vec<String> = readers
        .iter()
        .map(|r| id_of(&app.feed_items(&r.account.token)[0]))
        .collect();

    // Assert
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 3, "{ids:?}");
    assert!(!ids.contains(&id_of(&excerpt)));
    for (i, reader) in readers.iter().enumerate() {
        for (j, id) in ids.iter().enumerate() {
            let response = app.get(&format!("/api/v1/feed/{id}"), &reader.account.token);
            if i == j {
                expect_status(response, 200);
            } else {
                expect_error(response, 404);
            }
        }
    }
}

#[test]
fn the_feed_id_of_an_excerpt_stays_stable_between_requests() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);

    let first = id_of(&app.feed_items(&peer.token)[0]);
    let second = id_of(&app.feed_items(&peer.token)[0]);

    assert_eq!(first, second);
}

#[test]
fn a_withdrawn_item_is_gone_from_the_feed_and_its_single_view_on_the_next_request() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let excerpt = app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let item_id = id_of(&app.feed_items(&peer.token)[0]);

    // Act
    let withdraw = app.put_consent(
        &line.youth.token,
        &id_of(&excerpt),
        version_of(&excerpt),
        [false; 3],
    );

    // Assert
    expect_status(withdraw, 200);
    assert!(app.feed_items(&peer.token).is_empty());
    expect_error(
        app.get(&format!("/api/v1/feed/{item_id}"), &peer.token),
        404,
    );
}

#[test]
fn an_edited_excerpt_leaves_the_feed_until_approved_and_shared_again() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let excerpt = app.published_excerpt(&line, "Eerste tekst.", [true, false, false]);
    let id = id_of(&excerpt);

    // Act + Assert
    expect_status(
        app.put_excerpt(&line.worker.token, &id, "Tweede tekst.", 1),
        200,
    );
    assert!(app.feed_texts(&peer.token).is_empty());
    expect_status(app.post_submit(&line.worker.token, &id, 2), 200);
    assert!(app.feed_texts(&peer.token).is_empty());
    expect_status(app.post_review(&line.youth.token, &id, "approve", 2), 200);
    assert!(
        app.feed_texts(&peer.token).is_empty(),
        "consent of v1 must not carry over to v2"
    );
    expect_status(
        app.put_consent(&line.youth.token, &id, 2, [true, false, false]),
        200,
    );
    assert_eq!(
        app.feed_texts(&peer.token),
        vec!["Tweede tekst.".to_owned()]
    );
}

#[test]
fn a_deleted_story_takes_its_items_out_of_the_feed() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    app.published_excerpt(&line, "Ik heb een jaar gewacht.", [true, false, false]);
    let item_id = id_of(&app.feed_items(&peer.token)[0]);

    expect_status(
        app.delete(
            &format!("/api/v1/stories/{}", line.story_id),
            &line.youth.token,
        ),
        204,
    );

    assert!(app.feed_items(&peer.token).is_empty());
    expect_error(
        app.get(&format!("/api/v1/feed/{item_id}"), &peer.token),
        404,
    );
}

#[test]
fn the_feed_pages_with_cursors_without_gaps_or_repeats() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    let texts: Vec<String> = (0..7).map(|i| format!("Fragment nummer {i}.")).collect();
    for text in &texts {
        app.published_excerpt(&line, text, [true, false, false]);
    }

    // Act
    let first_page = expect_status(app.get("/api/v1/feed?limit=3", &peer.token), 200);
    let all = app.feed_items_with(&peer.token, &[("limit", "3")]);

    // Assert
    assert_eq!(first_page["items"].as_array().unwrap().len(), 3);
    assert!(first_page["next"].is_string());
    let mut seen: Vec<String> = all
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    let mut expected = texts.clone();
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn the_feed_filters_by_theme() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline(); // its story has theme pleegzorg
    let peer = app.create_account("peer");
    let school = app.create_story_with_themes(
        &line.worker.token,
        &line.participant.id,
        "School",
        "Op school begreep niemand het.",
        &["school", "wachttijd"],
    );
    app.published_excerpt(&line, "Over pleegzorg.", [true, false, false]);
    let excerpt = app.approved_excerpt_of(
        &line.worker.token,
        &line.youth.token,
        &id_of(&school),
        "Over school.",
    );
    let consent = app.put_consent(
        &line.youth.token,
        &id_of(&excerpt),
        version_of(&excerpt),
        [true, false, false],
    );
    expect_status(consent, 200);

    // Act
    let items = app.feed_items_with(&peer.token, &[("theme", "school")]);

    // Assert
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["Over school."]);
    // In vocabulary order (policies/themes.toml), not as entered.
    assert_eq!(items[0]["themes"], json!(["wachttijd", "school"]));
}

#[test]
fn an_unknown_feed_id_is_a_404() {
    let app = TestApp::spawn();
    let peer = app.create_account("peer");

    expect_error(app.get("/api/v1/feed/bestaat-niet", &peer.token), 404);
    expect_error(
        app.get(
            &format!("/api/v1/feed/{}", uuid::Uuid::new_v4()),
            &peer.token,
        ),
        404,
    );
}
