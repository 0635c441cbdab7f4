//! Integer fields of request bodies, read the way the OpenAPI document describes them. JSON Schema
//! counts `3.0` as the integer 3, so a client that writes a version as `3.0` sends a valid body:
//! it is read as 3, not refused. Every integer is bounded to ±(2^53 − 1), the integers that every
//! JSON parser holds exactly; the document names the same bound (`maximum`), so the service and
//! the document agree on every number (issue 7, defect 14).

use serde::Deserialize;
use serde::de::{Deserializer, Error, Unexpected};
use serde_json::Number;

/// 2^53 − 1: the largest integer a JSON number holds exactly in every parser.
pub const MAX_JSON_INTEGER: i64 = (1 << 53) - 1;

fn from_number<E: Error>(n: &Number) -> Result<i64, E> {
    let value = match n.as_i64() {
        Some(i) => Some(i),
        // An integral float such as 3.0; anything with a fraction, or past the bound, is refused.
        None => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= MAX_JSON_INTEGER as f64)
            .map(|f| f as i64),
    };
    value
        .filter(|v| v.abs() <= MAX_JSON_INTEGER)
        .ok_or_else(|| E::invalid_value(Unexpected::Other("number"), &"an integer"))
}

/// `#[serde(deserialize_with = "integer")]` for an `i64` field.
pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    from_number(&Number::deserialize(d)?)
}

/// `#[serde(default, deserialize_with = "optional_integer")]` for an `Option<i64>` field (null or
/// absent is `None`).
pub fn optional_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Number>::deserialize(d)?
        .map(|n| from_number(&n))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Versioned {
        #[serde(deserialize_with = "integer")]
        version: i64,
        #[serde(default, deserialize_with = "optional_integer")]
        start: Option<i64>,
    }

    fn read(body: &str) -> Option<(i64, Option<i64>)> {
        serde_json::from_str::<Versioned>(body)
            .ok()
            .map(|v| (v.version, v.start))
    }

    #[test]
    fn integral_floats_are_integers_as_json_schema_says() {
        assert_eq!(read(r#"{"version": 3}"#), Some((3, None)));
        assert_eq!(
            read(r#"{"version": 3.0, "start": 7.0}"#),
            Some((3, Some(7)))
        );
        assert_eq!(
            read(r#"{"version": -4.0, "start": null}"#),
            Some((-4, None))
        );
    }

    #[test]
    fn integral_floats_of_sixteen_digits_are_read_exactly() {
        // Without serde_json's `float_roundtrip` its parser may land one step off: it read
        // 1809880719248487.0 as …487.25 and the body was refused (schemathesis, youth run).
        assert_eq!(
            read(r#"{"version": 1809880719248487.0}"#),
            Some((1_809_880_719_248_487, None))
        );
        assert_eq!(
            read(r#"{"version": 9007199254740991.0}"#),
            Some((MAX_JSON_INTEGER, None))
        );
    }

    #[test]
    fn fractions_strings_and_numbers_past_2_53_are_refused() {
        assert_eq!(read(r#"{"version": 3.5}"#), None);
        assert_eq!(read(r#"{"version": "3"}"#), None);
        assert_eq!(read(r#"{"version": 9007199254740992}"#), None);
        assert_eq!(read(r#"{"version": 1e300}"#), None);
        assert_eq!(read(r#"{"version": 18446744073709551615}"#), None);
        assert_eq!(
            read(r#"{"version": 9007199254740991}"#),
            Some((MAX_JSON_INTEGER, None))
        );
    }
}
