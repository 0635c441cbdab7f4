//! Excerpts: the anonymiser's proposal, the worker's edits, the young person's review and consent.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{Caller, Service, sha256_hex};
use crate::anonymise::{KnownIdentifiers, redact};
use crate::domain::time::Millis;
use crate::domain::{
    AudienceFlags, ExcerptId, ExcerptStatus, ExcerptText, ExcerptVersion, Identifiers,
    ParticipantId, ReviewComment, ReviewDecision, StoryId,
};
use crate::error::{AppError, AppResult, TextSpan};
use crate::policies::access::Action;
use crate::store::{ExcerptRow, NewExcerpt, VersionedChange};
use crate::vault::{Field, ParticipantKey, SealContext};

/// Where an excerpt's text comes from: a passage of the story body, or text the worker typed.
pub enum ExcerptSource {
    Passage { start: usize, end: usize },
    Text(String),
}

/// A replacement in the excerpt text: code-point offsets into the text, and the kind replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The anonymiser was unsure: a worker must decide before the excerpt goes for review. An
    /// edit decides every suggestion (the edited text is what the worker chose); absent in
    /// content sealed before suggestions existed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suggested: bool,
}

/// What is sealed as an excerpt's content: text and redactions together, so offsets never leak.
#[derive(Serialize, Deserialize)]
pub(super) struct Content {
    pub(super) text: String,
    pub(super) redactions: Vec<Redaction>,
}

pub struct ExcerptView {
    pub id: ExcerptId,
    pub story_id: StoryId,
    pub participant_id: ParticipantId,
    pub text: String,
    pub redactions: Vec<Redaction>,
    pub status: ExcerptStatus,
    pub version: ExcerptVersion,
    pub consent: AudienceFlags,
    pub guardian_required: bool,
    pub guardian_consent: AudienceFlags,
    pub review_comment: Option<String>,
}

impl Service {
    pub async fn create_excerpt(
        &self,
        caller: &Caller,
        story: StoryId,
        source: ExcerptSource,
    ) -> AppResult<ExcerptView> {
        self.authorize(caller, Action::CreateExcerpt)?;
        let row = self
            .visible_story(caller, Action::CreateExcerpt, story)
            .await?;
        let key = self.participant_key(row.participant_id).await?;
        // A passage shows story text in the response: a read, logged like one (below).
        let from_passage = matches!(source, ExcerptSource::Passage { .. });
        let passage = match source {
            ExcerptSource::Text(text) => text,
            ExcerptSource::Passage { start, end } => {
                // Checked here, after the story is known to be the caller's: an id that names
                // nothing is a 404 whatever the offsets (as the OpenAPI document says).
                if end <= start {
                    return Err(AppError::field("end", "not_after_start"));
                }
                let body = row
                    .body_sealed
                    .as_ref()
                    .ok_or_else(|| AppError::Internal("story body not loaded".into()))?;
                let body = crate::domain::StoryBody::parse(
                    key.open_string(SealContext::new(Field::StoryBody, story.as_uuid()), body)?,
                )
                .map_err(|_| AppError::Internal("stored story body is invalid".into()))?;
                body.passage(start, end)
                    .ok_or_else(|| AppError::field("end", "out_of_range"))?
            }
        };
        let passage = ExcerptText::parse(passage)?;
        let known = self.known_identifiers(&key, row.participant_id).await?;
        let spans = self.inner.anonymiser.detect(passage.as_str(), &known);
        let proposal = redact(passage.as_str(), &spans);
        let content = Content {
            redactions: proposal
                .redactions
                .iter()
                .map(|r| Redaction {
                    start: r.start,
                    end: r.end,
                    label: label_name(r.label),
                    suggested: r.suggested,
                })
                .collect(),
            text: proposal.text,
        };
        // The placeholders may push a long passage over the limit; check what is stored.
        ExcerptText::parse(content.text.clone())?;

        let id = ExcerptId::generate();
        let sealed = seal_content(&key, id, &content)?;
        self.inner
            .store
            .insert_excerpt(&NewExcerpt {
                id,
                story_id: story,
                participant_id: row.participant_id,
                content_sealed: sealed,
            })
            .await?;
        if from_passage {
            self.log_read(caller, row.participant_id, "story", story.as_uuid())
                .await?;
        }
        tracing::info!(excerpt_id = %id, story_id = %story, redactions = content.redactions.len(), "excerpt proposed");
        Ok(ExcerptView {
            id,
            story_id: story,
            participant_id: row.participant_id,
            text: content.text,
            redactions: content.redactions,
            status: ExcerptStatus::Draft,
            version: ExcerptVersion::FIRST,
            consent: AudienceFlags::default(),
            guardian_required: false,
            guardian_consent: AudienceFlags::default(),
            review_comment: None,
        })
    }

