//! What a reader on a cheap phone and a slow link pays: no request may go to another
//! host, and the first view of every page (HTML, stylesheets, scripts and the fonts the
//! page's text needs) stays under the budget. Run with `--nocapture` to see the figures.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::support::build_sample;

/// The first view of a typical page, HTML + CSS + JS + fonts, compressed as sent.
const BUDGET: usize = 120 * 1024;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// `name="value"` pairs of every tag, in order: (tag, attributes).
fn tags(html: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut out = Vec::new();
    for part in html.split('<').skip(1) {
        let Some(end) = part.find('>') else { continue };
        let src = &part[..end];
        let name: String = src
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            continue;
        }
        let mut attrs = BTreeMap::new();
        let mut rest = src;
        while let Some(eq) = rest.find("=\"") {
            let key: String = rest[..eq]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after = &rest[eq + 2..];
            let Some(q) = after.find('"') else { break };
            attrs.insert(key.to_ascii_lowercase(), after[..q].to_string());
            rest = &after[q + 1..];
        }
        out.push((name.to_ascii_lowercase(), attrs));
    }
    out
}

fn is_other_host(v: &str) -> bool {
    let v = v.trim();
    v.starts_with("//")
        || v.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric())
                && !matches!(s, "data" | "mailto" | "tel")
        })
}

/// Every `url(…)` and `@import "…"` in CSS text.
fn css_urls(css: &str) -> Vec<String> {
    let mut out: Vec<String> = css
        .match_indices("url(")
        .map(|(i, _)| {
            css[i + 4..]
                .split(')')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'', ' '])
                .to_string()
        })
        .collect();
    for (i, _) in css.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            out.push(rest[1..].split(q).next().unwrap_or("").to_string());
        }
    }
    out
}

/// Resources that load by themselves from a page: everything but links to follow.
fn loaded_urls(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (tag, attrs) in tags(html) {
        for (k, v) in &attrs {
            let loads = match k.as_str() {
                "src" | "poster" | "data" => true,
                "srcset" => {
                    for candidate in v.split(',') {
                        let url = candidate.split_whitespace().next().unwrap_or("");
                        out.push((format!("<{tag} srcset>"), url.to_string()));
                    }
                    false
                }
                "href" => tag == "link" && attrs.get("rel").is_none_or(|r| r != "canonical"),
                "style" => {
                    for u in css_urls(v) {
                        out.push((format!("<{tag} style>"), u));
                    }
                    false
                }
                _ => false,
            };
            if loads {
                out.push((format!("<{tag} {k}>"), v.clone()));
            }
        }
    }
    for block in html.split("<style").skip(1) {
        let css = block.split("</style>").next().unwrap_or("");
        for u in css_urls(css) {
            out.push(("<style>".into(), u));
        }
    }
    out
}

/// Every place in the built site that would make a browser contact another host.
fn foreign_requests(public: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(public).unwrap().display().to_string();
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        let text = match ext {
            "html" | "css" | "webmanifest" | "js" => std::fs::read_to_string(path).unwrap(),
            _ => continue,
        };
        let found: Vec<(String, String)> = match ext {
            "html" => loaded_urls(&text),
            "css" => css_urls(&text)
                .into_iter()
                .map(|u| ("url()".into(), u))
                .collect(),
            "webmanifest" => text
                .match_indices("\"src\": \"")
                .map(|(i, _)| {
                    let v = &text[i + 8..];
                    ("icon src".into(), v[..v.find('"').unwrap_or(0)].to_string())
                })
                .collect(),
            // Scripts: any absolute http(s) URL in the code is a request waiting to happen.
            _ => text
                .match_indices("http")
                .filter(|(i, _)| {
                    let s = &text[*i..];
                    (s.starts_with("https://") || s.starts_with("http://"))
                        && !text[..*i].ends_with("//")
                })
                .map(|(i, _)| ("script".into(), text[i..].chars().take(60).collect()))
                .collect(),
        };
        for (what, url) in found {
            if is_other_host(&url) {
                problems.push(format!("{rel}: {what} loads from another host: {url}"));
            }
        }
    }
    problems
}

/// One `@font-face`: its file and the code points it covers.
struct Face {
    file: PathBuf,
    ranges: Vec<(u32, u32)>,
}

