//! What keeps admin log-ins from hurting the server or locking the moderator out: a gate
//! that runs only a few password checks at once (argon2 takes about 19 MiB and tens of
//! milliseconds each) on the blocking pool, with a short bounded queue, each check in one
//! of a fixed set of reused work areas; and failure backoff per (client, user name) and
//! per client, so a correct password from an address that has not been failing always
//! gets in.
//!
//! The work areas matter as much as the limit: argon2's own `verify_password` allocates
//! its 19 MiB afresh each time, and the allocator keeps such blocks per thread, so even
//! two checks at a time on a rotating blocking pool grew the process to over 400 MiB.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::PasswordHash;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use super::security::ct_eq;

/// The largest argon2 work area a stored hash may ask for (`m`, in KiB blocks): 256 MiB.
const MAX_BLOCKS: usize = 256 * 1024;

/// Why the gate turned a log-in away.
#[derive(Debug, PartialEq, Eq)]
pub enum GateError {
    /// The checks and the queue are full, or the wait was too long: try again in so many
    /// seconds.
    Busy(u64),
    /// The check itself failed (a panic on the blocking pool).
    Failed,
}

/// At most `at_once` password checks run at a time; up to `queue` more wait, each for at
/// most `max_wait`. Everything else is refused at once, so memory stays bounded whatever
/// the number of clients.
#[derive(Debug)]
pub struct LoginGate {
    permits: Arc<Semaphore>,
    /// Log-ins running or waiting.
    inside: AtomicUsize,
    capacity: usize,
    max_wait: Duration,
    /// One argon2 work area per slot, kept for the life of the server.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
}

/// Leaves the gate's count when the request is done (or dropped).
struct Inside<'a>(&'a AtomicUsize);

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl LoginGate {
    pub fn new(at_once: usize, queue: usize, max_wait: Duration) -> LoginGate {
        let at_once = at_once.max(1);
        LoginGate {
            permits: Arc::new(Semaphore::new(at_once)),
            inside: AtomicUsize::new(0),
            capacity: at_once + queue,
            max_wait,
            memory: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Runs `check` on the blocking pool once a slot is free, lending it the slot's work
    /// area. The slot is held by the blocking task itself, so a client that hangs up
    /// cannot make room for more checks than the limit while its own is still running.
    pub async fn run<T: Send + 'static>(
        &self,
        check: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, GateError> {
        if self.inside.fetch_add(1, Ordering::AcqRel) >= self.capacity {
            self.inside.fetch_sub(1, Ordering::AcqRel);
            return Err(GateError::Busy(1));
        }
        let _inside = Inside(&self.inside);
        let permit =
            match tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await {
                Ok(Ok(p)) => p,
                _ => return Err(GateError::Busy(1)),
            };
        let memory = self.memory.clone();
        tokio::task::spawn_blocking(move || {
            let mut area = memory
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop()
                .unwrap_or_default();
            let out = check(&mut area);
            memory.lock().unwrap_or_else(|p| p.into_inner()).push(area);
            drop(permit);
            out
        })
        .await
        .map_err(|_| GateError::Failed)
    }
}

/// Checks `password` against an argon2 PHC string, computing the hash in `area` (grown
/// to the size the hash asks for, then reused). Compares in constant time.
pub fn verify_password(phc: &str, password: &[u8], area: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    if area.len() < blocks {
        area.resize(blocks, Block::new());
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut out, &mut area[..blocks])
        .is_ok()
        && ct_eq(&out, expected.as_bytes())
}

/// Failure counts with exponential backoff: the first `free` failures of a key cost
/// nothing, then each further attempt must wait `base`, `2 × base`, `4 × base` … (at most
/// `max`) after the last failure. A success forgets the key.
#[derive(Debug)]
pub struct Backoff {
    free: u32,
    base: Duration,
    max: Duration,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Backoff {
    pub fn new(free: u32, base: Duration, max: Duration) -> Backoff {
        Backoff {
            free,
            base,
            max,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn wait_after(&self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(20);
        self.base.saturating_mul(1 << doublings).min(self.max)
    }

    /// `Err(seconds)` while `key` is still backing off.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(&(n, last)) = map.get(key) else {
            return Ok(());
        };
        let until = last + self.wait_after(n);
        let now = Instant::now();
        if now >= until {
            Ok(())
        } else {
            Err((until - now).as_secs_f64().ceil().max(1.0) as u64)
        }
    }

    pub fn failed(&self, key: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Forget keys whose backoff is long over and that have been quiet for the
            // longest backoff: they would be let in anyway.
            let (max, free) = (self.max, self.free);
            map.retain(|_, (n, last)| *n > free && now.duration_since(*last) < max);
        }
        let entry = map.entry(key.to_string()).or_insert((0, now));
        entry.0 = entry.0.saturating_add(1);
        entry.1 = now;
    }

    pub fn succeeded(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_matches_argon2_and_refuses_the_rest() {
        let phc = crate::comments::security::hash_password("correct horse").unwrap();
        let mut area = Vec::new();
        assert!(verify_password(&phc, b"correct horse", &mut area));
        assert!(!verify_password(&phc, b"correct horsf", &mut area));
        assert!(!verify_password("not a hash", b"x", &mut area));
        assert_eq!(area.len(), Params::default().block_count(), "reused");
    }

    #[test]
    fn backoff_starts_after_the_free_failures_and_success_forgets() {
        let b = Backoff::new(2, Duration::from_secs(60), Duration::from_secs(3600));
        assert!(b.check("a").is_ok());
        b.failed("a");
        assert!(b.check("a").is_ok());
        b.failed("a");
        let wait = b.check("a").unwrap_err();
        assert!((59..=60).contains(&wait), "{wait}");
        b.failed("a");
        assert!(b.check("a").unwrap_err() > 60);
        assert!(b.check("b").is_ok(), "other keys are not affected");
        b.succeeded("a");
        assert!(b.check("a").is_ok());
    }

    #[tokio::test]
    async fn the_gate_refuses_past_its_queue() {
        let gate = Arc::new(LoginGate::new(1, 1, Duration::from_secs(5)));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let g = gate.clone();
        let running = tokio::spawn(async move { g.run(move |_| rx.recv().is_ok()).await });
        // Wait (bounded) until the first check holds the only slot.
        for _ in 0..500 {
            if gate.permits.available_permits() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let g = gate.clone();
        let queued = tokio::spawn(async move { g.run(|_| 2).await });
        for _ in 0..500 {
            if gate.inside.load(Ordering::Acquire) == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(gate.run(|_| 3).await, Err(GateError::Busy(1)));
        tx.send(()).unwrap();
        assert_eq!(running.await.unwrap(), Ok(true));
        assert_eq!(queued.await.unwrap(), Ok(2));
        assert_eq!(gate.run(|_| 4).await, Ok(4));
    }
}
