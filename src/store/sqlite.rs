//! Opening the embedded SQLite database with the settings durability and privacy need.

use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// The pool, and the database file's path for the read-only connections.
pub(super) async fn connect(url: &str) -> Result<(SqlitePool, std::path::PathBuf), sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        // WAL with synchronous=FULL: a write is acknowledged only once it is durable.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Deleted content is overwritten with zeros, so erased ciphertext does not linger in free pages.
        .pragma("secure_delete", "ON")
        // Temporary tables and sort spills stay in memory, never in unencrypted temp files.
        .pragma("temp_store", "MEMORY")
        .busy_timeout(Duration::from_secs(10))
        // Statements are not logged at all: nothing about queries belongs in the service log.
        .disable_statement_logging();
    let path = options.get_filename().to_path_buf();
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        // No `SELECT 1` before each acquire: the database is a local file, a connection cannot
        // drop away, and the ping cost as much as a feed page's own query.
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok((pool, path))
}
