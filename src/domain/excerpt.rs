//! Excerpts: their text, version, status and the transitions between statuses.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FieldError, char_len, has_control_chars};

/// The longest excerpt, in characters. An excerpt is a passage, not a story.
pub const EXCERPT_MAX_CHARS: usize = 10_000;
/// The longest review comment, in characters (API contract).
pub const COMMENT_MAX_CHARS: usize = 2_000;

/// The anonymised text of an excerpt (plaintext: it must be sealed before it is stored).
#[derive(Clone, PartialEq, Eq)]
pub struct ExcerptText(String);

impl ExcerptText {
    pub fn parse(s: String) -> Result<Self, FieldError> {
        if s.trim().is_empty() {
            return Err(FieldError::new("text", "required"));
        }
        if char_len(&s) > EXCERPT_MAX_CHARS {
            return Err(FieldError::new("text", "too_long"));
        }
        if has_control_chars(&s) {
            return Err(FieldError::new("text", "control_characters"));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An optional note of the young person with their review, sealed before it is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ReviewComment(String);

impl ReviewComment {
    pub fn parse(s: String) -> Result<Self, FieldError> {
        if char_len(&s) > COMMENT_MAX_CHARS {
            return Err(FieldError::new("comment", "too_long"));
        }
        if has_control_chars(&s) {
            return Err(FieldError::new("comment", "control_characters"));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A positive excerpt version; every edit makes the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExcerptVersion(i64);

impl ExcerptVersion {
    pub const FIRST: ExcerptVersion = ExcerptVersion(1);

    pub fn new(v: i64) -> Option<Self> {
        (v >= 1).then_some(Self(v))
    }
    pub fn get(self) -> i64 {
        self.0
    }
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExcerptStatus {
    Draft,
    AwaitingReview,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    Reject,
}

/// Why a status change was refused: the excerpt is not in a state that allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongStatus;

impl ExcerptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExcerptStatus::Draft => "draft",
            ExcerptStatus::AwaitingReview => "awaiting_review",
            ExcerptStatus::Approved => "approved",
            ExcerptStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::AwaitingReview,
            Self::Approved,
            Self::Rejected,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// A worker sends a draft to the young person.
    pub fn submit(self) -> Result<Self, WrongStatus> {
        match self {
            ExcerptStatus::Draft => Ok(ExcerptStatus::AwaitingReview),
            _ => Err(WrongStatus),
        }
    }

    /// The young person approves or rejects what is awaiting their review.
    pub fn review(self, decision: ReviewDecision) -> Result<Self, WrongStatus> {
        match (self, decision) {
            (ExcerptStatus::AwaitingReview, ReviewDecision::Approve) => Ok(ExcerptStatus::Approved),
            (ExcerptStatus::AwaitingReview, ReviewDecision::Reject) => Ok(ExcerptStatus::Rejected),
            _ => Err(WrongStatus),
        }
    }

    /// Consent can be given only for an approved text.
    pub fn allows_consent(self) -> bool {
        self == ExcerptStatus::Approved
    }

    /// Every edit, from any status, starts over as a draft.
    pub fn after_edit(self) -> Self {
        ExcerptStatus::Draft
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_draft_can_be_submitted() {
        assert_eq!(
            ExcerptStatus::Draft.submit(),
            Ok(ExcerptStatus::AwaitingReview)
        );
        assert_eq!(ExcerptStatus::Approved.submit(), Err(WrongStatus));
        assert_eq!(ExcerptStatus::Rejected.submit(), Err(WrongStatus));
    }

    #[test]
    fn only_an_excerpt_awaiting_review_can_be_reviewed() {
        let s = ExcerptStatus::AwaitingReview;
        assert_eq!(
            s.review(ReviewDecision::Approve),
            Ok(ExcerptStatus::Approved)
        );
        assert_eq!(
            s.review(ReviewDecision::Reject),
            Ok(ExcerptStatus::Rejected)
        );
        assert_eq!(
            ExcerptStatus::Draft.review(ReviewDecision::Approve),
            Err(WrongStatus)
        );
    }

    #[test]
    fn an_edit_always_returns_to_draft() {
        assert_eq!(ExcerptStatus::Approved.after_edit(), ExcerptStatus::Draft);
    }

    #[test]
    fn versions_start_at_one() {
        assert_eq!(ExcerptVersion::new(0), None);
        assert_eq!(ExcerptVersion::FIRST.next().get(), 2);
    }

    #[test]
    fn excerpt_text_rejects_blank_and_oversize_text() {
        assert!(ExcerptText::parse("  ".into()).is_err());
        assert!(ExcerptText::parse("a".repeat(EXCERPT_MAX_CHARS + 1)).is_err());
        assert!(ExcerptText::parse("Ik woon in [plaats].".into()).is_ok());
    }

    #[test]
    fn a_comment_may_be_empty_but_not_too_long() {
        assert!(ReviewComment::parse(String::new()).is_ok());
        assert!(ReviewComment::parse("é".repeat(COMMENT_MAX_CHARS + 1)).is_err());
    }
}
