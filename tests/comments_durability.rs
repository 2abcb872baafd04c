//! Durability: the real `sala comments serve` binary takes concurrent posts, is killed
//! with SIGKILL mid-way, and restarted on the same database; every comment that was
//! answered 202 must still be there.

mod comments_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use comments_support::*;

fn start(root: &std::path::Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sala"))
        .arg("--root")
        .arg(root)
        .args(["comments", "serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db(root))
        .env_remove("SALA_COMMENTS_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, addr)
}

#[test]
fn every_202_survives_a_sigkill() {
    let site = site("posts_per_client_per_hour = 1000000\nposts_per_page_per_hour = 1000000\nrequests_per_client_per_minute = 1000000");
    let root = site.path().to_path_buf();
    let (mut server, addr) = start(&root);

    let accepted = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    for t in 0..6 {
        let accepted = accepted.clone();
        let stop = stop.clone();
        threads.push(std::thread::spawn(move || {
            let mut n = 0;
            let deadline = Instant::now() + Duration::from_secs(30);
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let page = if n % 2 == 0 { PAGE } else { PAGE_EN };
                let body = comment(page, "วิชัย", &format!("thread {t} comment {n}"));
                n += 1;
                match http(
                    addr,
                    "POST",
                    "/api/comments",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                ) {
                    Ok((202, _, body)) => {
                        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                        accepted.lock().unwrap().push(v["id"].as_i64().unwrap());
                    }
                    // No answer at all: the server died mid-request.
                    Ok((0, _, _)) | Err(_) => break,
                    Ok((status, head, _)) => panic!("unexpected {status}: {head}"),
                }
            }
        }));
    }
    // Let the posters run, then kill the server without warning.
    let t0 = Instant::now();
    while accepted.lock().unwrap().len() < 150 && t0.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    server.kill().unwrap(); // SIGKILL on unix
    server.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let ids = accepted.lock().unwrap().clone();
    assert!(
        ids.len() >= 20,
        "only {} posts were accepted before the kill",
        ids.len()
    );

    // Restart on the same database: it opens, recovers the WAL, and serves.
    let (mut server, addr) = start(&root);
    let (status, _, _) = http(addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(status, 200);
    let (status, _, _) = http(
        addr,
        "POST",
        "/api/comments",
        &[("Content-Type", "application/json")],
        comment(PAGE, "หลังรีสตาร์ต", "ok").as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 202);
    let store = sala::comments::store::Store::open(&db(&root)).unwrap();
    let mut missing = Vec::new();
    for id in &ids {
        match store.get(*id).unwrap() {
            Some(c) => assert_eq!(c.name, "วิชัย"),
            None => missing.push(*id),
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        missing.is_empty(),
        "{} of {} accepted comments lost: {missing:?}",
        missing.len(),
        ids.len()
    );
    eprintln!(
        "{} comments answered 202 before SIGKILL; all {} found after restart",
        ids.len(),
        ids.len()
    );
}
