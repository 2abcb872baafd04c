//! Under `--messages th` every message is Thai: a table of failing commands, one or more
//! per kind of message, whose every line must hold Thai letters once the location and
//! the technical tokens around it are set aside.

use std::process::Command;

use crate::support::{fixture, sala};

/// Whether `s` has a Thai letter (ก to ฮ).
fn has_thai(s: &str) -> bool {
    s.chars().any(|c| ('\u{e01}'..='\u{e2e}').contains(&c))
}

fn run_th(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(args)
        .args(["--messages", "th"])
        .output()
        .expect("run sala");
    assert!(!out.status.success(), "{args:?} should fail");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every message and hint line of `out` has Thai words of its own, not only the
/// "ข้อผิดพลาด:" in front of English.
fn assert_thai(what: &str, out: &str) {
    assert!(!out.trim().is_empty(), "{what}: no output");
    for line in out.lines() {
        let is_table_row = line.starts_with("  ") && !line.starts_with("    คำแนะนำ:");
        if line.trim().is_empty() || is_table_row {
            continue;
        }
        let text = ["ข้อผิดพลาด: ", "คำเตือน: ", "คำแนะนำ: "]
            .iter()
            .find_map(|m| line.split_once(m).map(|(_, rest)| rest))
            .unwrap_or(line);
        let text = text.replace("ส่วนหัว (front matter): ", "");
        assert!(has_thai(&text), "{what}: not Thai: {line}\n{out}");
    }
}

#[test]
fn every_message_is_thai_under_messages_th() {
    // Builds that fail, one fixture per kind of content problem.
    for name in [
        "bad-date",
        "bad-yaml",
        "broken-link",
        "missing-template",
        "multiple-errors",
        "unknown-district",
        "unknown-field",
        "front-matter",
        "site-address-link",
    ] {
        let site = fixture(&format!("invalid/{name}"));
        let root = site.path().to_str().unwrap();
        assert_thai(name, &run_th(&["build", "--no-index", "--root", root]));
    }
    let site = fixture("check");
    let root = site.path().to_str().unwrap();
    assert_thai("check", &run_th(&["check", "--root", root]));

    // sala search: no site, no index, then filters the site does not have.
    let empty = tempfile::tempdir().unwrap();
    let nowhere = empty.path().to_str().unwrap();
    assert_thai(
        "search, no site",
        &run_th(&["search", "--root", nowhere, "ขยะ"]),
    );
    let site = fixture("th-en");
    let root = site.path().to_str().unwrap();
    assert_thai(
        "search, no index",
        &run_th(&["search", "--root", root, "ขยะ"]),
    );
    let (ok, _, err) = sala(&["build", "--root", root]);
    assert!(ok, "{err}");
    for filter in [["--district", "9999"], ["--topic", "nosuch"]] {
        let mut args = vec!["search", "--root", root];
        args.extend(filter);
        args.push("ขยะ");
        assert_thai(filter[0], &run_th(&args));
    }

    // sala new: a bad slug, a file that exists, a language the site lacks.
    assert_thai(
        "new, slug",
        &run_th(&["new", "guide", "Bad Slug", "--root", root]),
    );
    assert_thai(
        "new, exists",
        &run_th(&["new", "guide", "plan", "--root", root]),
    );
    assert_thai(
        "new, no site",
        &run_th(&["new", "guide", "x", "--root", nowhere]),
    );
    let site_toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(
        &site_toml,
        text.replace("languages = [\"th\", \"en\"]", "languages = [\"th\"]"),
    )
    .unwrap();
    assert_thai(
        "new, language",
        &run_th(&["new", "guide", "x", "--lang", "en", "--root", root]),
    );

    // sala serve: a folder that is not there, a busy port.
    let gone = empty.path().join("gone");
    assert_thai(
        "serve, no folder",
        &run_th(&["serve", "--port", "0", "--root", gone.to_str().unwrap()]),
    );
    // sala comments: a comment that is not there, a user name that cannot be one.
    let comments = fixture("comments-site");
    let croot = comments.path().to_str().unwrap();
    let db = comments.path().join("test.sqlite");
    let db = db.to_str().unwrap();
    assert_thai(
        "comments, approve",
        &run_th(&["comments", "--root", croot, "--db", db, "approve", "999"]),
    );
    assert_thai(
        "comments, user name",
        &run_th(&[
            "comments",
            "--root",
            croot,
            "--db",
            db,
            "add-admin",
            "--username",
            "",
        ]),
    );
    // Usage errors, which clap would say in English: a value not allowed, a missing
    // argument, an unknown option, an unknown command, a number that is not one.
    for args in [
        &["new", "nosuch", "x"][..],
        &["new", "guide"],
        &["build", "--nosuch"],
        &["biuld"],
        &["serve", "--port", "abc"],
        &["search", "--facets", "ขยะ"],
        &["comments", "frobnicate"],
    ] {
        assert_thai(&args.join(" "), &run_th(args));
    }
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    assert_thai(
        "serve, port",
        &run_th(&["serve", "--port", &port, "--root", root]),
    );
}

/// Every message the comments companion can answer a reader or a moderator with (a
/// refusal of each kind, the limits, a stale CSRF token, a lost session) has a Thai
/// text with Thai words and an English one, in the default theme that `sala` embeds.
#[test]
fn every_companion_message_exists_in_thai_and_english() {
    let strings = |lang: &str| -> std::collections::BTreeMap<String, String> {
        let path = crate::support::repo().join(format!("themes/default/i18n/{lang}.yaml"));
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (th, en) = (strings("th"), strings("en"));
    let errors = sala::comments::http::AppError::every_kind();
    assert!(errors.len() > 20, "{}", errors.len());
    for e in errors {
        let key = e.message_key();
        let thai = th.get(key).unwrap_or_else(|| panic!("{key}: no Thai text"));
        let english = en
            .get(key)
            .unwrap_or_else(|| panic!("{key}: no English text"));
        assert!(has_thai(thai), "{key}: {thai}");
        assert!(
            !has_thai(english) && !english.trim().is_empty(),
            "{key}: {english}"
        );
        // A refusal of its own kind says something of its own, not only "try again".
        if !matches!(
            e,
            sala::comments::http::AppError::Internal(_)
                | sala::comments::http::AppError::UnsupportedMediaType
                | sala::comments::http::AppError::Invalid(
                    sala::comments::validate::Invalid::BadJson
                        | sala::comments::validate::Invalid::BadForm
                        | sala::comments::validate::Invalid::Parent
                )
        ) {
            assert_ne!(
                key, "comments_err_generic",
                "{e:?} has no message of its own"
            );
        }
    }
}

/// `sala help …` or `sala … --help`, with the environment of a reader whose `LANG` is
/// `lang_env`; `messages` adds `--messages`.
fn help_text(command: &[String], lang_env: &str, messages: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sala"));
    cmd.args(command).arg("--help");
    if let Some(m) = messages {
        cmd.args(["--messages", m]);
    }
    let out = cmd
        .env("LANG", lang_env)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("SALA_LANG")
        .output()
        .expect("run sala");
    assert!(out.status.success(), "{command:?} --help failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The commands a help text lists under its "commands" heading.
fn commands_listed(help: &str, heading: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != heading)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Under `--messages th` or a Thai `LANG`, the help of sala and of every command it
/// lists (walked from the help itself, so a new command is covered) is Thai: every
/// line holds Thai letters. Under an English `LANG` no line does, so the two texts,
/// written side by side in the source, are both there and not mixed.
#[test]
fn every_help_text_is_thai_in_thai_and_english_in_english() {
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(command) = todo.pop() {
        let what = format!("sala {} --help", command.join(" "));
        for th in [
            help_text(&command, "C.UTF-8", Some("th")),
            help_text(&command, "th_TH.UTF-8", None),
        ] {
            assert_eq!(th.lines().next().map(has_thai), Some(true), "{what}:\n{th}");
            for line in th.lines().filter(|l| !l.trim().is_empty()) {
                assert!(has_thai(line), "{what}: a line with no Thai: {line}\n{th}");
            }
        }
        let en = help_text(&command, "en_US.UTF-8", None);
        assert!(!has_thai(&en), "{what}: Thai in the English help:\n{en}");
        assert!(en.contains("Options:"), "{what}:\n{en}");
        let th = help_text(&command, "C.UTF-8", Some("th"));
        let listed = commands_listed(&th, "คำสั่ง:");
        assert_eq!(listed, commands_listed(&en, "Commands:"), "{what}");
        for sub in listed {
            todo.push(command.iter().cloned().chain([sub]).collect());
        }
        seen += 1;
    }
    // sala, its 8 commands and the 9 of `sala comments`.
    assert!(seen >= 18, "only {seen} help texts walked");
}
