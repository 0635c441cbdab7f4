//! The sealed value and its parser: an age ciphertext, decrypted and then checked against the
//! context it must belong to. Depends on nothing else in the crate (only its siblings `envelope`,
//! `data_key` and `age_file`), so the fuzz target `fuzz/fuzz_targets/sealed.rs` compiles these
//! files alone.

use super::SealContext;
use super::age_file;
use super::data_key::Bound;
use zeroize::Zeroizing;

/// An age ciphertext as stored in the database. It can only be made by sealing, or by reading a
/// stored value back.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed(pub(super) Vec<u8>);

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
pub(super) fn encrypt(
    recipients: &[&dyn age::Recipient],
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
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
    // `new_buffered` reads the header a line at a time; `new` re-parses it from the start after
    // every short read, which made header parsing most of a feed page's cost.
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| VaultError::Decrypt)?;
    let mut reader = decryptor
        .decrypt(identities)
        .map_err(|_| VaultError::Decrypt)?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| VaultError::Decrypt)?;
    Ok(out)
}

/// Parses and opens a stored value: age header, stanzas and payload, then the context header
/// inside. Any malformed, truncated, foreign or misplaced input is an error, never a panic.
///
/// The data keys (`bound`, already bound to `ctx`) are tried first, by the vault's own reader of
/// the files it writes (`age_file`); whatever that does not decide (an old X25519 value, a value
/// that does not verify) goes to the `age` crate with `bound` and then `others`, in that order.
pub(super) fn open_sealed<'a>(
    bound: &'a [Bound<'a>],
    others: impl Iterator<Item = &'a dyn age::Identity>,
    ctx: SealContext,
    ciphertext: &[u8],
) -> Result<Opened, VaultError> {
    if let Some(opened) = age_file::open(ciphertext, bound, |key, stanza| key.unwrap_raw(stanza)) {
        return ctx.unwrap(opened);
    }
    let identities = bound.iter().map(|b| b as &dyn age::Identity).chain(others);
    ctx.unwrap(decrypt(identities, ciphertext)?)
}
