//! Every role against every endpoint: 401 without a token, 403 where the role may never act (for
//! real and for made-up objects alike), 404 for an object the caller may not see (the same answer
//! as for an object that does not exist).

mod calls;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    Account, PASSWORD, Storyline, TestApp, expect_error, expect_status, id_of, unique_username,
    version_of,
};
use calls::{Call, Ids, calls, forbidden_for};

struct World {
    app: TestApp,
    mine: Storyline,
    theirs: Storyline,
    peer: Account,
    policy_maker: Account,
    council: Account,
    /// A guardian of `mine`'s participant, and one of `theirs`.
    guardian: Account,
    their_guardian: Account,
    ids: Ids,
}

/// A guardian added by the participant's worker, redeemed into an account of role `guardian`.
fn guardian_of(app: &TestApp, line: &Storyline) -> Account {
    let path = format!("/api/v1/participants/{}/guardians", line.participant.id);
    let body = json!({"relation": "guardian", "description": "Voogd"});
    let created = expect_status(app.post(&path, &line.worker.token, &body), 201);
    let code = created["invite_code"].as_str().expect("invite_code");
    let username = unique_username("voogd");
    let session = expect_status(app.post_redeem(code, &username, PASSWORD), 201);
    assert_eq!(session["account"]["role"], "guardian");
    Account {
        id: session["account"]["id"].as_str().expect("id").to_owned(),
        token: session["token"].as_str().expect("token").to_owned(),
        username,
    }
}

impl World {
    /// Worker A with participant P (young person Y, story S, excerpt E shared with every
    /// audience); worker B with their own participant and young person; one account per audience.
    fn new() -> World {
        let app = TestApp::spawn();
        let mine = app.storyline();
        let theirs = app.storyline_for(app.create_worker());
        let peer = app.create_account("peer");
        let policy_maker = app.create_account("policy_maker");
        let council = app.create_account("council");
        let excerpt = app.published_excerpt(&mine, "Ik heb een jaar gewacht.", [true, true, true]);
        let feed_item = id_of(&app.feed_items(&peer.token)[0]);
        let guardian = guardian_of(&app, &mine);
        let their_guardian = guardian_of(&app, &theirs);
        let ids = Ids {
            account: mine.worker.id.clone(),
            participant: mine.participant.id.clone(),
            story: mine.story_id.clone(),
            excerpt: id_of(&excerpt),
            excerpt_version: version_of(&excerpt),
            feed_item,
        };
        World {
            app,
            mine,
            theirs,
            peer,
            policy_maker,
            council,
            guardian,
            their_guardian,
            ids,
        }
    }

    fn callers(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("admin", self.app.admin_token.as_str()),
            ("worker", self.mine.worker.token.as_str()),
            ("youth", self.mine.youth.token.as_str()),
            ("peer", self.peer.token.as_str()),
            ("policy_maker", self.policy_maker.token.as_str()),
            ("council", self.council.token.as_str()),
            ("guardian", self.guardian.token.as_str()),
        ]
    }

    fn send(&self, call: &Call, token: Option<&str>) -> reqwest::blocking::Response {
        self.app
            .request(call.method.clone(), &call.path, token, call.body.as_ref())
    }

    /// Nothing of the world changed: the story reads, the excerpt is unchanged and shared.
    fn assert_untouched(&self) {
        let app = &self.app;
        let story = expect_status(
            app.get(
                &format!("/api/v1/stories/{}", self.ids.story),
                &self.mine.youth.token,
            ),
            200,
        );
        assert_eq!(story["id"], self.ids.story.as_str());
        let excerpt = app.get_excerpt(&self.mine.youth.token, &self.ids.excerpt);
        assert_eq!(version_of(&excerpt), self.ids.excerpt_version);
        assert_eq!(excerpt["status"], "approved");
        assert_eq!(
            excerpt["consent"],
            json!({"peers": true, "policy_makers": true, "council": true})
        );
        expect_status(
            app.get("/api/v1/participants", &self.mine.worker.token),
            200,
        );
    }
}

#[test]
fn every_endpoint_without_a_token_is_401() {
    let world = World::new();

    for call in calls(&world.ids) {
        let response = world.send(&call, None);
        assert_eq!(response.status(), 401, "{} without a token", call.name);
        expect_error(response, 401);
    }
    let logout = world
        .app
        .request(Method::DELETE, "/api/v1/sessions/current", None, None);
    expect_error(logout, 401);
}

#[test]
fn every_endpoint_with_a_made_up_token_is_401() {
    let world = World::new();

    for call in calls(&world.ids) {
        let response = world.send(&call, Some("bm9nIGVlbiB2ZXJ6b25uZW4gdG9rZW4"));
        assert_eq!(response.status(), 401, "{} with a made-up token", call.name);
    }
}

