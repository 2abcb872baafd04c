//! Save-to-served latency of `sala serve`: edits one page of a site again and again and
//! times, for each edit, how long until the served page shows it; beside it, the time of
//! a full `sala build` of the same site. Prints median, p90 and max.
//!
//! Run: `cargo bench --bench serve_latency -- SITE_DIR [EDITS]`, for example on the
//! 10,000-item synthetic corpus:
//!
//! ```sh
//! cargo run --release -p sala-bench -- corpus --pages 10000 --seed 1 --out /tmp/c10k
//! cargo bench --bench serve_latency -- /tmp/c10k 30
//! ```
//!
//! The site is used in place (the edited page is restored at the end). No timing is
//! asserted anywhere: these machines are noisy, so read the medians.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The first guide's Thai file, which every corpus and the sample site have.
fn pick_page(root: &Path) -> (PathBuf, String) {
    let mut guides: Vec<PathBuf> = std::fs::read_dir(root.join("content/guides"))
        .expect("content/guides")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".th.md"))
        .collect();
    guides.sort();
    let file = guides.into_iter().next().expect("a Thai guide");
    let slug = file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".th.md")
        .to_string();
    (file, format!("/guides/{slug}/"))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let root = PathBuf::from(args.first().expect("usage: serve_latency SITE_DIR [EDITS]"));
    let edits: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let sala = env!("CARGO_BIN_EXE_sala");

    let t = Instant::now();
    let status = Command::new(sala)
        .args(["build", "--root"])
        .arg(&root)
        .stderr(Stdio::null())
        .status()
        .expect("sala build");
    assert!(status.success(), "sala build failed");
    let full_build = t.elapsed();

    let mut server = Command::new(sala)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .env("LANG", "en_US.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sala serve");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("address")
        .to_string();

    let (file, url) = pick_page(&root);
    let original = std::fs::read_to_string(&file).unwrap();
    let mut latencies = Vec::new();
    for i in 0..edits {
        let marker = format!("serve-latency-marker-{i}-{}", std::process::id());
        let edited = format!("{}\n\n{marker}\n", original.trim_end());
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        std::fs::write(&file, edited).unwrap();
        loop {
            if get(&addr, &url).contains(&marker) {
                latencies.push(t.elapsed());
                break;
            }
            if t.elapsed() > Duration::from_secs(30) {
                eprintln!("edit {i}: not served after 30 s");
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    std::fs::write(&file, &original).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let _ = server.kill();
    let _ = server.wait();

    latencies.sort();
    if latencies.is_empty() {
        eprintln!("no edit was served");
        std::process::exit(1);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "site: {} ({} edits of {})",
        root.display(),
        latencies.len(),
        file.display()
    );
    println!("full build:            {:>8.0} ms", ms(full_build));
    println!(
        "save to served, p50:   {:>8.1} ms",
        ms(percentile(&latencies, 0.5))
    );
    println!(
        "save to served, p90:   {:>8.1} ms",
        ms(percentile(&latencies, 0.9))
    );
    println!(
        "save to served, max:   {:>8.1} ms",
        ms(*latencies.last().unwrap())
    );
    println!("(includes the watcher's debounce of 15 ms of quiet)");
}
