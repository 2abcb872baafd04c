//! Load test of `sala comments serve` on loopback: mixed readers (GET the list of a page)
//! and posters (POST a comment) for a bounded time, over keep-alive HTTP/1.1 written by
//! hand on std threads, beside a storm of wrong admin log-ins, each from another client
//! address (one trusted proxy hop), so every one reaches the password check. Prints
//! requests/s, p50/p99 latency and the error count, what the storm was answered, and the
//! server's peak resident memory.
//!
//! Run with `benches/comments-load.sh` or `cargo bench --bench comments_load`.
//! Settings (environment): SALA_LOAD_SECS (10), SALA_LOAD_READERS (8), SALA_LOAD_POSTERS (2),
//! SALA_LOAD_LOGINS (32 threads of wrong log-ins; 0 for none).
//! The server is this package's `sala` binary (release build under `cargo bench`), on a
//! copy of `tests/fixtures/comments-site` whose rate limits are raised for the run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// One keep-alive connection.
struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn request(&mut self, req: &[u8]) -> std::io::Result<u16> {
        if self.stream.is_none() {
            let s = TcpStream::connect(self.addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(10)))?;
            self.stream = Some(BufReader::new(s));
        }
        let r = self.exchange(req);
        if r.is_err() {
            self.stream = None;
        }
        r
    }

    fn exchange(&mut self, req: &[u8]) -> std::io::Result<u16> {
        let s = self
            .stream
            .as_mut()
            .ok_or(std::io::ErrorKind::NotConnected)?;
        s.get_mut().write_all(req)?;
        let mut status = 0u16;
        let mut len = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            if s.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if status == 0 {
                status = l
                    .split(' ')
                    .nth(1)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
            } else if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; len];
        s.read_exact(&mut body)?;
        Ok(status)
    }
}

struct Tally {
    latencies: Vec<Duration>,
    errors: u64,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn report(label: &str, tallies: &[Tally], secs: f64) {
    let mut all: Vec<Duration> = tallies
        .iter()
        .flat_map(|t| t.latencies.iter().copied())
        .collect();
    all.sort();
    let errors: u64 = tallies.iter().map(|t| t.errors).sum();
    println!(
        "{label:<5} {:>8} ok {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  errors {errors}",
        all.len(),
        all.len() as f64 / secs,
        percentile(&all, 0.50).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

/// One request on a fresh connection: (status, head, body), or None when the server
/// did not answer.
fn once(addr: SocketAddr, req: &str) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, head.to_owned(), body.to_owned()))
}

/// A wrong log-in from `ip`: the form (for its cookie and token), then the post.
/// Returns the post's status, or None if either went unanswered.
fn wrong_login(addr: SocketAddr, ip: &str) -> Option<u16> {
    let (_, head, body) = once(
        addr,
        &format!("GET /admin HTTP/1.1\r\nHost: {addr}\r\nX-Forwarded-For: {ip}\r\nConnection: close\r\n\r\n"),
    )?;
    const SET_COOKIE: &str = "set-cookie:";
    let cookie = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with(SET_COOKIE))?[SET_COOKIE.len()..]
        .split(';')
        .next()?
        .trim()
        .to_owned();
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_owned();
    let form = format!("username=staff&password=wrong+guess&csrf={csrf}");
    let (status, _, _) = once(
        addr,
        &format!(
            "POST /admin/login HTTP/1.1\r\nHost: {addr}\r\nX-Forwarded-For: {ip}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
            form.len()
        ),
    )?;
    Some(status)
}

/// The most resident memory the process has had, in MiB (`VmHWM`).
fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn seed(db: &Path) {
    use sala::comments::store::{now, NewComment, Status, Store};
    let store = Store::open(db).expect("db");
    let (created, unix) = now();
    for i in 0..30 {
        let c = NewComment {
            page: "guides/local-plan-cycle/".into(),
            parent: None,
            name: "วิชัย".into(),
            email: None,
            body: format!("ความคิดเห็นที่ {i}: แผนพัฒนาท้องถิ่นควรเปิดให้ประชาชนมีส่วนร่วมมากขึ้น"),
            created: created.clone(),
            created_unix: unix,
            ip_hash: None,
            delete_token_hash: "x".into(),
            lang: "th".into(),
        };
        let id = store.insert(&c).expect("insert").expect("parent");
        store.set_status(id, Status::Approved).expect("approve");
    }
}

