//! The labelled relevance set (`tests/relevance/queries.tsv`) and its metrics, shared by
//! the relevance test (`tests/relevance.rs`) and the peer benchmark
//! (`benches/search_peers.rs`) through `#[path]`, so both score the same way.
//!
//! Metrics, per query, over a ranked list of site paths (`cases/x/index.html`):
//!
//! - **recall@5** (the headline figure): 1 if at least one relevant page is in the top 5,
//!   else 0 — "did the officer see a right answer without scrolling". Averaged over
//!   queries, it is the share of queries answered in the top 5.
//! - **mean recall@5**: |relevant ∩ top 5| / min(|relevant|, 5), averaged over queries.
//! - **MRR**: 1 / rank of the first relevant page within the top 10 (0 if none),
//!   averaged over queries.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// How deep a ranking is scored.
pub const DEPTH: usize = 10;

#[derive(Debug, Clone)]
pub struct Labelled {
    /// The part of the file the query is in (`# set: <name>` starts one; `base` before
    /// any), so that queries added later are scored apart from the ones the floors
    /// were set on.
    pub set: String,
    pub id: String,
    pub lang: String,
    pub category: String,
    pub query: String,
    pub relevant: Vec<String>,
}

/// Reads the TSV: `id lang category query relevant…`; `#` lines and the header skip,
/// except `# set: <name>`, which names the set of the rows after it.
pub fn load(path: &Path) -> Vec<Labelled> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = Vec::new();
    let mut set = "base".to_owned();
    for (n, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix("# set:") {
            set = name.trim().to_owned();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            f.len(),
            5,
            "{}:{}: want 5 tab-separated fields",
            path.display(),
            n + 1
        );
        out.push(Labelled {
            set: set.clone(),
            id: f[0].to_owned(),
            lang: f[1].to_owned(),
            category: f[2].to_owned(),
            query: f[3].to_owned(),
            relevant: f[4].split_whitespace().map(str::to_owned).collect(),
        });
    }
    out
}

