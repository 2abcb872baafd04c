//! Markdown to HTML with pulldown-cmark: heading ids that work for Thai, code highlighted
//! by syntect as CSS classes, and internal links recorded for checking and rewriting.
//!
//! Internal links cannot be written as final URLs here, because one body can appear at
//! two URLs (its own language, and as the fallback of the other). They are left as
//! `sala-link:N` placeholders that [`Rendered::html_for`] fills in per output page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diagnostics::{Bilingual, Diagnostic};
use crate::paths;

/// The prefix of syntect's CSS classes; the theme's `highlight.css` uses the same.
pub const HIGHLIGHT_CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const PLACEHOLDER: &str = "sala-link:";

/// What a link in a page points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// Another page, by key; `lang` is `None` for a language-neutral `x.md` link.
    Page {
        key: String,
        lang: Option<String>,
        anchor: Option<String>,
    },
    /// A file under `content/` that is copied as it is (an image, a PDF).
    Asset { path: String },
    /// A heading on the same page.
    Anchor(String),
}

#[derive(Debug, Clone, Hash)]
pub struct Link {
    pub target: LinkTarget,
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column (in characters) of the address, where it could be found in the
    /// source; of the link's `[` otherwise.
    pub column: usize,
    /// As the author wrote it, for messages.
    pub written: String,
}

#[derive(Debug, Clone, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Hash)]
pub struct Image {
    pub alt: String,
    pub line: usize,
    pub src: String,
}

/// A parsed Markdown body.
#[derive(Debug, Clone, Default, Hash)]
pub struct Rendered {
    html: String,
    /// Plain text, for search and excerpts.
    pub text: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub has_code: bool,
}

/// Where the body comes from, for resolving relative links and numbering lines.
pub struct Source<'a> {
    /// The file relative to `content/`.
    pub rel: &'a Path,
    /// The file relative to the site root, for messages.
    pub display: &'a Path,
    /// The number of lines before the body (the front matter).
    pub line_offset: usize,
    pub languages: &'a [String],
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The Markdown extensions Sala turns on; `sala check`'s raw-HTML check parses with the
/// same, so it sees the HTML blocks the renderer sees.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Parses `markdown` once. Problems (links that leave `content/`) are returned beside it.
pub fn render(markdown: &str, src: &Source) -> (Rendered, Vec<Diagnostic>) {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| src.line_offset + line_starts.partition_point(|&s| s <= offset).max(1);
    // The line and column of a link's address: messages point at what the author has to
    // change, not at the `[` that may sit a line earlier.
    let address_at = |range: &std::ops::Range<usize>, dest: &str| {
        let start = markdown
            .get(range.clone())
            .and_then(|span| span.find(&format!("]({dest}")).map(|i| i + 2))
            .map_or(range.start, |i| range.start + i);
        let line_start = line_starts[line_starts.partition_point(|&s| s <= start).max(1) - 1];
        let column = markdown
            .get(line_start..start)
            .map_or(1, |before| before.chars().count() + 1);
        (line_of(start), column)
    };

    let mut out = Rendered::default();
    let mut problems = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut seen_ids = HashSet::new();

    // State for the constructs that gather their inner text first.
    let mut heading: Option<(usize, HeadingLevel, String)> = None;
    let mut code: Option<(Option<String>, String)> = None;
    let mut image: Option<(usize, Image)> = None;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some((_, ref mut buf)) = code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, body) = code.take().unwrap_or_default();
                    out.text.push_str(&body);
                    out.text.push('\n');
                    events.push(Event::Html(highlight(&body, lang.as_deref()).into()));
                    out.has_code = true;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                        .filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
            }
            // A disabled checkbox has no label and is read as a form control; a checklist
            // in a guide is text to read, so its box is a character (WCAG 1.3.1, 4.1.2).
            Event::TaskListMarker(done) => {
                let (class, mark) = if done {
                    ("task task-done", '\u{2611}')
                } else {
                    ("task", '\u{2610}')
                };
                events.push(Event::Html(
                    format!("<span class=\"{class}\">{mark}</span> ").into(),
                ));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((events.len(), level, String::new()));
                events.push(Event::Text(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, _, text)) = heading.take() {
                    let id = unique_id(&slugify(&text), &mut seen_ids);
                    events[at] = Event::Html(
                        format!("<h{} id=\"{}\">", level as u8, escape_html(&id)).into(),
                    );
                    events.push(Event::Html(format!("</h{}>\n", level as u8).into()));
                    out.text.push_str(&text);
                    out.text.push('\n');
                    out.headings.push(Heading {
                        level: level as u8,
                        id,
                        text,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let at = address_at(&range, &dest_url);
                let dest = rewrite(&dest_url, at, src, &mut out, &mut problems);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = line_of(range.start);
                let at = address_at(&range, &dest_url);
                let dest = rewrite(&dest_url, at, src, &mut out, &mut problems);
                image = Some((
                    events.len(),
                    Image {
                        alt: String::new(),
                        line,
                        src: dest_url.to_string(),
                    },
                ));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            // pulldown-cmark writes `<img … />`; HTML has no self-closing void elements,
            // so the whole image becomes one `<img …>` (its alt text as pulldown-cmark
            // gathers it: the text of everything inside, breaks as spaces).
            Event::End(TagEnd::Image) => {
                if let Some((at, img)) = image.take() {
                    let tag = img_tag(&events[at..]);
                    events.truncate(at);
                    events.push(Event::Html(tag.into()));
                    out.images.push(img);
                } else {
                    events.push(event);
                }
            }
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                ));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, _, ref mut h)) = heading {
                    h.push_str(t);
                } else if let Some((_, ref mut img)) = image {
                    img.alt.push_str(t);
                } else {
                    out.text.push_str(t);
                }
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if heading.is_none() && image.is_none() {
                    out.text.push(' ');
                }
                if matches!(event, Event::HardBreak) && image.is_none() {
                    events.push(Event::Html("<br>\n".into()));
                } else {
                    events.push(event);
                }
            }
            Event::Rule => events.push(Event::Html("<hr>\n".into())),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.text.push('\n');
                events.push(event);
            }
            _ => events.push(event),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    (out, problems)
}

