//! Each participant's own key. All of their content is sealed to it; erasing the participant
//! deletes the wrapped key with the rows, which shreds every copy of the ciphertext (backups
//! included) once the key is gone.
//!
//! The stored secret is an age X25519 identity (as it always was, so values sealed to it still
//! open). New values are sealed through the project's own data-key stanza (see `data_key`), under
//! a symmetric data key derived from that identity: opening costs microseconds instead of a scalar
//! multiplication, and the data key goes wherever the identity goes (wrapped to the master key,
//! deleted on erasure, re-wrapped on rotation).

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::data_key::DataKey;
use super::{Field, MasterKeys, SealContext, Sealed, VaultError, encrypt, open_sealed};

const DATA_KEY_PURPOSE: &str = "storyvault participant data key v1";

/// No `Debug`, no `Clone`: a key is shared (`Arc`) by the key cache and wiped when the last user
/// drops it.
pub struct ParticipantKey {
    identity: age::x25519::Identity,
    data_key: DataKey,
}

impl ParticipantKey {
    pub fn generate() -> Self {
        Self::from_identity(age::x25519::Identity::generate())
    }

    fn from_identity(identity: age::x25519::Identity) -> Self {
        let data_key = DataKey::derive(
            identity.to_string().expose_secret().as_bytes(),
            DATA_KEY_PURPOSE,
        );
        Self { identity, data_key }
    }

    /// Seals `plaintext` to this participant through the data-key stanza, binding it to `ctx`.
    pub fn seal(&self, ctx: SealContext, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let header = ctx.header();
        let recipient = self.data_key.recipient(header.as_bytes());
        encrypt(&[&recipient], &ctx.wrap(plaintext)).map(Sealed)
    }

    /// Seals to the X25519 identity, as values were sealed before the data-key stanza; kept for
    /// tests of old installations and the re-seal command.
    #[doc(hidden)]
    pub fn seal_legacy(&self, ctx: SealContext, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let recipient = self.identity.to_public();
        encrypt(&[&recipient], &ctx.wrap(plaintext)).map(Sealed)
    }

    pub fn seal_str(&self, ctx: SealContext, plaintext: &str) -> Result<Sealed, VaultError> {
        self.seal(ctx, plaintext.as_bytes())
    }

    /// Opens a value sealed to this participant in either format; fails if it was sealed for
    /// another field or row.
    pub fn open(
        &self,
        ctx: SealContext,
        sealed: &Sealed,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let header = ctx.header();
        let bound = [self.data_key.recipient(header.as_bytes())];
        let legacy: [&dyn age::Identity; 1] = [&self.identity];
        open_sealed(&bound, legacy.into_iter(), ctx, sealed.as_bytes())
    }

