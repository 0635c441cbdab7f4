//! `storyvault reseal`: rewrites values sealed the old way (to X25519 recipients) in the new
//! format (the data-key stanza), in place. Both formats open, so the service keeps running.
//!
//! Like `rotate-key`, safe to stop at any point and to rerun: each value is replaced on its own,
//! compare-and-swap (a value edited or erased meanwhile is left alone and counted as vanished),
//! and a value already in the new format is skipped.

use uuid::Uuid;

use crate::config::Settings;
use crate::domain::ParticipantId;
use crate::rotation::{RotationError, unreadable_account_secret};
use crate::store::{SealedColumn, Store};
use crate::vault::{MasterKeys, ParticipantKey, ReceiptKey, SealContext, Sealed, ServiceSecret};

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResealReport {
    pub resealed: usize,
    pub already_new: usize,
    pub vanished: usize,
}

impl ResealReport {
    fn count(&mut self, replaced: bool) {
        if replaced {
            self.resealed += 1;
        } else {
            self.vanished += 1;
        }
    }
}

pub async fn reseal_all(
    settings: &Settings,
    progress: impl FnMut(usize, usize),
) -> Result<ResealReport, RotationError> {
    let path = match settings.key_source() {
        crate::vault::KeySource::Configured(path) => path,
        crate::vault::KeySource::DataDir(path) if path.exists() => path,
        crate::vault::KeySource::DataDir(_) => return Err(RotationError::NoCurrentKey),
    };
    let master = MasterKeys::load(&path)?;
    let store = Store::connect(&settings.database_url).await?;
    let report = reseal(&store, &master, progress).await;
    store.close().await;
    report
}

/// Reseals everything in `store`: the service secret, the receipt key, usernames and TOTP
/// secrets, participant keys, and every participant's content.
pub async fn reseal(
    store: &Store,
    master: &MasterKeys,
    mut progress: impl FnMut(usize, usize),
) -> Result<ResealReport, RotationError> {
    let mut report = ResealReport::default();
    if let Some(sealed) = store.service_secret().await?
        && sealed.is_legacy()
    {
        let secret =
            ServiceSecret::open(master, &sealed).map_err(|_| RotationError::SecretUnreadable)?;
        report.count(
            store
                .replace_service_secret(&sealed, &secret.seal(master)?)
                .await?,
        );
    }
    if let Some(sealed) = store.receipt_key().await?
        && sealed.is_legacy()
    {
        let key =
            ReceiptKey::open(master, &sealed).map_err(|_| RotationError::ReceiptKeyUnreadable)?;
        report.count(
            store
                .replace_receipt_key(&sealed, &key.seal(master)?)
                .await?,
        );
    }
    for column in [SealedColumn::Username, SealedColumn::TotpSecret] {
        for (row, sealed) in store.every_sealed_value(column).await? {
            if !sealed.is_legacy() {
                report.already_new += 1;
                continue;
            }
            let ctx = SealContext::new(column.field(), row);
            let plaintext = master
                .open(ctx, &sealed)
                .map_err(|_| unreadable_account_secret(column, row))?;
            let new = master.seal(ctx, &plaintext)?;
            report.count(
                store
                    .replace_sealed_value(column, row, &sealed, &new)
                    .await?,
            );
        }
    }
    let keys = store.wrapped_participant_keys().await?;
    let total = keys.len();
    for (done, (participant, wrapped)) in keys.into_iter().enumerate() {
        reseal_participant(store, master, participant, &wrapped, &mut report).await?;
        progress(done + 1, total);
    }
    Ok(report)
}

async fn reseal_participant(
    store: &Store,
    master: &MasterKeys,
    participant: ParticipantId,
    wrapped: &Sealed,
    report: &mut ResealReport,
) -> Result<(), RotationError> {
    let row = participant.as_uuid();
    let key = ParticipantKey::unwrap(master, row, wrapped)
        .map_err(|_| RotationError::Unreadable(participant))?;
    for column in SealedColumn::PARTICIPANT_CONTENT {
        for (row, sealed) in store.sealed_values(participant, column).await? {
            if !sealed.is_legacy() {
                report.already_new += 1;
                continue;
            }
            let new = reseal_value(&key, column, row, &sealed)?;
            report.count(
                store
                    .replace_sealed_value(column, row, &sealed, &new)
                    .await?,
            );
        }
    }
    if wrapped.is_legacy() {
        let rewrapped = key.wrap(master, row)?;
        report.count(
            store
                .replace_sealed_value(SealedColumn::WrappedKey, row, wrapped, &rewrapped)
                .await?,
        );
    } else {
        report.already_new += 1;
    }
    Ok(())
}

fn reseal_value(
    key: &ParticipantKey,
    column: SealedColumn,
    row: Uuid,
    sealed: &Sealed,
) -> Result<Sealed, RotationError> {
    let ctx = SealContext::new(column.field(), row);
    let plaintext = key.open(ctx, sealed)?;
    Ok(key.seal(ctx, &plaintext)?)
}

/// The reverse of `reseal`: rewrites every sealed value in the old X25519 format, so that tests
/// (unit and end-to-end through the command line) can make an installation as it was before the
/// data-key stanza from data written by today's service. Not a command: nobody needs it in use.
/// Returns how many values it rewrote.
#[doc(hidden)]
pub async fn write_legacy_format(
    store: &Store,
    master: &MasterKeys,
) -> Result<usize, RotationError> {
    let mut rewritten = 0;
    let mut count = |replaced: bool| rewritten += usize::from(replaced);
    if let Some(sealed) = store.service_secret().await? {
        let secret =
            ServiceSecret::open(master, &sealed).map_err(|_| RotationError::SecretUnreadable)?;
        count(
            store
                .replace_service_secret(&sealed, &secret.seal_legacy(master)?)
                .await?,
        );
    }
    if let Some(sealed) = store.receipt_key().await? {
        let key =
            ReceiptKey::open(master, &sealed).map_err(|_| RotationError::ReceiptKeyUnreadable)?;
        count(
            store
                .replace_receipt_key(&sealed, &key.seal_legacy(master)?)
                .await?,
        );
    }
    for column in [SealedColumn::Username, SealedColumn::TotpSecret] {
        for (row, sealed) in store.every_sealed_value(column).await? {
            let ctx = SealContext::new(column.field(), row);
            let plaintext = master
                .open(ctx, &sealed)
                .map_err(|_| unreadable_account_secret(column, row))?;
            let old = master.seal_legacy(ctx, &plaintext)?;
            count(
                store
                    .replace_sealed_value(column, row, &sealed, &old)
                    .await?,
            );
        }
    }
    for (participant, wrapped) in store.wrapped_participant_keys().await? {
        let row = participant.as_uuid();
        let key = ParticipantKey::unwrap(master, row, &wrapped)
            .map_err(|_| RotationError::Unreadable(participant))?;
        for column in SealedColumn::PARTICIPANT_CONTENT {
            for (row, sealed) in store.sealed_values(participant, column).await? {
                let ctx = SealContext::new(column.field(), row);
                let old = key.seal_legacy(ctx, &key.open(ctx, &sealed)?)?;
                count(
                    store
                        .replace_sealed_value(column, row, &sealed, &old)
                        .await?,
                );
            }
        }
        let old = key.wrap_legacy(master, row)?;
        count(
            store
                .replace_sealed_value(SealedColumn::WrappedKey, row, &wrapped, &old)
                .await?,
        );
    }
    Ok(rewritten)
}
