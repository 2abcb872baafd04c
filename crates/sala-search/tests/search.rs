//! End-to-end behaviour over a small bilingual corpus: Thai and English matching,
//! normalization at both ends, phrases, exclusions, filters and facets, and the
//! browser's split index, read a part at a time, giving exactly the on-disk results.

use std::collections::HashMap;
use std::path::Path;

use sala_search::{pack, Answer, Doc, IndexBuilder, Query, SearchResults, Searcher};

/// A language's split index read as the browser reads it: parts are added only when a
/// search asks for them.
struct Browser {
    searcher: Searcher,
    parts: HashMap<String, Vec<u8>>,
}

impl Browser {
    fn new(dir: &Path, lang: &str) -> Browser {
        let packed = pack(dir, lang).unwrap();
        Browser {
            searcher: Searcher::from_entry(&packed.entry).unwrap(),
            parts: packed.parts.into_iter().collect(),
        }
    }

    /// Searches, adding the parts asked for; at most three rounds of them.
    fn search(&self, q: &Query) -> sala_search::Result<SearchResults> {
        for _ in 0..4 {
            match self.searcher.search_parts(q)? {
                Answer::Found(results) => return Ok(results),
                Answer::Need(names) => {
                    for name in names {
                        assert!(self.searcher.add_part(&name, self.parts[&name].clone()));
                    }
                }
            }
        }
        panic!("{q:?} still needs parts after three rounds");
    }
}

#[allow(clippy::too_many_arguments)]
fn doc(
    lang: &str,
    kind: &str,
    slug: &str,
    title: &str,
    body: &str,
    topics: &[&str],
    districts: &[&str],
    year: i32,
) -> Doc {
    let prefix = if lang == "th" { "" } else { "en/" };
    Doc {
        id: format!("{lang}:{kind}s/{slug}"),
        url: format!("{prefix}{kind}s/{slug}/index.html"),
        lang: lang.into(),
        kind: kind.into(),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        headings: vec![],
        topics: topics.iter().map(|s| s.to_string()).collect(),
        districts: districts.iter().map(|s| s.to_string()).collect(),
        problem: None,
        labels: vec![],
        year: Some(year),
        date: Some(format!("{year}-01-15")),
    }
}

fn corpus() -> Vec<Doc> {
    vec![
        doc("th", "case", "tap-water", "น้ำประปาหมู่บ้านสะอาด",
            "เทศบาลตำบลปรับปรุงระบบน้ำประปาหมู่บ้านให้ชาวบ้านมีน้ำดื่มสะอาดตลอดปี ๒๕๖๗",
            &["water"], &["4001"], 2024),
        doc("th", "case", "rice-field", "นาข้าวอินทรีย์",
            "กลุ่มเกษตรกรทำนาข้าวอินทรีย์ ลดการใช้สารเคมี ในปี 2566",
            &["agriculture"], &["4005"], 2023),
        doc("th", "guide", "waste", "การจัดการขยะชุมชน",
            "ขั้นตอนการคัดแยกขยะในชุมชน จังหวัดขอนแก่น และการลดฝุ่น PM2.5 จากการเผาขยะ",
            &["waste", "air"], &["4001", "4005"], 2024),
        doc("th", "case", "model", "กุดกว้างโมเดล",
            "โครงการกุดกว้างโมเดลฟื้นฟูแหล่งน้ำ\u{200B}ชุมชน ด้วยการมีส่วนร่วม",
            &["water"], &["4005"], 2024),
        doc("th", "forum", "air", "เวทีฝุ่นควัน",
            "ประชาชนขอนแก่นร่วมหารือเรื่องฝุ่นPM2.5 และการเผาในที่โล่ง",
            &["air"], &["4001"], 2025),
        doc("en", "guide", "waste", "Managing community waste",
            "Sorting waste at home and recycling plastics. The local plan sets targets for each village.",
            &["waste"], &["4001"], 2024),
        doc("en", "case", "water", "Village tap water",
            "The municipality improved the government water supply so households have clean water.",
            &["water"], &["4001"], 2024),
        doc("en", "forum", "plan", "Local development plan forum",
            "Citizens reviewed the local development plan. A plan for local roads was debated.",
            &["planning"], &["4005"], 2023),
    ]
}

fn build(dir: &Path) {
    let b = IndexBuilder::create(dir).unwrap();
    for d in corpus() {
        b.add(&d).unwrap();
    }
    b.finish().unwrap();
}

