//! When a login session ends: 12 hours after it began (absolute) or 30 minutes after its last
//! request (idle), as set in `policies/rules.toml`, or at once when its account is disabled.

use super::time::Millis;

/// The facts about one session that decide whether it still works.
#[derive(Debug, Clone, Copy)]
pub struct SessionClock {
    pub expires_at: Millis,
    pub last_seen_at: Millis,
    pub account_disabled: bool,
}

impl SessionClock {
    pub fn is_live(&self, now: Millis, idle_minutes: i64) -> bool {
        !self.account_disabled
            && now < self.expires_at
            && now < self.last_seen_at.plus_minutes(idle_minutes)
    }
}

/// How a session was created; every consent ledger entry records it, so evidence shows whether
/// the young person acted on their own password or after a recovery or a reset by staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOrigin {
    Password,
    RecoveryCode,
    StaffReset,
}

impl SessionOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionOrigin::Password => "password",
            SessionOrigin::RecoveryCode => "recovery_code",
            SessionOrigin::StaffReset => "staff_reset",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            SessionOrigin::Password,
            SessionOrigin::RecoveryCode,
            SessionOrigin::StaffReset,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    fn clock(expires_in_min: i64, idle_for_min: i64, disabled: bool) -> (SessionClock, Millis) {
        let now = Millis::from_raw(1_000 * MINUTE);
        let session = SessionClock {
            expires_at: now.plus_minutes(expires_in_min),
            last_seen_at: now.plus_minutes(-idle_for_min),
            account_disabled: disabled,
        };
        (session, now)
    }

    #[test]
    fn a_recently_used_session_within_its_lifetime_is_live() {
        let (s, now) = clock(60, 29, false);
        assert!(s.is_live(now, 30));
    }

    #[test]
    fn a_session_idle_for_thirty_minutes_has_ended() {
        let (s, now) = clock(60, 30, false);
        assert!(!s.is_live(now, 30));
    }

    #[test]
    fn a_session_past_its_absolute_lifetime_has_ended_however_busy() {
        let (s, now) = clock(0, 0, false);
        assert!(!s.is_live(now, 30));
    }

    #[test]
    fn a_disabled_account_has_no_live_session() {
        let (s, now) = clock(60, 0, true);
        assert!(!s.is_live(now, 30));
    }
}
