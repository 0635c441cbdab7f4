//! Domain types: no I/O. Each type can only hold a valid value (parse, don't validate).

use std::borrow::Cow;

pub mod audience;
pub mod excerpt;
pub mod ids;
pub mod overview;
pub mod participant;
pub mod role;
pub mod secret_codes;
pub mod session;
pub mod story;
pub mod time;
pub mod username;
pub mod visibility;

pub use audience::{Audience, AudienceFlags};
pub use excerpt::{ExcerptStatus, ExcerptText, ExcerptVersion, ReviewComment, ReviewDecision};
pub use ids::{AccountId, ExcerptId, FeedItemId, GuardianId, ParticipantId, StoryId};
pub use overview::{Quarter, RoundedCount};
pub use participant::{BirthYear, Identifiers, Pseudonym};
pub use role::Role;
pub use secret_codes::{InviteCode, OneTimeCode, Password, SessionToken};
pub use session::SessionOrigin;
pub use story::{RecordedOn, StoryBody, StoryTitle};
pub use username::Username;

/// A field-level validation failure: which field, and a machine-readable code. Never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Cow<'static, str>,
    pub code: Cow<'static, str>,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self {
            field: Cow::Borrowed(field),
            code: Cow::Borrowed(code),
        }
    }
}

/// Counts Unicode scalar values, the unit every length limit in the API is given in.
pub(crate) fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// True for text that contains control characters other than ordinary whitespace.
pub(crate) fn has_control_chars(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}
