//! Guardians of a participant under 16, their invites and the accounts they redeem them into.

use sqlx::Row;
use uuid::Uuid;

use super::accounts::{NewAccount, insert_account};
use super::{Store, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, GuardianId, ParticipantId};
use crate::vault::Sealed;

pub struct NewGuardian {
    pub id: GuardianId,
    pub participant_id: ParticipantId,
    /// `parent`, `guardian` or `organisation` (checked by the service and the table).
    pub relation: &'static str,
    pub description_sealed: Sealed,
    pub invite_hash: [u8; 32],
    pub invite_expires: Millis,
}

/// A guardian as the responsible worker sees them in the participant's list.
pub struct GuardianListRow {
    pub id: GuardianId,
    /// `parent`, `guardian` or `organisation`.
    pub relation: String,
    pub description_sealed: Sealed,
    /// Whether the invitation was redeemed into an account.
    pub has_account: bool,
    pub created_at: Millis,
}

/// A guardian as the account bound to them sees it: who they are a guardian of.
#[derive(Debug, Clone, Copy)]
pub struct GuardianRow {
    pub id: GuardianId,
    pub participant_id: ParticipantId,
}

impl Store {
    pub async fn insert_guardian(&self, g: &NewGuardian) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO guardians (id, participant_id, relation, description_sealed, invite_hash, \
                 invite_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(g.id.as_uuid())
            .bind(g.participant_id.as_uuid())
            .bind(g.relation)
            .bind(g.description_sealed.as_bytes())
            .bind(&g.invite_hash[..])
            .bind(g.invite_expires.raw())
            .bind(Millis::now().raw())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Whether a live guardian invite has this hash, without using it up.
    pub async fn live_guardian_invite(&self, hash: &[u8; 32], now: Millis) -> StoreResult<bool> {
        with_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT 1 FROM guardians WHERE invite_hash = $1 AND invite_expires_at > $2 \
                 AND account_id IS NULL",
            )
            .bind(&hash[..])
            .bind(now.raw())
            .fetch_optional(pool)
            .await?;
            Ok(row.is_some())
        })
    }

    /// Redeems a live guardian invite into a new account of role guardian, bound to that guardian
    /// (and so to one participant) only, in one transaction. `None` if no live invite has this hash.
    pub async fn redeem_guardian_invite(
        &self,
        hash: &[u8; 32],
        now: Millis,
        account: NewAccount,
    ) -> StoreResult<Option<GuardianRow>> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let row = sqlx::query(
                "UPDATE guardians SET invite_hash = NULL, invite_expires_at = NULL \
                 WHERE invite_hash = $1 AND invite_expires_at > $2 AND account_id IS NULL \
                 RETURNING id, participant_id",
            )
            .bind(&hash[..])
            .bind(now.raw())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let guardian = GuardianRow {
                id: GuardianId::from_uuid(row.try_get::<Uuid, _>(0)?),
                participant_id: ParticipantId::from_uuid(row.try_get::<Uuid, _>(1)?),
            };
            let account_id = account.id;
            insert_account!(account, &mut *tx)?;
            sqlx::query("UPDATE guardians SET account_id = $2 WHERE id = $1")
                .bind(guardian.id.as_uuid())
                .bind(account_id.as_uuid())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Some(guardian))
        })
    }

    /// The guardian an account of role guardian is bound to.
    pub async fn guardian_of_account(
        &self,
        account: AccountId,
    ) -> StoreResult<Option<GuardianRow>> {
        let row: Option<(Uuid, Uuid)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, participant_id FROM guardians WHERE account_id = $1")
                .bind(account.as_uuid())
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id, participant)| GuardianRow {
            id: GuardianId::from_uuid(id),
            participant_id: ParticipantId::from_uuid(participant),
        }))
    }

    /// The guardians of one participant, oldest first.
    pub async fn guardians_of_participant(
        &self,
        participant: ParticipantId,
    ) -> StoreResult<Vec<GuardianListRow>> {
        let rows: Vec<(Uuid, String, Vec<u8>, bool, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, relation, description_sealed, account_id IS NOT NULL, created_at \
                 FROM guardians WHERE participant_id = $1 ORDER BY created_at, id",
            )
            .bind(participant.as_uuid())
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, relation, sealed, has_account, created)| GuardianListRow {
                    id: GuardianId::from_uuid(id),
                    relation,
                    description_sealed: Sealed::from_stored(sealed),
                    has_account,
                    created_at: Millis::from_raw(created),
                },
            )
            .collect())
    }
}
