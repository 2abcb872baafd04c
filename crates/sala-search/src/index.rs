//! The index writer (native only): [`IndexBuilder`] turns [`Doc`]s into one tantivy
//! index per language under the index directory.
//!
//! Owns the index-time analysis setup: it registers the word, cluster pair and raw
//! tokenizers over one analysis per text against the full shipped dictionary
//! ([`crate::dict::builtin`]), analyzed ahead by the threads that call
//! [`IndexBuilder::prepare`]; stores canonical text (the body packed, see
//! [`crate::packed`]) so snippets can be cut from it; and tunes the writers for a
//! one-shot build: one writer and indexing thread per language (which also compresses
//! the doc store), a memory budget large enough for one segment, and no background
//! merges.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tantivy::indexer::NoMergePolicy;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::analyzer::tantivy_adapter::{Analyses, Mode, SalaTokenizer};
use crate::dict::builtin;
use crate::normalize::canonicalize_owned;
use crate::schema::{
    self, key_of, Fields, CLUSTER_PAIRS_TOKENIZER, RAW_TOKENIZER, SPARSE_PAIRS_TOKENIZER,
    WORDS_TOKENIZER,
};
use crate::{Doc, Error, Result};

/// Memory budget per indexing thread.
/// Memory budget of each language's indexing thread. A segment is flushed when it is
/// full; at 10,000 pages per language one segment holds everything, so nothing needs
/// merging. tantivy allocates the budget as it fills, so small sites use little.
const HEAP_PER_LANGUAGE: usize = 1024 * 1024 * 1024;

/// Writes the search index. `add` takes `&self`, so one builder can be fed from
/// several threads; analysis runs on tantivy's indexing threads, one per language.
///
/// One thread per language, not one per core: several threads each fill their own
/// segments, and merging them cost more CPU than the extra threads saved (at 10,000
/// items, 17.4 CPU s for the whole build against 20.3 s with two threads each, which
/// left rendering less of the two cores).
pub struct IndexBuilder {
    dir: PathBuf,
    analyses: Arc<Analyses>,
    fields: Fields,
    writers: RwLock<HashMap<String, IndexWriter<TantivyDocument>>>,
}

/// A page ready to be added (see [`IndexBuilder::prepare`]).
pub struct PreparedDoc {
    lang: String,
    doc: TantivyDocument,
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
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.join("meta.json").is_file() {
                std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        let (_, fields) = schema::build();
        let builder = IndexBuilder {
            dir: dir.to_owned(),
            analyses: Arc::new(Analyses::new(builtin())),
            fields,
            writers: RwLock::new(HashMap::new()),
        };
        for lang in ["th", "en"] {
            builder.writer_for(lang)?;
        }
        Ok(builder)
    }

    fn writer_for(&self, lang: &str) -> Result<()> {
        if self
            .writers
            .read()
            .map_err(|_| Error::Poisoned)?
            .contains_key(lang)
        {
            return Ok(());
        }
        let mut writers = self.writers.write().map_err(|_| Error::Poisoned)?;
        if writers.contains_key(lang) {
            return Ok(());
        }
        let path = self.dir.join(lang);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        let (schema, _) = schema::build();
        // The doc store is compressed on the indexing thread, not on a thread of its
        // own: the build already keeps both cores busy, and the extra thread per
        // language doubled the context switches of a build.
        let index = Index::builder()
            .schema(schema)
            .settings(tantivy::IndexSettings {
                docstore_compress_dedicated_thread: false,
                ..Default::default()
            })
            .create_in_dir(&path)?;
        index.tokenizers().register(
            WORDS_TOKENIZER,
            TextAnalyzer::builder(SalaTokenizer {
                mode: Mode::Words(self.analyses.clone()),
            })
            .build(),
        );
        index.tokenizers().register(
            CLUSTER_PAIRS_TOKENIZER,
            TextAnalyzer::builder(SalaTokenizer {
                mode: Mode::ClusterPairs,
            })
            .build(),
        );
        index.tokenizers().register(
            SPARSE_PAIRS_TOKENIZER,
            TextAnalyzer::builder(SalaTokenizer {
                mode: Mode::SparsePairs(self.analyses.clone()),
            })
            .build(),
        );
        index.tokenizers().register(
            RAW_TOKENIZER,
            TextAnalyzer::builder(SalaTokenizer {
                mode: Mode::Raw(self.analyses.clone()),
            })
            .build(),
        );
        let writer = index.writer_with_num_threads(1, HEAP_PER_LANGUAGE)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writers.insert(lang.to_owned(), writer);
        Ok(())
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
        Ok(PreparedDoc {
            lang: doc.lang.clone(),
            doc: self.to_tantivy(doc),
        })
    }

    /// Hands a prepared page to its language's index. Pages become documents in the
    /// order they are added here: add them in a fixed order and the index, and the
    /// browser bundle, come out byte for byte the same on every build.
    pub fn add_prepared(&self, prepared: PreparedDoc) -> Result<()> {
        self.writer_for(&prepared.lang)?;
        let writers = self.writers.read().map_err(|_| Error::Poisoned)?;
        writers
            .get(&prepared.lang)
            .expect("writer was just created")
            .add_document(prepared.doc)?;
        Ok(())
    }

    fn to_tantivy(&self, doc: Doc) -> TantivyDocument {
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
        if let Some(y) = doc.year {
            d.add_i64(f.year, i64::from(y));
        }
        if let Some(date) = &doc.date {
            d.add_text(f.date, date);
        }
        d.add_u64(f.key, key_of(&doc.id));
        // Each text is added to the document (copied), then handed to the analyses,
        // which keep it until the document is indexed.
        let title = canonicalize_owned(doc.title);
        d.add_text(f.title, &title);
        d.add_text(f.title_ng, &title);
        d.add_text(f.raw, &title);
        self.analyses.prepare(title);
        let summary = canonicalize_owned(doc.summary);
        d.add_text(f.summary, &summary);
        d.add_text(f.text_ng, &summary);
        d.add_text(f.raw, &summary);
        self.analyses.prepare(summary);
        for h in doc.headings {
            let h = canonicalize_owned(h);
            d.add_text(f.headings, &h);
            d.add_text(f.text_ng, &h);
            d.add_text(f.raw, &h);
            self.analyses.prepare(h);
        }
        for label in doc.labels {
            let label = canonicalize_owned(label);
            d.add_text(f.labels, &label);
            d.add_text(f.raw, &label);
            self.analyses.prepare(label);
        }
        let body = canonicalize_owned(doc.body);
        d.add_text(f.body, &body);
        d.add_bytes(f.body_text, &crate::packed::pack(&body));
        d.add_text(f.text_ng, &body);
        d.add_text(f.raw, &body);
        self.analyses.prepare(body);
        d
    }

    /// Commits every language index, merges each into one segment (merges of the
    /// languages run in parallel) and waits for the writers to finish.
    ///
    /// One segment makes native queries as fast as the bundle's and leaves
    /// [`crate::pack_bundle`] nothing to merge.
    pub fn finish(self) -> Result<()> {
        let writers = self.writers.into_inner().map_err(|_| Error::Poisoned)?;
        let mut writers: Vec<IndexWriter<TantivyDocument>> = writers.into_values().collect();
        for w in &mut writers {
            w.commit()?;
        }
        let mut merges = Vec::new();
        for w in &mut writers {
            let ids = w.index().searchable_segment_ids()?;
            if ids.len() > 1 {
                merges.push(w.merge(&ids));
            }
        }
        for m in merges {
            m.wait()?;
        }
        for w in writers {
            w.wait_merging_threads()?;
        }
        Ok(())
    }
}
