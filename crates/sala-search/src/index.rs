//! The index writer (native only): [`IndexBuilder`] turns [`Doc`]s into one tantivy
//! index per language under the index directory.
//!
//! Owns the index-time analysis setup: it registers the word, cluster pair and raw
//! tokenizers over one analysis per text against the full shipped dictionary
//! ([`crate::dict::builtin`]), analyzed ahead by the threads that call
//! [`IndexBuilder::prepare`]; stores canonical text (the body packed, see
//! [`crate::packed`]) so snippets can be cut from it; and writes each language's
//! index as one segment, on the threads that add documents (see [`IndexBuilder`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{Index, SingleSegmentIndexWriter, TantivyDocument};

use crate::analyzer::tantivy_adapter::{with_prepared, Analyses, Mode, Prepared, SalaTokenizer};
use crate::dict::builtin;
use crate::normalize::canonicalize_owned;
use crate::schema::{
    self, Fields, CLUSTER_PAIRS_TOKENIZER, RAW_TOKENIZER, SPARSE_PAIRS_TOKENIZER, WORDS_TOKENIZER,
};
use crate::{Doc, Error, Result};

/// Memory budget of each language's segment while it is written. A language that
/// outgrows it is finished as a part and a new part started; [`IndexBuilder::finish`]
/// merges the parts. At 10,000 pages a language takes about a twentieth of it, so
/// sites of that size write one segment and merge nothing.
const HEAP_PER_LANGUAGE: usize = 1024 * 1024 * 1024;

/// Bytes of stored documents compressed together, about one page: `sala search` reads
/// a hit's block for its snippet. The browser reads pages of its own instead (see
/// [`crate::parts`]); when it read this doc store, cut into parts, 4 KiB blocks beat
/// 2, 8 and 16 KiB on the 10,000-item corpus (`docs/search.md`), which
/// `parts_cost` with `STORE_CUT=blocks` still measures.
const DOC_BLOCK: usize = 4096;

/// Writes the search index: one tantivy index per language, each written as a single
/// segment by the threads that call [`IndexBuilder::add_prepared`] (one language at a
/// time per thread, in the order added).
///
/// tantivy's own `IndexWriter` runs an indexing thread per language and hands it each
/// document over a channel. Beside rendering's two workers on two cores, the kernel
/// shared the cores among four busy threads: the index finished early, rendering's last
/// jobs then ran on one core, and there was a context switch per document. At 10,000
/// items the build took 5.5 s that way and 5.0 s with the segments written in place,
/// which need no merge either.
pub struct IndexBuilder {
    dir: PathBuf,
    analyses: Arc<Analyses>,
    fields: Fields,
    budget: usize,
    /// Languages whose index is left as it is (see [`IndexBuilder::create_keeping`]).
    kept: Vec<String>,
    langs: RwLock<HashMap<String, Arc<Mutex<LangWriter>>>>,
}

/// One language's index as it is written.
struct LangWriter {
    writer: Option<SingleSegmentIndexWriter<TantivyDocument>>,
    /// The folders of the parts, in order: `<dir>/<lang>` first, then
    /// `<dir>/.<lang>-part-<n>` for each time the budget ran out.
    parts: Vec<PathBuf>,
    /// Pages in the part being written (a part is never left empty).
    docs_in_part: usize,
    /// Pages added so far: the next page's `key`.
    added: u64,
}

/// A page ready to be added (see [`IndexBuilder::prepare`]).
pub struct PreparedDoc {
    lang: String,
    doc: TantivyDocument,
    /// The analyses of its texts, for the tokenizers.
    texts: Vec<Prepared>,
}

impl PreparedDoc {
    /// The page's language.
    pub fn lang(&self) -> &str {
        &self.lang
    }
}

