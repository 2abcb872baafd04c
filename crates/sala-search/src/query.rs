//! The query language and its translation into tantivy queries.
//!
//! Language (no operators beyond these; everything else is text):
//!
//! * `word word` — every word must match (AND). Word order does not matter.
//! * `"a phrase"` — the words must be adjacent, in order. An unclosed quote runs to the
//!   end of the query.
//! * `-word`, `-"a phrase"` — pages matching it are excluded.
//!
//! Analysis follows [`crate::analyzer`]: text is normalized, Thai runs are segmented
//! against the index vocabulary, Latin words are lowercased and stemmed. Spaces
//! between two Thai runs outside quotes are removed before segmenting, so `น้ำ ประปา`
//! and `น้ำประปา` are the same query.
//!
//! Each analyzed word (a [`Unit`]) becomes a disjunction over fields:
//! title ×3, headings ×2, summary ×1.5, body ×1 on the word fields, and labels ×1.5 (the
//! names of the page's topics, problem and districts; single words only, phrases do
//! not look there); for Thai words also
//! all its inner cluster pairs on `title_ng` ×1 and `text_ng` ×0.5 (the recall path for
//! words segmented differently or not at all, boosted below the word fields; a word of
//! one cluster matches every pair starting with it); for Latin words of 5+ letters also a fuzzy term (edit
//! distance 1, 2 from 9 letters, transpositions cost 1) on the unstemmed `raw` field
//! at a constant low score (a typo often defeats the stemmer, so the fuzzy match
//! compares surface forms), and the index's own words within that distance
//! ([`IndexTerms::corrections`]; failing those, the words sharing its beginning) on the word
//! fields, so that fuzzy hits rank by how much a page uses the word meant. All units
//! are required.
//!
//! Three signals rank beyond that ([`WEIGHTS`], tuned on the labelled set): several
//! free words also score as a phrase that may stretch by `NEAR_SLOP` (words together
//! first; การ/ความ nouns also without the prefix); the word still being typed (no space
//! after it) may also be the beginning of index words ([`Query::prefix`](crate::Query));
//! and a Thai run with a word the index lacks also looks for the index's words one edit
//! away (other spellings of loan words).

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query as TantivyQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use std::ops::Range;

use crate::analyzer::{inner_pair_terms, other_term, runs, Run, Script, PAIR_SEP};
use crate::dict::{Dictionary, Vocabulary};
use crate::normalize::{canonicalize, fold_char};
use crate::schema::Fields;
use crate::segment::segment_run;
use crate::tcc::{self, is_thai_letter};

/// A parsed clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Free words (one or more).
    Words(String),
    /// A quoted phrase.
    Phrase(String),
}

/// A parsed query: required clauses and excluded ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub include: Vec<Clause>,
    pub exclude: Vec<Clause>,
}

/// Parses the query text (after [`canonicalize`]). Never fails.
pub fn parse(text: &str) -> Parsed {
    let text = canonicalize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut parsed = Parsed::default();
    let mut words = String::new();
    let mut i = 0;
    let flush = |words: &mut String, parsed: &mut Parsed| {
        if !words.trim().is_empty() {
            parsed.include.push(Clause::Words(std::mem::take(words)));
        }
        words.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '-');
        if negated {
            i += 1;
        }
        let clause = if chars[i] == '"' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end] != '"' {
                end += 1;
            }
            i = end + 1;
            Clause::Phrase(chars[start..end].iter().collect())
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            Clause::Words(chars[start..i].iter().collect())
        };
        match (negated, clause) {
            (false, Clause::Words(w)) => {
                // Join free words; drop the space between two Thai runs.
                let thai_join = words.chars().last().is_some_and(is_thai_letter)
                    && w.chars().next().is_some_and(is_thai_letter);
                if !words.is_empty() && !thai_join {
                    words.push(' ');
                }
                words.push_str(&w);
            }
            (false, p) => {
                flush(&mut words, &mut parsed);
                if has_word(&p) {
                    parsed.include.push(p);
                }
            }
            (true, c) => {
                if has_word(&c) {
                    parsed.exclude.push(c);
                }
            }
        }
    }
    flush(&mut words, &mut parsed);
    parsed
}

fn has_word(c: &Clause) -> bool {
    let (Clause::Words(t) | Clause::Phrase(t)) = c;
    !runs(t).is_empty()
}

/// One analyzed query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// A Thai word and its clusters.
    Thai { word: String, clusters: Vec<String> },
    /// A non-Thai token: folded form and indexed (stemmed) term.
    Other { folded: String, term: String },
}

impl Unit {
    /// The term looked up in the word fields.
    pub fn term(&self) -> &str {
        match self {
            Unit::Thai { word, .. } => word,
            Unit::Other { term, .. } => term,
        }
    }
}

