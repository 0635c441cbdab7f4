//! Every sealed column with its place, and the one compare-and-swap that rewrites a sealed value:
//! `storyvault reseal` (old format to new) and `rotate-key` (old master key to new) both replace
//! values one at a time through [`Store::replace_sealed_value`], so a run can stop and rerun at
//! any point and never overwrites a concurrent edit or brings back an erased row.

use uuid::Uuid;

#[cfg(test)]
use super::Db;
use super::feed::refresh_feed;
use super::{Store, StoreError, StoreResult};
use crate::domain::ParticipantId;
use crate::vault::{Field, Sealed};

/// A column of sealed values keyed by a UUID row id. The first six are a participant's content,
/// sealed to the participant key of their row's participant; the last three are sealed to the
/// master key. (The two singletons of `vault_meta`, the service secret and the receipt key, have
/// their own swaps: their row is not a UUID.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedColumn {
    Identifiers,
    StoryTitle,
    StoryBody,
    ExcerptContent,
    ReviewComment,
    GuardianDescription,
    /// A participant's key, wrapped to the master key.
    WrappedKey,
    Username,
    TotpSecret,
}

/// Where a column lives: table, column, the column with the row id the value is bound to, and the
/// column naming the participant whose value it is (none for staff accounts' secrets).
struct Place {
    table: &'static str,
    column: &'static str,
    row: &'static str,
    participant: Option<&'static str>,
}

impl SealedColumn {
    /// The columns sealed to a participant key.
    pub const PARTICIPANT_CONTENT: [SealedColumn; 6] = [
        SealedColumn::Identifiers,
        SealedColumn::StoryTitle,
        SealedColumn::StoryBody,
        SealedColumn::ExcerptContent,
        SealedColumn::ReviewComment,
        SealedColumn::GuardianDescription,
    ];

    /// The columns sealed to the master key.
    pub const MASTER_SEALED: [SealedColumn; 3] = [
        SealedColumn::WrappedKey,
        SealedColumn::Username,
        SealedColumn::TotpSecret,
    ];

    fn place(self) -> Place {
        let (table, column, row, participant) = match self {
            SealedColumn::Identifiers => ("participants", "identifiers_sealed", "id", Some("id")),
            SealedColumn::StoryTitle => ("stories", "title_sealed", "id", Some("participant_id")),
            SealedColumn::StoryBody => ("stories", "body_sealed", "id", Some("participant_id")),
            SealedColumn::ExcerptContent => {
                ("excerpts", "content_sealed", "id", Some("participant_id"))
            }
            SealedColumn::ReviewComment => (
                "excerpts",
                "review_comment_sealed",
                "id",
                Some("participant_id"),
            ),
            SealedColumn::GuardianDescription => (
                "guardians",
                "description_sealed",
                "id",
                Some("participant_id"),
            ),
            SealedColumn::WrappedKey => ("participants", "key_wrapped", "id", Some("id")),
            SealedColumn::Username => ("accounts", "username_sealed", "id", None),
            SealedColumn::TotpSecret => ("totp_secrets", "secret_sealed", "account_id", None),
        };
        Place {
            table,
            column,
            row,
            participant,
        }
    }

