//! Consent receipts: what a young person (or guardian) agreed to, signed by the service with
//! Ed25519 so that anyone can check it offline with the published key.
//!
//! The signature is detached, over the canonical JSON form of the receipt without its `signature`
//! field: object keys sorted by their UTF-8 bytes, no whitespace, strings and integers as
//! `serde_json` writes them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::Value;

/// The field that carries the signature; everything else is signed.
pub const SIGNATURE_FIELD: &str = "signature";

/// The canonical form: sorted keys, no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Why a receipt does not verify. Messages are meant for the person holding the receipt.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReceiptError {
    #[error("the receipt is not a JSON object")]
    NotAnObject,
    #[error("the receipt has no signature (field `signature`)")]
    NoSignature,
    #[error("the signature is not 64 bytes of base64")]
    BadSignatureEncoding,
    #[error("the public key is not 32 bytes of base64")]
    BadKey,
    #[error(
        "the signature does not match: the receipt was altered, or it was not signed with this key"
    )]
    Mismatch,
}

/// Parses a published public key: standard base64 of 32 bytes.
pub fn parse_public_key(b64: &str) -> Result<VerifyingKey, ReceiptError> {
    let bytes = STANDARD
        .decode(b64.trim())
        .map_err(|_| ReceiptError::BadKey)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| ReceiptError::BadKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| ReceiptError::BadKey)
}

/// Checks a receipt as returned by the API (the signed fields plus `signature`).
pub fn verify(receipt: &Value, key: &VerifyingKey) -> Result<(), ReceiptError> {
    let Value::Object(map) = receipt else {
        return Err(ReceiptError::NotAnObject);
    };
    let mut signed = map.clone();
    let signature = signed
        .remove(SIGNATURE_FIELD)
        .ok_or(ReceiptError::NoSignature)?;
    let signature = signature
        .as_str()
        .ok_or(ReceiptError::BadSignatureEncoding)?;
    let bytes = STANDARD
        .decode(signature)
        .map_err(|_| ReceiptError::BadSignatureEncoding)?;
    let bytes: [u8; 64] = bytes
        .try_into()
        .map_err(|_| ReceiptError::BadSignatureEncoding)?;
    let message = canonical_json(&Value::Object(signed));
    key.verify_strict(message.as_bytes(), &Signature::from_bytes(&bytes))
        .map_err(|_| ReceiptError::Mismatch)
}

/// Joins a stored body (canonical JSON) and its signature into the receipt the API returns.
pub fn with_signature(body: &str, signature: &str) -> Option<Value> {
    let mut value: Value = serde_json::from_str(body).ok()?;
    value
        .as_object_mut()?
        .insert(SIGNATURE_FIELD.into(), Value::String(signature.into()));
    Some(value)
}

/// The command line's check: the receipt in `file` against the key in `key_file` (the JSON of
/// `GET /api/v1/receipt-key`, or bare base64) or `key_b64`. The error is a message for a person.
/// The key named on the command line (`--key FILE` or `--key-b64 KEY`), as base64, if any.
pub fn given_key(
    key_file: Option<&std::path::Path>,
    key_b64: Option<&str>,
) -> Result<Option<String>, String> {
    let key_text = match (key_file, key_b64) {
        (Some(path), _) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the key file ({})", e.kind()))?,
        (None, Some(b64)) => b64.to_string(),
        (None, None) => return Ok(None),
    };
    match serde_json::from_str::<Value>(&key_text) {
        Ok(Value::Object(map)) => map
            .get("public_key")
            .and_then(Value::as_str)
            .map(|k| Some(k.to_string()))
            .ok_or_else(|| "the key file has no `public_key`".to_string()),
        _ => Ok(Some(key_text.trim().to_string())),
    }
}

/// Checks the receipt in `file` against the public key `key_b64`.
pub fn verify_file(file: &std::path::Path, key_b64: &str) -> Result<(), String> {
    let key = parse_public_key(key_b64).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read the receipt ({})", e.kind()))?;
    let receipt: Value =
        serde_json::from_str(&text).map_err(|_| "the receipt is not valid JSON".to_string())?;
    verify(&receipt, &key).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::ReceiptKey;
    use serde_json::json;

    #[test]
    fn canonical_form_sorts_keys_and_drops_whitespace() {
        let v = json!({"b": 1, "a": {"d": [true, null], "c": "x y"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"x y","d":[true,null]},"b":1}"#
        );
    }

    fn signed() -> (Value, VerifyingKey) {
        let key = ReceiptKey::generate();
        let body = canonical_json(&json!({"excerpt_id": "e", "audiences": [{"granted": true}]}));
        let receipt = with_signature(&body, &key.sign_b64(body.as_bytes()));
        let public = parse_public_key(&key.public_key_b64());
        match (receipt, public) {
            (Some(r), Ok(p)) => (r, p),
            _ => panic!("set-up failed"),
        }
    }

    #[test]
    fn a_receipt_verifies_with_the_published_key() {
        let (receipt, key) = signed();
        assert_eq!(verify(&receipt, &key), Ok(()));
    }

    #[test]
    fn an_altered_receipt_fails() {
        let (mut receipt, key) = signed();
        receipt["audiences"][0]["granted"] = json!(false);
        assert_eq!(verify(&receipt, &key), Err(ReceiptError::Mismatch));
    }

    #[test]
    fn another_key_fails() {
        let (receipt, _) = signed();
        let other = parse_public_key(&ReceiptKey::generate().public_key_b64());
        assert!(other.is_ok_and(|k| verify(&receipt, &k) == Err(ReceiptError::Mismatch)));
    }
}
