//! The companion under abuse, through the real `sala comments serve` binary on 127.0.0.1:
//! floods of log-ins, connections that never finish, forged proxy headers, a database it
//! cannot use, a second server on the same database. Every loop here is bounded and stops
//! by itself; the only timing asserts are generous upper bounds.

mod comments_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use comments_support::*;

const PASSWORD: &str = "correct horse battery";

fn sala(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sala"));
    c.arg("--root")
        .arg(root)
        .env_remove("SALA_COMMENTS_SECRET")
        .env_remove("SALA_ADMIN_PASSWORD");
    c
}

/// Starts `sala comments serve` on a free loopback port; its stderr goes to
/// `ROOT/serve.log`.
fn start(root: &Path) -> (Child, SocketAddr) {
    let log = std::fs::File::create(root.join("serve.log")).unwrap();
    let mut child = sala(root)
        .args(["comments", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db(root))
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| {
            let _ = child.kill();
            let log = std::fs::read_to_string(root.join("serve.log")).unwrap_or_default();
            panic!("no address in {line:?}; stderr: {log}")
        });
    (child, addr)
}

fn add_admin_cli(root: &Path, user: &str, pass: &str) {
    let out = sala(root)
        .args(["comments", "add-admin", "--username", user, "--db"])
        .arg(db(root))
        .env("SALA_ADMIN_PASSWORD", pass)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The most resident memory the process has had, in KiB (`VmHWM`).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A fresh log-in form: (its cookie, its token).
fn login_form(addr: SocketAddr, headers: &[(&str, &str)]) -> (String, String) {
    let (status, head, body) = http(addr, "GET", "/admin", headers, b"").unwrap();
    assert_eq!(status, 200, "{head}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (cookie, between(&body, "name=\"csrf\" value=\"", "\""))
}

/// Posts the log-in form as a client at `ip` (through one trusted proxy hop).
fn try_login(addr: SocketAddr, ip: &str, user: &str, pass: &str) -> (u16, String) {
    let xff = [("X-Forwarded-For", ip)];
    let (cookie, csrf) = login_form(addr, &xff);
    let form = format!(
        "username={user}&password={}&csrf={csrf}",
        pass.replace(' ', "+")
    );
    let (status, head, _) = http(
        addr,
        "POST",
        "/admin/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &cookie),
            ("X-Forwarded-For", ip),
        ],
        form.as_bytes(),
    )
    .unwrap();
    (status, head)
}

/// The router on the companion's own accept loop, in this process, on 127.0.0.1. The
/// server lives as long as the runtime.
fn serve_here(state: sala::comments::http::AppState) -> (SocketAddr, tokio::runtime::Runtime) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        let _ = sala::comments::http::run(listener, state, std::future::pending()).await;
    });
    (addr, rt)
}

