//! The companion's small security pieces: the secret key, keyed IP hashes, random tokens,
//! constant-time comparison, the origin allowlist and the in-memory rate limiter.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The environment variable holding the secret key.
pub const SECRET_ENV: &str = "SALA_COMMENTS_SECRET";

/// The key for IP hashes and cookie signatures.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Where the generated secret lives when `SALA_COMMENTS_SECRET` is unset:
/// `comments.sqlite` → `comments.sqlite.secret`.
pub fn secret_file(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".secret");
    db.with_file_name(name)
}

impl Secret {
    pub fn from_bytes(bytes: &[u8]) -> Secret {
        Secret(bytes.to_vec())
    }

    /// `SALA_COMMENTS_SECRET`, else the file next to the database, created (mode 0600)
    /// with 32 random bytes when missing. The second value says where it came from.
    pub fn load(db: &Path) -> anyhow::Result<(Secret, String)> {
        if let Ok(s) = std::env::var(SECRET_ENV) {
            if s.len() < 16 {
                bail!("{SECRET_ENV} is too short: use at least 16 characters (32 random bytes is better)");
            }
            return Ok((
                Secret(s.into_bytes()),
                format!("the {SECRET_ENV} environment variable"),
            ));
        }
        let path = secret_file(db);
        match std::fs::read_to_string(&path) {
            Ok(s) if s.trim().len() >= 32 => {
                return Ok((
                    Secret(s.trim().as_bytes().to_vec()),
                    path.display().to_string(),
                ))
            }
            Ok(_) => bail!(
                "{} is too short; delete it to make a new one",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
        let hex = random_hex(32)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        f.write_all(hex.as_bytes())?;
        f.sync_all()?;
        Ok((
            Secret(hex.into_bytes()),
            format!("{} (generated now)", path.display()),
        ))
    }

    fn mac(&self, domain: &str, data: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    /// HMAC-SHA256 of the client address: the only trace of an IP the companion keeps.
    pub fn ip_hash(&self, ip: &str) -> String {
        hex(&self.mac("ip", ip.as_bytes()))
    }

    /// Signs a session token for the admin cookie: `token.signature`.
    pub fn sign(&self, token: &str) -> String {
        format!("{token}.{}", hex(&self.mac("session", token.as_bytes())))
    }

    /// The token inside a signed cookie value, if the signature holds.
    pub fn verify<'a>(&self, signed: &'a str) -> Option<&'a str> {
        let (token, sig) = signed.rsplit_once('.')?;
        let expected = hex(&self.mac("session", token.as_bytes()));
        ct_eq(expected.as_bytes(), sig.as_bytes()).then_some(token)
    }
}

/// The argon2id hash (PHC string) of an admin password, with a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness from the OS: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    Ok(hash.to_string())
}

/// SHA-256 of a token, as stored (delete tokens and session tokens are never stored bare).
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("no randomness from the OS: {e}"))?;
    Ok(hex(&buf))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Compares in time that depends only on the lengths.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

/// `https://Example.org:443/path` → `https://example.org`; `None` unless http(s).
pub fn normalize_origin(s: &str) -> Option<String> {
    let s = s.trim();
    let (scheme, rest) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if host.is_empty() || host.contains('@') {
        return None;
    }
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("https", Some((h, "443"))) | ("http", Some((h, "80"))) => h.to_string(),
        _ => host,
    };
    Some(format!("{scheme}://{host}"))
}

/// The browser origins allowed to post.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    allowed: Vec<String>,
    allow_null: bool,
}

/// What the `Origin` header says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin`: a script or an old client; served under the same rate limits.
    Absent,
    /// An allowed browser origin: the allowlist's own spelling of it (or `null`), which
    /// is what CORS headers carry, never the client's raw header.
    Allowed(String),
    Refused,
}

impl OriginPolicy {
    pub fn new(allowed: impl IntoIterator<Item = String>, allow_null: bool) -> OriginPolicy {
        let mut allowed: Vec<String> = allowed
            .into_iter()
            .filter_map(|o| normalize_origin(&o))
            .collect();
        allowed.sort();
        allowed.dedup();
        OriginPolicy {
            allowed,
            allow_null,
        }
    }

