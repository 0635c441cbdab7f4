//! Persistence. Services call `Store` methods only; every SQL statement lives under this module, so
//! another database backend slots in here without touching services or handlers.
//!
//! Multi-step changes (erasure, an edit that withdraws consent, redeeming an invite) are single
//! methods that run in one transaction. Free text arrives and leaves only as `Sealed`.

mod access_log;
mod accounts;
mod consent;
mod excerpts;
mod feed;
mod participants;
mod rate_limits;
mod sessions;
mod sqlite;
mod stories;
mod vault_meta;

pub use access_log::{AccessEntry, NewAccessEntry};
pub use accounts::{AccountRow, NewAccount};
pub use consent::{ConsentChange, LedgerEntry, LiveConsent};
pub use excerpts::{ExcerptRow, NewExcerpt, VersionedChange};
pub use feed::{FeedQuery, FeedRow};
pub use participants::{NewParticipant, ParticipantRow};
pub use rate_limits::RateLimitOutcome;
pub use sessions::SessionRow;
pub use stories::{NewStory, StoryRow};

use sqlx::SqlitePool;
use uuid::Uuid;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was hit; the name says which (e.g. "username").
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A stored value could not be read back as its domain type (corruption or a bug).
    #[error("stored value is invalid: {0}")]
    Corrupt(&'static str),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The persistence seam. Cheap to clone (a pool handle).
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Connects to `url` (`sqlite://…`), creating the database if needed, and runs migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = sqlite::connect(url).await?;
        Ok(Self { pool })
    }

    /// True when the database answers (readiness).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Maps a unique-constraint violation to a named conflict; other errors pass through.
fn conflict_on_unique(err: sqlx::Error, what: &'static str) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(err),
    }
}

fn uuid_from(bytes: Vec<u8>, what: &'static str) -> StoreResult<Uuid> {
    Uuid::from_slice(&bytes).map_err(|_| StoreError::Corrupt(what))
}