fn stop(mut server: Child) {
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn three_hundred_wrong_logins_at_once_keep_memory_bounded_and_reads_answering() {
    let site = site(
        "trust_proxy = 1\nlogins_per_client_per_hour = 1000000\nrequests_per_client_per_minute = 1000000",
    );
    let root = site.path();
    add_admin_cli(root, "staff", PASSWORD);
    let (server, addr) = start(root);
    let pid = server.id();
    let before = peak_rss_kib(pid);

    // Every attacker first fetches a log-in form, from an address of its own.
    let forms: Vec<(String, String, String)> = (0..300)
        .map(|i| {
            let ip = format!("10.1.{}.{}", i / 250, i % 250 + 1);
            let (cookie, csrf) = login_form(addr, &[("X-Forwarded-For", &ip)]);
            (ip, cookie, csrf)
        })
        .collect();

    // A reader keeps asking for the public list during the burst.
    let done = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(Mutex::new(Vec::<(u16, Duration)>::new()));
    let reader = {
        let (done, reads) = (done.clone(), reads.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while !done.load(Ordering::Relaxed) && Instant::now() < deadline {
                let t = Instant::now();
                let status = http(addr, "GET", &format!("/api/comments?page={PAGE}"), &[], b"")
                    .map(|r| r.0)
                    .unwrap_or(0);
                reads.lock().unwrap().push((status, t.elapsed()));
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };

    let barrier = Arc::new(Barrier::new(forms.len()));
    let started = Instant::now();
    let attackers: Vec<_> = forms
        .into_iter()
        .map(|(ip, cookie, csrf)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let form = format!("username=staff&password=wrong+guess&csrf={csrf}");
                http(
                    addr,
                    "POST",
                    "/admin/login",
                    &[
                        ("Content-Type", "application/x-www-form-urlencoded"),
                        ("Cookie", &cookie),
                        ("X-Forwarded-For", &ip),
                    ],
                    form.as_bytes(),
                )
                .map(|(s, head, _)| (s, head))
                .unwrap_or((0, String::new()))
            })
        })
        .collect();
    let answers: Vec<(u16, String)> = attackers.into_iter().map(|t| t.join().unwrap()).collect();
    let burst = started.elapsed();
    done.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    let peak = peak_rss_kib(pid);

    // The right password still works afterwards, from an address of its own.
    let (status, _) = try_login(addr, "192.0.2.7", "staff", PASSWORD);
    stop(server);
    assert_eq!(status, 303, "the moderator logs in after the burst");

    let refused = answers.iter().filter(|(s, _)| *s == 503).count();
    let checked = answers.iter().filter(|(s, _)| *s == 401).count();
    for (s, head) in &answers {
        assert!(*s == 401 || *s == 503, "a log-in got {s}: {head}");
        if *s == 503 {
            assert!(
                head.to_ascii_lowercase().contains("retry-after: "),
                "{head}"
            );
        }
    }
    assert!(checked >= 2, "some log-ins were checked");
    let reads = reads.lock().unwrap().clone();
    assert!(!reads.is_empty());
    assert!(
        reads.iter().all(|(s, _)| *s == 200),
        "every read answered 200: {reads:?}"
    );
    let mut lat: Vec<Duration> = reads.iter().map(|r| r.1).collect();
    lat.sort();
    let max = *lat.last().unwrap();
    eprintln!(
        "300 wrong log-ins in {burst:?}: {checked} checked (401), {refused} turned away (503); \
         peak RSS {before} KiB before, {peak} KiB after; {} reads during the burst, \
         p50 {:?}, max {max:?}",
        lat.len(),
        lat[lat.len() / 2]
    );
    assert!(peak < 512 * 1024, "peak RSS {peak} KiB");
    assert!(max < Duration::from_secs(10), "a read took {max:?}");
}

/// Reads from `s` until the server closes it or `limit` passes; returns whether it was
/// closed, how long that took and what was read.
fn wait_for_close(mut s: TcpStream, limit: Duration) -> (bool, Duration, String) {
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(250)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let mut closed = false;
    while started.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    (
        closed,
        started.elapsed(),
        String::from_utf8_lossy(&got).into_owned(),
    )
}

/// A connection that has sent `text` and then goes quiet.
fn half_sent(addr: SocketAddr, text: &str) -> TcpStream {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.write_all(text.as_bytes()).unwrap();
    s
}

