//! The searcher: opens indexes (a directory natively, a bundle anywhere), runs a
//! [`Query`], counts facets and cuts snippets.
//!
//! Owns the query-time side of the contract that the CLI and the browser must agree:
//! both open the same data through [`LangIndex::new`], build the vocabulary
//! dictionary from the index's own Thai word terms, build the tantivy query with
//! [`crate::query::build`] (typo corrections from the index's own `raw` terms), and
//! rank with one collector that breaks score ties by a hash of the page id (never by
//! segment layout). So a directory and its bundle give identical hits.
//!
//! Filters are not part of the tantivy query: the collector applies them from fast
//! fields, which lets it count every facet "with the other filters applied" in the
//! same single pass.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::postings::TermInfo;
use tantivy::query::{AllQuery, FuzzyTermQuery};
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer, ValueVisitor,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, InvertedIndexReader, ReloadPolicy, Score,
    SegmentOrdinal, SegmentReader, Term,
};

use crate::dict::Vocabulary;
use crate::parts::{Packed, Split};
use crate::query::{build, Built, Highlight, IndexTerms};
use crate::schema::{fields_of, Fields};
use crate::snippet::{lead, snippet};
use crate::tcc::is_thai_letter;
use crate::{Error, Facets, Hit, Query, Result, SearchResults};

/// One language's index, opened for reading.
pub struct LangIndex {
    lang: String,
    reader: IndexReader,
    fields: Fields,
    vocab: Vocabulary,
}

impl LangIndex {
    /// Opens `index` read-only (manual reload, no watcher threads) and builds the
    /// query vocabulary from its Thai word terms.
    pub fn new(lang: &str, index: Index) -> Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let fields = fields_of(&index.schema())?;
        let mut vocab = Vocabulary::new();
        let searcher = reader.searcher();
        for seg in searcher.segment_readers() {
            for field in [fields.title, fields.body, fields.headings, fields.summary] {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv
                    .terms()
                    .stream()
                    .map_err(|e| Error::io("term dictionary", e))?;
                while stream.advance() {
                    let key = stream.key();
                    // Thai letters are 3 bytes in UTF-8 starting with 0xE0 0xB8/0xB9.
                    if key.first() != Some(&0xE0) {
                        continue;
                    }
                    if let Ok(s) = std::str::from_utf8(key) {
                        if s.chars().all(is_thai_letter) {
                            vocab.insert_canonical(s);
                        }
                    }
                }
            }
        }
        vocab.freeze();
        Ok(LangIndex {
            lang: lang.to_owned(),
            reader,
            fields,
            vocab,
        })
    }

    /// Language code of this index.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Number of Thai words in the query vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.len()
    }

    /// Number of documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Reads what every query may read before it knows its terms: each indexed field's
    /// term dictionary and field norms, and the fast fields the collector reads.
    /// [`crate::parts::pack`] runs it through a directory that records the reads: what
    /// it reads is the browser's always-loaded part.
    pub fn warm(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let schema = searcher.schema();
        for seg in searcher.segment_readers() {
            for (field, entry) in schema.fields() {
                if entry.is_indexed() {
                    seg.inverted_index(field)?;
                }
                if entry.has_fieldnorms() {
                    seg.get_fieldnorms_reader(field)?;
                }
            }
        }
        let everything = FacetTopCollector {
            filters: &Filters::default(),
            limit: 0,
        };
        searcher.search(&AllQuery, &everything)?;
        Ok(())
    }

    /// The tantivy query of `q` against this index, as `searcher` sees it: the one
    /// place a query is built, for reading its postings and for running it.
    fn build(&self, searcher: &tantivy::Searcher, q: &Query) -> Built {
        let words = IndexWords { li: self, searcher };
        build(&q.text, &self.fields, &self.vocab, &words, q.prefix)
    }

    /// Number of segments (1 in the browser's index).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }
}

/// One index's own terms, as a query being built asks for them.
struct IndexWords<'a> {
    li: &'a LangIndex,
    searcher: &'a tantivy::Searcher,
}