struct Fixture {
    _dir: tempfile::TempDir,
    native: Searcher,
    th: Browser,
    en: Browser,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    Fixture {
        native: Searcher::open(dir.path()).unwrap(),
        th: Browser::new(dir.path(), "th"),
        en: Browser::new(dir.path(), "en"),
        _dir: dir,
    }
}

fn q(text: &str, lang: &str) -> Query {
    Query {
        text: text.into(),
        lang: Some(lang.into()),
        limit: 10,
        ..Query::default()
    }
}

fn urls(r: &SearchResults) -> Vec<&str> {
    let mut v: Vec<&str> = r.hits.iter().map(|h| h.url.as_str()).collect();
    v.sort();
    v
}

impl Fixture {
    /// Searches natively and in the split index; asserts both agree; returns the result.
    fn search(&self, query: &Query) -> SearchResults {
        let native = self.native.search(query).unwrap();
        let bundle = match query.lang.as_deref() {
            Some("th") => &self.th,
            Some("en") => &self.en,
            _ => return native,
        };
        let b = bundle.search(query).unwrap();
        assert_eq!(native, b, "native and split index differ for {query:?}");
        native
    }
    fn urls(&self, text: &str, lang: &str) -> Vec<String> {
        urls(&self.search(&q(text, lang)))
            .into_iter()
            .map(String::from)
            .collect()
    }
}

#[test]
fn nam_is_not_na() {
    let f = fixture();
    assert_eq!(
        f.urls("น้ำ", "th"),
        vec!["cases/model/index.html", "cases/tap-water/index.html"]
    );
    assert_eq!(f.urls("นา", "th"), vec!["cases/rice-field/index.html"]);
}

#[test]
fn thai_digits_match_arabic_digits() {
    let f = fixture();
    assert_eq!(f.urls("2567", "th"), vec!["cases/tap-water/index.html"]);
    assert_eq!(f.urls("๒๕๖๖", "th"), vec!["cases/rice-field/index.html"]);
}

#[test]
fn zero_width_and_decomposed_sara_am_in_queries() {
    let f = fixture();
    let plain = f.urls("น้ำประปา", "th");
    assert_eq!(plain, vec!["cases/tap-water/index.html"]);
    assert_eq!(f.urls("น้ำ\u{200B}ประปา", "th"), plain);
    assert_eq!(f.urls("น\u{0E4D}\u{0E49}\u{0E32}ประปา", "th"), plain);
    // The zero-width space inside the indexed body does not hide the word.
    assert_eq!(f.urls("แหล่งน้ำชุมชน", "th"), vec!["cases/model/index.html"]);
}

#[test]
fn spaced_thai_query_equals_unspaced() {
    let f = fixture();
    for (a, b) in [
        ("น้ำ ประปา", "น้ำประปา"),
        ("ขยะ ชุมชน", "ขยะชุมชน"),
        ("นา ข้าว อินทรีย์", "นาข้าวอินทรีย์"),
    ] {
        let (ra, rb) = (f.search(&q(a, "th")), f.search(&q(b, "th")));
        assert!(ra.total > 0, "{a}");
        assert_eq!(ra, rb, "{a} vs {b}");
    }
}

#[test]
fn unknown_words_found_through_clusters() {
    let f = fixture();
    // "กุดกว้าง" is not in the dictionary; part of a compound still matches.
    assert_eq!(f.urls("กุดกว้าง", "th"), vec!["cases/model/index.html"]);
    assert_eq!(f.urls("กว้างโมเดล", "th"), vec!["cases/model/index.html"]);
}

#[test]
fn mixed_thai_english_query() {
    let f = fixture();
    assert_eq!(
        f.urls("PM2.5 ขอนแก่น", "th"),
        vec!["forums/air/index.html", "guides/waste/index.html"]
    );
}

#[test]
fn english_stemming_and_typos() {
    let f = fixture();
    assert_eq!(f.urls("manage", "en"), vec!["en/guides/waste/index.html"]);
    assert_eq!(
        f.urls("recycled plastic", "en"),
        vec!["en/guides/waste/index.html"]
    );
    // One typo in a 5+ letter word.
    assert_eq!(f.urls("goverment", "en"), vec!["en/cases/water/index.html"]);
    assert_eq!(f.urls("recyclng", "en"), vec!["en/guides/waste/index.html"]);
    // Short words get no fuzziness: "wator" is 5 letters (fuzzy), "roas" is not.
    assert_eq!(f.urls("wator", "en"), vec!["en/cases/water/index.html"]);
    let mut roas = q("roas", "en");
    roas.prefix = false;
    assert_eq!(f.search(&roas).total, 0);
}

