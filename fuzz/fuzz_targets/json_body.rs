//! Fuzzes the JSON extractor's body handling (`src/http/json_body.rs`): any bytes, in any chunks,
//! under any declared length, give a body or one of our error classes, never a panic; the limit
//! holds exactly; and a syntactically valid document is never called malformed.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[path = "../../src/http/json_body.rs"]
mod json_body;

use json_body::{BodyBuffer, BodyProblem, parse_json};

// Shapes of the service's request bodies (same field types and `deny_unknown_fields`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Login {
    username: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Consent {
    version: i64,
    audiences: BTreeMap<String, bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NewStory {
    title: String,
    body: String,
    themes: Vec<String>,
    recorded_on: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Review {
    decision: String,
    version: i64,
    comment: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    limit: u16,
    declared: Option<u32>,
    chunk_sizes: Vec<u8>,
    body: &'a [u8],
}

fn check<T: for<'de> Deserialize<'de>>(buffer: &BodyBuffer, whole: &[u8], is_json: bool) {
    let chunked = buffer.parse::<T>();
    let at_once = parse_json::<T>(whole);
    // Chunking never changes the outcome.
    assert_eq!(chunked.as_ref().err(), at_once.as_ref().err());
    if is_json {
        assert_ne!(chunked.err(), Some(BodyProblem::Malformed));
    } else {
        assert!(chunked.is_err());
    }
}

fuzz_target!(|input: Input| {
    let limit = usize::from(input.limit);
    let declared = input.declared.map(|n| n as usize);
    let mut buffer = match BodyBuffer::new(limit, declared) {
        Ok(buffer) => buffer,
        Err(problem) => {
            assert_eq!(problem, BodyProblem::TooLarge);
            assert!(declared.is_some_and(|n| n > limit));
            return;
        }
    };
    let mut rest = input.body;
    let mut sizes = input.chunk_sizes.iter().cycle();
    let mut refused = false;
    while !rest.is_empty() {
        let size = sizes.next().map_or(rest.len(), |s| usize::from(*s).max(1));
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        if let Err(problem) = buffer.push(chunk) {
            assert_eq!(problem, BodyProblem::TooLarge);
            refused = true;
            break;
        }
        rest = after;
    }
    assert_eq!(refused, input.body.len() > limit, "the limit holds exactly");
    if refused {
        return;
    }
    let is_json = serde_json::from_slice::<serde_json::Value>(input.body).is_ok();
    check::<Login>(&buffer, input.body, is_json);
    check::<Consent>(&buffer, input.body, is_json);
    check::<NewStory>(&buffer, input.body, is_json);
    check::<Review>(&buffer, input.body, is_json);
});
