//! Search relevance over the sample site: the labelled queries of
//! `tests/relevance/queries.tsv` are run through `sala_search::Searcher::open` on an index
//! built from a copy of the sample site, and scored (definitions in
//! `tests/relevance/eval.rs` and docs/search.md, "Relevance"):
//!
//! - recall@5: share of queries with at least one relevant page in the top 5;
//! - mean recall@5: relevant pages found in the top 5 / min(relevant, 5), averaged;
//! - MRR: mean reciprocal rank of the first relevant page in the top 10.
//!
//! The test fails when a figure drops below its floor (set just under what was measured
//! when the set was written), so ranking quality cannot slip back unnoticed. It also
//! checks behaviours the issue names: spaced and unspaced Thai give the same top 5,
//! Thai and Arabic digits give the same hits, Thai marks are kept, and
//! `sala search --json "การจัดการขยะ"` puts the two waste case studies first.
//!
//!   cargo test --release --test relevance -- --nocapture
#[path = "relevance/eval.rs"]
mod eval;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use eval::{figures, groups, load, misses, run_sala, sala_top, table};

/// Floors: measured − 0.02, rounded down to 0.01 (docs/search.md, "Relevance").
/// Measured with typo corrections scored on the word fields and the prefix fallback:
/// all 1.000 / 0.984, th 1.000 / 0.976, en 1.000 / 1.000, typos 1.000 / 1.000
/// (recall@5 / MRR; before the corrections all 0.990 / 0.964, en 0.970 / 0.939, typos
/// 0.857 / 0.714; before the labels and the case prior MRR 0.950, 0.971, 0.904). There
/// is no miss, so a single one in English (recall@5 0.970) fails.
const FLOORS: &[(&str, f64, f64)] = &[
    // (group, recall@5, MRR)
    ("set:base", 0.98, 0.96),
    ("base/lang:th", 0.98, 0.95),
    ("base/lang:en", 0.98, 0.98),
    ("cat:typo", 0.98, 0.98),
    // The queries added for words together, loan words, short words, words being typed
    // and the other language: measured 0.986 / 0.932 (0.870 / 0.785 before words
    // together, completions and Thai spelling variants; docs/search.md). 0.93 is the
    // bar the ranking issue set.
    ("set:ranking", 0.96, 0.93),
];

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    searcher: sala_search::Searcher,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site, built once per test binary into a temp dir.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let index = eval::build_sample_site(repo(), &root);
        let searcher = sala_search::Searcher::open(&index).unwrap();
        Fixture {
            _dir: dir,
            root,
            searcher,
        }
    })
}

fn top(text: &str, lang: &str, n: usize) -> Vec<String> {
    sala_top(&fixture().searcher, text, lang, n)
}

/// Each first query finds something, and the same top `n` as the second.
fn same_top(pairs: &[(&str, &str)], lang: &str, n: usize) {
    for (a, b) in pairs {
        let found = top(a, lang, n);
        assert!(!found.is_empty(), "{a:?} finds nothing");
        assert_eq!(found, top(b, lang, n), "{a:?} vs {b:?}");
    }
}

#[test]
fn relevance_figures_stay_above_their_floors() {
    let set = load(&repo().join("tests/relevance/queries.tsv"));
    let th = set.iter().filter(|q| q.lang == "th").count();
    let en = set.iter().filter(|q| q.lang == "en").count();
    assert!(
        th >= 45 && en >= 22,
        "the set has {th} Thai and {en} English queries"
    );

    let rankings = run_sala(&fixture().searcher, &set);
    let figs = figures(&set, &rankings);
    let keys = groups(&figs);
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    println!("{}", table(&[("sala", figs.clone())], &keys));
    println!("below the top (first relevant page at rank 2 to 5):");
    for q in &set {
        let ranked = &rankings[&q.id];
        let first = ranked.iter().position(|p| q.relevant.contains(p));
        if let Some(i @ 1..=4) = first {
            println!(
                "  {} [{} {}] «{}»: {}; top: {}",
                q.id,
                q.lang,
                q.category,
                q.query,
                i + 1,
                ranked[0]
            );
        }
    }
    println!("misses (no relevant page in the top 5):");
    for m in misses(&set, &rankings) {
        println!("  {m}");
    }

    let mut failed = Vec::new();
    for (group, recall, mrr) in FLOORS {
        let f = figs[*group];
        if f.recall5 < *recall {
            failed.push(format!("{group}: recall@5 {:.3} < {recall}", f.recall5));
        }
        if f.mrr < *mrr {
            failed.push(format!("{group}: MRR {:.3} < {mrr}", f.mrr));
        }
    }
    assert!(failed.is_empty(), "relevance fell: {failed:?}");
}

#[test]
fn a_typo_ranks_the_pages_about_the_word_meant_first() {
    // Fuzzy matches alone score a constant: then a case that mentions dengue once
    // ranked above the dengue guide (the case prior). The corrections are scored as
    // the word itself would be.
    same_top(
        &[
            ("dengeu", "dengue"),
            ("elderley", "elderly"),
            ("evacuaton", "evacuation"),
        ],
        "en",
        2,
    );
    // Nothing within its distance (one edit at 8 letters): the pages write "recyclable",
    // three edits away. The words sharing all but its last letters stand in.
    let found = top("recyclng", "en", 5);
    assert!(
        found
            .iter()
            .any(|u| u.contains("provincial-forum-waste-cluster")),
        "recyclng: {found:?}"
    );
}

