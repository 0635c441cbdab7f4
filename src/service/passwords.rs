//! Argon2id password hashing (OWASP: m = 19456 KiB, t = 2, p = 1), always on the blocking pool so
//! that a flood of logins cannot stall the async workers serving the feed.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tracing::Instrument;
use zeroize::Zeroizing;

use crate::error::{AppError, AppResult};

fn hasher() -> AppResult<Argon2<'static>> {
    let params = Params::new(19_456, 2, 1, None)
        .map_err(|e| AppError::Internal(format!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes off the async workers, keeping the caller's span.
pub async fn hash(password: Zeroizing<String>) -> AppResult<String> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        hasher()?
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2 hash: {e}")))
    })
    .instrument(tracing::Span::current())
    .await
    .map_err(|_| AppError::Internal("password hashing task failed".into()))?
}

/// True if `password` matches the PHC string `stored`.
pub async fn verify(password: Zeroizing<String>, stored: String) -> AppResult<bool> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        Ok(hasher()?
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok())
    })
    .await
    .map_err(|_| AppError::Internal("password verification task failed".into()))?
}

/// A hash of a random password, made once at start: verifying against it for unknown usernames
/// costs what a real verification costs, so timing does not tell whether an account exists.
pub async fn dummy_hash() -> AppResult<String> {
    let mut random = [0u8; 24];
    rand::fill(&mut random[..]);
    let password: String = random.iter().map(|b| format!("{b:02x}")).collect();
    hash(Zeroizing::new(password)).await
}
