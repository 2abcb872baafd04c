//! The SQLite store: schema migrations embedded in the binary, WAL mode, and every write
//! in its own transaction. IPs are never stored, only their keyed hash.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use sala_core::content::baked_comments::BakedComment;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_health.sql"),
    include_str!("migrations/003_audit.sql"),
];

/// A comment's moderation state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "pending" => Some(Status::Pending),
            "approved" => Some(Status::Approved),
            "rejected" => Some(Status::Rejected),
            _ => None,
        }
    }
}

/// A comment as stored (without its IP hash and token hash).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stored {
    pub id: i64,
    pub page: String,
    pub parent: Option<i64>,
    pub name: String,
    pub email: Option<String>,
    pub body: String,
    pub status: Status,
    pub created: String,
    pub lang: String,
    /// Whether an IP hash is still kept for it (until `purge`).
    pub has_ip_hash: bool,
}

/// A new comment, checked and ready to insert.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub page: String,
    pub parent: Option<i64>,
    pub name: String,
    pub email: Option<String>,
    pub body: String,
    pub created: String,
    pub created_unix: i64,
    pub ip_hash: Option<String>,
    pub delete_token_hash: String,
    pub lang: String,
}

/// Why an insert was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum InsertError {
    /// The parent is missing, on another page, or not approved.
    Parent,
    /// `max_pending` comments are already waiting.
    QueueFull,
}

