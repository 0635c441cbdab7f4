//! Opening PostgreSQL: refuse to run on a server that could lose acknowledged writes.

use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::{StoreError, StoreResult};

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
        // A ping before each acquire. Each actix worker runs its own Tokio runtime, and a
        // connection opened on one worker's runtime breaks when that worker stops: at a graceful
        // shutdown the idle worker stops first, and a request still in flight on the other one
        // got such a connection and answered 500. The ping finds it broken and the pool opens a
        // fresh one. It costs a round trip per acquire (a feed page makes two or three; sqlx also
        // pings each connection as it goes back to the pool, off the request's path). Pinging
        // only connections idle for over 500 ms was tried: the feed served no more pages, and
        // after a database outage the connections broken in the last 500 ms were handed out
        // once each and failed their request (`readiness.rs`).
        .test_before_acquire(true)
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
