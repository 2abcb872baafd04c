//! A rebuild that renders only what changed, and keeps the rest of the previous output,
//! makes exactly what a cold build of the same sources makes; and it is the rebuild
//! that runs when only a page's own text or comments changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{copy_dir, fixture, read, sala};

/// `sala build --root <root>`, with the search index; returns what it printed.
fn build(root: &Path) -> String {
    let (ok, _, err) = sala(&["build", "--root", root.to_str().expect("utf-8 path")]);
    assert!(ok, "build failed:\n{err}");
    err
}

fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("prefix").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// Builds a copy of `site`'s sources from nothing and compares the outputs file by file.
fn assert_same_as_cold(site: &Path, step: &str) {
    let cold = tempfile::tempdir().expect("tempdir");
    for dir in ["content", "themes"] {
        copy_dir(&site.join(dir), &cold.path().join(dir));
    }
    std::fs::copy(site.join("site.toml"), cold.path().join("site.toml")).expect("site.toml");
    build(cold.path());
    let warm = files(&site.join("public"));
    let cold = files(&cold.path().join("public"));
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&warm), names(&cold), "{step}: not the same files");
    for (rel, bytes) in &warm {
        assert!(
            bytes == &cold[rel],
            "{step}: {} differs from a cold build's",
            rel.display()
        );
    }
}

fn edit(root: &Path, rel: &str, change: impl Fn(String) -> String) {
    let path = root.join(rel);
    std::fs::write(&path, change(read(&path))).expect("edit");
}

#[test]
fn a_rebuild_that_keeps_files_makes_what_a_cold_build_makes() {
    let site = fixture("th-en");
    let root = site.path();
    // Two builds, so that the rebuilds below start from a kept generation as well as
    // the live one.
    build(root);
    build(root);

    type Step<'a> = (&'a str, bool, Box<dyn Fn(&Path)>);
    let steps: Vec<Step> = vec![
        ("nothing changed", true, Box::new(|_: &Path| {})),
        (
            "a paragraph added to a Thai guide",
            true,
            Box::new(|r: &Path| {
                edit(r, "content/guides/plan.th.md", |t| {
                    t + "\nย่อหน้าที่เพิ่มเข้ามาใหม่ในคู่มือ\n"
                })
            }),
        ),
        (
            "the same guide edited again",
            true,
            Box::new(|r: &Path| {
                edit(r, "content/guides/plan.th.md", |t| {
                    t.replace("ย่อหน้าที่เพิ่มเข้ามาใหม่", "ย่อหน้าที่แก้อีกครั้ง")
                })
            }),
        ),
        (
            "a comment's text changed",
            true,
            Box::new(|r: &Path| {
                edit(r, "content/comments/guides/plan.yaml", |t| {
                    t.replace("เห็นด้วยครับ", "เห็นด้วยทุกข้อครับ")
                })
            }),
        ),
        (
            "a forum without a summary, whose list excerpt comes from its body",
            false,
            Box::new(|r: &Path| {
                edit(r, "content/forums/forum.en.md", |t| {
                    t.replace("Agreed.", "Agreed by all.")
                })
            }),
        ),
        (
            "a case's title",
            false,
            Box::new(|r: &Path| {
                edit(r, "content/cases/waste.th.md", |t| {
                    t.replacen("title: ", "title: (แก้ไข) ", 1)
                })
            }),
        ),
        (
            "an image the guide shows",
            false,
            Box::new(|r: &Path| {
                edit(r, "content/images/flow.svg", |t| {
                    t.replace("</svg>", "<!-- edited --></svg>")
                })
            }),
        ),
        (
            "a template",
            false,
            Box::new(|r: &Path| {
                edit(r, "themes/default/templates/guide.html", |t| {
                    t + "\n{# an edit that changes nothing shown #}\n"
                })
            }),
        ),
        (
            "a new page",
            false,
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/guides/new.en.md"),
                    "---\ntitle: A new guide\ndate: 2025-05-01\nsummary: New.\n---\nText.\n",
                )
                .expect("new page")
            }),
        ),
        (
            "the new page's body",
            true,
            Box::new(|r: &Path| edit(r, "content/guides/new.en.md", |t| t + "More text.\n")),
        ),
        (
            "the new page removed",
            false,
            Box::new(|r: &Path| {
                std::fs::remove_file(r.join("content/guides/new.en.md")).expect("remove")
            }),
        ),
    ];
    for (step, keeps, change) in steps {
        change(root);
        let said = build(root);
        assert_eq!(
            said.contains("kept"),
            keeps,
            "{step}: the build should {}keep the previous output's files:\n{said}",
            if keeps { "" } else { "not " }
        );
        assert_same_as_cold(root, step);
    }
}

/// The kept generation can be stale in any file: the live output's copy is taken then.
#[test]
fn a_rebuild_takes_the_live_copy_where_the_kept_generation_is_stale() {
    let site = fixture("th-en");
    let root = site.path();
    build(root);
    edit(root, "content/guides/plan.th.md", |t| t + "\nรอบแรก\n");
    build(root);
    // The kept generation (two builds back) has the guide without "รอบแรก"; the
    // English guide is the next edit, so the Thai one must come from the live output.
    edit(root, "content/guides/plan.en.md", |t| {
        t + "\nSecond round.\n"
    });
    let said = build(root);
    assert!(said.contains("kept"), "{said}");
    assert!(read(&root.join("public/guides/plan/index.html")).contains("รอบแรก"));
    assert_same_as_cold(root, "an edit two builds back");
}