fn faces(css_path: &Path, css: &str) -> Vec<Face> {
    let dir = css_path.parent().unwrap();
    css.split("@font-face")
        .skip(1)
        .filter_map(|block| {
            let block = block.split('}').next()?;
            let url = css_urls(block).into_iter().next()?;
            let ranges = block
                .split("unicode-range:")
                .nth(1)
                .map(|r| {
                    r.split(';')
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .filter_map(|p| {
                            let p = p.trim().trim_start_matches(['U', 'u', '+']);
                            let (a, b) = p.split_once('-').unwrap_or((p, p));
                            Some((
                                u32::from_str_radix(a, 16).ok()?,
                                u32::from_str_radix(b, 16).ok()?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_else(|| vec![(0, 0x10FFFF)]);
            Some(Face {
                file: dir.join(url),
                ranges,
            })
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct FirstView {
    html: usize,
    css: usize,
    js: usize,
    fonts: usize,
}

impl FirstView {
    fn total(&self) -> usize {
        self.html + self.css + self.js + self.fonts
    }
}

/// What a first visit to `page` downloads before it is read: the HTML, its stylesheets
/// (not print-only ones), its scripts, and every font face whose unicode-range covers a
/// character of the page (both weights counted: bold is used for headings). Text is
/// gzipped as a server sends it; woff2 is counted as is, already compressed.
fn first_view(page: &Path) -> FirstView {
    let html = std::fs::read_to_string(page).unwrap();
    let dir = page.parent().unwrap();
    let mut view = FirstView {
        html: gzip(html.as_bytes()),
        ..Default::default()
    };
    let text_chars: std::collections::BTreeSet<u32> = html.chars().map(u32::from).collect();
    let mut seen_fonts = std::collections::BTreeSet::new();
    for (tag, attrs) in tags(&html) {
        if tag == "link"
            && attrs.get("rel").is_some_and(|r| r == "stylesheet")
            && attrs.get("media").is_none_or(|m| m != "print")
        {
            let path = dir.join(&attrs["href"]);
            let css = std::fs::read_to_string(&path).unwrap();
            view.css += gzip(css.as_bytes());
            for face in faces(&path, &css) {
                let used = face
                    .ranges
                    .iter()
                    .any(|(a, b)| text_chars.range(a..=b).next().is_some());
                if used && seen_fonts.insert(face.file.clone()) {
                    view.fonts += std::fs::metadata(&face.file)
                        .unwrap_or_else(|e| panic!("{}: {e}", face.file.display()))
                        .len() as usize;
                }
            }
        }
        if tag == "script" {
            if let Some(src) = attrs.get("src") {
                view.js += gzip(&std::fs::read(dir.join(src)).unwrap());
            }
        }
    }
    view
}

/// The kind of a built page, from its path.
fn kind_of(rel: &str) -> Option<&'static str> {
    let rel = rel.strip_prefix("en/").unwrap_or(rel);
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["index.html"] => Some("home"),
        [s, "index.html"] if ["guides", "cases", "forums"].contains(s) => Some("list"),
        ["guides", _, "index.html"] => Some("guide"),
        ["cases", _, "index.html"] => Some("case"),
        ["forums", _, "index.html"] => Some("forum"),
        ["search", "index.html"] => Some("search"),
        _ => None,
    }
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

#[test]
fn no_request_leaves_the_site_and_first_views_fit_the_budget() {
    let (_dir, public) = build_sample(&[]);
    let problems = foreign_requests(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let mut by_kind: BTreeMap<(&str, &str), Vec<(String, FirstView)>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&public).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .display()
            .to_string();
        if let Some(kind) = kind_of(&rel) {
            let lang = if rel.starts_with("en/") { "en" } else { "th" };
            by_kind
                .entry((kind, lang))
                .or_default()
                .push((rel, first_view(entry.path())));
        }
    }
    assert!(by_kind.contains_key(&("guide", "th")) && by_kind.contains_key(&("guide", "en")));
    println!("first view (gzip; woff2 as is), budget {}:", kb(BUDGET));
    println!(
        "{:<7} {:<3} {:>5}  {:>9} {:>9} {:>9} {:>9} {:>10}  {:>10}",
        "kind", "lng", "pages", "html", "css", "js", "fonts", "typical", "largest"
    );
    let mut over = Vec::new();
    for ((kind, lang), mut pages) in by_kind {
        pages.sort_by_key(|(_, v)| v.total());
        let (_, typical) = pages[pages.len() / 2];
        let (largest_page, largest) = pages.last().cloned().unwrap();
        println!(
            "{:<7} {:<3} {:>5}  {:>9} {:>9} {:>9} {:>9} {:>10}  {:>10} ({largest_page})",
            kind,
            lang,
            pages.len(),
            kb(typical.html),
            kb(typical.css),
            kb(typical.js),
            kb(typical.fonts),
            kb(typical.total()),
            kb(largest.total()),
        );
        over.extend(
            pages
                .iter()
                .filter(|(_, v)| v.total() > BUDGET)
                .map(|(p, v)| format!("{p}: {} > {}", kb(v.total()), kb(BUDGET))),
        );
    }
    assert!(over.is_empty(), "over the budget:\n{}", over.join("\n"));
}

#[test]
fn the_checks_can_fail() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("assets")).unwrap();
    std::fs::write(
        p.join("index.html"),
        r#"<link rel="stylesheet" href="https://cdn.example/x.css"><img srcset="//img.example/a.png 2x" alt=""><div style="background:url('http://x.example/b.png')"></div><a href="https://ok.example/">fine</a><link rel="canonical" href="https://site.example/">"#,
    )
    .unwrap();
    std::fs::write(
        p.join("assets/a.css"),
        "@import 'https://fonts.example/css';\nb{background:url(data:image/png;base64,AA)}",
    )
    .unwrap();
    let problems = foreign_requests(p);
    assert_eq!(problems.len(), 4, "{problems:#?}");

    // A page whose Thai text needs a 200 KB font goes over the budget.
    std::fs::write(p.join("assets/big.woff2"), vec![0u8; 200 * 1024]).unwrap();
    std::fs::write(
        p.join("assets/s.css"),
        "@font-face{font-family:X;src:url(big.woff2);unicode-range:U+0E01-0E5B}",
    )
    .unwrap();
    std::fs::write(
        p.join("th.html"),
        r#"<link rel="stylesheet" href="assets/s.css"><p>ภาษาไทย</p>"#,
    )
    .unwrap();
    std::fs::write(
        p.join("en.html"),
        r#"<link rel="stylesheet" href="assets/s.css"><p>English</p>"#,
    )
    .unwrap();
    assert!(first_view(&p.join("th.html")).total() > BUDGET);
    assert!(
        first_view(&p.join("en.html")).total() < BUDGET,
        "unused faces are free"
    );
}