impl IndexWords<'_> {
    /// The terms of `field`, over every segment, that `each` finds in a segment's
    /// dictionary; each once, sorted.
    fn collect(
        &self,
        field: Field,
        each: impl Fn(&tantivy::termdict::TermDictionary, &mut dyn FnMut(&[u8])),
    ) -> Vec<Term> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for seg in self.searcher.segment_readers() {
            if let Ok(inv) = seg.inverted_index(field) {
                each(inv.terms(), &mut |key| keys.push(key.to_vec()));
            }
        }
        crate::order::sort(&mut keys);
        keys.dedup();
        keys.iter()
            .map(|k| Term::from_field_bytes(field, k))
            .collect()
    }
}

impl IndexTerms for IndexWords<'_> {
    /// The words of `raw` within `distance` edits of the folded query word `word`
    /// (see [`IndexTerms::corrections`]), through the same automaton tantivy's
    /// fuzzy query matches with; failing those, the words that share all of `word`
    /// but its last three letters or fewer, and at least five, the longest such
    /// beginning first (a slip near the end, or a word cut short: recyclng finds
    /// recyclable, three edits away). None if the index has `word` itself: a word the
    /// pages use is no typo, and scoring its neighbours (taste for waste) would only
    /// rank pages about something else higher.
    fn corrections(&self, word: &str, distance: u8) -> Vec<String> {
        let raw = self.li.fields.raw;
        let words = |terms: Vec<Term>| -> Vec<String> {
            terms
                .iter()
                .filter_map(|t| std::str::from_utf8(t.serialized_value_bytes()).ok())
                .map(str::to_owned)
                .collect()
        };
        let found = words(self.fuzzy(raw, word, distance));
        // The word itself is at distance 0.
        if found.iter().any(|w| w == word) {
            return Vec::new();
        }
        // Fuzzy words are ASCII lowercase (`query::fuzzy_distance`): any cut is a
        // character boundary.
        if !found.is_empty() || !word.is_ascii() {
            return found;
        }
        let shortest = word.len().saturating_sub(3).max(5);
        for cut in (shortest..word.len()).rev() {
            let prefix = &word.as_bytes()[..cut];
            let mut end = prefix.to_vec();
            end.push(0xFF);
            let found = words(self.range(raw, prefix, &end));
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    fn fuzzy(&self, field: Field, word: &str, distance: u8) -> Vec<Term> {
        let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
        let Ok(dfa) = query.automaton() else {
            return Vec::new();
        };
        self.collect(field, |terms, add| {
            if let Ok(mut stream) = terms.search(&dfa).into_stream() {
                while stream.advance() {
                    add(stream.key());
                }
            }
        })
    }

    fn doc_freq(&self, term: &Term) -> (u64, u64) {
        let df = self.searcher.doc_freq(term).unwrap_or(0);
        (df, self.searcher.num_docs())
    }

    fn range(&self, field: Field, from: &[u8], to: &[u8]) -> Vec<Term> {
        self.collect(field, |terms, add| {
            let range = terms.range().ge(from).lt(to);
            if let Ok(mut stream) = range.into_stream() {
                while stream.advance() {
                    add(stream.key());
                }
            }
        })
    }
}

/// Searches one or more language indexes.
pub struct Searcher {
    indexes: Vec<LangIndex>,
    /// The parts, for an index opened from the browser's entry file.
    parts: Option<Split>,
}

/// The answer of [`Searcher::search_parts`].
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The results: every byte they needed was there.
    Found(SearchResults),
    /// The parts to load ([`Searcher::add_part`]) before asking again.
    Need(Vec<String>),
}

