//! Argon2id password hashing (OWASP: m = 19456 KiB, t = 2, p = 1) on a small fixed pool of
//! threads of its own, with a bounded queue in front.
//!
//! Why a pool of its own: every Argon2 run needs 19 MiB of blocks. On the blocking pool each burst
//! ran on new threads, glibc gave each its own arena, and freed blocks stayed in them: 40 logins
//! took the process from 27 MiB to 2 GiB. Here each of `hash_threads()` threads allocates its blocks
//! once at start and reuses them for every hash (`hash_password_into_with_memory`), so Argon2
//! memory is fixed at `hash_threads()` × 19 MiB however many logins come. At most `QUEUE` more
//! requests wait; anything beyond is refused at once with 503 and `Retry-After`, before any work.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, oneshot};
use zeroize::Zeroizing;

use crate::error::{AppError, AppResult};

/// Hashes that run at once: half the cores (one on a 2-core machine, at most four). A login flood
/// then takes at most half the CPU, so the feed's readers keep the other half (with two threads
/// on two cores, 40 logins at once tripled the feed's p99), and Argon2 memory stays at 19 MiB
/// per thread (the whole process stays under 100 MB on two cores).
fn hash_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).clamp(1, 4))
}
/// The hashing threads' nice value. Hashing is bulk work next to the feed's reads: at the default
/// priority a flood of 40 logins took its full share of a core for as long as it lasted, and the
/// feed's p99 rose 1.7×. At a lower priority the readers go first and the logins take what is
/// left; on an idle machine a hash costs what it did. A login waits longer under load instead.
const HASH_NICE: i32 = 10;
/// Requests that may wait for a thread; past this the answer is 503.
const QUEUE: usize = 16;
/// What a refused request is told to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u64 = 1;

type Job = Box<dyn FnOnce(&mut Hasher) + Send>;

/// One hashing thread's Argon2 instance and its blocks, allocated once and reused.
struct Hasher {
    argon: Argon2<'static>,
    params: Params,
    blocks: Vec<Block>,
}

impl Hasher {
    fn new() -> AppResult<Self> {
        let params = params()?;
        Ok(Self {
            argon: Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()),
            blocks: vec![Block::default(); params.block_count()],
            params,
        })
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password`.
    fn hash(&mut self, password: &[u8]) -> AppResult<String> {
        let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("argon2 hash: {e}"));
        let mut salt = [0u8; 16];
        rand::fill(&mut salt[..]);
        let mut out = [0u8; 32];
        self.argon
            .hash_password_into_with_memory(password, &salt, &mut out, &mut self.blocks[..])
            .map_err(|e| fail(&e))?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params).map_err(|e| fail(&e))?,
            salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
            hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
        };
        Ok(phc.to_string())
    }

    /// Whether `password` matches `stored`, in this thread's blocks when the parameters are ours
    /// (a hash made with other parameters is checked the allocating way).
    fn verify(&mut self, password: &[u8], stored: &str) -> bool {
        let Ok(phc) = PasswordHash::new(stored) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
            return false;
        };
        let (Ok(params), Ok(algorithm)) = (
            Params::try_from(&phc),
            Algorithm::try_from(phc.algorithm.as_str()),
        ) else {
            return false;
        };
        let version = phc
            .version
            .map(Version::try_from)
            .transpose()
            .ok()
            .flatten()
            .unwrap_or_default();
        if params.block_count() != self.blocks.len() {
            return self.argon.verify_password(password, &phc).is_ok();
        }
        let mut out = [0u8; 64];
        let Some(out) = out.get_mut(..expected.len()) else {
            return false;
        };
        let argon = Argon2::new(algorithm, version, params);
        argon
            .hash_password_into_with_memory(password, salt, out, &mut self.blocks[..])
            .is_ok()
            && Output::new(out).is_ok_and(|computed| computed == *expected)
    }
}

struct Pool {
    jobs: Mutex<mpsc::Sender<Job>>,
    admission: Arc<Semaphore>,
}

fn params() -> AppResult<Params> {
    Params::new(19_456, 2, 1, None).map_err(|e| AppError::Internal(format!("argon2 params: {e}")))
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
    let threads = hash_threads();
    for n in 0..threads {
        let receiver = Arc::clone(&receiver);
        let mut hasher = Hasher::new().ok()?;
        std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                lower_priority();
                loop {
                    let job = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(&mut hasher),
                        Err(_) => return,
                    }
                }
            })
            .ok()?;
    }
    Some(Pool {
        jobs: Mutex::new(sender),
        admission: Arc::new(Semaphore::new(threads + QUEUE)),
    })
}

/// Lowers the calling thread's priority to `HASH_NICE`. On Linux the nice value is per thread.
/// A failure only leaves the thread at the default priority, so it is logged and not fatal.
fn lower_priority() {
    let tid = rustix::thread::gettid();
    if let Err(e) = rustix::process::setpriority_process(Some(tid), HASH_NICE) {
        tracing::warn!(cause = %e, "password hashing thread keeps its priority");
    }
}

/// Runs `work` on a hashing thread, or answers 503 at once when the queue is full.
async fn run<T: Send + 'static>(
    work: impl FnOnce(&mut Hasher) -> AppResult<T> + Send + 'static,
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
    let job: Job = Box::new(move |hasher| {
        let _entered = span.enter();
        let _ = done.send(work(hasher));
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
    run(move |hasher| hasher.hash(password.as_bytes())).await
}

/// True if `password` matches the PHC string `stored`.
pub async fn verify(password: Zeroizing<String>, stored: String) -> AppResult<bool> {
    run(move |hasher| Ok(hasher.verify(password.as_bytes(), &stored))).await
}

/// A hash of a random password, made once at start: verifying against it for unknown usernames
/// costs what a real verification costs, so timing does not tell whether an account exists.
pub async fn dummy_hash() -> AppResult<String> {
    let mut random = [0u8; 24];
    rand::fill(&mut random[..]);
    let password: String = crate::vault::to_hex(&random);
    hash(Zeroizing::new(password)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_run_on_threads_below_the_default_priority() {
        let nice = run(|_| {
            rustix::process::getpriority_process(None)
                .map_err(|e| AppError::Internal(e.to_string()))
        })
        .await;
        assert_eq!(nice.ok(), Some(HASH_NICE));
    }

    #[test]
    fn a_hash_made_in_reused_memory_verifies_and_matches_the_crate_s_own_verifier() {
        let Ok(mut hasher) = Hasher::new() else {
            panic!("argon2 parameters");
        };
        let Ok(stored) = hasher.hash(b"lang-genoeg-wachtwoord") else {
            panic!("hash");
        };
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify(b"lang-genoeg-wachtwoord", &stored));
        assert!(!hasher.verify(b"iets-anders-helemaal", &stored));
        assert!(
            hasher
                .argon
                .verify_password(b"lang-genoeg-wachtwoord", stored.as_str())
                .is_ok()
        );
    }

    #[test]
    fn a_hash_made_the_crate_s_way_verifies_here() {
        use argon2::password_hash::PasswordHasher;
        let Ok(mut hasher) = Hasher::new() else {
            panic!("argon2 parameters");
        };
        let Ok(stored) = hasher.argon.hash_password(b"lang-genoeg-wachtwoord") else {
            panic!("hash");
        };
        assert!(hasher.verify(b"lang-genoeg-wachtwoord", &stored.to_string()));
    }
}
