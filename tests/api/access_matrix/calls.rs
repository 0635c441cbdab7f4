//! The endpoints of the contract as data, and the 403 cells of the matrix in INTERFACES.md.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{PASSWORD, audience_map, unique_username};

pub struct Call {
    pub name: &'static str,
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
}

/// The ids a call is made against.
pub struct Ids {
    pub account: String,
    pub participant: String,
    pub story: String,
    pub excerpt: String,
    pub excerpt_version: i64,
    pub feed_item: String,
}

impl Ids {
    pub fn made_up() -> Ids {
        Ids {
            account: Uuid::new_v4().to_string(),
            participant: Uuid::new_v4().to_string(),
            story: Uuid::new_v4().to_string(),
            excerpt: Uuid::new_v4().to_string(),
            excerpt_version: 1,
            feed_item: Uuid::new_v4().to_string(),
        }
    }
}

fn get(name: &'static str, path: String) -> Call {
    Call {
        name,
        method: Method::GET,
        path,
        body: None,
    }
}

fn delete(name: &'static str, path: String) -> Call {
    Call {
        name,
        method: Method::DELETE,
        path,
        body: None,
    }
}

fn post(name: &'static str, path: String, body: Option<Value>) -> Call {
    Call {
        name,
        method: Method::POST,
        path,
        body,
    }
}

fn put(name: &'static str, path: String, body: Value) -> Call {
    Call {
        name,
        method: Method::PUT,
        path,
        body: Some(body),
    }
}

/// Every authenticated endpoint of the contract, with a valid body.
pub fn calls(ids: &Ids) -> Vec<Call> {
    let Ids {
        account,
        participant,
        story,
        excerpt,
        excerpt_version: version,
        feed_item,
    } = ids;
    let new_account =
        json!({"username": unique_username("m"), "password": PASSWORD, "role": "worker"});
    let new_participant = json!({"birth_year": 2011, "identifiers": ["Daan"]});
    let new_story =
        json!({"title": "t", "body": "b", "themes": ["school"], "recorded_on": "2026-01-02"});
    let new_excerpt = json!({"text": "Een nieuw fragment."});
    let edit = json!({"text": "Een andere tekst.", "version": version});
    let review = json!({"decision": "reject", "version": version});
    let consent = json!({"version": version, "audiences": audience_map([false; 3])});
    let participant = format!("/api/v1/participants/{participant}");
    let excerpt = format!("/api/v1/excerpts/{excerpt}");
    vec![
        post(
            "create account",
            "/api/v1/accounts".into(),
            Some(new_account),
        ),
        get("list accounts", "/api/v1/accounts".into()),
        post(
            "disable account",
            format!("/api/v1/accounts/{account}/disable"),
            None,
        ),
        post(
            "create participant",
            "/api/v1/participants".into(),
            Some(new_participant),
        ),
        get("list participants", "/api/v1/participants".into()),
        post("renew invite", format!("{participant}/invite"), None),
        post(
            "create story",
            format!("{participant}/stories"),
            Some(new_story),
        ),
        get("list stories", format!("{participant}/stories")),
        get("read story", format!("/api/v1/stories/{story}")),
        delete("delete story", format!("/api/v1/stories/{story}")),
        post(
            "create excerpt",
            format!("/api/v1/stories/{story}/excerpts"),
            Some(new_excerpt),
        ),
        put("edit excerpt", excerpt.clone(), edit),
        post(
            "submit excerpt",
            format!("{excerpt}/submit"),
            Some(json!({"version": version})),
        ),
        get("read excerpt", excerpt.clone()),
        get("consent history", format!("{excerpt}/consent/history")),
        post("review excerpt", format!("{excerpt}/review"), Some(review)),
        put("set consent", format!("{excerpt}/consent"), consent),
        get("feed", "/api/v1/feed".into()),
        get("feed item", format!("/api/v1/feed/{feed_item}")),
        get("my excerpts", "/api/v1/me/excerpts".into()),
        get("my stories", "/api/v1/me/stories".into()),
        get("my access log", "/api/v1/me/access-log".into()),
        get("my export", "/api/v1/me/export".into()),
        delete("erase me", "/api/v1/me".into()),
        get("guardian excerpts", "/api/v1/guardian/excerpts".into()),
        get("guardian renewals", "/api/v1/guardian/renewals".into()),
        put(
            "guardian consent",
            format!("/api/v1/guardian/excerpts/{}/consent", ids.excerpt),
            json!({"version": version, "audiences": audience_map([false; 3])}),
        ),
        post(
            "guardian renew",
            format!("/api/v1/guardian/excerpts/{}/consent/renew", ids.excerpt),
            Some(json!({"version": version})),
        ),
    ]
}

const ACCOUNT_CALLS: [&str; 3] = ["create account", "list accounts", "disable account"];
const WORKER_CALLS: [&str; 6] = [
    "create participant",
    "list participants",
    "renew invite",
    "create story",
    "create excerpt",
    "edit excerpt",
];
const YOUTH_CALLS: [&str; 2] = ["review excerpt", "set consent"];
const FEED_CALLS: [&str; 2] = ["feed", "feed item"];
const ME_CALLS: [&str; 5] = [
    "my excerpts",
    "my stories",
    "my access log",
    "my export",
    "erase me",
];
/// The guardian's own calls (role `guardian`, bound to one participant).
const GUARDIAN_CALLS: [&str; 4] = [
    "guardian excerpts",
    "guardian renewals",
    "guardian consent",
    "guardian renew",
];
/// Calls on a participant's content that responsible workers and the owner youth may make.
const CONTENT_READS: [&str; 5] = [
    "list stories",
    "read story",
    "delete story",
    "read excerpt",
    "consent history",
];

/// What `role` may never do: the 403 cells of the matrix in INTERFACES.md.
pub fn forbidden_for(role: &str) -> Vec<&'static str> {
    let mut never: Vec<&'static str> = Vec::new();
    let everything = [
        &ACCOUNT_CALLS[..],
        &WORKER_CALLS[..],
        &["submit excerpt"],
        &YOUTH_CALLS[..],
        &FEED_CALLS[..],
        &ME_CALLS[..],
        &CONTENT_READS[..],
        &GUARDIAN_CALLS[..],
    ]
    .concat();
    for name in everything {
        let allowed = match role {
            "admin" => ACCOUNT_CALLS.contains(&name),
            "worker" => {
                WORKER_CALLS.contains(&name)
                    || name == "submit excerpt"
                    || CONTENT_READS.contains(&name)
            }
            "youth" => {
                YOUTH_CALLS.contains(&name)
                    || ME_CALLS.contains(&name)
                    || CONTENT_READS.contains(&name)
            }
            "guardian" => GUARDIAN_CALLS.contains(&name),
            _ => FEED_CALLS.contains(&name),
        };
        if !allowed {
            never.push(name);
        }
    }
    never
}
