//! The pure half of the JSON extractor: collecting a body under a byte limit and parsing it, with
//! our own error classes instead of serde's messages (they can quote the submitted value). No
//! actix here, so the fuzz target (`fuzz/fuzz_targets/json_body.rs`) compiles this file alone.

use serde::de::DeserializeOwned;

/// Why a body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// More bytes than the limit.
    TooLarge,
    /// Not JSON at all (syntax, or cut short).
    Malformed,
    /// JSON, but unknown fields, missing fields or values of the wrong type.
    Invalid,
}

/// A body being collected, never past `limit` bytes.
pub struct BodyBuffer {
    bytes: Vec<u8>,
    limit: usize,
}

impl BodyBuffer {
    /// `declared` is the Content-Length, if any: a declared size past the limit is refused before
    /// a byte is read, and a small one sizes the buffer.
    pub fn new(limit: usize, declared: Option<usize>) -> Result<Self, BodyProblem> {
        if declared.is_some_and(|n| n > limit) {
            return Err(BodyProblem::TooLarge);
        }
        Ok(Self {
            bytes: Vec::with_capacity(declared.unwrap_or(1024).min(limit)),
            limit,
        })
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), BodyProblem> {
        if self.bytes.len() + chunk.len() > self.limit {
            return Err(BodyProblem::TooLarge);
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, BodyProblem> {
        parse_json(&self.bytes)
    }
}

pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyProblem> {
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => BodyProblem::Invalid,
        _ => BodyProblem::Malformed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Versioned {
        version: i64,
    }

    #[test]
    fn a_declared_size_past_the_limit_is_refused_before_reading() {
        assert!(matches!(
            BodyBuffer::new(10, Some(11)),
            Err(BodyProblem::TooLarge)
        ));
    }

    #[test]
    fn chunks_past_the_limit_are_refused() {
        let Ok(mut body) = BodyBuffer::new(10, None) else {
            panic!("a buffer without a declared size");
        };
        assert_eq!(body.push(b"0123456789"), Ok(()));
        assert_eq!(body.push(b"x"), Err(BodyProblem::TooLarge));
    }

    #[test]
    fn syntax_and_shape_errors_are_told_apart() {
        assert_eq!(
            parse_json::<Versioned>(b"{\"version\":").err(),
            Some(BodyProblem::Malformed)
        );
        assert_eq!(
            parse_json::<Versioned>(b"{\"version\":\"one\"}").err(),
            Some(BodyProblem::Invalid)
        );
        assert_eq!(
            parse_json::<Versioned>(b"{\"version\":1,\"x\":2}").err(),
            Some(BodyProblem::Invalid)
        );
        assert_eq!(
            parse_json::<Versioned>(b"{\"version\":1}")
                .ok()
                .map(|v| v.version),
            Some(1)
        );
    }
}
