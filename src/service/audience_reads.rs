//! Reads by audiences, counted in memory and written in one transaction about once a second
//! (DESIGN invariant 7 allows counts per excerpt, role and day for audiences).
//!
//! Why batched: a feed serving a thousand pages a second cannot commit (fsync) once per page. What
//! a crash can lose: the counts of the last flush interval (`FLUSH_EVERY`, and whatever a failing
//! database refused meanwhile, which is kept and retried). A graceful stop flushes. The young
//! person's own view flushes first, so on one instance it is always up to date.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use super::Service;
use crate::domain::ParticipantId;
use crate::domain::time::Millis;
use crate::error::AppResult;
use crate::store::AudienceRead;

pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
const MS_PER_DAY: i64 = 86_400_000;

#[derive(Default)]
pub(super) struct PendingReads(Mutex<HashMap<AudienceRead, u32>>);

impl PendingReads {
    fn lock(&self) -> MutexGuard<'_, HashMap<AudienceRead, u32>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn add(&self, reads: impl IntoIterator<Item = AudienceRead>) {
        let mut pending = self.lock();
        for read in reads {
            *pending.entry(read).or_insert(0) += 1;
        }
    }

    fn take(&self) -> HashMap<AudienceRead, u32> {
        std::mem::take(&mut *self.lock())
    }

    fn put_back(&self, taken: HashMap<AudienceRead, u32>) {
        let mut pending = self.lock();
        for (read, n) in taken {
            *pending.entry(read).or_insert(0) += n;
        }
    }

    pub(super) fn forget(&self, participant: ParticipantId) {
        self.lock().retain(|r, _| r.participant_id != participant);
    }
}

/// The UTC day of `at`, as its midnight.
pub(super) fn day_of(at: Millis) -> Millis {
    Millis::from_raw(at.raw().div_euclid(MS_PER_DAY) * MS_PER_DAY)
}

impl Service {
    /// Writes the counted reads; on failure they are kept for the next flush.
    pub async fn flush_audience_reads(&self) -> AppResult<()> {
        let taken = self.inner.reads.take();
        if taken.is_empty() {
            return Ok(());
        }
        let batch: Vec<(AudienceRead, u32)> = taken.iter().map(|(r, n)| (*r, *n)).collect();
        match self.inner.store.add_audience_reads(&batch).await {
            Ok(()) => Ok(()),
            Err(e) => {
                self.inner.reads.put_back(taken);
                Err(e.into())
            }
        }
    }
}

/// Flushes every `FLUSH_EVERY` until the task is stopped.
pub async fn flush_audience_reads_forever(service: Service) {
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = service.flush_audience_reads().await {
            tracing::warn!(cause = %e, "audience read counts not written yet; kept for the next try");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_utc_midnight() {
        let noon = Millis::from_raw(20_000 * MS_PER_DAY + 12 * 3_600_000);
        assert_eq!(day_of(noon).raw(), 20_000 * MS_PER_DAY);
        assert_eq!(day_of(day_of(noon)), day_of(noon));
    }

    #[test]
    fn reads_of_the_same_excerpt_role_and_day_add_up_and_forget_drops_a_participant() {
        let pending = PendingReads::default();
        let p = ParticipantId::from_uuid(uuid::Uuid::now_v7());
        let read = AudienceRead {
            participant_id: p,
            excerpt_id: uuid::Uuid::now_v7(),
            actor_role: crate::domain::Role::Council,
            day: day_of(Millis::now()),
        };
        pending.add([read, read]);
        pending.add([read]);
        assert_eq!(pending.lock().get(&read), Some(&3));
        pending.forget(p);
        assert!(pending.take().is_empty());
    }
}
