//! Arranging the world of a test through the API: accounts, participants, stories, excerpts.

use reqwest::Method;
use reqwest::blocking::Response;
use serde_json::{Value, json};

use super::{
    AUDIENCES, PASSWORD, STORY_BODY, STORY_TITLE, THEME, TestApp, audience_map, encode_query_value,
    expect_status, unique_username, version_of,
};

impl TestApp {
    // ---- accounts and sessions ------------------------------------------------------------

    /// `POST /sessions`, answering the second factor for staff accounts transparently: an
    /// account the helpers made that must enrol is enrolled first, an enrolled one gets its code.
    pub fn post_session(&self, username: &str, password: &str) -> Response {
        if self.totp.needs_enrolment(username) {
            let (first, _) = self.post_session_raw(username, password);
            if first.status() != 201 {
                return first;
            }
            let session: Value = first.json().expect("session json");
            if session["mfa_enrolment_required"] == true {
                self.enrol_totp(session["token"].as_str().expect("token"), username);
            }
        }
        let (response, step) = self.post_session_raw(username, password);
        if let (201, Some(step)) = (response.status().as_u16(), step) {
            self.totp.accepted(username, step);
        }
        response
    }

    /// Logs in and returns the token (enrolling a second factor first where one is required).
    pub fn login(&self, username: &str, password: &str) -> String {
        let session = expect_status(self.post_session(username, password), 201);
        if session["mfa_enrolment_required"] == true {
            self.enrol_totp(session["token"].as_str().expect("token"), username);
            return self.login(username, password);
        }
        session["token"].as_str().expect("token").to_owned()
    }

    pub fn post_account(&self, username: &str, password: &str, role: &str) -> Response {
        if matches!(role, "admin" | "worker") {
            self.totp.must_enrol(username);
        }
        let body = json!({"username": username, "password": password, "role": role});
        self.post("/api/v1/accounts", &self.admin_token, &body)
    }

    /// An account of `role`, created by the admin and logged in.
    pub fn create_account(&self, role: &str) -> Account {
        let username = unique_username(role);
        let created = expect_status(self.post_account(&username, PASSWORD, role), 201);
        Account {
            id: created["id"].as_str().expect("id").to_owned(),
            token: self.login(&username, PASSWORD),
            username,
        }
    }

    pub fn create_worker(&self) -> Account {
        self.create_account("worker")
    }

    /// One logged-in account per audience, in the order of [`AUDIENCES`].
    pub fn create_audience_readers(&self) -> Vec<Reader> {
        AUDIENCES
            .iter()
            .map(|&(audience, role)| Reader {
                audience,
                account: self.create_account(role),
            })
            .collect()
    }

    // ---- participants and invites -----------------------------------------------------------

    /// A participant who is certainly 16 or older (no guardian needed); see `post_participant_born`.
    pub fn post_participant(&self, worker: &str, identifiers: &[&str]) -> Response {
        self.post_participant_born(worker, identifiers, ADULT_BIRTH_YEAR)
    }

    pub fn post_participant_born(&self, worker: &str, identifiers: &[&str], year: i32) -> Response {
        let body = json!({"birth_year": year, "identifiers": identifiers});
        self.post("/api/v1/participants", worker, &body)
    }

    pub fn create_participant(&self, worker: &str, identifiers: &[&str]) -> Participant {
        self.create_participant_born(worker, identifiers, ADULT_BIRTH_YEAR)
    }

    pub fn create_participant_born(
        &self,
        worker: &str,
        identifiers: &[&str],
        year: i32,
    ) -> Participant {
        let created = expect_status(self.post_participant_born(worker, identifiers, year), 201);
        Participant {
            id: created["id"].as_str().expect("id").to_owned(),
            pseudonym: created["pseudonym"].as_str().expect("pseudonym").to_owned(),
            invite_code: created["invite_code"]
                .as_str()
                .expect("invite_code")
                .to_owned(),
        }
    }

    pub fn post_redeem(&self, code: &str, username: &str, password: &str) -> Response {
        let body = json!({"code": code, "username": username, "password": password});
        self.request(Method::POST, "/api/v1/invites/redeem", None, Some(&body))
    }

    /// Redeems an invite and returns the young person's account, logged in.
    pub fn redeem_invite(&self, code: &str) -> Account {
        let username = unique_username("jongere");
        let session = expect_status(self.post_redeem(code, &username, PASSWORD), 201);
        assert_eq!(session["account"]["role"], "youth");
        Account {
            id: session["account"]["id"].as_str().expect("id").to_owned(),
            token: session["token"].as_str().expect("token").to_owned(),
            username,
        }
    }

    /// A worker, their participant, the young person's own account and one story.
    pub fn storyline(&self) -> Storyline {
        let worker = self.create_worker();
        self.storyline_for(worker)
    }

    /// A participant of `worker` with the young person's account and one story.
    pub fn storyline_for(&self, worker: Account) -> Storyline {
        self.storyline_born(worker, ADULT_BIRTH_YEAR)
    }

    /// As `storyline_for`, for a young person born in `year` (under 16 needs a guardian's yes).
    pub fn storyline_born(&self, worker: Account, year: i32) -> Storyline {
        let participant =
            self.create_participant_born(&worker.token, &["Sanne Bakker", "Beilen"], year);
        let youth = self.redeem_invite(&participant.invite_code);
        let story = self.create_story(&worker.token, &participant.id, STORY_TITLE, STORY_BODY);
        Storyline {
            worker,
            youth,
            participant,
            story_id: story["id"].as_str().expect("story id").to_owned(),
        }
    }

    // ---- stories --------------------------------------------------------------------------

    pub fn post_story(&self, worker: &str, participant_id: &str, story: &Value) -> Response {
        self.post(
            &format!("/api/v1/participants/{participant_id}/stories"),
            worker,
            story,
        )
    }

