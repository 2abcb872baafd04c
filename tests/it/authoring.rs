//! `sala check` and `sala new`, as a staff author uses them.

use crate::support::{build_ok, fixture, read, run_build, sala};

fn check(site: &std::path::Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["check", "--root", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (ok, out, err) = sala(&args);
    (ok, format!("{out}{err}"))
}

#[test]
fn check_reports_each_finding_with_file_and_line() {
    let site = fixture("check");
    let (ok, out) = check(site.path(), &[]);
    assert!(!ok, "problems must fail the check");
    for needle in [
        // Internal links and anchors.
        "content/guides/links.th.md:8:16: error: broken link `nowhere.md`",
        "content/guides/links.th.md:10:18: error: broken link `orphan.md#ไม่มี`: content/guides/orphan.th.md has no heading with id `ไม่มี`",
        "content/guides/links.th.md:14:9: error: broken link `#ไม่มีหัวข้อนี้`",
        // Front matter vocabularies.
        "content/guides/links.th.md:4: error: unknown topics `wastes`",
        "content/cases/district.th.md:4: error: unknown districts `4030`",
        // Images without alt text.
        "content/guides/links.th.md:12: error: image `../images/none.svg` has no alt text",
        // Duplicate slugs.
        "content/guides/dup.th.md: error: duplicate page: `guides/dup` is also written by content/guides/dup/index.th.md",
        // Comments for a page that is gone.
        "content/comments/guides/deleted-page.yaml: error: comments for `guides/deleted-page/`",
        // Orphans are warnings.
        "content/cases/district.th.md: warning: no other page links to `cases/district`",
        // Missing translations, a table per language.
        "Pages missing in `en` (3):",
        "Pages missing in `th` (1):",
        "9 errors, 2 warnings",
    ] {
        assert!(out.contains(needle), "missing {needle}\n{out}");
    }
    assert!(
        out.contains("guides/english-only  guide  Only in English"),
        "{out}"
    );
}

#[test]
fn check_speaks_json_for_scripts() {
    let site = fixture("check");
    let (ok, out) = check(site.path(), &["--json"]);
    assert!(!ok);
    let json: serde_json::Value =
        serde_json::from_str(&out[..out.rfind('}').unwrap() + 1]).expect("json");
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 9);
    assert!(errors
        .iter()
        .any(|e| e["file"] == "content/guides/links.th.md" && e["line"] == 8));
    assert_eq!(
        json["missing_translations"]["th"][0]["key"],
        "guides/english-only"
    );
    assert_eq!(json["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn check_passes_on_a_clean_site_and_strict_fails_on_warnings() {
    let site = fixture("th-en");
    let (ok, out) = check(site.path(), &[]);
    assert!(ok, "{out}");
    assert!(out.contains("0 errors"), "{out}");
    let lonely = site.path().join("content/forums/lonely.th.md");
    std::fs::write(
        &lonely,
        "---\ntitle: ไม่มีใครลิงก์มา\ndate: 2024-01-01\n---\nเนื้อหา\n",
    )
    .unwrap();
    let (ok, out) = check(site.path(), &[]);
    assert!(ok, "warnings alone pass: {out}");
    let (ok, _) = check(site.path(), &["--strict"]);
    assert!(!ok, "--strict fails on warnings");
}

/// Issue #24: an author's raw HTML left broken is a warning with the file and the line,
/// in English and in Thai; the build still succeeds, as browsers repair it.
#[test]
fn check_warns_about_broken_raw_html_with_file_and_line() {
    let site = fixture("raw-html");
    build_ok(site.path());
    let (ok, out) = check(site.path(), &[]);
    assert!(ok, "warnings alone pass: {out}");
    for needle in [
        "content/guides/note.th.md:9: warning: raw HTML: `<div>` is opened here and never closed",
        "hint: close it with `</div>`",
        "content/guides/note.en.md:11: warning: raw HTML: `<div>` is opened here and never closed",
        "content/guides/note.en.md:9: warning: raw HTML that is not valid HTML5: an end tag that matches no open element",
        "0 errors, 3 warnings",
    ] {
        assert!(out.contains(needle), "missing {needle}\n{out}");
    }
    let (ok, out) = check(site.path(), &["--messages", "th"]);
    assert!(ok, "{out}");
    for needle in [
        "content/guides/note.th.md:9: คำเตือน: HTML ที่เขียนเอง: แท็ก `<div>` เปิดไว้ที่บรรทัดนี้แต่ไม่ได้ปิด",
        "คำแนะนำ: ให้ปิดด้วย `</div>`",
        "content/guides/note.en.md:9: คำเตือน: HTML ที่เขียนเองไม่ถูกต้องตาม HTML5: แท็กปิดที่ไม่ตรงกับแท็กเปิดใด",
        "ข้อผิดพลาด 0 รายการ, คำเตือน 3 รายการ",
    ] {
        assert!(out.contains(needle), "missing {needle}\n{out}");
    }
    let (ok, _) = check(site.path(), &["--strict"]);
    assert!(!ok, "--strict fails on them");

    // Closed, the warnings go.
    let page = site.path().join("content/guides/note.th.md");
    std::fs::write(&page, format!("{}\n</div>\n", read(&page))).unwrap();
    let (_, out) = check(site.path(), &[]);
    assert!(!out.contains("note.th.md:9"), "{out}");
}

#[test]
fn check_reports_template_errors_with_line_and_expression() {
    let site = fixture("th-en");
    let tpl = site.path().join("themes/default/templates/forum.html");
    let text = read(&tpl).replace("{{ page.forum.venue }}", "{{ page.forum.venu }}");
    std::fs::write(&tpl, text).unwrap();
    let (ok, out) = check(site.path(), &[]);
    assert!(!ok);
    let line = read(&tpl)
        .lines()
        .position(|l| l.contains("page.forum.venu }}"))
        .unwrap()
        + 1;
    assert!(
        out.contains(&format!(
            "themes/default/templates/forum.html:{line}: error: template error"
        )),
        "{out}"
    );
    assert!(out.contains("page.forum.venu"), "{out}");
}

#[test]
fn new_writes_a_page_that_builds_and_never_overwrites() {
    let site = fixture("th-en");
    let root = site.path().to_str().unwrap();
    let (ok, out, err) = sala(&["new", "case", "drought-water-sharing", "--root", root]);
    assert!(ok, "{err}");
    let path = site
        .path()
        .join("content/cases/drought-water-sharing.th.md");
    assert!(
        out.trim()
            .ends_with("content/cases/drought-water-sharing.th.md"),
        "{out}"
    );
    let text = read(&path);
    for needle in [
        "title: ชื่อเรื่อง",
        "# districts: 4001 เมืองขอนแก่น",
        "# status: planned, in-progress, solved",
        "town-municipality",
        "# problem: solid-waste (ขยะมูลฝอย)",
    ] {
        assert!(text.contains(needle), "missing {needle}\n{text}");
    }
    let (ok, _, err) = sala(&["new", "case", "drought-water-sharing", "--root", root]);
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(read(&path), text, "the file is untouched");
    for (kind, lang) in [("guide", "en"), ("forum", "th"), ("page", "en")] {
        let (ok, _, err) = sala(&["new", kind, "fresh-page", "--lang", lang, "--root", root]);
        assert!(ok, "{kind}: {err}");
    }
    let (ok, _, err) = sala(&["new", "guide", "Bad Slug", "--root", root]);
    assert!(
        !ok && err.starts_with("error: `Bad Slug` cannot be a page's file name (slug)\n    hint: use lower-case English letters"),
        "{err}"
    );
    let public = build_ok(site.path());
    assert!(public
        .join("cases/drought-water-sharing/index.html")
        .is_file());
    assert!(public.join("en/guides/fresh-page/index.html").is_file());
}

/// Advice that does not stop a build reaches the author from `sala build` too, as
/// warnings: a picture without alt text, a `sala new` title left as it was, and a
/// translation whose date or districts differ from the Thai version.
#[test]
fn build_warns_about_content_and_still_succeeds() {
    let site = fixture("th-en");
    let root = site.path();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/guides/plan.en.md",
        "date: 2025-03-02",
        "date: 2025-03-05",
    );
    edit(
        "content/forums/forum.en.md",
        "districts: [4004]",
        "districts: [4004, 4005]",
    );
    std::fs::write(
        root.join("content/draft-note.th.md"),
        "---\ntitle: ชื่อเรื่อง\ndate: 2025-01-01\n---\nเนื้อหา\n\n![](images/flow.svg)\n",
    )
    .unwrap();
    let (ok, _, err) = sala(&["build", "--root", root.to_str().unwrap(), "--no-index"]);
    assert!(ok, "{err}");
    let warnings: Vec<&str> = err
        .lines()
        .take_while(|l| !l.starts_with("built "))
        .collect();
    assert_eq!(
        warnings.join("\n"),
        "content/draft-note.th.md:2: warning: the title is still `ชื่อเรื่อง`, the placeholder `sala new` wrote
    hint: write the page's own title: `title: …`
content/draft-note.th.md:7: warning: image `images/flow.svg` has no alt text
    hint: describe the picture for readers who cannot see it: ![what it shows](path)
content/forums/forum.en.md:9: warning: `districts: [4004, 4005]` differs from the Thai version's `districts: [4004]` (content/forums/forum.th.md)
    hint: both versions are about the same districts: list the same codes in both
content/guides/plan.en.md:3: warning: `date: 2025-03-05` differs from the Thai version's `date: 2025-03-02` (content/guides/plan.th.md)
    hint: both versions tell the same story: give them the same date"
    );
    // `sala check` keeps a missing alt text an error, and lists the rest as warnings.
    let (ok, out) = check(root, &[]);
    assert!(!ok);
    assert!(out.contains("1 error, 3 warnings"), "{out}");
    // A clean site builds with no warning at all.
    let clean = fixture("th-en");
    let (ok, err) = run_build(clean.path(), &[]);
    assert!(ok && err.starts_with("built "), "{err}");
}

/// `sala new --lang en` on a slug that exists in Thai copies every shared field (date,
/// districts…) and shows the text fields to translate; the copy disagrees with the
/// Thai version on nothing, and its untranslated title is warned about.
#[test]
fn new_in_a_second_language_copies_the_shared_fields() {
    let site = fixture("invalid/site-address-link");
    let root = site.path().to_str().unwrap();
    let en = site
        .path()
        .join("content/cases/chum-phae-waste-cluster.en.md");
    std::fs::remove_file(&en).unwrap();
    let (ok, _, err) = sala(&[
        "new",
        "case",
        "chum-phae-waste-cluster",
        "--lang",
        "en",
        "--root",
        root,
    ]);
    assert!(ok, "{err}");
    assert_eq!(
        read(&en),
        "---
# Shared fields copied from the Thai version (content/cases/chum-phae-waste-cluster.th.md); translate the lines marked \"translate\".
# translate: กลุ่มจัดการขยะชุมแพ
title: Title
date: 2024-01-01
districts: [4005]
---

## The problem

## Who was involved

## What they did

## Cost

## Outcome

## Lessons
"
    );
    let (_, out, err) = sala(&["check", "--root", root]);
    let out = format!("{out}{err}");
    assert!(
        out.contains(
            "content/cases/chum-phae-waste-cluster.en.md:4: warning: the title is still `Title`"
        ),
        "{out}"
    );
    assert!(!out.contains("differs from the Thai version"), "{out}");
}
