//! The Ed25519 key that signs consent receipts. Generated on first start and stored in the
//! database sealed to the master key, like the service secret; `rotate-key` re-wraps it. The
//! public half is published (`GET /api/v1/receipt-key`) so anyone can check a receipt offline.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, SigningKey};
use zeroize::Zeroizing;

use super::{Field, MasterKeys, SealContext, Sealed, VaultError};

pub struct ReceiptKey(SigningKey);

fn context() -> SealContext {
    SealContext::new(Field::ReceiptKey, uuid::Uuid::nil())
}

impl ReceiptKey {
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        rand::fill(&mut seed[..]);
        Self(SigningKey::from_bytes(&seed))
    }

    pub fn seal(&self, master: &MasterKeys) -> Result<Sealed, VaultError> {
        master.seal(context(), self.0.as_bytes())
    }

    /// Sealed the old way (X25519), for tests of old installations (`reseal::write_legacy_format`).
    #[doc(hidden)]
    pub fn seal_legacy(&self, master: &MasterKeys) -> Result<Sealed, VaultError> {
        master.seal_legacy(context(), self.0.as_bytes())
    }

    pub fn open(master: &MasterKeys, sealed: &Sealed) -> Result<Self, VaultError> {
        let opened = master.open(context(), sealed)?;
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
            opened
                .as_slice()
                .try_into()
                .map_err(|_| VaultError::Decrypt)?,
        );
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The public key, standard base64 of its 32 bytes.
    pub fn public_key_b64(&self) -> String {
        STANDARD.encode(self.0.verifying_key().as_bytes())
    }

    /// A detached signature over `message`, standard base64 of its 64 bytes.
    pub fn sign_b64(&self, message: &[u8]) -> String {
        STANDARD.encode(self.0.sign(message).to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_round_trips_through_the_master_key() {
        let master = MasterKeys::generate_for_tests();
        let key = ReceiptKey::generate();
        let opened = key
            .seal(&master)
            .ok()
            .and_then(|s| ReceiptKey::open(&master, &s).ok());
        assert_eq!(
            opened.map(|k| k.public_key_b64()),
            Some(key.public_key_b64())
        );
    }

    #[test]
    fn another_master_key_cannot_open_it() {
        let sealed = ReceiptKey::generate()
            .seal(&MasterKeys::generate_for_tests())
            .ok();
        let other = MasterKeys::generate_for_tests();
        assert!(sealed.is_some_and(|s| ReceiptKey::open(&other, &s).is_err()));
    }
}
