//! The command line as a Unix tool: quiet on a closed pipe, colour only for a terminal,
//! filters checked against the site, one "error:" per message, a busy port told early.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::support::{fixture, sala};

/// A copy of the th-en fixture with its search index built.
fn indexed_site() -> tempfile::TempDir {
    let site = fixture("th-en");
    let (ok, _, err) = sala(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(ok, "build failed:\n{err}");
    site
}

fn sala_in(lang: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(args)
        .args(["--messages", lang])
        .env_remove("NO_COLOR")
        .output()
        .expect("run sala");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn search_into_head_ends_quietly() {
    let site = indexed_site();
    // sala's own exit status, written by the shell, not the pipeline's (head's).
    let status = site.path().join("status");
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"{ "$0" search --root "$1" ขยะ 2>"$2.err"; echo $? >"$2"; } | head -1"#)
        .arg(env!("CARGO_BIN_EXE_sala"))
        .arg(site.path())
        .arg(&status)
        .output()
        .unwrap();
    assert!(out.status.success());
    let first = String::from_utf8_lossy(&out.stdout);
    assert!(
        first.ends_with("results\n") || first.ends_with("result\n"),
        "{first}"
    );
    let code = std::fs::read_to_string(&status).unwrap();
    let err = std::fs::read_to_string(site.path().join("status.err")).unwrap();
    assert_eq!(code.trim(), "0", "{err}");
    assert_eq!(err, "");
}

#[test]
fn search_into_a_closed_pipe_exits_zero_without_a_panic() {
    let site = indexed_site();
    for format in [&[][..], &["--json"][..], &["--json", "--facets"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sala"))
            .args(["search", "--root", site.path().to_str().unwrap()])
            .args(format)
            .arg("ขยะ")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before sala writes anything: every write fails with EPIPE.
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{format:?}: {err}");
        assert_eq!(err, "", "{format:?}");
    }
}

#[test]
fn search_output_has_no_escape_codes_off_a_terminal_or_with_no_color() {
    let site = indexed_site();
    let file = site.path().join("out.txt");
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"NO_COLOR=1 "$0" search --root "$1" ขยะ > "$2""#)
        .arg(env!("CARGO_BIN_EXE_sala"))
        .arg(site.path())
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("ขยะ"), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
    // Not a terminal and no NO_COLOR: still plain.
    let (code, text, _) = sala_in(
        "en",
        &["search", "--root", site.path().to_str().unwrap(), "ขยะ"],
    );
    assert_eq!(code, Some(0));
    assert!(!text.contains('\x1b'), "{text:?}");
    // Each hit is three lines: title, address, snippet; no line breaks inside a snippet.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!((lines.len() - 1) % 3, 0, "{text}");
    for snippet in lines.iter().skip(3).step_by(3) {
        assert!(snippet.starts_with("    "), "{text}");
    }
}

#[test]
fn unknown_district_or_topic_is_an_error_listing_the_allowed_values() {
    let site = indexed_site();
    let root = site.path().to_str().unwrap();
    let (code, out, err) = sala_in(
        "en",
        &["search", "--root", root, "--district", "9999", "ขยะ"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.starts_with("error: `--district 9999`: no district has that code\n    hint: use one of: 4001 Mueang Khon Kaen, "),
        "{err}"
    );
    assert!(err.contains("4005 Chum Phae"), "{err}");
    let (code, _, err) = sala_in(
        "th",
        &["search", "--root", root, "--district", "9999", "ขยะ"],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("ข้อผิดพลาด: `--district 9999`: ไม่มีอำเภอที่ใช้รหัสนี้\n    คำแนะนำ: ใช้รหัสใดรหัสหนึ่งต่อไปนี้: 4001 เมืองขอนแก่น, "),
        "{err}"
    );
    let (code, _, err) = sala_in(
        "en",
        &["search", "--root", root, "--topic", "nosuch", "ขยะ"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: `--topic nosuch`: the site has no such topic\n    hint: use one of the topics in site.toml: waste (Waste management), water (Water and drought)\n"
    );
    let (code, _, err) = sala_in(
        "th",
        &["search", "--root", root, "--topic", "nosuch", "ขยะ"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "ข้อผิดพลาด: `--topic nosuch`: เว็บไซต์นี้ไม่มีหัวข้อนี้\n    คำแนะนำ: ใช้หัวข้อใดหัวข้อหนึ่งที่กำหนดไว้ในไฟล์ site.toml: waste (การจัดการขยะ), water (น้ำและภัยแล้ง)\n"
    );
    // A known one still searches.
    let (code, out, _) = sala_in("en", &["search", "--root", root, "--topic", "waste", "ขยะ"]);
    assert_eq!(code, Some(0));
    assert!(!out.starts_with("0 results"), "{out}");
}

#[test]
fn missing_site_or_index_says_error_once_in_the_readers_language() {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    let (code, _, err) = sala_in("en", &["search", "--root", root, "ขยะ"]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("site.toml: error: cannot read site.toml: "),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    let (_, _, err) = sala_in("th", &["search", "--root", root, "ขยะ"]);
    assert!(
        err.starts_with("site.toml: ข้อผิดพลาด: อ่านไฟล์ site.toml ไม่ได้: "),
        "{err}"
    );

    let site = fixture("th-en");
    let root = site.path().to_str().unwrap();
    let (code, _, err) = sala_in("th", &["search", "--root", root, "ขยะ"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        format!("ข้อผิดพลาด: ไม่พบดัชนีค้นหาในโฟลเดอร์ {root}/search-index\n    คำแนะนำ: ให้รันคำสั่ง `sala build` ก่อน คำสั่งนี้จะสร้างดัชนีค้นหาให้\n")
    );
    let (_, _, err) = sala_in("en", &["search", "--root", root, "ขยะ"]);
    assert_eq!(
        err,
        format!("error: no search index in {root}/search-index\n    hint: run `sala build` first; it writes the index\n")
    );
}

#[test]
fn serve_on_a_busy_port_says_so_before_building() {
    let site = fixture("th-en");
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = site.path().to_str().unwrap();
    let (code, out, err) = sala_in("en", &["serve", "--root", root, "--port", &port]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        err,
        format!("error: port {port} on 127.0.0.1 is already in use, perhaps by another `sala serve`\n    hint: stop the other program, or choose another port: `sala serve --port 0` picks a free one\n")
    );
    assert!(!site.path().join("public").exists(), "built before failing");
    let (_, _, err) = sala_in("th", &["serve", "--root", root, "--port", &port]);
    assert!(
        err.starts_with(&format!(
            "ข้อผิดพลาด: พอร์ต {port} บน 127.0.0.1 มีโปรแกรมอื่นใช้อยู่แล้ว"
        )),
        "{err}"
    );
}

#[test]
fn build_counts_one_page_in_the_singular() {
    let site = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::support::repo().join("tests/fixtures/th-en/site.toml"),
        site.path().join("site.toml"),
    )
    .unwrap();
    crate::support::copy_dir(
        &crate::support::repo().join("themes"),
        &site.path().join("themes"),
    );
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(
        site.path().join("content/about.th.md"),
        "---\ntitle: เกี่ยวกับ\ndate: 2024-01-01\n---\nเนื้อหา\n",
    )
    .unwrap();
    let (code, _, err) = sala_in(
        "en",
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--no-index",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.starts_with("built 1 content page, "), "{err}");
    assert!(!err.contains("1 HTML files"), "{err}");
}

#[test]
fn check_into_a_closed_pipe_keeps_its_verdict() {
    let site = fixture("check");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(["check", "--root", site.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    // The site has errors: non-zero, and no panic about the pipe.
    assert_eq!(status.code(), Some(1), "{err}");
    assert_eq!(err, "");
}

/// Marks cover whole words (issue #19: "ประสบ[การ]ณ์"), through `sala search` on the
/// sample site: a Thai query word inside a longer word marks that word, and an English
/// mark is a whole token.
#[test]
fn search_marks_whole_words() {
    let (site, _) = crate::support::build_sample(&[]);
    // build_sample leaves the index out; search needs it.
    let (ok, _, err) = sala(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    let search = |query: &str| {
        let (code, out, err) = sala_in(
            "en",
            &[
                "search",
                "--root",
                site.path().to_str().unwrap(),
                "--json",
                "--limit",
                "30",
                query,
            ],
        );
        assert_eq!(code, Some(0), "{err}");
        out
    };
    let out = search("ประสบ");
    assert!(out.contains("<mark>ประสบการณ์</mark>"), "{out}");
    assert!(out.contains("<mark>ผู้ประสบภัย</mark>"), "{out}");
    assert!(!out.contains("<mark>ประสบ</mark>การณ์"), "{out}");
    let out = search("น้ำ");
    assert!(out.contains("<mark>น้ำหนัก</mark>"), "{out}");
    assert!(!out.contains("<mark>น้ำ</mark>หนัก"), "{out}");
    let out = search("waste");
    assert!(out.contains("<mark>waste</mark>"), "{out}");
    // No mark starts or ends inside a run of Latin letters.
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    for hit in hits.as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        for (i, _) in snippet.match_indices("<mark>") {
            let before = snippet[..i].chars().next_back().unwrap_or(' ');
            assert!(!before.is_ascii_alphabetic(), "{snippet}");
        }
        for (i, m) in snippet.match_indices("</mark>") {
            let after = snippet[i + m.len()..].chars().next().unwrap_or(' ');
            assert!(!after.is_ascii_alphabetic(), "{snippet}");
        }
    }
}

/// clap's own usage errors are told as Sala's: in the reader's language, with the
/// command that was typed, the allowed values or the nearest option, and exit 2.
#[test]
fn usage_errors_are_told_in_the_readers_language_with_the_allowed_values() {
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["new", "nosuch", "x"],
            "error: invalid value `nosuch` for <KIND>\n    hint: use one of: guide, case, forum, page\n",
            "ข้อผิดพลาด: ใช้ `nosuch` เป็นค่าของ <KIND> ไม่ได้\n    คำแนะนำ: ใช้ค่าใดค่าหนึ่งต่อไปนี้: guide, case, forum, page\n",
        ),
        (
            &["new", "guide"],
            "error: `sala new` also needs <SLUG>\n    hint: write it as `sala new [OPTIONS] <KIND> <SLUG>`; see `sala new --help`\n",
            "ข้อผิดพลาด: คำสั่ง `sala new` ต้องระบุ <SLUG> ด้วย\n    คำแนะนำ: รูปแบบคำสั่งคือ `sala new [OPTIONS] <KIND> <SLUG>` ดูวิธีใช้ด้วย `sala new --help`\n",
        ),
        (
            &["build", "--draft"],
            "error: `sala build` has no option `--draft`\n    hint: did you mean `--drafts`?\n",
            "ข้อผิดพลาด: คำสั่ง `sala build` ไม่มีตัวเลือก `--draft`\n    คำแนะนำ: หมายถึง `--drafts` หรือไม่\n",
        ),
        (
            &["biuld"],
            "error: `sala` has no command `biuld`\n    hint: did you mean `sala build`? The commands: build, serve, check, init, new, search, comments, help\n",
            "ข้อผิดพลาด: `sala` ไม่มีคำสั่ง `biuld`\n    คำแนะนำ: หมายถึง `sala build` หรือไม่ คำสั่งที่มี: build, serve, check, init, new, search, comments, help\n",
        ),
        (
            &["serve", "--port", "abc"],
            "error: invalid value `abc` for --port <PORT>\n    hint: --port <PORT> takes a number, written with the digits 0-9; see `sala serve --help`\n",
            "ข้อผิดพลาด: ใช้ `abc` เป็นค่าของ --port <PORT> ไม่ได้\n    คำแนะนำ: --port <PORT> ต้องเป็นตัวเลข เขียนด้วยเลขอารบิก 0-9 ดูวิธีใช้ด้วย `sala serve --help`\n",
        ),
    ];
    for (args, en, th) in cases {
        for (lang, want) in [("en", en), ("th", th)] {
            let (code, out, err) = sala_in(lang, args);
            assert_eq!(
                (code, out.as_str(), err.as_str()),
                (Some(2), "", want),
                "{args:?} {lang}"
            );
        }
    }
    // The language also comes from LANG, as for every other message.
    let out = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(["new", "nosuch", "x"])
        .env("LANG", "th_TH.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("SALA_LANG")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), cases[0].2);
}
