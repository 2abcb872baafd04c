//! `sala init`: a new site with no themes/ folder builds and passes `sala check --strict`
//! at once, names no organization or province, and takes them from site.toml.

use std::path::Path;

use crate::support::{read, sala};

fn all_text(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.path().display().to_string(), text))
        })
        .collect()
}

#[test]
fn init_builds_and_checks_strictly_with_the_built_in_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let d = dir.to_str().unwrap();
    let (ok, out, err) = sala(&[
        "init",
        d,
        "--title-th",
        "คลังความรู้ทดสอบ",
        "--title-en",
        "Test knowledge base",
    ]);
    assert!(ok, "{err}");
    for file in [
        "site.toml",
        ".gitignore",
        ".github/workflows/publish.yml",
        ".gitlab-ci.yml",
        "content/_index.th.md",
        "content/_index.en.md",
        "content/about.th.md",
        "content/about.en.md",
        "content/guides/example-guide.th.md",
        "content/cases/example-case.en.md",
        "content/forums/example-forum.th.md",
    ] {
        assert!(dir.join(file).is_file(), "missing {file}\n{out}");
    }
    assert!(!dir.join("themes").exists());
    let site_toml = read(&dir.join("site.toml"));
    assert!(site_toml.contains("th = \"คลังความรู้ทดสอบ\""), "{site_toml}");

    let (ok, _, err) = sala(&["build", "--root", d]);
    assert!(ok, "build: {err}");
    let (ok, out, err) = sala(&["check", "--strict", "--root", d]);
    assert!(ok, "check --strict:\n{out}\n{err}");
    let public = dir.join("public");
    assert!(
        public.join("assets/style.css").is_file(),
        "static files from the built-in theme"
    );
    assert!(public.join("sw.js").is_file());
    for (path, text) in all_text(&public) {
        for word in ["Clinic Center", "ขอนแก่น", "Khon Kaen"] {
            assert!(!text.contains(word), "`{word}` in {path}");
        }
    }
    let home = read(&public.join("index.html"));
    assert!(home.contains("คลังความรู้ทดสอบ"));
    assert!(home.contains(">เกี่ยวกับเรา</a>"), "generic about link");

    // The organization and two districts, set in site.toml, reach the footer and the
    // district pages.
    let toml = site_toml
        .replace("name.th = \"\"", "name.th = \"องค์การบริหารส่วนตำบลทดลอง\"")
        .replace(
            "name.en = \"\"",
            "name.en = \"Thotlong Subdistrict Administrative Organization\"",
        )
        + "\n[[districts]]\ncode = 5001\nth = \"อำเภอทดลองเหนือ\"\nen = \"North Thotlong\"\n\n\
           [[districts]]\ncode = 5002\nth = \"อำเภอทดลองใต้\"\nen = \"South Thotlong\"\n";
    std::fs::write(dir.join("site.toml"), toml).unwrap();
    for lang in ["th", "en"] {
        let case = dir.join(format!("content/cases/example-case.{lang}.md"));
        let text = read(&case).replace("districts: []", "districts: [5001, 5002]");
        std::fs::write(&case, text).unwrap();
    }
    let (ok, _, err) = sala(&["build", "--root", d, "--no-index"]);
    assert!(ok, "build: {err}");
    let home = read(&public.join("index.html"));
    let footer = &home[home.find("<footer").unwrap()..];
    assert!(
        footer.contains("<p>องค์การบริหารส่วนตำบลทดลอง</p>"),
        "{footer}"
    );
    assert!(
        footer.contains("เกี่ยวกับองค์การบริหารส่วนตำบลทดลอง</a>"),
        "{footer}"
    );
    let en = read(&public.join("en/index.html"));
    assert!(en.contains("<p>Thotlong Subdistrict Administrative Organization</p>"));
    assert!(read(&public.join("districts/5001/index.html")).contains("อำเภอทดลองเหนือ"));
    assert!(read(&public.join("en/districts/5002/index.html")).contains("South Thotlong"));
    let case = read(&public.join("en/cases/example-case/index.html"));
    assert!(case.contains("North Thotlong") && case.contains("South Thotlong"));
    let (ok, out, err) = sala(&["check", "--strict", "--root", d]);
    assert!(ok, "check --strict:\n{out}\n{err}");
}

#[test]
fn init_refuses_a_non_empty_folder_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().to_str().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "# mine\n").unwrap();
    let (ok, _, err) = sala(&["init", d]);
    assert!(!ok);
    assert!(
        err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    assert!(!tmp.path().join("content").exists());

    let (ok, _, err) = sala(&["init", d, "--force"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("left as it was") && err.contains("site.toml"),
        "{err}"
    );
    assert_eq!(read(&tmp.path().join("site.toml")), "# mine\n");
    assert!(tmp.path().join("content/about.th.md").is_file());
}

#[test]
fn init_with_one_language_builds_that_language_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("th-only");
    let d = dir.to_str().unwrap();
    let (ok, _, err) = sala(&["init", d, "--languages", "th"]);
    assert!(ok, "{err}");
    assert!(!dir.join("content/about.en.md").exists());
    assert!(read(&dir.join("site.toml")).contains("languages = [\"th\"]"));
    let (ok, out, err) = sala(&["check", "--strict", "--root", d]);
    assert!(ok, "{out}\n{err}");
    let (ok, _, err) = sala(&[
        "init",
        tmp.path().join("x").to_str().unwrap(),
        "--languages",
        "th,fr",
    ]);
    assert!(!ok && err.contains("th,fr"), "{err}");
}

#[test]
fn a_sites_theme_files_override_the_built_in_ones_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let d = dir.to_str().unwrap();
    let (ok, _, err) = sala(&["init", d]);
    assert!(ok, "{err}");
    let theme = dir.join("themes/default");
    std::fs::create_dir_all(theme.join("i18n")).unwrap();
    std::fs::create_dir_all(theme.join("static/assets")).unwrap();
    // One string changed; every other string still comes from the built-in file.
    std::fs::write(theme.join("i18n/th.yaml"), "about: ติดต่อเรา\n").unwrap();
    std::fs::write(theme.join("static/assets/extra.css"), "body{}\n").unwrap();
    std::fs::write(theme.join("static/assets/sala.js"), "// mine\n").unwrap();
    let (ok, _, err) = sala(&["build", "--root", d, "--no-index"]);
    assert!(ok, "{err}");
    let public = dir.join("public");
    let home = read(&public.join("index.html"));
    assert!(home.contains(">ติดต่อเรา</a>"), "the site's string");
    assert!(
        home.contains("ข้ามไปยังเนื้อหา") || home.contains("skip-link"),
        "built-in strings stay"
    );
    assert_eq!(read(&public.join("assets/sala.js")), "// mine\n");
    assert!(public.join("assets/extra.css").is_file());
    assert!(public.join("assets/style.css").is_file());

    // A key only in one language's file is still caught.
    std::fs::write(theme.join("i18n/th.yaml"), "only_in_thai: x\n").unwrap();
    let (ok, _, err) = sala(&["build", "--root", d, "--no-index"]);
    assert!(!ok && err.contains("only_in_thai"), "{err}");
}
