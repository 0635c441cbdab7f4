//! Participants, their responsible workers and their invites.

use sqlx::Row;
use uuid::Uuid;

use super::accounts::{NewAccount, insert_account};
use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, BirthYear, ParticipantId, Pseudonym};
use crate::vault::Sealed;

/// What redeeming an invite did.
#[derive(Debug, PartialEq, Eq)]
pub enum Redeemed {
    Created(ParticipantId),
    NoLiveInvite,
    /// The participant has an account already; the invite was left as it was.
    AccountExists,
}

pub struct NewParticipant {
    pub id: ParticipantId,
    pub pseudonym: Pseudonym,
    pub birth_year: BirthYear,
    pub identifiers_sealed: Sealed,
    pub key_wrapped: Sealed,
}

pub struct ParticipantRow {
    pub id: ParticipantId,
    pub pseudonym: Pseudonym,
    pub birth_year: BirthYear,
    pub identifiers_sealed: Sealed,
    pub key_wrapped: Sealed,
    pub created_at: Millis,
}

#[derive(sqlx::FromRow)]
struct ParticipantRecord {
    id: Uuid,
    pseudonym: String,
    birth_year: i64,
    identifiers_sealed: Vec<u8>,
    key_wrapped: Vec<u8>,
    created_at: i64,
}

impl From<ParticipantRecord> for ParticipantRow {
    fn from(r: ParticipantRecord) -> Self {
        ParticipantRow {
            id: ParticipantId::from_uuid(r.id),
            pseudonym: Pseudonym::from_stored(r.pseudonym),
            birth_year: BirthYear::from_stored(r.birth_year),
            identifiers_sealed: Sealed::from_stored(r.identifiers_sealed),
            key_wrapped: Sealed::from_stored(r.key_wrapped),
            created_at: Millis::from_raw(r.created_at),
        }
    }
}

const COLUMNS: &str =
    "p.id, p.pseudonym, p.birth_year, p.identifiers_sealed, p.key_wrapped, p.created_at";

