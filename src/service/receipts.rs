//! Signed consent receipts: built when consent changes (inside the same transaction), listed for
//! the young person, checked by anyone with the published key.

use serde_json::{Value, json};

use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::{ExcerptId, ExcerptVersion, Role};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::receipt::{canonical_json, with_signature};
use crate::store::{AnswerOnRecord, Answerer, StoreError, StoreResult, StoredReceipt};

/// Names the format, so a reader knows what they hold.
pub const RECEIPT_KIND: &str = "storyvault-consent-receipt/1";

impl Service {
    /// A closure that builds and signs the receipt for the answers as they stand after a change.
    pub(super) fn receipt_signer<'a>(
        &'a self,
        excerpt: ExcerptId,
        version: ExcerptVersion,
        text_sha256: &'a str,
        who: Answerer,
        at: Millis,
    ) -> impl FnOnce(&[AnswerOnRecord]) -> StoreResult<StoredReceipt> + 'a {
        move |answers| {
            let audiences: Vec<Value> = answers
                .iter()
                .map(|a| {
                    json!({
                        "audience": a.audience.as_str(),
                        "granted": a.granted,
                        "consent_text_version": a.consent_text_version,
                        "valid_until": a.expires_at.map(Millis::to_rfc3339),
                    })
                })
                .collect();
            let answered_by = match who {
                Answerer::Youth(_) => Role::Youth,
                Answerer::Guardian(..) => Role::Guardian,
            };
            let body = canonical_json(&json!({
                "kind": RECEIPT_KIND,
                "excerpt_id": excerpt.to_string(),
                "excerpt_version": version.get(),
                "text_sha256": text_sha256,
                "answered_by": answered_by.as_str(),
                "at": at.to_rfc3339(),
                "audiences": audiences,
                "public_key": self.inner.receipt_key.public_key_b64(),
            }));
            if body.is_empty() {
                return Err(StoreError::Corrupt("consent_receipts.body"));
            }
            let signature = self.inner.receipt_key.sign_b64(body.as_bytes());
            Ok(StoredReceipt { body, signature })
        }
    }

    /// The receipts of an excerpt, oldest first (its young person only).
    pub async fn receipts(&self, caller: &Caller, id: ExcerptId) -> AppResult<Vec<Value>> {
        self.authorize(caller, Action::ReadReceipts)?;
        self.visible_excerpt(caller, Action::ReadReceipts, id)
            .await?;
        self.inner
            .store
            .receipts(id)
            .await?
            .into_iter()
            .map(|r| {
                with_signature(&r.body, &r.signature)
                    .ok_or_else(|| AppError::Internal("stored receipt is invalid".into()))
            })
            .collect()
    }

    /// The public key that checks receipts (standard base64 of 32 bytes).
    pub fn receipt_public_key(&self) -> String {
        self.inner.receipt_key.public_key_b64()
    }
}
