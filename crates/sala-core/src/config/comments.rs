//! The `[comments]` section of `site.toml`: where the companion listens, what it accepts,
//! how hard it limits, how long it keeps personal data, and whom it tells by e-mail.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The `[comments]` section of `site.toml`. Every field has a default, so an empty section
/// (or none) gives a companion that listens on loopback and accepts posts only from the
/// origin of `base_url`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommentsConfig {
    /// Public address of `sala comments serve`, used by the page widget; empty for none.
    pub endpoint: String,
    /// Where `serve` listens when `--listen` is not given.
    pub listen: String,
    /// The SQLite file, relative to the site root unless absolute.
    pub db: PathBuf,
    /// The companion's own public address (`https://comments.clinic.example.org`). When
    /// set, the admin pages' `Origin` check compares against it instead of the `Host`
    /// header, so log-in works behind a proxy that rewrites `Host`; an `https` address
    /// also marks the admin cookie `Secure`.
    pub public_url: String,
    /// Where the built site is served, for the no-JS form's redirect back. Empty: the
    /// site's `base_url`.
    pub site_url: String,
    /// Browser origins allowed to post (`https://clinic.example.org`). The origin of
    /// `site_url`/`base_url` is always allowed.
    pub allowed_origins: Vec<String>,
    /// Accept `Origin: null` (pages opened from file://, sandboxed frames). Off.
    pub allow_null_origin: bool,
    /// How many reverse proxies of yours stand in front of the companion. The client's
    /// address is then this many entries from the right of `X-Forwarded-For` (all its
    /// header lines joined). `0` (or `false`): the socket peer; `true` means 1.
    #[serde(deserialize_with = "hops")]
    pub trust_proxy: u32,
    /// Always mark the admin cookie `Secure` (it is also set when the request carries
    /// `X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
    /// New comments one client may post per hour.
    pub posts_per_client_per_hour: u32,
    /// New comments one page may receive per hour, from everyone together.
    pub posts_per_page_per_hour: u32,
    /// Requests of any kind one client may make per minute.
    pub requests_per_client_per_minute: u32,
    /// Failed or successful admin log-in attempts one client may make per hour.
    pub logins_per_client_per_hour: u32,
    /// Most comments waiting for moderation, from everyone together. Past this, new
    /// posts get 503 `queue_full` until moderators catch up: a flood from many addresses
    /// cannot fill the disk or bury the queue.
    pub max_pending: u32,
    /// Days that pending/rejected comments and IP hashes are kept (`sala comments purge`).
    pub retention_days: u32,
    /// Longest name, in grapheme clusters.
    pub max_name_chars: usize,
    /// Longest comment, in grapheme clusters.
    pub max_body_chars: usize,
    /// Longest e-mail address, in characters.
    pub max_email_chars: usize,
    /// Most links (http://, https://, www.) one comment may hold.
    pub max_links: usize,
    /// Largest request body, in bytes.
    pub max_request_bytes: usize,
    /// How long an admin session lasts, in hours.
    pub session_hours: u32,
    /// Password checks (argon2, about 19 MiB each) that may run at once.
    pub login_checks_at_once: usize,
    /// Log-ins that may wait for a check; past this, 503 with `Retry-After`.
    pub login_queue: usize,
    /// Seconds a client has to send a request's headers; also how long an idle
    /// keep-alive connection stays open.
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's body.
    pub body_timeout_secs: u64,
    /// Most connections open at once (also kept below the open-file limit).
    pub max_connections: usize,
    /// Seconds that SIGTERM or Ctrl-C waits for requests in flight before exiting.
    pub shutdown_timeout_secs: u64,
    /// Optional e-mail to moderators about new comments; off unless `host` is set.
    pub smtp: SmtpConfig,
}

impl Default for CommentsConfig {
    fn default() -> Self {
        CommentsConfig {
            endpoint: String::new(),
            listen: "127.0.0.1:8787".into(),
            db: PathBuf::from("comments.sqlite"),
            public_url: String::new(),
            site_url: String::new(),
            allowed_origins: Vec::new(),
            allow_null_origin: false,
            trust_proxy: 0,
            secure_cookies: false,
            posts_per_client_per_hour: 10,
            posts_per_page_per_hour: 60,
            requests_per_client_per_minute: 120,
            logins_per_client_per_hour: 10,
            max_pending: 5000,
            retention_days: 90,
            max_name_chars: 60,
            max_body_chars: 3000,
            max_email_chars: 254,
            max_links: 2,
            max_request_bytes: 32 * 1024,
            session_hours: 12,
            login_checks_at_once: 2,
            login_queue: 16,
            header_timeout_secs: 10,
            body_timeout_secs: 10,
            max_connections: 512,
            shutdown_timeout_secs: 3,
            smtp: SmtpConfig::default(),
        }
    }
}

/// `trust_proxy = true` / `false` (the old form) or a count of hops.
fn hops<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Hops {
        Flag(bool),
        Count(u32),
    }
    Ok(match Hops::deserialize(d)? {
        Hops::Flag(b) => u32::from(b),
        Hops::Count(n) => n,
    })
}

/// `[comments.smtp]`: a plain SMTP relay (such as the local MTA on port 25).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    /// Empty: no e-mail.
    pub host: String,
    /// 25 when unset.
    pub port: u16,
    pub from: String,
    pub to: Vec<String>,
    /// Where moderators log in, put in the message (`https://comments.example.org/admin`).
    pub admin_url: String,
}

impl CommentsConfig {
    /// The database path for `root`, or `--db` when given.
    pub fn db_path(&self, root: &Path, flag: Option<&Path>) -> PathBuf {
        match flag {
            Some(p) => p.to_path_buf(),
            None if self.db.is_absolute() => self.db.clone(),
            None => root.join(&self.db),
        }
    }
}
