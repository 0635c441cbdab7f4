//! Argon2id password hashing (OWASP: m = 19456 KiB, t = 2, p = 1) on a small fixed pool of
//! threads of its own, with a bounded queue in front.
//!
//! Why a pool of its own: every Argon2 run allocates 19 MiB. On the blocking pool each burst ran
//! on new threads, glibc gave each its own arena, and freed blocks stayed in them: 40 logins took
//! the process from 27 MiB to 2 GiB. Here at most `HASH_THREADS` hashes run at once, always on the
//! same threads (so at most that many arenas ever hold Argon2 memory), and at most `QUEUE` more
//! wait; anything beyond is refused at once with 503 and `Retry-After`, before any work.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{Semaphore, oneshot};
use zeroize::Zeroizing;

use crate::error::{AppError, AppResult};

/// Hashes that run at once. Two × 19 MiB fits the 512 MiB containers with room to spare.
const HASH_THREADS: usize = 2;
/// Requests that may wait for a thread; past this the answer is 503.
const QUEUE: usize = 16;
/// What a refused request is told to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

type Job = Box<dyn FnOnce(&Argon2<'static>) + Send>;

struct Pool {
    jobs: Mutex<mpsc::Sender<Job>>,
    admission: Arc<Semaphore>,
}

fn hasher() -> AppResult<Argon2<'static>> {
    let params = Params::new(19_456, 2, 1, None)
        .map_err(|e| AppError::Internal(format!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn pool() -> AppResult<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    POOL.get_or_init(start_pool)
        .as_ref()
        .ok_or_else(|| AppError::Internal("password hashing threads did not start".into()))
}

fn start_pool() -> Option<Pool> {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..HASH_THREADS {
        let receiver = Arc::clone(&receiver);
        let argon = hasher().ok()?;
        std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(&argon),
                        Err(_) => return,
                    }
                }
            })
            .ok()?;
    }
    Some(Pool {
        jobs: Mutex::new(sender),
        admission: Arc::new(Semaphore::new(HASH_THREADS + QUEUE)),
    })
}

/// Runs `work` on a hashing thread, or answers 503 at once when the queue is full.
async fn run<T: Send + 'static>(
    work: impl FnOnce(&Argon2<'static>) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let pool = pool()?;
    let Ok(permit) = Arc::clone(&pool.admission).try_acquire_owned() else {
        tracing::warn!("password hashing queue full; refusing");
        return Err(AppError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        });
    };
    let span = tracing::Span::current();
    let (done, result) = oneshot::channel();
    let job: Job = Box::new(move |argon| {
        let _entered = span.enter();
        let _ = done.send(work(argon));
        drop(permit);
    });
    pool.jobs
        .lock()
        .map_err(|_| AppError::Internal("password hashing queue poisoned".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("password hashing threads are gone".into()))?;
    result
        .await
        .map_err(|_| AppError::Internal("password hashing task failed".into()))?
}

pub async fn hash(password: Zeroizing<String>) -> AppResult<String> {
    run(move |argon| {
        argon
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2 hash: {e}")))
    })
    .await
}

/// True if `password` matches the PHC string `stored`.
pub async fn verify(password: Zeroizing<String>, stored: String) -> AppResult<bool> {
    run(move |argon| {
        Ok(argon
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
