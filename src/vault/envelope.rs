//! The context bound inside every sealed value: `storyvault/1 <field> <row id>\n` precedes the
//! plaintext. Opening checks it, which stands in for the associated data that `age` lacks.

use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Opened, VaultError};

const MAGIC: &str = "storyvault/1";

/// Which column a sealed value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    StoryTitle,
    StoryBody,
    ExcerptContent,
    ReviewComment,
    Identifiers,
    Username,
    ParticipantKey,
    ServiceSecret,
    TotpSecret,
    ReceiptKey,
    GuardianDescription,
}

impl Field {
    fn as_str(self) -> &'static str {
        match self {
            Field::StoryTitle => "stories.title",
            Field::StoryBody => "stories.body",
            Field::ExcerptContent => "excerpts.content",
            Field::ReviewComment => "excerpts.review_comment",
            Field::Identifiers => "participants.identifiers",
            Field::Username => "accounts.username",
            Field::ParticipantKey => "participants.key",
            Field::ServiceSecret => "vault_meta.service_secret",
            Field::TotpSecret => "totp_secrets.secret",
            Field::ReceiptKey => "vault_meta.receipt_key",
            Field::GuardianDescription => "guardians.description",
        }
    }
}

/// Field plus row: what a sealed value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealContext {
    field: Field,
    row: Uuid,
}

impl SealContext {
    pub fn new(field: Field, row: Uuid) -> Self {
        Self { field, row }
    }

    /// The context line; also the associated data of the data-key stanza.
    pub(super) fn header(&self) -> String {
        format!("{MAGIC} {} {}\n", self.field.as_str(), self.row)
    }

    pub(super) fn wrap(&self, plaintext: &[u8]) -> Zeroizing<Vec<u8>> {
        let header = self.header();
        let mut out = Zeroizing::new(Vec::with_capacity(header.len() + plaintext.len()));
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(plaintext);
        out
    }

    pub(super) fn unwrap(&self, mut opened: Opened) -> Result<Opened, VaultError> {
        let header = self.header();
        if !opened.starts_with(header.as_bytes()) {
            return Err(VaultError::WrongContext);
        }
        // In place rather than a copy (the feed opens fifty values a page); what the shift leaves
        // in the spare capacity is wiped with the rest when `opened` is dropped.
        opened.drain(..header.len());
        Ok(opened)
    }
}
