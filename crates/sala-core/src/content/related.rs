//! Related pages: for each guide, case study and forum summary, the pages of its own
//! language that share the most with it, so an officer who found one solution finds the
//! next without searching again. Baked into the HTML: it works offline and without JS.
//!
//! A page is described by the distinct words of its title, summary and labels (topic,
//! problem and district names), analyzed as the search index's word fields are (Thai
//! segmented with the same dictionary, English stemmed), plus its topics, districts and
//! problem category. The body and its headings are left out: section names are the same
//! on every page, and reading the body again would cost a tenth of a build at 10,000
//! items. Two pages score the sum of the weights of what they share: a word weighs its
//! inverse document frequency in the language, so a word every page uses says nothing;
//! a shared problem category, topic or district weighs a fixed amount on the same scale,
//! added to pages that share a word. Only each page's rarest words take part (as in a
//! "more like this" query), and none on more than one page in 50: the cost stays linear
//! in the number of pages. Ties are broken by page key, so builds are repeatable.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sala_search::analyzer::{push_other_term, runs, Script, THAI_LETTER_BYTES};
use sala_search::dict::Dictionary;
use sala_search::normalize::canonicalize;
use sala_search::segment::Segmenter;
use sala_search::tcc;

use super::{Kind, Page, Site};

/// Most related pages listed on a page.
pub const MAX_RELATED: usize = 5;
/// The words of a page that take part: the rarest ones in its language.
const WORDS_PER_PAGE: usize = 32;
/// A word takes part only on at most one page in this many of its language…
const MAX_DF_SHARE: u32 = 50;
/// …or on at most this many pages, in a small site.
const MIN_MAX_DF: u32 = 8;
/// Weights of shared labels, on the scale of a word's inverse document frequency
/// (ln of pages per page using it: about 2 to 8).
const SHARED_PROBLEM: f32 = 4.0;
const SHARED_TOPIC: f32 = 3.0;
const SHARED_DISTRICT: f32 = 2.0;

/// One page's features: the words of its title and summary, the names it is labelled
/// with (by number in [`LabelWords`]), and its labels.
struct Features {
    words: Vec<String>,
    named: Vec<usize>,
    labels: Vec<(String, f32)>,
}

/// The words of every topic, problem and district name, segmented once per site: a site
/// has a few hundred names, and each is on thousands of pages.
struct LabelWords {
    number: HashMap<String, usize>,
    words: Vec<Vec<String>>,
}

fn relates(page: &Page) -> bool {
    matches!(page.kind(), Kind::Guide | Kind::Case | Kind::Forum)
}

/// For every page of `site.pages` (by index), the indexes of its related pages, best
/// first; empty for pages of other kinds.
pub fn related(site: &Site) -> Vec<Vec<usize>> {
    let t = std::time::Instant::now();
    // Shared with the index, which is built at the same time: whichever asks first
    // builds it.
    let dict = sala_search::dict::builtin();
    let labels = label_words(site, &mut WordReader::new(&dict));
    tracing::info!("related: dictionary and labels {:?}", t.elapsed());
    let features: Vec<Option<Features>> = site
        .pages
        .par_iter()
        .map_init(
            || WordReader::new(&dict),
            |reader, page| relates(page).then(|| features_of(site, page, reader, &labels)),
        )
        .collect();
    tracing::info!("related: pages read {:?}", t.elapsed());
    let mut out = vec![Vec::new(); site.pages.len()];
    for lang in site.languages() {
        let members: Vec<usize> = (0..site.pages.len())
            .filter(|&i| features[i].is_some() && site.pages[i].lang() == lang)
            .collect();
        for (i, list) in related_in(site, &features, &labels, &members) {
            out[i] = list;
        }
    }
    out
}

/// Reads words with one segmenter (and the buffers it keeps) per thread, as the
/// index's analyzer does: a segmenter per run cost as much as the segmenting.
struct WordReader<'d> {
    dict: &'d Dictionary,
    segmenter: Segmenter,
}

impl<'d> WordReader<'d> {
    fn new(dict: &'d Dictionary) -> Self {
        WordReader {
            dict,
            segmenter: Segmenter::default(),
        }
    }

