//! Throughput and latency on a synthetic bilingual site.
//!
//! `cargo run --release -p sala-search --example bench -- [PAGES] [BYTES_PER_DOC]`
//! (defaults: 10000 pages, i.e. 20000 docs, of ~6000 bytes of text each).
//!
//! Prints: Thai segmentation speed (one thread), index build time (IndexBuilder fed
//! from two threads), split-index size and pack time for Thai, and query latency (p50/p95)
//! natively and over the split index (every part loaded).

use std::time::Instant;

/// CPU seconds used by this process so far (Linux; 0 elsewhere). Wall-clock times
/// are unreliable on a shared, loaded machine; CPU time is what the work costs.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the ")".
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

use sala_search::analyzer::word_tokens;
use sala_search::dict::builtin;
use sala_search::normalize::canonicalize;
use sala_search::segment::Segmenter;
use sala_search::{pack, Doc, IndexBuilder, Query, Searcher};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        // Skewed towards the front: a rough Zipf.
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        &v[((r * r * r) * v.len() as f64) as usize % v.len()]
    }
}

const EN: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "is",
    "on",
    "that",
    "with",
    "village",
    "community",
    "waste",
    "water",
    "plan",
    "local",
    "budget",
    "district",
    "health",
    "road",
    "school",
    "farmers",
    "forum",
    "project",
    "management",
    "recycling",
    "drought",
    "flood",
    "province",
    "council",
    "citizens",
    "elderly",
    "clinic",
    "training",
    "market",
    "rice",
    "development",
    "administration",
    "organization",
    "solution",
    "problem",
    "meeting",
    "volunteers",
    "households",
    "collection",
    "sorting",
    "plastic",
    "air",
    "smoke",
    "burning",
    "irrigation",
    "canal",
    "reservoir",
    "survey",
    "report",
    "government",
    "committee",
];

