//! Pure property test of the visibility rule: random sequences of steps (edits, reviews, the young
//! person's and a guardian's answers, renewals, new consent texts, policy changes, time passing
//! across the 16th birthday) drive a small state machine that keeps `Grant`s the way the service
//! does and asks `is_visible`; a reference model that only keeps the history of events decides
//! independently. They must agree after every step.

use proptest::prelude::*;

use super::{Grant, VisibilityFacts, consent_expiry, is_visible, may_be_visible};
use crate::domain::time::Millis;
use crate::domain::{ExcerptStatus, ExcerptVersion};

const DAY: i64 = 86_400_000;
const START: i64 = 20_000 * DAY;

#[derive(Debug, Clone)]
enum Step {
    Edit,
    Approve,
    Reject,
    YouthYes,
    YouthNo,
    Renew,
    GuardianYes,
    GuardianNo,
    NewConsentText,
    SetValidDays(i64),
    Wait(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => Just(Step::Edit),
        2 => Just(Step::Approve),
        1 => Just(Step::Reject),
        3 => Just(Step::YouthYes),
        1 => Just(Step::YouthNo),
        1 => Just(Step::Renew),
        3 => Just(Step::GuardianYes),
        1 => Just(Step::GuardianNo),
        1 => Just(Step::NewConsentText),
        1 => (1i64..900).prop_map(Step::SetValidDays),
        2 => (0i64..500).prop_map(Step::Wait),
    ]
}

/// The service's bookkeeping: status, version and the grants as stored.
struct System {
    status: ExcerptStatus,
    version: i64,
    ctv: i64,
    youth: Option<Grant>,
    guardian: Option<Grant>,
}

impl System {
    fn facts(&self, birth_year: i32) -> VisibilityFacts {
        VisibilityFacts {
            status: self.status,
            current_version: version(self.version),
            current_consent_text_version: self.ctv,
            birth_year,
            youth: self.youth,
            guardian: self.guardian,
        }
    }
    fn holds(&self, g: Option<Grant>, now: Millis) -> bool {
        g.is_some_and(|g| g.holds(version(self.version), self.ctv, now))
    }
    fn grant(&self, now: Millis, valid_days: i64) -> Grant {
        Grant {
            version: version(self.version),
            consent_text_version: self.ctv,
            expires_at: consent_expiry(now, valid_days),
        }
    }
}

fn version(n: i64) -> ExcerptVersion {
    ExcerptVersion::new(n).unwrap_or(ExcerptVersion::FIRST)
}

/// The reference: a log of what happened, and a plain reading of the rules over it.
#[derive(Clone, Copy, PartialEq)]
enum Event {
    Edit,
    Approved,
    Rejected,
    NewText,
    /// A yes given on `day`, valid for `days`.
    YouthYes {
        day: i64,
        days: i64,
    },
    YouthNo,
    GuardianYes {
        day: i64,
        days: i64,
    },
    GuardianNo,
}

struct Reference {
    log: Vec<Event>,
}

impl Reference {
    fn approved(&self) -> bool {
        let last = self
            .log
            .iter()
            .rev()
            .find(|e| matches!(e, Event::Edit | Event::Approved | Event::Rejected));
        last == Some(&Event::Approved)
    }
    /// The last yes of one side still counts if nothing after it undid it and it has not lapsed.
    fn live(&self, guardian: bool, today: i64) -> bool {
        for e in self.log.iter().rev() {
            match (e, guardian) {
                (Event::Edit | Event::NewText | Event::YouthNo, _) => return false,
                (Event::GuardianNo, true) => return false,
                (Event::YouthYes { day, days }, false)
                | (Event::GuardianYes { day, days }, true) => {
                    return today < day + days;
                }
                _ => {}
            }
        }
        false
    }
    fn visible(&self, today: i64, age: i32) -> bool {
        self.approved() && self.live(false, today) && (age > 16 || self.live(true, today))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn the_rule_publishes_only_what_the_reference_allows(
        age_at_start in 10i32..19,
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        // Days are whole: the clock moves a day at a time, so expiry at midnight is unambiguous.
        let mut today = START / DAY;
        let start_year = Millis::from_raw(START).to_datetime().year();
        let birth_year = start_year - age_at_start;
        let mut valid_days = 730;
        let mut sys = System { status: ExcerptStatus::Draft, version: 1, ctv: 1, youth: None, guardian: None };
        let mut reference = Reference { log: Vec::new() };
        for step in steps {
            let now = Millis::from_raw(today * DAY);
            match step {
                Step::Edit => {
                    sys.version += 1;
                    sys.status = ExcerptStatus::Draft;
                    sys.youth = None;
                    sys.guardian = None;
                    reference.log.push(Event::Edit);
                }
                Step::Approve | Step::Reject => {
                    let approve = matches!(step, Step::Approve);
                    if sys.status == ExcerptStatus::Draft {
                        sys.status = if approve { ExcerptStatus::Approved } else { ExcerptStatus::Rejected };
                        reference.log.push(if approve { Event::Approved } else { Event::Rejected });
                    }
                }
                Step::YouthYes | Step::Renew => {
                    let forced = matches!(step, Step::Renew);
                    if sys.status == ExcerptStatus::Approved && (forced || !sys.holds(sys.youth, now)) {
                        sys.youth = Some(sys.grant(now, valid_days));
                        reference.log.push(Event::YouthYes { day: today, days: valid_days });
                    }
                }
                Step::YouthNo => {
                    sys.youth = None;
                    sys.guardian = None;
                    reference.log.push(Event::YouthNo);
                }
                Step::GuardianYes => {
                    // A guardian answers only after the young person's live yes.
                    if sys.status == ExcerptStatus::Approved && sys.holds(sys.youth, now) && !sys.holds(sys.guardian, now) {
                        sys.guardian = Some(sys.grant(now, valid_days));
                        reference.log.push(Event::GuardianYes { day: today, days: valid_days });
                    }
                }
                Step::GuardianNo => {
                    sys.guardian = None;
                    reference.log.push(Event::GuardianNo);
                }
                Step::NewConsentText => {
                    sys.ctv += 1;
                    reference.log.push(Event::NewText);
                }
                Step::SetValidDays(days) => valid_days = days,
                Step::Wait(days) => today += days,
            }
            let now = Millis::from_raw(today * DAY);
            let age = now.to_datetime().year() - birth_year;
            prop_assert_eq!(
                is_visible(&sys.facts(birth_year), now),
                reference.visible(today, age),
                "after {:?} on day {} (age by year {})", step, today, age
            );
            // The feed table keeps a row iff `may_be_visible`; nothing visible may lack one.
            if reference.visible(today, age) {
                prop_assert!(may_be_visible(&sys.facts(birth_year)), "no feed row after {:?}", step);
            }
        }
    }
}