    pub fn create_story(
        &self,
        worker: &str,
        participant_id: &str,
        title: &str,
        body: &str,
    ) -> Value {
        self.create_story_with_themes(worker, participant_id, title, body, &[THEME])
    }

    pub fn create_story_with_themes(
        &self,
        worker: &str,
        participant_id: &str,
        title: &str,
        body: &str,
        themes: &[&str],
    ) -> Value {
        let story = json!({
            "title": title, "body": body, "themes": themes, "recorded_on": "2026-03-14"
        });
        expect_status(self.post_story(worker, participant_id, &story), 201)
    }

    // ---- excerpts and consent -------------------------------------------------------------

    pub fn create_excerpt_from_text(&self, worker: &str, story_id: &str, text: &str) -> Value {
        let response = self.post(
            &format!("/api/v1/stories/{story_id}/excerpts"),
            worker,
            &json!({"text": text}),
        );
        expect_status(response, 201)
    }

    pub fn put_excerpt(
        &self,
        worker: &str,
        excerpt_id: &str,
        text: &str,
        version: i64,
    ) -> Response {
        let body = json!({"text": text, "version": version});
        self.put(&format!("/api/v1/excerpts/{excerpt_id}"), worker, &body)
    }

    pub fn post_submit(&self, worker: &str, excerpt_id: &str, version: i64) -> Response {
        let body = json!({"version": version});
        self.post(
            &format!("/api/v1/excerpts/{excerpt_id}/submit"),
            worker,
            &body,
        )
    }

    pub fn post_review(
        &self,
        youth: &str,
        excerpt_id: &str,
        decision: &str,
        version: i64,
    ) -> Response {
        let body = json!({"decision": decision, "version": version});
        self.post(
            &format!("/api/v1/excerpts/{excerpt_id}/review"),
            youth,
            &body,
        )
    }

    pub fn put_consent(
        &self,
        youth: &str,
        excerpt_id: &str,
        version: i64,
        audiences: [bool; 3],
    ) -> Response {
        let body = json!({"version": version, "audiences": audience_map(audiences)});
        self.put(
            &format!("/api/v1/excerpts/{excerpt_id}/consent"),
            youth,
            &body,
        )
    }

    pub fn get_excerpt(&self, token: &str, excerpt_id: &str) -> Value {
        expect_status(
            self.get(&format!("/api/v1/excerpts/{excerpt_id}"), token),
            200,
        )
    }

    /// Creates an excerpt, submits it and has the young person approve it (not yet shared).
    pub fn approved_excerpt(&self, line: &Storyline, text: &str) -> Value {
        self.approved_excerpt_of(&line.worker.token, &line.youth.token, &line.story_id, text)
    }

    pub fn approved_excerpt_of(
        &self,
        worker: &str,
        youth: &str,
        story_id: &str,
        text: &str,
    ) -> Value {
        let excerpt = self.create_excerpt_from_text(worker, story_id, text);
        let id = excerpt["id"].as_str().expect("excerpt id");
        let submitted = expect_status(self.post_submit(worker, id, version_of(&excerpt)), 200);
        expect_status(
            self.post_review(youth, id, "approve", version_of(&submitted)),
            200,
        )
    }

    /// An approved excerpt shared with the given audiences ([peers, policy_makers, council]).
    pub fn published_excerpt(&self, line: &Storyline, text: &str, audiences: [bool; 3]) -> Value {
        let excerpt = self.approved_excerpt(line, text);
        let id = excerpt["id"].as_str().expect("excerpt id");
        expect_status(
            self.put_consent(&line.youth.token, id, version_of(&excerpt), audiences),
            200,
        );
        excerpt
    }

    // ---- feed -----------------------------------------------------------------------------

    /// Every item of the caller's feed, following `next` cursors.
    pub fn feed_items(&self, reader: &str) -> Vec<Value> {
        self.feed_items_with(reader, &[])
    }

    /// Like [`Self::feed_items`], with query parameters (e.g. `[("theme", "school")]`).
    pub fn feed_items_with(&self, reader: &str, query: &[(&str, &str)]) -> Vec<Value> {
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..1000 {
            let mut parameters: Vec<String> = query
                .iter()
                .map(|(key, value)| format!("{key}={}", encode_query_value(value)))
                .collect();
            if let Some(cursor) = &after {
                parameters.push(format!("after={}", encode_query_value(cursor)));
            }
            let path = if parameters.is_empty() {
                "/api/v1/feed".to_owned()
            } else {
                format!("/api/v1/feed?{}", parameters.join("&"))
            };
            let page = expect_status(self.get(&path, reader), 200);
            items.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["next"].as_str() {
                Some(cursor) => after = Some(cursor.to_owned()),
                None => {
                    assert!(page["next"].is_null(), "next is a cursor or null");
                    return items;
                }
            }
        }
        panic!("the feed never ended");
    }

    pub fn feed_texts(&self, reader: &str) -> Vec<String> {
        let mut texts: Vec<String> = self
            .feed_items(reader)
            .iter()
            .map(|item| item["text"].as_str().expect("text").to_owned())
            .collect();
        texts.sort();
        texts
    }
}

pub struct Account {
    pub id: String,
    pub username: String,
    pub token: String,
}

pub struct Reader {
    pub audience: &'static str,
    pub account: Account,
}

pub struct Participant {
    pub id: String,
    pub pseudonym: String,
    pub invite_code: String,
}

/// Born in 2008: 16 or older by any birthday from 2025 on, so no guardian is asked.
pub const ADULT_BIRTH_YEAR: i32 = 2008;

pub struct Storyline {
    pub worker: Account,
    pub youth: Account,
    pub participant: Participant,
    pub story_id: String,
}
