//! Every value sealed to a participant's key, column by column, for `storyvault reseal`: read one
//! participant's values, replace each one compare-and-swap (so a run can stop and rerun at any
//! point and never overwrites a concurrent edit).

use uuid::Uuid;

#[cfg(test)]
use super::Db;
use super::{Store, StoreResult};
use crate::domain::ParticipantId;
use crate::vault::{Field, Sealed};

/// A column holding values sealed to the participant key of its row's participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedColumn {
    Identifiers,
    StoryTitle,
    StoryBody,
    ExcerptContent,
    ReviewComment,
}

impl SealedColumn {
    pub const ALL: [SealedColumn; 5] = [
        SealedColumn::Identifiers,
        SealedColumn::StoryTitle,
        SealedColumn::StoryBody,
        SealedColumn::ExcerptContent,
        SealedColumn::ReviewComment,
    ];

    /// Table, column, and the column naming the participant.
    fn place(self) -> (&'static str, &'static str, &'static str) {
        match self {
            SealedColumn::Identifiers => ("participants", "identifiers_sealed", "id"),
            SealedColumn::StoryTitle => ("stories", "title_sealed", "participant_id"),
            SealedColumn::StoryBody => ("stories", "body_sealed", "participant_id"),
            SealedColumn::ExcerptContent => ("excerpts", "content_sealed", "participant_id"),
            SealedColumn::ReviewComment => ("excerpts", "review_comment_sealed", "participant_id"),
        }
    }

    /// The field its values are bound to.
    pub fn field(self) -> Field {
        match self {
            SealedColumn::Identifiers => Field::Identifiers,
            SealedColumn::StoryTitle => Field::StoryTitle,
            SealedColumn::StoryBody => Field::StoryBody,
            SealedColumn::ExcerptContent => Field::ExcerptContent,
            SealedColumn::ReviewComment => Field::ReviewComment,
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
        let (table, col, owner) = column.place();
        let sql = format!(
            "SELECT id, {col} AS value FROM {table} WHERE {owner} = $1 AND {col} IS NOT NULL ORDER BY id"
        );
        let records: Vec<SealedRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant.as_uuid()).fetch_all(pool).await?
        });
        Ok(records
            .into_iter()
            .map(|r| (r.id, Sealed::from_stored(r.value)))
            .collect())
    }

    /// Replaces one sealed value only if it is still `old`. False if it changed or is gone.
    pub async fn replace_sealed_value(
        &self,
        column: SealedColumn,
        row: Uuid,
        old: &Sealed,
        new: &Sealed,
    ) -> StoreResult<bool> {
        let (table, col, _) = column.place();
        let sql = format!("UPDATE {table} SET {col} = $3 WHERE id = $1 AND {col} = $2");
        with_pool!(self, pool => {
            let done = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(row)
                .bind(old.as_bytes())
                .bind(new.as_bytes())
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
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
        let wrapped = key.wrap_legacy_for_tests(master, old.participant);
        let username = master
            .seal_legacy(SealContext::new(Field::Username, old.account), b"jongere1")
            .map(Sealed::into_bytes)
            .unwrap_or_default();
        let Db::Sqlite(pool) = &store.db else {
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
        for column in SealedColumn::ALL {
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
        let usernames = store.sealed_usernames().await.unwrap_or_default();
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
