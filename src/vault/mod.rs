//! Encryption at rest with `age`.
//!
//! - A master identity (from a key file outside the database) wraps each participant's own age
//!   identity and the service secret.
//! - Every free text is sealed to its participant's key. `age` has no associated data, so each
//!   sealed value carries its context (field and row) inside the ciphertext, and opening checks it:
//!   a ciphertext copied into another row or field fails to open.
//! - Values are sealed through the project's own age stanza (`data_key`): the file key wrapped
//!   with XChaCha20-Poly1305 under a symmetric key, the field and row as associated data. Values
//!   sealed earlier to X25519 recipients still open; `storyvault reseal` rewrites them.
//! - Plaintext and ciphertext are different types: the store takes only `Sealed`.

mod data_key;
mod derived;
mod envelope;
mod master;
mod participant_key;
mod receipt_key;
mod service_secret;

pub use derived::{DerivedKey, Purpose, Tagger, from_hex, to_hex};
pub use envelope::{Field, SealContext};
pub use master::{KeySource, MasterKeys, load_or_create_master_keys};
pub use participant_key::ParticipantKey;
pub use receipt_key::ReceiptKey;
pub use service_secret::ServiceSecret;

use zeroize::Zeroizing;

/// An age ciphertext as stored in the database. It can only be made by sealing, or by reading a
/// stored value back.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed(Vec<u8>);

impl Sealed {
    /// Wraps bytes read from the database; they are opened (and checked) before any use.
    pub fn from_stored(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
    /// True if sealed the old way, to an X25519 recipient (`storyvault reseal` rewrites these).
    pub fn is_legacy(&self) -> bool {
        data_key::has_x25519_stanza(&self.0)
    }
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({} bytes)", self.0.len())
    }
}

/// Opened plaintext; wiped from memory when dropped.
pub type Opened = Zeroizing<Vec<u8>>;

/// Why sealing or opening failed. Never carries plaintext.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error("encryption failed")]
    Encrypt,
    #[error("ciphertext could not be decrypted with the available keys")]
    Decrypt,
    #[error("ciphertext belongs to another field or row")]
    WrongContext,
    #[error("decrypted value is not valid UTF-8")]
    NotUtf8,
    #[error("key file {path}: {problem}")]
    KeyFile { path: String, problem: String },
}

/// Encrypts to the given recipients. `finish()` is essential: without it the last chunk is lost.
fn encrypt(recipients: &[&dyn age::Recipient], plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
    use std::io::Write;
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(|_| VaultError::Encrypt)?;
    let mut out = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|_| VaultError::Encrypt)?;
    writer
        .write_all(plaintext)
        .map_err(|_| VaultError::Encrypt)?;
    writer.finish().map_err(|_| VaultError::Encrypt)?;
    Ok(out)
}

fn decrypt<'a>(
    identities: impl Iterator<Item = &'a dyn age::Identity>,
    ciphertext: &[u8],
) -> Result<Opened, VaultError> {
    use std::io::Read;
    let decryptor = age::Decryptor::new(ciphertext).map_err(|_| VaultError::Decrypt)?;
    let mut reader = decryptor
        .decrypt(identities)
        .map_err(|_| VaultError::Decrypt)?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| VaultError::Decrypt)?;
    Ok(out)
}
