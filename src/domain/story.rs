//! A recorded interview: title, body and the day it was recorded.

use time::Date;

use super::{FieldError, char_len, has_control_chars};

pub const TITLE_MAX_CHARS: usize = 200;
/// Stories may hold up to 200 KB of text (API contract), counted in UTF-8 bytes.
pub const BODY_MAX_BYTES: usize = 200 * 1024;

#[derive(Clone, PartialEq, Eq)]
pub struct StoryTitle(String);

impl StoryTitle {
    pub fn parse(s: String) -> Result<Self, FieldError> {
        let s = s.trim().to_string();
        if s.is_empty() {
            return Err(FieldError::new("title", "required"));
        }
        if char_len(&s) > TITLE_MAX_CHARS {
            return Err(FieldError::new("title", "too_long"));
        }
        if has_control_chars(&s) || s.contains('\n') {
            return Err(FieldError::new("title", "control_characters"));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct StoryBody(String);

/// Why a body was refused. Oversize is its own case: the API answers it with 413, not 400.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    Invalid(FieldError),
    TooLarge,
}

impl StoryBody {
    pub fn parse(s: String) -> Result<Self, BodyError> {
        if s.len() > BODY_MAX_BYTES {
            return Err(BodyError::TooLarge);
        }
        if s.trim().is_empty() {
            return Err(BodyError::Invalid(FieldError::new("body", "required")));
        }
        if has_control_chars(&s) {
            return Err(BodyError::Invalid(FieldError::new(
                "body",
                "control_characters",
            )));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The passage between two code-point offsets (end exclusive), if they are in bounds.
    pub fn passage(&self, start: usize, end: usize) -> Option<String> {
        if start >= end {
            return None;
        }
        let len = char_len(&self.0);
        if end > len {
            return None;
        }
        Some(self.0.chars().skip(start).take(end - start).collect())
    }
}

/// The day an interview was recorded: not in the future, not before the service could exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedOn(Date);

impl RecordedOn {
    pub fn parse(s: &str, today: Date) -> Result<Self, FieldError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date =
            Date::parse(s, format).map_err(|_| FieldError::new("recorded_on", "invalid_date"))?;
        if date > today || date.year() < 2000 {
            return Err(FieldError::new("recorded_on", "out_of_range"));
        }
        Ok(Self(date))
    }
    pub fn date(self) -> Date {
        self.0
    }
    /// `YYYY-MM-DD`, the form stored and returned.
    pub fn to_iso(self) -> String {
        let d = self.0;
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
    /// `YYYY-MM`: the only time detail an audience sees.
    pub fn month(self) -> String {
        let d = self.0;
        format!("{:04}-{:02}", d.year(), u8::from(d.month()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_passage_is_cut_by_code_points() {
        let body = StoryBody::parse("één twee drie".into()).ok();
        let body = body.as_ref().map(|b| b.passage(0, 3));
        assert_eq!(body, Some(Some("één".to_string())));
    }

    #[test]
    fn a_passage_out_of_bounds_or_empty_is_refused() {
        let body = StoryBody::parse("kort".into()).ok();
        assert_eq!(body.as_ref().and_then(|b| b.passage(2, 9)), None);
        assert_eq!(body.as_ref().and_then(|b| b.passage(2, 2)), None);
    }

    #[test]
    fn an_oversize_body_is_its_own_error() {
        assert_eq!(
            StoryBody::parse("a".repeat(BODY_MAX_BYTES + 1)).err(),
            Some(BodyError::TooLarge)
        );
    }

    #[test]
    fn recorded_on_is_a_past_iso_date() {
        let today = date!(2026 - 11 - 23);
        assert_eq!(
            RecordedOn::parse("2026-03-05", today)
                .map(|d| d.month())
                .ok(),
            Some("2026-03".into())
        );
        assert!(RecordedOn::parse("2027-01-01", today).is_err());
        assert!(RecordedOn::parse("5 maart", today).is_err());
    }
}
