//! The role matrix, derived: for every operation of the OpenAPI document the running service
//! serves, and every role, the expected answer comes from the access policy file
//! (`policies/access.cedar`), through the one table below naming the action each operation is.
//! An operation without an entry fails the test, so a new endpoint cannot escape the policy.
//!
//! - a role the policy never lets do the action: 403;
//! - a role it does: neither 401 nor 403 (made-up ids give 404, which is the policy's "not yours");
//! - no token: 401, unless the policy lets anyone do it, and then the document asks no token
//!   (such a public call, made with made-up credentials, may answer 401 but never 403).
//!
//! The 404-for-not-yours cases with real objects stay in `access_matrix/`.

use std::collections::BTreeSet;
use std::path::Path;

use reqwest::Method;
use serde_json::{Map, Value, json};
use storyvault::domain::Role;
use storyvault::policies::Policies;
use storyvault::policies::access::{AccessPolicy, Action};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::helpers::{Account, PASSWORD, TestApp, expect_status, unique_username};

/// Every operation of the API and the action it is in `access.cedar`.
const OPERATIONS: &[(&str, &str, &str)] = &[
    ("POST", "/api/v1/sessions", "log_in"),
    ("DELETE", "/api/v1/sessions/current", "log_out"),
    ("POST", "/api/v1/account/recover", "recover_account"),
    ("POST", "/api/v1/account/reset", "complete_reset"),
    ("POST", "/api/v1/account/totp", "enrol_second_factor"),
    (
        "POST",
        "/api/v1/account/totp/confirm",
        "confirm_second_factor",
    ),
    ("GET", "/api/v1/accounts", "list_accounts"),
    ("POST", "/api/v1/accounts", "create_account"),
    ("POST", "/api/v1/accounts/{id}/disable", "disable_account"),
    ("GET", "/api/v1/reset-requests", "list_reset_requests"),
    (
        "POST",
        "/api/v1/reset-requests/{id}/approve",
        "approve_reset",
    ),
    (
        "POST",
        "/api/v1/reset-requests/{id}/code",
        "collect_reset_code",
    ),
    ("GET", "/api/v1/participants", "list_participants"),
    ("POST", "/api/v1/participants", "create_participant"),
    (
        "POST",
        "/api/v1/participants/{id}/invite",
        "invite_participant",
    ),
    (
        "POST",
        "/api/v1/participants/{id}/reset-requests",
        "request_reset",
    ),
    (
        "POST",
        "/api/v1/participants/{id}/guardians",
        "add_guardian",
    ),
    (
        "GET",
        "/api/v1/participants/{id}/guardians",
        "list_guardians",
    ),
    ("POST", "/api/v1/invites/redeem", "redeem_invite"),
    ("GET", "/api/v1/participants/{id}/stories", "list_stories"),
    ("POST", "/api/v1/participants/{id}/stories", "create_story"),
    ("GET", "/api/v1/stories/{id}", "read_story"),
    ("DELETE", "/api/v1/stories/{id}", "delete_story"),
    ("POST", "/api/v1/stories/{id}/excerpts", "create_excerpt"),
    ("GET", "/api/v1/excerpts/{id}", "read_excerpt"),
    ("PUT", "/api/v1/excerpts/{id}", "edit_excerpt"),
    ("POST", "/api/v1/excerpts/{id}/submit", "submit_excerpt"),
    ("POST", "/api/v1/excerpts/{id}/review", "review_excerpt"),
    ("PUT", "/api/v1/excerpts/{id}/consent", "answer_consent"),
    (
        "POST",
        "/api/v1/excerpts/{id}/consent/renew",
        "renew_consent",
    ),
    (
        "GET",
        "/api/v1/excerpts/{id}/consent/history",
        "read_consent_history",
    ),
    ("GET", "/api/v1/excerpts/{id}/receipts", "read_receipts"),
    ("GET", "/api/v1/receipt-key", "read_catalogue"),
    ("GET", "/api/v1/me/renewals", "list_renewals"),
    ("GET", "/api/v1/me/stories", "list_own_content"),
    ("GET", "/api/v1/me/excerpts", "list_own_content"),
    ("GET", "/api/v1/me/access-log", "read_own_access_log"),
    ("GET", "/api/v1/me/export", "export_own_data"),
    ("DELETE", "/api/v1/me", "erase_own_data"),
    ("GET", "/api/v1/me/held-grants", "read_own_held_items"),
    (
        "POST",
        "/api/v1/me/held-grants/confirm",
        "confirm_held_grants",
    ),
    (
        "GET",
        "/api/v1/me/security-events",
        "read_own_security_events",
    ),
    ("GET", "/api/v1/guardian/excerpts", "read_guardian_excerpts"),
    (
        "PUT",
        "/api/v1/guardian/excerpts/{id}/consent",
        "answer_guardian_consent",
    ),
    (
        "POST",
        "/api/v1/guardian/excerpts/{id}/consent/renew",
        "renew_guardian_consent",
    ),
    ("GET", "/api/v1/guardian/renewals", "list_guardian_renewals"),
    ("GET", "/api/v1/feed", "read_feed"),
    ("GET", "/api/v1/feed/{id}", "read_feed_item"),
    ("GET", "/api/v1/feed/overview", "read_theme_overview"),
    ("GET", "/api/v1/audiences", "read_catalogue"),
    ("GET", "/api/v1/themes", "read_catalogue"),
    ("GET", "/healthz", "check_health"),
    ("GET", "/readyz", "check_health"),
];

