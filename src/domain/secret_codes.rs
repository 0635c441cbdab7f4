//! Secrets that pass through the service: passwords, session tokens and invite codes. None of them
//! implements `Debug` or `Display`, so none can end up in a log line by accident.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngExt;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{FieldError, char_len};

pub const PASSWORD_MIN_CHARS: usize = 12;
/// Bounds Argon2's input; long enough for any passphrase.
pub const PASSWORD_MAX_CHARS: usize = 256;

pub struct Password(Zeroizing<String>);

impl Password {
    pub fn parse(s: String) -> Result<Self, FieldError> {
        let s = Zeroizing::new(s);
        let n = char_len(&s);
        if n < PASSWORD_MIN_CHARS {
            return Err(FieldError::new("password", "too_short"));
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(FieldError::new("password", "too_long"));
        }
        Ok(Self(s))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A bearer token: 256 random bits. Only its SHA-256 is stored.
pub struct SessionToken(Zeroizing<String>);

impl SessionToken {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::fill(&mut bytes[..]);
        Self(Zeroizing::new(URL_SAFE_NO_PAD.encode(&bytes[..])))
    }
    pub fn from_header(s: &str) -> Self {
        Self(Zeroizing::new(s.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

/// Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud and typed.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_CHARS: usize = 24; // 24 × 5 = 120 random bits
const CODE_GROUP: usize = 4;

/// A one-time invite code for a young person's account: 120 random bits in groups of four
/// ("7KQ2-M9XD-..."). Stored only as a hash of its normalised form.
pub struct InviteCode(Zeroizing<String>);

impl InviteCode {
    pub fn generate() -> Self {
        Self(generate_code(CODE_CHARS))
    }

    /// Accepts what a person types: any case, with or without dashes and spaces, and the
    /// look-alikes O→0, I/L→1. Anything else is not a code.
    pub fn parse(s: &str) -> Option<Self> {
        parse_code(s, CODE_CHARS).map(Self)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> [u8; 32] {
        hash_code(&self.0)
    }
}

const SHORT_CODE_CHARS: usize = 16; // 16 × 5 = 80 random bits: plenty behind a rate limit

/// A one-time code a person keeps or is handed: a recovery code (for a young person's own
/// password, or in place of a staff member's second factor) or a reset code from a staff reset.
/// 80 random bits in groups of four; stored only as a hash of its normalised form.
pub struct OneTimeCode(Zeroizing<String>);

impl OneTimeCode {
    pub fn generate() -> Self {
        Self(generate_code(SHORT_CODE_CHARS))
    }

    /// Same leniency as an invite code.
    pub fn parse(s: &str) -> Option<Self> {
        parse_code(s, SHORT_CODE_CHARS).map(Self)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> [u8; 32] {
        hash_code(&self.0)
    }
}

fn generate_code(chars: usize) -> Zeroizing<String> {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(chars + chars / CODE_GROUP);
    for i in 0..chars {
        if i > 0 && i % CODE_GROUP == 0 {
            out.push('-');
        }
        out.push(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char);
    }
    Zeroizing::new(out)
}

fn parse_code(s: &str, chars: usize) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(chars));
    for c in s.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == chars).then_some(out)
}

fn hash_code(code: &str) -> [u8; 32] {
    let normalised: Zeroizing<String> =
        Zeroizing::new(code.chars().filter(|c| *c != '-').collect());
    Sha256::digest(normalised.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("twelve chars".into()).is_ok());
    }

    #[test]
    fn session_tokens_carry_256_bits() {
        let t = SessionToken::generate();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(t.expose()).map(|b| b.len()).ok(),
            Some(32)
        );
        assert_ne!(t.hash(), SessionToken::generate().hash());
    }

    #[test]
    fn an_invite_code_survives_sloppy_typing() {
        let code = InviteCode::generate();
        assert_eq!(code.expose().len(), 24 + 5);
        let typed = code.expose().to_lowercase().replace('-', " ");
        assert_eq!(
            InviteCode::parse(&typed).map(|c| c.hash()),
            Some(code.hash())
        );
    }

    #[test]
    fn a_one_time_code_survives_sloppy_typing_and_is_not_an_invite_code() {
        let code = OneTimeCode::generate();
        assert_eq!(code.expose().len(), 16 + 3);
        let typed = code.expose().to_lowercase().replace('-', "");
        assert_eq!(
            OneTimeCode::parse(&typed).map(|c| c.hash()),
            Some(code.hash())
        );
        assert!(InviteCode::parse(code.expose()).is_none());
    }

    #[test]
    fn garbage_is_not_an_invite_code() {
        assert!(InviteCode::parse("hello").is_none());
        assert!(InviteCode::parse(&"Ü".repeat(24)).is_none());
    }
}
