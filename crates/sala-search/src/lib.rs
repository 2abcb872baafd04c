//! # sala-search
//!
//! Search for Sala sites, bilingual Thai/English, the same code natively (`sala
//! search`, the index writer) and in the browser (wasm32-unknown-unknown, no server).
//!
//! * [`IndexBuilder`] (native) writes `<dir>/<lang>/`, one tantivy index per language.
//!   Thai is segmented with the shipped PyThaiNLP word list (CC0) by maximal matching
//!   over Thai character clusters, and also indexed as clusters for recall.
//! * [`pack`] (native) splits one language's index for the browser: a small entry file
//!   (layout and the bytes every query reads) and content-named parts (postings,
//!   positions, stored text) fetched only when a query reads them ([`parts`]).
//! * [`Searcher`] opens a directory ([`Searcher::open`], native) or an entry file
//!   ([`Searcher::from_entry`], both; [`Searcher::search_parts`] says which parts a
//!   query still needs). Queries are parsed by [`query`]; Thai query text
//!   is segmented against the index's own vocabulary, so the browser needs no
//!   dictionary and gets exactly the native results.
//!
//! ```
//! # fn main() -> Result<(), sala_search::Error> {
//! use sala_search::{pack, Answer, Doc, IndexBuilder, Query, Searcher};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let builder = IndexBuilder::create(dir.path())?;
//! builder.add(&Doc {
//!     id: "th:guides/waste".into(),
//!     url: "guides/waste/index.html".into(),
//!     lang: "th".into(),
//!     kind: "guide".into(),
//!     title: "การจัดการขยะชุมชน".into(),
//!     summary: "ขั้นตอนคัดแยกขยะในจังหวัดขอนแก่น".into(),
//!     body: "เทศบาลร่วมกับชุมชนคัดแยกขยะอินทรีย์ ปี ๒๕๖๗".into(),
//!     topics: vec!["waste".into()],
//!     districts: vec!["4001".into()],
//!     year: Some(2024),
//!     ..Doc::default()
//! })?;
//! builder.finish()?;
//!
//! let native = Searcher::open(dir.path())?;
//! let q = Query { text: "ขยะ 2567".into(), lang: Some("th".into()), ..Query::default() };
//! let found = native.search(&q)?;
//! assert_eq!(found.total, 1);
//! assert!(found.hits[0].snippet.contains("<mark>"));
//!
//! // The browser opens the entry file, fetches the parts the query asks for, and must
//! // agree with the CLI.
//! let packed = pack(dir.path(), "th")?;
//! let browser = Searcher::from_entry(&packed.entry)?;
//! let mut rounds = 0;
//! let results = loop {
//!     match browser.search_parts(&q)? {
//!         Answer::Found(results) => break results,
//!         Answer::Need(names) => {
//!             for (name, bytes) in packed.parts.iter().filter(|(n, _)| names.contains(n)) {
//!                 browser.add_part(name, bytes.clone());
//!             }
//!         }
//!     }
//!     rounds += 1;
//!     assert!(rounds <= 3);
//! };
//! assert_eq!(results.hits, found.hits);
//! # Ok(())
//! # }
//! ```

pub mod analyzer;
pub mod dict;
pub mod normalize;
mod order;
pub mod packed;
pub mod parts;
pub mod query;
pub mod schema;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod tcc;

#[cfg(not(target_arch = "wasm32"))]
pub mod index;
#[cfg(target_arch = "wasm32")]
mod wasm_rng;

use serde::{Deserialize, Serialize};

#[cfg(not(target_arch = "wasm32"))]
pub use index::{IndexBuilder, PreparedDoc};
pub use normalize::normalize;
#[cfg(not(target_arch = "wasm32"))]
pub use parts::pack;
pub use parts::Packed;
pub use search::{Answer, Searcher};

/// One page in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Doc {
    /// `"th:guides/local-plan-cycle"`
    pub id: String,
    /// Path in the built site relative to its root:
    /// `"guides/local-plan-cycle/index.html"`, `"en/cases/x/index.html"`.
    pub url: String,
    /// `"th"` | `"en"`
    pub lang: String,
    /// `"guide"` | `"case"` | `"forum"` | `"page"`
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Plain text of the page body.
    pub body: String,
    pub headings: Vec<String>,
    /// Topic ids like `"waste"`.
    pub topics: Vec<String>,
    /// District geocodes like `"4005"`.
    pub districts: Vec<String>,
    /// Problem category.
    pub problem: Option<String>,
    /// What the page's topics, problem category and districts are called in its
    /// language ("การจัดการขยะ", "ชุมแพ"): a page is about them even where its text
    /// uses other words.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Common Era.
    pub year: Option<i32>,
    /// `YYYY-MM-DD`
    pub date: Option<String>,
}

/// A search request. Empty `text` (or only `-exclusions`) matches every page, so the
/// filters alone can browse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// See [`query`] for the language: words, `"phrases"`, `-exclusions`.
    pub text: String,
    pub lang: Option<String>,
    pub kind: Option<String>,
    pub district: Option<String>,
    pub topic: Option<String>,
    pub year: Option<i32>,
    /// Number of hits to return (0 means only counts and facets).
    pub limit: usize,
    /// A last word with no space after it may be the beginning of a longer word
    /// ([`query::build`]): true for a search box, false for whole words only.
    pub prefix: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            lang: None,
            kind: None,
            district: None,
            topic: None,
            year: None,
            limit: 10,
            prefix: true,
        }
    }
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// Pages matching the text and every filter.
    pub total: usize,
    /// The best `limit` of them, best first (ties broken by a hash of the id).
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub lang: String,
    pub kind: String,
    pub score: f32,
    /// HTML-escaped text with matched terms wrapped in `<mark>…</mark>`.
    pub snippet: String,
}

/// Counts per facet value, most frequent first (ties by value).
///
/// Each facet is counted "with the other filters applied": a page counts towards
/// `kind = case` if it matches the text and every filter except `kind`. So the
/// counts say how many results a click on that value would give, and the selected
/// value's siblings keep their counts. `lang` counts over the language indexes the
/// query searched (a query with `lang` set searches only that language's index, as
/// the browser bundle does).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub kind: Vec<(String, u64)>,
    pub district: Vec<(String, u64)>,
    pub topic: Vec<(String, u64)>,
    pub year: Vec<(i32, u64)>,
    pub lang: Vec<(String, u64)>,
}

/// Everything that can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("i/o error on {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no search index in {0} (expected one folder per language with a meta.json)")]
    NoIndex(String),
    #[error("no index for language {0:?} in {1}")]
    NoLanguage(String, String),
    #[error("invalid search bundle: {0}")]
    Bundle(String),
    #[error("invalid document {id:?}: {reason}")]
    InvalidDoc { id: String, reason: String },
    #[error("the index builder is poisoned by an earlier panic")]
    Poisoned,
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}
