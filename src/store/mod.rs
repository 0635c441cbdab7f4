//! Persistence. Services call `Store` methods only; every SQL statement lives under this module.
//!
//! One `Store` runs on SQLite (the embedded default) or PostgreSQL (production). The SQL is
//! written once, in the subset both accept (`$n` parameters, `ON CONFLICT`, `RETURNING`, `TRUE`),
//! and `with_pool!` runs the same body against whichever pool is open; rows decode through
//! `FromRow` records, so the two backends cannot drift apart.
//!
//! Multi-step changes (erasure, an edit that withdraws consent, redeeming an invite) are single
//! methods that run in one transaction. Free text arrives and leaves only as `Sealed`.

/// Runs `$body` with `$pool` bound to the open pool, whichever database it is.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::store::Db::Sqlite($pool, _) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

mod access_log;
mod accounts;
mod audience_reads;
mod bench_seed;
mod consent;
mod dump;
mod excerpts;
mod feed;
mod guardians;
mod held_grants;
mod journal;
mod keys;
mod overview;
mod participants;
mod postgres;
mod rate_limits;
mod recovery_codes;
mod resets;
mod retention;
mod sealed_values;
mod security_events;
mod sessions;
mod sqlite;
mod sqlite_reader;
mod stories;
mod totp;
mod vault_meta;

pub use access_log::{AccessEntry, NewAccessEntry};
pub use accounts::{AccountRow, DisableOutcome, NewAccount};
pub use audience_reads::AudienceRead;
pub use bench_seed::{SeedExcerpt, SeedParticipant, SeedStory};
pub use consent::{
    AnswerOnRecord, Answerer, ConsentChange, ConsentTerms, LedgerEntry, LiveConsent, StoredReceipt,
};
pub use dump::{DumpError, TableCounts, verify_backup};
pub use excerpts::{ExcerptRow, NewExcerpt, VersionedChange};
pub use feed::{FeedQuery, FeedRow};
pub use guardians::{GuardianListRow, GuardianRow, NewGuardian};
pub use held_grants::{HeldApproval, HeldGrant};
pub use journal::JournalApplied;
pub use overview::OverviewRow;
pub use participants::{NewParticipant, ParticipantRow, Redeemed};
pub use rate_limits::{Backoff, RateLimitOutcome};
pub use recovery_codes::RecoveryPurpose;
pub use resets::ResetRequestRow;
pub use retention::RetentionCounts;
pub use sealed_values::SealedColumn;
pub use security_events::SecurityEvent;
pub use sessions::{NewSessionRow, SessionRow};
pub use stories::{NewStory, StoryRow};
pub use totp::TotpRow;

use sqlx::{PgPool, SqlitePool};

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was hit; the name says which (e.g. "username").
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A stored value could not be read back as its domain type (corruption or a bug).
    #[error("stored value is invalid: {0}")]
    Corrupt(&'static str),
    /// The database is not set up as durability requires.
    #[error("database setting: {0}")]
    Unsafe(String),
    #[error("unsupported database URL (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// An error of the read-only SQLite connections (`sqlite_reader`).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// `$from, $from+1, …` (n of them) when `numbered` (PostgreSQL); `?, ?, …` otherwise (SQLite,
/// which binds anonymous parameters in the order they appear). SQLite finds a numbered parameter
/// (`$7`) by a scan of the statement's list of names, so a statement of numbered parameters costs
/// the square of their count.
pub(super) fn placeholders(n: usize, from: usize, numbered: bool) -> String {
    (from..from + n)
        .map(|i| {
            if numbered {
                format!("${i}")
            } else {
                "?".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone)]
pub(crate) enum Db {
    /// The sqlx pool, and the read-only connections of the hottest reads (see `sqlite_reader`).
    Sqlite(SqlitePool, std::sync::Arc<sqlite_reader::SqliteReader>),
    Postgres(PgPool),
}

/// The persistence seam. Cheap to clone (a pool handle).
#[derive(Clone)]
pub struct Store {
    db: Db,
}

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating an SQLite file if needed,
    /// checks durability settings and runs migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            let (pool, path) = sqlite::connect(url).await?;
            let reader = std::sync::Arc::new(sqlite_reader::SqliteReader::new(path));
            Ok(Self {
                db: Db::Sqlite(pool, reader),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self {
                db: Db::Postgres(postgres::connect(url).await?),
            })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// `sqlite` or `postgres`, for logs.
    pub fn backend(&self) -> &'static str {
        match self.db {
            Db::Sqlite(..) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// True when the database answers within two seconds (readiness: a probe must not hang).
    pub async fn ping(&self) -> bool {
        let ping =
            async { with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.is_ok()) };
        tokio::time::timeout(std::time::Duration::from_secs(2), ping)
            .await
            .unwrap_or(false)
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// Maps a unique-constraint violation to a named conflict; other errors pass through.
fn conflict_on_unique(err: sqlx::Error, what: &'static str) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(err),
    }
}
