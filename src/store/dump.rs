//! Backup, restore and copy-data: a logical dump of every table as JSON lines.
//!
//! One format for both databases, so a backup of either restores into either and `copy-data` is
//! just an export piped into an import. Everything in the tables is already sealed or clear by
//! design, so the dump holds ciphertext only; the master key is not in the database at all.
//!
//! Layout: a header line `{"format":"storyvault-backup","version":1,"schema":…,"tables":[…]}`,
//! one `{"table":…,"row":{…}}` line per row in dependency order (uuids as text, bytes as
//! base64), an end line `{"end":true,"counts":{…}}`, and a tag line `{"hmac":…}` that
//! authenticates everything before it (`auth`). A file cut short or changed anywhere is refused
//! as a whole. Format version 1 had no tag; such files are refused (see `format::check_header`).
//!
//! Sessions are left out on purpose: a session is a live credential, and a restore must not bring
//! back sessions that were ended after the backup. After a restore or a move everyone logs in again.

mod auth;
mod format;

pub use auth::verify_backup;

use std::io::{BufRead, Write};

use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};
use sqlx::{AssertSqlSafe, Row};

use super::feed::refresh_feed;
use super::{Db, Store, StoreError};
use crate::vault::DerivedKey;
use auth::{TaggedLines, TaggingWriter};
use format::{
    Cell, FORMAT, Kind, TABLES, VERSION, check_end, check_header, insert_sql, next_json,
    refuse_unknown_columns, select_sql, table_of,
};

/// Why a backup, restore or copy failed. Messages never carry row contents.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing or reading the backup: {0}")]
    Io(std::io::ErrorKind),
    #[error("not a usable backup: {0}")]
    Format(String),
    #[error("target database is not empty; restore and copy-data only fill an empty database")]
    NotEmpty,
    #[error("{0}")]
    Schema(String),
    #[error(
        "the backup fails its authentication check: it was changed after it was made, or made \
         with another master key; nothing was restored"
    )]
    Unauthentic,
}

impl From<sqlx::Error> for DumpError {
    fn from(e: sqlx::Error) -> Self {
        DumpError::Store(StoreError::Database(e))
    }
}

impl From<std::io::Error> for DumpError {
    fn from(e: std::io::Error) -> Self {
        DumpError::Io(e.kind())
    }
}