#[test]
fn thai_with_spaces_ranks_as_without() {
    same_top(
        &[
            ("การ จัดการ ขยะ", "การจัดการขยะ"),
            ("ไข้ เลือด ออก", "ไข้เลือดออก"),
            ("น้ำ ท่วม", "น้ำท่วม"),
            ("ผู้ สูง อายุ", "ผู้สูงอายุ"),
            ("ฝาย ดิน ซีเมนต์", "ฝายดินซีเมนต์"),
            ("ขยะ มูลฝอย", "ขยะมูลฝอย"),
        ],
        "th",
        5,
    );
}

#[test]
fn thai_and_arabic_digits_give_the_same_hits() {
    same_top(
        &[
            ("๒๕๖๗", "2567"),
            ("๒๕๖๖", "2566"),
            ("น้ำท่วม ๒๕๖๕", "น้ำท่วม 2565"),
        ],
        "th",
        10,
    );
    // ๒๕๖๖ is written in Thai digits on one page only; 2566 must find it too.
    let weirs = "cases/nong-ruea-soil-cement-weirs/index.html".to_owned();
    assert!(top("2566", "th", 10).contains(&weirs));
}

/// The Markdown source of a Thai page from its site path.
fn source_of(path: &str) -> String {
    let key = path.trim_end_matches("/index.html");
    let file = repo().join("content").join(format!("{key}.th.md"));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn thai_marks_are_not_stripped() {
    // With marks stripped (charabia #371) น้ำที่ ("water that") becomes นาที ("minutes")
    // and น้ำ becomes นา. Pages holding the word as typed must come first: a hit that
    // lacks it (found through the parts of a segmented query, e.g. นา + ข้าว) may follow,
    // never precede. "นาที" is a word on one page only (พัฒนาที่ดิน elsewhere is
    // พัฒนา|ที่ดิน), and no mark-stripped match may join it.
    for word in ["นาที", "ทำนา", "นาข้าว", "น้ำท่วมขัง", "ท่าพระ", "น้ำ"]
    {
        let hits = top(word, "th", 10);
        assert!(!hits.is_empty(), "{word:?} finds nothing");
        let holds: Vec<bool> = hits.iter().map(|h| source_of(h).contains(word)).collect();
        assert!(holds[0], "{word:?}: first hit {} lacks it", hits[0]);
        if let Some(first_lacking) = holds.iter().position(|h| !h) {
            assert!(
                holds[first_lacking..].iter().all(|h| !h),
                "{word:?}: a page lacking it ranks above one holding it: {hits:?}"
            );
        }
    }
    assert_eq!(
        top("นาที", "th", 10),
        ["cases/rural-road-maintenance-pact/index.html"]
    );
    // น้ำ and นา are different queries.
    assert_ne!(top("น้ำ", "th", 5), top("นา", "th", 5));
}

#[derive(serde::Deserialize)]
struct JsonHit {
    url: String,
    kind: String,
}

/// The acceptance check, through the binary as a user runs it: the Thai query
/// "การจัดการขยะ" returns the waste case studies first.
#[test]
fn cli_puts_the_waste_cases_first_for_waste_management() {
    let root = &fixture().root;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sala"))
        .arg("--root")
        .arg(root)
        .args(["search", "--json", "การจัดการขยะ"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: Vec<JsonHit> = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = hits.iter().map(|h| eval::site_path(&h.url)).collect();
    let cases: BTreeMap<&str, usize> = [
        "cases/chum-phae-waste-cluster/index.html",
        "cases/khon-kaen-waste-to-energy/index.html",
    ]
    .into_iter()
    .map(|c| (c, paths.iter().position(|p| p == c).map_or(0, |i| i + 1)))
    .collect();
    println!("การจัดการขยะ: {paths:?}; waste case ranks (0 = absent): {cases:?}");
    assert_eq!(
        hits[0].kind, "case",
        "first hit {} is not a case study",
        hits[0].url
    );
    assert!(
        cases.values().any(|&r| r == 1),
        "no waste case first: {paths:?}"
    );
    // Both waste case studies come before anything else (the waste forum and the
    // cooperation guide follow): the topic and problem labels and the case prior
    // (crates/sala-search/src/search.rs) put them there.
    assert!(
        cases.values().all(|&r| (1..=2).contains(&r)),
        "the two waste cases are not the first two hits: {cases:?}"
    );
}

/// The sweep behind `sala_search::query::WEIGHTS`: MRR on the base and ranking sets for
/// a grid of weights, one line each. Not a check (run it when changing the ranking):
///
///   cargo test --release --test relevance sweep -- --ignored --nocapture
#[test]
#[ignore]
fn sweep_ranking_weights() {
    use sala_search::query::{tuning, Weights};
    let set = load(&repo().join("tests/relevance/queries.tsv"));
    let mut grid = Vec::new();
    for near in [0.0, 1.0, 2.0, 3.0, 4.0] {
        for prefix in [0.3, 0.6, 1.0] {
            grid.push(Weights { near, prefix });
        }
    }
    println!("near prefix | base MRR | ranking MRR R@5 | proximity translit short prefix");
    for w in grid {
        tuning::set(Some(w));
        let figs = figures(&set, &run_sala(&fixture().searcher, &set));
        let mrr = |g: &str| figs.get(g).map_or(f64::NAN, |f| f.mrr);
        println!(
            "{:4} {:6} | {:.3} | {:.3} {:.3} | {:.3} {:.3} {:.3} {:.3}",
            w.near,
            w.prefix,
            mrr("set:base"),
            mrr("set:ranking"),
            figs["set:ranking"].recall5,
            mrr("ranking/cat:proximity"),
            mrr("ranking/cat:translit"),
            mrr("ranking/cat:short"),
            mrr("ranking/cat:prefix"),
        );
    }
    tuning::set(None);
}
