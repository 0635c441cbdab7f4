//! Typed ids, so that a story id can never be passed where an excerpt id is expected.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered id (UUID v7), which keeps primary-key indexes compact.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }
    };
}

uuid_id!(
    /// An account of any role.
    AccountId
);
uuid_id!(
    /// A young person whose stories are recorded.
    ParticipantId
);
uuid_id!(
    /// A guardian of a participant under 16 (a parent, legal guardian or organisation).
    GuardianId
);
uuid_id!(
    /// One recorded interview.
    StoryId
);
uuid_id!(
    /// An anonymised passage of a story.
    ExcerptId
);

/// The id of an excerpt as one audience sees it: a keyed hash of (audience, excerpt), so that the
/// same excerpt has unrelated ids in different audiences and nothing links it back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedItemId([u8; 16]);

impl FeedItemId {
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
    /// Parses the 32-character lowercase hex form used in the API.
    pub fn parse(s: &str) -> Option<Self> {
        if s.len() != 32 {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
            let hex = std::str::from_utf8(chunk).ok()?;
            out[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        Some(Self(out))
    }
}

impl fmt::Display for FeedItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One formatting call for the 32 digits (a page writes fifty ids).
        write!(f, "{:032x}", u128::from_be_bytes(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_item_id_round_trips_through_its_hex_form() {
        let id = FeedItemId::from_bytes([0xab; 16]);
        assert_eq!(FeedItemId::parse(&id.to_string()), Some(id));
    }

    #[test]
    fn a_feed_item_id_rejects_wrong_lengths_and_non_hex() {
        assert_eq!(FeedItemId::parse("abc"), None);
        assert_eq!(FeedItemId::parse(&"zz".repeat(16)), None);
        assert_eq!(FeedItemId::parse(&"é".repeat(16)), None);
    }

    #[test]
    fn a_story_id_parses_only_uuids() {
        assert!("not-a-uuid".parse::<StoryId>().is_err());
        let id = StoryId::generate();
        assert_eq!(id.to_string().parse::<StoryId>().ok(), Some(id));
    }
}