#[test]
fn a_word_being_typed_matches_as_a_beginning() {
    let f = fixture();
    // English from the third letter, through the unstemmed words.
    assert_eq!(f.urls("recyc", "en"), vec!["en/guides/waste/index.html"]);
    assert_eq!(f.urls("roa", "en"), vec!["en/forums/plan/index.html"]);
    assert!(f.urls("ro", "en").is_empty());
    // Not once a space follows the word, nor with prefixes off.
    assert!(f.urls("roa ", "en").is_empty());
    let mut whole = q("roa", "en");
    whole.prefix = false;
    assert_eq!(f.search(&whole).total, 0);
    // Thai: the run being typed is completed from the index's words, however the
    // query's letters were segmented.
    assert_eq!(f.urls("ข้าวอินทร", "th"), vec!["cases/rice-field/index.html"]);
    assert_eq!(f.urls("นาข้าวอิน", "th"), vec!["cases/rice-field/index.html"]);
    // A leading vowel waits for its consonant; fewer than three clusters are not
    // completed (อิน is two: the answer is the one without prefixes).
    assert!(f.urls("นาข้าวอินทรีย์เ", "th").is_empty());
    let mut whole = q("อิน", "th");
    whole.prefix = false;
    assert_eq!(f.search(&q("อิน", "th")), f.search(&whole));
}

#[test]
fn words_together_rank_above_words_apart() {
    let dir = tempfile::tempdir().unwrap();
    let b = IndexBuilder::create(dir.path()).unwrap();
    let filler = "the village council met in the hall and talked for a long time. ";
    b.add(&doc("en", "guide", "apart", "Roads",
        &format!("A plan for roads. A plan for markets. {filler} Local markets, local roads, local shops."),
        &[], &[], 2024)).unwrap();
    b.add(&doc(
        "en",
        "guide",
        "together",
        "Council",
        &format!("{filler}{filler}{filler} The local plan was read out."),
        &[],
        &[],
        2024,
    ))
    .unwrap();
    b.add(&doc(
        "th",
        "guide",
        "apart",
        "ถนน",
        "แผนการซ่อมถนน ประชุมกันหลายครั้ง ผู้ใหญ่บ้านเสนอแผน ส่วนท้องถิ่นช่วยออกเงิน ท้องถิ่นดูแลถนน",
        &[],
        &[],
        2024,
    ))
    .unwrap();
    b.add(&doc(
        "th",
        "guide",
        "together",
        "การประชุม",
        "ที่ประชุมหารือกันยาวนานเรื่องงบประมาณและเรื่องอื่น ๆ อีกมาก แล้วอ่านแผนท้องถิ่นให้ฟัง",
        &[],
        &[],
        2024,
    ))
    .unwrap();
    b.finish().unwrap();
    let s = Searcher::open(dir.path()).unwrap();
    let first = |text: &str, lang: &str| s.search(&q(text, lang)).unwrap().hits[0].url.clone();
    assert_eq!(first("local plan", "en"), "en/guides/together/index.html");
    assert_eq!(first("แผน ท้องถิ่น", "th"), "guides/together/index.html");
    // Without the near phrase the page with the words apart would come first: the
    // test compares something.
    #[cfg(feature = "tuning")]
    {
        use sala_search::query::{tuning, Weights, WEIGHTS};
        tuning::set(Some(Weights {
            near: 0.0,
            ..WEIGHTS
        }));
        assert_eq!(first("local plan", "en"), "en/guides/apart/index.html");
        assert_eq!(first("แผน ท้องถิ่น", "th"), "guides/apart/index.html");
        tuning::set(None);
    }
}

#[test]
fn phrases_and_exclusions() {
    let f = fixture();
    assert_eq!(
        f.urls("\"local plan\"", "en"),
        vec!["en/guides/waste/index.html"]
    );
    assert_eq!(
        f.urls("\"development plan\"", "en"),
        vec!["en/forums/plan/index.html"]
    );
    assert_eq!(
        f.urls("plan -forum", "en"),
        vec!["en/guides/waste/index.html"]
    );
    assert_eq!(
        f.urls("\"น้ำดื่มสะอาด\"", "th"),
        vec!["cases/tap-water/index.html"]
    );
    assert!(f.urls("\"สะอาดน้ำดื่ม\"", "th").is_empty());
}

