//! Several instances, one database: a change made through one instance is in force on the very
//! next request to the other, because nothing that decides access is cached in a process.

use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, expect_error, expect_status, id_of};

#[test]
fn a_logout_through_one_instance_ends_the_session_on_the_other() {
    let first = TestApp::spawn();
    let second = first.second_instance();
    let worker = first.create_worker();
    expect_status(second.get("/api/v1/participants", &worker.token), 200);

    expect_status(first.delete("/api/v1/sessions/current", &worker.token), 204);

    expect_error(second.get("/api/v1/participants", &worker.token), 401);
}

#[test]
fn disabling_an_account_through_one_instance_locks_it_out_of_the_other() {
    let first = TestApp::spawn();
    let second = first.second_instance();
    let worker = first.create_worker();
    expect_status(second.get("/api/v1/participants", &worker.token), 200);

    let path = format!("/api/v1/accounts/{}/disable", worker.id);
    expect_status(first.post(&path, &first.admin_token, &json!({})), 204);

    expect_error(second.get("/api/v1/participants", &worker.token), 401);
    expect_error(second.post_session(&worker.username, PASSWORD), 401);
}

#[test]
fn a_consent_withdrawal_through_one_instance_hides_the_excerpt_on_the_other() {
    let first = TestApp::spawn();
    let second = first.second_instance();
    let line = first.storyline();
    let council = first.create_account("council");
    let excerpt = first.published_excerpt(&line, "Ik heb lang gewacht.", [true, true, true]);
    assert_eq!(second.feed_texts(&council.token).len(), 1);

    let id = id_of(&excerpt);
    let body = json!({"version": excerpt["version"], "audiences":
        {"peers": true, "policy_makers": true, "council": false}});
    expect_status(
        first.put(
            &format!("/api/v1/excerpts/{id}/consent"),
            &line.youth.token,
            &body,
        ),
        200,
    );

    assert!(second.feed_texts(&council.token).is_empty());
}

#[test]
fn an_erasure_through_one_instance_is_in_force_on_the_other() {
    let first = TestApp::spawn();
    let second = first.second_instance();
    let line = first.storyline();
    let peer = first.create_account("peer");
    first.published_excerpt(&line, "Ik heb lang gewacht.", [true, false, false]);
    assert_eq!(second.feed_texts(&peer.token).len(), 1);

    expect_status(first.delete("/api/v1/me", &line.youth.token), 204);

    assert!(second.feed_texts(&peer.token).is_empty());
    expect_error(second.get("/api/v1/me/stories", &line.youth.token), 401);
    let story = format!("/api/v1/stories/{}", line.story_id);
    expect_error(second.get(&story, &line.worker.token), 404);
}

#[test]
fn reads_counted_on_one_instance_of_someone_erased_through_the_other_do_not_stop_the_counting() {
    // Arrange: a peer reads two young people's excerpts through the second instance
    let first = TestApp::spawn();
    let second = first.second_instance();
    let erased = first.storyline();
    let staying = first.storyline();
    let peer = first.create_account("peer");
    first.published_excerpt(&erased, "Ik heb lang gewacht.", [true, false, false]);
    let excerpt = first.published_excerpt(&staying, "Ik mocht zelf kiezen.", [true, false, false]);
    assert_eq!(second.feed_texts(&peer.token).len(), 2);

    // Act: the first is erased through the first instance while the second still holds both
    // counts; the second's flush (its young person's view flushes first) writes them
    expect_status(first.delete("/api/v1/me", &erased.youth.token), 204);
    let log = expect_status(
        second.get("/api/v1/me/access-log", &staying.youth.token),
        200,
    );

    // Assert: the count of the one still here is written, nothing of the erased one comes back
    let reads: Vec<_> = log["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["actor_role"] == "peer" && i["object_id"] == id_of(&excerpt).as_str())
        .collect();
    assert_eq!(reads.len(), 1, "{log}");
    assert_eq!(reads[0]["count"], 1);
    expect_error(
        second.get("/api/v1/me/access-log", &erased.youth.token),
        401,
    );
}
