//! A direct reader for the age files the vault writes itself: a v1 header, any stanzas, and a
//! payload of one chunk (every sealed value is far below age's 64 KiB chunk).
//!
//! Why not only the `age` crate: opening a value of a few hundred bytes through it costs about
//! 18 µs, most of it outside the cryptography: a 64 KiB buffer zeroed for every value, a
//! general parser allocating each stanza, and copies. The feed opens fifty values a page. This
//! reader does the same cryptography (age-encryption.org/v1: the file key from a stanza, the
//! header MAC under HKDF-SHA-256 "header", the payload under HKDF-SHA-256 "payload" with
//! ChaCha20-Poly1305 and the last-chunk nonce) over borrowed bytes.
//!
//! It only ever says yes to a value it has fully verified; for anything else (another shape,
//! several chunks, a key that does not fit, a MAC or tag that does not check) it answers `None`
//! and the caller asks the `age` crate, which then gives the verdict and the error. So it can make
//! opening faster, never more permissive; `fuzz/fuzz_targets/sealed.rs` checks both agree.

use age_core::format::FILE_KEY_BYTES;
use age_core::primitives::hkdf;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce, Tag};
use hmac::Mac;
use sha2::Sha256;
use zeroize::Zeroizing;

const VERSION_LINE: &[u8] = b"age-encryption.org/v1";
const MAC_PREFIX: &[u8] = b"---";
/// Base64 characters of a full body line; the last line of a body is shorter (possibly empty).
const BODY_LINE_CHARS: usize = 64;
const MAC_BYTES: usize = 32;
const PAYLOAD_NONCE_BYTES: usize = 16;
const TAG_BYTES: usize = 16;
/// Plaintext bytes in a full chunk; a value of one chunk holds fewer.
const CHUNK_BYTES: usize = 64 * 1024;

/// A stanza as it stands in the header: its tag, its arguments, its decoded body.
pub(super) struct RawStanza<'a> {
    pub(super) tag: &'a [u8],
    pub(super) args: Vec<&'a [u8]>,
    pub(super) body: Vec<u8>,
}

/// What a key makes of one stanza.
pub(super) enum Unwrapped {
    /// Not for this key (another type, or another key or context): try the next.
    NotMine,
    /// The file key.
    FileKey(Zeroizing<[u8; FILE_KEY_BYTES]>),
    /// A stanza of this key's type that is malformed: leave the verdict to `age`.
    Malformed,
}

/// The header, split: the stanzas, the bytes the MAC covers, the MAC, and what follows.
struct Header<'a> {
    stanzas: Vec<RawStanza<'a>>,
    mac_covered: &'a [u8],
    mac: [u8; MAC_BYTES],
    payload: &'a [u8],
}

/// Opens `file` if every key in `keys` is tried, in order, on every stanza, in order (as `age`
/// tries identities), and the first file key found verifies the header and the payload. `None`
/// means "not decided here"; see the module comment.
pub(super) fn open<K>(
    file: &[u8],
    keys: &[K],
    unwrap: impl Fn(&K, &RawStanza<'_>) -> Unwrapped,
) -> Option<Zeroizing<Vec<u8>>> {
    let header = parse_header(file)?;
    // age refuses a passphrase stanza beside others; leave such a file to it.
    if header.stanzas.iter().any(|s| s.tag == b"scrypt") {
        return None;
    }
    let file_key = keys.iter().find_map(|key| {
        header
            .stanzas
            .iter()
            .find_map(|stanza| match unwrap(key, stanza) {
                Unwrapped::NotMine => None,
                Unwrapped::FileKey(k) => Some(Some(k)),
                Unwrapped::Malformed => Some(None),
            })
    })??;
    verify_mac(&header, &file_key)?;
    open_payload(header.payload, &file_key)
}

fn verify_mac(header: &Header<'_>, file_key: &[u8; FILE_KEY_BYTES]) -> Option<()> {
    let mac_key = Zeroizing::new(hkdf(&[], b"header", file_key));
    let mut mac = <hmac::Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&*mac_key).ok()?;
    mac.update(header.mac_covered);
    // Constant-time comparison.
    mac.verify_slice(&header.mac).ok()
}

