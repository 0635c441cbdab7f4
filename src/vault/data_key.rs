//! The project's own age recipient stanza: the file key wrapped with XChaCha20-Poly1305 under a
//! symmetric 256-bit data key, with the value's context (field and row) as associated data.
//!
//! Opening an X25519 stanza costs a scalar multiplication (~100 µs); this one costs an AEAD over
//! 16 bytes (~1 µs). The value stays a standard age file (header, MAC, STREAM payload); only the
//! stanza is ours:
//!
//! ```text
//! -> storyvault-dk <base64 24-byte nonce>
//! <XChaCha20-Poly1305(data key, nonce, file key, aad = "storyvault/dk1 <field> <row>")>
//! ```
//!
//! Because the context is associated data, a ciphertext copied into another row or field does not
//! even unwrap its file key; the context line inside the plaintext is checked as well.

use std::collections::HashSet;

use age_core::format::{FILE_KEY_BYTES, FileKey, Stanza};

use super::age_file::{RawStanza, Unwrapped};
use age_core::secrecy::ExposeSecret;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadInPlace, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::Mac;
use sha2::Sha256;
use zeroize::Zeroizing;

/// The stanza tag; values sealed before it existed carry `X25519` stanzas.
pub(super) const TAG: &str = "storyvault-dk";
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;

/// A symmetric key that wraps age file keys. Wiped on drop; no `Debug`, no `Clone`.
pub(super) struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    /// Derives a data key from a secret held elsewhere (an age identity's secret string), under a
    /// purpose label: HMAC-SHA256(key = SHA-256(secret), message = label). The data key is as
    /// secret as what it comes from, and goes (is shredded) with it.
    pub(super) fn derive(secret: &[u8], purpose: &str) -> Self {
        use sha2::Digest;
        // HMAC zero-pads keys shorter than its 64-byte block, so padding here gives the same MAC
        // and lets the infallible constructor be used.
        let mut mac_key = Zeroizing::new([0u8; 64]);
        mac_key[..32].copy_from_slice(&Sha256::digest(secret));
        let mut mac = <hmac::Hmac<Sha256> as hmac::KeyInit>::new(&(*mac_key).into());
        mac.update(purpose.as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&mac.finalize().into_bytes());
        Self(key)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&*self.0).into())
    }

    /// A recipient (for sealing) bound to `context`.
    pub(super) fn recipient<'a>(&'a self, context: &'a [u8]) -> Bound<'a> {
        Bound { key: self, context }
    }
}

/// A data key together with the context it binds; both `age::Recipient` and `age::Identity`.
pub(super) struct Bound<'a> {
    key: &'a DataKey,
    context: &'a [u8],
}

impl age::Recipient for Bound<'_> {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::fill(&mut nonce[..]);
        let body = self
            .key
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: file_key.expose_secret(),
                    aad: self.context,
                },
            )
            .map_err(|_| age::EncryptError::Io(std::io::Error::other("file key wrap failed")))?;
        let stanza = Stanza {
            tag: TAG.to_string(),
            args: vec![STANDARD_NO_PAD.encode(nonce)],
            body,
        };
        // The label keeps these stanzas from being mixed with other recipient types in one file.
        Ok((vec![stanza], HashSet::from([TAG.to_string()])))
    }
}

impl age::Identity for Bound<'_> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if stanza.tag != TAG {
            return None;
        }
        // A stanza this key (or this context) does not open is "not mine", like age's own X25519
        // identity does: another identity in the list may still open it.
        self.unwrap(stanza).transpose()
    }
}

impl Bound<'_> {
    /// `Ok(None)`: well formed, but not for this key and context.
    fn unwrap(&self, stanza: &Stanza) -> Result<Option<FileKey>, age::DecryptError> {
        let args: Vec<&[u8]> = stanza.args.iter().map(|a| a.as_bytes()).collect();
        let Some(opened) = self
            .unwrap_parts(&args, &stanza.body)
            .map_err(|()| age::DecryptError::InvalidHeader)?
        else {
            return Ok(None);
        };
        FileKey::try_init_with_mut(|key| {
            key.copy_from_slice(&*opened);
            Ok(())
        })
        .map(Some)
    }

    /// What this key makes of a stanza read by `age_file` (the fast path of opening).
    pub(super) fn unwrap_raw(&self, stanza: &RawStanza<'_>) -> Unwrapped {
        if stanza.tag != TAG.as_bytes() {
            return Unwrapped::NotMine;
        }
        match self.unwrap_parts(&stanza.args, &stanza.body) {
            Ok(Some(key)) => Unwrapped::FileKey(key),
            Ok(None) => Unwrapped::NotMine,
            Err(()) => Unwrapped::Malformed,
        }
    }

    /// The file key from a `storyvault-dk` stanza's arguments and body: `Err` if malformed,
    /// `Ok(None)` if well formed but not for this key and context.
    fn unwrap_parts(
        &self,
        args: &[&[u8]],
        body: &[u8],
    ) -> Result<Option<Zeroizing<[u8; FILE_KEY_BYTES]>>, ()> {
        let [arg] = args else { return Err(()) };
        let nonce: [u8; NONCE_BYTES] = STANDARD_NO_PAD
            .decode(arg)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(())?;
        if body.len() != FILE_KEY_BYTES + TAG_BYTES {
            return Err(());
        }
        let mut key = Zeroizing::new([0u8; FILE_KEY_BYTES]);
        key.copy_from_slice(&body[..FILE_KEY_BYTES]);
        let tag = chacha20poly1305::Tag::from_slice(&body[FILE_KEY_BYTES..]);
        let opened = self.key.cipher().decrypt_in_place_detached(
            XNonce::from_slice(&nonce),
            self.context,
            &mut *key,
            tag,
        );
        Ok(opened.is_ok().then_some(key))
    }
}

/// True if the age header of `ciphertext` holds an X25519 stanza (a value sealed before the data
/// key stanza existed, which `storyvault reseal` rewrites).
pub(super) fn has_x25519_stanza(ciphertext: &[u8]) -> bool {
    let mut lines = ciphertext.split(|b| *b == b'\n');
    lines.next();
    lines.next().is_some_and(|l| l.starts_with(b"-> X25519 "))
}
