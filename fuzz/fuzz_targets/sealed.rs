//! Fuzzes the sealed-value parser (`src/vault/sealed.rs` with `envelope.rs`, and the project's own
//! `storyvault-dk` stanza in `data_key.rs`): whatever bytes a database or backup holds, opening
//! gives an error or the very plaintext that was sealed there, never a panic and never another
//! text. Both formats are fuzzed: values sealed to X25519 (before the data-key stanza) and to a
//! data key, opened as the service opens them, with both identities offered.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "../../src/vault/age_file.rs"]
#[allow(dead_code)]
mod age_file;
#[path = "../../src/vault/data_key.rs"]
#[allow(dead_code)]
mod data_key;
#[path = "../../src/vault/envelope.rs"]
#[allow(dead_code)]
mod envelope;
#[path = "../../src/vault/sealed.rs"]
#[allow(dead_code)]
mod sealed;

pub use envelope::{Field, SealContext};
pub use sealed::{Opened, Sealed, VaultError};

const PLAINTEXT: &[u8] = b"Ik heb een jaar gewacht op hulp.";

struct Fixture {
    identity: age::x25519::Identity,
    data_key: data_key::DataKey,
    context: SealContext,
    other_row: SealContext,
    other_field: SealContext,
    /// Sealed to the X25519 identity, the old format.
    sealed: Vec<u8>,
    /// Sealed through the data-key stanza, the new format.
    sealed_new: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let identity = age::x25519::Identity::generate();
        let row = uuid::Uuid::from_u128(0x5eed);
        let context = SealContext::new(Field::StoryBody, row);
        let sealed =
            sealed::encrypt(&[&identity.to_public()], &context.wrap(PLAINTEXT)).unwrap_or_default();
        let data_key = data_key::DataKey::derive(b"fuzzing secret", "storyvault fuzz");
        let header = context.header();
        let sealed_new = sealed::encrypt(
            &[&data_key.recipient(header.as_bytes())],
            &context.wrap(PLAINTEXT),
        )
        .unwrap_or_default();
        Fixture {
            data_key,
            sealed_new,
            context,
            other_row: SealContext::new(Field::StoryBody, uuid::Uuid::from_u128(0x5eee)),
            other_field: SealContext::new(Field::StoryTitle, row),
            identity,
            sealed,
        }
    })
}

#[derive(Arbitrary, Debug)]
enum Input {
    /// Any bytes at all, as a corrupted or hostile stored value.
    Raw(Vec<u8>),
    /// A real sealed value with some bytes changed, and perhaps cut short or extended.
    Mutated {
        /// The new format (data-key stanza) instead of the old one.
        new_format: bool,
        flips: Vec<(u16, u8)>,
        cut: Option<u16>,
        tail: Vec<u8>,
    },
}

/// Opens as `ParticipantKey::open` does: the data key bound to `ctx` (through the vault's own
/// reader first), then the X25519 identity.
fn open(ctx: SealContext, bytes: &[u8]) -> Result<Opened, VaultError> {
    let f = fixture();
    let header = ctx.header();
    let bound = [f.data_key.recipient(header.as_bytes())];
    let legacy: [&dyn age::Identity; 1] = [&f.identity];
    sealed::open_sealed(&bound, legacy.into_iter(), ctx, bytes)
}

/// Opens through the `age` crate alone, as before the vault's own reader existed.
fn open_by_age(ctx: SealContext, bytes: &[u8]) -> Result<Opened, VaultError> {
    let f = fixture();
    let header = ctx.header();
    let bound = f.data_key.recipient(header.as_bytes());
    let identities: [&dyn age::Identity; 2] = [&bound, &f.identity];
    sealed::open_sealed(&[], identities.into_iter(), ctx, bytes)
}

fuzz_target!(|input: Input| {
    let f = fixture();
    assert!(!f.sealed.is_empty() && !f.sealed_new.is_empty(), "the fixture seals");
    let bytes = match input {
        Input::Raw(bytes) => bytes,
        Input::Mutated {
            new_format,
            flips,
            cut,
            tail,
        } => {
            let mut bytes = if new_format {
                f.sealed_new.clone()
            } else {
                f.sealed.clone()
            };
            for (at, mask) in flips {
                let at = usize::from(at) % bytes.len();
                bytes[at] ^= mask;
            }
            if let Some(cut) = cut {
                bytes.truncate(usize::from(cut));
            }
            bytes.extend_from_slice(&tail);
            bytes
        }
    };
    // Whatever opens under the right context is exactly what was sealed there, and it never
    // opens for another row or another field. (Bytes that do not open under the right context
    // cannot open under another: only the key holder could have sealed another header.)
    // The vault's own reader decides nothing age would decide otherwise.
    let opened = open(f.context, &bytes);
    assert_eq!(
        opened.as_deref().ok(),
        open_by_age(f.context, &bytes).as_deref().ok()
    );
    if let Ok(opened) = opened {
        assert_eq!(&opened[..], PLAINTEXT);
        assert!(open(f.other_row, &bytes).is_err());
        assert!(open(f.other_field, &bytes).is_err());
    }
});