/// Analyzes clause text into units, segmenting Thai against `vocab`.
pub fn units(text: &str, vocab: &Dictionary) -> Vec<Unit> {
    run_units(text, vocab).0
}

/// [`units`], with the units each run of the text became.
fn run_units<'a>(text: &'a str, vocab: &Dictionary) -> (Vec<Unit>, Vec<(Run<'a>, Range<usize>)>) {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for run in runs(text) {
        let from = out.len();
        match run.script {
            Script::Thai => {
                for word in segment_run(vocab, run.text) {
                    let clusters = tcc::clusters(&word);
                    out.push(Unit::Thai { word, clusters });
                }
            }
            Script::Other => out.push(Unit::Other {
                folded: run.text.chars().map(fold_char).collect(),
                term: other_term(run.text),
            }),
        }
        spans.push((run, from..out.len()));
    }
    (out, spans)
}

/// Picks one field out of [`Fields`].
type FieldOf = fn(&Fields) -> Field;

/// Field boosts of the word fields.
const WORD_FIELDS: [(FieldOf, f32); 4] = [
    (|f| f.title, 3.0),
    (|f| f.headings, 2.0),
    (|f| f.summary, 1.5),
    (|f| f.body, 1.0),
];
/// Topic, problem and district names: a page is about them, but one label word says
/// less than the same word in the title.
const LABELS_BOOST: f32 = 1.5;
const TITLE_NG_BOOST: f32 = 1.0;
const TEXT_NG_BOOST: f32 = 0.5;
/// A word found only inside longer words (ขยะ in ถังขยะ) says less than the word itself.
const COMPOUND_BOOST: f32 = 0.5;
/// Most compounds a query word is looked up in, shortest first: a short word such as
/// น้ำ is part of hundreds, and each compound's postings are a fetch in the browser.
const MAX_COMPOUNDS: usize = 16;
/// A word on more than this share of a language's pages is optional beside rarer words
/// (see `build`), and is never looked for inside longer words, nor in body phrases
/// (see `near_q`): it says little about a page, and its posting lists and positions
/// are the index's largest, which the browser would fetch for every query that has it.
const COMMON_SHARE: f32 = 0.5;
/// ... and on more than this many pages: below it, its postings cost little, and in a
/// small index every word is on half the pages.
const COMMON_MIN_DOCS: u64 = 500;

/// True if `term` is on so many pages that it is left out where its postings would
/// cost more than it says ([`COMMON_SHARE`]).
fn is_common(terms: &dyn IndexTerms, term: &Term) -> bool {
    let (df, docs) = terms.doc_freq(term);
    df > COMMON_MIN_DOCS && df as f32 > COMMON_SHARE * docs as f32
}
const FUZZY_BOOST: f32 = 0.5;
/// Positions a near phrase may stretch by: a short word between the query's words
/// (น้ำ *ที่* ท่วม, flood *early* warning) still counts as together.
const NEAR_SLOP: u32 = 1;
/// The weights of the ranking signals for words together and words being typed, tuned on the labelled set
/// (`tests/relevance.rs`, docs/search.md "Relevance").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Words written together, in the query's order, say more than the same words
    /// apart: a query of several words also scores them as a phrase with
    /// `NEAR_SLOP`, at this weight.
    pub near: f32,
    /// A word still being typed scores its completions at this weight, below the word
    /// itself once it is whole (at 1.0 a page with only a completion could outrank the
    /// page with the word).
    pub prefix: f32,
}

/// The weights every search uses.
pub const WEIGHTS: Weights = Weights {
    near: 3.0,
    prefix: 0.6,
};

/// Other weights for one thread's searches, to tune them on the labelled set (the
/// `tuning` feature, which only the tests turn on).
#[cfg(feature = "tuning")]
pub mod tuning {
    use std::cell::Cell;

    use super::Weights;

    thread_local! {
        static WEIGHTS: Cell<Option<Weights>> = const { Cell::new(None) };
    }

    /// Sets this thread's weights (None: back to [`super::WEIGHTS`]).
    pub fn set(weights: Option<Weights>) {
        WEIGHTS.with(|w| w.set(weights));
    }

    pub(super) fn get() -> Option<Weights> {
        WEIGHTS.with(Cell::get)
    }
}

