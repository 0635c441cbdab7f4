//! Guardians beside a young person under 16 (issue 9): co-consent, "no" wins, withdrawal on the
//! next request, need to know, and the ledger.

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::helpers::{
    Account, Storyline, TestApp, audience_map, expect_status, id_of, unique_username, version_of,
};

fn year() -> i32 {
    OffsetDateTime::now_utc().year()
}

/// Adds a guardian to the storyline's participant and redeems the code into a guardian account.
fn guardian_of(app: &TestApp, line: &Storyline) -> Account {
    let body = json!({"relation": "parent", "description": "Moeder van Sanne"});
    let path = format!("/api/v1/participants/{}/guardians", line.participant.id);
    let created = expect_status(app.post(&path, &line.worker.token, &body), 201);
    let code = created["invite_code"].as_str().expect("invite_code");
    let username = unique_username("ouder");
    let session = expect_status(
        app.post_redeem(code, &username, crate::helpers::PASSWORD),
        201,
    );
    assert_eq!(session["account"]["role"], "guardian");
    Account {
        id: session["account"]["id"].as_str().expect("id").to_owned(),
        token: session["token"].as_str().expect("token").to_owned(),
        username,
    }
}

fn put_guardian_consent(
    app: &TestApp,
    guardian: &str,
    excerpt: &str,
    version: i64,
    audiences: [bool; 3],
) -> reqwest::blocking::Response {
    let body = json!({"version": version, "audiences": audience_map(audiences)});
    app.put(
        &format!("/api/v1/guardian/excerpts/{excerpt}/consent"),
        guardian,
        &body,
    )
}

fn feed_has(app: &TestApp, reader: &str, text: &str) -> bool {
    app.feed_texts(reader).iter().any(|t| t == text)
}

#[test]
fn a_thirteen_year_old_needs_a_guardians_yes_and_either_withdrawal_ends_it() {
    // Arrange
    let app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let (peer, council) = (&readers[0].account.token, &readers[2].account.token);
    let line = app.storyline_born(app.create_worker(), year() - 13);
    let text = "Ik ging naar het gezinshuis en dat was goed.";
    let excerpt = app.published_excerpt(&line, text, [true, false, true]);
    let (id, version) = (id_of(&excerpt), version_of(&excerpt));
    let guardian = guardian_of(&app, &line);

    // The young person's yes alone publishes nothing.
    assert!(!feed_has(&app, peer, text));
    let read = app.get_excerpt(&line.youth.token, &id);
    assert_eq!(read["guardian_required"], true);
    assert_eq!(read["consent"]["peers"], true);

    // The guardian sees the approved text the young person said yes to, and nothing else.
    let listed = expect_status(app.get("/api/v1/guardian/excerpts", &guardian.token), 200);
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["text"], text);
    assert_eq!(items[0]["youth_consent"]["peers"], true);
    assert!(items[0].get("story_id").is_none());
    assert!(!listed.to_string().contains("Sanne"));

    // Both said yes to peers: published there; the guardian said no to council: not there.
    expect_status(
        put_guardian_consent(&app, &guardian.token, &id, version, [true, false, false]),
        200,
    );
    assert!(feed_has(&app, peer, text));
    assert!(!feed_has(&app, council, text));
    assert_eq!(
        app.get_excerpt(&line.youth.token, &id)["guardian_consent"]["peers"],
        true
    );

    // The guardian's withdrawal ends it on the next request.
    expect_status(
        put_guardian_consent(&app, &guardian.token, &id, version, [false, false, false]),
        200,
    );
    assert!(!feed_has(&app, peer, text));

    // Again both; then the young person's no wins.
    expect_status(
        put_guardian_consent(&app, &guardian.token, &id, version, [true, false, false]),
        200,
    );
    assert!(feed_has(&app, peer, text));
    expect_status(
        app.put_consent(&line.youth.token, &id, version, [false, false, true]),
        200,
    );
    assert!(!feed_has(&app, peer, text));

    // The young person sees the guardian's answers in their consent history.
    let history = expect_status(
        app.get(
            &format!("/api/v1/excerpts/{id}/consent/history"),
            &line.youth.token,
        ),
        200,
    );
    let by_guardian: Vec<&Value> = history["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["by_role"] == "guardian")
        .collect();
    assert!(
        by_guardian
            .iter()
            .any(|e| e["granted"] == true && e["audience"] == "peers")
    );
    assert!(
        by_guardian
            .iter()
            .any(|e| e["granted"] == false && e["audience"] == "peers")
    );
}

