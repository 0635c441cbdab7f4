//! What every operation can answer, added to the OpenAPI document in one place, and the parts of
//! the request schemas that depend on the policies in force. The annotations in each handler
//! file name what is particular to that operation; the rules here hold for all of them alike:
//!
//! - a call with a bearer token answers 401 without a live session, and 403 for a role that may
//!   never make it (or for a token that may only enrol a second factor);
//! - a call with a body answers 400 (not JSON, unknown or missing fields, wrong types), 408 (the
//!   body did not arrive in time), 413 (over the body limit) and 415 (not declared JSON);
//! - a call with an id in its path answers 404 (absent, not yours, or not an id at all), and the
//!   id is a UUID (a feed item's id: 32 hexadecimal digits);
//! - 429 and 503 carry `Retry-After`.
//!
//! So the document says exactly what the service does, which `tests/schemathesis/run.sh` checks
//! for every role (issue 7, defect 14).

use serde_json::{Map, Value, json};

use crate::domain::Role;
use crate::policies::Policies;

/// Operations that take an enrolment-only token too and check no role: they never answer 403.
const WITHOUT_ROLE_CHECK: [&str; 2] = ["begin_totp", "confirm_totp"];
/// Operations that hash a password and so may find the bounded hashing pool full (503).
const HASHING: [&str; 1] = ["create_account"];

/// The document as the service serves it: `document` completed with the shared responses and
/// with the values the policies in force allow (themes, birth years of `current_year`).
pub fn complete(
    document: utoipa::openapi::OpenApi,
    policies: &Policies,
    current_year: i32,
) -> utoipa::openapi::OpenApi {
    let Ok(mut doc) = serde_json::to_value(&document) else {
        return document;
    };
    add_shared_responses(&mut doc);
    add_text_rules(&mut doc);
    add_policy_values(&mut doc, policies, current_year);
    serde_json::from_value(doc).unwrap_or(document)
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

fn add_shared_responses(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (_, operation) in item.iter_mut() {
            let Some(op) = operation.as_object_mut() else {
                continue;
            };
            complete_operation(path, op);
        }
    }
}

fn complete_operation(path: &str, op: &mut Map<String, Value>) {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let secured = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let has_body = op.contains_key("requestBody");
    let mut has_path_id = false;
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for param in params.iter_mut().filter(|p| p["in"] == "path") {
            has_path_id = true;
            param["schema"] = if path.starts_with("/api/v1/feed/") {
                json!({"type": "string", "pattern": "^[0-9a-fA-F]{32}$"})
            } else {
                json!({"type": "string", "format": "uuid"})
            };
        }
    }
    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else {
        return;
    };
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status)
            .or_insert_with(|| error_response(description));
    };
    if has_body {
        add(
            "400",
            "`malformed_json`, `invalid_body` (unknown or missing fields, wrong types) or `validation` (`fields` names each problem)",
        );
        add(
            "408",
            "`request_timeout`: the body did not arrive within 10 s; the connection is closed",
        );
        add("413", "`payload_too_large`: the body is over its limit");
        add(
            "415",
            "`unsupported_media_type`: the body is not declared `application/json`",
        );
    }
    if secured {
        add(
            "401",
            "`unauthorized`: no token, or one that is unknown, expired or ended",
        );
        if !WITHOUT_ROLE_CHECK.contains(&id.as_str()) {
            add(
                "403",
                "`forbidden` (the caller's role may never do this) or `mfa_enrolment_required`",
            );
        }
    }
    if has_path_id {
        add(
            "404",
            "`not_found`: absent, not the caller's to see, or not an id at all",
        );
    }
    if HASHING.contains(&id.as_str()) {
        add(
            "503",
            "`busy`: too many passwords are being hashed at once; try again after `Retry-After`",
        );
    }
    for (status, response) in responses.iter_mut() {
        if response.get("description").is_none_or(|d| d == "") {
            response["description"] = Value::String(default_description(status).into());
        }
        // An error body goes with `Retry-After` (`/readyz`'s plain 503 has neither).
        if (status == "429" || status == "503") && response.get("content").is_some() {
            response["headers"] = json!({"Retry-After": {
                "description": "Seconds to wait before trying again.",
                "required": true,
                "schema": {"type": "integer", "minimum": 0}
            }});
        }
    }
}

