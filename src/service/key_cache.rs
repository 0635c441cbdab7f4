//! A short-lived, bounded, per-process cache of unwrapped participant keys.
//!
//! It caches keys, never consent or content: every page still asks the database which excerpts
//! are visible, so a withdrawal is in force on the next request on any instance. Keys leave after
//! `KEY_TTL`, when the cache is full (oldest first), and at once when their participant is erased
//! in this process; another instance's erasure deletes the rows the key would open, and its copy
//! here expires within the TTL. A key is wiped from memory when its last holder drops it.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::domain::ParticipantId;
use crate::vault::ParticipantKey;

pub(super) const KEY_TTL: Duration = Duration::from_secs(60);
pub(super) const KEY_CAPACITY: usize = 16_384;

pub(super) struct KeyCache {
    entries: Mutex<Entries>,
    ttl: Duration,
    capacity: usize,
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
}

/// Counts since the process started, for `/metrics`: ids and keys never leave the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyCacheStats {
    /// Keys served from memory.
    pub hits: u64,
    /// Keys not in memory (or expired), so unwrapped from the database.
    pub misses: u64,
    /// Keys dropped at once because their participant was erased.
    pub evictions: u64,
    /// Keys held now.
    pub entries: u64,
}

struct Cached {
    key: Arc<ParticipantKey>,
    at: Instant,
}

/// The keys, and their ids in the order they came in. Every key lives `ttl` from when it came
/// in, so the front of the queue is always the oldest: making room is a pop, not a scan of the
/// map (a scan per insert cost milliseconds per page once the cache was full, as it is with a
/// million excerpts). The queue may name ids already gone or re-inserted; those are skipped.
#[derive(Default)]
struct Entries {
    map: HashMap<ParticipantId, Cached>,
    order: VecDeque<(ParticipantId, Instant)>,
}

impl Entries {
    /// Drops the oldest live entry; false when there is none.
    fn drop_oldest(&mut self) -> bool {
        while let Some((id, at)) = self.order.pop_front() {
            if self.map.get(&id).is_some_and(|c| c.at == at) {
                self.map.remove(&id);
                return true;
            }
        }
        false
    }
}

impl KeyCache {
    pub(super) fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            ttl,
            capacity: capacity.max(1),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    pub(super) fn stats(&self) -> KeyCacheStats {
        KeyCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            entries: self.lock().map.len() as u64,
        }
    }

    /// A poisoned lock only means another thread panicked mid-update of a map of keys; the map is
    /// still a valid map, so keep using it.
    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn get(&self, id: ParticipantId) -> Option<Arc<ParticipantKey>> {
        let mut entries = self.lock();
        let found = match entries.map.get(&id) {
            Some(c) if c.at.elapsed() < self.ttl => Some(c.key.clone()),
            Some(_) => {
                entries.map.remove(&id);
                None
            }
            None => None,
        };
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    pub(super) fn insert(&self, id: ParticipantId, key: ParticipantKey) -> Arc<ParticipantKey> {
        let key = Arc::new(key);
        let at = Instant::now();
        let mut entries = self.lock();
        // Expired keys leave first (they are at the front), then the oldest while still full.
        while let Some(&(front, came)) = entries.order.front() {
            if came.elapsed() < self.ttl {
                break;
            }
            entries.order.pop_front();
            if entries.map.get(&front).is_some_and(|c| c.at == came) {
                entries.map.remove(&front);
            }
        }
        if !entries.map.contains_key(&id) {
            while entries.map.len() >= self.capacity && entries.drop_oldest() {}
        }
        entries.map.insert(
            id,
            Cached {
                key: key.clone(),
                at,
            },
        );
        entries.order.push_back((id, at));
        // Re-inserted ids leave stale queue entries behind; keep the queue near the map's size.
        if entries.order.len() > 2 * self.capacity {
            let Entries { map, order } = &mut *entries;
            order.retain(|(id, at)| map.get(id).is_some_and(|c| c.at == *at));
        }
        key
    }

    pub(super) fn evict(&self, id: ParticipantId) {
        if self.lock().map.remove(&id).is_some() {
            self.evictions.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> ParticipantId {
        ParticipantId::from_uuid(uuid::Uuid::now_v7())
    }

    #[test]
    fn a_cached_key_comes_back_until_it_is_evicted() {
        let cache = KeyCache::new(KEY_TTL, 4);
        let p = id();
        cache.insert(p, ParticipantKey::generate());
        assert!(cache.get(p).is_some());
        cache.evict(p);
        assert!(cache.get(p).is_none());
        let stats = cache.stats();
        assert_eq!(
            (stats.hits, stats.misses, stats.evictions, stats.entries),
            (1, 1, 1, 0)
        );
    }

    #[test]
    fn an_expired_key_is_gone() {
        let cache = KeyCache::new(Duration::from_millis(0), 4);
        let p = id();
        cache.insert(p, ParticipantKey::generate());
        assert!(cache.get(p).is_none());
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity_and_drops_the_oldest() {
        let cache = KeyCache::new(KEY_TTL, 3);
        let ids: Vec<ParticipantId> = (0..5).map(|_| id()).collect();
        for p in &ids {
            cache.insert(*p, ParticipantKey::generate());
            assert!(cache.len() <= 3);
        }
        assert!(cache.get(ids[0]).is_none());
        assert!(cache.get(ids[1]).is_none());
        assert!(cache.get(ids[4]).is_some());
    }

    #[test]
    fn a_key_inserted_again_counts_from_its_last_insert() {
        let cache = KeyCache::new(KEY_TTL, 3);
        let (a, b, c, d) = (id(), id(), id(), id());
        for p in [a, b, a, c, d] {
            cache.insert(p, ParticipantKey::generate());
        }
        assert_eq!(cache.len(), 3);
        assert!(cache.get(b).is_none(), "b came in longest ago");
        assert!(cache.get(a).is_some());
        assert!(cache.get(d).is_some());
    }
}