fn weights() -> Weights {
    #[cfg(feature = "tuning")]
    if let Some(w) = tuning::get() {
        return w;
    }
    WEIGHTS
}
/// A page that says ประชุม where the query says การประชุม matches, at this weight (the
/// labelled set ranks the same from 0 to 1: what matters is that it matches).
const NOMINAL_BOOST: f32 = 0.7;
/// Thai words of this many letters or more are also looked for in the spellings one
/// edit away, when the query has a word the index lacks.
const VARIANT_MIN_CHARS: usize = 5;
/// Most completions of a word being typed that are scored, shortest first.
const PREFIX_TERMS: usize = 16;
/// A Thai word being typed is completed from its third cluster: fewer start too many
/// words to say anything.
const PREFIX_MIN_CLUSTERS: usize = 3;
/// An English word being typed is completed from its third letter.
const PREFIX_MIN_LETTERS: usize = 3;
/// Most corrections of one query word that are scored: an edit or two from a short
/// word can reach dozens.
const MAX_CORRECTIONS: usize = 16;

/// What building a query needs to know of the index's own terms. Fuzzy and range
/// matches are expanded to the terms they match while the query is built, so that the
/// query names every term it reads ([`TantivyQuery::query_terms`]): a search over the
/// browser's split index fetches all their postings in one round
/// ([`crate::search::Searcher::search_parts`]).
pub trait IndexTerms {
    /// The index's words (folded, unstemmed, from `raw`) within `distance` edits of a
    /// folded query word the index does not have, or failing those the words that share
    /// its beginning: what a typo may have meant (none for a word the index has).
    fn corrections(&self, word: &str, distance: u8) -> Vec<String>;
    /// The terms of `field` within `distance` edits of `word` (a transposition is one).
    fn fuzzy(&self, field: Field, word: &str, distance: u8) -> Vec<Term>;
    /// The terms of `field` from `from` (included) to `to` (excluded), as bytes.
    fn range(&self, field: Field, from: &[u8], to: &[u8]) -> Vec<Term>;
    /// How many of the index's documents have `term`, and how many documents it has.
    fn doc_freq(&self, term: &Term) -> (u64, u64);
}

/// [`IndexTerms`] of an empty index, for a query built without one (tests).
pub struct NoTerms;

impl IndexTerms for NoTerms {
    fn corrections(&self, _: &str, _: u8) -> Vec<String> {
        Vec::new()
    }
    fn fuzzy(&self, _: Field, _: &str, _: u8) -> Vec<Term> {
        Vec::new()
    }
    fn range(&self, _: Field, _: &[u8], _: &[u8]) -> Vec<Term> {
        Vec::new()
    }
    fn doc_freq(&self, _: &Term) -> (u64, u64) {
        (0, 0)
    }
}

/// Any of `terms`, at a constant score of 1 (as tantivy scores a fuzzy or range match).
/// A plain disjunction, not tantivy's `TermSetQuery`, which would link an FST builder
/// into the browser's module for nothing.
fn any_q(terms: Vec<Term>) -> Box<dyn TantivyQuery> {
    let each = terms
        .into_iter()
        .map(|t| -> (Occur, Box<dyn TantivyQuery>) {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
            )
        })
        .collect();
    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(each)), 1.0))
}