    /// The field its values are bound to (with the row id, in each value's header).
    pub fn field(self) -> Field {
        match self {
            SealedColumn::Identifiers => Field::Identifiers,
            SealedColumn::StoryTitle => Field::StoryTitle,
            SealedColumn::StoryBody => Field::StoryBody,
            SealedColumn::ExcerptContent => Field::ExcerptContent,
            SealedColumn::ReviewComment => Field::ReviewComment,
            SealedColumn::GuardianDescription => Field::GuardianDescription,
            SealedColumn::WrappedKey => Field::ParticipantKey,
            SealedColumn::Username => Field::Username,
            SealedColumn::TotpSecret => Field::TotpSecret,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SealedRecord {
    id: Uuid,
    value: Vec<u8>,
}

impl Store {
    /// The participant's values in `column` (rows where it is set): (row id, value).
    pub async fn sealed_values(
        &self,
        participant: ParticipantId,
        column: SealedColumn,
    ) -> StoreResult<Vec<(Uuid, Sealed)>> {
        let place = column.place();
        let owner = place
            .participant
            .ok_or(StoreError::Corrupt("this column belongs to no participant"))?;
        let Place {
            table, column, row, ..
        } = place;
        let sql = format!(
            "SELECT {row} AS id, {column} AS value FROM {table} WHERE {owner} = $1 AND {column} IS NOT NULL ORDER BY {row}"
        );
        self.fetch_sealed(sql, Some(participant)).await
    }

    /// Every value in `column` (rows where it is set): (row id, value).
    pub async fn every_sealed_value(
        &self,
        column: SealedColumn,
    ) -> StoreResult<Vec<(Uuid, Sealed)>> {
        let Place {
            table, column, row, ..
        } = column.place();
        let sql = format!(
            "SELECT {row} AS id, {column} AS value FROM {table} WHERE {column} IS NOT NULL ORDER BY {row}"
        );
        self.fetch_sealed(sql, None).await
    }

    async fn fetch_sealed(
        &self,
        sql: String,
        participant: Option<ParticipantId>,
    ) -> StoreResult<Vec<(Uuid, Sealed)>> {
        let records: Vec<SealedRecord> = with_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            if let Some(p) = participant {
                query = query.bind(p.as_uuid());
            }
            query.fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(|r| (r.id, Sealed::from_stored(r.value)))
            .collect())
    }

    /// Replaces one sealed value only if it is still `old`. False if it changed or is gone (an
    /// edit, an erasure, or another run got there first).
    pub async fn replace_sealed_value(
        &self,
        sealed_column: SealedColumn,
        row: Uuid,
        old: &Sealed,
        new: &Sealed,
    ) -> StoreResult<bool> {
        let Place {
            table,
            column,
            row: row_column,
            ..
        } = sealed_column.place();
        let sql =
            format!("UPDATE {table} SET {column} = $3 WHERE {row_column} = $1 AND {column} = $2");
        let feed_copy = matches!(sealed_column, SealedColumn::ExcerptContent);
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(row)
                .bind(old.as_bytes())
                .bind(new.as_bytes())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            // The feed table keeps a copy of the excerpt's text: it is re-sealed with it.
            if done && feed_copy {
                refresh_feed!(tx, row);
            }
            tx.commit().await?;
            Ok(done)
        })
    }
}

