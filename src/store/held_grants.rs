//! Grants given in the days after a staff reset, held apart from live consent: they have no
//! effect on any feed until the young person confirms them from a session opened with their own
//! new password (then they go through the ordinary consent path).

use uuid::Uuid;

use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, Audience, ExcerptId, ExcerptVersion};
use crate::vault::Sealed;

#[derive(Debug, Clone, Copy)]
pub struct HeldGrant {
    pub excerpt_id: ExcerptId,
    pub audience: Audience,
    pub version: ExcerptVersion,
    pub at: Millis,
}

/// An approval waiting for confirmation, with the young person's comment (sealed as a review
/// comment of the excerpt, so it moves over unchanged).
pub struct HeldApproval {
    pub excerpt_id: ExcerptId,
    pub version: ExcerptVersion,
    pub comment_sealed: Option<Sealed>,
    pub at: Millis,
}

#[derive(sqlx::FromRow)]
struct HeldApprovalRecord {
    excerpt_id: Uuid,
    version: i64,
    comment_sealed: Option<Vec<u8>>,
    at: i64,
}

impl TryFrom<HeldApprovalRecord> for HeldApproval {
    type Error = StoreError;
    fn try_from(r: HeldApprovalRecord) -> StoreResult<Self> {
        Ok(HeldApproval {
            excerpt_id: ExcerptId::from_uuid(r.excerpt_id),
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("held_approvals.version"))?,
            comment_sealed: r.comment_sealed.map(Sealed::from_stored),
            at: Millis::from_raw(r.at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct HeldGrantRecord {
    excerpt_id: Uuid,
    audience: String,
    version: i64,
    at: i64,
}

impl Store {
    /// Holds a grant (replacing an earlier held answer for the same excerpt and audience).
    pub async fn hold_grant(&self, account: AccountId, grant: &HeldGrant) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO held_grants (excerpt_id, audience, version, account_id, at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (excerpt_id, audience) DO UPDATE SET version = excluded.version, at = excluded.at",
            )
            .bind(grant.excerpt_id.as_uuid())
            .bind(grant.audience.as_str())
            .bind(grant.version.get())
            .bind(account.as_uuid())
            .bind(grant.at.raw())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// A "no" wins over a held yes for the same audience.
    pub async fn drop_held_grant(&self, excerpt: ExcerptId, audience: Audience) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM held_grants WHERE excerpt_id = $1 AND audience = $2")
                .bind(excerpt.as_uuid())
                .bind(audience.as_str())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn held_grants(&self, account: AccountId) -> StoreResult<Vec<HeldGrant>> {
        let records: Vec<HeldGrantRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT excerpt_id, audience, version, at FROM held_grants WHERE account_id = $1 \
                 ORDER BY at, excerpt_id, audience",
            )
            .bind(account.as_uuid())
            .fetch_all(pool)
            .await?
        });
        records
            .into_iter()
            .map(|r| {
                Ok(HeldGrant {
                    excerpt_id: ExcerptId::from_uuid(r.excerpt_id),
                    audience: Audience::parse(&r.audience)
                        .ok_or(StoreError::Corrupt("held_grants.audience"))?,
                    version: ExcerptVersion::new(r.version)
                        .ok_or(StoreError::Corrupt("held_grants.version"))?,
                    at: Millis::from_raw(r.at),
                })
            })
            .collect()
    }

    pub async fn hold_approval(
        &self,
        account: AccountId,
        approval: &HeldApproval,
    ) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO held_approvals (excerpt_id, version, comment_sealed, account_id, at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (excerpt_id) DO UPDATE SET \
                 version = excluded.version, comment_sealed = excluded.comment_sealed, at = excluded.at",
            )
            .bind(approval.excerpt_id.as_uuid())
            .bind(approval.version.get())
            .bind(approval.comment_sealed.as_ref().map(Sealed::as_bytes))
            .bind(account.as_uuid())
            .bind(approval.at.raw())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn held_approval(&self, excerpt: ExcerptId) -> StoreResult<Option<HeldApproval>> {
        let record: Option<HeldApprovalRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT excerpt_id, version, comment_sealed, at FROM held_approvals WHERE excerpt_id = $1",
            )
            .bind(excerpt.as_uuid())
            .fetch_optional(pool)
            .await?
        });
        record.map(HeldApproval::try_from).transpose()
    }

    pub async fn held_approvals(&self, account: AccountId) -> StoreResult<Vec<HeldApproval>> {
        let records: Vec<HeldApprovalRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT excerpt_id, version, comment_sealed, at FROM held_approvals WHERE account_id = $1 \
                 ORDER BY at, excerpt_id",
            )
            .bind(account.as_uuid())
            .fetch_all(pool)
            .await?
        });
        records.into_iter().map(HeldApproval::try_from).collect()
    }

    pub async fn drop_held_approval(&self, excerpt: ExcerptId) -> StoreResult<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM held_approvals WHERE excerpt_id = $1")
                .bind(excerpt.as_uuid())
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
