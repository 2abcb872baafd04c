//! The bundled sample site: enough of each kind in each language, real Thai text, the
//! illustrative-content notice on every page, and taxonomy pages worth opening.

use std::collections::BTreeMap;

use crate::support::{build_ok, copy_dir, read, repo};

fn thai_chars(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{0E00}'..='\u{0E7F}').contains(c))
        .count()
}

/// The Markdown body of a content file, after its front matter.
fn body(path: &std::path::Path) -> String {
    let text = read(path);
    let rest = text.strip_prefix("---\n").expect("front matter");
    rest[rest.find("\n---\n").expect("end of front matter") + 5..].to_string()
}

#[test]
fn sample_content_has_enough_of_each_kind_in_each_language() {
    let content = repo().join("content");
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for kind in ["guides", "cases", "forums"] {
        for entry in std::fs::read_dir(content.join(kind)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".md") {
                let lang = stem.rsplit('.').next().unwrap().to_string();
                *counts.entry((kind.to_string(), lang)).or_default() += 1;
            }
        }
    }
    let get = |k: &str, l: &str| {
        counts
            .get(&(k.to_string(), l.to_string()))
            .copied()
            .unwrap_or(0)
    };
    assert!(get("guides", "th") >= 12, "{counts:?}");
    assert!(get("cases", "th") >= 12, "{counts:?}");
    assert!(get("forums", "th") >= 6, "{counts:?}");
    for kind in ["guides", "cases", "forums"] {
        let (th, en) = (get(kind, "th"), get(kind, "en"));
        assert!(en <= th, "every item exists in Thai: {kind} {counts:?}");
        // About two thirds in English, so the "not yet translated" path is real.
        let share = en as f64 / th as f64;
        assert!((0.5..0.9).contains(&share), "{kind}: {en}/{th} in English");
    }
    for page in ["_index", "about", "privacy"] {
        for lang in ["th", "en"] {
            assert!(
                content.join(format!("{page}.{lang}.md")).is_file(),
                "{page}.{lang}.md"
            );
        }
    }
}

#[test]
fn every_thai_item_has_real_thai_text() {
    let content = repo().join("content");
    for (kind, min) in [("guides", 1500), ("cases", 1500), ("forums", 800)] {
        for entry in std::fs::read_dir(content.join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".th.md") {
                let n = thai_chars(&body(&path));
                assert!(
                    n >= min,
                    "{}: {n} Thai characters, need {min}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn built_sample_site_carries_the_notice_and_full_taxonomies() {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    let (ok, err) = crate::support::run_build(dir.path(), &[]);
    assert!(ok, "{err}");
    assert!(
        !err.contains("warning"),
        "the sample builds without warnings: {err}"
    );
    let public = build_ok(dir.path());
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = read(path);
        let notice = if html.contains("<html lang=\"en\">") {
            "Illustrative sample content"
        } else {
            "ข้อมูลตัวอย่างเพื่อการสาธิตเท่านั้น"
        };
        assert!(html.contains(notice), "{} lacks the notice", path.display());
    }
    assert!(pages > 150, "{pages} pages");
    for lang_prefix in ["", "en/"] {
        for taxonomy in ["topics", "districts", "problems", "years"] {
            let dir = public.join(format!("{lang_prefix}{taxonomy}"));
            for term in std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
            {
                let html = read(&term.path().join("index.html"));
                let items = html.matches("<li class=\"item item-").count();
                assert!(
                    items >= 2,
                    "{} lists {items} item(s)",
                    term.path().display()
                );
            }
        }
    }
}