impl Searcher {
    /// Opens every language index under `dir` (as written by
    /// [`crate::IndexBuilder`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open(dir: &std::path::Path) -> Result<Self> {
        let mut langs: Vec<(String, std::path::PathBuf)> = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            // `.th-part-1` and the like are an unfinished build's scratch, not languages.
            let name = path.file_name().and_then(|n| n.to_str());
            if let Some(name) = name.filter(|n| !n.starts_with('.')) {
                if path.join("meta.json").is_file() {
                    langs.push((name.to_owned(), path));
                }
            }
        }
        if langs.is_empty() {
            return Err(Error::NoIndex(dir.display().to_string()));
        }
        langs.sort();
        let mut indexes = Vec::new();
        for (lang, path) in langs {
            let index = Index::open_in_dir(&path)?;
            indexes.push(LangIndex::new(&lang, index)?);
        }
        Ok(Searcher {
            indexes,
            parts: None,
        })
    }

    /// Opens the browser's entry file of one language ([`crate::parts::pack`]), with no
    /// part loaded yet: search it with [`Searcher::search_parts`].
    pub fn from_entry(entry: &[u8]) -> Result<Self> {
        let (lang, index, split) = crate::parts::open(entry)?;
        Ok(Searcher {
            indexes: vec![LangIndex::new(&lang, index)?],
            parts: Some(split),
        })
    }

    /// Opens a packed language with every part loaded, as a browser that has fetched
    /// them all would have it.
    pub fn from_packed(packed: &Packed) -> Result<Self> {
        let searcher = Searcher::from_entry(&packed.entry)?;
        for (name, bytes) in &packed.parts {
            searcher.add_part(name, bytes.clone());
        }
        Ok(searcher)
    }

    /// Loads one part of an index opened with [`Searcher::from_entry`]; false if the
    /// searcher reads from a directory, where there are no parts.
    pub fn add_part(&self, name: &str, bytes: Vec<u8>) -> bool {
        match &self.parts {
            Some(store) => {
                store.put(name, bytes);
                true
            }
            None => false,
        }
    }

    /// Number of parts loaded and their bytes (0, 0 for a directory).
    pub fn parts_loaded(&self) -> (usize, usize) {
        self.parts.as_ref().map_or((0, 0), Split::loaded)
    }

    /// The file:// twin script that holds the part `name` (see [`crate::parts`]).
    pub fn twin_of(&self, name: &str) -> Option<String> {
        self.parts.as_ref()?.twin_of(name)
    }

    /// Runs a query over what is loaded, or says which parts it still needs.
    ///
    /// A query reads in three rounds at most: the postings (and, for phrases, the
    /// positions) of every term the query names, then the stored text of the hits
    /// shown. Each round asks for all its missing parts at once. An answer is only
    /// given from a run in which no read missed, so it is the answer of the whole index.
    pub fn search_parts(&self, q: &Query) -> Result<Answer> {
        let Some(store) = &self.parts else {
            return self.search(q).map(Answer::Found);
        };
        store.take_missing();
        self.read_postings(q);
        let need = store.take_missing();
        if !need.is_empty() {
            return Ok(Answer::Need(need));
        }
        let found = self.search(q);
        let need = store.take_missing();
        match found {
            _ if !need.is_empty() => Ok(Answer::Need(need)),
            Ok(results) => Ok(Answer::Found(results)),
            Err(e) => Err(e),
        }
    }

    /// Calls `each` with every term `q` names that is in an index it searches: the
    /// searcher, the term's field's inverted index, the term, its info, and whether the
    /// query reads its positions.
    fn terms_read(
        &self,
        q: &Query,
        mut each: impl FnMut(&tantivy::Searcher, &InvertedIndexReader, &Term, &TermInfo, bool),
    ) {
        for li in &self.indexes {
            if q.lang.as_deref().is_some_and(|l| l != li.lang) {
                continue;
            }
            let searcher = li.reader.searcher();
            let built = li.build(&searcher, q);
            let mut terms: Vec<(Term, bool)> = Vec::new();
            built
                .query
                .query_terms(&mut |t, positions| terms.push((t.clone(), positions)));
            for seg in searcher.segment_readers() {
                for (term, positions) in &terms {
                    let Ok(inv) = seg.inverted_index(term.field()) else {
                        continue;
                    };
                    if let Ok(Some(info)) = inv.get_term_info(term) {
                        each(&searcher, &inv, term, &info, *positions);
                    }
                }
            }
        }
    }

    /// Reads the postings of every term `q` names, in every index it searches, going
    /// on past reads that fail: a split index records each part it lacked.
    fn read_postings(&self, q: &Query) {
        self.terms_read(q, |_, inv, _, info, positions| {
            let _ = inv.read_block_postings_from_terminfo(info, IndexRecordOption::WithFreqs);
            if positions {
                let with = IndexRecordOption::WithFreqsAndPositions;
                let _ = inv.read_postings_from_terminfo(info, with);
            }
        });
    }

    /// For reports (`parts_cost`): each term `q` reads in each index, as `(field, term,
    /// postings bytes, positions bytes)`, positions only where the query reads them.
    pub fn term_costs(&self, q: &Query) -> Vec<(String, String, usize, usize)> {
        let mut out = Vec::new();
        self.terms_read(q, |searcher, _, term, info, positions| {
            let text = term
                .value()
                .as_str()
                .map_or_else(|| format!("{:?}", term.value().as_bytes()), str::to_owned);
            out.push((
                searcher.schema().get_field_name(term.field()).to_owned(),
                text,
                info.postings_range.len(),
                if positions {
                    info.positions_range.len()
                } else {
                    0
                },
            ));
        });
        out
    }

    /// The stored fields of a hit: from its page where the index is split into pages,
    /// else from the doc store.
    fn stored_page(&self, ix: usize, addr: DocAddress) -> tantivy::Result<StoredPage> {
        match &self.parts {
            Some(split) if split.has_pages() => {
                let page = split
                    .page(addr.doc_id as usize)
                    .ok_or_else(|| std::io::Error::other("search page not loaded yet"))?;
                StoredPage::from_page(page.as_slice()).ok_or_else(|| {
                    tantivy::TantivyError::InternalError(format!(
                        "search page {} is damaged",
                        addr.doc_id
                    ))
                })
            }
            _ => self.indexes[ix].reader.searcher().doc(addr),
        }
    }

    /// The opened language indexes.
    pub fn languages(&self) -> impl Iterator<Item = &LangIndex> {
        self.indexes.iter()
    }

    /// Runs a query. With `q.lang` set only that language's index is searched (an
    /// unknown language gives no results); otherwise all of them, hits merged by score.
    pub fn search(&self, q: &Query) -> Result<SearchResults> {
        let filters = Filters {
            kind: q.kind.clone(),
            district: q.district.clone(),
            topic: q.topic.clone(),
            lang: q.lang.clone(),
            year: q.year.map(i64::from),
        };
        let mut total = Counts::default();
        let mut ranked: Vec<(usize, Ranked)> = Vec::new();
        let mut highlights: Vec<Option<Highlight>> = Vec::new();
        for (ix, li) in self.indexes.iter().enumerate() {
            highlights.push(None);
            if q.lang.as_deref().is_some_and(|l| l != li.lang) {
                continue;
            }
            let searcher = li.reader.searcher();
            let built = li.build(&searcher, q);
            let collector = FacetTopCollector {
                filters: &filters,
                limit: q.limit,
            };
            let counts = searcher.search(built.query.as_ref(), &collector)?;
            ranked.extend(counts.top.iter().map(|r| (ix, *r)));
            total.merge(counts);
            highlights[ix] = Some(built.highlight);
        }
        crate::order::sort_by_key(&mut ranked, |r| std::cmp::Reverse(r.1));
        ranked.truncate(q.limit);
        // Every hit's document is read before any error is returned, so that a split
        // index learns all the parts of stored text it lacks in one round.
        let docs: Vec<tantivy::Result<StoredPage>> = ranked
            .iter()
            .map(|(ix, r)| self.stored_page(*ix, r.addr))
            .collect();
        let mut hits = Vec::with_capacity(ranked.len());
        for ((ix, r), doc) in ranked.into_iter().zip(docs) {
            let li = &self.indexes[ix];
            let hl = highlights[ix]
                .as_ref()
                .expect("searched index has a highlight");
            hits.push(make_hit(li, &doc?, r, hl));
        }
        Ok(SearchResults {
            total: total.total as usize,
            hits,
            facets: total.facets(),
        })
    }
}

