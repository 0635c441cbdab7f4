//! Argon2id password hashing (OWASP: m = 19456 KiB, t = 2, p = 1), never on the async workers, so
//! that a flood of logins cannot stall the async workers serving the feed.
//!
//! It runs on a few dedicated threads (`hashing_threads`), not the blocking pool: each hash takes
//! 19 MiB, and spread over the blocking pool's many threads the allocator kept those blocks per
//! thread (1.5 GB after 100 logins). On dedicated threads the memory stays bounded (threads x 19
//! MiB, reused) and a login flood can use only part of the CPU; other logins queue.

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

type Job = Box<dyn FnOnce() + Send>;

/// Half the cores, at least one: the rest stays for the feed.
fn hashing_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

static HASHERS: std::sync::LazyLock<Option<std::sync::mpsc::Sender<Job>>> =
    std::sync::LazyLock::new(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..hashing_threads() {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if spawned.is_err() {
                return None;
            }
        }
        Some(tx)
    });

/// Runs `work` on a hashing thread and waits for it without blocking the async worker.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    HASHERS
        .as_ref()
        .ok_or_else(|| AppError::Internal("password hashing threads did not start".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("password hashing threads stopped".into()))?;
    result
        .await
        .map_err(|_| AppError::Internal("password hashing task failed".into()))?
}

/// Hashes off the async workers, keeping the caller's span.
pub async fn hash(password: Zeroizing<String>) -> AppResult<String> {
    let span = tracing::Span::current();
    on_hashing_thread(move || {
        let _entered = span.enter();
        hasher()?
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2 hash: {e}")))
    })
    .instrument(tracing::Span::current())
    .await
}

/// True if `password` matches the PHC string `stored`.
pub async fn verify(password: Zeroizing<String>, stored: String) -> AppResult<bool> {
    let span = tracing::Span::current();
    on_hashing_thread(move || {
        let _entered = span.enter();
        Ok(hasher()?
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok())
    })
    .await
}

/// A hash of a random password, made once at start: verifying against it for unknown usernames
/// costs what a real verification costs, so timing does not tell whether an account exists.
pub async fn dummy_hash() -> AppResult<String> {
    let mut random = [0u8; 24];
    rand::fill(&mut random[..]);
    let password: String = random.iter().map(|b| format!("{b:02x}")).collect();
    hash(Zeroizing::new(password)).await
}
