//! Fuzzes the sealed-value parser (`src/vault/sealed.rs` with `envelope.rs`): whatever bytes a
//! database or backup holds, opening gives an error or the very plaintext that was sealed there,
//! never a panic and never another text.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

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
    context: SealContext,
    other_row: SealContext,
    other_field: SealContext,
    sealed: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let identity = age::x25519::Identity::generate();
        let row = uuid::Uuid::from_u128(0x5eed);
        let context = SealContext::new(Field::StoryBody, row);
        let sealed =
            sealed::encrypt(&[&identity.to_public()], &context.wrap(PLAINTEXT)).unwrap_or_default();
        Fixture {
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
        flips: Vec<(u16, u8)>,
        cut: Option<u16>,
        tail: Vec<u8>,
    },
}

fn open(ctx: SealContext, bytes: &[u8]) -> Result<Opened, VaultError> {
    let f = fixture();
    let identity: &dyn age::Identity = &f.identity;
    sealed::open_sealed(std::iter::once(identity), ctx, bytes)
}

fuzz_target!(|input: Input| {
    let f = fixture();
    assert!(!f.sealed.is_empty(), "the fixture seals");
    let bytes = match input {
        Input::Raw(bytes) => bytes,
        Input::Mutated { flips, cut, tail } => {
            let mut bytes = f.sealed.clone();
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
    if let Ok(opened) = open(f.context, &bytes) {
        assert_eq!(&opened[..], PLAINTEXT);
        assert!(open(f.other_row, &bytes).is_err());
        assert!(open(f.other_field, &bytes).is_err());
    }
});