#[test]
fn stalled_connections_are_closed_and_sigterm_exits_within_seconds() {
    let site = site("");
    let root = site.path();
    let (mut server, addr) = start(root);
    let stalled = [
        (
            "half-sent headers",
            "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty".to_string(),
        ),
        (
            "half-sent body",
            "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"page\":".to_string(),
        ),
        ("nothing sent", String::new()),
        (
            "idle keep-alive",
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_string(),
        ),
    ];
    let waiters: Vec<_> = stalled
        .into_iter()
        .map(|(what, text)| {
            let s = half_sent(addr, &text);
            std::thread::spawn(move || (what, wait_for_close(s, Duration::from_secs(40))))
        })
        .collect();
    // Meanwhile the server answers everyone else.
    let (status, _, _) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(status, 200);
    for w in waiters {
        let (what, (closed, took, got)) = w.join().unwrap();
        eprintln!("{what}: closed after {took:?}");
        assert!(
            closed && took < Duration::from_secs(30),
            "{what}: open after {took:?}"
        );
        match what {
            "half-sent body" => assert!(got.starts_with("HTTP/1.1 408"), "{what}: {got}"),
            "idle keep-alive" => assert!(got.starts_with("HTTP/1.1 200"), "{what}: {got}"),
            _ => {}
        }
    }

    // SIGTERM with a half-sent request and an idle client attached.
    let _half = half_sent(
        addr,
        "POST /api/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-",
    );
    let _idle = half_sent(addr, "");
    std::thread::sleep(Duration::from_millis(200));
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut exit = None;
    while sent.elapsed() < Duration::from_secs(20) {
        if let Some(status) = server.try_wait().unwrap() {
            exit = Some((status, sent.elapsed()));
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let Some((status, took)) = exit else {
        stop(server);
        panic!("still running 20 s after SIGTERM");
    };
    eprintln!("SIGTERM with a half-sent request attached: exited after {took:?}");
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "exited after {took:?}");
}

#[test]
fn failures_from_elsewhere_never_lock_the_moderator_out() {
    let site = site("trust_proxy = true");
    let state = state(site.path());
    add_admin(&state, "staff", PASSWORD);
    let (addr, _rt) = serve_here(state);
    // 50 wrong guesses, each from another address.
    for i in 0..50 {
        let (s, head) = try_login(addr, &format!("10.2.0.{}", i + 1), "staff", "wrong guess");
        assert_eq!(s, 401, "guess {i}: {head}");
    }
    // An address that keeps guessing backs off after three failures, even when it
    // finally sends the right password.
    let mut statuses: Vec<u16> = (0..5)
        .map(|_| try_login(addr, "10.3.0.1", "staff", "wrong guess").0)
        .collect();
    statuses.push(try_login(addr, "10.3.0.1", "staff", PASSWORD).0);
    assert_eq!(statuses, vec![401, 401, 401, 429, 429, 429]);
    // The right password from an address that has not been failing gets in.
    let (s, head) = try_login(addr, "192.0.2.10", "staff", PASSWORD);
    assert_eq!(s, 303, "{head}");
    assert!(head.contains("sala_admin="), "{head}");
}

#[test]
fn forged_forwarded_for_lines_do_not_escape_the_limits() {
    let site =
        site("trust_proxy = 1\nposts_per_client_per_hour = 3\nposts_per_page_per_hour = 1000");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state.clone());
    let post = |xff: Vec<String>| -> u16 {
        let mut headers = vec![("Content-Type", "application/json")];
        headers.extend(xff.iter().map(|v| ("X-Forwarded-For", v.as_str())));
        http(
            addr,
            "POST",
            "/api/comments",
            &headers,
            comment(PAGE, "a", "b").as_bytes(),
        )
        .unwrap()
        .0
    };
    // The client sends a new address on its own line each time; the proxy appends the
    // address it saw on a line of its own.
    let own_lines: Vec<u16> = (0..5)
        .map(|i| post(vec![format!("10.9.9.{i}"), "203.0.113.5".into()]))
        .collect();
    assert_eq!(own_lines, vec![202, 202, 202, 429, 429]);
    // The proxy appends to the client's line instead.
    let one_line: Vec<u16> = (0..5)
        .map(|i| post(vec![format!("10.8.8.{i}, 203.0.113.6")]))
        .collect();
    assert_eq!(one_line, vec![202, 202, 202, 429, 429]);
    assert_eq!(state.store.count().unwrap(), 6);
}

/// Runs `sala comments serve` expecting it to refuse to start; returns its stderr.
/// Fails (after killing it) if it is still running after 30 s.
fn refused_start(mut cmd: Command, root: &Path) -> String {
    let log_path = root.join("refused.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = cmd
        .args(["comments", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db(root))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Some(status) = child.try_wait().unwrap() {
            let err = std::fs::read_to_string(&log_path).unwrap();
            assert!(!status.success(), "it started: {err}");
            return err;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop(child);
    panic!("still running after 30 s");
}

/// Whether this process runs as root, which ignores file permissions.
fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join("uid-probe");
    std::fs::write(&probe, b"").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(probe).unwrap();
    uid == 0
}

#[test]
fn a_read_only_database_is_refused_at_start_up_with_its_name() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = site("");
    let root = site.path();
    drop(sala::comments::store::Store::open(&db(root)).unwrap());
    std::fs::set_permissions(db(root), std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut cmd = sala(root);
    cmd.env("SALA_COMMENTS_SECRET", "0123456789abcdef0123456789abcdef");
    if running_as_root(root) {
        // Root writes through any mode: run the server as nobody instead, in a folder it
        // may write (so only the database itself is read-only to it).
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o777)).unwrap();
        cmd.uid(65534).gid(65534);
    }
    let err = refused_start(cmd, root);
    let shown = db(root).display().to_string();
    assert!(err.contains(&shown), "{err}");
    assert!(err.contains("cannot be written"), "{err}");
    assert!(err.contains("เขียนไม่ได้"), "{err}");
}

