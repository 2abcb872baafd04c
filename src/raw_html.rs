//! Raw HTML that an author left in Markdown, checked with an HTML5 parser (html5ever, the
//! parser of Servo) for what a browser would have to repair: an element left open, an
//! end tag with nothing to close, tags closed out of order. `sala check` reports each
//! as a warning at the line of the Markdown file.
//!
//! The body is rendered with pulldown-cmark as the build does, with a comment marking
//! where each source line's output starts, and parsed as the content of a `<div>` (where
//! the theme puts it). The parser reports the line of its output; the markers turn it
//! back into a line of the file. A body with no raw HTML is not parsed: pulldown-cmark's
//! own HTML is well formed.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{local_name, ns, Attribute, ExpandedName, ParseOpts, QualName};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use sala_core::diagnostics::Bilingual;

/// One mistake: the 1-based line in the Markdown file, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: Bilingual,
    pub hint: Bilingual,
}

/// Marks the output of one source line: `<!--sala-line:N-->` and a line break, so that
/// the source line's output starts on the next line.
const MARK: &str = "sala-line:";
/// Marks the end of the body, so that what the parser closes after it is what was left
/// open.
const END: &str = "sala-end";

/// The problems in the raw HTML of `markdown`, a page body that starts after
/// `line_offset` lines of the file (its front matter).
pub fn problems(markdown: &str, line_offset: usize) -> Vec<Problem> {
    let Some((html, marks)) = render_marked(markdown, line_offset) else {
        return Vec::new();
    };
    let sink = Sink::default();
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let found = html5ever::parse_fragment(
        sink,
        opts,
        QualName::new(None, ns!(html), local_name!("div")),
        Vec::new(),
        false,
    )
    .one(StrTendril::from(html));
    let source_line = |out: u64| {
        let i = marks.partition_point(|&(o, _)| o <= out);
        match i.checked_sub(1).map(|i| marks[i]) {
            Some((o, src)) => src + (out - o) as usize,
            None => line_offset + 1,
        }
    };

    let mut out: Vec<Problem> = Vec::new();
    for (line, element) in &found.unclosed {
        out.push(unclosed(source_line(*line), element));
    }
    for e in &found.errors {
        // The parser's own note on what was open at the end says less than the list above.
        if e.after_end && !found.unclosed.is_empty() {
            continue;
        }
        out.push(parse_error(source_line(e.line), &e.message));
    }
    out.sort_by_key(|p| p.line);
    out.dedup();
    out
}

/// The body as HTML with line markers, and (output line, source line) of each marker;
/// `None` when the body has no raw HTML.
fn render_marked(markdown: &str, line_offset: usize) -> Option<(String, Vec<(u64, usize)>)> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_offset + line_starts.partition_point(|&s| s <= offset);

    let mut events: Vec<Event> = Vec::new();
    let mut raw = false;
    let mut in_block = false;
    let mut last = 0;
    for (event, range) in
        Parser::new_ext(markdown, sala_core::markdown::options()).into_offset_iter()
    {
        match &event {
            Event::Html(_) | Event::InlineHtml(_) => raw = true,
            Event::End(TagEnd::HtmlBlock) => in_block = false,
            _ => {}
        }
        // Never inside an HTML block: its lines may split one tag.
        let line = line_of(range.start);
        if !in_block && line != last {
            events.push(Event::Html(format!("<!--{MARK}{line}-->\n").into()));
            last = line;
        }
        if matches!(event, Event::Start(Tag::HtmlBlock)) {
            in_block = true;
        }
        events.push(event);
    }
    if !raw {
        return None;
    }
    events.push(Event::Html(format!("<!--{END}-->").into()));
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());

    let mut marks = Vec::new();
    let mut out_line = 1u64;
    let mut rest = html.as_str();
    let needle = format!("<!--{MARK}");
    while let Some(at) = rest.find(&needle) {
        out_line += rest[..at].matches('\n').count() as u64;
        let after = &rest[at + needle.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        // The line after the marker is the source line's first.
        if let Ok(src) = after[..digits].parse::<usize>() {
            marks.push((out_line + 1, src));
        }
        rest = &after[digits..];
    }
    Some((html, marks))
}

fn unclosed(line: usize, element: &str) -> Problem {
    Problem {
        line,
        message: Bilingual::new(
            format!("raw HTML: `<{element}>` is opened here and never closed"),
            format!("HTML ที่เขียนเอง: แท็ก `<{element}>` เปิดไว้ที่บรรทัดนี้แต่ไม่ได้ปิด"),
        ),
        hint: Bilingual::new(
            format!(
                "close it with `</{element}>`; browsers would put the rest of the page inside it"
            ),
            format!("ให้ปิดด้วย `</{element}>` มิฉะนั้นเบราว์เซอร์จะนำเนื้อหาที่เหลือทั้งหน้าไปไว้ข้างใน"),
        ),
    }
}

