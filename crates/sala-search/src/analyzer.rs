//! The analyzer: canonical text → tokens, identical at index and query time.
//!
//! Owns how text is cut into the token streams the schema indexes:
//!
//! * **words** ([`word_tokens`]): Thai runs are segmented by [`crate::segment`] against a
//!   dictionary (the shipped list when indexing, the index vocabulary when querying);
//!   every other alphanumeric run (Latin, digits, Thai digits folded to ASCII) is one
//!   token, lowercased and, if it has letters and no digits, stemmed with the Snowball
//!   English stemmer. A `.` between two digits stays inside the token (`pm2.5`).
//! * **cluster pairs** ([`cluster_pairs`]): a Thai character cluster with the cluster
//!   after it, as one term. A word is in a text only if all its inner pairs are, so
//!   pairs find words no dictionary knows without storing positions. Titles get every
//!   pair; other text only the pairs word tokens cannot stand in for
//!   ([`Analysis::pairs`]).
//! * **raw** ([`raw_spans`]): other words folded but not stemmed, for typo tolerance.
//!
//! [`analyze`] makes the words and the sparse pairs of a text in one pass.
//!
//! Input must already be [`crate::normalize::canonicalize`]d; offsets are byte offsets
//! into it. The tantivy [`Tokenizer`](tantivy::tokenizer::Tokenizer) adapters used by
//! the index writer live here too (native only).

use crate::dict::Dictionary;
use crate::normalize::fold_char;
use crate::segment::Segmenter;
use crate::tcc::{self, is_thai_letter};

/// What kind of run a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Thai,
    Other,
}

/// One token: its indexed text, byte range in the canonical input and script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub script: Script,
}

/// Longest token kept, in bytes; longer runs (base64, hashes) are cut.
pub const MAX_TOKEN_BYTES: usize = 120;

/// A run of text of one script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    pub start: usize,
    pub script: Script,
}

/// Bytes of every Thai letter in UTF-8: a cut before letter `j` of a Thai run falls
/// `THAI_LETTER_BYTES * j` bytes into it.
pub const THAI_LETTER_BYTES: usize = 3;

fn is_other_word_char(c: char) -> bool {
    !is_thai_letter(c) && c.is_alphanumeric()
}

/// Splits canonical text into Thai runs and other alphanumeric runs, skipping
/// separators.
///
/// Reads bytes, not chars: every text is split, and Thai letters (`E0 B8|B9 xx`) and
/// ASCII, nearly all of it, are told apart without decoding.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if tcc::thai_letter_at(b, i) {
            i += THAI_LETTER_BYTES;
            while tcc::thai_letter_at(b, i) {
                i += THAI_LETTER_BYTES;
            }
            out.push(Run {
                text: &text[start..i],
                start,
                script: Script::Thai,
            });
            continue;
        }
        let c = char_at(text, i);
        i += c.len_utf8();
        if !is_other_word_char(c) {
            continue;
        }
        let mut prev = c;
        while i < b.len() && !tcc::thai_letter_at(b, i) {
            let d = char_at(text, i);
            let same = is_other_word_char(d)
                || (d == '.'
                    && fold_char(prev).is_ascii_digit()
                    && text[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| fold_char(n).is_ascii_digit()));
            if !same {
                break;
            }
            i += d.len_utf8();
            prev = d;
        }
        out.push(Run {
            text: &text[start..i],
            start,
            script: Script::Other,
        });
    }
    out
}

/// The char starting at byte `i` of `text` (a char boundary).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or_default(),
    }
}

/// The indexed form of a non-Thai token: folded, stemmed if it is a word.
pub fn other_term(raw: &str) -> String {
    let folded: String = raw.chars().map(fold_char).collect();
    stem_folded(folded)
}

/// Appends [`other_term`] of `raw` to `out`, remembered per thread: words repeat (Zipf),
/// and the stemmer ran on the same few thousand words over and over. Used by the index
/// writer's tokenizers and by related pages, which read on the same threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn push_other_term(raw: &str, out: &mut String) {
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        if let Some(term) = stems.get(raw) {
            out.push_str(term);
            return;
        }
        let term = other_term(raw);
        out.push_str(&term);
        // Bounded, in case of odd input.
        if stems.len() >= STEM_CACHE_MAX {
            stems.clear();
        }
        stems.insert(raw.to_owned(), term);
    })
}