#[test]
fn a_corrupt_database_is_refused_at_start_up_with_its_name() {
    // Not a database at all.
    let site = site("");
    let root = site.path();
    let junk = "these are not the pages you are looking for\n".repeat(200);
    std::fs::write(db(root), &junk).unwrap();
    let err = refused_start(sala(root), root);
    assert!(err.contains(&db(root).display().to_string()), "{err}");
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains("เสียหาย"), "{err}");
    assert_eq!(
        std::fs::read_to_string(db(root)).unwrap(),
        junk,
        "left as it was"
    );

    // A real database with pages overwritten in the middle.
    let site = comments_support::site("");
    let root = site.path();
    {
        let store = sala::comments::store::Store::open(&db(root)).unwrap();
        let (created, unix) = sala::comments::store::now();
        for i in 0..300 {
            let c = sala::comments::store::NewComment {
                page: PAGE.into(),
                parent: None,
                name: format!("ผู้อ่าน {i}"),
                email: None,
                body: "ข้อความ ".repeat(40),
                created: created.clone(),
                created_unix: unix,
                ip_hash: None,
                delete_token_hash: "0".repeat(64),
                lang: "th".into(),
            };
            store.insert(&c).unwrap().unwrap();
        }
    }
    let mut bytes = std::fs::read(db(root)).unwrap();
    assert!(bytes.len() > 16 * 4096, "{} bytes", bytes.len());
    for b in &mut bytes[8 * 4096..12 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(db(root), &bytes).unwrap();
    let err = refused_start(sala(root), root);
    assert!(err.contains(&db(root).display().to_string()), "{err}");
    assert!(err.contains("is damaged"), "{err}");
}

#[test]
fn a_second_server_on_the_same_database_is_refused() {
    let site = site("");
    let root = site.path();
    let (first, addr) = start(root);
    let err = refused_start(sala(root), root);
    let (status, _, _) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    stop(first);
    assert!(err.contains("another `sala comments serve`"), "{err}");
    assert!(err.contains(&db(root).display().to_string()), "{err}");
    assert_eq!(status, 200, "the first one keeps serving");
    // Once the first has gone, a new one starts.
    let (again, addr) = start(root);
    let (status, _, _) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    stop(again);
    assert_eq!(status, 200);
}

#[test]
fn healthz_reports_a_database_that_takes_no_writes() {
    let site = site("");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state);
    let (status, _, body) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!((status, body.as_str()), (200, "ok"));
    // Another process holds the write lock: writes cannot commit.
    let other = rusqlite::Connection::open(db(site.path())).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (status, _, body) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(status, 503, "{body}");
    assert_eq!(body, r#"{"error":"database_unwritable"}"#);
    other.execute_batch("COMMIT").unwrap();
    let (status, _, _) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(status, 200);
}