/// Every role there is, and a caller without a session.
const ROLES: [Option<Role>; 8] = Role::ALL_AND_ANONYMOUS;

/// The policy as shipped in `policies/`, the same files the service under test runs with.
fn shipped_policy() -> AccessPolicy {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    Policies::load(Some(&dir))
        .map(|p| p.access)
        .unwrap_or_else(|e| panic!("{e}"))
}

struct Operation {
    method: Method,
    path: String,
    action: Action,
    needs_token: bool,
    body: Option<Value>,
}

/// The operations of the served OpenAPI document, each with its action from `OPERATIONS`.
fn operations(app: &TestApp) -> Vec<Operation> {
    let doc = expect_status(
        app.request(Method::GET, "/api/openapi.json", None, None),
        200,
    );
    let components = doc["components"]["schemas"].clone();
    let mut found = Vec::new();
    let mut unmapped = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let method_upper = method.to_uppercase();
            let Ok(http_method) = Method::from_bytes(method_upper.as_bytes()) else {
                continue;
            };
            if !op.is_object() || op.get("responses").is_none() {
                continue;
            }
            let Some(&(_, _, action)) = OPERATIONS
                .iter()
                .find(|(m, p, _)| *m == method_upper && p == path)
            else {
                unmapped.push(format!("{method_upper} {path}"));
                continue;
            };
            let action = Action::parse(action)
                .unwrap_or_else(|| panic!("{action} is not an action of the policy"));
            let body = op["requestBody"]["content"]["application/json"]["schema"]
                .as_object()
                .map(|s| example(&Value::Object(s.clone()), &components, 0));
            found.push(Operation {
                method: http_method,
                path: path.replace("{id}", &Uuid::new_v4().to_string()),
                action,
                needs_token: op["security"].as_array().is_some_and(|s| !s.is_empty()),
                body,
            });
        }
    }
    assert!(
        unmapped.is_empty(),
        "operations of the OpenAPI document with no action in OPERATIONS: {unmapped:?}"
    );
    let served: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(p, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(m, _)| (m.to_uppercase(), p.clone()))
        })
        .collect();
    for (method, path, _) in OPERATIONS {
        assert!(
            served.contains(&(method.to_string(), path.to_string())),
            "OPERATIONS names {method} {path}, which the OpenAPI document does not have"
        );
    }
    // The session-ending calls last: erasure, then logout (sent with a second session).
    found.sort_by_key(|o| match o.action {
        Action::EraseOwnData => 1,
        Action::LogOut => 2,
        _ => 0,
    });
    found
}

