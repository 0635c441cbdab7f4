//! Live consent per (excerpt, audience) and the append-only consent ledger.

use sqlx::Row;
use uuid::Uuid;

use super::excerpts::VersionedChange;
use super::feed::refresh_feed;
use super::{Store, StoreError, StoreResult};
use crate::domain::time::Millis;
use crate::domain::visibility::Grant;
use crate::domain::{
    AccountId, Audience, ExcerptId, ExcerptVersion, FeedItemId, GuardianId, Role, SessionOrigin,
};

/// Consent that is on record for an audience (it may have lapsed; the visibility rule decides).
#[derive(Debug, Clone, Copy)]
pub struct LiveConsent {
    pub audience: Audience,
    pub version: ExcerptVersion,
    pub granted_at: Millis,
    pub expires_at: Millis,
    pub consent_text_version: i64,
}

impl LiveConsent {
    pub fn grant(&self) -> Grant {
        Grant {
            version: self.version,
            consent_text_version: self.consent_text_version,
            expires_at: self.expires_at,
        }
    }
}

#[derive(sqlx::FromRow, Clone)]
pub(super) struct LiveConsentRecord {
    pub(super) excerpt_id: Uuid,
    audience: String,
    version: i64,
    granted_at: i64,
    expires_at: i64,
    consent_text_version: i64,
}

/// The columns of `consents` and `guardian_consents` that make a `LiveConsentRecord`.
pub(super) const LIVE_COLUMNS: &str =
    "excerpt_id, audience, version, granted_at, expires_at, consent_text_version";