#[test]
fn database_files_are_private_and_the_audit_log_records_moderation() {
    use std::os::unix::fs::PermissionsExt;
    let site = site("");
    let root = site.path();
    add_admin_cli(root, "staff", PASSWORD);
    let (server, addr) = start(root);
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/comments",
        &[("Content-Type", "application/json")],
        comment(PAGE, "ผู้อ่านลับ", "ข้อความส่วนตัว").as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 202, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        try_login(addr, "198.51.100.1", "staff", "wrong guess").0,
        401
    );
    assert_eq!(
        try_login(addr, "198.51.100.1", "nobody", "wrong guess").0,
        401
    );
    let (status, head) = try_login(addr, "198.51.100.1", "staff", PASSWORD);
    assert_eq!(status, 303, "{head}");
    let session = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .find(|c| c.starts_with("sala_admin="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (_, _, queue) = http(addr, "GET", "/admin", &[("Cookie", &session)], b"").unwrap();
    let csrf = between(&queue, "name=\"csrf\" value=\"", "\"");
    let (status, head, _) = http(
        addr,
        "POST",
        &format!("/admin/comments/{id}/approve"),
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &session),
        ],
        format!("csrf={csrf}").as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 303, "{head}");

    // The database, its journal files, the secret and the lock: owner only.
    let mut modes = Vec::new();
    for suffix in ["", "-wal", "-shm", ".secret", ".lock"] {
        let mut path = db(root).into_os_string();
        path.push(suffix);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        modes.push((suffix, format!("{mode:o}")));
    }
    stop(server);
    assert!(modes.iter().all(|(_, m)| m == "600"), "{modes:?}");

    let out = sala(root)
        .args(["comments", "audit", "--db"])
        .arg(db(root))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let log = String::from_utf8(out.stdout).unwrap();
    let has = |actor: &str, action: &str, detail: &str| {
        log.lines().any(|l| {
            let f: Vec<&str> = l.split("  ").collect();
            f.len() == 4 && f[1] == actor && f[2] == action && f[3] == detail
        })
    };
    assert!(
        log.lines().next().unwrap().contains("add_admin  staff"),
        "{log}"
    );
    assert!(has("staff", "login_failed", ""), "{log}");
    assert!(
        has("?", "login_failed", ""),
        "an unknown user name is not kept: {log}"
    );
    assert!(has("staff", "login", ""), "{log}");
    assert!(has("staff", "approve", &format!("#{id}")), "{log}");
    assert!(!log.contains("nobody") && !log.contains("ผู้อ่านลับ"), "{log}");
}

#[test]
fn the_honeypot_answers_like_a_real_post() {
    let site = site("");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state.clone());
    let post = |extra: serde_json::Value| {
        let mut c: serde_json::Value = serde_json::from_str(&comment(PAGE, "a", "b")).unwrap();
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        let (status, head, body) = http(
            addr,
            "POST",
            "/api/comments",
            &[("Content-Type", "application/json"), ("Origin", ORIGIN)],
            c.to_string().as_bytes(),
        )
        .unwrap();
        (
            status,
            head,
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        )
    };
    let (s1, h1, real) = post(serde_json::json!({}));
    let (s2, h2, bot) = post(serde_json::json!({"website": "http://spam.example"}));
    let (s3, _, bot2) = post(serde_json::json!({"website": "http://spam.example"}));
    assert_eq!((s1, s2, s3), (202, 202, 202));
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&real), keys(&bot));
    assert_eq!(bot["status"], "pending");
    assert_eq!(bot["delete_token"].as_str().unwrap().len(), 64);
    assert_eq!(
        bot["id"].as_i64().unwrap(),
        real["id"].as_i64().unwrap() + 1
    );
    assert_eq!(
        bot2["id"].as_i64().unwrap(),
        real["id"].as_i64().unwrap() + 2
    );
    let headers = |h: &str| {
        let mut names: Vec<String> = h
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_ascii_lowercase()))
            .filter(|k| k != "date" && k != "content-length")
            .collect();
        names.sort();
        names
    };
    assert_eq!(headers(&h1), headers(&h2));
    // A bot's post that a person would have had refused is refused the same way.
    let (s, _, v) = post(serde_json::json!({"website": "x", "consent": false}));
    assert_eq!((s, v["error"].as_str()), (400, Some("consent_required")));
    assert_eq!(
        state.store.count().unwrap(),
        1,
        "only the real one is stored"
    );
}

#[test]
fn cors_names_the_allowlisted_origin_and_html_clients_get_html_429s() {
    let site = site("requests_per_client_per_minute = 3");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state);
    // An allowed origin spelled differently by the client: the answer carries the
    // allowlist's spelling.
    let (status, head, _) = http(
        addr,
        "GET",
        &format!("/api/comments?page={PAGE}"),
        &[("Origin", "HTTPS://Clinic.Example.ORG:443")],
        b"",
    )
    .unwrap();
    assert_eq!(status, 200);
    assert!(
        head.contains("access-control-allow-origin: https://clinic.example.org\r\n"),
        "{head}"
    );
    // Two more requests use up the minute; then each kind of client gets its kind of 429.
    for _ in 0..2 {
        assert_eq!(http(addr, "GET", "/healthz", &[], b"").unwrap().0, 200);
    }
    let (status, head, body) = http(addr, "GET", "/admin?lang=en", &[], b"").unwrap();
    assert_eq!(status, 429);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(head.contains("retry-after: "), "{head}");
    assert!(
        body.contains("<html lang=\"en\">") && body.contains("please wait"),
        "{body}"
    );
    let (status, head, body) = http(
        addr,
        "POST",
        "/comments/form",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"page=x",
    )
    .unwrap();
    assert_eq!(status, 429);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(body.contains("โปรดรอสักครู่"), "Thai by default: {body}");
    let (status, head, body) =
        http(addr, "GET", &format!("/api/comments?page={PAGE}"), &[], b"").unwrap();
    assert_eq!(status, 429);
    assert!(head.contains("content-type: application/json"), "{head}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"], "rate_limited");
    assert_eq!(
        json["message"], "ส่งบ่อยเกินไป โปรดรอสักครู่แล้วลองใหม่",
        "Thai by default"
    );
}

