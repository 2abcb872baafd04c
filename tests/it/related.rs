//! Related pages on the sample site: every case study links to at least three pages
//! like it, in the static HTML (so with JavaScript off too), each link resolving to a
//! page of the site, none to itself, and the pages about the same problem first.

use std::path::{Path, PathBuf};

use crate::support::{build_sample, read};

/// The hrefs of the related-pages block of a built page, if it has one.
fn related_links(html: &str) -> Option<Vec<String>> {
    let start = html.find("<nav class=\"related\"")?;
    let block = &html[start..start + html[start..].find("</nav>")?];
    Some(
        block
            .split("href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').expect("closing quote")].to_owned())
            .collect(),
    )
}

fn case_pages(public: &Path, prefix: &str) -> Vec<PathBuf> {
    let dir = public.join(prefix).join("cases");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path().join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_case_study_links_to_three_related_pages_that_resolve() {
    let (_dir, public) = build_sample(&[]);
    let mut checked = 0;
    for prefix in ["", "en"] {
        for page in case_pages(&public, prefix) {
            let html = read(&page);
            let links = related_links(&html)
                .unwrap_or_else(|| panic!("{}: no related pages block", page.display()));
            assert!(
                (3..=5).contains(&links.len()),
                "{}: {} related links",
                page.display(),
                links.len()
            );
            let folder = page.parent().expect("page folder");
            for href in &links {
                let target = folder.join(href);
                let target = target
                    .canonicalize()
                    .unwrap_or_else(|e| panic!("{}: {href} does not resolve: {e}", page.display()));
                assert!(
                    target.starts_with(public.canonicalize().unwrap()),
                    "{href} leaves the site"
                );
                assert_ne!(
                    target,
                    page.canonicalize().unwrap(),
                    "{}: links to itself",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} case pages");
}

#[test]
fn the_waste_cases_relate_to_each_other_first() {
    let (_dir, public) = build_sample(&[]);
    let html = read(&public.join("cases/chum-phae-waste-cluster/index.html"));
    let links = related_links(&html).expect("related block");
    assert!(
        links[..2]
            .iter()
            .any(|l| l.contains("khon-kaen-waste-to-energy")),
        "{links:?}"
    );
    assert!(
        links[..2]
            .iter()
            .any(|l| l.contains("provincial-forum-waste-cluster")),
        "{links:?}"
    );
    assert!(html.contains("<h2 id=\"related-title\">เรื่องที่เกี่ยวข้อง</h2>"));
}