/// The payload: a 16-byte nonce, then one chunk that is also the last (shorter than a full
/// chunk, so there is no doubt about which it is).
fn open_payload(payload: &[u8], file_key: &[u8; FILE_KEY_BYTES]) -> Option<Zeroizing<Vec<u8>>> {
    let (nonce, chunk) = payload.split_at_checked(PAYLOAD_NONCE_BYTES)?;
    if chunk.len() < TAG_BYTES || chunk.len() >= CHUNK_BYTES + TAG_BYTES {
        return None;
    }
    let (sealed, tag) = chunk.split_at(chunk.len() - TAG_BYTES);
    let key = Zeroizing::new(hkdf(nonce, b"payload", file_key));
    let cipher = ChaCha20Poly1305::new((&*key).into());
    // STREAM nonce: an 11-byte big-endian chunk counter (0) and the last-chunk flag (1).
    let mut stream_nonce = [0u8; 12];
    stream_nonce[11] = 1;
    let mut plaintext = Zeroizing::new(sealed.to_vec());
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(&stream_nonce),
            &[],
            &mut plaintext,
            Tag::from_slice(tag),
        )
        .ok()?;
    Some(plaintext)
}

/// Splits a v1 header by the grammar of age-encryption.org/v1. `None` for anything else.
fn parse_header(file: &[u8]) -> Option<Header<'_>> {
    let mut rest = file;
    let at = |rest: &[u8]| file.len() - rest.len();
    if line(&mut rest)? != VERSION_LINE {
        return None;
    }
    let mut stanzas = Vec::with_capacity(2);
    loop {
        let start = at(rest);
        let l = line(&mut rest)?;
        if let Some(arg_line) = l.strip_prefix(b"-> ") {
            let mut parts = arg_line.split(|b| *b == b' ');
            let tag = parts.next().filter(|t| is_argument(t))?;
            let args: Vec<&[u8]> = parts.collect();
            if !args.iter().all(|a| is_argument(a)) {
                return None;
            }
            let mut encoded = Vec::with_capacity(BODY_LINE_CHARS);
            loop {
                let body_line = line(&mut rest)?;
                if body_line.len() > BODY_LINE_CHARS {
                    return None;
                }
                encoded.extend_from_slice(body_line);
                if body_line.len() < BODY_LINE_CHARS {
                    break;
                }
            }
            let body = STANDARD_NO_PAD.decode(&encoded).ok()?;
            stanzas.push(RawStanza { tag, args, body });
        } else if let Some(encoded_mac) = l.strip_prefix(b"--- ") {
            let mac: [u8; MAC_BYTES] = STANDARD_NO_PAD.decode(encoded_mac).ok()?.try_into().ok()?;
            let mac_covered = file.get(..start + MAC_PREFIX.len())?;
            return (!stanzas.is_empty()).then_some(Header {
                stanzas,
                mac_covered,
                mac,
                payload: rest,
            });
        } else {
            return None;
        }
    }
}

/// The next line without its line feed; `None` if no line feed follows.
fn line<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let end = rest.iter().position(|b| *b == b'\n')?;
    let (l, r) = rest.split_at(end);
    *rest = r.get(1..)?;
    Some(l)
}

/// `1*VCHAR`: printable ASCII without space.
fn is_argument(arg: &[u8]) -> bool {
    !arg.is_empty() && arg.iter().all(|b| (0x21..=0x7e).contains(b))
}

#[cfg(test)]
mod tests {
    use super::super::data_key::{Bound, DataKey};
    use super::super::encrypt;
    use super::*;

