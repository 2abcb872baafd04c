//! Relevance of Sala's search against its peers on the labelled queries of
//! `tests/relevance/queries.tsv` (metrics in `tests/relevance/eval.rs`). Run by
//! `benches/search-peers.sh`, which builds the site, runs Pagefind in Chromium and hands
//! the results over through the environment:
//!
//! - `SALA_PEERS_DIR`: a folder holding a built copy of the sample site (`public/`,
//!   `search-index/`, `content/`, …). Without it, the sample site is built into a temp
//!   folder here.
//! - `SALA_PEERS_BROWSER`: the JSON written by `benches/search-peers/browser.mjs`
//!   (Pagefind's and Sala-in-the-browser's rankings, bytes and latency). Optional.
//!
//! Methods: `sala` (native `Searcher::open`, as `sala search`), `sala-browser` (the wasm
//! module in Chromium), `tantivy-default` (a plain tantivy index of the same pages: title
//! and body text, `TEXT` fields with the default tokenizer, `QueryParser` over both),
//! `pagefind` (Pagefind 1.6, `pagefind_extended`, every page it indexed) and
//! `pagefind-content` (its hits restricted to the pages Sala indexes, for fairness).
#[path = "../tests/relevance/eval.rs"]
mod eval;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value, STORED, STRING, TEXT};
use tantivy::{doc, Index, TantivyDocument};