fn parse_error(line: usize, detail: &str) -> Problem {
    let detail = plain(detail);
    Problem {
        line,
        message: Bilingual::new(
            format!("raw HTML that is not valid HTML5: {}", detail.en),
            format!("HTML ที่เขียนเองไม่ถูกต้องตาม HTML5: {}", detail.th),
        ),
        hint: Bilingual::new(
            "close each tag, in the reverse order of opening; a browser repairs this line its own way, so the page may not look as meant",
            "ให้ปิดแท็กทุกแท็ก โดยปิดย้อนลำดับกับที่เปิด เบราว์เซอร์จะซ่อมบรรทัดนี้ตามวิธีของตัวเอง หน้าเว็บจึงอาจแสดงผลไม่ตรงกับที่ตั้งใจ",
        ),
    }
}

/// html5ever's message in an author's terms, in both languages. Its exact messages print
/// tokens with `Debug` (`Unexpected token Tag { kind: EndTag, name: Atom('div' …), … } in
/// insertion mode InBody`): the tag is taken out of them. A message not known here is
/// given as the parser wrote it.
fn plain(detail: &str) -> Bilingual {
    // Some messages come escaped (`Atom(\'div\' …)`).
    let unescaped = detail.replace("\\'", "'").replace("\\\"", "\"");
    let detail = unescaped
        .split(" in insertion mode ")
        .next()
        .unwrap_or(&unescaped);
    let name_at = |s: &str| {
        let start = s.find("Atom('")? + "Atom('".len();
        let len = s[start..].find('\'')?;
        Some(s[start..start + len].to_string())
    };
    if detail.starts_with("Unexpected token") {
        if let Some(name) = name_at(detail) {
            let slash = if detail.contains("kind: EndTag") {
                "/"
            } else {
                ""
            };
            return Bilingual::new(
                format!("`<{slash}{name}>` where it is not allowed"),
                format!("มี `<{slash}{name}>` ในตำแหน่งที่ใช้ไม่ได้"),
            );
        }
    }
    let (en, th) = match detail {
        d if d.starts_with("Unexpected characters") && d.ends_with("in table") => (
            "text inside a table but outside any cell",
            "มีข้อความอยู่ในตารางแต่ไม่อยู่ในช่องใด",
        ),
        "Found special tag while closing generic tag" => (
            "an end tag that matches no open element",
            "แท็กปิดที่ไม่ตรงกับแท็กเปิดใด",
        ),
        "Formatting element not open" => (
            "an end tag for a formatting element (such as `<b>` or `<i>`) that is not open",
            "แท็กปิดของแท็กจัดรูปแบบ (เช่น `<b>` หรือ `<i>`) ที่ไม่ได้เปิดไว้",
        ),
        "Formatting element not current node" => (
            "formatting elements (such as `<b>` and `<i>`) closed out of order",
            "ปิดแท็กจัดรูปแบบ (เช่น `<b>` และ `<i>`) สลับลำดับกัน",
        ),
        "Unacknowledged self-closing tag" => (
            "`/>` on an element that needs an end tag",
            "ใช้ `/>` กับแท็กที่ต้องมีแท็กปิด",
        ),
        "Duplicate attribute" => (
            "the same attribute twice in one tag",
            "มีแอตทริบิวต์เดียวกันซ้ำในแท็กเดียว",
        ),
        "No <p> tag to close" => ("`</p>` with no paragraph open", "มี `</p>` แต่ไม่มีย่อหน้าที่เปิดอยู่"),
        _ => {
            // `Atom('p' type=inline)` → `<p>`, wherever it is.
            let mut out = String::new();
            let mut rest = detail;
            while let Some(at) = rest.find("Atom('") {
                let Some(name) = name_at(&rest[at..]) else {
                    break;
                };
                out.push_str(&rest[..at]);
                out.push_str(&format!("<{name}>"));
                rest = match rest[at..].find(')') {
                    Some(end) => &rest[at + end + 1..],
                    None => "",
                };
            }
            out.push_str(rest);
            return Bilingual::new(out.clone(), out);
        }
    };
    Bilingual::new(en, th)
}

/// What the parser reported.
#[derive(Debug, Default)]
struct Found {
    /// Parser errors at output lines.
    errors: Vec<ParseError>,
    /// Elements still open at the end of the body: (output line of the start tag, name).
    unclosed: Vec<(u64, String)>,
}

#[derive(Debug)]
struct ParseError {
    line: u64,
    message: String,
    after_end: bool,
}

/// A node of the tree the parser builds; only what the parser asks back is kept.
#[derive(Debug)]
struct Node {
    name: Option<QualName>,
    /// The output line of its start tag.
    line: u64,
    /// A template's contents.
    contents: Option<Handle>,
}

type Handle = Rc<Node>;

