//! The young person's own data: their stories and excerpts, who read them, a full export, and
//! erasure of everything.

use serde::Serialize;

use super::stories::story_view;
use super::{Caller, ExcerptView, Service, StoryView};
use crate::domain::{Identifiers, ParticipantId};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{AccessEntry, LedgerEntry};
use crate::vault::{Field, SealContext};

/// Everything stored about a young person, decrypted.
#[derive(Serialize)]
pub struct Export {
    pub participant: serde_json::Value,
    pub account: serde_json::Value,
    pub stories: Vec<serde_json::Value>,
    pub excerpts: Vec<serde_json::Value>,
    pub consent_ledger: Vec<serde_json::Value>,
    pub access_log: Vec<serde_json::Value>,
}

impl Service {
    /// The young person the caller is, if the policy lets them do `action` to their own data.
    fn own_participant(&self, caller: &Caller, action: Action) -> AppResult<ParticipantId> {
        self.authorize(caller, action)?;
        caller
            .participant_id
            .ok_or_else(|| AppError::Internal("youth account without participant".into()))
    }

    pub async fn my_stories(&self, caller: &Caller) -> AppResult<Vec<StoryView>> {
        let participant = self.own_participant(caller, Action::ListOwnContent)?;
        self.list_stories(caller, participant).await
    }

    pub async fn my_excerpts(&self, caller: &Caller) -> AppResult<Vec<ExcerptView>> {
        let participant = self.own_participant(caller, Action::ListOwnContent)?;
        let rows = self
            .inner
            .store
            .excerpts_of_participant(participant)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.participant_key(participant).await?;
        let birth_year = self.birth_year(participant).await?;
        let now = crate::domain::time::Millis::now();
        rows.into_iter()
            .map(|row| {
                let state = self.consent_state(&row, birth_year, now);
                super::excerpts::open_excerpt(&key, row, state)
            })
            .collect()
    }

    pub async fn my_access_log(&self, caller: &Caller) -> AppResult<Vec<AccessEntry>> {
        let participant = self.own_participant(caller, Action::ReadOwnAccessLog)?;
        self.flush_reads_before_showing_them().await;
        Ok(self.inner.store.access_log(participant).await?)
    }

    /// Counted audience reads are written about once a second; the young person's view writes
    /// them first. If that fails they stay counted and the view shows what is stored.
    async fn flush_reads_before_showing_them(&self) {
        if let Err(e) = self.flush_audience_reads().await {
            tracing::warn!(cause = %e, "audience read counts not written yet; kept for the next try");
        }
    }

    pub async fn my_export(&self, caller: &Caller) -> AppResult<Export> {
        let participant = self.own_participant(caller, Action::ExportOwnData)?;
        let row = self
            .inner
            .store
            .participant(participant)
            .await?
            .ok_or(AppError::NotFound)?;
        let key = self.participant_key(participant).await?;
        let identifiers: Identifiers = serde_json::from_slice(&key.open(
            SealContext::new(Field::Identifiers, participant.as_uuid()),
            &row.identifiers_sealed,
        )?)
        .map_err(|_| AppError::Internal("stored identifiers are invalid".into()))?;
        let account = self.my_account(caller).await?;

        let mut stories = Vec::new();
        for story in self
            .inner
            .store
            .stories_of_participant(participant, true)
            .await?
        {
            let v = story_view(&key, story)?;
            stories.push(serde_json::json!({
                "id": v.id, "title": v.title, "body": v.body, "themes": v.themes,
                "recorded_on": v.recorded_on, "created_at": v.created_at.to_rfc3339(),
            }));
        }
        let mut excerpts = Vec::new();
        let mut consent_ledger = Vec::new();
        for e in self.my_excerpts(caller).await? {
            for entry in self.inner.store.consent_history(e.id).await? {
                consent_ledger.push(ledger_json(e.id.to_string(), &entry));
            }
            let receipts = self.receipts(caller, e.id).await?;
            excerpts.push(serde_json::json!({
                "id": e.id, "story_id": e.story_id, "text": e.text, "status": e.status,
                "version": e.version.get(), "consent": e.consent, "review_comment": e.review_comment,
                "guardian_required": e.guardian_required, "guardian_consent": e.guardian_consent,
                "receipts": receipts,
            }));
        }
        self.flush_reads_before_showing_them().await;
        let access_log = self
            .inner
            .store
            .access_log(participant)
            .await?
            .iter()
            .map(|a| {
                serde_json::json!({
                    "at": a.at.to_rfc3339(), "actor_role": a.actor_role, "action": a.action,
                    "object_type": a.object_type, "object_id": a.object_id, "count": a.count,
                })
            })
            .collect();
        Ok(Export {
            participant: serde_json::json!({
                "id": participant, "pseudonym": row.pseudonym.as_str(), "birth_year": row.birth_year.get(),
                "identifiers": identifiers.as_slice(), "created_at": row.created_at.to_rfc3339(),
            }),
            account,
            stories,
            excerpts,
            consent_ledger,
            access_log,
        })
    }

    async fn my_account(&self, caller: &Caller) -> AppResult<serde_json::Value> {
        let session = self
            .inner
            .store
            .session(&caller.token_hash)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let username = self.inner.master.open_string(
            SealContext::new(Field::Username, caller.account_id.as_uuid()),
            &session.account.username_sealed,
        )?;
        Ok(
            serde_json::json!({ "id": caller.account_id, "username": username, "role": caller.role }),
        )
    }

    /// Erases the young person entirely, in one transaction; their account ends with it.
    pub async fn erase_me(&self, caller: &Caller) -> AppResult<()> {
        let participant = self.own_participant(caller, Action::EraseOwnData)?;
        self.journal_erasure(participant).await?;
        self.forget_key(participant);
        self.inner.reads.forget(participant);
        let erased = self.inner.store.erase_participant(participant).await?;
        // Again after the commit: a request running alongside may have cached or counted meanwhile.
        self.forget_key(participant);
        self.inner.reads.forget(participant);
        if !erased {
            return Err(AppError::NotFound);
        }
        tracing::info!(participant_id = %participant, "participant erased");
        Ok(())
    }
}

pub(super) fn ledger_json(excerpt_id: String, e: &LedgerEntry) -> serde_json::Value {
    serde_json::json!({
        "excerpt_id": excerpt_id, "audience": e.audience, "granted": e.granted, "at": e.at.to_rfc3339(),
        "by_role": e.by_role, "version": e.version, "text_sha256": e.text_sha256,
        "consent_text_version": e.consent_text_version,
    })
}