/// Rows per table, in dump order.
pub type TableCounts = Vec<(&'static str, u64)>;

/// Reads column `$i` of `$row` as `$kind` (expanded once per backend inside `with_pool!`).
macro_rules! read_cell {
    ($row:expr, $i:expr, $kind:expr) => {
        match $kind {
            Kind::Uuid => Cell::Uuid($row.try_get($i)?),
            Kind::Bytes => Cell::Bytes($row.try_get($i)?),
            Kind::Int => Cell::Int($row.try_get($i)?),
            Kind::Text => Cell::Text($row.try_get($i)?),
            Kind::Bool => Cell::Bool($row.try_get($i)?),
        }
    };
}

impl Store {
    /// Writes every table to `out` from one read transaction, so the dump is a consistent
    /// snapshot even while the service keeps writing.
    /// The file ends with an HMAC of all of it under `key` (see `auth`).
    pub async fn export_to(
        &self,
        out: &mut impl Write,
        key: &DerivedKey,
    ) -> Result<TableCounts, DumpError> {
        let mut tagged = TaggingWriter::new(out, key);
        let counts = self.export_untagged(&mut tagged).await?;
        tagged.finish()?;
        Ok(counts)
    }

    async fn export_untagged(&self, out: &mut impl Write) -> Result<TableCounts, DumpError> {
        let (begin, columns_sql) = match self.db {
            // A deferred SQLite transaction in WAL mode reads one snapshot from its first SELECT
            // and does not block writers.
            Db::Sqlite(..) => (
                "BEGIN",
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table'",
            ),
            Db::Postgres(_) => (
                "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema()",
            ),
        };
        with_pool!(self, pool => {
            let mut tx = pool.begin_with(begin).await?;
            let present: Vec<(String, String)> =
                sqlx::query_as(columns_sql).fetch_all(&mut *tx).await?;
            refuse_unknown_columns(&present)?;
            let schema: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
            )
            .fetch_one(&mut *tx)
            .await?;
            let tables: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            let header = json!({
                "format": FORMAT, "version": VERSION, "schema": schema, "tables": tables,
            });
            writeln!(out, "{header}")?;
            let mut counts = TableCounts::new();
            for table in TABLES {
                let sql = select_sql(table);
                let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *tx);
                let mut count = 0u64;
                while let Some(row) = rows.try_next().await? {
                    let mut object = Map::new();
                    for (i, column) in table.columns.iter().enumerate() {
                        let cell = read_cell!(row, i, column.1);
                        object.insert(column.0.to_owned(), cell.to_json());
                    }
                    writeln!(out, "{}", json!({"table": table.name, "row": object}))?;
                    count += 1;
                }
                counts.push((table.name, count));
            }
            let summary: Map<String, Value> =
                counts.iter().map(|(t, n)| ((*t).to_owned(), json!(n))).collect();
            writeln!(out, "{}", json!({"end": true, "counts": summary}))?;
            out.flush()?;
            tx.commit().await?;
            Ok(counts)
        })
    }

    /// Loads a dump into this database, which must be empty and on the same schema version. All
    /// in one transaction: on any error nothing is kept. The file's tag must match one of `keys`
    /// over exactly the lines imported, or nothing is committed.
    pub async fn import_from(
        &self,
        input: impl BufRead,
        keys: &[DerivedKey],
    ) -> Result<TableCounts, DumpError> {
        let postgres = matches!(self.db, Db::Postgres(_));
        // IMMEDIATE takes SQLite's write lock up front, so the emptiness check holds until commit.
        let begin = if postgres { "BEGIN" } else { "BEGIN IMMEDIATE" };
        let inserts: Vec<String> = TABLES.iter().map(|t| insert_sql(t, postgres)).collect();
        let mut lines = TaggedLines::new(input, keys);
        let header =
            next_json(&mut lines)?.ok_or_else(|| DumpError::Format("the file is empty".into()))?;
        let schema = check_header(&header)?;
        with_pool!(self, pool => {
            let mut tx = pool.begin_with(begin).await?;
            let ours: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
            )
            .fetch_one(&mut *tx)
            .await?;
            if ours != schema {
                return Err(DumpError::Schema(
                    "the backup was made on another schema version than this database has; \
                     restore it with the storyvault version that made it"
                        .into(),
                ));
            }
            for name in TABLES.iter().map(|t| t.name).chain(["sessions"]) {
                let sql = format!("SELECT EXISTS (SELECT 1 FROM {name})");
                let any: bool = sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(&mut *tx).await?;
                if any {
                    return Err(DumpError::NotEmpty);
                }
            }
            let mut counts: TableCounts = TABLES.iter().map(|t| (t.name, 0)).collect();
            let mut last_table = 0;
            loop {
                let line = next_json(&mut lines)?.ok_or_else(|| {
                    DumpError::Format("the file ends before its end line (cut short?)".into())
                })?;
                if line.get("end").is_some() {
                    check_end(&line, &counts)?;
                    break;
                }
                let index = table_of(&line, last_table)?;
                last_table = index;
                let table = &TABLES[index];
                let row = line.get("row").and_then(Value::as_object).ok_or_else(|| {
                    DumpError::Format(format!("a {} line has no row", table.name))
                })?;
                if row.len() != table.columns.len() {
                    return Err(DumpError::Format(format!(
                        "a {} row has other columns than this version knows", table.name
                    )));
                }
                let mut query = sqlx::query(AssertSqlSafe(inserts[index].as_str()));
                for column in table.columns {
                    let at = format!("{}.{}", table.name, column.0);
                    query = match Cell::from_json(row.get(column.0), column.1, &at)? {
                        Cell::Uuid(v) => query.bind(v),
                        Cell::Bytes(v) => query.bind(v),
                        Cell::Int(v) => query.bind(v),
                        Cell::Text(v) => query.bind(v),
                        Cell::Bool(v) => query.bind(v),
                    };
                }
                query.execute(&mut *tx).await?;
                counts[index].1 += 1;
            }
            if next_json(&mut lines)?.is_some() {
                return Err(DumpError::Format("there are lines after the end line".into()));
            }
            lines.verify()?;
            // The feed table is derived: rebuilt from what was restored, by the same rule.
            let published: Vec<uuid::Uuid> =
                sqlx::query_scalar("SELECT DISTINCT excerpt_id FROM consents")
                    .fetch_all(&mut *tx)
                    .await?;
            for id in published {
                refresh_feed!(tx, id);
            }
            if postgres {
                // Rows came in with their own `seq`; new rows must continue after the highest.
                for table in TABLES.iter().filter(|t| t.identity.is_some()) {
                    let (name, seq) = (table.name, table.identity.unwrap_or("seq"));
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{name}', '{seq}'), \
                         COALESCE((SELECT MAX({seq}) FROM {name}), 0) + 1, false)"
                    );
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(counts)
        })
    }
}