#[test]
fn snippets_mark_matches_and_escape() {
    let f = fixture();
    let r = f.search(&q("ขยะ", "th"));
    assert!(
        r.hits[0].snippet.contains("<mark>ขยะ</mark>"),
        "{}",
        r.hits[0].snippet
    );
    let r = f.search(&q("recycling", "en"));
    assert!(
        r.hits[0].snippet.contains("<mark>recycling</mark>"),
        "{}",
        r.hits[0].snippet
    );
}

#[test]
fn filters_and_facets() {
    let f = fixture();
    let all = f.search(&q("", "th"));
    assert_eq!(all.total, 5);
    assert_eq!(
        all.facets.kind,
        vec![("case".into(), 3), ("forum".into(), 1), ("guide".into(), 1)]
    );
    assert_eq!(all.facets.lang, vec![("th".into(), 5)]);
    assert_eq!(all.facets.year, vec![(2024, 3), (2023, 1), (2025, 1)]);

    let mut query = q("", "th");
    query.kind = Some("case".into());
    query.district = Some("4005".into());
    let r = f.search(&query);
    assert_eq!(r.total, 2);
    assert_eq!(
        urls(&r),
        vec!["cases/model/index.html", "cases/rice-field/index.html"]
    );
    // kind facet: other filters (district 4005) applied, kind itself not.
    assert_eq!(r.facets.kind, vec![("case".into(), 2), ("guide".into(), 1)]);
    // district facet: kind = case applied, district not.
    assert_eq!(
        r.facets.district,
        vec![("4001".into(), 1), ("4005".into(), 2)]
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
    );
    assert_eq!(
        r.facets.topic,
        vec![("agriculture".into(), 1), ("water".into(), 1)]
    );

    let mut query = q("น้ำ", "th");
    query.year = Some(2024);
    query.topic = Some("water".into());
    assert_eq!(f.search(&query).total, 2);
    query.year = Some(2023);
    let r = f.search(&query);
    assert_eq!(r.total, 0);
    assert_eq!(r.facets.year, vec![(2024, 2)]);
}

#[test]
fn all_languages_natively() {
    let f = fixture();
    let mut query = q("water", "en");
    query.lang = None;
    let r = f.native.search(&query).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.facets.lang, vec![("en".into(), 1)]);
    let r = f
        .native
        .search(&Query {
            lang: None,
            ..q("", "th")
        })
        .unwrap();
    assert_eq!(r.total, 8);
    // A language with no index gives no results, not an error.
    assert_eq!(f.native.search(&q("water", "fr")).unwrap().total, 0);
    assert_eq!(f.th.search(&q("water", "en")).unwrap().total, 0);
}

#[test]
fn bundle_round_trip_many_queries() {
    let f = fixture();
    for text in [
        "",
        "น้ำ",
        "ขยะ",
        "ขอนแก่น",
        "ชุมชน",
        "\"ฝุ่น\"",
        "การ",
        "ปี",
        "2567",
        "pm2.5",
        "-ขยะ",
        "น้ำ -ประปา",
        "กุดกว้าง",
        "ก",
        "่",
    ] {
        for limit in [0, 1, 3, 10] {
            let mut query = q(text, "th");
            query.limit = limit;
            f.search(&query);
        }
    }
    for text in [
        "plan",
        "local plan",
        "\"local plan\"",
        "water -tap",
        "plam",
        "the",
        "a",
    ] {
        f.search(&q(text, "en"));
    }
}

#[test]
fn rebuild_replaces_index_and_keeps_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "x").unwrap();
    build(dir.path());
    build(dir.path());
    let s = Searcher::open(dir.path()).unwrap();
    assert_eq!(
        s.search(&Query {
            lang: None,
            ..q("", "th")
        })
        .unwrap()
        .total,
        8
    );
    assert!(dir.path().join("README.md").exists());
}

