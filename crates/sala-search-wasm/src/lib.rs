//! # sala-search-wasm
//!
//! The browser side of Sala's search: [`sala_search::Searcher`] compiled to
//! `wasm32-unknown-unknown`, behind a plain `extern "C"` ABI that a few lines of
//! JavaScript can drive (no wasm-bindgen, so no CLI whose version must match).
//!
//! One wasm instance holds one [`Search`], opened on one language's bundle. The ABI
//! passes bytes through a single buffer owned by Rust, so JavaScript never frees
//! anything and no raw pointer ever comes back into Rust:
//!
//! | export | signature | meaning |
//! |---|---|---|
//! | `buffer(len)` | `(i32) -> i32` | make the shared buffer `len` bytes long, return its address |
//! | `open(len)` | `(i32) -> i32` | open the first `len` buffer bytes as a bundle; 0 ok, else the error is in the buffer |
//! | `search(len)` | `(i32) -> i32` | run the JSON [`sala_search::Query`] in the buffer; the JSON answer replaces it, its length is returned |
//! | `buffer_ptr()` | `() -> i32` | the buffer's current address (read results here) |
//!
//! The answer of `search` is the JSON of [`sala_search::SearchResults`], or
//! `{"error": "…"}`. Memory may grow during any call, so JavaScript takes a fresh
//! view of `memory.buffer` after each one.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sala_search::{pack_bundle, Doc, IndexBuilder};
//! use sala_search_wasm::Search;
//!
//! let dir = tempfile::tempdir()?;
//! let b = IndexBuilder::create(dir.path())?;
//! b.add(&Doc { id: "en:a".into(), url: "en/a/index.html".into(), lang: "en".into(),
//!              kind: "guide".into(), title: "Waste sorting".into(), ..Doc::default() })?;
//! b.finish()?;
//! let mut search = Search::open(&pack_bundle(dir.path(), "en")?)?;
//! let answer = search.query(br#"{"text": "waste", "limit": 5}"#);
//! assert!(answer.contains(r#""url":"en/a/index.html""#));
//! # Ok(())
//! # }
//! ```

use sala_search::{Query, Searcher};

/// A searcher over one language's bundle, answering JSON with JSON.
pub struct Search {
    searcher: Searcher,
}

impl Search {
    /// Opens a bundle made by [`sala_search::pack_bundle`].
    pub fn open(bundle: &[u8]) -> sala_search::Result<Search> {
        Ok(Search {
            searcher: Searcher::from_bundle(bundle)?,
        })
    }

    /// Answers a JSON [`Query`] with the JSON of its results, or `{"error": "…"}`.
    pub fn query(&mut self, json: &[u8]) -> String {
        let answer = serde_json::from_slice::<Query>(json)
            .map_err(|e| format!("bad query: {e}"))
            .and_then(|q| self.searcher.search(&q).map_err(|e| e.to_string()))
            .and_then(|r| serde_json::to_string(&r).map_err(|e| e.to_string()));
        answer.unwrap_or_else(|e| error_json(&e))
    }
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

#[cfg(target_arch = "wasm32")]
mod abi {
    //! The exported functions. `#[no_mangle]` is what the `unsafe_code` lint flags
    //! (two exports with one name would clash at link time); there is no `unsafe`
    //! block here. The lint is allowed only on these four items.

    use std::cell::RefCell;

    use super::{error_json, Search};

    thread_local! {
        /// Bytes in both directions: JavaScript writes a bundle or a query here,
        /// Rust writes the answer back.
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
    }

    fn input(len: usize) -> Vec<u8> {
        BUFFER.with_borrow_mut(|b| {
            let mut v = std::mem::take(b);
            v.truncate(len);
            v
        })
    }

    fn output(s: String) -> i32 {
        let n = s.len() as i32;
        BUFFER.set(s.into_bytes());
        n
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn buffer(len: usize) -> *mut u8 {
        BUFFER.with_borrow_mut(|b| {
            b.clear();
            b.resize(len, 0);
            b.as_mut_ptr()
        })
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn buffer_ptr() -> *const u8 {
        BUFFER.with_borrow(|b| b.as_ptr())
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn open(len: usize) -> i32 {
        let bundle = input(len);
        match Search::open(&bundle) {
            Ok(s) => {
                SEARCH.set(Some(s));
                BUFFER.set(Vec::new());
                0
            }
            Err(e) => output(error_json(&e.to_string())).max(1),
        }
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn search(len: usize) -> i32 {
        let query = input(len);
        let answer = SEARCH.with_borrow_mut(|s| match s {
            Some(s) => s.query(&query),
            None => error_json("no bundle is open"),
        });
        output(answer)
    }
}
