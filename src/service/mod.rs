//! The use cases. Every function here checks who is asking before it touches anything, and
//! enforces the invariants of DESIGN.md; handlers only parse input and shape output.

mod access;
mod accounts;
mod attempts;
mod consent;
mod excerpts;
pub mod feed;

mod held;
mod me;
mod participants;
mod passwords;
mod recovery;
mod sessions;
mod stories;
mod totp;

pub use excerpts::{ExcerptSource, ExcerptView, Redaction};
pub use feed::{FeedItem, FeedPage};
pub use me::Export;
pub use passwords::dummy_hash as dummy_password_hash;
pub use sessions::{Caller, NewSession};
pub use stories::{NewStoryInput, StoryView};
pub use totp::TotpEnrolment;

use std::sync::Arc;

use crate::anonymise::Anonymiser;
use crate::domain::{ParticipantId, Role};
use crate::error::{AppError, AppResult};
use crate::policies::Policies;
use crate::store::Store;
use crate::vault::{MasterKeys, ParticipantKey, ServiceSecret};

/// Everything a use case needs; cheap to clone and shared by all workers.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    master: MasterKeys,
    secret: ServiceSecret,
    policies: Policies,
    anonymiser: Anonymiser,
    /// Verified against when a username is unknown, so that both failures take as long.
    dummy_password_hash: String,
}

impl Service {
    pub fn new(
        store: Store,
        master: MasterKeys,
        secret: ServiceSecret,
        policies: Policies,
        anonymiser: Anonymiser,
        dummy_password_hash: String,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                master,
                secret,
                policies,
                anonymiser,
                dummy_password_hash,
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn policies(&self) -> &Policies {
        &self.inner.policies
    }

    /// Unwraps a participant's key; absent participant is a 404.
    async fn participant_key(&self, participant: ParticipantId) -> AppResult<ParticipantKey> {
        let row = self
            .inner
            .store
            .participant(participant)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ParticipantKey::unwrap(
            &self.inner.master,
            participant.as_uuid(),
            &row.key_wrapped,
        )?)
    }
}

/// Deny by default: the role must be one of `allowed`, or the answer is 403.
fn require_role(caller: &Caller, allowed: &[Role]) -> AppResult<()> {
    if allowed.contains(&caller.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Lowercase hex SHA-256 of UTF-8 text (consent evidence).
fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
