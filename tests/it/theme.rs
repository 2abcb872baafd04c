//! The default theme's promises about language: every page declares its language, and
//! on a page (or fragment) in English every Thai word sits inside an element marked
//! `lang="th"`, so screen readers switch voice (WCAG 3.1.1 and 3.1.2).

use std::path::Path;

use crate::support::build_sample;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "!doctype",
];

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Thai text whose nearest `lang` is not Thai, with the element it sits in.
fn unmarked_thai(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack: Vec<(String, String)> = Vec::new(); // (tag, lang in force)
    let mut rest = html;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        let (tag_here, lang_here) = stack
            .last()
            .map(|(t, l)| (t.as_str(), l.as_str()))
            .unwrap_or(("", ""));
        // <title> cannot hold markup; script and style are not text.
        let skip = matches!(tag_here, "title" | "script" | "style");
        if !skip && lang_here != "th" && text.chars().any(is_thai) {
            problems.push(format!("<{tag_here}> lang={lang_here}: {}", text.trim()));
        }
        if lt == rest.len() {
            break;
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt + 1..gt.saturating_sub(1)];
        rest = &rest[gt..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(t, _)| *t == name) {
                stack.truncate(at);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let lang = tag
            .split(" lang=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .map(str::to_string)
            .unwrap_or_else(|| lang_here.to_string());
        stack.push((name, lang));
    }
    problems
}

#[test]
fn every_page_declares_its_language_and_marks_thai_inside_english() {
    let (_dir, public) = build_sample(&[]);
    let mut problems = Vec::new();
    let mut english_pages = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let rel = path.strip_prefix(&public).unwrap().display().to_string();
        let lang = html
            .split("<html lang=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or("");
        assert!(
            ["th", "en"].contains(&lang),
            "{rel}: <html lang=\"{lang}\">"
        );
        english_pages += usize::from(lang == "en");
        problems.extend(
            unmarked_thai(&html)
                .into_iter()
                .map(|p| format!("{rel}: {p}")),
        );
    }
    assert!(english_pages > 50);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check looks where it should: a known abbreviation is marked.
    let forum = std::fs::read_to_string(
        Path::new(&public).join("en/forums/flood-lessons-forum-2565/index.html"),
    )
    .unwrap();
    assert!(forum.contains("<span lang=\"th\">อปพร.</span>"));
}

#[test]
fn the_language_check_can_fail() {
    let html = r#"<html lang="en"><head><title>ไทย ok</title></head><body><p>volunteers (อสม.)</p><p lang="th">ไทย <b>ดี</b></p><a href="x" lang="en">Read <span lang="th">ไทย</span></a></body></html>"#;
    assert_eq!(unmarked_thai(html), vec!["<p> lang=en: volunteers (อสม.)"]);
}