fn valid_lang(lang: &str) -> bool {
    (1..=16).contains(&lang.len())
        && lang
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl IndexBuilder {
    /// Creates (or empties) the index directory. Language indexes found in it are
    /// removed; other files (a README) are left alone.
    pub fn create(dir: &Path) -> Result<Self> {
        Self::create_keeping(dir, &[])
    }

    /// As [`IndexBuilder::create`], but the indexes of the languages in `keep` stay as
    /// they are and take no documents: a rebuild whose pages in those languages did not
    /// change writes only the others.
    pub fn create_keeping(dir: &Path, keep: &[&str]) -> Result<Self> {
        Self::create_inner(dir, HEAP_PER_LANGUAGE, keep)
    }

    /// As [`IndexBuilder::create`], with `budget` bytes of memory per language before
    /// a part is finished (a small budget tests the merging of parts).
    pub fn create_with_budget(dir: &Path, budget: usize) -> Result<Self> {
        Self::create_inner(dir, budget, &[])
    }

    fn create_inner(dir: &Path, budget: usize, keep: &[&str]) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            let name = path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into());
            // Parts an interrupted build left, finished or not.
            let scratch =
                name.starts_with('.') && (name.contains("-part-") || name.ends_with("-merged"));
            let kept = keep.contains(&name.as_str());
            if (path.join("meta.json").is_file() && !kept) || (scratch && path.is_dir()) {
                std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        let (_, fields) = schema::build();
        let builder = IndexBuilder {
            dir: dir.to_owned(),
            analyses: Arc::new(Analyses::new(builtin())),
            fields,
            budget,
            kept: keep.iter().map(|l| (*l).to_owned()).collect(),
            langs: RwLock::new(HashMap::new()),
        };
        for lang in ["th", "en"].into_iter().filter(|l| !keep.contains(l)) {
            builder.writer_for(lang)?;
        }
        Ok(builder)
    }

    /// The writer of `lang`, created on first use.
    fn writer_for(&self, lang: &str) -> Result<Arc<Mutex<LangWriter>>> {
        if let Some(w) = self.langs.read().map_err(|_| Error::Poisoned)?.get(lang) {
            return Ok(w.clone());
        }
        if self.kept.iter().any(|k| k == lang) {
            return Err(Error::InvalidDoc {
                id: String::new(),
                reason: format!("the {lang} index is kept as it is and takes no pages"),
            });
        }
        let mut langs = self.langs.write().map_err(|_| Error::Poisoned)?;
        if let Some(w) = langs.get(lang) {
            return Ok(w.clone());
        }
        let path = self.dir.join(lang);
        let writer = LangWriter {
            writer: Some(self.segment_writer(&path)?),
            parts: vec![path],
            docs_in_part: 0,
            added: 0,
        };
        let writer = Arc::new(Mutex::new(writer));
        langs.insert(lang.to_owned(), writer.clone());
        Ok(writer)
    }

    /// A new single-segment index in `path` (created), with Sala's tokenizers.
    fn segment_writer(&self, path: &Path) -> Result<SingleSegmentIndexWriter<TantivyDocument>> {
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let tokenizers = TokenizerManager::default();
        let analyzer = |mode: Mode| TextAnalyzer::builder(SalaTokenizer { mode }).build();
        let analyses = &self.analyses;
        tokenizers.register(WORDS_TOKENIZER, analyzer(Mode::Words(analyses.clone())));
        tokenizers.register(CLUSTER_PAIRS_TOKENIZER, analyzer(Mode::ClusterPairs));
        tokenizers.register(
            SPARSE_PAIRS_TOKENIZER,
            analyzer(Mode::SparsePairs(analyses.clone())),
        );
        tokenizers.register(RAW_TOKENIZER, analyzer(Mode::Raw(analyses.clone())));
        let directory = MmapDirectory::open(path).map_err(tantivy::TantivyError::from)?;
        let (schema, _) = schema::build();
        Ok(Index::builder()
            .schema(schema)
            // The doc store is compressed on the thread that adds, not on a thread of
            // its own per language: both cores are busy already.
            .settings(tantivy::IndexSettings {
                docstore_compress_dedicated_thread: false,
                docstore_blocksize: DOC_BLOCK,
                ..Default::default()
            })
            .tokenizers(tokenizers)
            .single_segment_index_writer(directory, self.budget)?)
    }

    /// Adds one page in one language: [`IndexBuilder::prepare`], then
    /// [`IndexBuilder::add_prepared`].
    pub fn add(&self, doc: &Doc) -> Result<()> {
        self.add_prepared(self.prepare(doc.clone())?)
    }

    /// Does the costly part of adding a page (normalizing and analyzing its text),
    /// safely from many threads at once. Takes the page's text over: canonical text
    /// (nearly all of it) is indexed without another copy.
    pub fn prepare(&self, doc: Doc) -> Result<PreparedDoc> {
        if !valid_lang(&doc.lang) {
            return Err(Error::InvalidDoc {
                id: doc.id.clone(),
                reason: format!(
                    "language {:?} is not a lowercase code like \"th\"",
                    doc.lang
                ),
            });
        }
        let lang = doc.lang.clone();
        let (doc, texts) = self.to_tantivy(doc);
        Ok(PreparedDoc { lang, doc, texts })
    }

    /// Hands a prepared page to its language's index. Pages become documents in the
    /// order they are added here: add them in a fixed order and the index, and the
    /// browser bundle, come out byte for byte the same on every build.
    pub fn add_prepared(&self, mut prepared: PreparedDoc) -> Result<()> {
        let lang = self.writer_for(&prepared.lang)?;
        let mut lang = lang.lock().map_err(|_| Error::Poisoned)?;
        let full = lang
            .writer
            .as_ref()
            .is_some_and(|w| lang.docs_in_part > 0 && w.mem_usage() > self.budget);
        if full {
            let part = self
                .dir
                .join(format!(".{}-part-{}", prepared.lang, lang.parts.len()));
            if part.exists() {
                std::fs::remove_dir_all(&part).map_err(|e| Error::io(&part, e))?;
            }
            let next = self.segment_writer(&part)?;
            if let Some(finished) = lang.writer.replace(next) {
                finished.finalize()?;
            }
            lang.parts.push(part);
            lang.docs_in_part = 0;
        }
        // The tie-break key is the page's place in the order added: the same natively
        // and in the browser whatever the segments, and a column that only counts up,
        // which tantivy stores in a few bytes (a hash took 3 bytes a page, all hot).
        prepared.doc.add_u64(self.fields.key, lang.added);
        let writer = lang.writer.as_mut().ok_or(Error::Poisoned)?;
        with_prepared(prepared.texts, || writer.add_document(prepared.doc))?;
        lang.docs_in_part += 1;
        lang.added += 1;
        Ok(())
    }

    /// The tantivy document of `doc`, and the analyses of its texts.
    fn to_tantivy(&self, doc: Doc) -> (TantivyDocument, Vec<Prepared>) {
        let f = &self.fields;
        // Every text goes in about three times (its word field, a pair field, `raw`):
        // room for that up front, not grown by doubling.
        let text_bytes = doc.title.len()
            + doc.summary.len()
            + doc.body.len()
            + doc
                .headings
                .iter()
                .chain(&doc.labels)
                .map(String::len)
                .sum::<usize>();
        let mut d = TantivyDocument::with_capacity(3 * text_bytes + 1024);
        d.add_text(f.id, &doc.id);
        d.add_text(f.url, &doc.url);
        d.add_text(f.lang, &doc.lang);
        d.add_text(f.kind, &doc.kind);
        if let Some(p) = &doc.problem {
            d.add_text(f.problem, p);
        }
        for t in &doc.topics {
            d.add_text(f.topics, t);
        }
        for t in &doc.districts {
            d.add_text(f.districts, t);
        }
        d.add_text(f.topic_set, set_value(&doc.topics));
        d.add_text(f.district_set, set_value(&doc.districts));
        if let Some(y) = doc.year {
            d.add_i64(f.year, i64::from(y));
        }
        if let Some(date) = &doc.date {
            d.add_text(f.date, date);
        }
        // Each text is added to the document (copied), then analyzed; the analysis
        // keeps the text to be recognized by.
        let mut texts = Vec::with_capacity(4 + doc.headings.len() + doc.labels.len());
        // Each short text goes into its word field, a pair field and `raw`, in this
        // order (the index's bytes depend on it).
        let mut add = |text: String, fields: &[tantivy::schema::Field]| {
            let text = canonicalize_owned(text);
            for &field in fields {
                d.add_text(field, &text);
            }
            texts.push(self.analyses.prepare(text));
        };
        add(doc.title, &[f.title, f.title_ng, f.raw]);
        add(doc.summary, &[f.summary, f.text_ng, f.raw]);
        for h in doc.headings {
            add(h, &[f.headings, f.text_ng, f.raw]);
        }
        for label in doc.labels {
            add(label, &[f.labels, f.raw]);
        }
        let body = canonicalize_owned(doc.body);
        d.add_text(f.body, &body);
        d.add_bytes(f.body_text, &crate::packed::pack(&body));
        d.add_text(f.text_ng, &body);
        d.add_text(f.raw, &body);
        texts.push(self.analyses.prepare(body));
        (d, texts)
    }

    /// Finishes every language index (the languages in parallel), merging the parts
    /// of a language that outgrew its budget into one segment, so that native queries
    /// are as fast as the browser's and [`crate::pack`] has nothing to merge.
    pub fn finish(self) -> Result<()> {
        let langs = self.langs.into_inner().map_err(|_| Error::Poisoned)?;
        let dir = &self.dir;
        std::thread::scope(|scope| {
            let running: Vec<_> = langs
                .into_iter()
                .map(|(lang, w)| scope.spawn(move || finish_lang(dir, &lang, w)))
                .collect();
            running
                .into_iter()
                .map(|r| r.join().unwrap_or(Err(Error::Poisoned)))
                .collect::<Result<Vec<()>>>()
        })?;
        Ok(())
    }
}

