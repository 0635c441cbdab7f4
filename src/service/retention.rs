//! Retention: erase participants past their time and remove old records, as `[retention]` in
//! `policies/rules.toml` says. Run by a task in the service and by `storyvault retention --now`.

use super::Service;
use crate::domain::time::Millis;
use crate::error::AppResult;
use crate::store::RetentionCounts;

impl Service {
    /// One run. Erasures are journaled first, like the young person's own, so a restore cannot
    /// bring them back. Logs counts only.
    pub async fn enforce_retention(&self) -> AppResult<RetentionCounts> {
        let now = Millis::now();
        let rules = self.inner.policies.rules;
        let retention = rules.retention;
        let store = &self.inner.store;
        let mut due = store
            .unredeemed_participants(now.minus_days(retention.unredeemed_participant_days))
            .await?;
        due.extend(
            store
                .inactive_participants(now.minus_days(retention.inactive_participant_days))
                .await?,
        );
        due.sort();
        due.dedup();
        if !due.is_empty() {
            self.journal_erasures(&due).await?;
        }
        let erased = store.erase_participants(&due).await?;
        let counts = RetentionCounts {
            participants_erased: erased,
            ..store
                .remove_expired_records(
                    now.minus_days(retention.access_log_days),
                    now.minus_days(retention.ended_consent_ledger_days),
                    // A grant has lapsed once its stored expiry has passed.
                    now,
                )
                .await?
        };
        tracing::info!(
            participants_erased = counts.participants_erased,
            ledger_entries_removed = counts.ledger_entries_removed,
            lapsed_consents_removed = counts.lapsed_consents_removed,
            access_entries_removed = counts.access_entries_removed,
            "retention enforced"
        );
        Ok(counts)
    }
}
