//! Bad input gives one message per problem with the file, the line and a hint, and the
//! build exits non-zero without touching the previous output.

use crate::support::{fixture, read, sala};

fn build_err(name: &str) -> String {
    let site = fixture(&format!("invalid/{name}"));
    let (ok, _, err) = sala(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--no-index",
    ]);
    assert!(!ok, "{name}: build should fail");
    assert!(
        !site.path().join("public").exists(),
        "{name}: no output on failure"
    );
    err
}

#[test]
fn broken_link_names_file_and_line() {
    let err = build_err("broken-link");
    assert!(
        err.contains("content/guides/a.th.md:7: error: broken link `../cases/nowhere.md`"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn bad_yaml_names_file_and_line() {
    let err = build_err("bad-yaml");
    assert!(
        err.contains("content/guides/a.th.md:5:1: error: front matter:"),
        "{err}"
    );
}

#[test]
fn unknown_field_lists_the_allowed_ones() {
    let err = build_err("unknown-field");
    assert!(
        err.contains("content/guides/a.th.md:4:1: error: front matter: unknown field `distrcts`"),
        "{err}"
    );
    assert!(err.contains("expected one of `title`, `date`"), "{err}");
}

#[test]
fn buddhist_era_date_gets_a_conversion_hint() {
    let err = build_err("bad-date");
    assert!(
        err.contains(
            "content/guides/a.th.md:3: error: `date: 2567-03-02` looks like a Buddhist Era year"
        ),
        "{err}"
    );
    assert!(err.contains("2024-03-02"), "{err}");
}

#[test]
fn unknown_district_points_at_its_line() {
    let err = build_err("unknown-district");
    assert!(
        err.contains("content/cases/a.th.md:6: error: unknown districts `4099`"),
        "{err}"
    );
    assert!(err.contains("4005 Chum Phae"), "{err}");
}

#[test]
fn missing_template_lists_the_theme_templates() {
    let err = build_err("missing-template");
    assert!(
        err.contains("content/landing.th.md:1: error: template `landing.html` not found"),
        "{err}"
    );
    assert!(err.contains("guide.html"), "{err}");
}

#[test]
fn one_build_reports_every_problem() {
    let err = build_err("multiple-errors");
    assert!(
        err.contains("content/guides/a.th.md:5: error: broken link `missing.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/guides/b.th.md:3: error: `date: 2024-13-01` is not a valid date"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn messages_follow_lang_in_thai() {
    let site = fixture("invalid/broken-link");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(["build", "--root", site.path().to_str().unwrap()])
        .env("LANG", "th_TH.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ข้อผิดพลาด: ลิงก์เสีย"), "{err}");
    assert!(err.contains("พบปัญหา 1 รายการ"), "{err}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = fixture("th-en");
    let public = crate::support::build_ok(site.path());
    let before = read(&public.join("guides/plan/index.html"));
    // Break one page, rebuild: the build fails and public/ is exactly as it was.
    let page = site.path().join("content/guides/plan.en.md");
    let text = read(&page).replace("title: Preparing", "titel: Preparing");
    std::fs::write(&page, text).unwrap();
    let (ok, _, err) = sala(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--no-index",
    ]);
    assert!(!ok);
    assert!(err.contains("content/guides/plan.en.md:2:1"), "{err}");
    assert_eq!(read(&public.join("guides/plan/index.html")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("sala-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary output left behind");
}