/// A hit's stored fields, read as text and bytes only. tantivy's general document
/// (`TantivyDocument`) would bring the reading of JSON objects, dates and IP addresses
/// into the browser's module, which no Sala field holds.
struct StoredPage {
    fields: Vec<(Field, Stored)>,
}

enum Stored {
    Text(String),
    Bytes(Vec<u8>),
    /// A number (the year): not shown.
    Other,
}

/// Every document of `searcher`'s one segment as a page ([`crate::parts`] has the
/// format), by document id.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn stored_pages(searcher: &tantivy::Searcher) -> Result<Vec<Vec<u8>>> {
    let mut pages = Vec::new();
    for (s, seg) in searcher.segment_readers().iter().enumerate() {
        if s > 0 {
            return Err(Error::Bundle(
                "pages of an index of several segments".into(),
            ));
        }
        // Read in order: a cache of one block decompresses each block once.
        let store = seg
            .get_store_reader(1)
            .map_err(|e| Error::io("doc store", e))?;
        for doc in 0..seg.max_doc() {
            let page: StoredPage = store.get(doc)?;
            pages.push(page.to_page());
        }
    }
    Ok(pages)
}

impl StoredPage {
    /// The page's text and bytes fields, lz4-compressed (numbers are not shown and are
    /// left out).
    #[cfg(not(target_arch = "wasm32"))]
    fn to_page(&self) -> Vec<u8> {
        let kept: Vec<_> = self
            .fields
            .iter()
            .filter_map(|(f, v)| match v {
                Stored::Text(t) => Some((f, 0u8, t.as_bytes())),
                Stored::Bytes(b) => Some((f, 1u8, b.as_slice())),
                Stored::Other => None,
            })
            .collect();
        use crate::parts::put_leb128;
        let mut out = Vec::new();
        put_leb128(&mut out, kept.len());
        for (field, tag, bytes) in kept {
            put_leb128(&mut out, field.field_id() as usize);
            out.push(tag);
            put_leb128(&mut out, bytes.len());
            out.extend_from_slice(bytes);
        }
        let mut page = vec![0; 4 + lz4_flex::block::get_maximum_output_size(out.len())];
        page[..4].copy_from_slice(&(out.len() as u32).to_le_bytes());
        let n = lz4_flex::compress_into(&out, &mut page[4..]).expect("room for the worst case");
        page.truncate(4 + n);
        page
    }

