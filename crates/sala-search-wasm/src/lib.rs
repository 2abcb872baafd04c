//! # sala-search-wasm
//!
//! The browser side of Sala's search: [`sala_search::Searcher`] compiled to
//! `wasm32-unknown-unknown`, behind a plain `extern "C"` ABI that a few lines of
//! JavaScript can drive (no wasm-bindgen, so no CLI whose version must match).
//!
//! One wasm instance holds one [`Search`], opened on one language's entry file
//! (`search/index-<lang>.bin`, see [`sala_search::parts`]). A query answers either
//! with results or with the names of the parts it still needs; JavaScript fetches them,
//! hands each over with `part`, and asks again. The ABI passes bytes through a single
//! buffer owned by Rust, so JavaScript never frees anything and no raw pointer ever
//! comes back into Rust:
//!
//! | export | signature | meaning |
//! |---|---|---|
//! | `buffer(len)` | `(i32) -> i32` | make the shared buffer `len` bytes long, return its address |
//! | `open(len)` | `(i32) -> i32` | open the first `len` buffer bytes as an entry file; 0 ok, else the error is in the buffer |
//! | `part(len)` | `(i32) -> i32` | add a part: `u16` name length (little-endian), the name, the bytes; 0 ok, else the error is in the buffer |
//! | `search(len)` | `(i32) -> i32` | run the JSON [`sala_search::Query`] in the buffer; the JSON answer replaces it, its length is returned |
//! | `buffer_ptr()` | `() -> i32` | the buffer's current address (read results here) |
//!
//! The answer of `search` is the JSON of [`sala_search::SearchResults`], or
//! `{"need": ["th/0123456789abcdef", …], "twins": ["th/t0123456789abcdef", …]}` (fetch
//! `search/<need>.bin`, or from file:// load the script `search/<twin>.js` that holds
//! it, add, ask again), or `{"error": "…"}`. Memory may grow during any call, so JavaScript takes a fresh
//! view of `memory.buffer` after each one.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sala_search::{pack, Doc, IndexBuilder};
//! use sala_search_wasm::Search;
//!
//! let dir = tempfile::tempdir()?;
//! let b = IndexBuilder::create(dir.path())?;
//! b.add(&Doc { id: "en:a".into(), url: "en/a/index.html".into(), lang: "en".into(),
//!              kind: "guide".into(), title: "Waste sorting".into(), ..Doc::default() })?;
//! b.finish()?;
//! let packed = pack(dir.path(), "en")?;
//! let mut search = Search::open(&packed.entry)?;
//! let query = br#"{"text": "waste", "limit": 5}"#;
//! let mut answer = search.query(query);
//! while let Some(names) = sala_search_wasm::needed(&answer) {
//!     for (name, bytes) in packed.parts.iter().filter(|(n, _)| names.contains(n)) {
//!         search.add_part(name, bytes.clone());
//!     }
//!     answer = search.query(query);
//! }
//! assert!(answer.contains(r#""url":"en/a/index.html""#));
//! # Ok(())
//! # }
//! ```

pub mod unpack;

use sala_search::{Answer, Query, Searcher};

/// A searcher over one language's split index, answering JSON with JSON.
pub struct Search {
    searcher: Searcher,
}

impl Search {
    /// Opens an entry file made by [`sala_search::pack`].
    pub fn open(entry: &[u8]) -> sala_search::Result<Search> {
        Ok(Search {
            searcher: Searcher::from_entry(entry)?,
        })
    }

    /// Adds a part a query asked for.
    pub fn add_part(&mut self, name: &str, bytes: Vec<u8>) {
        self.searcher.add_part(name, bytes);
    }

    /// Answers a JSON [`Query`] with the JSON of its results, `{"need": [names]}`, or
    /// `{"error": "…"}`.
    pub fn query(&mut self, json: &[u8]) -> String {
        let answer = serde_json::from_slice::<Query>(json)
            .map_err(|e| format!("bad query: {e}"))
            .and_then(|q| self.searcher.search_parts(&q).map_err(|e| e.to_string()))
            .and_then(|a| match a {
                Answer::Found(r) => serde_json::to_string(&r).map_err(|e| e.to_string()),
                Answer::Need(names) => {
                    let twins: Vec<String> = names
                        .iter()
                        .map(|n| self.searcher.twin_of(n).unwrap_or_default())
                        .collect();
                    Ok(serde_json::json!({ "need": names, "twins": twins }).to_string())
                }
            });
        answer.unwrap_or_else(|e| error_json(&e))
    }
}

/// The part names a `{"need": […]}` answer asks for; None for any other answer.
pub fn needed(answer: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(answer).ok()?;
    let names = value.get("need")?.as_array()?;
    Some(
        names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect(),
    )
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

#[cfg(target_arch = "wasm32")]
mod abi {
    //! The exported functions. `#[no_mangle]` is what the `unsafe_code` lint flags
    //! (two exports with one name would clash at link time); there is no `unsafe`
    //! block here. The lint is allowed only on these five items.

    use std::cell::RefCell;

    use super::{error_json, Search};

    thread_local! {
        /// Bytes in both directions: JavaScript writes an entry, a part or a query here,
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

    fn error(message: &str) -> i32 {
        output(error_json(message)).max(1)
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
        let entry = input(len);
        match Search::open(&entry) {
            Ok(s) => {
                SEARCH.set(Some(s));
                BUFFER.set(Vec::new());
                0
            }
            Err(e) => error(&e.to_string()),
        }
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn part(len: usize) -> i32 {
        let mut bytes = input(len);
        let Some(n) = bytes
            .get(..2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
        else {
            return error("a part needs a name");
        };
        let Some(Ok(name)) = bytes.get(2..2 + n).map(|b| std::str::from_utf8(b)) else {
            return error("a part's name is cut short or not UTF-8");
        };
        let name = name.to_owned();
        bytes.drain(..2 + n);
        SEARCH.with_borrow_mut(|s| match s {
            Some(s) => {
                s.add_part(&name, bytes);
                0
            }
            None => error("no entry is open"),
        })
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn search(len: usize) -> i32 {
        let query = input(len);
        let answer = SEARCH.with_borrow_mut(|s| match s {
            Some(s) => s.query(&query),
            None => error_json("no entry is open"),
        });
        output(answer)
    }
}
