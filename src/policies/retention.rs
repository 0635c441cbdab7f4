//! The `[retention]` table of `rules.toml`: how long what is kept, validated at start.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RetentionFile {
    unredeemed_participant_days: i64,
    inactive_participant_days: i64,
    ended_consent_ledger_days: i64,
    access_log_days: i64,
}

/// Retention periods in days; each 1 or more.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub unredeemed_participant_days: i64,
    pub inactive_participant_days: i64,
    pub ended_consent_ledger_days: i64,
    pub access_log_days: i64,
}

/// Besides each being positive: an unredeemed participant is not erased while their invite may
/// still be redeemed, and inactivity never erases what is still shared with live consent.
pub(super) fn validate(
    file: RetentionFile,
    invite_valid_days: i64,
    consent_valid_days: i64,
) -> Result<Retention, String> {
    let positive = |name: &str, v: i64| {
        if v >= 1 {
            Ok(v)
        } else {
            Err(format!("retention.{name} must be 1 or more"))
        }
    };
    let r = Retention {
        unredeemed_participant_days: positive(
            "unredeemed_participant_days",
            file.unredeemed_participant_days,
        )?,
        inactive_participant_days: positive(
            "inactive_participant_days",
            file.inactive_participant_days,
        )?,
        ended_consent_ledger_days: positive(
            "ended_consent_ledger_days",
            file.ended_consent_ledger_days,
        )?,
        access_log_days: positive("access_log_days", file.access_log_days)?,
    };
    if r.unredeemed_participant_days <= invite_valid_days {
        return Err(
            "retention.unredeemed_participant_days must be more than invites.valid_days".into(),
        );
    }
    if r.inactive_participant_days < consent_valid_days {
        return Err(
            "retention.inactive_participant_days must be at least consent.valid_days".into(),
        );
    }
    Ok(r)
}