/// `storyvault reseal` against a real SQLite file holding values sealed the old way.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{MasterKeys, ParticipantKey, SealContext};

    struct Old {
        participant: Uuid,
        story: Uuid,
        excerpt: Uuid,
        account: Uuid,
    }

    /// Writes one participant with a story, an excerpt and a youth account, every value sealed
    /// to X25519 recipients as before the data-key stanza.
    async fn write_old_installation(
        store: &Store,
        master: &MasterKeys,
        key: &ParticipantKey,
    ) -> Old {
        let old = Old {
            participant: Uuid::now_v7(),
            story: Uuid::now_v7(),
            excerpt: Uuid::now_v7(),
            account: Uuid::now_v7(),
        };
        let seal = |field, row, text: &str| {
            key.seal_legacy(SealContext::new(field, row), text.as_bytes())
                .map(Sealed::into_bytes)
                .unwrap_or_default()
        };
        // The key wrapped to the master's X25519 recipient, as it used to be.
        let wrapped = key
            .wrap_legacy(master, old.participant)
            .map(Sealed::into_bytes)
            .unwrap_or_default();
        let username = master
            .seal_legacy(SealContext::new(Field::Username, old.account), b"jongere1")
            .map(Sealed::into_bytes)
            .unwrap_or_default();
        let Db::Sqlite(pool, _) = &store.db else {
            panic!("sqlite expected")
        };
        let statements: Vec<(&str, Vec<Vec<u8>>)> = vec![
            (
                "INSERT INTO participants (id, pseudonym, birth_year, identifiers_sealed, key_wrapped, created_at) VALUES ($1, 'p1', 2008, $2, $3, 0)",
                vec![
                    seal(Field::Identifiers, old.participant, "[\"Beilen\"]"),
                    wrapped,
                ],
            ),
            (
                "INSERT INTO accounts (id, username_index, username_sealed, password_hash, role, disabled, participant_id, created_at) VALUES ($1, x'01', $2, 'x', 'youth', 0, $3, 0)",
                vec![username, old.participant.as_bytes().to_vec()],
            ),
            (
                "INSERT INTO stories (id, participant_id, title_sealed, body_sealed, themes, recorded_on, created_at) VALUES ($1, $2, $3, $4, 'pleegzorg', '2026-03-14', 0)",
                vec![
                    old.participant.as_bytes().to_vec(),
                    seal(Field::StoryTitle, old.story, "titel"),
                    seal(Field::StoryBody, old.story, "verhaal"),
                ],
            ),
            (
                "INSERT INTO excerpts (id, story_id, participant_id, content_sealed, review_comment_sealed, status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', 1, 0, 0)",
                vec![
                    old.story.as_bytes().to_vec(),
                    old.participant.as_bytes().to_vec(),
                    seal(Field::ExcerptContent, old.excerpt, "fragment"),
                    seal(Field::ReviewComment, old.excerpt, "opmerking"),
                ],
            ),
        ];
        let ids = [old.participant, old.account, old.story, old.excerpt];
        for ((sql, binds), id) in statements.into_iter().zip(ids) {
            let mut query = sqlx::query(sql).bind(id);
            for b in binds {
                query = query.bind(b);
            }
            assert!(query.execute(pool).await.is_ok(), "insert failed: {sql}");
        }
        old
    }

    async fn all_values(store: &Store, p: ParticipantId) -> Vec<(SealedColumn, Uuid, Sealed)> {
        let mut all = Vec::new();
        for column in SealedColumn::PARTICIPANT_CONTENT {
            for (row, sealed) in store.sealed_values(p, column).await.unwrap_or_default() {
                all.push((column, row, sealed));
            }
        }
        all
    }

    #[tokio::test]
    async fn reseal_rewrites_old_values_in_place_and_a_rerun_changes_nothing() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let Ok(store) = Store::connect(&url).await else {
            panic!("store")
        };
        let master = MasterKeys::generate_for_tests();
        let key = ParticipantKey::generate();
        let old = write_old_installation(&store, &master, &key).await;
        let p = ParticipantId::from_uuid(old.participant);
        let before = all_values(&store, p).await;
        assert_eq!(before.len(), 5);
        assert!(before.iter().all(|(_, _, s)| s.is_legacy()));

        let Ok(first) = crate::reseal::reseal(&store, &master, |_, _| {}).await else {
            panic!("reseal failed")
        };
        // 5 content values, the wrapped key and the username.
        assert_eq!(first.resealed, 7);
        let after = all_values(&store, p).await;
        assert!(after.iter().all(|(_, _, s)| !s.is_legacy()));
        let wrapped = store.wrapped_participant_keys().await.unwrap_or_default();
        assert!(wrapped.iter().all(|(_, w)| !w.is_legacy()));
        let Some(unwrapped) = wrapped
            .first()
            .and_then(|(id, w)| ParticipantKey::unwrap(&master, id.as_uuid(), w).ok())
        else {
            panic!("the re-wrapped key does not unwrap")
        };
        let expected = ["[\"Beilen\"]", "titel", "verhaal", "fragment", "opmerking"];
        for ((column, row, sealed), text) in after.iter().zip(expected) {
            let opened = unwrapped.open_string(SealContext::new(column.field(), *row), sealed);
            assert_eq!(opened.ok().as_deref(), Some(text));
        }
        let usernames = store
            .every_sealed_value(SealedColumn::Username)
            .await
            .unwrap_or_default();
        assert!(usernames.iter().all(|(_, s)| !s.is_legacy()));

        let Ok(second) = crate::reseal::reseal(&store, &master, |_, _| {}).await else {
            panic!("rerun failed")
        };
        assert_eq!(second.resealed, 0);
        assert_eq!(second.already_new, 7);
    }

    #[tokio::test]
    async fn a_value_changed_meanwhile_is_not_overwritten() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let Ok(store) = Store::connect(&url).await else {
            panic!("store")
        };
        let master = MasterKeys::generate_for_tests();
        let key = ParticipantKey::generate();
        let old = write_old_installation(&store, &master, &key).await;
        let p = ParticipantId::from_uuid(old.participant);
        let stale = Sealed::from_stored(b"not what is stored".to_vec());
        let replaced = store
            .replace_sealed_value(SealedColumn::StoryTitle, old.story, &stale, &stale)
            .await;
        assert!(matches!(replaced, Ok(false)));
        let titles = store.sealed_values(p, SealedColumn::StoryTitle).await;
        assert!(titles.is_ok_and(|t| t.len() == 1 && t[0].1.is_legacy()));
    }
}