/// `<img src alt title>` for an image's events, from its `Start` to just before its
/// `End`, with the escaping pulldown-cmark uses, but no `/>`.
fn img_tag(events: &[Event]) -> String {
    let mut tag = String::from("<img src=\"");
    let Some(Event::Start(Tag::Image {
        dest_url, title, ..
    })) = events.first()
    else {
        return String::new();
    };
    let _ = pulldown_cmark_escape::escape_href(&mut tag, dest_url);
    tag.push_str("\" alt=\"");
    for event in &events[1..] {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                let _ = pulldown_cmark_escape::escape_html(&mut tag, t);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => tag.push(' '),
            _ => {}
        }
    }
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
    }
    tag.push_str("\">");
    tag
}

impl Rendered {
    /// The HTML with each internal link replaced by what `resolve` gives for it.
    pub fn html_for(&self, mut resolve: impl FnMut(&Link) -> String) -> String {
        if self.links.is_empty() {
            return self.html.clone();
        }
        let mut html = String::with_capacity(self.html.len() + 64 * self.links.len());
        let mut rest = self.html.as_str();
        while let Some(at) = rest.find(PLACEHOLDER) {
            html.push_str(&rest[..at]);
            let after = &rest[at + PLACEHOLDER.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            match after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.links.get(n))
            {
                Some(link) => html.push_str(&escape_html(&resolve(link))),
                None => html.push_str(PLACEHOLDER),
            }
            rest = &after[digits..];
        }
        html.push_str(rest);
        html
    }

    /// The raw HTML, placeholders included (for tests).
    pub fn raw_html(&self) -> &str {
        &self.html
    }
}

/// Records an internal link and returns its placeholder; leaves other URLs untouched.
fn rewrite<'a>(
    dest: &CowStr<'a>,
    (line, column): (usize, usize),
    src: &Source,
    out: &mut Rendered,
    problems: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let written = dest.to_string();
    if is_external(&written) {
        return dest.clone();
    }
    let (path_part, anchor) = match written.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (written.as_str(), None),
    };
    let target = if path_part.is_empty() {
        match anchor {
            Some(a) => LinkTarget::Anchor(a),
            None => return dest.clone(),
        }
    } else {
        let Some(resolved) = resolve_path(src.rel, path_part) else {
            problems.push(
                Diagnostic::new(
                    src.display,
                    Bilingual::new(
                        format!("link `{written}` points outside content/"),
                        format!("ลิงก์ `{written}` ชี้ออกนอกโฟลเดอร์ content/"),
                    ),
                )
                .at(line, Some(column))
                .with_hint(Bilingual::new(
                    "link to a file inside content/, relative to this file",
                    "ให้ลิงก์ไปยังไฟล์ใน content/ โดยอ้างอิงจากตำแหน่งของไฟล์นี้",
                )),
            );
            return dest.clone();
        };
        let resolved_str = paths::slash(&resolved);
        match paths::source_key(&resolved, src.languages) {
            Some((key, lang)) => LinkTarget::Page { key, lang, anchor },
            None => LinkTarget::Asset { path: resolved_str },
        }
    };
    let n = out.links.len();
    out.links.push(Link {
        target,
        line,
        column,
        written,
    });
    CowStr::from(format!("{PLACEHOLDER}{n}"))
}

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Resolves `link` against the directory of `from` (both relative to `content/`).
/// `None` when the result would leave `content/`.
pub fn resolve_path(from: &Path, link: &str) -> Option<PathBuf> {
    let base = match from.parent() {
        Some(dir) if !link.starts_with('/') => paths::slash(dir),
        _ => String::new(),
    };
    paths::normalize(&format!("{base}/{link}")).map(PathBuf::from)
}

