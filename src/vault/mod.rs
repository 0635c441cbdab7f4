//! Encryption at rest with `age`.
//!
//! - A master identity (from a key file outside the database) wraps each participant's own age
//!   identity and the service secret.
//! - Every free text is sealed to its participant's key. `age` has no associated data, so each
//!   sealed value carries its context (field and row) inside the ciphertext, and opening checks it:
//!   a ciphertext copied into another row or field fails to open.
//! - Plaintext and ciphertext are different types: the store takes only `Sealed`.

mod envelope;
mod master;
mod participant_key;
mod sealed;
mod service_secret;

pub use envelope::{Field, SealContext};
pub use master::{KeySource, MasterKeys, load_or_create_master_keys};
pub use participant_key::ParticipantKey;
pub use sealed::{Opened, Sealed, VaultError};
use sealed::{encrypt, open_sealed};
pub use service_secret::ServiceSecret;
