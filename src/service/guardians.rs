//! Guardians beside a young person under 16: added by a responsible worker, invited with a code
//! shown once, and asked (after the young person said yes) for the same audiences and text.
//! A guardian sees only approved excerpts the young person said yes to: the anonymised text and
//! the answers, nothing else of the story.

use super::excerpts::open_content;
use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::{
    Audience, AudienceFlags, ExcerptId, ExcerptVersion, GuardianId, InviteCode, ParticipantId,
    Role, char_len, has_control_chars,
};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{Answerer, ExcerptRow, GuardianRow, NewGuardian};
use crate::vault::{Field, SealContext};

pub const DESCRIPTION_MAX_CHARS: usize = 200;

/// How the guardian stands to the young person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardianRelation {
    Parent,
    Guardian,
    Organisation,
}

impl GuardianRelation {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "parent" => Some(Self::Parent),
            "guardian" => Some(Self::Guardian),
            "organisation" => Some(Self::Organisation),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Guardian => "guardian",
            Self::Organisation => "organisation",
        }
    }
}

/// A guardian as the responsible worker sees them: enough to tell them apart and to know whether
/// the invitation was used; never the guardian's account or username.
pub struct GuardianSummary {
    pub id: GuardianId,
    pub relation: GuardianRelation,
    pub description: String,
    pub has_account: bool,
    pub created_at: Millis,
}

/// An excerpt as a guardian sees it.
pub struct GuardianExcerpt {
    pub id: ExcerptId,
    pub text: String,
    /// Where the anonymiser (or the worker) replaced something, so pages can mark it.
    pub redactions: Vec<super::Redaction>,
    /// False once the young person is 16: their own answer then holds alone.
    pub guardian_required: bool,
    pub version: ExcerptVersion,
    pub youth_consent: AudienceFlags,
    pub guardian_consent: AudienceFlags,
}

impl Service {
    /// A responsible worker adds a guardian; the invite code is returned once.
    pub async fn add_guardian(
        &self,
        caller: &Caller,
        participant: ParticipantId,
        relation: GuardianRelation,
        description: String,
    ) -> AppResult<(GuardianId, InviteCode)> {
        self.authorize(caller, Action::AddGuardian)?;
        self.authorize_for(caller, Action::AddGuardian, participant)
            .await?;
        let description = description.trim().to_string();
        if description.is_empty() {
            return Err(AppError::field("description", "required"));
        }
        if char_len(&description) > DESCRIPTION_MAX_CHARS || has_control_chars(&description) {
            return Err(AppError::field("description", "invalid"));
        }
        let key = self.participant_key(participant).await?;
        let id = GuardianId::generate();
        let invite = InviteCode::generate();
        self.inner
            .store
            .insert_guardian(&NewGuardian {
                id,
                participant_id: participant,
                relation: relation.as_str(),
                description_sealed: key.seal_str(
                    SealContext::new(Field::GuardianDescription, id.as_uuid()),
                    &description,
                )?,
                invite_hash: invite.hash(),
                invite_expires: Millis::now()
                    .plus_minutes(self.inner.policies.rules.invite_valid_days * 24 * 60),
            })
            .await?;
        tracing::info!(participant_id = %participant, guardian_id = %id, "guardian added");
        Ok((id, invite))
    }