fn default_description(status: &str) -> &'static str {
    match status {
        "200" | "201" => "Done.",
        "204" => "Done; no body.",
        "400" => "`validation` (`fields` names each problem) or another bad request",
        "401" => "`unauthorized`, `invalid_invite` or `mfa_required`",
        "403" => "`forbidden`: the caller's role may never do this",
        "404" => "`not_found`",
        "409" => "A conflict with the current state (the `code` says which)",
        "422" => "`identifier_in_text`",
        "429" => "`rate_limited`: too many attempts; try again after `Retry-After`",
        "503" => "`busy` or the database is unavailable; try again later",
        _ => "See the code of the error body.",
    }
}

/// Values that come from the policies (themes) and the calendar (birth years), so that a value
/// the document allows is one the service accepts, and the other way round.
fn add_policy_values(doc: &mut Value, policies: &Policies, current_year: i32) {
    let themes: Vec<&str> = policies.themes.iter().map(|t| t.id.as_str()).collect();
    let schemas = &mut doc["components"]["schemas"];
    if let Some(story) = schemas.get_mut("NewStoryRequest") {
        story["properties"]["themes"] = json!({
            "type": "array",
            "description": "Ids from `GET /api/v1/themes`, at least one (a repeated id counts once).",
            "minItems": 1,
            "maxItems": themes.len(),
            "items": {"type": "string", "enum": themes}
        });
    }
    if let Some(participant) = schemas.get_mut("NewParticipantRequest") {
        let (oldest, youngest) = crate::domain::BirthYear::range(current_year);
        participant["properties"]["birth_year"] = json!({
            "type": "integer",
            "description": "The young person is 4 to 27 years old this year.",
            "minimum": oldest,
            "maximum": youngest
        });
    }
    if let Some(account) = schemas.get_mut("NewAccountRequest") {
        let roles: Vec<&str> = Role::ALL
            .into_iter()
            .filter(|r| r.may_be_created_by_admin())
            .map(Role::as_str)
            .collect();
        account["properties"]["role"] = json!({
            "type": "string",
            "description": "Youth and guardian accounts come from invites.",
            "enum": roles
        });
    }
    if let Some(feed) = doc["paths"]["/api/v1/feed"]["get"]["parameters"].as_array_mut() {
        for param in feed.iter_mut() {
            // Every parameter of the feed may be left out.
            param["required"] = Value::Bool(false);
            if param["name"] == "theme" {
                param["schema"] = json!({"type": "string", "enum": themes});
            }
        }
    }
}

/// Unicode White_Space: what `str::trim` removes and `char::is_whitespace` finds.
const WS: &str = r"\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Control characters other than tab, line feed and carriage return (refused in every text).
const BAD: &str = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F";
/// Every control character (refused in usernames).
const CONTROL: &str = r"\x00-\x1F\x7F-\x9F";

/// A trimmed text of `min..=max` characters without control characters (tab, line feed and
/// carriage return aside; `extra` names more characters it may not hold): leading and trailing
/// white space is allowed, as the service trims it before it counts.
fn trimmed(max: usize, extra: &str) -> String {
    format!(
        "^[{WS}]*[^{WS}{BAD}{extra}](?:[^{BAD}{extra}]{{0,{}}}[^{WS}{BAD}{extra}])?[{WS}]*$",
        max - 2
    )
}