#[test]
fn public_url_lets_the_moderator_log_in_behind_a_proxy_that_rewrites_host() {
    let site = site("public_url = \"https://comments.clinic.example.org\"");
    let state = state(site.path());
    add_admin(&state, "staff", PASSWORD);
    let (addr, _rt) = serve_here(state);
    // The proxy forwards to 127.0.0.1 with `Host` rewritten to the upstream's address
    // (the `http` helper's `Host: 127.0.0.1:PORT`); the browser's `Origin` is public.
    let login_from = |origin: &str| {
        let (cookie, csrf) = login_form(addr, &[]);
        let form = format!("username=staff&password=correct+horse+battery&csrf={csrf}");
        http(
            addr,
            "POST",
            "/admin/login",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &cookie),
                ("Origin", origin),
            ],
            form.as_bytes(),
        )
        .unwrap()
    };
    let (status, head, _) = login_from("https://comments.clinic.example.org");
    assert_eq!(status, 303, "{head}");
    let session = head
        .lines()
        .find(|l| l.starts_with("set-cookie: sala_admin="))
        .unwrap();
    assert!(session.contains("; Secure"), "{session}");
    // The upstream address is not this server's origin any more.
    let (status, _, _) = login_from(&format!("http://{addr}"));
    assert_eq!(status, 403);
}