fn boosted(q: Box<dyn TantivyQuery>, boost: f32) -> Box<dyn TantivyQuery> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn term_q(field: Field, text: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Exact sequence of tokens in a field: a term for one, a phrase for more.
fn seq_q(field: Field, toks: &[&str]) -> Option<Box<dyn TantivyQuery>> {
    match toks {
        [] => None,
        [one] => Some(term_q(field, one)),
        many => Some(Box::new(PhraseQuery::new(
            many.iter()
                .map(|t| Term::from_field_text(field, t))
                .collect(),
        ))),
    }
}

/// Thai text of `clusters` on a cluster pair field (see
/// [`crate::analyzer::cluster_pairs`]): all inner pairs must occur; their scores are
/// averaged, so a long word does not outweigh the word fields by its length alone.
/// One cluster matches every pair it starts, at a constant score.
fn pairs_q(
    field: Field,
    clusters: &[&str],
    boost: f32,
    terms: &dyn IndexTerms,
) -> Option<Box<dyn TantivyQuery>> {
    match clusters {
        [] => None,
        [one] => {
            let from = format!("{one}{PAIR_SEP}");
            let to = format!("{one}{}", char::from(PAIR_SEP as u8 + 1));
            Some(boosted(
                any_q(terms.range(field, from.as_bytes(), to.as_bytes())),
                boost,
            ))
        }
        many => {
            let pairs = inner_pair_terms(many);
            let each = boost / pairs.len() as f32;
            let musts = pairs
                .iter()
                .map(|p| (Occur::Must, term_q(field, p)))
                .collect::<Vec<_>>();
            Some(boosted(Box::new(BooleanQuery::new(musts)), each))
        }
    }
}

/// Fuzzy distance for a folded Latin token, if it qualifies. The index leaves words
/// out of `raw` that no qualifying token can reach
/// ([`crate::analyzer::MIN_RAW_CHARS`]): keep the two in step.
pub fn fuzzy_distance(folded: &str) -> Option<u8> {
    if !folded.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    match folded.len() {
        0..=4 => None,
        5..=8 => Some(1),
        _ => Some(2),
    }
}

/// The page text fields a Thai word's compounds are looked up in, with the word
/// fields' boosts (titles have every cluster pair in `title_ng` instead).
const COMPOUND_FIELDS: [(FieldOf, f32); 3] = [
    (|f| f.headings, 2.0),
    (|f| f.summary, 1.5),
    (|f| f.body, 1.0),
];

/// The compounds of `word` in the vocabulary, as one query: the best-scoring one
/// counts, so a page is not ranked up for using many different compounds.
fn compounds_q(f: &Fields, word: &str, vocab: &Vocabulary) -> Option<Box<dyn TantivyQuery>> {
    let mut compounds: Vec<&str> = vocab.compounds_of(word).collect();
    if compounds.is_empty() {
        return None;
    }
    crate::order::sort_by_key(&mut compounds, |c| (c.len(), *c));
    compounds.truncate(MAX_COMPOUNDS);
    let each = compounds
        .iter()
        .flat_map(|c| {
            COMPOUND_FIELDS
                .iter()
                .map(|(field, boost)| boosted(term_q(field(f), c), *boost))
        })
        .collect();
    Some(boosted(
        Box::new(DisjunctionMaxQuery::new(each)),
        COMPOUND_BOOST,
    ))
}

/// `term` on each word field and on the labels, boosted per field: how one word is
/// scored, whether the query's own or one of its corrections.
fn word_fields_q(f: &Fields, term: &str) -> Vec<(Occur, Box<dyn TantivyQuery>)> {
    WORD_FIELDS
        .iter()
        .map(|(field, boost)| (Occur::Should, boosted(term_q(field(f), term), *boost)))
        .chain(std::iter::once((
            Occur::Should,
            boosted(term_q(f.labels, term), LABELS_BOOST),
        )))
        .collect()
}

/// The query word's corrections on the word fields and labels, each scored as the word
/// itself would be; the best-scoring one counts.
fn corrections_q(
    f: &Fields,
    term: &str,
    folded: &str,
    distance: u8,
    terms: &dyn IndexTerms,
) -> Option<Box<dyn TantivyQuery>> {
    let mut stems: Vec<String> = terms
        .corrections(folded, distance)
        .iter()
        .map(|w| other_term(w))
        .filter(|stem| stem != term)
        .collect();
    crate::order::sort(&mut stems);
    stems.dedup();
    stems.truncate(MAX_CORRECTIONS);
    if stems.is_empty() {
        return None;
    }
    Some(best_of_q(f, &stems, FUZZY_BOOST))
}

/// Each of `words` on the word fields and labels, scored as the word itself would be,
/// the best one counting, at `boost`: how a typo's corrections, a Thai run's other
/// spellings and a typed word's completions stand in for the word.
fn best_of_q<S: AsRef<str>>(f: &Fields, words: &[S], boost: f32) -> Box<dyn TantivyQuery> {
    let each = words
        .iter()
        .map(|w| -> Box<dyn TantivyQuery> {
            Box::new(BooleanQuery::new(word_fields_q(f, w.as_ref())))
        })
        .collect();
    boosted(Box::new(DisjunctionMaxQuery::new(each)), boost)
}

/// The verb or adjective of a word made a noun with การ or ความ (การประชุม, the holding
/// of a meeting), if the index has it: a page may say ประชุม alone.
fn nominal_rest<'a>(word: &'a str, vocab: &Vocabulary) -> Option<&'a str> {
    let rest = word
        .strip_prefix("การ")
        .or_else(|| word.strip_prefix("ความ"))?;
    (tcc::clusters(rest).len() >= 2 && vocab.dict().contains(rest)).then_some(rest)
}

/// Other spellings of a Thai run that has a word the index lacks: the index's words one
/// edit away from the whole run, scored as the words themselves at [`FUZZY_BOOST`] (the
/// best one counts).
fn variants_q(
    f: &Fields,
    run: &str,
    us: &[Unit],
    vocab: &Vocabulary,
) -> Option<Box<dyn TantivyQuery>> {
    let known = us.iter().all(|u| vocab.dict().contains(u.term()));
    if known || run.chars().count() < VARIANT_MIN_CHARS {
        return None;
    }
    let mut near = vocab.near(run, 1);
    near.truncate(MAX_CORRECTIONS);
    if near.is_empty() {
        return None;
    }
    Some(best_of_q(f, &near, FUZZY_BOOST))
}

