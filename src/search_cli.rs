//! `sala search`: queries the prebuilt index from the terminal, with the same analysis
//! and ranking the browser uses, so staff can find past solutions over ssh too.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;

use sala_core::config::SiteConfig;
use sala_core::diagnostics::{Bilingual, CliError, MessageLang};

/// A `--year` above this is a Buddhist Era year (2400 B.E. is 1857 C.E., before any
/// page; 2400 C.E. is far ahead).
const LAST_CE_YEAR_TYPED: i32 = 2400;

/// One hit as `--json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    url: &'a str,
    title: &'a str,
    lang: &'a str,
    kind: &'a str,
    score: f32,
    snippet: &'a str,
}

/// How `sala search` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A numbered list for people.
    Text,
    /// `--json`: a JSON array of hits.
    Hits,
    /// `--json --facets`: the JSON of the whole answer, counts per facet included (what
    /// the browser's search module answers).
    Full,
}

/// One hit and its JSON, with the fields `--json` has always printed.
impl<'a> From<&'a sala_search::Hit> for JsonHit<'a> {
    fn from(h: &'a sala_search::Hit) -> Self {
        JsonHit {
            url: &h.url,
            title: &h.title,
            lang: &h.lang,
            kind: &h.kind,
            score: h.score,
            snippet: &h.snippet,
        }
    }
}

/// Runs `query` (`lang: None` searches every language) and prints the hits. A closed
/// pipe (`| head -1`) comes back as an `io::Error` of kind `BrokenPipe`, which `main`
/// treats as success.
pub fn run(
    root: &Path,
    mut query: sala_search::Query,
    format: Format,
    lang: MessageLang,
) -> anyhow::Result<()> {
    let config = SiteConfig::load(root).map_err(CliError::At)?;
    check_filters(&config, &query)?;
    let dir = root.join(&config.search_index_dir);
    let searcher = sala_search::Searcher::open(&dir).map_err(|e| no_index(&dir, &e))?;
    // A Gregorian year is what the index stores; staff often type the Buddhist Era.
    query.year = query.year.map(|y| {
        if y > LAST_CE_YEAR_TYPED {
            sala_core::dates::ce_year(y)
        } else {
            y
        }
    });
    let results = searcher.search(&query).map_err(|e| {
        CliError::plain(
            Bilingual::new(
                format!("the search failed: {e}"),
                format!("ค้นหาไม่สำเร็จ: {e}"),
            ),
            Bilingual::new(
                "the index may be from an older Sala: run `sala build` again",
                "ดัชนีค้นหาอาจสร้างจาก Sala รุ่นเก่า ให้รันคำสั่ง `sala build` อีกครั้ง",
            ),
        )
    })?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Hits => {
            let hits: Vec<JsonHit> = results.hits.iter().map(JsonHit::from).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
        }
        Format::Full => {
            writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
        }
        Format::Text => {
            let colour = use_colour();
            let n = results.total;
            match lang {
                MessageLang::Th => writeln!(out, "พบ {n} รายการ")?,
                MessageLang::En => writeln!(out, "{n} result{}", if n == 1 { "" } else { "s" })?,
            }
            for (i, hit) in results.hits.iter().enumerate() {
                writeln!(
                    out,
                    "{:>2}. {} [{} {}]",
                    i + 1,
                    one_line(&hit.title),
                    hit.kind,
                    hit.lang
                )?;
                writeln!(out, "    {}", hit.url)?;
                writeln!(out, "    {}", terminal_snippet(&hit.snippet, colour))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `--district` and `--topic` must name something the site has; a typo would otherwise
/// look like "no results".
fn check_filters(config: &SiteConfig, query: &sala_search::Query) -> Result<(), CliError> {
    if let Some(d) = &query.district {
        let known = d
            .trim()
            .parse::<u16>()
            .ok()
            .and_then(|code| config.district(code))
            .is_some();
        if !known {
            let list = |lang: &str| {
                config
                    .districts
                    .iter()
                    .map(|d| format!("{} {}", d.code, d.name(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(CliError::plain(
                Bilingual::new(
                    format!("`--district {d}`: no district has that code"),
                    format!("`--district {d}`: ไม่มีอำเภอที่ใช้รหัสนี้"),
                ),
                Bilingual::new(
                    format!("use one of: {}", list("en")),
                    format!("ใช้รหัสใดรหัสหนึ่งต่อไปนี้: {}", list("th")),
                ),
            ));
        }
    }
    if let Some(t) = &query.topic {
        if config.topic(t).is_none() {
            let list = |lang: &str| {
                config
                    .topics
                    .iter()
                    .map(|t| format!("{} ({})", t.id, t.label(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(CliError::plain(
                Bilingual::new(
                    format!("`--topic {t}`: the site has no such topic"),
                    format!("`--topic {t}`: เว็บไซต์นี้ไม่มีหัวข้อนี้"),
                ),
                Bilingual::new(
                    format!("use one of the topics in site.toml: {}", list("en")),
                    format!("ใช้หัวข้อใดหัวข้อหนึ่งที่กำหนดไว้ในไฟล์ site.toml: {}", list("th")),
                ),
            ));
        }
    }
    Ok(())
}

/// The index folder is missing (or unreadable): say where it was looked for and what
/// writes it.
fn no_index(dir: &Path, e: &sala_search::Error) -> CliError {
    let exists = dir.is_dir();
    let dir = dir.display();
    let (en, th) = if exists {
        (
            format!("cannot read the search index in {dir}: {e}"),
            format!("อ่านดัชนีค้นหาในโฟลเดอร์ {dir} ไม่ได้: {e}"),
        )
    } else {
        (
            format!("no search index in {dir}"),
            format!("ไม่พบดัชนีค้นหาในโฟลเดอร์ {dir}"),
        )
    };
    CliError::plain(
        Bilingual::new(en, th),
        Bilingual::new(
            "run `sala build` first; it writes the index",
            "ให้รันคำสั่ง `sala build` ก่อน คำสั่งนี้จะสร้างดัชนีค้นหาให้",
        ),
    )
}

/// Bold only for a person at a terminal, and never when `NO_COLOR` is set
/// (<https://no-color.org>).
fn use_colour() -> bool {
    std::io::stdout().is_terminal()
        && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty())
}

/// Line breaks and runs of spaces as one space, so each hit keeps its indentation.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The snippet on one line, its `<mark>` as bold (or dropped, without colour) and its
/// escaping undone, for a terminal.
fn terminal_snippet(html: &str, colour: bool) -> String {
    let (on, off) = if colour {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    one_line(
        &html
            .replace("<mark>", on)
            .replace("</mark>", off)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::terminal_snippet;

    #[test]
    fn snippets_are_one_line_and_plain_without_colour() {
        assert_eq!(
            terminal_snippet("ขั้นตอน\n<mark>ขยะ</mark>  &amp; น้ำ", false),
            "ขั้นตอน ขยะ & น้ำ"
        );
        assert_eq!(
            terminal_snippet("<mark>ขยะ</mark>", true),
            "\x1b[1mขยะ\x1b[0m"
        );
    }
}