    /// The words of `text` as the index's word fields have them: Thai segmented with
    /// the index's dictionary (words of one syllable left out: they are mostly grammar,
    /// ที่, และ), other words of 4 letters or more stemmed. The cluster pairs and typo
    /// forms the index also makes are no use here and cost as much again.
    fn words_of(&mut self, text: &str, words: &mut Vec<String>) {
        let text = canonicalize(text);
        let (mut codes, mut pieces) = self.segmenter.take_scratch();
        for run in runs(&text) {
            match run.script {
                Script::Thai => {
                    tcc::codes_of(run.text, &mut codes);
                    pieces.clear();
                    self.segmenter.segment(self.dict, &codes, &mut pieces);
                    // Pieces count letters; at least 3 letters make a word here.
                    let at = |j: usize| THAI_LETTER_BYTES * j;
                    words.extend(
                        pieces
                            .iter()
                            .filter(|p| p.end - p.start >= 3)
                            .map(|p| run.text[at(p.start)..at(p.end)].to_owned()),
                    );
                }
                Script::Other if run.text.chars().filter(|c| c.is_alphabetic()).count() >= 4 => {
                    let mut stem = String::new();
                    push_other_term(run.text, &mut stem);
                    words.push(stem)
                }
                Script::Other => {}
            }
        }
        self.segmenter.put_scratch(codes, pieces);
    }
}

/// The words of every topic, problem and district name, in every language.
fn label_words(site: &Site, reader: &mut WordReader) -> LabelWords {
    let config = &site.config;
    let mut out = LabelWords {
        number: HashMap::new(),
        words: Vec::new(),
    };
    for lang in site.languages() {
        let names = config
            .topics
            .iter()
            .chain(&config.problems)
            .map(|t| t.label(lang).to_owned())
            .chain(config.districts.iter().map(|d| d.name(lang).to_owned()));
        for name in names {
            out.number.entry(name).or_insert_with_key(|name| {
                let mut words = Vec::new();
                reader.words_of(name, &mut words);
                out.words.push(words);
                out.words.len() - 1
            });
        }
    }
    out
}

fn features_of(
    site: &Site,
    page: &Page,
    reader: &mut WordReader,
    label_words: &LabelWords,
) -> Features {
    let mut words: Vec<String> = Vec::new();
    let mut named = Vec::new();
    reader.words_of(page.title(), &mut words);
    reader.words_of(&page.summary(), &mut words);
    for name in site.labels_of(page) {
        match label_words.number.get(&name) {
            Some(&number) => named.push(number),
            None => reader.words_of(&name, &mut words),
        }
    }
    let mut labels: Vec<(String, f32)> = page
        .common
        .topics
        .iter()
        .map(|t| (format!("topic:{t}"), SHARED_TOPIC))
        .chain(
            page.meta
                .problem()
                .map(|p| (format!("problem:{p}"), SHARED_PROBLEM)),
        )
        .chain(
            page.meta
                .districts()
                .iter()
                .map(|d| (format!("district:{d}"), SHARED_DISTRICT)),
        )
        .collect();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels.dedup_by(|a, b| a.0 == b.0);
    Features {
        words,
        named,
        labels,
    }
}