/// Builds nothing: records errors, and the elements the parser closes after the end mark.
struct Sink {
    document: Handle,
    /// The name given for nodes that are not elements (never asked for).
    none: QualName,
    line: Cell<u64>,
    ended: Cell<bool>,
    found: RefCell<Found>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            document: Rc::new(Node {
                name: None,
                line: 0,
                contents: None,
            }),
            none: QualName::new(None, ns!(), local_name!("")),
            line: Cell::new(1),
            ended: Cell::new(false),
            found: RefCell::new(Found::default()),
        }
    }
}

impl Sink {
    fn node(&self, name: Option<QualName>) -> Handle {
        Rc::new(Node {
            name,
            line: self.line.get(),
            contents: None,
        })
    }
}

/// Elements whose end tag HTML lets an author leave out.
fn end_tag_optional(name: &QualName) -> bool {
    name.ns != ns!(html)
        || matches!(
            name.local.as_ref(),
            "html"
                | "body"
                | "head"
                | "p"
                | "li"
                | "dd"
                | "dt"
                | "option"
                | "optgroup"
                | "rb"
                | "rp"
                | "rt"
                | "rtc"
                | "tbody"
                | "thead"
                | "tfoot"
                | "tr"
                | "td"
                | "th"
                | "colgroup"
                | "caption"
        )
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Found;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Found {
        self.found.into_inner()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.found.borrow_mut().errors.push(ParseError {
            line: self.line.get(),
            message: msg.into_owned(),
            after_end: self.ended.get(),
        });
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> Handle {
        self.document.clone()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        target.name.as_ref().unwrap_or(&self.none).expanded()
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let contents = flags.template.then(|| self.node(None));
        Rc::new(Node {
            name: Some(name),
            line: self.line.get(),
            contents,
        })
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        if &*text == END {
            self.ended.set(true);
        }
        self.node(None)
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> Handle {
        self.node(None)
    }

    fn pop(&self, node: &Handle) {
        if !self.ended.get() {
            return;
        }
        if let Some(name) = &node.name {
            if !end_tag_optional(name) && node.line > 0 {
                let mut found = self.found.borrow_mut();
                found.unclosed.push((node.line, name.local.to_string()));
            }
        }
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        target.contents.clone().unwrap_or_else(|| self.node(None))
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn append(&self, _: &Handle, _: NodeOrText<Handle>) {}
    fn append_based_on_parent_node(&self, _: &Handle, _: &Handle, _: NodeOrText<Handle>) {}
    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}
    fn set_quirks_mode(&self, _: QuirksMode) {}
    fn append_before_sibling(&self, _: &Handle, _: NodeOrText<Handle>) {}
    fn add_attrs_if_missing(&self, _: &Handle, _: Vec<Attribute>) {}
    fn remove_from_parent(&self, _: &Handle) {}
    fn reparent_children(&self, _: &Handle, _: &Handle) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(md: &str) -> Vec<(usize, String)> {
        problems(md, 0)
            .into_iter()
            .map(|p| (p.line, p.message.en))
            .collect()
    }

    #[test]
    fn markdown_without_raw_html_is_not_parsed() {
        assert!(problems("# a\n\n| a |\n|---|\n| b |\n\n- [ ] x\n", 5).is_empty());
    }

    #[test]
    fn well_formed_raw_html_passes() {
        let md = "a <kbd>x</kbd> b<br>\n\n<details>\n<summary>s</summary>\n\n**x**\n\n</details>\n\n<div\n  class=\"n\">\n<p>y</p>\n</div>\n";
        assert_eq!(lines(md), vec![]);
    }

    #[test]
    fn an_unclosed_div_is_reported_at_its_line() {
        let md = "para\n\n<div class=\"note\">\n\nmore text\n\n## heading\n\nend\n";
        let found = problems(md, 4);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 7);
        assert!(found[0].message.en.contains("`<div>`"), "{found:?}");
        assert!(found[0].message.th.contains("`<div>`"), "{found:?}");
    }

    #[test]
    fn a_stray_end_tag_and_misnesting_are_reported() {
        let found = lines("a\n\nb </span> c\n\nd <b><i>x</b></i>\n\n</div>\n");
        assert!(found.iter().any(|(l, _)| *l == 3), "{found:?}");
        assert!(found.iter().any(|(l, _)| *l == 5), "{found:?}");
        assert!(
            found.contains(&(
                7,
                "raw HTML that is not valid HTML5: `</div>` where it is not allowed".into()
            )),
            "{found:?}"
        );
    }

    #[test]
    fn parser_messages_read_as_tags() {
        let div = plain("Unexpected token Tag(Tag { kind: StartTag, name: Atom(\\'div\\' type=inline), self_closing: false }) in insertion mode InRow");
        assert_eq!(div.en, "`<div>` where it is not allowed");
        assert_eq!(div.th, "มี `<div>` ในตำแหน่งที่ใช้ไม่ได้");
        assert_eq!(
            plain("Unexpected open element while closing Atom('p' type=inline)").en,
            "Unexpected open element while closing <p>"
        );
        assert_eq!(
            plain("Duplicate attribute").th,
            "มีแอตทริบิวต์เดียวกันซ้ำในแท็กเดียว"
        );
    }
}