#[cfg(not(target_arch = "wasm32"))]
const STEM_CACHE_MAX: usize = 200_000;

#[cfg(not(target_arch = "wasm32"))]
type StemCache = std::collections::HashMap<
    String,
    String,
    std::hash::BuildHasherDefault<crate::dict::KeyHasher>,
>;

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache::default());
}

fn stem_folded(folded: String) -> String {
    let mut folded = folded;
    if folded.len() > MAX_TOKEN_BYTES {
        let mut cut = MAX_TOKEN_BYTES;
        while !folded.is_char_boundary(cut) {
            cut -= 1;
        }
        folded.truncate(cut);
    }
    if folded.chars().any(|c| c.is_ascii_digit()) || !folded.chars().any(char::is_alphabetic) {
        return folded;
    }
    let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    match stemmer.stem(&folded) {
        std::borrow::Cow::Borrowed(_) => folded,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// Where a token lies in the canonical text, before its indexed text is made: the
/// index writer turns spans into tokens without allocating a string per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub script: Script,
}

/// What the index takes from one text, found in one pass over it: the word spans and
/// the cluster pairs the word tokens cannot stand in for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Word spans, Thai runs segmented: a Thai span's token is its text; another
    /// span's is [`other_term`] of its text.
    pub words: Vec<Span>,
    /// The cluster pairs (see [`cluster_pairs`]) that word tokens cannot stand in for:
    /// * every pair touching a Thai word the dictionary lacks, so it is found however
    ///   a query segments it;
    /// * the pair across a boundary between two dictionary words whose two clusters
    ///   are a dictionary word themselves, so that a word the text splits elsewhere
    ///   is found (ทำนา in ทำ|นาปรัง, through "ทำ นา").
    ///
    /// The pairs inside dictionary words are left out: the word field finds those
    /// words, and the words they are part of are found at query time from the
    /// vocabulary ([`crate::dict::Vocabulary::compounds_of`]). They were three
    /// quarters of all pairs and the largest single cost of indexing. The other
    /// pairs across boundaries (ใน การ, และ ที่) are left out too: a query can only
    /// need one whose clusters make a word, and as distinct terms of their own the
    /// rest were a fifth of the sample site's Thai bundle.
    pub pairs: Vec<Pair>,
}

impl Analysis {
    /// The unstemmed non-Thai word spans of the analyzed `text` (see [`raw_spans`]).
    pub fn raw_spans<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Span> + 'a {
        self.words
            .iter()
            .copied()
            .filter(move |s| s.script == Script::Other && is_raw_word(&text[s.start..s.end]))
    }
}

/// Analyzes canonical `text` into `out` (cleared first), segmenting Thai runs against
/// `dict`.
pub fn analyze(text: &str, dict: &Dictionary, seg: &mut Segmenter, out: &mut Analysis) {
    out.words.clear();
    out.pairs.clear();
    // About one word per 8 bytes in Thai and English alike: grown once, not doubled
    // a dozen times.
    out.words.reserve(text.len() / 8);
    let (mut codes, mut pieces) = seg.take_scratch();
    for run in runs(text) {
        match run.script {
            Script::Other => out.words.push(Span {
                start: run.start,
                end: run.start + run.text.len(),
                script: Script::Other,
            }),
            Script::Thai => {
                tcc::codes_of(run.text, &mut codes);
                let at = |j: usize| run.start + THAI_LETTER_BYTES * j;
                pieces.clear();
                seg.segment(dict, &codes, &mut pieces);
                let bounds = seg.cluster_bounds();
                // Pieces start and end on cluster boundaries; `next` keeps a pair
                // from being added twice.
                // Pieces follow each other, so their boundaries' places in `bounds`
                // are found by walking it once.
                let (mut next, mut last) = (0, 0);
                for p in &pieces {
                    let first = last;
                    while bounds[last] < p.end {
                        last += 1;
                    }
                    debug_assert!(bounds[first] == p.start && bounds[last] == p.end);
                    if p.known {
                        // The pair across the boundary into a known word, if its two
                        // clusters make a word of their own (ทำนา across ทำ|นาปรัง).
                        if first > next && seg.pair_is_word(first - 1) {
                            out.pairs.extend(pair_at(bounds, run.start, first - 1));
                        }
                        next = next.max(first);
                    } else {
                        for k in first.saturating_sub(1).max(next)..last {
                            out.pairs.extend(pair_at(bounds, run.start, k));
                        }
                        next = next.max(last);
                    }
                    let (s, e) = (at(p.start), at(p.end));
                    if e - s > MAX_TOKEN_BYTES {
                        continue;
                    }
                    out.words.push(Span {
                        start: s,
                        end: e,
                        script: Script::Thai,
                    });
                }
            }
        }
    }
    seg.put_scratch(codes, pieces);
}

