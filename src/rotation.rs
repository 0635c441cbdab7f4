//! Master-key rotation: re-wrap every participant key, the service secret and the sealed usernames
//! to a new master identity. Content is never re-encrypted (it is sealed to participant keys, which do not change).
//!
//! Safe to stop at any point and to rerun: each key is re-wrapped on its own, compare-and-swap,
//! and one already wrapped to the new identity is skipped. Until it completes, every key opens with
//! the old or the new identity, so readers keep working if instances run with a key file that holds
//! both (the procedure in README).

use std::path::Path;

use crate::config::Settings;
use crate::domain::{AccountId, ParticipantId};
use crate::store::{SealedColumn, Store};
use crate::vault::{
    MasterKeys, ParticipantKey, ReceiptKey, SealContext, Sealed, ServiceSecret, VaultError,
};

#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    #[error("master key: {0}")]
    Key(#[from] VaultError),
    #[error("database: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("no key file is configured and the data directory holds none")]
    NoCurrentKey,
    #[error(
        "participant {0}: its key opens with neither the current nor the new master key; nothing was changed for it"
    )]
    Unreadable(ParticipantId),
    #[error("the service secret opens with neither the current nor the new master key")]
    SecretUnreadable,
    #[error("the receipt signing key opens with neither the current nor the new master key")]
    ReceiptKeyUnreadable,
    #[error("account {0}: its username opens with neither the current nor the new master key")]
    UsernameUnreadable(AccountId),
    #[error("account {0}: its TOTP secret opens with neither the current nor the new master key")]
    TotpSecretUnreadable(AccountId),
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RotationReport {
    pub rewrapped: usize,
    pub already_new: usize,
    /// Erased (or changed) while the run was going; nothing to do for them.
    pub vanished: usize,
}

pub async fn rotate_master_key(
    settings: &Settings,
    new_key_file: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<RotationReport, RotationError> {
    let current_path = match settings.key_source() {
        crate::vault::KeySource::Configured(path) => path,
        crate::vault::KeySource::DataDir(path) if path.exists() => path,
        crate::vault::KeySource::DataDir(_) => return Err(RotationError::NoCurrentKey),
    };
    let current = MasterKeys::load(&current_path)?;
    let new = MasterKeys::load(new_key_file)?;
    let new_only = MasterKeys::load(new_key_file)?;
    // Seals to the new identity; opens what either wrapped.
    let both = new.followed_by(current);
    let store = Store::connect(&settings.database_url).await?;

    rotate_service_secret(&store, &both, &new_only).await?;
    rotate_receipt_key(&store, &both, &new_only).await?;
    rotate_account_secrets(&store, &both, &new_only).await?;

    let keys = store.wrapped_participant_keys().await?;
    let total = keys.len();
    let mut report = RotationReport::default();
    for (done, (participant, wrapped)) in keys.into_iter().enumerate() {
        match rewrap(&store, &both, &new_only, participant, &wrapped).await? {
            Rewrap::Done => report.rewrapped += 1,
            Rewrap::AlreadyNew => report.already_new += 1,
            Rewrap::Vanished => report.vanished += 1,
        }
        progress(done + 1, total);
    }
    store.close().await;
    Ok(report)
}

enum Rewrap {
    Done,
    AlreadyNew,
    Vanished,
}

async fn rewrap(
    store: &Store,
    both: &MasterKeys,
    new_only: &MasterKeys,
    participant: ParticipantId,
    wrapped: &Sealed,
) -> Result<Rewrap, RotationError> {
    let row = participant.as_uuid();
    if ParticipantKey::unwrap(new_only, row, wrapped).is_ok() {
        return Ok(Rewrap::AlreadyNew);
    }
    let key = ParticipantKey::unwrap(both, row, wrapped)
        .map_err(|_| RotationError::Unreadable(participant))?;
    let rewrapped = key.wrap(both, row)?;
    Ok(
        if store
            .replace_sealed_value(SealedColumn::WrappedKey, row, wrapped, &rewrapped)
            .await?
        {
            Rewrap::Done
        } else {
            Rewrap::Vanished
        },
    )
}

async fn rotate_service_secret(
    store: &Store,
    both: &MasterKeys,
    new_only: &MasterKeys,
) -> Result<(), RotationError> {
    let Some(sealed) = store.service_secret().await? else {
        return Ok(());
    };
    if ServiceSecret::open(new_only, &sealed).is_ok() {
        return Ok(());
    }
    let secret = ServiceSecret::open(both, &sealed).map_err(|_| RotationError::SecretUnreadable)?;
    store
        .replace_service_secret(&sealed, &secret.seal(both)?)
        .await?;
    Ok(())
}

/// The receipt signing key is re-wrapped, never replaced: receipts signed before stay valid.
async fn rotate_receipt_key(
    store: &Store,
    both: &MasterKeys,
    new_only: &MasterKeys,
) -> Result<(), RotationError> {
    let Some(sealed) = store.receipt_key().await? else {
        return Ok(());
    };
    if ReceiptKey::open(new_only, &sealed).is_ok() {
        return Ok(());
    }
    let key = ReceiptKey::open(both, &sealed).map_err(|_| RotationError::ReceiptKeyUnreadable)?;
    store.replace_receipt_key(&sealed, &key.seal(both)?).await?;
    Ok(())
}

/// Usernames and staff members' TOTP secrets are sealed to the master key itself (they are not a
/// participant's content), so rotation re-seals them, each compare-and-swap.
async fn rotate_account_secrets(
    store: &Store,
    both: &MasterKeys,
    new_only: &MasterKeys,
) -> Result<(), RotationError> {
    for column in [SealedColumn::Username, SealedColumn::TotpSecret] {
        for (row, sealed) in store.every_sealed_value(column).await? {
            let ctx = SealContext::new(column.field(), row);
            if new_only.open(ctx, &sealed).is_ok() {
                continue;
            }
            let plaintext = both
                .open(ctx, &sealed)
                .map_err(|_| unreadable_account_secret(column, row))?;
            store
                .replace_sealed_value(column, row, &sealed, &both.seal(ctx, &plaintext)?)
                .await?;
        }
    }
    Ok(())
}

pub(crate) fn unreadable_account_secret(column: SealedColumn, row: uuid::Uuid) -> RotationError {
    let account = AccountId::from_uuid(row);
    match column {
        SealedColumn::TotpSecret => RotationError::TotpSecretUnreadable(account),
        _ => RotationError::UsernameUnreadable(account),
    }
}
