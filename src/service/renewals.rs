//! Renewal: grants that lapse within 30 days, have lapsed, or were given under a consent text
//! that has since changed, listed for the young person (their own) or a guardian (theirs).

use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::visibility::guardian_required;
use crate::domain::{Audience, ExcerptId, ExcerptVersion};
use crate::error::AppResult;

/// How far ahead a lapsing grant is shown.
pub const RENEWAL_WINDOW_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalReason {
    /// Lapses within the window.
    Expiring,
    /// Has lapsed: no longer published until renewed.
    Lapsed,
    /// Given under an older consent text: no longer published until renewed.
    ConsentTextChanged,
}

impl RenewalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RenewalReason::Expiring => "expiring",
            RenewalReason::Lapsed => "lapsed",
            RenewalReason::ConsentTextChanged => "consent_text_changed",
        }
    }
}

pub struct Renewal {
    pub excerpt_id: ExcerptId,
    pub version: ExcerptVersion,
    pub audience: Audience,
    pub expires_at: Millis,
    pub reason: RenewalReason,
}

impl Service {
    pub async fn renewals(&self, caller: &Caller) -> AppResult<Vec<Renewal>> {
        let (participant, as_guardian) = self.renewal_scope(caller).await?;
        let now = Millis::now();
        if as_guardian && !guardian_required(self.birth_year(participant).await?, now) {
            return Ok(Vec::new());
        }
        let soon = now.minus_days(-RENEWAL_WINDOW_DAYS);
        let rows = self
            .inner
            .store
            .excerpts_of_participant(participant)
            .await?;
        let mut out = Vec::new();
        for row in rows.iter().filter(|r| r.status.allows_consent()) {
            let grants = if as_guardian {
                &row.guardian_consents
            } else {
                &row.consents
            };
            for grant in grants.iter().filter(|g| g.version == row.version) {
                let current_text = self.inner.policies.consent_text_version(grant.audience);
                let reason = if grant.consent_text_version != current_text {
                    RenewalReason::ConsentTextChanged
                } else if grant.expires_at <= now {
                    RenewalReason::Lapsed
                } else if grant.expires_at <= soon {
                    RenewalReason::Expiring
                } else {
                    continue;
                };
                out.push(Renewal {
                    excerpt_id: row.id,
                    version: row.version,
                    audience: grant.audience,
                    expires_at: grant.expires_at,
                    reason,
                });
            }
        }
        Ok(out)
    }
}
