//! Read-only SQLite connections for the hottest reads (a feed page, its keys, the session behind a
//! bearer token), run synchronously on the calling thread.
//!
//! Why not sqlx here: its SQLite driver runs each connection on a thread of its own and sends every
//! row across a channel to the async task, so a 50-row feed page cost some fifty thread hand-offs
//! (futex wake-ups, context switches) and about a third of the server's CPU went to that traffic
//! rather than to SQLite. A read of a page of adjacent rows from the page cache takes tens of
//! microseconds: less than the hand-off, so it runs inline on the actix worker, like the page's
//! crypto does. Writes stay on the sqlx pool (one writer, transactions, migrations).
//!
//! The connections are opened read-only (`query_only` too), so nothing can be written through them;
//! in WAL mode a reader never waits for the writer and sees every transaction committed before its
//! statement began, so a withdrawal is in force for the next request exactly as through sqlx.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// Connections kept open between reads; more are opened when more readers come at once, and
/// those beyond this number are closed after use.
const KEEP_IDLE: usize = 4;

pub(crate) struct SqliteReader {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl SqliteReader {
    pub(super) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A poisoned lock only means a thread panicked while pushing or popping a connection; the
    /// list is still a list of good connections.
    fn idle(&self) -> MutexGuard<'_, Vec<Connection>> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Sorts and temporary tables stay in memory, never in unencrypted temp files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(conn)
    }

    /// Runs `read` on an idle connection (or a new one), then puts the connection back.
    pub(super) fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let taken = self.idle().pop();
        let conn = match taken {
            Some(c) => c,
            None => self.open()?,
        };
        let result = read(&conn);
        let mut idle = self.idle();
        if idle.len() < KEEP_IDLE {
            idle.push(conn);
        }
        result
    }
}

/// A 16-byte blob read back as a UUID.
pub(super) fn uuid_at(
    row: &rusqlite::Row<'_>,
    i: usize,
    what: &'static str,
) -> Result<uuid::Uuid, StoreError> {
    let bytes: Vec<u8> = row.get(i)?;
    uuid::Uuid::from_slice(&bytes).map_err(|_| StoreError::Corrupt(what))
}