    pub fn allowed(&self) -> &[String] {
        &self.allowed
    }

    /// Checks the raw `Origin` header value (if any). `own` is the companion's own origin
    /// (from the `Host` header), which the admin pages post from.
    pub fn check(&self, origin: Option<&[u8]>, own: Option<&str>) -> OriginCheck {
        let Some(raw) = origin else {
            return OriginCheck::Absent;
        };
        let Ok(raw) = std::str::from_utf8(raw) else {
            return OriginCheck::Refused;
        };
        if raw == "null" {
            return if self.allow_null {
                OriginCheck::Allowed("null".into())
            } else {
                OriginCheck::Refused
            };
        }
        let Some(norm) = normalize_origin(raw) else {
            return OriginCheck::Refused;
        };
        if let Some(listed) = self.allowed.iter().find(|a| **a == norm) {
            return OriginCheck::Allowed(listed.clone());
        }
        match own.and_then(normalize_origin) {
            Some(own) if own == norm => OriginCheck::Allowed(own),
            _ => OriginCheck::Refused,
        }
    }
}

/// Token buckets keyed by string (an IP hash, a page, a user name), in memory.
///
/// Each key gets `capacity` requests, refilled evenly over `period`.
#[derive(Debug)]
pub struct RateLimiter {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(capacity: u32, period: Duration) -> RateLimiter {
        let capacity = f64::from(capacity.max(1));
        RateLimiter {
            capacity,
            per_second: capacity / period.as_secs_f64().max(1e-3),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`; `Err(seconds)` says when to retry.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget the full buckets: they behave exactly like absent ones.
            let (cap, rate) = (self.capacity, self.per_second);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < cap
            });
        }
        let entry = buckets
            .entry(key.to_string())
            .or_insert((self.capacity, now));
        let elapsed = now.duration_since(entry.1).as_secs_f64();
        entry.0 = (entry.0 + elapsed * self.per_second).min(self.capacity);
        entry.1 = now;
        if entry.0 >= 1.0 {
            entry.0 -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - entry.0) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_normalize() {
        assert_eq!(
            normalize_origin("HTTPS://Clinic.Example.org:443/x").as_deref(),
            Some("https://clinic.example.org")
        );
        assert_eq!(normalize_origin("javascript:alert(1)"), None);
        assert_eq!(normalize_origin("https://a@evil.example"), None);
        let p = OriginPolicy::new(["https://clinic.example.org/".to_string()], false);
        assert_eq!(p.check(None, None), OriginCheck::Absent);
        assert_eq!(
            p.check(Some(b"HTTPS://Clinic.Example.org:443"), None),
            OriginCheck::Allowed("https://clinic.example.org".into()),
            "the allowlist's spelling, not the client's"
        );
        assert!(matches!(
            p.check(Some(b"https://clinic.example.org"), None),
            OriginCheck::Allowed(_)
        ));
        assert_eq!(
            p.check(Some(b"https://evil.example"), None),
            OriginCheck::Refused
        );
        assert_eq!(p.check(Some(b"null"), None), OriginCheck::Refused);
        assert!(matches!(
            p.check(
                Some(b"http://127.0.0.1:8787"),
                Some("http://127.0.0.1:8787")
            ),
            OriginCheck::Allowed(_)
        ));
    }

    #[test]
    fn signatures_hold() {
        let s = Secret::from_bytes(b"0123456789abcdef0123456789abcdef");
        let signed = s.sign("abc");
        assert_eq!(s.verify(&signed), Some("abc"));
        assert_eq!(s.verify("abc.00"), None);
        assert_ne!(s.ip_hash("127.0.0.1"), s.ip_hash("127.0.0.2"));
    }

    #[test]
    fn limiter_refuses_past_capacity() {
        let l = RateLimiter::new(3, Duration::from_secs(3600));
        assert!(l.check("a").is_ok());
        assert!(l.check("a").is_ok());
        assert!(l.check("a").is_ok());
        assert!(l.check("a").is_err());
        assert!(l.check("b").is_ok());
    }
}
