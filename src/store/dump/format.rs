//! The dump format: which tables and columns, how a cell becomes JSON and back, and the checks
//! on a file's header, order and end line. Errors name tables and columns, never values.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{DumpError, TableCounts};

pub(super) const FORMAT: &str = "storyvault-backup";
pub(super) const VERSION: i64 = 2;

#[derive(Clone, Copy)]
pub(super) enum Kind {
    Uuid,
    Bytes,
    Int,
    Text,
    Bool,
}

pub(super) struct Column(pub(super) &'static str, pub(super) Kind);

pub(super) struct Table {
    pub(super) name: &'static str,
    pub(super) columns: &'static [Column],
    order_by: &'static str,
    /// An identity column (PostgreSQL) / AUTOINCREMENT key (SQLite) whose values are kept.
    pub(super) identity: Option<&'static str>,
}

use Kind::{Bool, Bytes, Int, Text, Uuid as Id};

/// Every table but `sessions`, parents before children so foreign keys hold on insert.
#[rustfmt::skip]
pub(super) const TABLES: &[Table] = &[
    Table { name: "vault_meta", order_by: "id", identity: None, columns: &[
        Column("id", Int), Column("service_secret_sealed", Bytes), Column("created_at", Int),
        Column("receipt_key_sealed", Bytes)] },
    Table { name: "participants", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("pseudonym", Text), Column("birth_year", Int),
        Column("identifiers_sealed", Bytes), Column("key_wrapped", Bytes), Column("created_at", Int)] },
    Table { name: "accounts", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("username_index", Bytes), Column("username_sealed", Bytes),
        Column("password_hash", Text), Column("role", Text), Column("disabled", Bool),
        Column("participant_id", Id), Column("created_at", Int)] },
    Table { name: "guardians", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("participant_id", Id), Column("relation", Text),
        Column("description_sealed", Bytes), Column("invite_hash", Bytes), Column("invite_expires_at", Int),
        Column("account_id", Id), Column("created_at", Int)] },
    Table { name: "participant_workers", order_by: "participant_id, account_id", identity: None, columns: &[
        Column("participant_id", Id), Column("account_id", Id)] },
    Table { name: "invites", order_by: "participant_id", identity: None, columns: &[
        Column("participant_id", Id), Column("code_hash", Bytes), Column("expires_at", Int),
        Column("created_at", Int)] },
    Table { name: "rate_limits", order_by: "key", identity: None, columns: &[
        Column("key", Bytes), Column("window_start", Int), Column("failures", Int),
        Column("next_allowed_at", Int)] },
    Table { name: "stories", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("participant_id", Id), Column("title_sealed", Bytes),
        Column("body_sealed", Bytes), Column("themes", Text), Column("recorded_on", Text),
        Column("created_at", Int)] },
    Table { name: "story_themes", order_by: "story_id, theme", identity: None, columns: &[
        Column("story_id", Id), Column("theme", Text)] },
    Table { name: "excerpts", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("story_id", Id), Column("participant_id", Id),
        Column("content_sealed", Bytes), Column("review_comment_sealed", Bytes), Column("status", Text),
        Column("version", Int), Column("approved_sha256", Text), Column("created_at", Int),
        Column("updated_at", Int)] },
    Table { name: "consents", order_by: "excerpt_id, audience", identity: None, columns: &[
        Column("excerpt_id", Id), Column("audience", Text), Column("version", Int),
        Column("granted_at", Int), Column("text_sha256", Text), Column("consent_text_version", Int),
        Column("feed_id", Bytes), Column("expires_at", Int)] },
    Table { name: "guardian_consents", order_by: "excerpt_id, audience", identity: None, columns: &[
        Column("excerpt_id", Id), Column("audience", Text), Column("version", Int),
        Column("granted_at", Int), Column("expires_at", Int), Column("text_sha256", Text),
        Column("consent_text_version", Int), Column("guardian_id", Id)] },
    Table { name: "consent_receipts", order_by: "seq", identity: Some("seq"), columns: &[
        Column("seq", Int), Column("excerpt_id", Id), Column("body", Text), Column("signature", Text),
        Column("created_at", Int)] },
    Table { name: "consent_ledger", order_by: "seq", identity: Some("seq"), columns: &[
        Column("seq", Int), Column("excerpt_id", Id), Column("audience", Text), Column("granted", Bool),
        Column("at", Int), Column("by_role", Text), Column("by_account", Id), Column("version", Int),
        Column("text_sha256", Text), Column("consent_text_version", Int), Column("session_origin", Text), Column("expires_at", Int)] },
    Table { name: "participant_activity", order_by: "participant_id", identity: None, columns: &[
        Column("participant_id", Id), Column("last_active_at", Int)] },
    Table { name: "access_log", order_by: "seq", identity: Some("seq"), columns: &[
        Column("seq", Int), Column("participant_id", Id), Column("at", Int), Column("actor_id", Id),
        Column("actor_role", Text), Column("action", Text), Column("object_type", Text),
        Column("object_id", Id)] },
    Table { name: "totp_secrets", order_by: "account_id", identity: None, columns: &[
        Column("account_id", Id), Column("secret_sealed", Bytes), Column("confirmed", Bool),
        Column("last_step", Int), Column("created_at", Int)] },
    Table { name: "recovery_codes", order_by: "account_id, purpose, code_hash", identity: None, columns: &[
        Column("account_id", Id), Column("purpose", Text), Column("code_hash", Bytes), Column("used_at", Int)] },
    Table { name: "reset_requests", order_by: "id", identity: None, columns: &[
        Column("id", Id), Column("participant_id", Id), Column("account_id", Id), Column("requested_by", Id),
        Column("requested_at", Int), Column("approved_by", Id), Column("approved_at", Int),
        Column("code_hash", Bytes), Column("code_expires_at", Int), Column("completed_at", Int)] },
    Table { name: "security_events", order_by: "seq", identity: Some("seq"), columns: &[
        Column("seq", Int), Column("account_id", Id), Column("at", Int), Column("kind", Text),
        Column("actor_role", Text)] },
    Table { name: "held_grants", order_by: "excerpt_id, audience", identity: None, columns: &[
        Column("excerpt_id", Id), Column("audience", Text), Column("version", Int), Column("account_id", Id),
        Column("at", Int)] },
    Table { name: "audience_reads", order_by: "participant_id, excerpt_id, actor_role, day", identity: None, columns: &[
        Column("participant_id", Id), Column("excerpt_id", Id), Column("actor_role", Text),
        Column("day", Int), Column("count", Int)] },
    Table { name: "held_approvals", order_by: "excerpt_id", identity: None, columns: &[
        Column("excerpt_id", Id), Column("version", Int), Column("comment_sealed", Bytes),
        Column("account_id", Id), Column("at", Int)] },
];