/// One connection behind a mutex: SQLite serializes writers anyway, and every call is
/// short. Callers on the async side run these methods in `spawn_blocking`.
pub struct Store {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

const COLUMNS: &str =
    "id, page, parent, name, email, body, status, created, lang, ip_hash IS NOT NULL";

fn row_to_stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let status: String = r.get(6)?;
    Ok(Stored {
        id: r.get(0)?,
        page: r.get(1)?,
        parent: r.get(2)?,
        name: r.get(3)?,
        email: r.get(4)?,
        body: r.get(5)?,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        created: r.get(7)?,
        lang: r.get(8)?,
        has_ip_hash: r.get(9)?,
    })
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        create_private(path)?;
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        Self::setup(conn)
    }

    /// Opens the database for the server, refusing before it listens one that is
    /// read-only, damaged or will not take a write. Each refusal names the file and says
    /// what to do, in English and Thai.
    pub fn open_for_server(path: &Path) -> anyhow::Result<Store> {
        let shown = path.display();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                anyhow::anyhow!(
                    "cannot create the folder {} for the database: {e}. Create it, writable by the user that runs `sala comments serve`.\nสร้างโฟลเดอร์ {} สำหรับฐานข้อมูลไม่ได้ โปรดสร้างโฟลเดอร์นี้ให้ผู้ใช้ที่รัน sala comments serve เขียนได้",
                    dir.display(),
                    dir.display()
                )
            })?;
        }
        create_private(path)?;
        let conn = Connection::open(path).map_err(|e| {
            anyhow::anyhow!(
                "cannot open the database {shown}: {e}. Check the path, and that the file and its folder belong to the user that runs `sala comments serve`.\nเปิดฐานข้อมูล {shown} ไม่ได้ โปรดตรวจเส้นทาง และสิทธิ์ของไฟล์และโฟลเดอร์สำหรับผู้ใช้ที่รัน sala comments serve"
            )
        })?;
        let unwritable = |why: &dyn std::fmt::Display| {
            anyhow::anyhow!(
                "the database {shown} cannot be written ({why}). Make the file, its -wal and -shm files and its folder writable by the user that runs `sala comments serve` (for example `chown` to that user and `chmod 600` the file), and check that the disk is not full or mounted read-only; then start again.\nฐานข้อมูล {shown} เขียนไม่ได้ ({why}) โปรดให้ผู้ใช้ที่รัน sala comments serve เขียนไฟล์นี้ ไฟล์ -wal -shm และโฟลเดอร์ได้ และตรวจว่าดิสก์ไม่เต็มหรือไม่ได้เมานต์แบบอ่านอย่างเดียว แล้วเริ่มใหม่"
            )
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    eprintln!(
                        "sala comments: warning: {shown} has mode {mode:o}; other users can read it. `chmod 600` it (and its -wal and -shm files).\n\
                         sala comments: คำเตือน: ไฟล์ {shown} มีสิทธิ์ {mode:o} ผู้ใช้อื่นอ่านได้ โปรด chmod 600 ไฟล์นี้ (และไฟล์ -wal -shm)"
                    );
                }
            }
        }
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            return Err(unwritable(&"it opened read-only"));
        }
        let damaged = |why: &dyn std::fmt::Display| {
            anyhow::anyhow!(
                "the database {shown} is damaged or is not a SQLite database ({why}). Do not delete it: stop here, keep a copy, and restore the latest backup (or try `sqlite3 {shown} .recover`); then start again.\nฐานข้อมูล {shown} เสียหายหรือไม่ใช่ไฟล์ SQLite ({why}) อย่าลบไฟล์ โปรดเก็บสำเนาไว้ แล้วกู้คืนจากข้อมูลสำรองล่าสุด (หรือลอง sqlite3 .recover) แล้วเริ่มใหม่"
            )
        };
        let problems: Vec<String> = conn
            .prepare("PRAGMA quick_check(5)")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<_, _>>()
            })
            .map_err(|e| damaged(&e))?;
        if problems != ["ok"] {
            return Err(damaged(&format!("quick_check: {}", problems.join("; "))));
        }
        let store = Self::setup(conn).map_err(|e| unwritable(&format!("{e:#}")))?;
        store
            .health()
            .map_err(|e| unwritable(&format!("a test write failed: {e:#}")))?;
        Ok(store)
    }

    fn setup(mut conn: Connection) -> anyhow::Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if mode != "wal" && mode != "memory" {
            anyhow::bail!("the database would not switch to WAL mode (got {mode})");
        }
        // FULL: a comment answered with 202 survives a crash of the process or the host.
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.execute_batch(sql)
                .with_context(|| format!("migration {} failed", i + 1))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Inserts a pending comment. A reply to a reply is attached to the top-level
    /// comment it belongs to, so threads stay one level deep.
    pub fn insert(&self, c: &NewComment) -> anyhow::Result<Result<i64, InsertError>> {
        self.insert_capped(c, u32::MAX)
    }

    /// [`Store::insert`], refused when `max_pending` comments are already waiting. The
    /// count and the insert are one transaction, so concurrent posts cannot overshoot.
    pub fn insert_capped(
        &self,
        c: &NewComment,
        max_pending: u32,
    ) -> anyhow::Result<Result<i64, InsertError>> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if max_pending < u32::MAX {
            let pending: i64 = tx.query_row(
                "SELECT count(*) FROM comments WHERE status = 'pending'",
                [],
                |r| r.get(0),
            )?;
            if pending >= i64::from(max_pending) {
                return Ok(Err(InsertError::QueueFull));
            }
        }
        let parent = match c.parent {
            None => None,
            Some(p) => {
                let row: Option<(String, Option<i64>, String)> = tx
                    .query_row(
                        "SELECT page, parent, status FROM comments WHERE id = ?1",
                        [p],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                match row {
                    Some((page, grand, status)) if page == c.page && status == "approved" => {
                        Some(grand.unwrap_or(p))
                    }
                    _ => return Ok(Err(InsertError::Parent)),
                }
            }
        };
        tx.execute(
            "INSERT INTO comments (page, parent, name, email, body, status, created, created_unix, ip_hash, delete_token, lang)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8, ?9, ?10)",
            params![c.page, parent, c.name, c.email, c.body, c.created, c.created_unix, c.ip_hash, c.delete_token_hash, c.lang],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Ok(id))
    }

    /// The approved comments of a page, oldest first, in the baked-file shape.
    pub fn approved(&self, page: &str) -> anyhow::Result<Vec<BakedComment>> {
        let conn = self.conn();
        let mut st = conn.prepare_cached(
            "SELECT id, parent, name, created, body FROM comments
             WHERE page = ?1 AND status = 'approved' ORDER BY id",
        )?;
        let rows = st.query_map([page], |r| {
            Ok(BakedComment {
                id: r.get(0)?,
                parent: r.get(1)?,
                name: r.get(2)?,
                date: r.get(3)?,
                body: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every approved comment, by page then id.
    pub fn all_approved(&self) -> anyhow::Result<Vec<Stored>> {
        self.query(
            &format!("SELECT {COLUMNS} FROM comments WHERE status = 'approved' ORDER BY page, id"),
            [],
        )
    }

    /// Comments in one state, oldest first.
    pub fn by_status(&self, status: Status) -> anyhow::Result<Vec<Stored>> {
        self.query(
            &format!("SELECT {COLUMNS} FROM comments WHERE status = ?1 ORDER BY id"),
            [status.as_str()],
        )
    }

    /// One page of a list: up to `limit` comments in one state with ids above `after`,
    /// oldest first (the index on (status, id) serves it).
    pub fn by_status_page(
        &self,
        status: Status,
        after: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<Stored>> {
        self.query(
            &format!(
                "SELECT {COLUMNS} FROM comments WHERE status = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
            ),
            params![status.as_str(), after, limit],
        )
    }

    /// How many comments are in one state.
    pub fn count_status(&self, status: Status) -> anyhow::Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM comments WHERE status = ?1",
            [status.as_str()],
            |r| r.get(0),
        )?)
    }

    /// Everything stored about the holder of an e-mail address.
    pub fn by_email(&self, email: &str) -> anyhow::Result<Vec<Stored>> {
        self.query(
            &format!("SELECT {COLUMNS} FROM comments WHERE lower(email) = lower(?1) ORDER BY id"),
            [email],
        )
    }

    pub fn get(&self, id: i64) -> anyhow::Result<Option<Stored>> {
        Ok(self
            .query(
                &format!("SELECT {COLUMNS} FROM comments WHERE id = ?1"),
                [id],
            )?
            .pop())
    }

    fn query<P: rusqlite::Params>(&self, sql: &str, p: P) -> anyhow::Result<Vec<Stored>> {
        let conn = self.conn();
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(p, row_to_stored)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> anyhow::Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Sets the state; false when there is no such comment.
    pub fn set_status(&self, id: i64, status: Status) -> anyhow::Result<bool> {
        self.write(|tx| {
            tx.execute(
                "UPDATE comments SET status = ?2 WHERE id = ?1",
                params![id, status.as_str()],
            )
        })
        .map(|n| n > 0)
    }

    /// A moderator's edit of name and body.
    pub fn edit(&self, id: i64, name: &str, body: &str) -> anyhow::Result<bool> {
        self.write(|tx| {
            tx.execute(
                "UPDATE comments SET name = ?2, body = ?3 WHERE id = ?1",
                params![id, name, body],
            )
        })
        .map(|n| n > 0)
    }

    /// Deletes a comment. Its replies stay and are shown as top-level comments.
    pub fn delete(&self, id: i64) -> anyhow::Result<bool> {
        self.write(|tx| {
            tx.execute("UPDATE comments SET parent = NULL WHERE parent = ?1", [id])?;
            tx.execute("DELETE FROM comments WHERE id = ?1", [id])
        })
        .map(|n| n > 0)
    }

    /// The reader's own deletion, proven by the hash of their delete token.
    pub fn delete_with_token(&self, id: i64, token_hash: &str) -> anyhow::Result<bool> {
        self.write(|tx| {
            let found: Option<String> = tx
                .query_row(
                    "SELECT delete_token FROM comments WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            match found {
                Some(h) if super::security::ct_eq(h.as_bytes(), token_hash.as_bytes()) => {
                    tx.execute("UPDATE comments SET parent = NULL WHERE parent = ?1", [id])?;
                    tx.execute("DELETE FROM comments WHERE id = ?1", [id])
                }
                _ => Ok(0),
            }
        })
        .map(|n| n > 0)
    }

    /// Applies the retention period: deletes pending and rejected comments older than
    /// `cutoff_unix`, and forgets the IP hashes of all comments older than that.
    /// Returns (comments deleted, hashes cleared).
    pub fn purge(&self, cutoff_unix: i64, now_unix: i64) -> anyhow::Result<(usize, usize)> {
        self.write(|tx| {
            tx.execute(
                "UPDATE comments SET parent = NULL WHERE parent IN
                 (SELECT id FROM comments WHERE status != 'approved' AND created_unix < ?1)",
                [cutoff_unix],
            )?;
            let deleted = tx.execute(
                "DELETE FROM comments WHERE status != 'approved' AND created_unix < ?1",
                [cutoff_unix],
            )?;
            let cleared = tx.execute(
                "UPDATE comments SET ip_hash = NULL WHERE ip_hash IS NOT NULL AND created_unix < ?1",
                [cutoff_unix],
            )?;
            tx.execute("DELETE FROM sessions WHERE expires_unix < ?1", [now_unix])?;
            // Failed log-ins can be many; they are kept only for the retention period.
            let cutoff = time::OffsetDateTime::from_unix_timestamp(cutoff_unix)
                .ok()
                .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok());
            if let Some(cutoff) = cutoff {
                tx.execute(
                    "DELETE FROM audit WHERE action = 'login_failed' AND at < ?1",
                    [cutoff],
                )?;
            }
            Ok((deleted, cleared))
        })
    }

    /// The last id handed out (0 before the first comment), deleted ones included.
    pub fn last_id(&self) -> anyhow::Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'comments'), 0)",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many comments are stored, in any state.
    pub fn count(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM comments", [], |r| r.get(0))?)
    }

    /// Proves the database takes a write: one row, one transaction, waiting at most
    /// 2 s for a lock. `/healthz` and start-up call it.
    pub fn health(&self) -> anyhow::Result<()> {
        let conn = self.conn();
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        let written = conn.execute(
            "INSERT INTO health (id, checked) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET checked = excluded.checked",
            [now().0],
        );
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        written?;
        Ok(())
    }

    // --- the audit log ---

    /// Records one action. `detail` holds ids and counts only, never personal data.
    pub fn audit(&self, actor: &str, action: &str, detail: &str) -> anyhow::Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO audit (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
                params![now().0, actor, action, detail],
            )
        })?;
        Ok(())
    }

    /// The last `limit` entries, oldest first.
    pub fn audit_log(&self, limit: u32) -> anyhow::Result<Vec<AuditEntry>> {
        let conn = self.conn();
        let mut st = conn.prepare_cached(
            "SELECT id, at, actor, action, detail FROM
             (SELECT * FROM audit ORDER BY id DESC LIMIT ?1) ORDER BY id",
        )?;
        let rows = st.query_map([limit], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // --- admins and sessions ---

    pub fn set_admin(&self, username: &str, password_hash: &str, now: &str) -> anyhow::Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO admins (username, password_hash, created) VALUES (?1, ?2, ?3)
                 ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
                params![username, password_hash, now],
            )?;
            // A new password ends the old sessions.
            tx.execute("DELETE FROM sessions WHERE username = ?1", [username])
        })?;
        Ok(())
    }

    pub fn admin_hash(&self, username: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT password_hash FROM admins WHERE username = ?1",
                [username],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        csrf: &str,
        expires_unix: i64,
    ) -> anyhow::Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (token_hash, username, csrf, expires_unix) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, username, csrf, expires_unix],
            )
        })?;
        Ok(())
    }

    /// (user name, CSRF token) of a live session.
    pub fn session(
        &self,
        token_hash: &str,
        now_unix: i64,
    ) -> anyhow::Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT username, csrf FROM sessions WHERE token_hash = ?1 AND expires_unix > ?2",
                params![token_hash, now_unix],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        self.write(|tx| tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash]))?;
        Ok(())
    }
}