fn unit_q(
    f: &Fields,
    u: &Unit,
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
) -> Box<dyn TantivyQuery> {
    let mut should = word_fields_q(f, u.term());
    match u {
        Unit::Thai { word, clusters } => {
            if let Some(rest) = nominal_rest(word, vocab) {
                let q = Box::new(BooleanQuery::new(word_fields_q(f, rest)));
                should.push((Occur::Should, boosted(q, NOMINAL_BOOST)));
            }
            let c: Vec<&str> = clusters.iter().map(String::as_str).collect();
            for (field, boost) in [(f.title_ng, TITLE_NG_BOOST), (f.text_ng, TEXT_NG_BOOST)] {
                if let Some(q) = pairs_q(field, &c, boost, terms) {
                    should.push((Occur::Should, q));
                }
            }
            // A word most pages have finds them by itself; its compounds would only
            // add their postings (การ is in การเกษตร, โครงการ, ราชการ…).
            let common = is_common(terms, &Term::from_field_text(f.body, word));
            if let Some(q) = compounds_q(f, word, vocab).filter(|_| !common) {
                should.push((Occur::Should, q));
            }
        }
        Unit::Other { folded, term } => {
            if let Some(d) = fuzzy_distance(folded) {
                let q = any_q(terms.fuzzy(f.raw, folded, d));
                should.push((Occur::Should, boosted(q, FUZZY_BOOST)));
                if let Some(q) = corrections_q(f, term, folded, d, terms) {
                    should.push((Occur::Should, q));
                }
            }
        }
    }
    Box::new(BooleanQuery::new(should))
}

fn phrase_q(
    f: &Fields,
    us: &[Unit],
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
) -> Option<Box<dyn TantivyQuery>> {
    match us.len() {
        0 => return None,
        1 => return Some(unit_q(f, &us[0], vocab, terms)),
        _ => {}
    }
    let toks: Vec<&str> = us.iter().map(Unit::term).collect();
    let mut should: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    for (field, boost) in WORD_FIELDS.iter() {
        if let Some(q) = seq_q(field(f), &toks) {
            should.push((Occur::Should, boosted(q, *boost)));
        }
    }
    if us.iter().all(|u| matches!(u, Unit::Thai { .. })) {
        // All Thai: the cluster pairs find the text however the index and the query
        // segmented it.
        let clusters: Vec<&str> = us
            .iter()
            .flat_map(|u| match u {
                Unit::Thai { clusters, .. } => clusters.iter().map(String::as_str),
                Unit::Other { .. } => unreachable!(),
            })
            .collect();
        for (field, boost) in [(f.title_ng, TITLE_NG_BOOST), (f.text_ng, TEXT_NG_BOOST)] {
            if let Some(q) = pairs_q(field, &clusters, boost, terms) {
                should.push((Occur::Should, q));
            }
        }
    }
    Some(Box::new(BooleanQuery::new(should)))
}

/// The query's words as a phrase that may stretch by [`NEAR_SLOP`], on the word fields,
/// and for Thai also every cluster pair of the words written together on `title_ng`
/// (which has pairs across word boundaries): scored, never required, so that pages
/// with the words together rank above pages with them apart.
fn near_q(
    f: &Fields,
    us: &[Unit],
    optional: &[bool],
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
) -> Option<Box<dyn TantivyQuery>> {
    if us.len() < 2 {
        return None;
    }
    let words: Vec<&str> = us.iter().map(Unit::term).collect();
    // Also without การ and ความ: การประชุมออนไลน์ is together in ประชุมออนไลน์.
    let plain: Vec<&str> = words
        .iter()
        .map(|w| nominal_rest(w, vocab).unwrap_or(w))
        .collect();
    let mut phrases = vec![words];
    if phrases[0] != plain {
        phrases.push(plain);
    }
    let mut should: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let mut seen: Vec<Vec<(usize, Term)>> = Vec::new();
    for words in &phrases {
        for (field, boost) in WORD_FIELDS.iter() {
            let field = field(f);
            // An optional word is left out of the phrase (its place kept), and so is
            // any common word in the body: their positions are the largest in the
            // index, and being near them says little.
            let at: Vec<(usize, Term)> = words
                .iter()
                .enumerate()
                .filter(|(i, _)| !optional[*i])
                .map(|(i, w)| (i, Term::from_field_text(field, w)))
                .filter(|(_, t)| field != f.body || !is_common(terms, t))
                .collect();
            if at.len() < 2 || seen.contains(&at) {
                continue;
            }
            seen.push(at.clone());
            let mut phrase = PhraseQuery::new_with_offset(at);
            phrase.set_slop(NEAR_SLOP);
            should.push((Occur::Should, boosted(Box::new(phrase), *boost)));
        }
    }
    let clusters: Option<Vec<&str>> = us
        .iter()
        .zip(optional)
        .filter(|(_, optional)| !**optional)
        .map(|(u, _)| match u {
            Unit::Thai { clusters, .. } => Some(clusters.iter().map(String::as_str)),
            Unit::Other { .. } => None,
        })
        .collect::<Option<Vec<_>>>()
        .map(|each| each.into_iter().flatten().collect());
    if let Some(q) = clusters.and_then(|c| pairs_q(f.title_ng, &c, TITLE_NG_BOOST, terms)) {
        should.push((Occur::Should, q));
    }
    Some(boosted(Box::new(BooleanQuery::new(should)), weights().near))
}

