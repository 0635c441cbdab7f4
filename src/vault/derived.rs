//! Keys derived from the master identities for one purpose each (authenticating backups and the
//! erasure journal). They are never stored: whoever holds the master key file can derive them,
//! nobody else can, and a copy of the database or a backup does not hold them.

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use age::secrecy::ExposeSecret;

type HmacSha256 = hmac::Hmac<Sha256>;

/// What a derived key is for; a key for one purpose authenticates nothing of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Backup,
    Journal,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Backup => "storyvault backup v2",
            Purpose::Journal => "storyvault erasure journal v1",
        }
    }
}

/// A 256-bit HMAC-SHA256 key; wiped from memory when dropped.
pub struct DerivedKey(Zeroizing<[u8; 32]>);

impl DerivedKey {
    /// HMAC(SHA-256(identity), purpose label): an HKDF-style extract-and-expand for one block.
    pub(super) fn derive(identity: &age::x25519::Identity, purpose: Purpose) -> Self {
        let secret = identity.to_string();
        let ikm: Zeroizing<[u8; 32]> =
            Zeroizing::new(Sha256::digest(secret.expose_secret().as_bytes()).into());
        let mut mac = keyed(&ikm[..]);
        mac.update(purpose.label().as_bytes());
        Self(Zeroizing::new(mac.finalize().into_bytes().into()))
    }

    /// A running MAC under this key, for data that arrives in pieces.
    pub fn start(&self) -> Tagger {
        Tagger(keyed(&self.0[..]))
    }

    pub fn tag(&self, data: &[u8]) -> [u8; 32] {
        let mut tagger = self.start();
        tagger.update(data);
        tagger.finish()
    }

    /// Constant-time comparison of `tag` with the MAC of `data`.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        let mut mac = keyed(&self.0[..]);
        mac.update(data);
        mac.verify_slice(tag).is_ok()
    }
}

/// HMAC zero-pads keys shorter than its 64-byte block, so padding here gives the very same MAC
/// and lets the infallible constructor be used.
fn keyed(key: &[u8]) -> HmacSha256 {
    let mut block = Zeroizing::new([0u8; 64]);
    let len = key.len().min(32);
    block[..len].copy_from_slice(&key[..len]);
    <HmacSha256 as KeyInit>::new(&(*block).into())
}

/// An HMAC being computed over a stream.
pub struct Tagger(HmacSha256);

impl Tagger {
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }
    /// Constant-time check of the finished MAC against `tag`.
    pub fn verify(self, tag: &[u8]) -> bool {
        self.0.verify_slice(tag).is_ok()
    }
}

/// Lowercase hex, for tags in text files and digests compared as text. One allocation: a feed
/// page hashes fifty texts, and a `format!` per byte was a noticeable part of its cost.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The bytes of lowercase or uppercase hex; `None` for anything else.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.is_ascii() || !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_and_identities_give_different_keys() {
        let a = age::x25519::Identity::generate();
        let b = age::x25519::Identity::generate();
        let tag = |id, p| DerivedKey::derive(id, p).tag(b"x");
        assert_eq!(tag(&a, Purpose::Backup), tag(&a, Purpose::Backup));
        assert_ne!(tag(&a, Purpose::Backup), tag(&a, Purpose::Journal));
        assert_ne!(tag(&a, Purpose::Backup), tag(&b, Purpose::Backup));
    }

    #[test]
    fn a_changed_byte_fails_verification() {
        let key = DerivedKey::derive(&age::x25519::Identity::generate(), Purpose::Backup);
        let tag = key.tag(b"role=worker");
        assert!(key.verify(b"role=worker", &tag));
        assert!(!key.verify(b"role=admin!", &tag));
    }
}