fn highlight(code: &str, lang: Option<&str>) -> String {
    let ss = syntax_set();
    let syntax = lang.and_then(|l| ss.find_syntax_by_token(l));
    let lang_attr = lang
        .map(|l| format!(" data-lang=\"{}\"", escape_html(l)))
        .unwrap_or_default();
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
            escape_html(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, HIGHLIGHT_CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
                escape_html(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"{lang_attr}><code>{}</code></pre>\n",
        gen.finalize()
    )
}

/// A heading id that keeps Thai letters and marks, so Thai headings get readable anchors.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in text.nfc() {
        let keep = c.is_alphanumeric() || is_thai_letter_or_mark(c);
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

fn is_thai_letter_or_mark(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E5B}')
        && !matches!(c, '\u{0E2F}' | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}')
}

fn unique_id(base: &str, seen: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The first `max` characters of `text`, cut at a space where one is near.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let trimmed = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{trimmed}…")
}

/// HTML-escapes `s` with the same rules as the search snippets (one implementation for
/// pages and the browser's results).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    sala_search::snippet::escape_html(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src<'a>(rel: &'a Path, langs: &'a [String]) -> Source<'a> {
        Source {
            rel,
            display: rel,
            line_offset: 0,
            languages: langs,
        }
    }

    #[test]
    fn thai_headings_keep_their_marks() {
        assert_eq!(slugify("ขั้นตอนที่ 1 ประชาคมหมู่บ้าน"), "ขั้นตอนที่-1-ประชาคมหมู่บ้าน");
        assert_eq!(slugify("น้ำท่วม!"), "น้ำท่วม");
        assert_eq!(slugify("Why it matters?"), "why-it-matters");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn links_become_placeholders_with_lines() {
        let langs = vec!["th".to_string(), "en".to_string()];
        let rel = Path::new("guides/a.th.md");
        let (r, problems) = render(
            "x\n\n[b](../cases/b.th.md#step) [c](c.md) [ext](https://e.org)\n",
            &src(rel, &langs),
        );
        assert!(problems.is_empty());
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].line, 3);
        assert_eq!(
            r.links[0].target,
            LinkTarget::Page {
                key: "cases/b".into(),
                lang: Some("th".into()),
                anchor: Some("step".into())
            }
        );
        assert_eq!(
            r.links[1].target,
            LinkTarget::Page {
                key: "guides/c".into(),
                lang: None,
                anchor: None
            }
        );
        let html = r.html_for(|l| format!("URL{}", l.line));
        assert!(html.contains("href=\"URL3\""), "{html}");
        assert!(html.contains("https://e.org"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let langs = vec!["th".to_string()];
        let (r, _) = render(
            "```rust\nfn main() {}\n```\n",
            &src(Path::new("a.md"), &langs),
        );
        assert!(r.raw_html().contains("class=\"hl-"), "{}", r.raw_html());
        assert!(!r.raw_html().contains("style="));
        assert!(r.has_code);
    }

    #[test]
    fn void_elements_have_no_trailing_slash() {
        let langs = vec!["th".to_string()];
        let (r, _) = render(
            "a  \nb\n\n***\n\n![ภาพ *เน้น* `x`](<https://e.org/a b.png> \"t & \\\"q\\\"\") [![in](../images/c.svg)](https://e.org)\n",
            &src(Path::new("guides/a.md"), &langs),
        );
        let html = r.html_for(|_| "../../images/c.svg".into());
        assert!(!html.contains("/>"), "{html}");
        assert!(html.contains("a<br>\nb"), "{html}");
        assert!(html.contains("<hr>\n"), "{html}");
        // The same attributes pulldown-cmark writes: the URL percent-encoded, the alt text
        // the image's text without its markup, the title escaped.
        assert!(
            html.contains(
                r#"<img src="https://e.org/a%20b.png" alt="ภาพ เน้น x" title="t &amp; &quot;q&quot;">"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://e.org"><img src="../../images/c.svg" alt="in"></a>"#),
            "{html}"
        );
        assert_eq!(r.images.len(), 2);
        assert_eq!(r.images[0].alt, "ภาพ เน้น x");
    }

    #[test]
    fn links_outside_content_are_reported() {
        let langs = vec!["th".to_string()];
        let (_, problems) = render(
            "[x](../../etc/passwd)\n",
            &src(Path::new("guides/a.md"), &langs),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
    }
}