/// Tables that exist but are not dumped, and why: bookkeeping of the database itself, or live
/// credentials (see the module comment), or derived (`feed_items`, rebuilt by the restore).
const NOT_DUMPED: &[&str] = &[
    "sessions",
    "_sqlx_migrations",
    "sqlite_sequence",
    "feed_items",
];

fn column_list(table: &Table) -> String {
    let names: Vec<&str> = table.columns.iter().map(|c| c.0).collect();
    names.join(", ")
}

pub(super) fn select_sql(table: &Table) -> String {
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        column_list(table),
        table.name,
        table.order_by
    )
}

pub(super) fn insert_sql(table: &Table, postgres: bool) -> String {
    let placeholders: Vec<String> = (1..=table.columns.len()).map(|i| format!("${i}")).collect();
    // Kept `seq` values are the ledger's evidence order; PostgreSQL only takes them when told.
    let overriding = if postgres && table.identity.is_some() {
        " OVERRIDING SYSTEM VALUE"
    } else {
        ""
    };
    format!(
        "INSERT INTO {} ({}){overriding} VALUES ({})",
        table.name,
        column_list(table),
        placeholders.join(", ")
    )
}

/// One cell, typed by its column, between the database and JSON.
pub(super) enum Cell {
    Uuid(Option<Uuid>),
    Bytes(Option<Vec<u8>>),
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

impl Cell {
    pub(super) fn to_json(&self) -> Value {
        match self {
            Cell::Uuid(v) => json!(v.map(|u| u.to_string())),
            Cell::Bytes(v) => json!(v.as_ref().map(|b| STANDARD.encode(b))),
            Cell::Int(v) => json!(v),
            Cell::Text(v) => json!(v),
            Cell::Bool(v) => json!(v),
        }
    }