    async fn known_identifiers(
        &self,
        key: &ParticipantKey,
        participant: ParticipantId,
    ) -> AppResult<KnownIdentifiers> {
        let row = self
            .inner
            .store
            .participant(participant)
            .await?
            .ok_or(AppError::NotFound)?;
        let opened = key.open(
            SealContext::new(Field::Identifiers, participant.as_uuid()),
            &row.identifiers_sealed,
        )?;
        let identifiers: Identifiers = serde_json::from_slice(&opened)
            .map_err(|_| AppError::Internal("stored identifiers are invalid".into()))?;
        Ok(KnownIdentifiers::new(identifiers.as_slice()))
    }

    /// An excerpt goes for review only when every suggestion is decided (409
    /// `suggestions_undecided`) and none of the young person's registered identifiers stands in
    /// its text in any spelling (422 `identifier_in_text`, with where, never what).
    async fn check_ready_for_review(&self, row: &ExcerptRow) -> AppResult<()> {
        let key = self.participant_key(row.participant_id).await?;
        let content = open_content(&key, row.id, &row.content_sealed)?;
        if content.redactions.iter().any(|r| r.suggested) {
            return Err(AppError::Conflict {
                code: "suggestions_undecided",
                message: "Some redactions are only suggested: save the text (edited or as it is) to decide them.",
            });
        }
        let known = self.known_identifiers(&key, row.participant_id).await?;
        let found = known.find(&content.text);
        if !found.is_empty() {
            tracing::info!(excerpt_id = %row.id, places = found.len(), "submit refused: identifier in text");
            return Err(AppError::IdentifierInText(
                found
                    .iter()
                    .map(|s| TextSpan {
                        start: s.start,
                        end: s.end,
                        label: if s.label == crate::anonymise::Label::Location {
                            "LOCATION"
                        } else {
                            "PERSON"
                        },
                    })
                    .collect(),
            ));
        }
        Ok(())
    }

