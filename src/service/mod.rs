//! The use cases. Every function here checks who is asking before it touches anything, and
//! enforces the invariants of DESIGN.md; handlers only parse input and shape output.

mod access;
mod accounts;
mod attempts;
mod audience_reads;
mod authorize;
mod bench;
mod consent;
mod consent_view;
mod excerpt_summaries;
mod excerpts;
pub mod feed;
mod forms;
mod guardians;
mod journal;
mod key_cache;
mod receipts;
mod renewals;

mod held;
mod me;
pub mod overview;
mod participants;
mod passwords;
mod recovery;
mod retention;
mod sessions;
mod stories;
mod totp;

pub use audience_reads::flush_audience_reads_forever;
pub use excerpt_summaries::ExcerptSummary;
pub use excerpts::{ExcerptSource, ExcerptView, Redaction};
pub use feed::{FeedItem, FeedPage};
pub use guardians::{GuardianExcerpt, GuardianRelation, GuardianSummary};
pub use key_cache::KeyCacheStats;
pub use me::Export;
pub use overview::{ThemeCounts, ThemeOverview};
pub use participants::ParticipantSummary;
pub use passwords::dummy_hash as dummy_password_hash;
pub use renewals::Renewal;
pub use sessions::{Caller, NewSession};
pub use stories::{NewStoryInput, StoryView};
pub use totp::{TotpEnrolment, TotpStatus};

use std::collections::HashMap;
use std::sync::Arc;

use crate::anonymise::Anonymiser;
use crate::domain::ParticipantId;
use crate::error::{AppError, AppResult};
use crate::journal::Journal;
use crate::policies::Policies;
use crate::store::Store;
use crate::vault::{MasterKeys, ParticipantKey, ReceiptKey, ServiceSecret};

/// Everything a use case needs; cheap to clone and shared by all workers.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    master: MasterKeys,
    secret: ServiceSecret,
    receipt_key: ReceiptKey,
    policies: Policies,
    anonymiser: Anonymiser,
    /// Verified against when a username is unknown, so that both failures take as long.
    dummy_password_hash: String,
    /// Erasures and withdrawals, kept outside the database (see `crate::journal`).
    journal: Arc<Journal>,
    keys: key_cache::KeyCache,
    /// Audience reads counted since the last flush.
    reads: audience_reads::PendingReads,
}

impl Service {
    // Called once, by start-up, with each part opened and checked there.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        master: MasterKeys,
        secret: ServiceSecret,
        receipt_key: ReceiptKey,
        policies: Policies,
        anonymiser: Anonymiser,
        dummy_password_hash: String,
        journal: Journal,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                master,
                secret,
                receipt_key,
                policies,
                anonymiser,
                dummy_password_hash,
                journal: Arc::new(journal),
                keys: key_cache::KeyCache::new(key_cache::KEY_TTL, key_cache::KEY_CAPACITY),
                reads: audience_reads::PendingReads::default(),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn policies(&self) -> &Policies {
        &self.inner.policies
    }

    /// A participant's key, from the key cache or unwrapped; absent participant is a 404.
    async fn participant_key(&self, participant: ParticipantId) -> AppResult<Arc<ParticipantKey>> {
        let mut keys = self.participant_keys(&[participant]).await?;
        keys.remove(&participant).ok_or(AppError::NotFound)
    }

    /// The keys of `participants`: cached ones from memory, the rest in one query. Participants
    /// that no longer exist are absent from the map.
    async fn participant_keys(
        &self,
        participants: &[ParticipantId],
    ) -> AppResult<HashMap<ParticipantId, Arc<ParticipantKey>>> {
        let mut found = HashMap::with_capacity(participants.len());
        let mut missing = Vec::new();
        for p in participants {
            if found.contains_key(p) || missing.contains(p) {
                continue;
            }
            match self.inner.keys.get(*p) {
                Some(key) => {
                    found.insert(*p, key);
                }
                None => missing.push(*p),
            }
        }
        for (p, wrapped) in self.inner.store.wrapped_keys_of(&missing).await? {
            let key = ParticipantKey::unwrap(&self.inner.master, p.as_uuid(), &wrapped)?;
            found.insert(p, self.inner.keys.insert(p, key));
        }
        Ok(found)
    }

    /// How the participant-key cache has done since start (for `/metrics`).
    pub fn key_cache_stats(&self) -> KeyCacheStats {
        self.inner.keys.stats()
    }

    /// Drops a participant's cached key (on erasure).
    fn forget_key(&self, participant: ParticipantId) {
        self.inner.keys.evict(participant);
    }
}

/// Lowercase hex SHA-256 of UTF-8 text (consent evidence).
fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::vault::to_hex(&Sha256::digest(text.as_bytes()))
}
