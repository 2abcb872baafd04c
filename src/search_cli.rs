//! `sala search`: queries the prebuilt index from the terminal, with the same analysis
//! and ranking the browser uses, so staff can find past solutions over ssh too.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use crate::config::SiteConfig;

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

/// Runs `query` (`lang: None` searches every language) and prints the hits.
pub fn run(root: &Path, mut query: sala_search::Query, format: Format) -> anyhow::Result<()> {
    let config = SiteConfig::load(root).map_err(|d| anyhow::anyhow!(d.to_string()))?;
    let dir = root.join(&config.search_index_dir);
    let searcher = sala_search::Searcher::open(&dir)
        .map_err(|e| anyhow::anyhow!("{e}; run `sala build` first"))?;
    // A Gregorian year is what the index stores; staff often type the Buddhist Era.
    query.year = query.year.map(|y| if y > 2400 { y - 543 } else { y });
    let results = searcher.search(&query).context("search failed")?;
    match format {
        Format::Hits => {
            let hits: Vec<JsonHit> = results.hits.iter().map(JsonHit::from).collect();
            println!("{}", serde_json::to_string_pretty(&hits)?);
            return Ok(());
        }
        Format::Full => {
            println!("{}", serde_json::to_string_pretty(&results)?);
            return Ok(());
        }
        Format::Text => {}
    }
    println!("{} result(s)", results.total);
    for (i, hit) in results.hits.iter().enumerate() {
        println!("{:>2}. {} [{} {}]", i + 1, hit.title, hit.kind, hit.lang);
        println!("    {}", hit.url);
        println!("    {}", terminal_snippet(&hit.snippet));
    }
    Ok(())
}

/// The snippet's `<mark>` as bold, and its escaping undone, for a terminal.
fn terminal_snippet(html: &str) -> String {
    html.replace("<mark>", "\x1b[1m")
        .replace("</mark>", "\x1b[0m")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