/// Word tokens of canonical `text`, Thai runs segmented against `dict`.
pub fn word_tokens(text: &str, dict: &Dictionary, seg: &mut Segmenter, out: &mut Vec<Tok>) {
    let mut analysis = Analysis::default();
    analyze(text, dict, seg, &mut analysis);
    out.extend(analysis.words.into_iter().map(|s| Tok {
        text: match s.script {
            Script::Thai => text[s.start..s.end].to_owned(),
            Script::Other => other_term(&text[s.start..s.end]),
        },
        start: s.start,
        end: s.end,
        script: s.script,
    }));
}

/// Shortest word kept for typo tolerance, in characters. A fuzzy query word has 5
/// letters or more and is one edit from what it finds (two from 9 letters), so a
/// shorter word can never be found this way; and the, of, and, to… are half of
/// English text.
pub const MIN_RAW_CHARS: usize = 4;

fn is_raw_word(word: &str) -> bool {
    word.len() <= MAX_TOKEN_BYTES
        && (word.len() >= MIN_RAW_CHARS * 4 || word.chars().count() >= MIN_RAW_CHARS)
}

/// Spans of the unstemmed non-Thai words of canonical `text` of [`MIN_RAW_CHARS`] or
/// more; each token is the span's text folded with [`fold_char`].
pub fn raw_spans(text: &str, out: &mut Vec<Span>) {
    for run in runs(text) {
        if run.script == Script::Other && is_raw_word(run.text) {
            out.push(Span {
                start: run.start,
                end: run.start + run.text.len(),
                script: Script::Other,
            });
        }
    }
}

/// Unstemmed, folded non-Thai word tokens of canonical `text`: what typo-tolerant
/// (fuzzy) matching compares against, since a typo often defeats the stemmer.
pub fn raw_tokens(text: &str, out: &mut Vec<Tok>) {
    let mut spans = Vec::new();
    raw_spans(text, &mut spans);
    out.extend(spans.into_iter().map(|s| Tok {
        text: text[s.start..s.end].chars().map(fold_char).collect(),
        start: s.start,
        end: s.end,
        script: s.script,
    }));
}

/// Separates the two clusters of a pair term. Never inside a Thai run, so a pair term
/// cannot be confused with a word, and every pair starting with cluster `c` sorts in
/// the term range `c + " "` .. `c + "!"`.
pub const PAIR_SEP: char = ' ';

/// Two neighbouring Thai clusters of a run: the first is `start..mid`, the second
/// `mid..end`; a run's last cluster pairs with nothing (`mid == end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub start: usize,
    pub mid: usize,
    pub end: usize,
}

/// Appends the term of a cluster pair (`second` empty for a run's last cluster).
pub fn push_pair_term(first: &str, second: &str, out: &mut String) {
    out.push_str(first);
    out.push(PAIR_SEP);
    out.push_str(second);
}

/// Cluster pairs of canonical `text`: one per Thai cluster, so every cluster is the
/// first of exactly one pair (other scripts are skipped).
///
/// This is the recall field for Thai the dictionary segments differently or not at
/// all. A word of clusters `c1..ck` occurs in a text only if all its inner pairs
/// `c1 c2 .. c(k-1) ck` do, so the query is an AND of pair terms and the field needs no
/// positions: a third of the postings a position-indexed cluster field needs, and
/// none of its position data.
pub fn cluster_pairs(text: &str, out: &mut Vec<Pair>) {
    // Every Thai character is encoded as E0 B8 xx or E0 B9 xx: skip text without any.
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xE0 && (w[1] == 0xB8 || w[1] == 0xB9))
    {
        return;
    }
    let mut codes: Vec<u8> = Vec::new();
    let mut bounds: Vec<usize> = Vec::new();
    for run in runs(text) {
        if run.script != Script::Thai {
            continue;
        }
        tcc::codes_of(run.text, &mut codes);
        tcc::boundaries(&codes, &mut bounds);
        out.extend((0..bounds.len() - 1).filter_map(|k| pair_at(&bounds, run.start, k)));
    }
}