/// The weight of the labels two pages share (both lists sorted by label).
fn shared(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Related pages among `members` (indexes of pages of one language).
fn related_in<'a>(
    site: &Site,
    features: &'a [Option<Features>],
    label_words: &'a LabelWords,
    members: &[usize],
) -> Vec<(usize, Vec<usize>)> {
    let n = members.len() as f32;
    let feature = |i: usize| features[i].as_ref().expect("members have features");
    // Words, labels and keys become numbers once, so that scoring, which looks each
    // up thousands of times per page, compares and indexes instead of hashing strings.
    let mut word_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut number_of = |w: &'a str| {
        let next = word_ids.len() as u32;
        *word_ids.entry(w).or_insert(next)
    };
    let named_ids: Vec<Vec<u32>> = label_words
        .words
        .iter()
        .map(|ws| ws.iter().map(|w| number_of(w)).collect())
        .collect();
    let page_words: Vec<Vec<u32>> = members
        .iter()
        .map(|&i| {
            let f = feature(i);
            let mut ids: Vec<u32> = f.words.iter().map(|w| number_of(w)).collect();
            for &n in &f.named {
                ids.extend_from_slice(&named_ids[n]);
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let mut df = vec![0u32; word_ids.len()];
    for ids in &page_words {
        for &id in ids {
            df[id as usize] += 1;
        }
    }
    let mut spelling = vec![""; df.len()];
    for (w, &id) in &word_ids {
        spelling[id as usize] = w;
    }
    // Label numbers in the order of their names, so that lists sorted by number are
    // sorted by name and sums add up in the same order on every build.
    let mut label_ids: FxHashMap<&str, u32> = FxHashMap::default();
    for &i in members {
        for (l, _) in &feature(i).labels {
            label_ids.entry(l.as_str()).or_insert(0);
        }
    }
    let mut label_names: Vec<&str> = label_ids.keys().copied().collect();
    label_names.sort_unstable();
    for (rank, name) in label_names.iter().enumerate() {
        label_ids.insert(name, rank as u32);
    }
    let page_labels: Vec<Vec<(u32, f32)>> = members
        .iter()
        .map(|&i| {
            feature(i)
                .labels
                .iter()
                .map(|(l, weight)| (label_ids[l.as_str()], *weight))
                .collect()
        })
        .collect();
    // Ties go to the page whose key sorts first.
    let mut by_key: Vec<usize> = (0..members.len()).collect();
    by_key.sort_by(|&a, &b| {
        site.pages[members[a]]
            .key()
            .cmp(site.pages[members[b]].key())
    });
    let mut key_rank = vec![0u32; members.len()];
    for (rank, &o) in by_key.iter().enumerate() {
        key_rank[o] = rank as u32;
    }
    let idf = |id: u32| (n / df[id as usize] as f32).ln();
    // A word on more pages than this relates too many to say which are alike, and
    // would make the cost grow with the square of the pages.
    let max_df = (n as u32 / MAX_DF_SHARE).max(MIN_MAX_DF);
    // Each page's rarest words (a word on one page only relates nothing), with their
    // weights; ties in word order.
    let chosen: Vec<Vec<(u32, f32)>> = page_words
        .par_iter()
        .map(|words| {
            let mut ws: Vec<(u32, f32)> = words
                .iter()
                .filter(|&&id| (2..=max_df).contains(&df[id as usize]))
                .map(|&id| (id, idf(id)))
                .filter(|(_, weight)| *weight > 0.0)
                .collect();
            ws.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then(spelling[a.0 as usize].cmp(spelling[b.0 as usize]))
            });
            ws.truncate(WORDS_PER_PAGE);
            ws
        })
        .collect();
    // Who chose each word, by position in `members`. Labels are not looked up this way:
    // a topic or district can be on thousands of pages, and every page would then
    // score every other.
    let mut holders: Vec<Vec<u32>> = vec![Vec::new(); df.len()];
    for (m, ws) in chosen.iter().enumerate() {
        for &(id, _) in ws {
            holders[id as usize].push(m as u32);
        }
    }
    (0..members.len())
        .into_par_iter()
        .map_init(
            || vec![0f32; members.len()],
            |scores, m| {
                let mut touched: Vec<usize> = Vec::new();
                for &(id, weight) in &chosen[m] {
                    for &other in &holders[id as usize] {
                        let other = other as usize;
                        if other != m {
                            if scores[other] == 0.0 {
                                touched.push(other);
                            }
                            scores[other] += weight;
                        }
                    }
                }
                let mine = &page_labels[m];
                for &o in &touched {
                    scores[o] += shared(mine, &page_labels[o]);
                }
                let order = |a: &usize, b: &usize| {
                    scores[*b]
                        .total_cmp(&scores[*a])
                        .then(key_rank[*a].cmp(&key_rank[*b]))
                };
                if touched.len() > MAX_RELATED {
                    touched.select_nth_unstable_by(MAX_RELATED - 1, order);
                }
                let mut best = touched[..touched.len().min(MAX_RELATED)].to_vec();
                best.sort_by(order);
                // Only what was touched is cleared: most of the language was not.
                for &o in &touched {
                    scores[o] = 0.0;
                }
                (members[m], best.into_iter().map(|o| members[o]).collect())
            },
        )
        .collect()
}
