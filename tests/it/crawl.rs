//! Opens the built site the way a browser does from file://: every internal `href` and
//! `src` must reach a file on disk (a folder is not enough without a server), every
//! `#anchor` must exist, and nothing may point at an absolute `/…` path or load an asset
//! from another host.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::{build_ok, copy_dir, fixture, repo};

/// One attribute on one tag.
struct Ref {
    tag: String,
    attr: String,
    value: String,
    rel: Option<String>,
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// A small tag scanner: enough for the HTML Sala writes (quoted attributes).
fn refs(html: &str) -> Vec<Ref> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let Some(gt) = rest.find('>') else { break };
        let tag_src = &rest[..gt];
        rest = &rest[gt..];
        let name: String = tag_src
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            continue;
        }
        let attrs = attributes(tag_src);
        let rel = attrs.get("rel").cloned();
        for attr in ["href", "src", "action"] {
            if let Some(v) = attrs.get(attr) {
                out.push(Ref {
                    tag: name.to_ascii_lowercase(),
                    attr: attr.into(),
                    value: decode(v),
                    rel: rel.clone(),
                });
            }
        }
    }
    out
}

fn attributes(tag: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name: String = rest[..eq]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        let after = &rest[eq + 2..];
        let Some(end) = after.find('"') else { break };
        map.insert(name.to_ascii_lowercase(), after[..end].to_string());
        rest = &after[end + 1..];
    }
    map
}

fn ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .map(|(i, _)| {
            let v = &html[i + 5..];
            decode(&v[..v.find('"').unwrap_or(0)])
        })
        .collect()
}

fn is_external(v: &str) -> bool {
    v.starts_with("//")
        || v.split_once(':')
            .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Every problem found in the site at `public`.
pub fn crawl(public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut cache: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let html_files: Vec<PathBuf> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(!html_files.is_empty(), "no HTML in {}", public.display());
    for file in &html_files {
        let html = std::fs::read_to_string(file).unwrap();
        let here = file.strip_prefix(public).unwrap().display().to_string();
        for r in refs(&html) {
            let v = r.value.as_str();
            if v.starts_with("mailto:") {
                continue;
            }
            if is_external(v) {
                let allowed =
                    (r.tag == "a" && r.attr == "href") || r.rel.as_deref() == Some("canonical");
                if !allowed {
                    problems.push(format!(
                        "{here}: <{} {}> loads from another host: {v}",
                        r.tag, r.attr
                    ));
                }
                continue;
            }
            if v.starts_with('/') {
                problems.push(format!("{here}: absolute path {v} breaks under file://"));
                continue;
            }
            let (path_part, fragment) = match v.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (v, None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            let target = if path_part.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap().join(path_part)
            };
            if !target.is_file() {
                problems.push(format!(
                    "{here}: <{} {}=\"{v}\"> does not reach a file",
                    r.tag, r.attr
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if target.extension().is_some_and(|x| x == "html") {
                    let target_ids = cache
                        .entry(target.clone())
                        .or_insert_with(|| ids(&std::fs::read_to_string(&target).unwrap()));
                    if !target_ids.iter().any(|i| i == f) {
                        problems.push(format!(
                            "{here}: anchor #{f} not found in {}",
                            target.display()
                        ));
                    }
                }
            }
        }
    }
    for css in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "css"))
    {
        let text = std::fs::read_to_string(css.path()).unwrap();
        for (i, _) in text.match_indices("url(") {
            let v = text[i + 4..]
                .split(')')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'', ' ']);
            if v.starts_with("data:") {
                continue;
            }
            if is_external(v) || v.starts_with('/') {
                problems.push(format!(
                    "{}: url({v}) is not relative",
                    css.path().display()
                ));
            } else if !css
                .path()
                .parent()
                .unwrap()
                .join(v.split(['?', '#']).next().unwrap_or(""))
                .is_file()
            {
                problems.push(format!(
                    "{}: url({v}) does not reach a file",
                    css.path().display()
                ));
            }
        }
    }
    problems
}

#[test]
fn fixture_site_works_from_disk() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let problems = crawl(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn sample_site_works_from_disk_and_from_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    let public = build_ok(dir.path());
    let problems = crawl(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The same files moved into a sub-folder still work: nothing depends on the root.
    let moved = dir.path().join("usb/stick/sala");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&public, &moved).unwrap();
    let problems = crawl(&moved);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn crawler_catches_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/index.html"), r##"<a href="../b/">x</a><img src="/logo.png"><script src="https://cdn.example/x.js"></script><a href="#nope">y</a><a href="https://ok.example">z</a>"##).unwrap();
    let problems = crawl(dir.path());
    assert_eq!(problems.len(), 4, "{problems:#?}");
}
