//! `storyvault reseal`: rewrites values sealed the old way (to X25519 recipients) in the new
//! format (the data-key stanza), in place. Both formats open, so the service keeps running.
//!
//! Like `rotate-key`, safe to stop at any point and to rerun: each value is replaced on its own,
//! compare-and-swap (a value edited or erased meanwhile is left alone and counted as vanished),
//! and a value already in the new format is skipped.

use uuid::Uuid;

use crate::config::Settings;
use crate::domain::ParticipantId;
use crate::rotation::RotationError;
use crate::store::{SealedColumn, Store};
use crate::vault::{Field, MasterKeys, ParticipantKey, SealContext, Sealed, ServiceSecret};

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

/// Reseals everything in `store`: the service secret, usernames, participant keys, and every
/// participant's content.
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
    for (account, sealed) in store.sealed_usernames().await? {
        if !sealed.is_legacy() {
            report.already_new += 1;
            continue;
        }
        let ctx = SealContext::new(Field::Username, account.as_uuid());
        let username = master
            .open(ctx, &sealed)
            .map_err(|_| RotationError::UsernameUnreadable(account))?;
        let new = master.seal(ctx, &username)?;
        report.count(
            store
                .replace_sealed_username(account, &sealed, &new)
                .await?,
        );
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
    if wrapped.is_legacy() {
        let rewrapped = key.wrap(master, row)?;
        report.count(
            store
                .replace_wrapped_key(participant, wrapped, &rewrapped)
                .await?,
        );
    } else {
        report.already_new += 1;
    }
    for column in SealedColumn::ALL {
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
