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
/// Pending rows at which the flusher is woken before its tick. Every read of a different excerpt
/// is a new row, so with a million excerpts 32 readers add tens of thousands a second.
pub const FLUSH_SOON_ROWS: usize = 20_000;
/// Pending rows at which a feed request waits for the flush before it answers: backpressure.
/// When the database counts more slowly than the readers read, waiting for the tick let the
/// pending counts (and the flush's copy of them) grow without bound, past 100 MB within seconds;
/// dropping counts is not an option, since the young person's page shows them. About 60 bytes a
/// row, twice while a flush holds its batch.
pub const FLUSH_NOW_ROWS: usize = 100_000;
const MS_PER_DAY: i64 = 86_400_000;

#[derive(Default)]
pub(super) struct PendingReads {
    counts: Mutex<HashMap<AudienceRead, u32>>,
    /// Held while a flush writes: one flush at a time. Flushes side by side (the tick's and those
    /// of requests past `FLUSH_NOW_ROWS`) each held their own batch in memory while they queued
    /// for SQLite's one writer, and timed out there.
    writing: tokio::sync::Mutex<()>,
    /// Wakes the flusher before its tick (`FLUSH_SOON_ROWS`).
    soon: tokio::sync::Notify,
}

impl PendingReads {
    fn lock(&self) -> MutexGuard<'_, HashMap<AudienceRead, u32>> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds the reads; returns how many rows are pending now.
    pub(super) fn add(&self, reads: impl IntoIterator<Item = AudienceRead>) -> usize {
        let mut pending = self.lock();
        for read in reads {
            *pending.entry(read).or_insert(0) += 1;
        }
        pending.len()
    }

    /// Takes every pending row, if there are at least `at_least` of them (else none).
    fn take_at_least(&self, at_least: usize) -> HashMap<AudienceRead, u32> {
        let mut pending = self.lock();
        if pending.len() < at_least {
            return HashMap::new();
        }
        std::mem::take(&mut *pending)
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
    /// Counts `reads`; wakes the flusher past `FLUSH_SOON_ROWS`, and past `FLUSH_NOW_ROWS` writes
    /// the pending rows before returning.
    pub(super) async fn count_audience_reads(&self, reads: Vec<AudienceRead>) {
        let pending = self.inner.reads.add(reads);
        if pending >= FLUSH_NOW_ROWS {
            if let Err(e) = self.write_pending_reads(FLUSH_NOW_ROWS).await {
                tracing::warn!(cause = %e, "audience read counts not written yet; kept for the next try");
            }
        } else if pending >= FLUSH_SOON_ROWS {
            self.inner.reads.soon.notify_one();
        }
    }

    /// Writes the counted reads; on failure they are kept for the next flush.
    pub async fn flush_audience_reads(&self) -> AppResult<()> {
        self.write_pending_reads(1).await
    }

    /// Writes the counted reads if at least `at_least` rows are pending once it is this flush's
    /// turn (requests that queued behind another flush usually find little left, and leave it to
    /// the flusher rather than commit a few rows each).
    async fn write_pending_reads(&self, at_least: usize) -> AppResult<()> {
        let _writing = self.inner.reads.writing.lock().await;
        let taken = self.inner.reads.take_at_least(at_least.max(1));
        if taken.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        match self.inner.store.add_audience_reads(&taken).await {
            Ok(()) => {
                tracing::debug!(
                    rows = taken.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "audience read counts written"
                );
                Ok(())
            }
            Err(e) => {
                self.inner.reads.put_back(taken);
                Err(e.into())
            }
        }
    }

    /// Stops the flusher `task` between two flushes, never in the middle of one (its batch would
    /// be lost with it), then writes what is pending: a graceful stop loses no counts.
    pub async fn stop_audience_reads_flusher(
        &self,
        task: tokio::task::JoinHandle<()>,
    ) -> AppResult<()> {
        {
            let _writing = self.inner.reads.writing.lock().await;
            task.abort();
        }
        // `abort` only asks; once the task has ended it holds nothing.
        let _ = task.await;
        self.flush_audience_reads().await
    }
}

/// Flushes every `FLUSH_EVERY`, or sooner when many rows are pending, until the task is stopped.
pub async fn flush_audience_reads_forever(service: Service) {
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = service.inner.reads.soon.notified() => {}
        }
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
        assert_eq!(pending.add([read, read]), 1);
        assert_eq!(pending.add([read]), 1);
        assert_eq!(pending.lock().get(&read), Some(&3));
        pending.forget(p);
        assert!(pending.take_at_least(1).is_empty());
    }
}