    pub fn open_string(&self, ctx: SealContext, sealed: &Sealed) -> Result<String, VaultError> {
        let bytes = self.open(ctx, sealed)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| VaultError::NotUtf8)
    }

    /// The key, sealed to the master key, for storage with participant `row`.
    pub fn wrap(&self, master: &MasterKeys, row: uuid::Uuid) -> Result<Sealed, VaultError> {
        let secret = self.identity.to_string();
        master.seal(
            SealContext::new(Field::ParticipantKey, row),
            secret.expose_secret().as_bytes(),
        )
    }

    /// The key wrapped to the master's X25519 recipient, as keys were wrapped before; for tests of
    /// old installations (`reseal::write_legacy_format`).
    #[doc(hidden)]
    pub fn wrap_legacy(&self, master: &MasterKeys, row: uuid::Uuid) -> Result<Sealed, VaultError> {
        let secret = self.identity.to_string();
        master.seal_legacy(
            SealContext::new(Field::ParticipantKey, row),
            secret.expose_secret().as_bytes(),
        )
    }

    pub fn unwrap(
        master: &MasterKeys,
        row: uuid::Uuid,
        wrapped: &Sealed,
    ) -> Result<Self, VaultError> {
        let opened = master.open(SealContext::new(Field::ParticipantKey, row), wrapped)?;
        let text = std::str::from_utf8(&opened).map_err(|_| VaultError::NotUtf8)?;
        let identity = age::x25519::Identity::from_str(text).map_err(|_| VaultError::Decrypt)?;
        Ok(Self::from_identity(identity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn ctx(row: Uuid) -> SealContext {
        SealContext::new(Field::StoryBody, row)
    }

    #[test]
    fn sealed_text_opens_to_the_same_text() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let sealed = key.seal_str(ctx(row), "Ik woon in Beilen").ok();
        let opened = sealed.and_then(|s| key.open_string(ctx(row), &s).ok());
        assert_eq!(opened.as_deref(), Some("Ik woon in Beilen"));
    }

    #[test]
    fn the_ciphertext_does_not_contain_the_plaintext() {
        let key = ParticipantKey::generate();
        let sealed = key.seal_str(ctx(Uuid::now_v7()), "kanariepietje").ok();
        let bytes = sealed.map(|s| s.into_bytes()).unwrap_or_default();
        assert!(!bytes.windows(13).any(|w| w == b"kanariepietje"));
    }

    /// The row is associated data of the data-key stanza: the file key does not even unwrap.
    #[test]
    fn a_ciphertext_moved_to_another_row_fails_to_open() {
        let key = ParticipantKey::generate();
        let sealed = key.seal_str(ctx(Uuid::now_v7()), "geheim");
        let moved = sealed.map(|s| key.open(ctx(Uuid::now_v7()), &s));
        assert!(matches!(moved, Ok(Err(VaultError::Decrypt))));
    }

    #[test]
    fn a_ciphertext_moved_to_another_field_fails_to_open() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let sealed = key.seal_str(SealContext::new(Field::StoryTitle, row), "geheim");
        let moved = sealed.map(|s| key.open(ctx(row), &s));
        assert!(matches!(moved, Ok(Err(VaultError::Decrypt))));
    }

    /// Old X25519 values bind the context only inside the plaintext, and that check still holds.
    #[test]
    fn a_legacy_ciphertext_moved_to_another_row_fails_to_open() {
        let key = ParticipantKey::generate();
        let sealed = key.seal_legacy(ctx(Uuid::now_v7()), b"geheim");
        let moved = sealed.map(|s| key.open(ctx(Uuid::now_v7()), &s));
        assert!(matches!(moved, Ok(Err(VaultError::WrongContext))));
    }

    #[test]
    fn new_values_use_the_data_key_stanza_and_old_ones_still_open() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let Ok(new) = key.seal_str(ctx(row), "nieuw") else {
            panic!("seal failed")
        };
        let Ok(old) = key.seal_legacy(ctx(row), b"oud") else {
            panic!("legacy seal failed")
        };
        assert!(!new.is_legacy());
        assert!(old.is_legacy());
        assert!(
            new.as_bytes()
                .windows(17)
                .any(|w| w == b"-> storyvault-dk ")
        );
        assert_eq!(
            key.open_string(ctx(row), &new).ok().as_deref(),
            Some("nieuw")
        );
        assert_eq!(key.open_string(ctx(row), &old).ok().as_deref(), Some("oud"));
    }

    /// A flipped bit in the wrapped file key (the stanza body) or in the stanza's nonce.
    #[test]
    fn a_tampered_stanza_fails_to_open() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let Ok(sealed) = key.seal_str(ctx(row), "geheim") else {
            panic!("seal failed")
        };
        let bytes = sealed.into_bytes();
        let stanza_line = bytes
            .windows(17)
            .position(|w| w == b"-> storyvault-dk ")
            .unwrap_or(0);
        // The nonce starts right after the tag; the body is on the next line.
        let body_line = stanza_line
            + bytes[stanza_line..]
                .iter()
                .position(|b| *b == b'\n')
                .unwrap_or(0)
            + 1;
        for at in [stanza_line + 18, body_line + 3] {
            let mut tampered = bytes.clone();
            tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
            assert!(
                key.open(ctx(row), &Sealed::from_stored(tampered)).is_err(),
                "byte {at} changed and it still opened"
            );
        }
    }

    #[test]
    fn a_wrong_key_does_not_unwrap_the_file_key() {
        let row = Uuid::now_v7();
        let sealed = ParticipantKey::generate().seal_str(ctx(row), "geheim");
        let other = ParticipantKey::generate();
        assert!(matches!(
            sealed.map(|s| other.open(ctx(row), &s)),
            Ok(Err(VaultError::Decrypt))
        ));
    }

    #[test]
    fn a_key_wrapped_the_old_way_still_unwraps_and_opens() {
        let master = MasterKeys::generate_for_tests();
        let row = Uuid::now_v7();
        let key = ParticipantKey::generate();
        let secret = key.identity.to_string();
        let wrapped = master.seal_legacy(
            SealContext::new(Field::ParticipantKey, row),
            secret.expose_secret().as_bytes(),
        );
        let sealed = key.seal_str(ctx(row), "geheim").ok();
        let unwrapped = wrapped
            .ok()
            .and_then(|w| ParticipantKey::unwrap(&master, row, &w).ok());
        let opened = unwrapped
            .zip(sealed)
            .and_then(|(k, s)| k.open_string(ctx(row), &s).ok());
        assert_eq!(opened.as_deref(), Some("geheim"));
    }

    #[test]
    fn a_key_wrapped_for_one_participant_does_not_unwrap_for_another() {
        let master = MasterKeys::generate_for_tests();
        let wrapped = ParticipantKey::generate().wrap(&master, Uuid::now_v7());
        assert!(
            wrapped
                .map(|w| ParticipantKey::unwrap(&master, Uuid::now_v7(), &w).is_err())
                .unwrap_or(false)
        );
    }

    #[test]
    fn a_flipped_byte_fails_to_open() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let Ok(sealed) = key.seal_str(ctx(row), "geheim") else {
            panic!("seal failed")
        };
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 5;
        bytes[last] ^= 0x01;
        assert!(matches!(
            key.open(ctx(row), &Sealed::from_stored(bytes)),
            Err(VaultError::Decrypt)
        ));
    }

    #[test]
    fn another_participants_key_cannot_open_it() {
        let row = Uuid::now_v7();
        let sealed = ParticipantKey::generate().seal_str(ctx(row), "geheim");
        let other = ParticipantKey::generate();
        assert!(matches!(
            sealed.map(|s| other.open(ctx(row), &s)),
            Ok(Err(VaultError::Decrypt))
        ));
    }

    #[test]
    fn a_wrapped_key_unwraps_with_the_master_and_opens_old_content() {
        let master = MasterKeys::generate_for_tests();
        let row = Uuid::now_v7();
        let key = ParticipantKey::generate();
        let sealed = key.seal_str(ctx(row), "geheim").ok();
        let wrapped = key.wrap(&master, row).ok();
        let unwrapped = wrapped.and_then(|w| ParticipantKey::unwrap(&master, row, &w).ok());
        let opened = unwrapped
            .zip(sealed)
            .and_then(|(k, s)| k.open_string(ctx(row), &s).ok());
        assert_eq!(opened.as_deref(), Some("geheim"));
    }
}