/// True if the query's last word is still being typed: the text ends in it, with no
/// space after it, and it is a free word (not quoted, not excluded).
fn typing_last_word(text: &str) -> bool {
    if text.ends_with(char::is_whitespace) {
        return false;
    }
    let last = text.split_whitespace().last().unwrap_or("");
    !last.is_empty() && !last.starts_with('-') && !last.contains('"')
}

/// What the word being typed at the end of a clause may become: its completions in
/// the index, scored on the word fields as the word itself would be (the best one
/// counts) at [`Weights::prefix`]. Returns the index of the first unit the completions
/// stand in for: a Thai run still being typed is often segmented into pieces
/// (ผู้สูงอาย into ผู้ สูง อาย), so the longest run of last units that begins some word
/// is completed as one.
fn typed_q(
    f: &Fields,
    run: &Run,
    us: &[Unit],
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
) -> Option<(usize, Box<dyn TantivyQuery>)> {
    let (from, mut words): (usize, Vec<String>) = match run.script {
        Script::Thai => {
            let leading_vowel = run
                .text
                .chars()
                .last()
                .is_some_and(|c| ('เ'..='ไ').contains(&c));
            if leading_vowel || tcc::clusters(run.text).len() < PREFIX_MIN_CLUSTERS {
                return None;
            }
            (0..us.len()).find_map(|k| {
                let beginning: String = us[k..].iter().map(Unit::term).collect();
                let found = vocab.completions(&beginning);
                (!found.is_empty()).then(|| (k, found.into_iter().map(str::to_owned).collect()))
            })?
        }
        Script::Other => {
            let Some(Unit::Other { folded, term }) = us.last() else {
                return None;
            };
            if folded.len() < PREFIX_MIN_LETTERS || !folded.chars().all(|c| c.is_ascii_lowercase())
            {
                return None;
            }
            let mut end = folded.as_bytes().to_vec();
            end.push(0xFF);
            let mut stems: Vec<String> = terms
                .range(f.raw, folded.as_bytes(), &end)
                .iter()
                .filter_map(|t| std::str::from_utf8(t.serialized_value_bytes()).ok())
                .filter(|w| w.len() > folded.len())
                .map(other_term)
                .filter(|stem| stem != term)
                .collect();
            crate::order::sort_by(&mut stems, |a, b| (a.len(), a).cmp(&(b.len(), b)));
            stems.dedup();
            (us.len() - 1, stems)
        }
    };
    words.truncate(PREFIX_TERMS);
    if words.is_empty() {
        return None;
    }
    Some((from, best_of_q(f, &words, weights().prefix)))
}

/// The queries of one clause, whose text analyzed to `us`.
fn clause_q(
    f: &Fields,
    c: &Clause,
    us: &[Unit],
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
) -> Vec<Box<dyn TantivyQuery>> {
    match c {
        Clause::Words(_) => us.iter().map(|u| unit_q(f, u, vocab, terms)).collect(),
        Clause::Phrase(_) => phrase_q(f, us, vocab, terms).into_iter().collect(),
    }
}

/// What the snippet highlighter looks for.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// Non-Thai words: (indexed stemmed term, folded surface form, fuzzy distance).
    pub terms: Vec<(String, String, u8)>,
    /// Thai strings to mark wherever they occur (words and whole runs).
    pub thai: Vec<String>,
}

/// A query ready to run: the tantivy query and what to highlight.
pub struct Built {
    pub query: Box<dyn TantivyQuery>,
    pub highlight: Highlight,
}