/// Creates the database file, empty, with mode 0600 when it does not exist yet. SQLite
/// gives its `-wal` and `-shm` files the database file's mode, so they are 0600 too.
fn create_private(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create the database {}", path.display())),
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// Who runs a CLI command, for the audit log: `cli (USER)`.
pub fn cli_actor() -> String {
    match std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("LOGNAME"))
    {
        Ok(u) if !u.is_empty() => format!("cli ({})", u.chars().take(64).collect::<String>()),
        _ => "cli".into(),
    }
}

/// Held while `sala comments serve` runs: an exclusive lock on `DB.lock` next to the
/// database, so a second server on the same database is refused. (The CLI commands do
/// not take it: staff approve and export while the server runs.) The operating system
/// drops the lock when the process ends, however it ends.
#[derive(Debug)]
pub struct ServeLock {
    _file: std::fs::File,
}

impl ServeLock {
    pub fn acquire(db: &Path) -> anyhow::Result<ServeLock> {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = db.with_file_name(name);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&path)
            .with_context(|| format!("cannot create the lock file {}", path.display()))?;
        #[cfg(unix)]
        {
            use rustix::fs::{flock, FlockOperation};
            if let Err(e) = flock(&file, FlockOperation::NonBlockingLockExclusive) {
                if e == rustix::io::Errno::WOULDBLOCK {
                    anyhow::bail!(
                        "another `sala comments serve` is already using the database {} (it holds {}). Stop that one first, or give this one its own --db.\nมี sala comments serve อีกตัวใช้ฐานข้อมูล {} อยู่แล้ว โปรดหยุดตัวนั้นก่อน หรือระบุ --db อื่นให้ตัวนี้",
                        db.display(),
                        path.display(),
                        db.display()
                    );
                }
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        Ok(ServeLock { _file: file })
    }
}

/// Now, as (RFC 3339 UTC to the second, Unix seconds).
pub fn now() -> (String, i64) {
    let t = time::OffsetDateTime::now_utc();
    let t = t.replace_nanosecond(0).unwrap_or(t);
    let s = t
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string());
    (s, t.unix_timestamp())
}
