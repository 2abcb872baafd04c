//! The native side of the browser parity test: runs queries against an index
//! directory the way the CLI does ([`sala_search::Searcher::open`], not the bundle) and
//! prints each answer as one JSON line.
//!
//! ```text
//! cargo run -p sala-search-wasm --example query -- search-index < queries.jsonl
//! ```
//!
//! Each input line is a JSON [`sala_search::Query`]; each output line is the JSON of
//! its [`sala_search::SearchResults`] (the same JSON the wasm module returns).

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: query <index-dir> < queries.jsonl")?;
    let searcher = sala_search::Searcher::open(std::path::Path::new(&dir))?;
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let query: sala_search::Query = serde_json::from_str(&line)?;
        let results = searcher.search(&query)?;
        writeln!(out, "{}", serde_json::to_string(&results)?)?;
    }
    Ok(())
}
