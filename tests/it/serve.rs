//! `sala serve` end to end: the real binary on a copy of a fixture site, edited on disk
//! while a client polls the page, as an author's browser would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{fixture, read};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `sala serve --port 0` and returns it with its address.
fn start(root: &std::path::Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .env("LANG", "en_US.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sala serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("address line")
        .to_string();
    (Server(child), addr)
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    stream.read_to_string(&mut body).unwrap();
    body
}

/// Polls until `pred` holds for the page, or fails after 15 s.
fn wait_for(addr: &str, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let page = get(addr, path);
        if pred(&page) {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}:\n{page}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn edit_break_and_fix_a_page_while_serving() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let page = get(&addr, "/guides/plan/");
    assert!(page.contains("คู่มือการจัดทำแผนพัฒนาท้องถิ่น"), "{page}");
    assert!(page.contains("/__sala/live.js"), "live reload is injected");

    let file = site.path().join("content/guides/plan.th.md");
    let original = read(&file);
    std::fs::write(
        &file,
        original.replace("## ขั้นตอนที่ 2 สภาท้องถิ่น", "## ขั้นตอนที่ 2 สภาองค์การบริหารส่วนตำบล"),
    )
    .unwrap();
    wait_for(&addr, "/guides/plan/", "the edit", |p| {
        p.contains("สภาองค์การบริหารส่วนตำบล")
    });

    std::fs::write(&file, original.replace("title: คู่มือ", "titel: คู่มือ")).unwrap();
    let broken = wait_for(&addr, "/guides/plan/", "the error overlay", |p| {
        p.contains("sala-error-overlay")
    });
    assert!(broken.contains("content/guides/plan.th.md:2:1"), "{broken}");
    assert!(broken.contains("unknown field `titel`"), "{broken}");

    std::fs::write(&file, &original).unwrap();
    let fixed = wait_for(&addr, "/guides/plan/", "the fixed page", |p| {
        !p.contains("sala-error-overlay")
    });
    assert!(fixed.contains("## ขั้นตอนที่ 2 สภาท้องถิ่น") || fixed.contains("ขั้นตอนที่ 2 สภาท้องถิ่น"));
}

#[test]
fn new_and_deleted_pages_come_and_go_from_lists() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let file = site.path().join("content/guides/new-guide.th.md");
    std::fs::write(
        &file,
        "---\ntitle: คู่มือใหม่เรื่องน้ำ\ndate: 2026-01-01\ntopics: [water]\n---\nเนื้อหา\n",
    )
    .unwrap();
    wait_for(&addr, "/guides/", "the new guide in the list", |p| {
        p.contains("คู่มือใหม่เรื่องน้ำ")
    });
    wait_for(&addr, "/topics/water/", "the new guide in its topic", |p| {
        p.contains("คู่มือใหม่เรื่องน้ำ")
    });
    wait_for(
        &addr,
        "/en/guides/new-guide/",
        "the English fallback",
        |p| p.contains("Not yet translated"),
    );
    std::fs::remove_file(&file).unwrap();
    wait_for(&addr, "/guides/", "the guide gone from the list", |p| {
        !p.contains("คู่มือใหม่เรื่องน้ำ")
    });
    wait_for(
        &addr,
        "/topics/water/",
        "the guide gone from its topic",
        |p| !p.contains("คู่มือใหม่เรื่องน้ำ"),
    );
    wait_for(&addr, "/guides/new-guide/", "the page gone", |p| {
        p.starts_with("HTTP/1.1 404")
    });
    // Removed in the same rebuild as the page, by another job running beside it: polled
    // like every other change here, not read the moment the page is gone.
    wait_for(
        &addr,
        "/years/2026/",
        "an empty year to lose its page",
        |p| p.starts_with("HTTP/1.1 404"),
    );
}