    /// The guardians of a participant, for their responsible worker.
    pub async fn list_guardians(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<Vec<GuardianSummary>> {
        self.authorize(caller, Action::ListGuardians)?;
        self.authorize_for(caller, Action::ListGuardians, participant)
            .await?;
        let rows = self
            .inner
            .store
            .guardians_of_participant(participant)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.participant_key(participant).await?;
        rows.into_iter()
            .map(|row| {
                let description = key.open_string(
                    SealContext::new(Field::GuardianDescription, row.id.as_uuid()),
                    &row.description_sealed,
                )?;
                // The table's CHECK allows only these three; anything else is a damaged row.
                let relation = GuardianRelation::parse(&row.relation)
                    .ok_or_else(|| AppError::Internal("guardian relation".into()))?;
                Ok(GuardianSummary {
                    id: row.id,
                    relation,
                    description,
                    has_account: row.has_account,
                    created_at: row.created_at,
                })
            })
            .collect()
    }

    /// The guardian the caller is, if the policy lets them do `action` (403 for other roles).
    async fn guardian_of(&self, caller: &Caller, action: Action) -> AppResult<GuardianRow> {
        self.authorize(caller, action)?;
        self.inner
            .store
            .guardian_of_account(caller.account_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// An excerpt of the guardian's own participant, or 404.
    async fn guardian_excerpt_row(
        &self,
        caller: &Caller,
        action: Action,
        id: ExcerptId,
    ) -> AppResult<ExcerptRow> {
        let row = self
            .inner
            .store
            .excerpt(id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize_for(caller, action, row.participant_id)
            .await?;
        Ok(row)
    }

    /// Approved excerpts the young person said yes to for at least one audience.
    pub async fn guardian_excerpts(&self, caller: &Caller) -> AppResult<Vec<GuardianExcerpt>> {
        let guardian = self
            .guardian_of(caller, Action::ReadGuardianExcerpts)
            .await?;
        let participant = guardian.participant_id;
        let rows = self
            .inner
            .store
            .excerpts_of_participant(participant)
            .await?;
        let birth_year = self.birth_year(participant).await?;
        let key = self.participant_key(participant).await?;
        let mut items = Vec::new();
        for row in rows {
            if let Some(item) = self.guardian_item(caller, &key, row, birth_year).await? {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// One excerpt as its guardian sees it: 404 when it is another participant's, or when the
    /// young person has not (or no longer) said yes to anyone for it, exactly as for none.
    pub async fn guardian_excerpt(
        &self,
        caller: &Caller,
        id: ExcerptId,
    ) -> AppResult<GuardianExcerpt> {
        let guardian = self
            .guardian_of(caller, Action::ReadGuardianExcerpt)
            .await?;
        let row = self
            .guardian_excerpt_row(caller, Action::ReadGuardianExcerpt, id)
            .await?;
        let participant = guardian.participant_id;
        let birth_year = self.birth_year(participant).await?;
        let key = self.participant_key(participant).await?;
        self.guardian_item(caller, &key, row, birth_year)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The excerpt opened for the guardian (and the read logged), if the young person's yes holds
    /// for at least one audience.
    async fn guardian_item(
        &self,
        caller: &Caller,
        key: &crate::vault::ParticipantKey,
        row: ExcerptRow,
        birth_year: i32,
    ) -> AppResult<Option<GuardianExcerpt>> {
        let state = self.consent_state(&row, birth_year, Millis::now());
        if state.youth == AudienceFlags::default() {
            return Ok(None);
        }
        let content = open_content(key, row.id, &row.content_sealed)?;
        self.log_read(caller, row.participant_id, "excerpt", row.id.as_uuid())
            .await?;
        Ok(Some(GuardianExcerpt {
            id: row.id,
            text: content.text,
            redactions: content.redactions,
            guardian_required: state.guardian_required,
            version: row.version,
            youth_consent: state.youth,
            guardian_consent: state.guardian,
        }))
    }

    /// A guardian's answers for the text at `version`; a yes only where the young person's holds.
    pub async fn set_guardian_consent(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
        audiences: AudienceFlags,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        let guardian = self
            .guardian_of(caller, Action::AnswerGuardianConsent)
            .await?;
        let row = self
            .guardian_excerpt_row(caller, Action::AnswerGuardianConsent, id)
            .await?;
        let answers = Audience::ALL.map(|a| (a, audiences.get(a)));
        let who = Answerer::Guardian(caller.account_id, guardian.id);
        let version = self
            .answer(caller, &row, version, &answers, who, false)
            .await?;
        tracing::info!(excerpt_id = %id, "guardian consent updated");
        Ok((version, audiences))
    }

    /// Renews the guardian's yes on record for the current text.
    pub async fn renew_guardian_consent(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
    ) -> AppResult<(ExcerptVersion, AudienceFlags)> {
        let guardian = self
            .guardian_of(caller, Action::RenewGuardianConsent)
            .await?;
        let row = self
            .guardian_excerpt_row(caller, Action::RenewGuardianConsent, id)
            .await?;
        let answers = super::consent::renewable(&row.guardian_consents, &row);
        let who = Answerer::Guardian(caller.account_id, guardian.id);
        let version = self
            .answer(caller, &row, version, &answers, who, true)
            .await?;
        let mut renewed = AudienceFlags::default();
        answers.iter().for_each(|(a, _)| renewed.set(*a, true));
        Ok((version, renewed))
    }

    /// The participant whose excerpts the caller may list renewals for, and which side they are.
    /// The role picks the side; the policy decides whether that side may list them.
    pub(super) async fn renewal_scope(&self, caller: &Caller) -> AppResult<(ParticipantId, bool)> {
        match caller.role {
            Role::Youth => {
                self.authorize(caller, Action::ListRenewals)?;
                let own = caller.participant_id.ok_or_else(|| {
                    AppError::Internal("youth account without participant".into())
                })?;
                Ok((own, false))
            }
            Role::Guardian => Ok((
                self.guardian_of(caller, Action::ListGuardianRenewals)
                    .await?
                    .participant_id,
                true,
            )),
            _ => Err(AppError::Forbidden),
        }
    }
}