#[test]
fn a_guardian_cannot_say_yes_where_the_young_person_did_not() {
    let app = TestApp::spawn();
    let line = app.storyline_born(app.create_worker(), year() - 12);
    let excerpt = app.published_excerpt(
        &line,
        "Mijn broer woonde ergens anders.",
        [false, true, false],
    );
    let guardian = guardian_of(&app, &line);
    let response = put_guardian_consent(
        &app,
        &guardian.token,
        &id_of(&excerpt),
        version_of(&excerpt),
        [true, false, false],
    );
    expect_status(response, 409);
}

#[test]
fn a_guardian_sees_nothing_of_another_participant_nor_of_the_story() {
    // Arrange
    let app = TestApp::spawn();
    let mine = app.storyline_born(app.create_worker(), year() - 14);
    let other = app.storyline_born(app.create_worker(), year() - 14);
    let theirs = app.published_excerpt(
        &other,
        "Bij ons thuis was het altijd druk.",
        [true, true, true],
    );
    let guardian = guardian_of(&app, &mine);

    // Act / Assert: another participant's excerpt is a 404, the story and excerpt views are 403.
    let put = put_guardian_consent(
        &app,
        &guardian.token,
        &id_of(&theirs),
        version_of(&theirs),
        [true, true, true],
    );
    expect_status(put, 404);
    let listed = expect_status(app.get("/api/v1/guardian/excerpts", &guardian.token), 200);
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", mine.story_id),
            &guardian.token,
        ),
        403,
    );
    expect_status(
        app.get(
            &format!("/api/v1/excerpts/{}", id_of(&theirs)),
            &guardian.token,
        ),
        403,
    );
    expect_status(app.get("/api/v1/me/excerpts", &guardian.token), 403);
    expect_status(app.get("/api/v1/feed", &guardian.token), 403);
}

#[test]
fn a_birth_year_that_leaves_doubt_counts_as_under_sixteen() {
    let app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let peer = &readers[0].account.token;
    let doubt = app.storyline_born(app.create_worker(), year() - 16);
    let older = app.storyline_born(app.create_worker(), year() - 17);
    app.published_excerpt(
        &doubt,
        "Ik besliste het samen met mijn moeder.",
        [true, false, false],
    );
    app.published_excerpt(
        &older,
        "Ik besliste het helemaal zelf.",
        [true, false, false],
    );
    assert!(!feed_has(
        &app,
        peer,
        "Ik besliste het samen met mijn moeder."
    ));
    assert!(feed_has(&app, peer, "Ik besliste het helemaal zelf."));
}

#[test]
fn the_responsible_worker_lists_the_guardians_and_nobody_else_can() {
    // Arrange: two guardians for one participant, one of them redeemed.
    let app = TestApp::spawn();
    let line = app.storyline_born(app.create_worker(), year() - 13);
    let path = format!("/api/v1/participants/{}/guardians", line.participant.id);
    let listed = expect_status(app.get(&path, &line.worker.token), 200);
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    let guardian = guardian_of(&app, &line);
    let body = json!({"relation": "organisation", "description": "Jeugdbescherming Noord"});
    expect_status(app.post(&path, &line.worker.token, &body), 201);

    // Act
    let listed = expect_status(app.get(&path, &line.worker.token), 200);

    // Assert: oldest first, with the opened description and whether an account exists; never
    // the guardian's account or username.
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["relation"], "parent");
    assert_eq!(items[0]["description"], "Moeder van Sanne");
    assert_eq!(items[0]["has_account"], true);
    assert_eq!(items[1]["relation"], "organisation");
    assert_eq!(items[1]["has_account"], false);
    assert!(!listed.to_string().contains(&guardian.username));
    assert!(!listed.to_string().contains(&guardian.id));
    // Another worker gets the same 404 as for nothing; the young person and the guardian 403.
    expect_status(app.get(&path, &app.create_worker().token), 404);
    expect_status(app.get(&path, &line.youth.token), 403);
    expect_status(app.get(&path, &guardian.token), 403);
}