impl Store {
    /// Registers a participant, makes `worker` responsible and stores the first invite, at once.
    pub async fn create_participant(
        &self,
        p: &NewParticipant,
        worker: AccountId,
        invite_hash: &[u8; 32],
        invite_expires: Millis,
    ) -> StoreResult<()> {
        let now = Millis::now().raw();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO participants (id, pseudonym, birth_year, identifiers_sealed, key_wrapped, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(p.id.as_uuid())
            .bind(p.pseudonym.as_str())
            .bind(i64::from(p.birth_year.get()))
            .bind(p.identifiers_sealed.as_bytes())
            .bind(p.key_wrapped.as_bytes())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO participant_workers (participant_id, account_id) VALUES ($1, $2)")
                .bind(p.id.as_uuid())
                .bind(worker.as_uuid())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO invites (participant_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(p.id.as_uuid())
            .bind(&invite_hash[..])
            .bind(invite_expires.raw())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn participant(&self, id: ParticipantId) -> StoreResult<Option<ParticipantRow>> {
        let sql = format!("SELECT {COLUMNS} FROM participants p WHERE p.id = $1");
        let record: Option<ParticipantRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(pool).await?
        });
        Ok(record.map(ParticipantRow::from))
    }

    pub async fn participants_of_worker(
        &self,
        worker: AccountId,
    ) -> StoreResult<Vec<ParticipantRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM participants p JOIN participant_workers w ON w.participant_id = p.id \
             WHERE w.account_id = $1 ORDER BY p.created_at, p.id"
        );
        let records: Vec<ParticipantRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(worker.as_uuid()).fetch_all(pool).await?
        });
        Ok(records.into_iter().map(ParticipantRow::from).collect())
    }

    pub async fn is_responsible_worker(
        &self,
        participant: ParticipantId,
        worker: AccountId,
    ) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT EXISTS (SELECT 1 FROM participant_workers WHERE participant_id = $1 AND account_id = $2)",
            )
            .bind(participant.as_uuid())
            .bind(worker.as_uuid())
            .fetch_one(pool)
            .await?;
            Ok(row.try_get::<bool, _>(0)?)
        })
    }

    /// Replaces the participant's invite; earlier codes stop working.
    pub async fn replace_invite(
        &self,
        participant: ParticipantId,
        hash: &[u8; 32],
        expires: Millis,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO invites (participant_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (participant_id) DO UPDATE SET code_hash = excluded.code_hash, \
                 expires_at = excluded.expires_at, created_at = excluded.created_at",
            )
            .bind(participant.as_uuid())
            .bind(&hash[..])
            .bind(expires.raw())
            .bind(Millis::now().raw())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The participant a live invite with this hash is for, without using it up.
    pub async fn live_invite(
        &self,
        hash: &[u8; 32],
        now: Millis,
    ) -> StoreResult<Option<ParticipantId>> {
        with_pool!(self, pool => {
            let row = sqlx::query("SELECT participant_id FROM invites WHERE code_hash = $1 AND expires_at > $2")
                .bind(&hash[..])
                .bind(now.raw())
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|r| r.try_get::<Uuid, _>(0)).transpose()?.map(ParticipantId::from_uuid))
        })
    }

    /// Redeems a live invite in one transaction: the invite is used up and the account created.
    /// An invitation never replaces a live account: if the participant has one, nothing changes.
    pub async fn redeem_invite(
        &self,
        hash: &[u8; 32],
        now: Millis,
        account: NewAccount,
    ) -> StoreResult<Redeemed> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let row = sqlx::query(
                "DELETE FROM invites WHERE code_hash = $1 AND expires_at > $2 RETURNING participant_id",
            )
            .bind(&hash[..])
            .bind(now.raw())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { return Ok(Redeemed::NoLiveInvite) };
            let participant = ParticipantId::from_uuid(row.try_get::<Uuid, _>(0)?);
            let existing = sqlx::query("SELECT 1 FROM accounts WHERE participant_id = $1")
                .bind(participant.as_uuid())
                .fetch_optional(&mut *tx)
                .await?;
            if existing.is_some() {
                return Ok(Redeemed::AccountExists);
            }
            let account = NewAccount { participant_id: Some(participant), ..account };
            insert_account!(account, &mut *tx)?;
            tx.commit().await?;
            Ok(Redeemed::Created(participant))
        })
    }

    /// Erases a participant: stories, excerpts, consents, ledger, access log, invites, the youth
    /// account with its sessions, and the wrapped key, in one transaction (by cascade). With the
    /// key gone, any copy of their ciphertext is unreadable.
    pub async fn erase_participant(&self, participant: ParticipantId) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("DELETE FROM participants WHERE id = $1")
                .bind(participant.as_uuid())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            tx.commit().await?;
            Ok(done)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    async fn store_with_participant(invite_expires: Millis) -> Option<(Store, tempfile::TempDir)> {
        let dir = tempfile::tempdir().ok()?;
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&url).await.ok()?;
        let worker = account(Role::Worker, 1);
        store.insert_account(&worker).await.ok()?;
        let participant = NewParticipant {
            id: ParticipantId::generate(),
            pseudonym: Pseudonym::generate(),
            birth_year: BirthYear::from_stored(2010),
            identifiers_sealed: Sealed::from_stored(vec![1]),
            key_wrapped: Sealed::from_stored(vec![2]),
        };
        store
            .create_participant(&participant, worker.id, &[7; 32], invite_expires)
            .await
            .ok()?;
        Some((store, dir))
    }

    fn account(role: Role, n: u8) -> NewAccount {
        NewAccount {
            id: AccountId::generate(),
            username_index: [n; 32],
            username_sealed: Sealed::from_stored(vec![n]),
            password_hash: "not-a-hash".into(),
            role,
            participant_id: None,
        }
    }

    #[tokio::test]
    async fn a_live_invite_redeems_once() {
        let Some((store, _dir)) = store_with_participant(Millis::now().plus_minutes(60)).await
        else {
            panic!("set-up failed");
        };
        let first = store
            .redeem_invite(&[7; 32], Millis::now(), account(Role::Youth, 2))
            .await;
        assert!(matches!(first, Ok(Redeemed::Created(_))));
        let again = store
            .redeem_invite(&[7; 32], Millis::now(), account(Role::Youth, 3))
            .await;
        assert!(matches!(again, Ok(Redeemed::NoLiveInvite)));
    }

    #[tokio::test]
    async fn an_expired_invite_does_not_redeem() {
        let Some((store, _dir)) = store_with_participant(Millis::now().plus_minutes(-1)).await
        else {
            panic!("set-up failed");
        };
        let redeemed = store
            .redeem_invite(&[7; 32], Millis::now(), account(Role::Youth, 2))
            .await;
        assert!(matches!(redeemed, Ok(Redeemed::NoLiveInvite)));
    }
}
