//! The one visibility rule: may an audience see an excerpt right now?
//!
//! The feed and its single-item view both decide with `is_visible`. The store's feed query selects
//! candidates with the same conditions (so that keyset pages are full) and the service still
//! passes every row through this function; the model-based property test in `tests/api` checks the
//! whole path against a simple model after every step.

use super::time::Millis;
use super::{ExcerptStatus, ExcerptVersion};

/// Everything the rule looks at. The story and participant exist by construction: deleting either
/// deletes the excerpt and its consents in the same transaction.
#[derive(Debug, Clone, Copy)]
pub struct VisibilityFacts {
    pub status: ExcerptStatus,
    pub current_version: ExcerptVersion,
    /// The live consent for this audience, if any: the version it was given for and when.
    pub consent: Option<GrantedConsent>,
}

#[derive(Debug, Clone, Copy)]
pub struct GrantedConsent {
    pub version: ExcerptVersion,
    pub granted_at: Millis,
}

/// Visible iff approved, and consent for this audience was given for exactly the current version
/// and has not lapsed (consent older than `valid_days` must be asked again).
pub fn is_visible(facts: &VisibilityFacts, now: Millis, valid_days: i64) -> bool {
    let Some(consent) = facts.consent else {
        return false;
    };
    facts.status == ExcerptStatus::Approved
        && consent.version == facts.current_version
        && consent.granted_at >= consent_cutoff(now, valid_days)
}

/// Consent given before this moment has lapsed.
pub fn consent_cutoff(now: Millis, valid_days: i64) -> Millis {
    now.minus_days(valid_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: i64) -> ExcerptVersion {
        ExcerptVersion::new(n).unwrap_or(ExcerptVersion::FIRST)
    }

    fn facts(status: ExcerptStatus, current: i64, consent: Option<(i64, i64)>) -> VisibilityFacts {
        VisibilityFacts {
            status,
            current_version: v(current),
            consent: consent.map(|(version, at)| GrantedConsent {
                version: v(version),
                granted_at: Millis::from_raw(at),
            }),
        }
    }

    const NOW: i64 = 1_000 * 86_400_000;

    #[test]
    fn nothing_is_visible_without_consent() {
        assert!(!is_visible(
            &facts(ExcerptStatus::Approved, 1, None),
            Millis::from_raw(NOW),
            730
        ));
    }

    #[test]
    fn approved_with_consent_for_the_current_version_is_visible() {
        assert!(is_visible(
            &facts(ExcerptStatus::Approved, 2, Some((2, NOW))),
            Millis::from_raw(NOW),
            730
        ));
    }

    #[test]
    fn consent_for_an_older_version_does_not_count() {
        assert!(!is_visible(
            &facts(ExcerptStatus::Approved, 3, Some((2, NOW))),
            Millis::from_raw(NOW),
            730
        ));
    }

    #[test]
    fn an_excerpt_that_is_not_approved_is_never_visible() {
        for status in [
            ExcerptStatus::Draft,
            ExcerptStatus::AwaitingReview,
            ExcerptStatus::Rejected,
        ] {
            assert!(!is_visible(
                &facts(status, 1, Some((1, NOW))),
                Millis::from_raw(NOW),
                730
            ));
        }
    }

    #[test]
    fn consent_lapses_after_its_validity() {
        let old = NOW - 731 * 86_400_000;
        assert!(!is_visible(
            &facts(ExcerptStatus::Approved, 1, Some((1, old))),
            Millis::from_raw(NOW),
            730
        ));
    }
}