    /// An excerpt its caller may see (responsible worker or owner), or 404.
    pub(super) async fn visible_excerpt(
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

    /// Opens an excerpt for its responsible worker or owner, logging a worker's read.
    async fn excerpt_view(&self, caller: &Caller, row: ExcerptRow) -> AppResult<ExcerptView> {
        let key = self.participant_key(row.participant_id).await?;
        let birth_year = self.birth_year(row.participant_id).await?;
        let state = self.consent_state(&row, birth_year, Millis::now());
        let view = open_excerpt(&key, row, state)?;
        self.log_read(caller, view.participant_id, "excerpt", view.id.as_uuid())
            .await?;
        Ok(view)
    }

    pub async fn get_excerpt(&self, caller: &Caller, id: ExcerptId) -> AppResult<ExcerptView> {
        self.authorize(caller, Action::ReadExcerpt)?;
        let row = self
            .visible_excerpt(caller, Action::ReadExcerpt, id)
            .await?;
        self.excerpt_view(caller, row).await
    }

    /// A worker's correction: a new version, back to draft, all consent withdrawn (one transaction).
    pub async fn edit_excerpt(
        &self,
        caller: &Caller,
        id: ExcerptId,
        text: String,
        version: i64,
    ) -> AppResult<ExcerptView> {
        self.authorize(caller, Action::EditExcerpt)?;
        let row = self
            .visible_excerpt(caller, Action::EditExcerpt, id)
            .await?;
        let text = ExcerptText::parse(text)?;
        let expected = parse_version(version)?;
        let key = self.participant_key(row.participant_id).await?;
        let content = Content {
            redactions: placeholders_in(text.as_str()),
            text: text.into_string(),
        };
        let sealed = seal_content(&key, id, &content)?;
        expect_done(
            self.inner
                .store
                .edit_excerpt(
                    id,
                    expected,
                    &sealed,
                    (caller.account_id, caller.role, caller.origin),
                )
                .await?,
        )?;
        tracing::info!(excerpt_id = %id, "excerpt edited; consent withdrawn");
        self.get_excerpt(caller, id).await
    }

    pub async fn submit_excerpt(
        &self,
        caller: &Caller,
        id: ExcerptId,
        version: i64,
    ) -> AppResult<ExcerptView> {
        self.authorize(caller, Action::SubmitExcerpt)?;
        let row = self
            .visible_excerpt(caller, Action::SubmitExcerpt, id)
            .await?;
        let expected = at_version(&row, version)?;
        let to = row
            .status
            .submit()
            .map_err(|_| AppError::version_conflict())?;
        self.check_ready_for_review(&row).await?;
        expect_done(
            self.inner
                .store
                .change_excerpt_status(id, expected, row.status, to, None)
                .await?,
        )?;
        tracing::info!(excerpt_id = %id, "excerpt sent for review");
        self.get_excerpt(caller, id).await
    }

    /// The young person approves or rejects the text at `version`, optionally with a comment.
    pub async fn review_excerpt(
        &self,
        caller: &Caller,
        id: ExcerptId,
        decision: ReviewDecision,
        version: i64,
        comment: Option<String>,
    ) -> AppResult<ExcerptView> {
        self.authorize(caller, Action::ReviewExcerpt)?;
        let row = self
            .visible_excerpt(caller, Action::ReviewExcerpt, id)
            .await?;
        let comment = comment.map(ReviewComment::parse).transpose()?;
        let expected = at_version(&row, version)?;
        let to = row
            .status
            .review(decision)
            .map_err(|_| AppError::version_conflict())?;
        let key = self.participant_key(row.participant_id).await?;
        let content = open_content(&key, id, &row.content_sealed)?;
        let sha = (to == ExcerptStatus::Approved).then(|| sha256_hex(&content.text));
        let comment_sealed = comment
            .as_ref()
            .filter(|c| !c.as_str().is_empty())
            .map(|c| {
                key.seal_str(
                    SealContext::new(Field::ReviewComment, id.as_uuid()),
                    c.as_str(),
                )
            })
            .transpose()?;
        if to == ExcerptStatus::Approved && self.grants_held(caller.account_id).await? {
            // After a staff reset an approval waits for the young person's confirmation.
            self.hold_approval(caller, id, expected, comment_sealed)
                .await?;
            return self.get_excerpt(caller, id).await;
        }
        expect_done(
            self.inner
                .store
                .change_excerpt_status(
                    id,
                    expected,
                    row.status,
                    to,
                    Some((comment_sealed.as_ref(), sha.as_deref())),
                )
                .await?,
        )?;
        tracing::info!(excerpt_id = %id, status = to.as_str(), "excerpt reviewed");
        self.get_excerpt(caller, id).await
    }
}
/// The version a request names, which must be the excerpt's current one (409 otherwise).
pub(super) fn at_version(row: &ExcerptRow, version: i64) -> AppResult<ExcerptVersion> {
    let expected = parse_version(version)?;
    if row.version != expected {
        return Err(AppError::version_conflict());
    }
    Ok(expected)
}

fn parse_version(version: i64) -> AppResult<ExcerptVersion> {
    ExcerptVersion::new(version).ok_or_else(|| AppError::field("version", "invalid"))
}

pub(super) fn expect_done(change: VersionedChange) -> AppResult<()> {
    match change {
        VersionedChange::Done => Ok(()),
        VersionedChange::Conflict => Err(AppError::version_conflict()),
        VersionedChange::NotFound => Err(AppError::NotFound),
    }
}

fn seal_content(
    key: &ParticipantKey,
    id: ExcerptId,
    content: &Content,
) -> AppResult<crate::vault::Sealed> {
    let json = zeroize::Zeroizing::new(
        serde_json::to_vec(content)
            .map_err(|e| AppError::Internal(format!("excerpt content: {e}")))?,
    );
    Ok(key.seal(SealContext::new(Field::ExcerptContent, id.as_uuid()), &json)?)
}

/// Opens an excerpt's sealed content (text and redactions together).
pub(super) fn open_content(
    key: &ParticipantKey,
    id: ExcerptId,
    sealed: &crate::vault::Sealed,
) -> AppResult<Content> {
    let opened = key.open(
        SealContext::new(Field::ExcerptContent, id.as_uuid()),
        sealed,
    )?;
    serde_json::from_slice(&opened)
        .map_err(|_| AppError::Internal("stored excerpt content is invalid".into()))
}

/// Opens an excerpt for its owner or responsible worker, with the answers that hold now.
pub(super) fn open_excerpt(
    key: &ParticipantKey,
    row: ExcerptRow,
    state: super::consent_view::ConsentState,
) -> AppResult<ExcerptView> {
    let content = open_content(key, row.id, &row.content_sealed)?;
    let review_comment = row
        .review_comment_sealed
        .as_ref()
        .map(|c| key.open_string(SealContext::new(Field::ReviewComment, row.id.as_uuid()), c))
        .transpose()?;
    Ok(ExcerptView {
        id: row.id,
        story_id: row.story_id,
        participant_id: row.participant_id,
        text: content.text,
        redactions: content.redactions,
        status: row.status,
        version: row.version,
        consent: state.youth,
        guardian_required: state.guardian_required,
        guardian_consent: state.guardian,
        review_comment,
    })
}

/// The label names of the anonymiser, as the API shows them.
fn label_name(label: crate::anonymise::Label) -> String {
    serde_json::to_value(label)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "OTHER".into())
}

static PLACEHOLDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\[(naam|plaats|organisatie|datum|leeftijd|telefoonnummer|e-mail|url|account|nummer)(?: \d+)?\]").ok()
});

/// After a worker's edit, the redactions are wherever a placeholder stands in the new text.
fn placeholders_in(text: &str) -> Vec<Redaction> {
    let Some(re) = PLACEHOLDER.as_ref() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let label = match c.get(1)?.as_str() {
                "naam" => "PERSON",
                "plaats" => "LOCATION",
                "organisatie" => "ORGANISATION",
                "datum" => "DATE",
                "leeftijd" => "AGE",
                "telefoonnummer" => "PHONE",
                "e-mail" => "EMAIL",
                "url" => "URL",
                "account" => "SOCIAL",
                _ => "ID",
            };
            let start = text[..whole.start()].chars().count();
            let end = start + whole.as_str().chars().count();
            Some(Redaction {
                start,
                end,
                label: label.to_string(),
                suggested: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_by_code_point_offsets() {
        let found = placeholders_in("Één keer zag [naam 1] mij in [plaats].");
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].start, found[0].end, found[0].label.as_str()),
            (13, 21, "PERSON")
        );
        assert_eq!(found[1].label, "LOCATION");
    }

    #[test]
    fn text_without_placeholders_has_no_redactions() {
        assert!(placeholders_in("[niks] hier").is_empty());
    }
}