/// Builds the tantivy query for `text` against one index (its fields, vocabulary and
/// own terms). With `prefix`, a last word with no space after it may also be the
/// beginning of a longer word (see `typed_q`).
pub fn build(
    text: &str,
    f: &Fields,
    vocab: &Vocabulary,
    terms: &dyn IndexTerms,
    prefix: bool,
) -> Built {
    let parsed = parse(text);
    let typing = prefix && typing_last_word(text);
    let last = parsed.include.len().wrapping_sub(1);
    // Analyzed once for the query and the highlighter: segmenting is the costly part
    // of building a Thai query.
    let analyzed: Vec<_> = parsed
        .include
        .iter()
        .map(|c| {
            let (Clause::Words(t) | Clause::Phrase(t)) = c;
            let (us, spans) = run_units(t, vocab.dict());
            (c, t, us, spans)
        })
        .collect();
    let common = |u: &Unit| is_common(terms, &Term::from_field_text(f.body, u.term()));
    // A common word among words that are not narrows almost nothing: it is optional
    // (see `COMMON_SHARE`). A quoted phrase narrows by itself.
    let anchored = analyzed.iter().any(|(c, _, us, _)| match c {
        Clause::Phrase(_) => !us.is_empty(),
        Clause::Words(_) => us.iter().any(|u| !common(u)),
    });
    let mut must: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let mut highlight = Highlight::default();
    for (i, (c, t, us, spans)) in analyzed.into_iter().enumerate() {
        let mut optional = vec![false; us.len()];
        let mut qs: Vec<Option<Box<dyn TantivyQuery>>> = clause_q(f, c, &us, vocab, terms)
            .into_iter()
            .map(Some)
            .collect();
        if let Clause::Words(_) = c {
            // Runs that may also be read otherwise: the word being typed, or a Thai
            // spelling the index lacks.
            let mut instead: Vec<(Range<usize>, Box<dyn TantivyQuery>)> = Vec::new();
            for (k, (run, range)) in spans.iter().enumerate() {
                let run_us = &us[range.clone()];
                if typing && i == last && k + 1 == spans.len() {
                    if let Some((from, q)) = typed_q(f, run, run_us, vocab, terms) {
                        instead.push((range.start + from..range.end, q));
                        continue;
                    }
                }
                if run.script == Script::Thai {
                    if let Some(q) = variants_q(f, run.text, run_us, vocab) {
                        instead.push((range.clone(), q));
                    }
                }
            }
            // A unit read otherwise stays as typed: it may be a piece of a longer word.
            for (j, u) in us.iter().enumerate() {
                let read_otherwise = instead.iter().any(|(r, _)| r.contains(&j));
                if anchored && !read_otherwise && common(u) {
                    optional[j] = true;
                    qs[j] = None;
                }
            }
            // From the right, so that the ranges on the left stay where they are.
            for (range, other) in instead.into_iter().rev() {
                let at = range.start;
                let mut as_typed: Vec<_> = qs
                    .drain(range)
                    .flatten()
                    .map(|q| (Occur::Must, q))
                    .collect();
                let as_typed = match as_typed.len() {
                    1 => as_typed.pop().expect("one").1,
                    _ => Box::new(BooleanQuery::new(as_typed)),
                };
                let either = vec![(Occur::Should, as_typed), (Occur::Should, other)];
                qs.insert(at, Some(Box::new(BooleanQuery::new(either))));
            }
            if let Some(q) = near_q(f, &us, &optional, vocab, terms) {
                must.push((Occur::Should, q));
            }
        }
        for q in qs.into_iter().flatten() {
            must.push((Occur::Must, q));
        }
        for (u, optional) in us.into_iter().zip(optional) {
            if optional {
                // Marked wherever it occurs, it would crowd the snippet.
                continue;
            }
            match u {
                Unit::Thai { word, .. } => highlight.thai.push(word),
                Unit::Other { folded, term } => {
                    let d = fuzzy_distance(&folded).unwrap_or(0);
                    highlight.terms.push((term, folded, d));
                }
            }
        }
        for r in runs(t) {
            if r.script == Script::Thai {
                highlight.thai.push(r.text.to_owned());
            }
        }
    }
    if !must.iter().any(|(occur, _)| *occur == Occur::Must) {
        must.push((Occur::Must, Box::new(AllQuery)));
    }
    for c in &parsed.exclude {
        let (Clause::Words(t) | Clause::Phrase(t)) = c;
        for q in clause_q(f, c, &units(t, vocab.dict()), vocab, terms) {
            must.push((Occur::MustNot, q));
        }
    }
    crate::order::sort_by_key(&mut highlight.thai, |s| std::cmp::Reverse(s.len()));
    highlight.thai.dedup();
    Built {
        query: Box::new(BooleanQuery::new(must)),
        highlight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_phrases_and_exclusions() {
        let p = parse(r#"waste "local plan" -budget -"big city" PM2.5"#);
        assert_eq!(
            p.include,
            vec![
                Clause::Words("waste".into()),
                Clause::Phrase("local plan".into()),
                Clause::Words("PM2.5".into()),
            ]
        );
        assert_eq!(
            p.exclude,
            vec![
                Clause::Words("budget".into()),
                Clause::Phrase("big city".into())
            ]
        );
    }

    #[test]
    fn thai_spaces_are_joined() {
        assert_eq!(parse("น้ำ ประปา"), parse("น้ำประปา"));
        assert_eq!(
            parse("PM2.5 ขอนแก่น").include,
            vec![Clause::Words("PM2.5 ขอนแก่น".into())]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for q in ["", "-", "--", "\"", "\"\"", "-\"", "- -", "\u{0E48}", "\"ก"] {
            let _ = parse(q);
        }
        assert_eq!(parse("\"unclosed phrase").include.len(), 1);
    }

    #[test]
    fn fuzzy_words_cannot_reach_words_left_out_of_raw() {
        use crate::analyzer::MIN_RAW_CHARS;
        for len in 1..20 {
            let word = "a".repeat(len);
            if let Some(d) = fuzzy_distance(&word) {
                assert!(
                    len - usize::from(d) >= MIN_RAW_CHARS,
                    "{len} letters, distance {d}"
                );
            }
        }
    }

    #[test]
    fn units_segment_against_vocab() {
        let v = Dictionary::from_words(["น้ำ", "ประปา"]);
        let u: Vec<String> = units("น้ำประปา Services", &v)
            .iter()
            .map(|u| u.term().to_owned())
            .collect();
        assert_eq!(u, vec!["น้ำ", "ประปา", "servic"]);
    }
}

#[cfg(test)]
mod common_words {
    use super::*;

    /// An index where `common` is on 900 of 1,000 pages and every other word on 10.
    struct Counts {
        common: &'static str,
    }

    impl IndexTerms for Counts {
        fn corrections(&self, _: &str, _: u8) -> Vec<String> {
            Vec::new()
        }
        fn fuzzy(&self, _: Field, _: &str, _: u8) -> Vec<Term> {
            Vec::new()
        }
        fn range(&self, _: Field, _: &[u8], _: &[u8]) -> Vec<Term> {
            Vec::new()
        }
        fn doc_freq(&self, term: &Term) -> (u64, u64) {
            let df = if term.value().as_str() == Some(self.common) {
                900
            } else {
                10
            };
            (df, 1000)
        }
    }

    /// The terms the query reads, as (field name, word, with positions).
    fn reads(
        text: &str,
        vocab: &Vocabulary,
        terms: &dyn IndexTerms,
    ) -> Vec<(String, String, bool)> {
        let (schema, f) = crate::schema::build();
        let built = build(text, &f, vocab, terms, false);
        let mut out = Vec::new();
        built.query.query_terms(&mut |t, positions| {
            out.push((
                schema.get_field_name(t.field()).to_owned(),
                t.value().as_str().unwrap_or("").to_owned(),
                positions,
            ))
        });
        out
    }

    #[test]
    fn a_word_on_most_pages_leaves_body_phrases_and_compounds() {
        let vocab = Vocabulary::from_words(["การ", "จัดการ", "ขยะ", "การเกษตร", "ถังขยะ"]);
        let rare = reads("การจัดการขยะ", &vocab, &NoTerms);
        let common = reads(
            "การจัดการขยะ",
            &vocab,
            &Counts {
                common: "การ"
            },
        );
        let has = |r: &[(String, String, bool)], field: &str, word: &str, pos: bool| {
            r.iter()
                .any(|(f, w, p)| f == field && w == word && *p == pos)
        };
        // Where nothing is common, every word is in the body phrase and the compounds
        // of การ and ขยะ are looked up: the test compares something.
        assert!(has(&rare, "body", "การ", true));
        assert!(has(&rare, "body", "การเกษตร", false));
        assert!(has(&rare, "body", "ถังขยะ", false));
        // การ on 900 of 1,000 pages, beside words that are not: optional, so not read
        // at all, neither as a word, nor in a phrase, nor through its compounds; the
        // other words keep theirs, in the phrase too.
        assert!(!common.iter().any(|(_, w, _)| w == "การ"));
        assert!(!has(&common, "body", "การเกษตร", false));
        assert!(has(&common, "body", "ถังขยะ", false));
        assert!(has(&common, "body", "ขยะ", true));
        assert!(has(&common, "title", "จัดการ", true));
        // Alone, or with only common words, it is what the query asks for: matched on
        // every field, still without body positions and compounds.
        let alone = reads(
            "การ",
            &vocab,
            &Counts {
                common: "การ"
            },
        );
        assert!(has(&alone, "body", "การ", false));
        assert!(has(&alone, "title", "การ", false));
        assert!(!has(&alone, "body", "การเกษตร", false));
        // A quoted phrase narrows by itself: the common word beside it is optional.
        let quoted = reads(
            "\"จัดการ\" การ",
            &vocab,
            &Counts {
                common: "การ"
            },
        );
        assert!(!quoted.iter().any(|(_, w, _)| w == "การ"));
    }
}