impl TryFrom<LiveConsentRecord> for LiveConsent {
    type Error = StoreError;
    fn try_from(r: LiveConsentRecord) -> StoreResult<Self> {
        Ok(LiveConsent {
            audience: Audience::parse(&r.audience)
                .ok_or(StoreError::Corrupt("consents.audience"))?,
            version: ExcerptVersion::new(r.version)
                .ok_or(StoreError::Corrupt("consents.version"))?,
            granted_at: Millis::from_raw(r.granted_at),
            expires_at: Millis::from_raw(r.expires_at),
            consent_text_version: r.consent_text_version,
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

/// When consent is answered, and the expiry a new grant gets. `renew` replaces a grant that still
/// holds (a renewal); otherwise a yes that still holds is left as it is.
#[derive(Debug, Clone, Copy)]
pub struct ConsentTerms {
    pub now: Millis,
    pub expires_at: Millis,
    pub renew: bool,
}

/// One audience's answer as it stands after a change: what a receipt records.
#[derive(Debug, Clone, Copy)]
pub struct AnswerOnRecord {
    pub audience: Audience,
    pub granted: bool,
    pub consent_text_version: i64,
    /// Until when a yes holds; none for a no.
    pub expires_at: Option<Millis>,
}

/// A signed receipt as stored: its canonical JSON body and the signature over it.
pub struct StoredReceipt {
    pub body: String,
    pub signature: String,
}

/// Who answers: the young person, or one of their guardians.
#[derive(Debug, Clone, Copy)]
pub enum Answerer {
    Youth(AccountId),
    Guardian(AccountId, GuardianId),
}

impl Answerer {
    fn role(self) -> Role {
        match self {
            Answerer::Youth(_) => Role::Youth,
            Answerer::Guardian(..) => Role::Guardian,
        }
    }
    fn account(self) -> AccountId {
        match self {
            Answerer::Youth(a) | Answerer::Guardian(a, _) => a,
        }
    }
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
    /// Until when a yes holds (none for a no, and for entries from before expiry was stored).
    pub expires_at: Option<Millis>,
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
    expires_at: Option<i64>,
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
        // A guardian's yes was for the old text too; it ends with it.
        sqlx::query("DELETE FROM guardian_consents WHERE excerpt_id = $1")
            .bind($id.as_uuid())
            .execute(&mut *$tx)
            .await?;
        $crate::store::feed::refresh_feed!($tx, $id.as_uuid());
    };
}
pub(super) use withdraw_all;

/// Appends one ledger entry inside transaction `$tx`.
macro_rules! ledger_entry {
    ($tx:expr, $id:expr, $audience:expr, $granted:expr, $now:expr, $who:expr, $origin:expr, $version:expr, $sha:expr, $ctv:expr, $expires:expr) => {
        sqlx::query(
            "INSERT INTO consent_ledger (excerpt_id, audience, granted, at, by_role, by_account, \
             version, text_sha256, consent_text_version, expires_at, session_origin) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind($id.as_uuid())
        .bind($audience.as_str())
        .bind($granted)
        .bind($now.raw())
        .bind($who.role().as_str())
        .bind($who.account().as_uuid())
        .bind($version.get())
        .bind($sha)
        .bind($ctv)
        .bind($expires)
        .bind($origin.as_str())
        .execute(&mut *$tx)
        .await?
    };
}

/// Does the grant row `$table` hold for this audience now (this version, this consent text, not
/// expired)? Returns its expiry if so.
macro_rules! holding_grant {
    ($tx:expr, $table:literal, $id:expr, $audience:expr, $version:expr, $ctv:expr, $now:expr) => {{
        let row = sqlx::query(concat!(
            "SELECT expires_at FROM ",
            $table,
            " WHERE excerpt_id = $1 AND audience = $2 AND version = $3 \
             AND consent_text_version = $4 AND expires_at > $5"
        ))
        .bind($id.as_uuid())
        .bind($audience.as_str())
        .bind($version.get())
        .bind($ctv)
        .bind($now.raw())
        .fetch_optional(&mut *$tx)
        .await?;
        row.map(|r| r.try_get::<i64, _>(0)).transpose()?
    }};
}

const UPSERT_YOUTH: &str = "INSERT INTO consents (excerpt_id, audience, version, granted_at, expires_at, \
     text_sha256, consent_text_version, feed_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (excerpt_id, audience) DO UPDATE SET version = excluded.version, \
     granted_at = excluded.granted_at, expires_at = excluded.expires_at, text_sha256 = excluded.text_sha256, \
     consent_text_version = excluded.consent_text_version, feed_id = excluded.feed_id";

const UPSERT_GUARDIAN: &str = "INSERT INTO guardian_consents (excerpt_id, audience, version, granted_at, \
     expires_at, text_sha256, consent_text_version, guardian_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (excerpt_id, audience) DO UPDATE SET version = excluded.version, \
     granted_at = excluded.granted_at, expires_at = excluded.expires_at, text_sha256 = excluded.text_sha256, \
     consent_text_version = excluded.consent_text_version, guardian_id = excluded.guardian_id";

impl Store {
    /// Applies one side's answers for an approved excerpt at `version`, in one transaction, with
    /// its signed receipt. Every "no" is written to the ledger (also when nothing was granted); a
    /// yes only when it is new (or `terms.renew`). The young person's "no" also ends a guardian's
    /// yes for that audience. A guardian's yes needs the young person's yes to hold (Conflict
    /// otherwise). Conflict unless the excerpt is approved at exactly that version.
    #[allow(clippy::too_many_arguments)]
    pub async fn answer_consent(
        &self,
        id: ExcerptId,
        version: ExcerptVersion,
        text_sha256: &str,
        answers: &[ConsentChange],
        who: Answerer,
        origin: SessionOrigin,
        terms: ConsentTerms,
        receipt: impl FnOnce(&[AnswerOnRecord]) -> StoreResult<StoredReceipt>,
    ) -> StoreResult<VersionedChange> {
        let now = terms.now;
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
            let mut recorded = Vec::with_capacity(answers.len());
            for answer in answers {
                let ctv = answer.consent_text_version;
                let a = answer.audience;
                let held = match who {
                    Answerer::Youth(_) => holding_grant!(tx, "consents", id, a, version, ctv, now),
                    Answerer::Guardian(..) => {
                        if answer.granted
                            && holding_grant!(tx, "consents", id, a, version, ctv, now).is_none()
                        {
                            return Ok(VersionedChange::Conflict);
                        }
                        holding_grant!(tx, "guardian_consents", id, a, version, ctv, now)
                    }
                };
                if answer.granted {
                    if let Some(expires) = held.filter(|_| !terms.renew) {
                        recorded.push(AnswerOnRecord { audience: a, granted: true, consent_text_version: ctv, expires_at: Some(Millis::from_raw(expires)) });
                        continue;
                    }
                    let sql = match who {
                        Answerer::Youth(_) => UPSERT_YOUTH,
                        Answerer::Guardian(..) => UPSERT_GUARDIAN,
                    };
                    let query = sqlx::query(sql)
                        .bind(id.as_uuid())
                        .bind(a.as_str())
                        .bind(version.get())
                        .bind(now.raw())
                        .bind(terms.expires_at.raw())
                        .bind(text_sha256)
                        .bind(ctv);
                    match who {
                        Answerer::Youth(_) => query.bind(answer.feed_id.as_bytes().to_vec()).execute(&mut *tx).await?,
                        Answerer::Guardian(_, g) => query.bind(g.as_uuid()).execute(&mut *tx).await?,
                    };
                    ledger_entry!(tx, id, a, true, now, who, origin, version, text_sha256, ctv, Some(terms.expires_at.raw()));
                    recorded.push(AnswerOnRecord { audience: a, granted: true, consent_text_version: ctv, expires_at: Some(terms.expires_at) });
                } else {
                    if matches!(who, Answerer::Youth(_)) {
                        sqlx::query("DELETE FROM consents WHERE excerpt_id = $1 AND audience = $2")
                            .bind(id.as_uuid())
                            .bind(a.as_str())
                            .execute(&mut *tx)
                            .await?;
                    }
                    sqlx::query("DELETE FROM guardian_consents WHERE excerpt_id = $1 AND audience = $2")
                        .bind(id.as_uuid())
                        .bind(a.as_str())
                        .execute(&mut *tx)
                        .await?;
                    ledger_entry!(tx, id, a, false, now, who, origin, version, text_sha256, ctv, None::<i64>);
                    recorded.push(AnswerOnRecord { audience: a, granted: false, consent_text_version: ctv, expires_at: None });
                }
            }
            refresh_feed!(tx, id.as_uuid());
            let signed = receipt(&recorded)?;
            sqlx::query("INSERT INTO consent_receipts (excerpt_id, body, signature, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id.as_uuid())
                .bind(&signed.body)
                .bind(&signed.signature)
                .bind(now.raw())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(VersionedChange::Done)
        })
    }

    /// The signed receipts of an excerpt, oldest first.
    pub async fn receipts(&self, id: ExcerptId) -> StoreResult<Vec<StoredReceipt>> {
        let rows: Vec<(String, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT body, signature FROM consent_receipts WHERE excerpt_id = $1 ORDER BY seq")
                .bind(id.as_uuid())
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(body, signature)| StoredReceipt { body, signature })
            .collect())
    }

    pub async fn consent_history(&self, id: ExcerptId) -> StoreResult<Vec<LedgerEntry>> {
        let records: Vec<LedgerRecord> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT audience, granted, at, by_role, version, text_sha256, consent_text_version, \
                 session_origin, expires_at FROM consent_ledger WHERE excerpt_id = $1 ORDER BY seq",
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
                    expires_at: r.expires_at.map(Millis::from_raw),
                })
            })
            .collect()
    }
}