    /// Reads what [`StoredPage::to_page`] wrote; None if the bytes are not such a page.
    fn from_page(page: &[u8]) -> Option<Self> {
        let (len, packed) = page.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        // lz4 expands at most 255 times: a damaged length does not allocate gigabytes.
        if len > packed.len().saturating_mul(255) {
            return None;
        }
        let mut plain = vec![0; len];
        if lz4_flex::decompress_into(packed, &mut plain).ok()? != len {
            return None;
        }
        let mut r = crate::parts::Reader::new(&plain);
        let count = r.leb128().ok()?;
        let mut fields = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let field = Field::from_field_id(u32::try_from(r.leb128().ok()?).ok()?);
            let [tag] = r.array().ok()?;
            let len = r.leb128().ok()?;
            let bytes = r.take(len).ok()?;
            let value = match tag {
                0 => Stored::Text(std::str::from_utf8(bytes).ok()?.to_owned()),
                1 => Stored::Bytes(bytes.to_vec()),
                _ => return None,
            };
            fields.push((field, value));
        }
        r.is_done().then_some(StoredPage { fields })
    }

    fn text(&self, field: Field) -> String {
        self.fields
            .iter()
            .find_map(|(f, v)| match v {
                Stored::Text(s) if *f == field => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn bytes(&self, field: Field) -> Option<&[u8]> {
        self.fields.iter().find_map(|(f, v)| match v {
            Stored::Bytes(b) if *f == field => Some(b.as_slice()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn a_page_reads_back_as_it_was_written_and_damage_is_refused() {
        let page = StoredPage {
            fields: vec![
                (Field::from_field_id(1), Stored::Text("ขยะ waste".into())),
                (Field::from_field_id(300), Stored::Bytes(vec![0x80; 500])),
                (Field::from_field_id(2), Stored::Other),
            ],
        };
        let bytes = page.to_page();
        let back = StoredPage::from_page(&bytes).expect("a page");
        assert_eq!(back.text(Field::from_field_id(1)), "ขยะ waste");
        assert_eq!(
            back.bytes(Field::from_field_id(300)),
            Some(&[0x80; 500][..])
        );
        assert_eq!(back.fields.len(), 2, "numbers are left out");
        for cut in [0, 3, 4, bytes.len() - 1] {
            assert!(
                StoredPage::from_page(&bytes[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut huge = bytes.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(StoredPage::from_page(&huge).is_none());
    }
}

impl DocumentDeserialize for StoredPage {
    fn deserialize<'de, D>(mut doc: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(doc.size_hint());
        while let Some(field) = doc.next_field::<Stored>()? {
            fields.push(field);
        }
        Ok(StoredPage { fields })
    }
}

impl ValueDeserialize for Stored {
    fn deserialize<'de, D>(value: D) -> std::result::Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        struct Visitor;
        impl ValueVisitor for Visitor {
            type Value = Stored;
            fn visit_string(&self, s: String) -> std::result::Result<Stored, DeserializeError> {
                Ok(Stored::Text(s))
            }
            fn visit_bytes(&self, b: Vec<u8>) -> std::result::Result<Stored, DeserializeError> {
                Ok(Stored::Bytes(b))
            }
            fn visit_i64(&self, _: i64) -> std::result::Result<Stored, DeserializeError> {
                Ok(Stored::Other)
            }
            fn visit_u64(&self, _: u64) -> std::result::Result<Stored, DeserializeError> {
                Ok(Stored::Other)
            }
        }
        value.deserialize_any(Visitor)
    }
}

fn make_hit(li: &LangIndex, doc: &StoredPage, r: Ranked, hl: &Highlight) -> Hit {
    let f = &li.fields;
    let get = |field| doc.text(field);
    let body = doc
        .bytes(f.body_text)
        .map(crate::packed::unpack)
        .unwrap_or_default();
    let (summary, title) = (get(f.summary), get(f.title));
    let words = li.vocab.dict();
    let snippet = snippet(&body, hl, words)
        .or_else(|| snippet(&summary, hl, words))
        .unwrap_or_else(|| {
            if summary.is_empty() {
                lead(&body)
            } else {
                lead(&summary)
            }
        });
    Hit {
        url: get(f.url),
        title,
        lang: get(f.lang),
        kind: get(f.kind),
        score: r.score,
        snippet,
    }
}

#[derive(Default)]
struct Filters {
    kind: Option<String>,
    district: Option<String>,
    topic: Option<String>,
    lang: Option<String>,
    year: Option<i64>,
}

/// A scored document; `Ord` says which is better: higher score, then lower key.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    score: Score,
    key: u64,
    addr: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.key.cmp(&self.key))
    }
}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}

const KIND: usize = 0;
const DISTRICT: usize = 1;
const TOPIC: usize = 2;
const LANG: usize = 3;
const YEAR: usize = 4;
const NFACETS: usize = 5;
const STR_FACETS: [&str; 4] = ["kind", "district_set", "topic_set", "lang"];
/// Which of [`STR_FACETS`] hold sets ([`crate::schema::SET_SEPARATOR`]).
const SET_FACETS: [bool; 4] = [false, true, true, false];

/// Counts and top hits, per segment or merged.
#[derive(Default)]
struct Counts {
    total: u64,
    top: Vec<Ranked>,
    strs: [HashMap<String, u64>; 4],
    years: HashMap<i64, u64>,
}

impl Counts {
    fn merge(&mut self, other: Counts) {
        self.total += other.total;
        self.top.extend(other.top);
        for (mine, theirs) in self.strs.iter_mut().zip(other.strs) {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
        for (k, v) in other.years {
            *self.years.entry(k).or_default() += v;
        }
    }

    fn facets(&self) -> Facets {
        fn sorted<K: Ord + Clone>(m: impl Iterator<Item = (K, u64)>) -> Vec<(K, u64)> {
            let mut v: Vec<(K, u64)> = m.collect();
            crate::order::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        }
        let s = |i: usize| sorted(self.strs[i].iter().map(|(k, v)| (k.clone(), *v)));
        Facets {
            kind: s(KIND),
            district: s(DISTRICT),
            topic: s(TOPIC),
            lang: s(LANG),
            year: sorted(self.years.iter().map(|(k, v)| (*k as i32, *v))),
        }
    }
}

/// The values each term of a set column holds, by term ordinal.
fn set_members(col: &StrColumn) -> tantivy::Result<Vec<Vec<String>>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut s = String::new();
    for o in 0..col.num_terms() as u64 {
        s.clear();
        col.ord_to_str(o, &mut s)?;
        out.push(
            s.split(crate::schema::SET_SEPARATOR)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect(),
        );
    }
    Ok(out)
}

struct FacetTopCollector<'a> {
    filters: &'a Filters,
    limit: usize,
}

/// A string filter resolved against one segment's dictionary.
enum StrFilter {
    Any,
    /// The value does not occur in this segment: nothing passes.
    Absent,
    Ord(u64),
    /// Of a set column: which of its values (sets) hold the value.
    Sets(Vec<bool>),
}

/// Case studies score this much more than other pages for the same match: how another
/// LAO solved a problem is what officers search for most. Measured on the labelled
/// queries (`tests/relevance.rs`): MRR 0.955 at 1.0, 0.960 at 1.2, 0.964 at 1.35 and
/// 1.5, 0.942 at 1.7 (guides that should lead start losing to cases).
const CASE_PRIOR: f32 = 1.5;

struct SegCollector {
    seg: SegmentOrdinal,
    limit: usize,
    cols: [Option<StrColumn>; 4],
    str_filters: [StrFilter; 4],
    year: Option<Column<i64>>,
    year_filter: Option<i64>,
    key: Option<Column<u64>>,
    /// The kind column's ordinal of `case` in this segment, if any page is one.
    case_ord: Option<u64>,
    total: u64,
    heap: BinaryHeap<std::cmp::Reverse<Ranked>>,
    str_counts: [Vec<u64>; 4],
    /// For a set column, the values each of its terms holds (empty otherwise).
    members: [Vec<Vec<String>>; 4],
    year_counts: HashMap<i64, u64>,
}

impl Collector for FacetTopCollector<'_> {
    type Fruit = Counts;
    type Child = SegCollector;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegCollector> {
        let ff = reader.fast_fields();
        let mut cols: [Option<StrColumn>; 4] = Default::default();
        let mut str_filters: [StrFilter; 4] = [
            StrFilter::Any,
            StrFilter::Any,
            StrFilter::Any,
            StrFilter::Any,
        ];
        let wanted = [
            &self.filters.kind,
            &self.filters.district,
            &self.filters.topic,
            &self.filters.lang,
        ];
        let mut str_counts: [Vec<u64>; 4] = Default::default();
        let mut members: [Vec<Vec<String>>; 4] = Default::default();
        for i in 0..4 {
            cols[i] = ff.str(STR_FACETS[i])?;
            if let Some(col) = &cols[i] {
                str_counts[i] = vec![0; col.num_terms()];
                if SET_FACETS[i] {
                    members[i] = set_members(col)?;
                }
            }
            if let Some(v) = wanted[i] {
                str_filters[i] = match &cols[i] {
                    Some(_) if SET_FACETS[i] => StrFilter::Sets(
                        members[i]
                            .iter()
                            .map(|set| set.iter().any(|m| m == v))
                            .collect(),
                    ),
                    Some(col) => match col.dictionary().term_ord(v.as_bytes())? {
                        Some(o) => StrFilter::Ord(o),
                        None => StrFilter::Absent,
                    },
                    None => StrFilter::Absent,
                };
            }
        }
        let case_ord = match &cols[0] {
            Some(col) => col.dictionary().term_ord(b"case")?,
            None => None,
        };
        Ok(SegCollector {
            case_ord,
            seg,
            limit: self.limit,
            cols,
            str_filters,
            year: ff.column_opt::<i64>("year")?,
            year_filter: self.filters.year,
            key: ff.column_opt::<u64>("key")?,
            total: 0,
            heap: BinaryHeap::new(),
            str_counts,
            members,
            year_counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for f in fruits {
            all.merge(f);
        }
        crate::order::sort_by(&mut all.top, |a, b| b.cmp(a));
        all.top.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for SegCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, score: Score) {
        let mut pass = [true; NFACETS];
        for (i, f) in self.str_filters.iter().enumerate() {
            pass[i] = match f {
                StrFilter::Any => true,
                StrFilter::Absent => false,
                StrFilter::Ord(o) => self.cols[i]
                    .as_ref()
                    .is_some_and(|c| c.term_ords(doc).any(|x| x == *o)),
                StrFilter::Sets(holds) => self.cols[i].as_ref().is_some_and(|c| {
                    c.term_ords(doc)
                        .any(|x| holds.get(x as usize).copied().unwrap_or(false))
                }),
            };
        }
        let year = self.year.as_ref().and_then(|c| c.first(doc));
        if let Some(y) = self.year_filter {
            pass[YEAR] = year == Some(y);
        }
        let failing = pass.iter().filter(|p| !**p).count();
        if failing > 1 {
            return;
        }
        // With every filter passing, all facets count; with exactly one failing, only
        // that facet counts (the "other filters applied" rule).
        for ((col, counts), ok) in self.cols.iter().zip(&mut self.str_counts).zip(pass) {
            if failing == 0 || !ok {
                if let Some(c) = col {
                    for o in c.term_ords(doc) {
                        counts[o as usize] += 1;
                    }
                }
            }
        }
        if failing == 0 || !pass[YEAR] {
            if let Some(y) = year {
                *self.year_counts.entry(y).or_default() += 1;
            }
        }
        if failing > 0 {
            return;
        }
        self.total += 1;
        if self.limit == 0 {
            return;
        }
        let key = self.key.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let is_case = self.case_ord.is_some_and(|case| {
            self.cols[0]
                .as_ref()
                .is_some_and(|c| c.term_ords(doc).any(|o| o == case))
        });
        let r = Ranked {
            score: if is_case { score * CASE_PRIOR } else { score },
            key,
            addr: DocAddress::new(self.seg, doc),
        };
        if self.heap.len() < self.limit {
            self.heap.push(std::cmp::Reverse(r));
        } else if let Some(worst) = self.heap.peek() {
            if r > worst.0 {
                self.heap.pop();
                self.heap.push(std::cmp::Reverse(r));
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut strs: [HashMap<String, u64>; 4] = Default::default();
        for (i, ((col, counts), out)) in self
            .cols
            .iter()
            .zip(&self.str_counts)
            .zip(&mut strs)
            .enumerate()
        {
            let Some(col) = col else { continue };
            let mut s = String::new();
            for (o, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                if SET_FACETS[i] {
                    for m in self.members[i].get(o).into_iter().flatten() {
                        *out.entry(m.clone()).or_default() += n;
                    }
                } else if col.ord_to_str(o as u64, &mut s).unwrap_or(false) {
                    out.insert(s.clone(), n);
                }
            }
        }
        Counts {
            total: self.total,
            top: self.heap.into_iter().map(|r| r.0).collect(),
            strs,
            years: self.year_counts,
        }
    }
}