#[test]
fn builder_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<IndexBuilder>();
    assert_send_sync::<Searcher>();
    let dir = tempfile::tempdir().unwrap();
    let b = IndexBuilder::create(dir.path()).unwrap();
    let docs = corpus();
    std::thread::scope(|s| {
        for chunk in docs.chunks(3) {
            let b = &b;
            s.spawn(move || chunk.iter().for_each(|d| b.add(d).unwrap()));
        }
    });
    b.finish().unwrap();
    let s = Searcher::open(dir.path()).unwrap();
    for li in s.languages() {
        assert_eq!(li.num_segments(), 1, "finish merges to one segment");
    }
    assert_eq!(
        s.search(&Query {
            lang: None,
            ..q("", "th")
        })
        .unwrap()
        .total,
        8
    );
}

#[test]
fn a_hit_reads_its_stored_text_from_one_part() {
    // Pages of about 3 KB each: in 4 KiB parts of the doc store, some would straddle
    // two parts, and a block would hold a neighbour's text. A hit reads its own page.
    let dir = tempfile::tempdir().unwrap();
    let b = IndexBuilder::create(dir.path()).unwrap();
    // Letters from a small LCG: text that compresses about as little as prose does.
    let mut seed = 7u32;
    let mut letter = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        char::from(b'a' + ((seed >> 16) % 26) as u8)
    };
    for i in 0..60 {
        let body: Vec<String> = (0..500)
            .map(|_| (0..5).map(|_| letter()).collect())
            .collect();
        let mut d = doc(
            "en",
            "guide",
            &format!("p{i}"),
            &format!("page{i}"),
            &body.join(" "),
            &[],
            &[],
            2024,
        );
        d.id = format!("en:guides/p{i}");
        b.add(&d).unwrap();
    }
    b.finish().unwrap();
    let packed = pack(dir.path(), "en").unwrap();
    let searcher = Searcher::from_entry(&packed.entry).unwrap();
    let parts: HashMap<String, Vec<u8>> = packed.parts.iter().cloned().collect();
    for i in 0..60 {
        let query = Query {
            limit: 1,
            ..q(&format!("page{i}"), "en")
        };
        let mut store_parts = 0;
        let results = loop {
            match searcher.search_parts(&query).unwrap() {
                Answer::Found(r) => break r,
                Answer::Need(names) => {
                    for name in names {
                        let source = &packed.sources[&name];
                        store_parts += usize::from(source == "pages" || source.ends_with(".store"));
                        searcher.add_part(&name, parts[&name].clone());
                    }
                }
            }
        };
        assert_eq!(urls(&results), [format!("en/guides/p{i}/index.html")]);
        assert_eq!(
            store_parts, 1,
            "page{i}: stored text from {store_parts} parts"
        );
    }
}

#[test]
fn a_language_over_its_memory_budget_is_written_in_parts_and_merged() {
    let whole = tempfile::tempdir().unwrap();
    build(whole.path());
    // A budget a fresh segment already exceeds: every page closes a part.
    let parted = tempfile::tempdir().unwrap();
    // What an interrupted build could leave: gone when the next one starts.
    std::fs::create_dir(parted.path().join(".th-part-9")).unwrap();
    let b = IndexBuilder::create_with_budget(parted.path(), 1 << 20).unwrap();
    for d in corpus() {
        b.add(&d).unwrap();
    }
    let scratch = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count()
    };
    // A part per page: five Thai pages and three English ones, each language's first
    // part in its own folder.
    assert_eq!(
        scratch(parted.path()),
        4 + 2,
        "parts are written as pages come"
    );
    b.finish().unwrap();
    assert_eq!(scratch(parted.path()), 0, "finish leaves no parts behind");

    let (whole, parted) = (
        Searcher::open(whole.path()).unwrap(),
        Searcher::open(parted.path()).unwrap(),
    );
    for li in parted.languages() {
        assert_eq!(
            li.num_segments(),
            1,
            "the parts are merged into one segment"
        );
    }
    for (text, lang) in [
        ("น้ำ", "th"),
        ("ขยะ", "th"),
        ("กุดกว้าง", "th"),
        ("\"ฝุ่น\"", "th"),
        ("", "th"),
        ("plan", "en"),
        ("goverment", "en"),
        ("\"local plan\"", "en"),
    ] {
        let query = q(text, lang);
        assert_eq!(
            whole.search(&query).unwrap(),
            parted.search(&query).unwrap(),
            "{text:?}"
        );
    }
}

