//! A random 256-bit secret of this installation, stored in the database sealed to the master key.
//! Keyed hashes derive from it: per-audience feed ids, the username lookup index and rate-limit
//! keys. Keeping it in the database (not derived from the master key) lets the master key rotate
//! without changing any of them.

use hmac::{KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{Field, MasterKeys, SealContext, Sealed, VaultError};
use crate::domain::{Audience, ExcerptId, ExcerptVersion, FeedItemId};

type HmacSha256 = hmac::Hmac<Sha256>;

pub struct ServiceSecret(Zeroizing<[u8; 32]>);

fn context() -> SealContext {
    SealContext::new(Field::ServiceSecret, uuid::Uuid::nil())
}

impl ServiceSecret {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::fill(&mut bytes[..]);
        Self(bytes)
    }

    pub fn seal(&self, master: &MasterKeys) -> Result<Sealed, VaultError> {
        master.seal(context(), &self.0[..])
    }

    /// Sealed the old way (X25519), for tests of old installations (`reseal::write_legacy_format`).
    #[doc(hidden)]
    pub fn seal_legacy(&self, master: &MasterKeys) -> Result<Sealed, VaultError> {
        master.seal_legacy(context(), &self.0[..])
    }

    /// Opening it is also the start-up check that the master key belongs to this database.
    pub fn open(master: &MasterKeys, sealed: &Sealed) -> Result<Self, VaultError> {
        let opened = master.open(context(), sealed)?;
        let bytes: [u8; 32] = opened
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Decrypt)?;
        Ok(Self(Zeroizing::new(bytes)))
    }

    fn keyed_hash(&self, purpose: &str, parts: &[&[u8]]) -> [u8; 32] {
        // HMAC zero-pads keys shorter than the hash's 64-byte block, so padding here gives the
        // very same MAC and lets the infallible constructor be used.
        let mut key = Zeroizing::new([0u8; 64]);
        key[..32].copy_from_slice(&self.0[..]);
        let mut mac = <HmacSha256 as KeyInit>::new(&(*key).into());
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// The id of `excerpt` at its consented `version` in `audience`'s feed: stable while that
    /// consent lasts, unrelated across audiences, and new for an edited and re-consented text.
    pub fn feed_item_id(
        &self,
        audience: Audience,
        excerpt: ExcerptId,
        version: ExcerptVersion,
    ) -> FeedItemId {
        let h = self.keyed_hash(
            "feed-item",
            &[
                audience.as_str().as_bytes(),
                excerpt.as_uuid().as_bytes(),
                &version.get().to_be_bytes(),
            ],
        );
        let mut id = [0u8; 16];
        id.copy_from_slice(&h[..16]);
        FeedItemId::from_bytes(id)
    }

    /// Lookup key for a normalised username, so the username itself is stored only sealed.
    pub fn username_index(&self, normalised: &str) -> [u8; 32] {
        self.keyed_hash("username", &[normalised.as_bytes()])
    }

    /// The anti-forgery token of the web forms bound to `binding` (a session token hash, or the
    /// nonce of a pre-login form cookie).
    pub fn form_token(&self, binding: &[u8]) -> [u8; 32] {
        self.keyed_hash("form-token", &[binding])
    }

    /// Key of a rate-limit counter (e.g. per username or per client address) without storing either.
    pub fn rate_limit_key(&self, kind: &str, value: &[u8]) -> [u8; 32] {
        self.keyed_hash("rate-limit", &[kind.as_bytes(), value])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_differ_per_audience_and_are_stable() {
        let s = ServiceSecret::generate();
        let e = ExcerptId::generate();
        assert_ne!(
            s.feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST),
            s.feed_item_id(Audience::Council, e, ExcerptVersion::FIRST)
        );
        assert_eq!(
            s.feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST),
            s.feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST)
        );
    }

    #[test]
    fn a_new_version_gets_a_new_id() {
        let s = ServiceSecret::generate();
        let e = ExcerptId::generate();
        let second = ExcerptVersion::new(2).unwrap_or(ExcerptVersion::FIRST);
        assert_ne!(
            s.feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST),
            s.feed_item_id(Audience::Peers, e, second)
        );
    }

    #[test]
    fn another_installation_derives_other_ids() {
        let e = ExcerptId::generate();
        let a = ServiceSecret::generate().feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST);
        assert_ne!(
            a,
            ServiceSecret::generate().feed_item_id(Audience::Peers, e, ExcerptVersion::FIRST)
        );
    }

    #[test]
    fn the_secret_round_trips_through_the_master_key() {
        let master = MasterKeys::generate_for_tests();
        let s = ServiceSecret::generate();
        let opened = s
            .seal(&master)
            .ok()
            .and_then(|sealed| ServiceSecret::open(&master, &sealed).ok());
        assert_eq!(
            opened.map(|o| o.username_index("x")),
            Some(s.username_index("x"))
        );
    }

    #[test]
    fn a_wrong_master_key_cannot_open_the_secret() {
        let sealed = ServiceSecret::generate()
            .seal(&MasterKeys::generate_for_tests())
            .ok();
        let other = MasterKeys::generate_for_tests();
        assert!(
            sealed
                .map(|s| ServiceSecret::open(&other, &s).is_err())
                .unwrap_or(false)
        );
    }
}