type Rankings = BTreeMap<String, Vec<String>>;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = eval::load(&repo.join("tests/relevance/queries.tsv"));
    let _tmp;
    let dir: PathBuf = match std::env::var_os("SALA_PEERS_DIR") {
        Some(d) => PathBuf::from(d),
        None => {
            _tmp = tempfile::tempdir().unwrap();
            eval::build_sample_site(repo, _tmp.path());
            _tmp.path().to_path_buf()
        }
    };

    let searcher = sala_search::Searcher::open(&dir.join("search-index")).unwrap();
    let sala = eval::run_sala(&searcher, &set);
    let (plain, indexed) = run_plain_tantivy(&dir, &set);

    let mut methods: Vec<(&str, Rankings)> = vec![("sala", sala), ("tantivy-default", plain)];
    let browser: Option<serde_json::Value> = std::env::var_os("SALA_PEERS_BROWSER")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            serde_json::from_str(&text).unwrap()
        });
    if let Some(b) = &browser {
        let rankings = |key: &str| -> Rankings {
            b[key]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(id, urls)| {
                            let urls = urls.as_array().unwrap();
                            let paths = urls
                                .iter()
                                .map(|u| eval::site_path(u.as_str().unwrap()))
                                .collect();
                            (id.clone(), paths)
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let pagefind = rankings("pagefind");
        let content: Rankings = pagefind
            .iter()
            .map(|(id, r)| {
                let kept = r.iter().filter(|p| indexed.contains(*p)).cloned().collect();
                (id.clone(), kept)
            })
            .collect();
        methods.insert(1, ("sala-browser", rankings("sala_browser")));
        methods.push(("pagefind", pagefind));
        methods.push(("pagefind-content", content));
    }

    let figs: Vec<(&str, BTreeMap<String, eval::Figures>)> = methods
        .iter()
        .map(|(name, r)| (*name, eval::figures(&set, r)))
        .collect();
    let groups = eval::groups(&figs[0].1);
    let (head, cats): (Vec<&String>, Vec<&String>) = groups
        .iter()
        .filter(|g| !g.contains('/'))
        .partition(|g| !g.starts_with("cat:"));
    let head: Vec<&str> = head.into_iter().map(String::as_str).collect();
    let cats: Vec<&str> = cats.into_iter().map(String::as_str).collect();
    println!("\n== relevance: {} queries (recall@5 = share of queries with a relevant page in the top 5; MRR over the top {})\n", set.len(), eval::DEPTH);
    println!("{}", eval::table(&figs, &head));
    println!("== per category\n");
    println!("{}", eval::table(&figs, &cats));
    for (name, r) in &methods {
        println!("== misses of {name} (no relevant page in the top 5)");
        for m in eval::misses(&set, r) {
            println!("  {m}");
        }
        println!();
    }
    if let Some(b) = &browser {
        print_browser(b);
    }
}

/// A plain tantivy index per language of the pages Sala indexes (title + body text as
/// `sala_core::content` renders it), default tokenizer, `QueryParser` over title and body
/// (OR of the terms, tantivy's default); unparsable queries go through the lenient parser.
fn run_plain_tantivy(dir: &Path, set: &[eval::Labelled]) -> (Rankings, BTreeSet<String>) {
    let site = sala_core::content::load_site(dir, &Default::default())
        .unwrap_or_else(|d| panic!("cannot load the site: {d}"));
    let mut schema = Schema::builder();
    let url = schema.add_text_field("url", STRING | STORED);
    let title = schema.add_text_field("title", TEXT);
    let body = schema.add_text_field("body", TEXT);
    let schema = schema.build();
    let mut indexes: BTreeMap<String, Index> = BTreeMap::new();
    let mut indexed = BTreeSet::new();
    for lang in site.languages() {
        let index = Index::create_in_ram(schema.clone());
        let mut writer = index.writer_with_num_threads(1, 50_000_000).unwrap();
        for page in site
            .pages
            .iter()
            .filter(|p| p.lang() == lang && p.key() != "_index")
        {
            let u = site.url_of(page.key(), lang);
            indexed.insert(eval::site_path(&u));
            writer
                .add_document(doc!(url => u, title => page.title(), body => page.body.text.clone()))
                .unwrap();
        }
        writer.commit().unwrap();
        indexes.insert(lang.to_owned(), index);
    }
    let mut out = Rankings::new();
    for q in set {
        let index = &indexes[&q.lang];
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        let parser = QueryParser::for_index(index, vec![title, body]);
        let query = match parser.parse_query(&q.query) {
            Ok(query) => query,
            Err(_) => parser.parse_query_lenient(&q.query).0,
        };
        let top = searcher
            .search(&query, &TopDocs::with_limit(eval::DEPTH).order_by_score())
            .unwrap();
        let paths = top
            .into_iter()
            .map(|(_, addr)| {
                let d: TantivyDocument = searcher.doc(addr).unwrap();
                eval::site_path(d.get_first(url).and_then(|v| v.as_str()).unwrap_or(""))
            })
            .collect();
        out.insert(q.id.clone(), paths);
    }
    (out, indexed)
}

fn print_browser(b: &serde_json::Value) {
    let kb = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0) / 1024.0;
    println!("== browser: first Thai query «{}» on a fresh page (search files only; gzip -9 where smaller)\n", b["bytes"]["query"].as_str().unwrap_or(""));
    println!(
        "{:<10} {:>9} {:>12} {:>12}  by extension (KB gzip)",
        "method", "requests", "raw KB", "gzip KB"
    );
    for name in ["sala", "pagefind"] {
        let x = &b["bytes"][name];
        let by: Vec<String> = x["by_extension"]
            .as_object()
            .map(|o| o.iter().map(|(k, v)| format!("{k} {:.1}", kb(v))).collect())
            .unwrap_or_default();
        println!(
            "{:<10} {:>9} {:>12.1} {:>12.1}  {}",
            name,
            x["requests"],
            kb(&x["raw"]),
            kb(&x["gzip"]),
            by.join(", ")
        );
    }
    println!(
        "\n== browser: query latency in the page, warm, {} rounds over every labelled query (ms)\n",
        b["latency"]["rounds"]
    );
    println!(
        "{:<34} {:>6} {:>8} {:>8} {:>8}",
        "what", "n", "p50", "p95", "max"
    );
    for (name, key) in [
        ("sala: query, 10 hits + snippets", "sala_query10"),
        ("pagefind: search (ids only)", "pagefind_search"),
        (
            "pagefind: search + data() top 10",
            "pagefind_search_and_data10",
        ),
    ] {
        let x = &b["latency"][key];
        println!(
            "{:<34} {:>6} {:>8.2} {:>8.2} {:>8.2}",
            name,
            x["n"],
            x["p50"].as_f64().unwrap_or(f64::NAN),
            x["p95"].as_f64().unwrap_or(f64::NAN),
            x["max"].as_f64().unwrap_or(f64::NAN)
        );
    }
    println!();
}
