//! Sala: a static knowledge-base generator for the Clinic Center of Khon Kaen PAO.
//!
//! The build flows one way: the [`sala_core`] crate loads and validates the site
//! ([`sala_core::config`], [`sala_core::content`]), [`render`] turns it into HTML through
//! an [`output::Output`], [`index`] feeds it to the search crate, and [`build`] drives
//! the steps and swaps the output into place only when every step succeeded.
//!
//! The `sala` binary is a thin command line over this library. What `sala init`, `sala
//! build` and `sala search` do, in a few lines:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sala::build::{build, BuildOptions};
//! use sala::init::{init, InitOptions};
//!
//! // `sala init`: a new site with example pages in both languages, ready to build.
//! let dir = tempfile::tempdir()?;
//! let root = dir.path().join("my-kb");
//! init(&InitOptions {
//!     dir: root.clone(),
//!     title_th: Some("คลังความรู้ อบต.ตัวอย่าง".into()),
//!     title_en: Some("Example SAO knowledge base".into()),
//!     languages: vec!["th".into(), "en".into()],
//!     force: false,
//! })
//! .map_err(|d| d.to_string())?;
//!
//! // `sala build`: the site in `public/` (it opens from disk, no server needed), and
//! // the search index, both for `sala search` and split for the browser.
//! let report = build(&BuildOptions::new(&root)).map_err(|d| d.to_string())?;
//! assert!(report.pages > 0);
//! assert!(root.join("public/index.html").is_file());
//! assert!(root.join("public/search/index-th.bin").is_file());
//!
//! // `sala search`: the index the build wrote, read by the same code as the browser's.
//! let searcher = sala_search::Searcher::open(&root.join("search-index"))?;
//! let every_thai_page = sala_search::Query {
//!     lang: Some("th".into()),
//!     ..sala_search::Query::default()
//! };
//! assert!(searcher.search(&every_thai_page)?.total > 0);
//! # Ok(())
//! # }
//! ```

pub mod archive;
pub mod build;
pub mod check;
pub mod comments;
pub mod encoding;
pub mod fingerprint;
pub mod index;
pub mod init;
pub mod new;
pub mod output;
pub mod raw_html;
pub mod render;
pub mod search_cli;
pub mod serve;
pub mod warm;