fn main() {
    // `cargo bench` passes `--bench`; arguments are ignored.
    let secs = env_num("SALA_LOAD_SECS", 10);
    let readers = env_num("SALA_LOAD_READERS", 8);
    let posters = env_num("SALA_LOAD_POSTERS", 2);
    let logins = env_num("SALA_LOAD_LOGINS", 32);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo.join("tests/fixtures/comments-site"), site.path());
    copy_dir(&repo.join("themes"), &site.path().join("themes"));
    let toml = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&toml).expect("site.toml");
    text.push_str(
        "posts_per_client_per_hour = 100000000\nposts_per_page_per_hour = 100000000\nrequests_per_client_per_minute = 100000000\nmax_pending = 100000000\ntrust_proxy = 1\nlogins_per_client_per_hour = 100000000\n",
    );
    std::fs::write(&toml, text).expect("site.toml");
    // 30 approved comments, so readers get a real list.
    seed(&site.path().join("comments.sqlite"));

    let mut server = Command::new(env!("CARGO_BIN_EXE_sala"))
        .arg("--root")
        .arg(site.path())
        .args(["comments", "serve", "--listen", "127.0.0.1:0"])
        .env_remove("SALA_COMMENTS_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sala");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let addr: SocketAddr = line
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|a| a.parse().ok())
        .expect("address");

    println!(
        "sala comments load: {addr}, {readers} readers + {posters} posters + {logins} threads of wrong log-ins, {secs} s, keep-alive HTTP/1.1"
    );
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let spawn = |post: bool, n: u64| {
        std::thread::spawn(move || {
            let mut conn = Conn { addr, stream: None };
            let mut t = Tally {
                latencies: Vec::new(),
                errors: 0,
            };
            let mut i = 0u64;
            while Instant::now() < deadline {
                i += 1;
                let req = if post {
                    let body = format!(
                        "{{\"page\":\"guides/local-plan-cycle/\",\"name\":\"ณัฐวุฒิ\",\"body\":\"load {n}-{i}: เห็นด้วยครับ\",\"consent\":true}}"
                    );
                    format!(
                        "POST /api/comments HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    )
                } else {
                    let page = if i % 2 == 0 {
                        "guides/local-plan-cycle/"
                    } else {
                        "en/guides/local-plan-cycle/"
                    };
                    format!("GET /api/comments?page={page} HTTP/1.1\r\nHost: {addr}\r\n\r\n")
                };
                let t0 = Instant::now();
                let want = if post { 202 } else { 200 };
                match conn.request(req.as_bytes()) {
                    Ok(s) if s == want => t.latencies.push(t0.elapsed()),
                    _ => t.errors += 1,
                }
            }
            t
        })
    };
    // Each attempt comes from an address of its own in 10.0.0.0/8, named only in the
    // X-Forwarded-For header: every connection goes to the server on loopback.
    let storm: Vec<_> = (0..logins)
        .map(|n| {
            std::thread::spawn(move || {
                let mut answers: std::collections::BTreeMap<u16, u64> = Default::default();
                let mut i = 0u64;
                while Instant::now() < deadline {
                    i += 1;
                    let ip = format!("10.{}.{}.{}", n % 250, (i / 250) % 250, i % 250);
                    *answers
                        .entry(wrong_login(addr, &ip).unwrap_or(0))
                        .or_default() += 1;
                }
                answers
            })
        })
        .collect();
    let r: Vec<_> = (0..readers).map(|n| spawn(false, n)).collect();
    let p: Vec<_> = (0..posters).map(|n| spawn(true, n)).collect();
    let r: Vec<Tally> = r.into_iter().map(|h| h.join().expect("reader")).collect();
    let p: Vec<Tally> = p.into_iter().map(|h| h.join().expect("poster")).collect();
    let mut storm_answers: std::collections::BTreeMap<u16, u64> = Default::default();
    for h in storm {
        for (status, n) in h.join().expect("log-ins") {
            *storm_answers.entry(status).or_default() += n;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let peak = peak_rss_mib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    report("GET", &r, elapsed);
    report("POST", &p, elapsed);
    let mut both = r;
    both.extend(p);
    report("all", &both, elapsed);
    // 0 is "no answer": a connection refused, reset or timed out.
    let unanswered = storm_answers.get(&0).copied().unwrap_or(0);
    println!(
        "login {:>8} wrong log-ins, answered by status {:?}, unanswered {unanswered}",
        storm_answers.values().sum::<u64>(),
        storm_answers
            .iter()
            .filter(|(s, _)| **s != 0)
            .collect::<Vec<_>>()
    );
    println!("server peak resident memory {peak:.1} MiB (VmHWM)");
}