/// A page's values as one value of a set column: sorted, without repeats, joined.
fn set_value(values: &[String]) -> String {
    let mut v: Vec<&str> = values.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v.join(&schema::SET_SEPARATOR.to_string())
}

/// Finishes one language's last part and merges the parts, if there are several, into
/// `<dir>/<lang>`.
fn finish_lang(dir: &Path, lang: &str, writer: Arc<Mutex<LangWriter>>) -> Result<()> {
    let mut w = writer.lock().map_err(|_| Error::Poisoned)?;
    if let Some(last) = w.writer.take() {
        last.finalize()?;
    }
    if w.parts.len() < 2 {
        return Ok(());
    }
    let parts = w
        .parts
        .iter()
        .map(Index::open_in_dir)
        .collect::<tantivy::Result<Vec<Index>>>()?;
    let merged = dir.join(format!(".{lang}-merged"));
    if merged.exists() {
        std::fs::remove_dir_all(&merged).map_err(|e| Error::io(&merged, e))?;
    }
    std::fs::create_dir_all(&merged).map_err(|e| Error::io(&merged, e))?;
    let out = MmapDirectory::open(&merged).map_err(tantivy::TantivyError::from)?;
    tantivy::indexer::merge_indices(&parts, out)?;
    drop(parts);
    for part in &w.parts {
        std::fs::remove_dir_all(part).map_err(|e| Error::io(part, e))?;
    }
    let target = dir.join(lang);
    std::fs::rename(&merged, &target).map_err(|e| Error::io(&target, e))?;
    Ok(())
}