/// A hit's URL as a site path: `/cases/x/`, `./cases/x/`, `../cases/x/index.html` and
/// `http://host/cases/x/` all become `cases/x/index.html`.
pub fn site_path(url: &str) -> String {
    let mut s = url;
    if let Some(i) = s.find("://") {
        s = &s[i + 3..];
        s = s.find('/').map_or("", |j| &s[j..]);
    }
    let s = s.split(['#', '?']).next().unwrap_or("");
    let mut s = s.trim_start_matches('/');
    loop {
        if let Some(rest) = s.strip_prefix("./") {
            s = rest;
        } else if let Some(rest) = s.strip_prefix("../") {
            s = rest;
        } else {
            break;
        }
    }
    if s.is_empty() || s.ends_with('/') {
        format!("{s}index.html")
    } else {
        s.to_owned()
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct QueryScore {
    pub hit5: f64,
    pub recall5: f64,
    pub rr: f64,
}

/// Scores one ranking (site paths, best first) against the labels.
pub fn score(q: &Labelled, ranked: &[String]) -> QueryScore {
    let rel = |p: &String| q.relevant.iter().any(|r| r == p);
    let top5 = ranked.iter().take(5).filter(|p| rel(p)).count();
    let first = ranked.iter().take(DEPTH).position(rel);
    QueryScore {
        hit5: if top5 > 0 { 1.0 } else { 0.0 },
        recall5: top5 as f64 / q.relevant.len().clamp(1, 5) as f64,
        rr: first.map_or(0.0, |i| 1.0 / (i + 1) as f64),
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub n: usize,
    pub recall5: f64,
    pub mean_recall5: f64,
    pub mrr: f64,
}

/// Figures for `all`, `lang:th`, `lang:en` and `cat:<category>` (per language too,
/// `th/cat:<category>`). `rankings` is keyed by query id.
pub fn figures(
    set: &[Labelled],
    rankings: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Figures> {
    let mut acc: BTreeMap<String, (usize, f64, f64, f64)> = BTreeMap::new();
    for q in set {
        let ranked = rankings.get(&q.id).map(Vec::as_slice).unwrap_or(&[]);
        let s = score(q, ranked);
        for key in [
            "all".to_owned(),
            format!("set:{}", q.set),
            format!("{}/lang:{}", q.set, q.lang),
            format!("{}/cat:{}", q.set, q.category),
            format!("lang:{}", q.lang),
            format!("cat:{}", q.category),
            format!("{}/cat:{}", q.lang, q.category),
        ] {
            let e = acc.entry(key).or_default();
            e.0 += 1;
            e.1 += s.hit5;
            e.2 += s.recall5;
            e.3 += s.rr;
        }
    }
    acc.into_iter()
        .map(|(k, (n, h, r, rr))| {
            let d = n as f64;
            (
                k,
                Figures {
                    n,
                    recall5: h / d,
                    mean_recall5: r / d,
                    mrr: rr / d,
                },
            )
        })
        .collect()
}

/// The queries with no relevant page in the top 5, with what came first instead.
pub fn misses(set: &[Labelled], rankings: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for q in set {
        let ranked = rankings.get(&q.id).map(Vec::as_slice).unwrap_or(&[]);
        let s = score(q, ranked);
        if s.hit5 == 0.0 {
            let first = ranked
                .iter()
                .take(DEPTH)
                .position(|p| q.relevant.contains(p))
                .map_or("not in top 10".to_owned(), |i| {
                    format!("first relevant at {}", i + 1)
                });
            out.push(format!(
                "{} [{} {}] «{}»: {}; top: {}",
                q.id,
                q.lang,
                q.category,
                q.query,
                first,
                ranked.first().map_or("(no hits)", String::as_str)
            ));
        }
    }
    out
}

/// A plain-text table of the figures of several methods, one row per method and group.
pub fn table(methods: &[(&str, BTreeMap<String, Figures>)], groups: &[&str]) -> String {
    let mut out = format!(
        "{:<16} {:<26} {:>4} {:>9} {:>12} {:>6}\n",
        "method", "group", "n", "recall@5", "mean rec@5", "MRR"
    );
    for group in groups {
        for (name, figs) in methods {
            if let Some(f) = figs.get(*group) {
                out.push_str(&format!(
                    "{:<16} {:<26} {:>4} {:>9.3} {:>12.3} {:>6.3}\n",
                    name, group, f.n, f.recall5, f.mean_recall5, f.mrr
                ));
            }
        }
    }
    out
}

/// Every group key present, `all` and languages first, then categories.
pub fn groups(figs: &BTreeMap<String, Figures>) -> Vec<String> {
    let mut keys: Vec<String> = figs.keys().cloned().collect();
    keys.sort_by_key(|k| {
        (
            if k == "all" {
                0
            } else if k.starts_with("set:") || k.starts_with("lang:") {
                1
            } else if k.starts_with("cat:") {
                2
            } else {
                3
            },
            k.clone(),
        )
    });
    keys
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the sample site (site.toml, content/, themes/) from `repo` into `dir` and
/// builds it there with `sala::build::build`: the site lands in `dir/public`, the
/// native index in `dir/search-index` (the site's `search_index_dir`).
pub fn build_sample_site(repo: &Path, dir: &Path) -> std::path::PathBuf {
    std::fs::copy(repo.join("site.toml"), dir.join("site.toml")).unwrap();
    copy_dir(&repo.join("content"), &dir.join("content"));
    copy_dir(&repo.join("themes"), &dir.join("themes"));
    let mut options = sala::build::BuildOptions::new(dir);
    options.out = dir.join("public");
    sala::build::build(&options).unwrap_or_else(|d| panic!("sala build failed:\n{d}"));
    let index = dir.join("search-index");
    assert!(
        index.join("th").join("meta.json").is_file(),
        "no Thai index"
    );
    index
}

/// Runs every labelled query through Sala's native searcher (the path `sala search`
/// takes), filtered to the query's language, and returns site paths, best first.
///
/// An `other-lang` query (typed on the site of the other language) is scored where the
/// search page leads: the page offers "N results in <language>" when its own language
/// has fewer than 3 and the other more, and the reader follows that link.
pub fn run_sala(
    searcher: &sala_search::Searcher,
    set: &[Labelled],
) -> BTreeMap<String, Vec<String>> {
    set.iter()
        .map(|q| {
            let mut lang = q.lang.as_str();
            if q.category == "other-lang" {
                let other = if lang == "th" { "en" } else { "th" };
                let (here, there) = (
                    total(searcher, &q.query, lang),
                    total(searcher, &q.query, other),
                );
                if here < 3 && there > here {
                    lang = other;
                }
            }
            (q.id.clone(), sala_top(searcher, &q.query, lang, DEPTH))
        })
        .collect()
}

/// How many pages of `lang` match `text`.
fn total(searcher: &sala_search::Searcher, text: &str, lang: &str) -> usize {
    let query = sala_search::Query {
        text: text.to_owned(),
        lang: Some(lang.to_owned()),
        limit: 0,
        ..Default::default()
    };
    searcher.search(&query).map_or(0, |r| r.total)
}

pub fn sala_top(
    searcher: &sala_search::Searcher,
    text: &str,
    lang: &str,
    limit: usize,
) -> Vec<String> {
    let query = sala_search::Query {
        text: text.to_owned(),
        lang: Some(lang.to_owned()),
        limit,
        ..Default::default()
    };
    let results = searcher
        .search(&query)
        .unwrap_or_else(|e| panic!("search {text:?} failed: {e}"));
    results.hits.iter().map(|h| site_path(&h.url)).collect()
}
