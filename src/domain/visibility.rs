//! The one visibility rule: may an audience see an excerpt right now?
//!
//! The feed and its single-item view both decide with `is_visible`. The store's feed query selects
//! candidates with the same conditions (so that keyset pages are full) and the service still
//! passes every row through this function; the model-based property test in `tests/api` checks the
//! whole path against a simple model after every step, and the pure one below checks this
//! function against a reference model over random sequences of steps.

use super::time::Millis;
use super::{ExcerptStatus, ExcerptVersion};

/// A guardian's part ends when the young person is 16. Only the birth year is known, so a year
/// that leaves doubt counts as under 16: with `current year - birth year <= 16` the person may
/// still be 15, and a guardian is asked.
pub const GUARDIAN_UNTIL_YEARS: i32 = 16;

/// Everything the rule looks at. The story and participant exist by construction: deleting either
/// deletes the excerpt and its consents in the same transaction.
#[derive(Debug, Clone, Copy)]
pub struct VisibilityFacts {
    pub status: ExcerptStatus,
    pub current_version: ExcerptVersion,
    /// The version of this audience's consent text in force now (policies/audiences.toml).
    pub current_consent_text_version: i64,
    /// The participant's birth year: decides whether a guardian must agree too.
    pub birth_year: i32,
    /// The young person's live yes for this audience, if any.
    pub youth: Option<Grant>,
    /// A guardian's live yes for this audience, if any.
    pub guardian: Option<Grant>,
}

/// A yes as it was given: for which text version, under which consent text, until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub version: ExcerptVersion,
    pub consent_text_version: i64,
    /// Fixed when the grant was given; a later policy change does not move it.
    pub expires_at: Millis,
}

impl Grant {
    /// A grant counts only for the exact text version, under the consent text now in force, and
    /// until it expires.
    pub fn holds(
        &self,
        current_version: ExcerptVersion,
        consent_text_version: i64,
        now: Millis,
    ) -> bool {
        self.version == current_version
            && self.consent_text_version == consent_text_version
            && now < self.expires_at
    }
}

/// True while the participant counts as under 16 (see `GUARDIAN_UNTIL_YEARS`).
pub fn guardian_required(birth_year: i32, now: Millis) -> bool {
    now.to_datetime().year() - birth_year <= GUARDIAN_UNTIL_YEARS
}

/// The part of the rule that only a write can change: approved, and the young person's yes is for
/// the current text. The store keeps an excerpt in an audience's feed table (`feed_items`) iff
/// this holds, rewriting the row in the transaction that changes any of it; what changes with
/// time or policy (a lapse, a new consent text, turning 16, the guardian's part) is kept in the
/// row and decided by `is_visible` when the row is read.
pub fn may_be_visible(facts: &VisibilityFacts) -> bool {
    facts.status == ExcerptStatus::Approved
        && facts
            .youth
            .is_some_and(|g| g.version == facts.current_version)
}

/// Visible iff approved, the young person's yes holds for the current text and consent text, and,
/// while they count as under 16, a guardian's yes holds too. The young person's "no" (no grant)
/// always wins.
pub fn is_visible(facts: &VisibilityFacts, now: Millis) -> bool {
    let holds = |grant: Option<Grant>| {
        grant.is_some_and(|g| {
            g.holds(
                facts.current_version,
                facts.current_consent_text_version,
                now,
            )
        })
    };
    may_be_visible(facts)
        && holds(facts.youth)
        && (!guardian_required(facts.birth_year, now) || holds(facts.guardian))
}

/// When a grant given at `now` lapses, under the policy's `valid_days`.
pub fn consent_expiry(now: Millis, valid_days: i64) -> Millis {
    now.minus_days(-valid_days)
}

#[cfg(test)]
mod model;

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: i64) -> ExcerptVersion {
        ExcerptVersion::new(n).unwrap_or(ExcerptVersion::FIRST)
    }

    const DAY: i64 = 86_400_000;
    /// 2026-11-28, about.
    const NOW: i64 = 20_785 * DAY;

    fn grant(version: i64, expires_in_days: i64) -> Grant {
        Grant {
            version: v(version),
            consent_text_version: 1,
            expires_at: Millis::from_raw(NOW + expires_in_days * DAY),
        }
    }

    fn adult_facts(youth: Option<Grant>) -> VisibilityFacts {
        VisibilityFacts {
            status: ExcerptStatus::Approved,
            current_version: v(2),
            current_consent_text_version: 1,
            birth_year: 2000,
            youth,
            guardian: None,
        }
    }

    fn now() -> Millis {
        Millis::from_raw(NOW)
    }

    #[test]
    fn nothing_is_visible_without_consent() {
        assert!(!is_visible(&adult_facts(None), now()));
    }

    #[test]
    fn approved_with_consent_for_the_current_version_is_visible() {
        assert!(is_visible(&adult_facts(Some(grant(2, 10))), now()));
    }

    #[test]
    fn consent_for_an_older_version_does_not_count() {
        assert!(!is_visible(&adult_facts(Some(grant(1, 10))), now()));
    }

    #[test]
    fn an_excerpt_that_is_not_approved_is_never_visible() {
        for status in [
            ExcerptStatus::Draft,
            ExcerptStatus::AwaitingReview,
            ExcerptStatus::Rejected,
        ] {
            let facts = VisibilityFacts {
                status,
                ..adult_facts(Some(grant(2, 10)))
            };
            assert!(!is_visible(&facts, now()));
        }
    }

    #[test]
    fn consent_lapses_at_its_stored_expiry() {
        assert!(!is_visible(&adult_facts(Some(grant(2, 0))), now()));
        assert!(!is_visible(&adult_facts(Some(grant(2, -1))), now()));
    }

    #[test]
    fn a_new_consent_text_asks_for_renewal() {
        let facts = VisibilityFacts {
            current_consent_text_version: 2,
            ..adult_facts(Some(grant(2, 10)))
        };
        assert!(!is_visible(&facts, now()));
    }

    #[test]
    fn under_sixteen_a_guardian_must_agree_too() {
        let young = VisibilityFacts {
            birth_year: 2013,
            ..adult_facts(Some(grant(2, 10)))
        };
        assert!(!is_visible(&young, now()));
        let both = VisibilityFacts {
            guardian: Some(grant(2, 10)),
            ..young
        };
        assert!(is_visible(&both, now()));
        let guardian_alone = VisibilityFacts {
            youth: None,
            ..both
        };
        assert!(!is_visible(&guardian_alone, now()));
        let guardian_for_old_text = VisibilityFacts {
            guardian: Some(grant(1, 10)),
            ..young
        };
        assert!(!is_visible(&guardian_for_old_text, now()));
    }

    #[test]
    fn a_year_that_leaves_doubt_counts_as_under_sixteen() {
        let year = now().to_datetime().year();
        assert!(guardian_required(year - 16, now()));
        assert!(!guardian_required(year - 17, now()));
    }

    #[test]
    fn expiry_is_valid_days_after_the_grant() {
        assert_eq!(consent_expiry(now(), 730).raw(), NOW + 730 * DAY);
    }
}
