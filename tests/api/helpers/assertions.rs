//! Assertions on answers, and small pure helpers.

use std::path::{Path, PathBuf};

use reqwest::blocking::Response;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Asserts the status and returns the JSON body (`Null` when empty).
pub fn expect_status(response: Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let text = response.text().expect("response body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

/// Asserts the status and the contract's error body `{"error": {"code", "message"}}`, and returns
/// the `error` object.
pub fn expect_error(response: Response, status: u16) -> Value {
    let body = expect_status(response, status);
    assert_error_body(&body);
    body["error"].clone()
}

/// A refusal whose status the contract leaves open (e.g. a spent invite code): some 4xx other than
/// 429, with the contract's error body.
pub fn expect_refusal(response: Response) -> Value {
    let status = response.status().as_u16();
    assert!(
        (400..500).contains(&status) && status != 429,
        "expected a refusal, got {status}"
    );
    expect_error(response, status)
}

/// Like [`expect_error`], and the raw body must not contain `secret`.
pub fn expect_error_without(response: Response, status: u16, secret: &str) -> Value {
    let actual = response.status().as_u16();
    let text = response.text().expect("response body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    assert!(
        !text.contains(secret),
        "the error echoes the submitted value: {text}"
    );
    let body: Value = serde_json::from_str(&text).expect("error body is JSON");
    assert_error_body(&body);
    body["error"].clone()
}

pub fn assert_error_body(body: &Value) {
    let error = &body["error"];
    let code = error["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error.code in {body}"));
    assert!(
        !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
        "error.code is not snake_case: {code}"
    );
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "no error.message in {body}"
    );
}

pub fn version_of(excerpt: &Value) -> i64 {
    excerpt["version"].as_i64().expect("version")
}

pub fn id_of(object: &Value) -> String {
    object["id"].as_str().expect("id").to_owned()
}

pub fn audience_map(audiences: [bool; 3]) -> Value {
    json!({"peers": audiences[0], "policy_makers": audiences[1], "council": audiences[2]})
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

pub fn unique_username(prefix: &str) -> String {
    format!("{prefix}-{}", &Uuid::new_v4().simple().to_string()[..12])
}

/// A word that occurs nowhere else: letters only, so no anonymiser rule takes it for a number.
pub fn canary_word() -> String {
    let letters: String = Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .map(|c| match c.to_digit(16) {
            Some(d) => char::from(b'g' + d as u8),
            None => c,
        })
        .collect();
    format!("kanarie{letters}")
}

pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every regular file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else if path.is_file() {
            files.push(path);
        }
    }
    files
}

pub fn bytes_contain(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}
