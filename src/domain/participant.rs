//! What a worker registers about a young person: birth year, identifiers, and a pseudonym.

use rand::RngExt;

use super::{FieldError, char_len, has_control_chars};

/// The youngest and oldest people the service is for (jeugdhulp runs to 18, some care to 23).
const MIN_AGE: i32 = 4;
const MAX_AGE: i32 = 27;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthYear(i32);

impl BirthYear {
    /// The oldest and the youngest valid birth year in `current_year` (the OpenAPI document
    /// names the same range).
    pub fn range(current_year: i32) -> (i32, i32) {
        (current_year - MAX_AGE, current_year - MIN_AGE)
    }

    /// Valid birth years depend on the current year, which the caller passes in (no clock here).
    pub fn parse(year: i64, current_year: i32) -> Result<Self, FieldError> {
        let year =
            i32::try_from(year).map_err(|_| FieldError::new("birth_year", "out_of_range"))?;
        let (oldest, youngest) = Self::range(current_year);
        if year < oldest || year > youngest {
            return Err(FieldError::new("birth_year", "out_of_range"));
        }
        Ok(Self(year))
    }
    /// For values read back from the database, which were validated when written.
    pub fn from_stored(year: i64) -> Self {
        Self(year as i32)
    }
    pub fn get(self) -> i32 {
        self.0
    }
}

pub const MAX_IDENTIFIERS: usize = 50;
pub const IDENTIFIER_MAX_CHARS: usize = 100;

/// Names and places that must never be published; stored only sealed, used by the anonymiser.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Identifiers(Vec<String>);

impl Identifiers {
    pub fn parse(items: Vec<String>) -> Result<Self, FieldError> {
        if items.len() > MAX_IDENTIFIERS {
            return Err(FieldError::new("identifiers", "too_many"));
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let item = item.trim().to_string();
            if item.is_empty() {
                return Err(FieldError::new("identifiers", "empty_item"));
            }
            if char_len(&item) > IDENTIFIER_MAX_CHARS || has_control_chars(&item) {
                return Err(FieldError::new("identifiers", "invalid_item"));
            }
            if !out.contains(&item) {
                out.push(item);
            }
        }
        Ok(Self(out))
    }
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// A random, meaningless name for a participant, so workers can tell them apart without a real
/// name in the clear: "Jongere-" and six characters from an alphabet without look-alikes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym(String);

const PSEUDONYM_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

impl Pseudonym {
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let tail: String = (0..6)
            .map(|_| PSEUDONYM_ALPHABET[rng.random_range(0..PSEUDONYM_ALPHABET.len())] as char)
            .collect();
        Self(format!("Jongere-{tail}"))
    }
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_birth_year_must_fit_a_young_person() {
        assert!(BirthYear::parse(2010, 2026).is_ok());
        assert!(BirthYear::parse(1950, 2026).is_err());
        assert!(BirthYear::parse(2026, 2026).is_err());
        assert!(BirthYear::parse(i64::MAX, 2026).is_err());
    }

    #[test]
    fn identifiers_are_trimmed_deduplicated_and_bounded() {
        let ids = Identifiers::parse(vec![" Sanne ".into(), "Sanne".into(), "Beilen".into()]);
        assert_eq!(ids.ok().map(|i| i.as_slice().len()), Some(2));
        assert!(Identifiers::parse(vec!["".into()]).is_err());
        assert!(Identifiers::parse(vec!["x".into(); MAX_IDENTIFIERS + 1]).is_err());
    }

    #[test]
    fn pseudonyms_look_alike_but_differ() {
        let a = Pseudonym::generate();
        assert!(a.as_str().starts_with("Jongere-"));
        assert_eq!(a.as_str().len(), "Jongere-".len() + 6);
        assert_ne!(a, Pseudonym::generate());
    }
}