/// The texts' rules, as patterns and lengths of the request schemas: (schema, property, schema
/// of the property). Each mirrors a parser in `src/domain`; the tests below hold them together.
fn text_rules() -> Vec<(&'static str, &'static str, Value)> {
    let username = json!({"type": "string",
        "description": "3 to 64 characters without spaces; white space around it is ignored.",
        "pattern": format!("^[{WS}]*[^{WS}{CONTROL}]{{3,64}}[{WS}]*$")});
    let password =
        json!({"type": "string", "format": "password", "minLength": 12, "maxLength": 256});
    let identifier = json!({"type": "string", "pattern": trimmed(100, "")});
    let some_text = format!("^[^{BAD}]*[^{WS}{BAD}][^{BAD}]*$");
    let excerpt_text = json!({"type": "string", "maxLength": 10_000, "pattern": some_text,
        "description": "Up to 10,000 characters, not only white space."});
    vec![
        ("NewAccountRequest", "username", username.clone()),
        ("NewAccountRequest", "password", password.clone()),
        ("RedeemRequest", "username", username),
        ("RedeemRequest", "password", password.clone()),
        ("RecoverRequest", "new_password", password.clone()),
        ("ResetRequest", "new_password", password),
        (
            "TotpConfirmRequest",
            "code",
            json!({"type": "string",
            "description": "The current 6-digit code.",
            "pattern": format!("^[{WS}]*[0-9]{{6}}[{WS}]*$")}),
        ),
        (
            "NewParticipantRequest",
            "identifiers",
            json!({"type": "array", "maxItems": 50,
            "description": "Names and places that must never be published (up to 50 of up to 100 characters); stored encrypted, used by the anonymiser.",
            "items": identifier}),
        ),
        (
            "NewStoryRequest",
            "title",
            json!({"type": "string", "pattern": trimmed(200, r"\n"),
            "description": "Up to 200 characters on one line."}),
        ),
        (
            "NewStoryRequest",
            "body",
            json!({"type": "string", "pattern": some_text,
            "description": "Up to 200 KB of UTF-8 text (413 past that), not only white space."}),
        ),
        (
            "NewStoryRequest",
            "recorded_on",
            json!({"type": "string", "format": "date",
            "description": "`YYYY-MM-DD`, from 2000 up to today."}),
        ),
        ("EditExcerptRequest", "text", excerpt_text.clone()),
        (
            "ReviewRequest",
            "comment",
            json!({"type": ["string", "null"], "maxLength": 2000,
            "pattern": format!("^[^{BAD}]*$"),
            "description": "Up to 2,000 characters; stored encrypted."}),
        ),
        (
            "NewGuardianRequest",
            "relation",
            json!({"type": "string",
            "enum": ["parent", "guardian", "organisation"],
            "description": "`parent`, `guardian` (legal guardian) or `organisation` (in a child-protection measure)."}),
        ),
        (
            "NewGuardianRequest",
            "description",
            json!({"type": "string", "pattern": trimmed(200, ""),
            "description": "A name or description, up to 200 characters; stored encrypted."}),
        ),
        (
            "ConsentRequest",
            "audiences",
            json!({"$ref": "#/components/schemas/AudienceFlags"}),
        ),
        ("NewExcerptRequest", "text", excerpt_text),
    ]
}