/// A request body the document allows: every required property with a value of its type.
fn example(schema: &Value, components: &Value, depth: usize) -> Value {
    assert!(depth < 20, "schema nests too deep: {schema}");
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return example(&components[name], components, depth + 1);
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[combinator].as_array() {
            let non_null = options
                .iter()
                .find(|o| o["type"] != "null")
                .unwrap_or(&options[0]);
            return example(non_null, components, depth + 1);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .find(|k| *k != "null")
            .cloned()
            .unwrap_or(Value::Null),
        other => other.clone(),
    };
    match kind.as_str() {
        Some("object") => {
            let mut out = Map::new();
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                if required.contains(&name.as_str()) {
                    out.insert(name.clone(), example(property, components, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            let item = example(&schema["items"], components, depth + 1);
            Value::Array((0..min).map(|_| item.clone()).collect())
        }
        Some("integer") | Some("number") => {
            let year = i64::from(OffsetDateTime::now_utc().year());
            let min = schema["minimum"].as_i64().unwrap_or(1);
            let max = schema["maximum"].as_i64().unwrap_or(i64::MAX);
            json!(if (min..=max).contains(&(year - 17)) {
                year - 17
            } else {
                min
            })
        }
        Some("boolean") => json!(false),
        Some("string") => match schema["format"].as_str() {
            Some("date") => json!("2026-01-02"),
            Some("uuid") => json!(Uuid::new_v4()),
            _ => {
                let min = schema["minLength"].as_u64().unwrap_or(1).max(1);
                json!("a".repeat(usize::try_from(min).unwrap_or(1)))
            }
        },
        _ => json!({}),
    }
}

/// One session per role, and a second one for the logout at the end.
struct Callers {
    sessions: Vec<(Option<Role>, Option<String>, Option<String>)>,
}

fn callers(app: &TestApp) -> Callers {
    let worker = app.create_worker();
    let year = OffsetDateTime::now_utc().year();
    let line = app.storyline_born(worker, year - 13);
    // The guardian's child is another young person: the youth's own erasure below must not end
    // the guardian's account with it.
    let child = app.storyline_born(app.create_worker(), year - 13);
    let guardian = guardian_of(app, &child.participant.id, &child.worker.token);
    let second = |account: &Account| Some(app.login(&account.username, PASSWORD));
    let fresh = |role: &str| Some(app.create_account(role).token);
    let mut sessions = vec![
        (
            Some(Role::Admin),
            Some(app.admin_token.clone()),
            fresh("admin"),
        ),
        (
            Some(Role::Worker),
            Some(line.worker.token.clone()),
            fresh("worker"),
        ),
        (
            Some(Role::Youth),
            Some(line.youth.token.clone()),
            // Another young person: the first one's erasure ends all of their sessions.
            Some(child.youth.token.clone()),
        ),
        (
            Some(Role::Guardian),
            Some(guardian.token.clone()),
            second(&guardian),
        ),
    ];
    for (role, name) in [
        (Role::Peer, "peer"),
        (Role::PolicyMaker, "policy_maker"),
        (Role::Council, "council"),
    ] {
        sessions.push((Some(role), fresh(name), fresh(name)));
    }
    sessions.push((None, None, None));
    Callers { sessions }
}

fn guardian_of(app: &TestApp, participant: &str, worker: &str) -> Account {
    let body = json!({"relation": "parent", "description": "Vader"});
    let path = format!("/api/v1/participants/{participant}/guardians");
    let created = expect_status(app.post(&path, worker, &body), 201);
    let code = created["invite_code"].as_str().expect("invite_code");
    let username = unique_username("ouder");
    let session = expect_status(app.post_redeem(code, &username, PASSWORD), 201);
    Account {
        id: session["account"]["id"].as_str().expect("id").to_owned(),
        token: session["token"].as_str().expect("token").to_owned(),
        username,
    }
}

#[test]
fn every_operation_and_every_role_answers_as_the_access_policy_says() {
    // Arrange
    let app = TestApp::spawn();
    let policy = shipped_policy();
    let operations = operations(&app);
    let callers = callers(&app);
    let mut failures = Vec::new();
    let mut checked = 0;

    // The document and the policy agree on what needs no session.
    for op in &operations {
        if policy.role_may(None, op.action) == op.needs_token {
            failures.push(format!(
                "{} {} ({}): the policy and the document disagree on whether it needs a session",
                op.method,
                op.path,
                op.action.as_str()
            ));
        }
    }

    for (role, token, second) in &callers.sessions {
        for op in &operations {
            let public = policy.role_may(None, op.action);
            let may = policy.role_may(*role, op.action);
            let token = if op.action == Action::LogOut {
                second
            } else {
                token
            };

            // Act
            let response = app.request(
                op.method.clone(),
                &op.path,
                token.as_deref(),
                op.body.as_ref(),
            );

            // Assert: a public call with made-up credentials may say 401 ("wrong code"), never 403.
            let status = response.status().as_u16();
            let (right, expected) = match (role, may) {
                _ if public => (status != 403, "not 403"),
                (_, true) => (status != 401 && status != 403, "neither 401 nor 403"),
                (None, false) => (status == 401, "401"),
                (Some(_), false) => (status == 403, "403"),
            };
            checked += 1;
            if !right {
                failures.push(format!(
                    "{} → {} {} ({}): {status}, the policy says {expected}",
                    storyvault::policies::access::role_name(*role),
                    op.method,
                    op.path,
                    op.action.as_str(),
                ));
            }
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked >= OPERATIONS.len() * ROLES.len(),
        "{checked} checks"
    );
}

#[test]
fn every_action_of_the_policy_is_reachable_or_used_by_the_pages() {
    // Actions no API operation names must be ones the web pages alone use; anything else is a
    // policy rule nothing enforces.
    let named: BTreeSet<&str> = OPERATIONS.iter().map(|(_, _, a)| *a).collect();
    let unnamed: Vec<&str> = Action::ALL
        .iter()
        .map(|a| a.as_str())
        .filter(|a| !named.contains(a))
        .collect();
    assert_eq!(unnamed, ["list_excerpt_summaries", "read_guardian_excerpt"]);
}