#[test]
fn every_role_gets_403_where_it_may_never_act_on_real_and_made_up_objects() {
    // Arrange
    let world = World::new();
    let made_up = Ids::made_up();

    for (role, token) in world.callers() {
        for ids in [&world.ids, &made_up] {
            for call in calls(ids) {
                if !forbidden_for(role).contains(&call.name) {
                    continue;
                }
                // Act
                let response = world.send(&call, Some(token));

                // Assert
                let status = response.status().as_u16();
                assert_eq!(status, 403, "{role} → {} answered {status}", call.name);
                expect_error(response, 403);
            }
        }
    }
    world.assert_untouched();
}

#[test]
fn a_worker_who_is_not_responsible_gets_404_exactly_as_for_a_missing_object() {
    // Arrange
    let world = World::new();
    let other_worker = world.theirs.worker.token.as_str();
    let made_up = Ids::made_up();
    let object_calls = [
        "renew invite",
        "create story",
        "list stories",
        "read story",
        "delete story",
        "create excerpt",
        "edit excerpt",
        "submit excerpt",
        "read excerpt",
        "consent history",
    ];

    for (real, missing) in calls(&world.ids).iter().zip(calls(&made_up).iter()) {
        if !object_calls.contains(&real.name) {
            continue;
        }
        // Act
        let not_mine = world.send(real, Some(other_worker));
        let absent = world.send(missing, Some(other_worker));

        // Assert
        assert_eq!(not_mine.status(), 404, "other worker → {}", real.name);
        assert_eq!(
            expect_error(not_mine, 404),
            expect_error(absent, 404),
            "{}",
            real.name
        );
    }
    world.assert_untouched();
}

#[test]
fn another_young_person_gets_404_exactly_as_for_a_missing_object() {
    // Arrange
    let world = World::new();
    let other_youth = world.theirs.youth.token.as_str();
    let made_up = Ids::made_up();
    let object_calls = [
        "list stories",
        "read story",
        "delete story",
        "read excerpt",
        "consent history",
        "review excerpt",
        "set consent",
    ];

    for (real, missing) in calls(&world.ids).iter().zip(calls(&made_up).iter()) {
        if !object_calls.contains(&real.name) {
            continue;
        }
        // Act
        let not_mine = world.send(real, Some(other_youth));
        let absent = world.send(missing, Some(other_youth));

        // Assert
        assert_eq!(not_mine.status(), 404, "other young person → {}", real.name);
        assert_eq!(
            expect_error(not_mine, 404),
            expect_error(absent, 404),
            "{}",
            real.name
        );
    }
    world.assert_untouched();
}

#[test]
fn a_guardian_of_another_participant_gets_404_exactly_as_for_a_missing_object() {
    // Arrange
    let world = World::new();
    let other_guardian = world.their_guardian.token.as_str();
    let made_up = Ids::made_up();

    for (real, missing) in calls(&world.ids).iter().zip(calls(&made_up).iter()) {
        if !["guardian consent", "guardian renew"].contains(&real.name) {
            continue;
        }
        // Act
        let not_mine = world.send(real, Some(other_guardian));
        let absent = world.send(missing, Some(other_guardian));

        // Assert
        assert_eq!(not_mine.status(), 404, "other guardian → {}", real.name);
        assert_eq!(
            expect_error(not_mine, 404),
            expect_error(absent, 404),
            "{}",
            real.name
        );
    }
    world.assert_untouched();
}

#[test]
fn the_allowed_roles_read_what_they_may() {
    let world = World::new();
    let app = &world.app;
    let reads = |token: &str, names: &[&str]| {
        for call in calls(&world.ids) {
            if names.contains(&call.name) {
                let response = world.send(&call, Some(token));
                assert_eq!(response.status(), 200, "{}", call.name);
            }
        }
    };

    reads(&app.admin_token, &["list accounts"]);
    reads(
        &world.mine.worker.token,
        &[
            "list participants",
            "list stories",
            "read story",
            "read excerpt",
            "consent history",
        ],
    );
    reads(
        &world.mine.youth.token,
        &[
            "list stories",
            "read story",
            "read excerpt",
            "consent history",
            "my excerpts",
            "my stories",
            "my access log",
            "my export",
        ],
    );
    reads(&world.peer.token, &["feed", "feed item"]);
    reads(
        &world.guardian.token,
        &["guardian excerpts", "guardian renewals"],
    );
    assert_eq!(app.feed_items(&world.policy_maker.token).len(), 1);
    assert_eq!(app.feed_items(&world.council.token).len(), 1);
}

#[test]
fn every_role_can_log_out() {
    let world = World::new();

    for (role, token) in world.callers() {
        let response = world.app.delete("/api/v1/sessions/current", token);
        assert_eq!(response.status(), 204, "{role}");
    }
}

#[test]
fn public_endpoints_answer_without_a_token() {
    let world = World::new();

    for path in [
        "/healthz",
        "/readyz",
        "/api/openapi.json",
        "/api/v1/audiences",
        "/api/v1/themes",
        "/api/v1/receipt-key",
    ] {
        let response = world.app.request(Method::GET, path, None, None);
        assert_eq!(response.status(), 200, "{path}");
    }
}