/// The pair of cluster `k` of a Thai run starting at byte `run_start`, with cluster
/// boundaries `bounds` (letter indices); `None` past the last cluster, or if too long
/// to index.
fn pair_at(bounds: &[usize], run_start: usize, k: usize) -> Option<Pair> {
    let last = bounds.len().checked_sub(1)?;
    if k >= last {
        return None;
    }
    let at = |j: usize| run_start + THAI_LETTER_BYTES * bounds[j];
    let (start, mid) = (at(k), at(k + 1));
    let end = if k + 1 < last { at(k + 2) } else { mid };
    (end - start <= MAX_TOKEN_BYTES).then_some(Pair { start, mid, end })
}

/// Cluster pair tokens of canonical `text` (see [`cluster_pairs`]).
pub fn cluster_pair_tokens(text: &str, out: &mut Vec<Tok>) {
    let mut pairs = Vec::new();
    cluster_pairs(text, &mut pairs);
    out.extend(pairs.into_iter().map(|p| {
        let mut t = String::with_capacity(p.end - p.start + 1);
        push_pair_term(&text[p.start..p.mid], &text[p.mid..p.end], &mut t);
        Tok {
            text: t,
            start: p.start,
            end: p.end,
            script: Script::Thai,
        }
    }));
}

/// The pair terms a Thai word of `clusters` must all match (empty for one cluster:
/// see [`cluster_pairs`]).
pub fn inner_pair_terms(clusters: &[&str]) -> Vec<String> {
    clusters
        .windows(2)
        .map(|w| {
            let mut t = String::new();
            push_pair_term(w[0], w[1], &mut t);
            t
        })
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tantivy_adapter {
    //! tantivy tokenizers wrapping the analyzer, registered by the index writer.
    //!
    //! Spans are computed up front, then each `advance` writes one token's text into
    //! the stream's single reused [`Token`]: indexing a page allocates per field, not
    //! per token.
    //!
    //! One text goes to several fields (the body to `body`, `text_ng` and `raw`), each
    //! tokenized on its own. So each text is analyzed once, when its document is
    //! prepared ([`Analyses::prepare`]), in parallel with other documents; the analyses
    //! travel with the document, and while it is added ([`with_prepared`]) the
    //! tokenizers on that thread find them there.
    use super::*;
    use std::cell::RefCell;
    use std::sync::Arc;
    use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

    /// Which stream a tokenizer emits.
    #[derive(Clone)]
    pub enum Mode {
        /// [`Analysis::words`].
        Words(Arc<Analyses>),
        /// Every cluster pair ([`cluster_pairs`]).
        ClusterPairs,
        /// [`Analysis::pairs`]: only where word tokens cannot stand in.
        SparsePairs(Arc<Analyses>),
        /// [`Analysis::raw_spans`].
        Raw(Arc<Analyses>),
    }

    /// A text of a document and its analysis, made by [`Analyses::prepare`].
    pub struct Prepared {
        text: String,
        analysis: Arc<Analysis>,
    }

    thread_local! {
        /// The analyses of the document this thread is adding ([`with_prepared`]).
        static CURRENT: RefCell<Vec<Prepared>> = const { RefCell::new(Vec::new()) };
    }

    /// Runs `add` (which indexes one document on this thread) with the analyses of the
    /// document's texts where its tokenizers look for them.
    pub fn with_prepared<R>(prepared: Vec<Prepared>, add: impl FnOnce() -> R) -> R {
        CURRENT.with(|c| *c.borrow_mut() = prepared);
        let out = add();
        CURRENT.with(|c| c.borrow_mut().clear());
        out
    }

    /// Analyzes texts against the index-time dictionary.
    pub struct Analyses {
        dict: Arc<Dictionary>,
    }

    impl Analyses {
        pub fn new(dict: Arc<Dictionary>) -> Self {
            Analyses { dict }
        }

        /// Analyzes `text`, which a document is about to index in the word fields and
        /// in `raw`. Takes the text over, to recognize it by: the document holds copies.
        pub fn prepare(&self, text: String) -> Prepared {
            let analysis = Arc::new(self.analyze(&text));
            Prepared { text, analysis }
        }

        fn analyze(&self, text: &str) -> Analysis {
            let mut a = Analysis::default();
            SEG.with(|s| analyze(text, &self.dict, &mut s.borrow_mut(), &mut a));
            a
        }

        /// The analysis of `text`: the prepared one of the document being added, or
        /// a new one.
        fn of(&self, text: &str) -> Arc<Analysis> {
            CURRENT
                .with(|c| {
                    c.borrow()
                        .iter()
                        .find(|p| p.text == text)
                        .map(|p| p.analysis.clone())
                })
                .unwrap_or_else(|| Arc::new(self.analyze(text)))
        }
    }

    /// A tantivy tokenizer over one of the analyzer's streams.
    #[derive(Clone)]
    pub struct SalaTokenizer {
        pub mode: Mode,
    }

    enum Spans {
        Words(Arc<Analysis>),
        Pairs(Vec<Pair>),
        SparsePairs(Arc<Analysis>),
        Raw(Vec<Span>),
    }

    pub struct SpanStream<'a> {
        text: &'a str,
        spans: Spans,
        next: usize,
        token: Token,
    }

    impl SpanStream<'_> {
        fn len(&self) -> usize {
            match &self.spans {
                Spans::Words(a) => a.words.len(),
                Spans::Raw(v) => v.len(),
                Spans::Pairs(v) => v.len(),
                Spans::SparsePairs(a) => a.pairs.len(),
            }
        }
    }

    fn push_pair(text: &str, p: Pair, out: &mut String) -> (usize, usize) {
        push_pair_term(&text[p.start..p.mid], &text[p.mid..p.end], out);
        (p.start, p.end)
    }

    impl TokenStream for SpanStream<'_> {
        fn advance(&mut self) -> bool {
            if self.next >= self.len() {
                return false;
            }
            let i = self.next;
            self.next += 1;
            let t = &mut self.token;
            t.text.clear();
            t.position = i;
            let (start, end) = match &self.spans {
                Spans::Words(a) => {
                    let s = a.words[i];
                    let piece = &self.text[s.start..s.end];
                    match s.script {
                        Script::Thai => t.text.push_str(piece),
                        Script::Other => push_other_term(piece, &mut t.text),
                    }
                    (s.start, s.end)
                }
                Spans::Raw(v) => {
                    let s = v[i];
                    t.text
                        .extend(self.text[s.start..s.end].chars().map(fold_char));
                    (s.start, s.end)
                }
                Spans::Pairs(v) => push_pair(self.text, v[i], &mut t.text),
                Spans::SparsePairs(a) => push_pair(self.text, a.pairs[i], &mut t.text),
            };
            t.offset_from = start;
            t.offset_to = end;
            true
        }
        fn token(&self) -> &Token {
            &self.token
        }
        fn token_mut(&mut self) -> &mut Token {
            &mut self.token
        }
    }

    thread_local! {
        static SEG: std::cell::RefCell<Segmenter> = std::cell::RefCell::new(Segmenter::default());
    }

    impl Tokenizer for SalaTokenizer {
        type TokenStream<'a> = SpanStream<'a>;
        fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanStream<'a> {
            let spans = match &self.mode {
                Mode::Words(a) => Spans::Words(a.of(text)),
                Mode::SparsePairs(a) => Spans::SparsePairs(a.of(text)),
                Mode::Raw(a) => Spans::Raw(a.of(text).raw_spans(text).collect()),
                Mode::ClusterPairs => {
                    let mut v = Vec::new();
                    cluster_pairs(text, &mut v);
                    Spans::Pairs(v)
                }
            };
            SpanStream {
                text,
                spans,
                next: 0,
                token: Token::default(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::canonicalize;
    use crate::segment::segment_run;

    fn words(d: &Dictionary, s: &str) -> Vec<String> {
        let c = canonicalize(s);
        let mut out = vec![];
        word_tokens(&c, d, &mut Segmenter::default(), &mut out);
        out.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_is_lowercased_and_stemmed() {
        let d = Dictionary::new();
        assert_eq!(
            words(&d, "Managing Waste-Collection services"),
            vec!["manag", "wast", "collect", "servic"]
        );
    }

    #[test]
    fn mixed_and_digits() {
        let d = Dictionary::from_words(["ขอนแก่น", "ฝุ่น"]);
        assert_eq!(words(&d, "PM2.5 ขอนแก่น"), vec!["pm2.5", "ขอนแก่น"]);
        assert_eq!(words(&d, "ฝุ่นPM2.5"), vec!["ฝุ่น", "pm2.5"]);
        assert_eq!(words(&d, "ปี ๒๕๖๗"), words(&d, "ปี 2567"));
        assert_eq!(words(&d, "end. 2"), vec!["end", "2"]);
    }

    #[test]
    fn cluster_pairs_cover_thai_only() {
        let c = canonicalize("น้ำ ABC ประปา");
        let mut out = vec![];
        cluster_pair_tokens(&c, &mut out);
        let t: Vec<_> = out.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(t, vec!["น้ำ ", "ป ระ", "ระ ปา", "ปา "]);
        assert_eq!(
            (out[1].start, out[1].end),
            (c.find('ป').unwrap(), c.find('ป').unwrap() + 9)
        );
    }

    fn pair_terms(text: &str, d: &Dictionary) -> Vec<String> {
        let mut a = Analysis::default();
        analyze(text, d, &mut Segmenter::default(), &mut a);
        a.pairs
            .iter()
            .map(|p| {
                let mut t = String::new();
                push_pair_term(&text[p.start..p.mid], &text[p.mid..p.end], &mut t);
                t
            })
            .collect()
    }

    #[test]
    fn pairs_cover_unknown_words_and_boundaries_inside_words() {
        let d = Dictionary::from_words(["อำเภอ", "ไป", "ทำ", "นา", "ทำนา", "นาปรัง"]);
        // Dictionary words: no pairs inside them, and across a boundary only a pair
        // whose two clusters are a word: ทำนา is found in ทำ|นาปรัง through it.
        assert_eq!(segment_run(&d, "ไปทำนาปรัง"), ["ไป", "ทำ", "นาปรัง"]);
        assert_eq!(pair_terms(&canonicalize("ไปทำนาปรัง"), &d), ["ทำ นา"]);
        // ไปทำ is no word: the boundary of ไป|ทำนา has no pair.
        assert_eq!(segment_run(&d, "ไปทำนา"), ["ไป", "ทำนา"]);
        assert!(pair_terms(&canonicalize("ไปทำนา"), &d).is_empty());
        // A name the dictionary lacks: every pair touching it, the one reaching in
        // from อำเภอ's last cluster included.
        assert_eq!(
            pair_terms(&canonicalize("อำเภอซำสูง"), &d),
            ["อ ซำ", "ซำ สู", "สู ง", "ง "]
        );
        assert_eq!(
            pair_terms(&canonicalize("ซำสูงไปนา"), &d),
            ["ซำ สู", "สู ง", "ง ไป"]
        );
    }

    #[test]
    fn tokenizers_use_the_analysis_prepared_with_the_document() {
        use std::sync::Arc;
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        use tantivy_adapter::{with_prepared, Analyses, Mode, SalaTokenizer};
        let text = canonicalize("ไปทำนาปรัง");
        let knows = Analyses::new(Arc::new(Dictionary::from_words(["ไป", "ทำนา", "ปรัง"])));
        let blank = Arc::new(Analyses::new(Arc::new(Dictionary::new())));
        let mut tokenizer = SalaTokenizer {
            mode: Mode::Words(blank),
        };
        let mut terms = || {
            let mut stream = tokenizer.token_stream(&text);
            let mut out = vec![];
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        // Analyzed on the spot against an empty dictionary: one unknown word.
        assert_eq!(terms(), [text.as_str()]);
        let prepared = vec![knows.prepare(text.clone())];
        assert_eq!(with_prepared(prepared, &mut terms), ["ไป", "ทำนา", "ปรัง"]);
        // Let go once the document is added.
        assert_eq!(terms(), [text.as_str()]);
    }

    #[test]
    fn a_word_inside_a_run_has_all_its_inner_pairs_there() {
        let text = canonicalize("การจัดการขยะมูลฝอยชุมชน");
        let mut toks = vec![];
        cluster_pair_tokens(&text, &mut toks);
        let have: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        for word in ["ขยะ", "มูลฝอย", "ขยะมูลฝอย", "จัดการ"]
        {
            let clusters = tcc::clusters(word);
            let c: Vec<&str> = clusters.iter().map(String::as_str).collect();
            for p in inner_pair_terms(&c) {
                assert!(have.contains(&p.as_str()), "{word}: {p:?} not in {have:?}");
            }
        }
    }
}
