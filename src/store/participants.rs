//! Participants, their responsible workers and their invites.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::accounts::{NewAccount, insert_account};
use super::{Store, StoreResult, uuid_from};
use crate::domain::time::Millis;
use crate::domain::{AccountId, BirthYear, ParticipantId, Pseudonym};
use crate::vault::Sealed;

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

fn participant_from_row(row: &SqliteRow) -> StoreResult<ParticipantRow> {
    Ok(ParticipantRow {
        id: ParticipantId::from_uuid(uuid_from(row.try_get("id")?, "participants.id")?),
        pseudonym: Pseudonym::from_stored(row.try_get("pseudonym")?),
        birth_year: BirthYear::from_stored(row.try_get("birth_year")?),
        identifiers_sealed: Sealed::from_stored(row.try_get("identifiers_sealed")?),
        key_wrapped: Sealed::from_stored(row.try_get("key_wrapped")?),
        created_at: Millis::from_raw(row.try_get("created_at")?),
    })
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
        let mut tx = self.pool.begin().await?;
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
        sqlx::query("INSERT INTO invites (participant_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(p.id.as_uuid())
            .bind(&invite_hash[..])
            .bind(invite_expires.raw())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn participant(&self, id: ParticipantId) -> StoreResult<Option<ParticipantRow>> {
        let sql = format!("SELECT {COLUMNS} FROM participants p WHERE p.id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.as_uuid())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(participant_from_row)
            .transpose()
    }

    pub async fn participants_of_worker(
        &self,
        worker: AccountId,
    ) -> StoreResult<Vec<ParticipantRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM participants p JOIN participant_workers w ON w.participant_id = p.id \
             WHERE w.account_id = $1 ORDER BY p.created_at, p.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(worker.as_uuid())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(participant_from_row).collect()
    }

    pub async fn is_responsible_worker(
        &self,
        participant: ParticipantId,
        worker: AccountId,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM participant_workers WHERE participant_id = $1 AND account_id = $2)",
        )
        .bind(participant.as_uuid())
        .bind(worker.as_uuid())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<bool, _>(0)?)
    }

    /// Replaces the participant's invite; earlier codes stop working.
    pub async fn replace_invite(
        &self,
        participant: ParticipantId,
        hash: &[u8; 32],
        expires: Millis,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invites (participant_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (participant_id) DO UPDATE SET code_hash = excluded.code_hash, \
             expires_at = excluded.expires_at, created_at = excluded.created_at",
        )
        .bind(participant.as_uuid())
        .bind(&hash[..])
        .bind(expires.raw())
        .bind(Millis::now().raw())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Redeems a live invite in one transaction: the invite is used up, any earlier youth account of
    /// the participant ends (a new invite is also how a young person regains access), and the new
    /// account is created. `None` if no live invite has this hash.
    pub async fn redeem_invite(
        &self,
        hash: &[u8; 32],
        now: Millis,
        account: NewAccount,
    ) -> StoreResult<Option<ParticipantId>> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "DELETE FROM invites WHERE code_hash = $1 AND expires_at > $2 RETURNING participant_id",
        )
        .bind(&hash[..])
        .bind(now.raw())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let participant =
            ParticipantId::from_uuid(uuid_from(row.try_get(0)?, "invites.participant_id")?);
        sqlx::query("DELETE FROM accounts WHERE participant_id = $1")
            .bind(participant.as_uuid())
            .execute(&mut *tx)
            .await?;
        let account = NewAccount {
            participant_id: Some(participant),
            ..account
        };
        insert_account(&mut tx, &account).await?;
        tx.commit().await?;
        Ok(Some(participant))
    }

    /// Erases a participant: stories, excerpts, consents, ledger, access log, invites, the youth
    /// account with its sessions, and the wrapped key, in one transaction (by cascade). With the
    /// key gone, any copy of their ciphertext is unreadable.
    pub async fn erase_participant(&self, participant: ParticipantId) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM participants WHERE id = $1")
            .bind(participant.as_uuid())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(done)
    }
}
