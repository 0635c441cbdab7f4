//! Retention (`[retention]` in `policies/rules.toml`): finding participants past their time, and
//! removing old access-log and ended-consent ledger entries. Every statement takes its cut-off as
//! a parameter; the use case decides the times.

use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, ParticipantId};

/// What a retention run removed (counts only, for the log).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RetentionCounts {
    pub participants_erased: u64,
    pub ledger_entries_removed: u64,
    pub lapsed_consents_removed: u64,
    pub access_entries_removed: u64,
}

impl Store {
    /// Notes that a young person signed in (for the inactivity rule); nothing for other roles.
    pub async fn record_participant_activity(
        &self,
        account: AccountId,
        now: Millis,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO participant_activity (participant_id, last_active_at) \
                 SELECT participant_id, $2 FROM accounts WHERE id = $1 AND participant_id IS NOT NULL \
                 ON CONFLICT (participant_id) DO UPDATE SET last_active_at = excluded.last_active_at",
            )
            .bind(account.as_uuid())
            .bind(now.raw())
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Participants registered before `cutoff` who have no account of their own and no invite
    /// issued since `cutoff`.
    pub async fn unredeemed_participants(&self, cutoff: Millis) -> StoreResult<Vec<ParticipantId>> {
        let ids: Vec<Uuid> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT p.id FROM participants p WHERE p.created_at < $1 \
                 AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.participant_id = p.id) \
                 AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.participant_id = p.id AND i.created_at >= $1)",
            )
            .bind(cutoff.raw())
            .fetch_all(pool)
            .await?
        });
        Ok(ids.into_iter().map(ParticipantId::from_uuid).collect())
    }

    /// Participants with no sign-in, story, excerpt change, consent change, invite or live
    /// consent since `cutoff`.
    pub async fn inactive_participants(&self, cutoff: Millis) -> StoreResult<Vec<ParticipantId>> {
        let ids: Vec<Uuid> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT p.id FROM participants p WHERE p.created_at < $1 \
                 AND NOT EXISTS (SELECT 1 FROM participant_activity a WHERE a.participant_id = p.id AND a.last_active_at >= $1) \
                 AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.participant_id = p.id AND s.created_at >= $1) \
                 AND NOT EXISTS (SELECT 1 FROM excerpts e WHERE e.participant_id = p.id AND e.updated_at >= $1) \
                 AND NOT EXISTS (SELECT 1 FROM excerpts e JOIN consent_ledger l ON l.excerpt_id = e.id \
                                 WHERE e.participant_id = p.id AND l.at >= $1) \
                 AND NOT EXISTS (SELECT 1 FROM excerpts e JOIN consents c ON c.excerpt_id = e.id \
                                 WHERE e.participant_id = p.id AND c.granted_at >= $1) \
                 AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.participant_id = p.id AND i.created_at >= $1)",
            )
            .bind(cutoff.raw())
            .fetch_all(pool)
            .await?
        });
        Ok(ids.into_iter().map(ParticipantId::from_uuid).collect())
    }

    /// Erases each participant (as `erase_participant`), all in one transaction.
    pub async fn erase_participants(&self, ids: &[ParticipantId]) -> StoreResult<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let mut erased = 0;
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for id in ids {
                erased += sqlx::query("DELETE FROM participants WHERE id = $1")
                    .bind(id.as_uuid())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
        });
        self.checkpoint_after_erasure().await;
        Ok(erased)
    }

    /// In one transaction: access-log entries before `access_cutoff`; and for every (excerpt,
    /// audience) whose consent has ended (no consent on record, or one granted before
    /// expiry at or before `lapsed_at`) and whose newest ledger entry is before `ledger_cutoff`, its ledger
    /// entries and the lapsed consent row.
    pub async fn remove_expired_records(
        &self,
        access_cutoff: Millis,
        ledger_cutoff: Millis,
        lapsed_at: Millis,
    ) -> StoreResult<RetentionCounts> {
        const ENDED: &str = "SELECT l.excerpt_id, l.audience FROM consent_ledger l \
             LEFT JOIN consents c ON c.excerpt_id = l.excerpt_id AND c.audience = l.audience \
             WHERE c.excerpt_id IS NULL OR c.expires_at <= $2 \
             GROUP BY l.excerpt_id, l.audience HAVING MAX(l.at) < $1";
        let mut counts = RetentionCounts::default();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            counts.access_entries_removed = sqlx::query("DELETE FROM access_log WHERE at < $1")
                .bind(access_cutoff.raw())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let ended: Vec<(Uuid, String)> = sqlx::query_as(ENDED)
                .bind(ledger_cutoff.raw())
                .bind(lapsed_at.raw())
                .fetch_all(&mut *tx)
                .await?;
            for (excerpt, audience) in &ended {
                counts.lapsed_consents_removed += sqlx::query(
                    "DELETE FROM consents WHERE excerpt_id = $1 AND audience = $2 AND expires_at <= $3",
                )
                .bind(excerpt)
                .bind(audience)
                .bind(lapsed_at.raw())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                counts.ledger_entries_removed += sqlx::query(
                    "DELETE FROM consent_ledger WHERE excerpt_id = $1 AND audience = $2",
                )
                .bind(excerpt)
                .bind(audience)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(counts)
    }
}
