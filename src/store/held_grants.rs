//! Grants given in the days after a staff reset, held apart from live consent: they have no
//! effect on any feed until the young person confirms them from a session opened with their own
//! new password (then they go through the ordinary consent path).

use uuid::Uuid;

use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{AccountId, Audience, ExcerptId, ExcerptVersion};

#[derive(Debug, Clone, Copy)]
pub struct HeldGrant {
    pub excerpt_id: ExcerptId,
    pub audience: Audience,
    pub version: ExcerptVersion,
    pub at: Millis,
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
}
