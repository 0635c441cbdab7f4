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

mod age_file;
mod data_key;
mod derived;
mod envelope;
mod master;
mod participant_key;
mod receipt_key;
mod sealed;
mod service_secret;

pub use derived::{DerivedKey, Purpose, Tagger, from_hex, to_hex};
pub use envelope::{Field, SealContext};
pub use master::{KeySource, MasterKeys, load_or_create_master_keys};
pub use participant_key::ParticipantKey;
pub use receipt_key::ReceiptKey;
pub use sealed::{Opened, Sealed, VaultError};
use sealed::{encrypt, open_sealed};
pub use service_secret::ServiceSecret;

impl Sealed {
    /// True if sealed the old way, to an X25519 recipient (`storyvault reseal` rewrites these).
    pub fn is_legacy(&self) -> bool {
        data_key::has_x25519_stanza(&self.0)
    }
}
