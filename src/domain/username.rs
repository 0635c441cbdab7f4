//! Usernames. They may be a young person's real name, so they are stored sealed and looked up by a
//! keyed hash of their normalised form.

use super::{FieldError, char_len};

pub const USERNAME_MIN_CHARS: usize = 3;
pub const USERNAME_MAX_CHARS: usize = 64;

#[derive(Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(s: String) -> Result<Self, FieldError> {
        let s = s.trim().to_string();
        let n = char_len(&s);
        if !(USERNAME_MIN_CHARS..=USERNAME_MAX_CHARS).contains(&n) {
            return Err(FieldError::new("username", "length"));
        }
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(FieldError::new("username", "invalid_characters"));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The form that decides uniqueness: "Sanne" and "sanne" are the same account.
    pub fn normalised(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_bounded_and_without_spaces() {
        assert!(Username::parse("ab".into()).is_err());
        assert!(Username::parse("a b c".into()).is_err());
        assert!(Username::parse("x".repeat(65)).is_err());
        assert!(Username::parse("  sanne.b  ".into()).is_ok());
    }

    #[test]
    fn usernames_compare_case_insensitively() {
        let a = Username::parse("Sanne".into()).ok().map(|u| u.normalised());
        let b = Username::parse("sANNE".into()).ok().map(|u| u.normalised());
        assert_eq!(a, b);
    }
}