/// The byte ranges of an entry that are hot bytes (tantivy's own files), following the
/// format in `parts.rs`: the rest is the layout Sala reads. Also the cuts its files use.
fn hot_ranges(entry: &[u8]) -> (Vec<std::ops::Range<usize>>, Vec<u8>) {
    let u32_at = |at: usize| u32::from_le_bytes(entry[at..at + 4].try_into().unwrap()) as usize;
    let str_len = |at: usize| u16::from_le_bytes(entry[at..at + 2].try_into().unwrap()) as usize;
    let mut at = 8 + 4;
    at += 2 + str_len(at) + 4 + 4;
    let files = u32_at(at);
    at += 4;
    let (mut hot, mut cuts) = (Vec::new(), Vec::new());
    for _ in 0..files {
        at += 2 + str_len(at) + 8;
        let ranges = u32_at(at);
        at += 4;
        for _ in 0..ranges {
            let n = u32_at(at + 8);
            hot.push(at + 12..at + 12 + n);
            at += 12 + n;
        }
        let parts = u32_at(at);
        at += 4;
        let cut = entry[at];
        cuts.push(cut);
        at += 1;
        if cut == 1 {
            for _ in 0..parts {
                while entry[at] & 0x80 != 0 {
                    at += 1;
                }
                at += 1;
            }
        }
        at += 4 + 8 * u32_at(at);
    }
    // The pages: their count, then one hash per group.
    at += 4;
    at += 4 + 8 * u32_at(at);
    assert_eq!(
        at,
        entry.len(),
        "the test reads the format as parts.rs writes it"
    );
    (hot, cuts)
}

#[test]
fn a_damaged_entry_is_an_error_not_a_panic() {
    // Some long pages, so that pages span several lz4 blocks' worth of text.
    let dir = tempfile::tempdir().unwrap();
    let b = IndexBuilder::create(dir.path()).unwrap();
    for d in corpus() {
        b.add(&d).unwrap();
    }
    let mut seed = 11u32;
    for i in 0..8 {
        let body: Vec<String> = (0..600)
            .map(|_| {
                (0..5)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        char::from(b'a' + ((seed >> 16) % 26) as u8)
                    })
                    .collect()
            })
            .collect();
        b.add(&doc(
            "th",
            "guide",
            &format!("long{i}"),
            "ยาว",
            &body.join(" "),
            &[],
            &[],
            2024,
        ))
        .unwrap();
    }
    b.finish().unwrap();
    let packed = pack(dir.path(), "th").unwrap();
    let entry = packed.entry.clone();
    assert!(Searcher::from_entry(&entry).is_ok());
    // Shortened, or with a byte of its layout changed (names, lengths, hot ranges,
    // part counts, cuts, part lengths and hashes), an entry opens or fails; it never
    // panics. Damaged hot bytes are tantivy's to judge, and it does not always.
    for cut in 0..entry.len() {
        assert!(Searcher::from_entry(&entry[..cut]).is_err());
    }
    let (hot, cuts) = hot_ranges(&entry);
    assert!(
        cuts.contains(&2),
        "the doc store is not in parts: the pages are"
    );
    for at in (0..entry.len()).filter(|at| !hot.iter().any(|r| r.contains(at))) {
        for flip in [0x01, 0xFF] {
            let mut bad = entry.clone();
            bad[at] ^= flip;
            let _ = Searcher::from_entry(&bad);
        }
    }
    // A damaged page is an error of the query that shows it, not a panic.
    let query = q("ยาว", "th");
    let whole = Searcher::from_packed(&packed).unwrap();
    assert_eq!(whole.search(&query).unwrap().hits.len(), 8);
    for damage in [
        |b: &mut Vec<u8>| b.truncate(b.len() / 2),
        |b: &mut Vec<u8>| b[0] ^= 0x40,
    ] {
        let searcher = Searcher::from_entry(&entry).unwrap();
        for (name, bytes) in &packed.parts {
            let mut bytes = bytes.clone();
            if name.contains("/p") {
                damage(&mut bytes);
            }
            searcher.add_part(name, bytes);
        }
        assert!(searcher.search(&query).is_err());
    }
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Searcher::open(dir.path()).is_err());
    assert!(Searcher::from_entry(b"nope").is_err());
    let b = IndexBuilder::create(dir.path()).unwrap();
    let bad = Doc {
        lang: "../x".into(),
        ..Doc::default()
    };
    assert!(b.add(&bad).is_err());
    b.finish().unwrap();
    assert!(pack(dir.path(), "fr").is_err());
}
