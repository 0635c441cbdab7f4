//! Opening PostgreSQL: refuse to run on a server that could lose acknowledged writes.

use std::str::FromStr;
use std::time::Duration;

use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};

use super::{StoreError, StoreResult};

/// How long after its last use a connection is handed out without a ping.
const TRUSTED_AFTER_USE: Duration = Duration::from_millis(500);

/// Set once the service begins a graceful stop (see `connect`); one per process.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// From now on every connection is pinged before it is handed out.
pub(super) fn begin_stopping() {
    STOPPING.store(true, Ordering::Relaxed);
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub(super) async fn connect(url: &str) -> StoreResult<PgPool> {
    let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
    let pool = PgPoolOptions::new()
        .max_connections(8)
        // All eight are opened here, on the main runtime, and kept (no idle timeout, no maximum
        // lifetime): a connection opened inside a request would belong to that actix worker's
        // own runtime and break when the worker stops, which at a graceful shutdown happens while
        // the other worker still serves a request in flight.
        .min_connections(8)
        .max_lifetime(None)
        .acquire_timeout(Duration::from_secs(10))
        // A ping before an acquire only where a connection may be broken, not before every one
        // (sqlx's default, which doubled a feed page's round trips):
        // - once the service is stopping. Each actix worker runs its own Tokio runtime, and a
        //   connection opened on one worker's runtime breaks when that worker stops: at a
        //   graceful shutdown the idle worker stops first, and a request still in flight on the
        //   other one got such a connection and answered 500. The ping finds it broken and the
        //   pool opens a fresh one.
        // - after the connection sat idle (as HikariCP does): a server restart or a dropped
        //   connection shows on the first use after a quiet spell, not on a request. A
        //   connection used within `TRUSTED_AFTER_USE` was fine a moment ago.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > TRUSTED_AFTER_USE || STOPPING.load(Ordering::Relaxed) {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .idle_timeout(None)
        .connect_with(options)
        .await?;
    check_durability(&pool).await?;
    MIGRATOR.run(&pool).await.map_err(sqlx::Error::from)?;
    Ok(pool)
}

/// `fsync` must be on, and `synchronous_commit` must not be `off`: a write is acknowledged only
/// after it is committed to disk.
async fn check_durability(pool: &PgPool) -> StoreResult<()> {
    let fsync: String = sqlx::query("SHOW fsync")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    if fsync != "on" {
        return Err(StoreError::Unsafe(format!(
            "fsync is `{fsync}`; it must be `on`"
        )));
    }
    let commit: String = sqlx::query("SHOW synchronous_commit")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    if commit == "off" {
        return Err(StoreError::Unsafe(
            "synchronous_commit is `off`; it must be on".into(),
        ));
    }
    Ok(())
}
