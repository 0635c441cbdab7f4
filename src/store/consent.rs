//! Live consent per (excerpt, audience) and the append-only consent ledger.

use sqlx::Row;
use uuid::Uuid;

use super::excerpts::VersionedChange;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, Audience, ExcerptId, ExcerptVersion, FeedItemId, Role, SessionOrigin,
};

/// Consent that is on record for an audience (it may have lapsed; the visibility rule decides).
#[derive(Debug, Clone, Copy)]
pub struct LiveConsent {
    pub audience: Audience,
    pub version: ExcerptVersion,
    pub granted_at: Millis,
}

#[derive(sqlx::FromRow, Clone)]
pub(super) struct LiveConsentRecord {
    pub(super) excerpt_id: Uuid,
    audience: String,
    version: i64,
    granted_at: i64,
}

impl TryFrom<LiveConsentRecord> for LiveConsent {
    type Error = StoreError;
    fn try_from(r: LiveConsentRecord) -> StoreResult<Self> {
        Ok(LiveConsent {
            audience: Audience::parse(&r.audience)
                .ok_or(StoreError::Corrupt("consents.audience"))?,
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("consents.version"))?,
            granted_at: Millis::from_raw(r.granted_at),
        })
    }
}

/// One explicit answer for one audience.
pub struct ConsentChange {
    pub audience: Audience,
    pub granted: bool,
    pub feed_id: FeedItemId,
    pub consent_text_version: i64,
}

pub struct LedgerEntry {
    pub audience: Audience,
    pub granted: bool,
    pub at: Millis,
    pub by_role: String,
    pub version: i64,
    pub text_sha256: String,
    pub consent_text_version: i64,
    /// How the acting session was opened: `password`, `recovery_code` or `staff_reset`.
    pub session_origin: String,
}

#[derive(sqlx::FromRow)]
struct LedgerRecord {
    audience: String,
    granted: bool,
    at: i64,
    by_role: String,
    version: i64,
    text_sha256: String,
    consent_text_version: i64,
    session_origin: String,
}

/// Withdraws every live consent of an excerpt inside transaction `$tx`, writing one ledger entry
/// per audience that had consent.
macro_rules! withdraw_all {
    ($tx:expr, $id:expr, $by:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO consent_ledger (excerpt_id, audience, granted, at, by_role, by_account, \
             version, text_sha256, consent_text_version, session_origin) \
             SELECT excerpt_id, audience, FALSE, $2, $3, $4, version, text_sha256, consent_text_version, $5 \
             FROM consents WHERE excerpt_id = $1 ORDER BY audience",
        )
        .bind($id.as_uuid())
        .bind($now.raw())
        .bind($by.1.as_str())
        .bind($by.0.as_uuid())
        .bind($by.2.as_str())
        .execute(&mut *$tx)
        .await?;
        sqlx::query("DELETE FROM consents WHERE excerpt_id = $1")
            .bind($id.as_uuid())
            .execute(&mut *$tx)
            .await?;
    };
}
pub(super) use withdraw_all;

impl Store {
    /// Applies the young person's answers for an approved excerpt at `version`, in one transaction.
    /// Only changes are written to the ledger: a new grant (or a renewal of a lapsed one) and a
    /// withdrawal. Conflict unless the excerpt is approved at exactly that version.
    pub async fn set_consent(
        &self,
        id: ExcerptId,
        version: ExcerptVersion,
        text_sha256: &str,
        answers: &[ConsentChange],
        by: (AccountId, Role, SessionOrigin),
        lapsed_before: Millis,
    ) -> StoreResult<VersionedChange> {
        let now = Millis::now();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // Lock the excerpt row for the rest of the transaction (PostgreSQL; SQLite serialises
            // writers anyway), so an edit cannot slip in between the check and the grant.
            let row = sqlx::query("UPDATE excerpts SET updated_at = updated_at WHERE id = $1 RETURNING status, version")
                .bind(id.as_uuid())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else { return Ok(VersionedChange::NotFound) };
            let status: String = row.try_get("status")?;
            let current: i64 = row.try_get("version")?;
            if status != "approved" || current != version.get() {
                return Ok(VersionedChange::Conflict);
            }
            for answer in answers {
                let existing = sqlx::query(
                    "SELECT version, granted_at FROM consents WHERE excerpt_id = $1 AND audience = $2",
                )
                .bind(id.as_uuid())
                .bind(answer.audience.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                let live = match &existing {
                    Some(r) => {
                        r.try_get::<i64, _>("version")? == version.get()
                            && r.try_get::<i64, _>("granted_at")? >= lapsed_before.raw()
                    }
                    None => false,
                };
                if answer.granted == live {
                    continue;
                }
                if answer.granted {
                    sqlx::query(
                        "INSERT INTO consents (excerpt_id, audience, version, granted_at, text_sha256, \
                         consent_text_version, feed_id) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (excerpt_id, audience) DO UPDATE SET version = excluded.version, \
                         granted_at = excluded.granted_at, text_sha256 = excluded.text_sha256, \
                         consent_text_version = excluded.consent_text_version, feed_id = excluded.feed_id",
                    )
                    .bind(id.as_uuid())
                    .bind(answer.audience.as_str())
                    .bind(version.get())
                    .bind(now.raw())
                    .bind(text_sha256)
                    .bind(answer.consent_text_version)
                    .bind(&answer.feed_id.as_bytes()[..])
                    .execute(&mut *tx)
                    .await?;
                } else {
                    sqlx::query("DELETE FROM consents WHERE excerpt_id = $1 AND audience = $2")
                        .bind(id.as_uuid())
                        .bind(answer.audience.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO consent_ledger (excerpt_id, audience, granted, at, by_role, by_account, \
                     version, text_sha256, consent_text_version, session_origin) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(id.as_uuid())
                .bind(answer.audience.as_str())
                .bind(answer.granted)
                .bind(now.raw())
                .bind(by.1.as_str())
                .bind(by.0.as_uuid())
                .bind(version.get())
                .bind(text_sha256)
                .bind(answer.consent_text_version)
                .bind(by.2.as_str())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(VersionedChange::Done)
        })
    }

    pub async fn consent_history(&self, id: ExcerptId) -> StoreResult<Vec<LedgerEntry>> {
        let records: Vec<LedgerRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT audience, granted, at, by_role, version, text_sha256, consent_text_version, \
                 session_origin FROM consent_ledger WHERE excerpt_id = $1 ORDER BY seq",
            )
            .bind(id.as_uuid())
            .fetch_all(pool)
            .await?
        });
        records
            .into_iter()
            .map(|r| {
                Ok(LedgerEntry {
                    audience: Audience::parse(&r.audience)
                        .ok_or(StoreError::Corrupt("consent_ledger.audience"))?,
                    granted: r.granted,
                    at: Millis::from_raw(r.at),
                    by_role: r.by_role,
                    version: r.version,
                    text_sha256: r.text_sha256,
                    consent_text_version: r.consent_text_version,
                    session_origin: r.session_origin,
                })
            })
            .collect()
    }
}