    fn fast(key: &DataKey, context: &[u8], file: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let bound: [Bound<'_>; 1] = [key.recipient(context)];
        open(file, &bound, |k, s| k.unwrap_raw(s))
    }

    /// Through the `age` crate alone, as values were opened before this reader.
    fn by_age(key: &DataKey, context: &[u8], file: &[u8]) -> Option<Vec<u8>> {
        use std::io::Read;
        let bound = key.recipient(context);
        let decryptor = age::Decryptor::new_buffered(file).ok()?;
        let mut reader = decryptor
            .decrypt(std::iter::once(&bound as &dyn age::Identity))
            .ok()?;
        let mut out = Vec::new();
        reader.read_to_end(&mut out).ok()?;
        Some(out)
    }

    fn sealed(key: &DataKey, context: &[u8], plaintext: &[u8]) -> Vec<u8> {
        encrypt(&[&key.recipient(context)], plaintext).unwrap_or_default()
    }

    const CONTEXT: &[u8] = b"storyvault/1 excerpts.content 0190e0e0-0000-7000-8000-000000000001\n";

    #[test]
    fn what_age_writes_opens_here_to_the_same_bytes() {
        let key = DataKey::derive(b"secret", "test");
        // age adds a random "grease" stanza to every file, so many files cover its shapes.
        for len in [0, 1, 63, 64, 65, 500, 4_000, CHUNK_BYTES - 1] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            for _ in 0..8 {
                let file = sealed(&key, CONTEXT, &plaintext);
                let opened = fast(&key, CONTEXT, &file);
                assert_eq!(opened.as_deref().map(|v| &v[..]), Some(&plaintext[..]));
                assert_eq!(
                    by_age(&key, CONTEXT, &file).as_deref(),
                    Some(&plaintext[..])
                );
            }
        }
    }

    /// A full chunk or more is left to age, which still opens it.
    #[test]
    fn a_value_of_more_than_one_chunk_is_left_to_age() {
        let key = DataKey::derive(b"secret", "test");
        for len in [CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES] {
            let plaintext = vec![7u8; len];
            let file = sealed(&key, CONTEXT, &plaintext);
            assert!(fast(&key, CONTEXT, &file).is_none());
            assert_eq!(by_age(&key, CONTEXT, &file), Some(plaintext));
        }
    }

    #[test]
    fn another_key_or_context_is_not_decided_here() {
        let key = DataKey::derive(b"secret", "test");
        let other = DataKey::derive(b"other secret", "test");
        let file = sealed(&key, CONTEXT, b"geheim");
        assert!(fast(&other, CONTEXT, &file).is_none());
        assert!(fast(&key, b"storyvault/1 stories.body x\n", &file).is_none());
    }

    /// Every single flipped bit: never a different plaintext, and never a yes where age says no.
    #[test]
    fn a_flipped_bit_anywhere_is_never_accepted() {
        let key = DataKey::derive(b"secret", "test");
        let file = sealed(&key, CONTEXT, b"Ik heb een jaar gewacht op hulp.");
        for i in 0..file.len() {
            for bit in 0..8 {
                let mut bad = file.clone();
                bad[i] ^= 1 << bit;
                let here = fast(&key, CONTEXT, &bad);
                assert!(here.is_none(), "byte {i} bit {bit} accepted");
                assert!(
                    by_age(&key, CONTEXT, &bad).is_none(),
                    "age accepted byte {i}"
                );
            }
        }
    }

    #[test]
    fn a_cut_or_extended_file_is_not_accepted() {
        let key = DataKey::derive(b"secret", "test");
        let file = sealed(&key, CONTEXT, b"geheim");
        for cut in 0..file.len() {
            assert!(fast(&key, CONTEXT, &file[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(fast(&key, CONTEXT, &longer).is_none());
    }

    /// An X25519 value (as sealed before the data-key stanza) is age's to open.
    #[test]
    fn an_x25519_value_is_left_to_age() {
        let identity = age::x25519::Identity::generate();
        let file = encrypt(&[&identity.to_public()], b"oud").unwrap_or_default();
        let key = DataKey::derive(b"secret", "test");
        assert!(fast(&key, CONTEXT, &file).is_none());
    }
}