    /// Errors name the table and column only, never the value.
    pub(super) fn from_json(
        value: Option<&Value>,
        kind: Kind,
        at: &str,
    ) -> Result<Cell, DumpError> {
        let bad = || DumpError::Format(format!("{at} has a value of the wrong type"));
        let value = value.ok_or_else(|| DumpError::Format(format!("{at} is missing")))?;
        if value.is_null() {
            return Ok(match kind {
                Kind::Uuid => Cell::Uuid(None),
                Kind::Bytes => Cell::Bytes(None),
                Kind::Int => Cell::Int(None),
                Kind::Text => Cell::Text(None),
                Kind::Bool => Cell::Bool(None),
            });
        }
        Ok(match kind {
            Kind::Uuid => Cell::Uuid(Some(
                value
                    .as_str()
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .ok_or_else(bad)?,
            )),
            Kind::Bytes => Cell::Bytes(Some(
                value
                    .as_str()
                    .and_then(|s| STANDARD.decode(s).ok())
                    .ok_or_else(bad)?,
            )),
            Kind::Int => Cell::Int(Some(value.as_i64().ok_or_else(bad)?)),
            Kind::Text => Cell::Text(Some(value.as_str().ok_or_else(bad)?.to_owned())),
            Kind::Bool => Cell::Bool(Some(value.as_bool().ok_or_else(bad)?)),
        })
    }
}

/// A new table or column would silently be missing from every backup: refuse instead.
pub(super) fn refuse_unknown_columns(present: &[(String, String)]) -> Result<(), DumpError> {
    let unknown: Vec<String> = present
        .iter()
        .filter(|(table, column)| {
            !NOT_DUMPED.contains(&table.as_str())
                && !TABLES
                    .iter()
                    .any(|t| t.name == table && t.columns.iter().any(|c| c.0 == column))
        })
        .map(|(table, column)| format!("{table}.{column}"))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(DumpError::Schema(format!(
            "the database has columns the backup format does not know ({}); refusing to make an \
             incomplete backup",
            unknown.join(", ")
        )))
    }
}

/// The next non-blank line as JSON; parse errors name the line number only.
pub(super) fn next_json(
    lines: &mut impl Iterator<Item = (usize, std::io::Result<String>)>,
) -> Result<Option<Value>, DumpError> {
    for (number, line) in lines {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        return serde_json::from_str(&line)
            .map(Some)
            .map_err(|_| DumpError::Format(format!("line {} is not JSON", number + 1)));
    }
    Ok(None)
}

/// Returns the schema version the backup was made on.
pub(super) fn check_header(header: &Value) -> Result<Option<i64>, DumpError> {
    if header["format"] != FORMAT {
        return Err(DumpError::Format("this is not a storyvault backup".into()));
    }
    if header["version"] == 1 {
        return Err(DumpError::Format(
            "this backup has format version 1, which carries no authentication: anyone who held \
             the file could have changed roles, password hashes, worker assignments or consents \
             in it unnoticed, so this version refuses to restore it. Take a new backup; restore \
             a version 1 file only with the release that made it, and only if you can vouch for \
             the file"
                .into(),
        ));
    }
    if header["version"] != VERSION {
        return Err(DumpError::Format(
            "the backup format version is not one this storyvault reads".into(),
        ));
    }
    let tables: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    if header["tables"] != json!(tables) {
        return Err(DumpError::Format(
            "the backup lists other tables than this version knows".into(),
        ));
    }
    Ok(header["schema"].as_i64())
}

/// Finds the line's table; tables must come in dump order, or foreign keys could fail midway.
pub(super) fn table_of(line: &Value, last: usize) -> Result<usize, DumpError> {
    let name = line["table"].as_str().unwrap_or_default();
    match TABLES.iter().position(|t| t.name == name) {
        Some(index) if index >= last => Ok(index),
        Some(_) => Err(DumpError::Format("rows are out of table order".into())),
        None => Err(DumpError::Format("a row names an unknown table".into())),
    }
}

pub(super) fn check_end(line: &Value, counts: &TableCounts) -> Result<(), DumpError> {
    let expected: Map<String, Value> = counts
        .iter()
        .map(|(t, n)| ((*t).to_owned(), json!(n)))
        .collect();
    if line["counts"] == Value::Object(expected) {
        Ok(())
    } else {
        Err(DumpError::Format(
            "the row counts do not match the end line; nothing was restored".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dumped_row_keeps_its_sequence_number_on_postgresql() {
        let ledger = TABLES.iter().find(|t| t.name == "consent_ledger");
        let sql = ledger.map(|t| insert_sql(t, true)).unwrap_or_default();
        assert!(sql.contains("OVERRIDING SYSTEM VALUE"), "{sql}");
        let sqlite = ledger.map(|t| insert_sql(t, false)).unwrap_or_default();
        assert!(!sqlite.contains("OVERRIDING"), "{sqlite}");
    }

    #[test]
    fn a_new_column_stops_the_backup_instead_of_being_left_out() {
        let present = vec![
            ("stories".to_owned(), "id".to_owned()),
            ("sessions".to_owned(), "token_hash".to_owned()),
            ("stories".to_owned(), "mood_sealed".to_owned()),
        ];
        let err = refuse_unknown_columns(&present)
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("stories.mood_sealed"));
    }

    #[test]
    fn a_value_error_names_the_column_but_not_the_value() {
        let value = json!("geheim-woord");
        let err = Cell::from_json(Some(&value), Kind::Int, "stories.created_at")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("stories.created_at") && !err.contains("geheim"));
    }
}