fn thai_words() -> Vec<String> {
    let list = include_str!("../dict/words_th.txt");
    let mut common: Vec<String> = [
        "การ",
        "ที่",
        "และ",
        "ของ",
        "ใน",
        "ให้",
        "ได้",
        "มี",
        "เป็น",
        "ชุมชน",
        "น้ำ",
        "ขยะ",
        "โครงการ",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "ขอนแก่น",
        "ประชาชน",
        "แผน",
        "งบประมาณ",
        "ปัญหา",
        "แก้ไข",
        "พัฒนา",
        "หมู่บ้าน",
        "เกษตรกร",
        "สุขภาพ",
        "ผู้สูงอายุ",
        "ถนน",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    common.extend(
        list.lines()
            .filter(|w| w.chars().all(sala_search::tcc::is_thai_letter))
            .step_by(7)
            .map(String::from),
    );
    common
}

fn text(rng: &mut Rng, thai: bool, words: &[String], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    let mut n = 0;
    while s.len() < bytes {
        if thai {
            s.push_str(rng.pick(words).as_str());
            n += 1;
            if n % 9 == 0 {
                s.push(' ');
            }
            if n % 40 == 0 {
                s.push_str(" PM2.5 ");
            }
        } else {
            let w: &&str = rng.pick(EN);
            s.push_str(w);
            s.push(' ');
        }
    }
    s
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p) as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pages: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let bytes: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(6_000);
    let words = thai_words();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);

    // Segmentation speed.
    let t = Instant::now();
    let dict = builtin();
    println!(
        "dictionary load: {:.0} ms ({} words)",
        t.elapsed().as_secs_f64() * 1e3,
        dict.len()
    );
    let sample: String = (0..200)
        .map(|_| text(&mut rng, true, &words, 6000))
        .collect();
    let sample = canonicalize(&sample);
    let chars = sample.chars().count();
    let mut seg = Segmenter::default();
    let mut toks = Vec::new();
    let cpu = cpu_secs();
    let mut rounds = 0;
    while cpu_secs() - cpu < 3.0 {
        toks.clear();
        word_tokens(&sample, &dict, &mut seg, &mut toks);
        rounds += 1;
    }
    let secs = cpu_secs() - cpu;
    println!(
        "word tokens: {:.2} Mchar/s per CPU second ({} chars x {rounds}, one thread, Thai text with some Latin)",
        (chars * rounds) as f64 / secs / 1e6,
        chars
    );

    // Documents.
    let t = Instant::now();
    let mut docs = Vec::with_capacity(pages * 2);
    for i in 0..pages {
        for (lang, thai) in [("th", true), ("en", false)] {
            let prefix = if thai { "" } else { "en/" };
            docs.push(Doc {
                id: format!("{lang}:cases/p{i}"),
                url: format!("{prefix}cases/p{i}/index.html"),
                lang: lang.into(),
                kind: ["guide", "case", "forum", "page"][i % 4].into(),
                title: text(&mut rng, thai, &words, 60),
                summary: text(&mut rng, thai, &words, 200),
                body: text(&mut rng, thai, &words, bytes),
                headings: vec![text(&mut rng, thai, &words, 40)],
                topics: vec![["waste", "water", "air", "health"][i % 4].into()],
                districts: vec![format!("40{:02}", i % 26 + 1)],
                problem: None,
                labels: vec![],
                year: Some(2020 + (i % 6) as i32),
                date: None,
            });
        }
    }
    let total_bytes: usize = docs
        .iter()
        .map(|d| d.body.len() + d.summary.len() + d.title.len())
        .sum();
    println!(
        "generated {} docs, {:.1} MB of text in {:.1} s",
        docs.len(),
        total_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // Analysis alone (one thread): what canonicalization and the tokenizers cost
    // inside the build.
    let cpu = cpu_secs();
    let (mut nw, mut nc, mut nr) = (0usize, 0usize, 0usize);
    for d in docs.iter().step_by(5) {
        let body = canonicalize(&d.body);
        let mut t = Vec::new();
        word_tokens(&body, &dict, &mut seg, &mut t);
        nw += t.len();
        t.clear();
        sala_search::analyzer::cluster_pair_tokens(&body, &mut t);
        nc += t.len();
        t.clear();
        sala_search::analyzer::raw_tokens(&body, &mut t);
        nr += t.len();
    }
    println!(
        "analysis of every 5th body (half Thai, half English): {:.2} CPU s ({nw} word, {nc} cluster, {nr} raw tokens) => ~{:.1} CPU s for all bodies",
        cpu_secs() - cpu,
        (cpu_secs() - cpu) * 5.0
    );

    // Index build.
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("SALA_BENCH_DIR").map(std::path::PathBuf::from);
    let dir_path = keep.unwrap_or_else(|| tmp.path().to_owned());
    let dir = &dir_path;
    let t = Instant::now();
    let cpu = cpu_secs();
    let b = IndexBuilder::create(dir.as_path()).unwrap();
    std::thread::scope(|s| {
        for chunk in docs.chunks(docs.len().div_ceil(2)) {
            let b = &b;
            s.spawn(move || {
                for d in chunk {
                    b.add(d).unwrap();
                }
            });
        }
    });
    b.finish().unwrap();
    let build = t.elapsed().as_secs_f64();
    println!(
        "index build: {:.2} s wall, {:.2} CPU s, for {} docs ({:.0} docs/s, {:.1} MB/s wall)",
        build,
        cpu_secs() - cpu,
        docs.len(),
        docs.len() as f64 / build,
        total_bytes as f64 / build / 1e6
    );

    let t = Instant::now();
    let packed = pack(dir.as_path(), "th").unwrap();
    let parts: usize = packed.parts.iter().map(|(_, b)| b.len()).sum();
    println!(
        "split th: entry {:.2} MB, {} parts of {:.1} MB, packed in {:.2} s",
        packed.entry.len() as f64 / 1e6,
        packed.parts.len(),
        parts as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let native = Searcher::open(dir.as_path()).unwrap();
    println!("open native: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    for li in native.languages() {
        println!(
            "  {}: {} docs, {} segments, {} Thai words in the query vocabulary",
            li.lang(),
            li.num_docs(),
            li.num_segments(),
            li.vocabulary_len()
        );
    }
    let t = Instant::now();
    let browser = Searcher::from_packed(&packed).unwrap();
    println!(
        "open split index: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    let queries: Vec<(&str, &str)> = vec![
        ("th", "น้ำ"),
        ("th", "ขยะชุมชน"),
        ("th", "การจัดการขยะ"),
        ("th", "ขอนแก่น PM2.5"),
        ("th", "\"แผนงบประมาณ\""),
        ("th", "ผู้สูงอายุ สุขภาพ"),
        ("en", "waste"),
        ("en", "recycling plastic"),
        ("en", "goverment"),
        ("en", "\"local plan\""),
        ("en", "village -road"),
    ];
    for (name, s) in [("native", &native), ("split", &browser)] {
        let mut lat = Vec::new();
        let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
        let cpu = cpu_secs();
        for _ in 0..10 {
            for (qi, (lang, text)) in queries.iter().enumerate() {
                if name == "split" && *lang != "th" {
                    continue; // the split index is Thai only
                }
                let q = Query {
                    text: text.to_string(),
                    lang: Some(lang.to_string()),
                    limit: 10,
                    ..Query::default()
                };
                let t = Instant::now();
                let r = s.search(&q).unwrap();
                let ms = t.elapsed().as_secs_f64() * 1e3;
                lat.push(ms);
                per_query[qi].push(ms);
                std::hint::black_box(r);
            }
        }
        let cpu_ms = (cpu_secs() - cpu) * 1e3 / lat.len() as f64;
        println!(
            "query latency {name}: mean CPU {cpu_ms:.2} ms/query; wall p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} queries)",
            pct(&mut lat, 0.5),
            pct(&mut lat, 0.95),
            pct(&mut lat, 1.0),
            lat.len()
        );
        for (qi, (_, text)) in queries.iter().enumerate() {
            if !per_query[qi].is_empty() {
                println!("  {text:>22}: p50 {:.2} ms", pct(&mut per_query[qi], 0.5));
            }
        }
    }
    for (lang, text) in &queries {
        let q = Query {
            text: text.to_string(),
            lang: Some(lang.to_string()),
            limit: 10,
            ..Query::default()
        };
        let a = native.search(&q).unwrap();
        let b = browser.search(&q).unwrap();
        if lang == &"th" {
            assert_eq!(a.hits, b.hits, "native and split index differ for {text}");
        }
        println!("  {text:>22}: {} hits", a.total);
    }
}