fn add_text_rules(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    for (schema, property, rule) in text_rules() {
        if let Some(target) = schemas.get_mut(schema) {
            target["properties"][property] = rule;
        }
    }
    // A passage (`start` and `end`) or a text, never both: the two shapes the service reads.
    if let Some(excerpt) = schemas.get_mut("NewExcerptRequest") {
        let offset = json!({"type": "integer", "minimum": 0,
            "maximum": super::integers::MAX_JSON_INTEGER});
        let text = excerpt["properties"]["text"].clone();
        let description = excerpt["description"].clone();
        *excerpt = json!({
            "description": description,
            "oneOf": [
                {"type": "object", "additionalProperties": false, "required": ["start", "end"],
                 "properties": {"start": offset, "end": offset, "text": {"type": "null"}}},
                {"type": "object", "additionalProperties": false, "required": ["text"],
                 "properties": {"text": text, "start": {"type": "null"}, "end": {"type": "null"}}}
            ]
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        let policies = Policies::load(None).ok();
        let Some(policies) = policies else {
            panic!("the built-in policies load");
        };
        serde_json::to_value(complete(super::super::raw_document(), &policies, 2026))
            .unwrap_or_default()
    }

    #[test]
    fn every_protected_operation_answers_401_and_every_body_413_and_415() {
        let doc = document();
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                seen += 1;
                let responses = &op["responses"];
                if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                    assert!(responses.get("401").is_some(), "{method} {path} lacks 401");
                }
                if op.get("requestBody").is_some() {
                    for status in ["400", "408", "413", "415"] {
                        assert!(responses.get(status).is_some(), "{method} {path}: {status}");
                    }
                }
                for (status, response) in responses.as_object().into_iter().flatten() {
                    assert!(
                        response["description"]
                            .as_str()
                            .is_some_and(|d| !d.is_empty()),
                        "{method} {path} {status} has no description"
                    );
                }
            }
        }
        assert!(seen > 40, "only {seen} operations");
    }

    #[test]
    fn birth_years_and_themes_follow_the_calendar_and_the_policies() {
        let doc = document();
        let year =
            &doc["components"]["schemas"]["NewParticipantRequest"]["properties"]["birth_year"];
        assert_eq!(year["minimum"], 1999);
        assert_eq!(year["maximum"], 2022);
        let theme = &doc["paths"]["/api/v1/feed"]["get"]["parameters"];
        let listed = theme
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == "theme")
            .map(|p| p["schema"]["enum"].clone());
        assert!(listed.is_some_and(|e| {
            e.as_array()
                .is_some_and(|e| e.contains(&json!("wachttijd")))
        }));
    }

    /// Whether `value` is valid for the rule's pattern and lengths (in characters).
    fn allows(rule: &Value, value: &str) -> bool {
        let chars = value.chars().count() as u64;
        let pattern = rule["pattern"].as_str().map(regex::Regex::new);
        let matches = match pattern {
            Some(Ok(re)) => re.is_match(value),
            Some(Err(e)) => panic!("{e}"),
            None => true,
        };
        matches
            && rule["minLength"].as_u64().is_none_or(|min| chars >= min)
            && rule["maxLength"].as_u64().is_none_or(|max| chars <= max)
    }

    fn rule(schema: &str, property: &str) -> Value {
        text_rules()
            .into_iter()
            .find(|(s, p, _)| *s == schema && *p == property)
            .map(|(_, _, r)| r)
            .unwrap_or_default()
    }

    const SAMPLES: [&str; 22] = [
        "",
        " ",
        "ab",
        "abc",
        "  sanne.b  ",
        "a b c",
        "ab\u{7}c",
        "\u{85}abc",
        "abc\u{85}",
        "Ｓanne",
        "San\u{200b}ne",
        "\tx\t",
        "x\ny",
        "x\ry",
        "\nx\n",
        "\u{3000}x",
        "x\u{9f}",
        "één twee",
        "😀😀😀",
        "a\u{0}b",
        "\u{a0}\u{a0}",
        "x\u{1c}",
    ];

    fn longer(n: usize) -> [String; 4] {
        [
            "x".repeat(n),
            format!(" {} ", "x".repeat(n)),
            "é".repeat(n),
            format!("x{}x", " ".repeat(n - 2)),
        ]
    }

    fn agree(schema: &str, property: &str, parse: impl Fn(String) -> bool, lengths: &[usize]) {
        let rule = rule(schema, property);
        let mut values: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
        for n in lengths {
            values.extend(longer(*n));
        }
        for value in values {
            assert_eq!(
                allows(&rule, &value),
                parse(value.clone()),
                "{schema}.{property} and the service disagree on {value:?}"
            );
        }
    }

    #[test]
    fn the_text_rules_of_the_document_are_the_parsers_of_the_service() {
        use crate::domain::*;
        agree(
            "NewAccountRequest",
            "username",
            |s| Username::parse(s).is_ok(),
            &[64, 65],
        );
        agree(
            "NewAccountRequest",
            "password",
            |s| Password::parse(s).is_ok(),
            &[11, 12, 256, 257],
        );
        let item = rule("NewParticipantRequest", "identifiers")["items"].clone();
        for value in SAMPLES
            .iter()
            .map(|s| s.to_string())
            .chain(longer(100))
            .chain(longer(101))
        {
            assert_eq!(
                allows(&item, &value),
                Identifiers::parse(vec![value.clone()]).is_ok(),
                "{value:?}"
            );
        }
        agree(
            "NewStoryRequest",
            "title",
            |s| StoryTitle::parse(s).is_ok(),
            &[200, 201],
        );
        agree(
            "NewStoryRequest",
            "body",
            |s| StoryBody::parse(s).is_ok(),
            &[],
        );
        agree(
            "EditExcerptRequest",
            "text",
            |s| ExcerptText::parse(s).is_ok(),
            &[10_000, 10_001],
        );
        agree(
            "ReviewRequest",
            "comment",
            |s| ReviewComment::parse(s).is_ok(),
            &[2000, 2001],
        );
    }
}