#[test]
fn text_checks_hold_over_the_socket() {
    let site = site("");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state.clone());
    let post = |c: serde_json::Value| {
        let (status, _, body) = http(
            addr,
            "POST",
            "/api/comments",
            &[("Content-Type", "application/json")],
            c.to_string().as_bytes(),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (status, v["error"].as_str().unwrap_or("").to_string())
    };
    let with = |field: &str, value: &str| {
        let mut c: serde_json::Value =
            serde_json::from_str(&comment(PAGE, "วิชัย", "ขอบคุณครับ")).unwrap();
        c[field] = value.into();
        c
    };
    let zalgo = format!("Z{}", "\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}".repeat(4));
    for (field, value, code) in [
        ("name", zalgo.as_str(), "name_invalid"),
        ("body", zalgo.as_str(), "body_invalid"),
        ("name", "!!! ???", "name_required"),
        ("body", "😀😀😀", "body_required"),
        ("email", "a\u{202E}gro@example.org", "email_invalid"),
        ("name", "a\u{2067}b", "name_invalid"),
    ] {
        assert_eq!(
            post(with(field, value)),
            (400, code.to_string()),
            "{field}: {value:?}"
        );
    }
    // The no-JS form refuses bytes that are not UTF-8, as the API does.
    let (status, head, _) = http(
        addr,
        "POST",
        "/comments/form",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"page=guides%2Flocal-plan-cycle%2F&return=guides%2Flocal-plan-cycle%2F&name=a&body=%C3%28ok&consent=yes",
    )
    .unwrap();
    assert_eq!(status, 400, "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    // Thai with its marks still goes through.
    assert_eq!(post(with("name", "ณัฐวุฒิ ปั้นที่นี่")).0, 202);
    assert_eq!(state.store.count().unwrap(), 1);
}

#[test]
fn the_admin_queue_pages_thirty_thousand_pending_comments() {
    let site = site("");
    let state = state(site.path());
    add_admin(&state, "staff", PASSWORD);
    {
        // One transaction, so 30,000 rows do not cost 30,000 syncs.
        let mut conn = rusqlite::Connection::open(db(site.path())).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut st = tx
                .prepare(
                    "INSERT INTO comments (page, name, body, status, created, created_unix, delete_token, lang)
                     VALUES (?1, ?2, ?3, 'pending', '2026-12-01T08:00:00Z', 1796112000, ?4, 'th')",
                )
                .unwrap();
            let token = "0".repeat(64);
            for i in 0..30_000 {
                st.execute(rusqlite::params![
                    PAGE,
                    format!("ผู้อ่าน {i}"),
                    format!("ความคิดเห็นที่ {i}: {}", "แผนนี้ช่วยได้มาก ".repeat(8)),
                    token
                ])
                .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let (addr, _rt) = serve_here(state);
    let (status, head) = try_login(addr, "127.0.0.1", "staff", PASSWORD);
    assert_eq!(status, 303, "{head}");
    let session = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .find(|c| c.starts_with("sala_admin="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let get = |path: &str| {
        let (status, _, body) = http(addr, "GET", path, &[("Cookie", &session)], b"").unwrap();
        assert_eq!(status, 200, "{path}");
        body
    };
    let first = get("/admin?lang=en");
    let ids = |page: &str| -> Vec<i64> {
        page.split("<article class=\"comment\" id=\"comment-")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect()
    };
    eprintln!("first page of 30,000 pending: {} bytes", first.len());
    assert!(first.len() < 200 * 1024, "{} bytes", first.len());
    assert_eq!(ids(&first), (1..=50).collect::<Vec<_>>(), "oldest first");
    assert!(first.contains("<strong id=\"queue-total\">30000</strong>"));
    let next = between(&first, "id=\"queue-next\" href=\"", "\"").replace("&amp;", "&");
    assert_eq!(next, "/admin?lang=en&status=pending&after=50");
    let second = get(&next);
    assert_eq!(ids(&second), (51..=100).collect::<Vec<_>>());
    assert!(second.contains("id=\"queue-first\""));
    let last = get("/admin?lang=en&status=pending&after=29990");
    assert_eq!(ids(&last), (29_991..=30_000).collect::<Vec<_>>());
    assert!(!last.contains("queue-next"), "no page after the last");
}

#[test]
fn a_full_queue_refuses_new_posts_until_moderators_catch_up() {
    let site = site("max_pending = 3\nposts_per_client_per_hour = 100");
    let state = state(site.path());
    let (addr, _rt) = serve_here(state.clone());
    let post = || {
        http(
            addr,
            "POST",
            "/api/comments",
            &[("Content-Type", "application/json")],
            comment(PAGE, "a", "b").as_bytes(),
        )
        .unwrap()
    };
    let statuses: Vec<u16> = (0..4).map(|_| post().0).collect();
    assert_eq!(statuses, vec![202, 202, 202, 503]);
    let (status, head, body) = post();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, json["error"].as_str()), (503, Some("queue_full")));
    assert!(
        json["message"].as_str().unwrap().contains("รอตรวจ"),
        "{body}"
    );
    assert!(head.contains("retry-after: 600"), "{head}");
    // The no-JS form says so in words.
    let (status, head, body) = http(
        addr,
        "POST",
        "/comments/form",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"page=guides%2Flocal-plan-cycle%2F&return=guides%2Flocal-plan-cycle%2F&name=a&body=b&consent=yes",
    )
    .unwrap();
    assert_eq!(status, 503, "{head}");
    assert!(body.contains("รอตรวจจำนวนมาก"), "{body}");
    // A moderator approves one: there is room again.
    assert!(state
        .store
        .set_status(1, sala::comments::store::Status::Approved)
        .unwrap());
    assert_eq!(post().0, 202);
    assert_eq!(state.store.count().unwrap(), 4);
    // A bot that fills in the honeypot hears the same.
    let mut bot: serde_json::Value = serde_json::from_str(&comment(PAGE, "a", "b")).unwrap();
    bot["website"] = "http://spam.example".into();
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/comments",
        &[("Content-Type", "application/json")],
        bot.to_string().as_bytes(),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, json["error"].as_str()), (503, Some("queue_full")));
    assert!(
        json["message"].as_str().unwrap().contains("รอตรวจ"),
        "{body}"
    );
}