#[test]
fn template_edits_rerender_the_pages_that_use_them() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let tpl = site.path().join("themes/default/templates/forum.html");
    std::fs::write(
        &tpl,
        read(&tpl).replace(
            "<article class=\"page page-forum\">",
            "<article class=\"page page-forum\" data-edited=\"yes\">",
        ),
    )
    .unwrap();
    wait_for(&addr, "/forums/forum/", "the template change", |p| {
        p.contains("data-edited=\"yes\"")
    });
    assert!(!get(&addr, "/guides/plan/").contains("data-edited"));
}

/// `source` with `marker` where it reaches the output: at the start of each block of a
/// template that extends another (text outside blocks is dropped), of each macro, or
/// else of the file.
fn mark_template(source: &str, marker: &str) -> String {
    let opener = if source.contains("{% extends") {
        "{% block "
    } else if source.contains("{% macro ") {
        "{% macro "
    } else {
        return format!("{marker}{source}");
    };
    let mut out = String::new();
    let mut rest = source;
    while let Some(at) = rest.find(opener) {
        let end = at + rest[at..].find("%}").expect("tag ends") + 2;
        out.push_str(&rest[..end]);
        out.push_str(marker);
        rest = &rest[end..];
    }
    out + rest
}

/// Whether any file under `dir` contains `needle`.
fn output_contains(dir: &std::path::Path, needle: &str) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(needle)))
}

#[test]
fn every_template_edit_reaches_the_output() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let dir = site.path().join("themes/default/templates");
    let mut templates: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    templates.sort();
    assert!(templates.len() > 10, "{templates:?}");
    for (n, path) in templates.iter().enumerate() {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let marker = format!("sala-edited-{n}-x");
        std::fs::write(path, mark_template(&read(path), &marker)).unwrap();
        let start = Instant::now();
        while !output_contains(&site.path().join("public"), &marker) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "editing {name} changed no output"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        if name == "offline.html" {
            assert!(get(&addr, "/offline.html").contains(&marker));
            assert!(get(&addr, "/en/offline.html").contains(&marker));
        }
    }
}

#[test]
fn requests_cannot_leave_the_output_folder() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let res = get(&addr, "/../site.toml");
    assert!(!res.contains("base_url"), "{res}");
    let res = get(&addr, "/%2e%2e/site.toml");
    assert!(!res.contains("base_url"), "{res}");
}

#[test]
fn removing_a_heading_breaks_the_anchors_pointing_at_it() {
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    let forum = site.path().join("content/forums/forum.th.md");
    let original = read(&forum);
    std::fs::write(&forum, original.replace("## มติ", "## ข้อสรุป")).unwrap();
    let broken = wait_for(&addr, "/forums/forum/", "the overlay", |p| {
        p.contains("sala-error-overlay")
    });
    assert!(
        broken.contains("content/guides/plan.th.md:"),
        "the linking page is named: {broken}"
    );
    assert!(broken.contains("มติ"), "{broken}");
    std::fs::write(&forum, &original).unwrap();
    wait_for(&addr, "/forums/forum/", "the fixed page", |p| {
        !p.contains("sala-error-overlay")
    });
}

#[test]
fn search_catches_up_with_an_edit_while_serving() {
    use sala_search::{Query, Searcher};
    let site = fixture("th-en");
    let (_server, addr) = start(site.path());
    get(&addr, "/guides/plan/");
    let file = site.path().join("content/guides/plan.en.md");
    let original = read(&file);
    std::fs::write(
        &file,
        original.replace(
            "## Step 1: the village forum",
            "## Step 1: the village forum\n\nThe Nongkhamwattana pilot came first.",
        ),
    )
    .unwrap();
    // The index is rebuilt in the background once saving pauses for two seconds.
    let index = site.path().join("search-index");
    let query = Query {
        text: "nongkhamwattana".into(),
        lang: Some("en".into()),
        limit: 5,
        ..Query::default()
    };
    let start = Instant::now();
    loop {
        // A rebuild replaces the index folder: a failed open is a rebuild under way.
        let hits = Searcher::open(&index)
            .and_then(|s| s.search(&query))
            .map(|r| r.hits.into_iter().map(|h| h.url).collect::<Vec<_>>())
            .unwrap_or_default();
        if hits.iter().any(|u| u.contains("guides/plan")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the search index never found the edit: {hits:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
