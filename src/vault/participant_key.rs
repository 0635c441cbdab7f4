//! Each participant's own age identity. All of their content is sealed to it; erasing the
//! participant deletes the wrapped key with the rows, which shreds every copy of the ciphertext
//! (backups included) once the key is gone.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::{Field, MasterKeys, SealContext, Sealed, VaultError, encrypt, open_sealed};

/// No `Debug`, no `Clone`: a key is used where it is unwrapped and then dropped.
pub struct ParticipantKey {
    identity: age::x25519::Identity,
}

impl ParticipantKey {
    pub fn generate() -> Self {
        Self {
            identity: age::x25519::Identity::generate(),
        }
    }

    /// Seals `plaintext` to this participant, binding it to `ctx`.
    pub fn seal(&self, ctx: SealContext, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        let recipient = self.identity.to_public();
        encrypt(&[&recipient], &ctx.wrap(plaintext)).map(Sealed)
    }

    pub fn seal_str(&self, ctx: SealContext, plaintext: &str) -> Result<Sealed, VaultError> {
        self.seal(ctx, plaintext.as_bytes())
    }

    /// Opens a value sealed to this participant; fails if it was sealed for another field or row.
    pub fn open(
        &self,
        ctx: SealContext,
        sealed: &Sealed,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let identity: &dyn age::Identity = &self.identity;
        open_sealed(std::iter::once(identity), ctx, sealed.as_bytes())
    }

    pub fn open_string(&self, ctx: SealContext, sealed: &Sealed) -> Result<String, VaultError> {
        let bytes = self.open(ctx, sealed)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| VaultError::NotUtf8)
    }

    /// The key, sealed to the master recipients, for storage with participant `row`.
    pub fn wrap(&self, master: &MasterKeys, row: uuid::Uuid) -> Result<Sealed, VaultError> {
        let secret = self.identity.to_string();
        master.seal(
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
        Ok(Self { identity })
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

    #[test]
    fn a_ciphertext_moved_to_another_row_fails_to_open() {
        let key = ParticipantKey::generate();
        let sealed = key.seal_str(ctx(Uuid::now_v7()), "geheim");
        let moved = sealed.map(|s| key.open(ctx(Uuid::now_v7()), &s));
        assert!(matches!(moved, Ok(Err(VaultError::WrongContext))));
    }

    #[test]
    fn a_ciphertext_moved_to_another_field_fails_to_open() {
        let key = ParticipantKey::generate();
        let row = Uuid::now_v7();
        let sealed = key.seal_str(SealContext::new(Field::StoryTitle, row), "geheim");
        let moved = sealed.map(|s| key.open(ctx(row), &s));
        assert!(matches!(moved, Ok(Err(VaultError::WrongContext))));
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
