//! sala-bench: deterministic benchmark corpora for Sala, which Hugo can build as well.
//!
//! `sala-bench corpus --pages N --seed S --out DIR` writes N bilingual items (guides,
//! cases and forum summaries, 40/40/20) as `DIR/content/<kind>/<slug>.{th,en}.md`, a copy
//! of the repository's `site.toml`, `hugo.toml` with minimal layouts, and optionally a
//! copy of Sala's theme (`--theme themes/default`). The same seed
//! and size always give byte-identical files. `benches/peers.sh` times Sala against Hugo
//! on them; `docs/benchmarks.md` explains the comparison.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let out = dir.path().join("corpus-10");
//! let options = sala_bench::corpus::Options {
//!     items: 10,
//!     seed: 1,
//!     out: out.clone(),
//!     force: false,
//!     // `benches/peers.sh` passes `Some("themes/default".into())`: Sala reads its
//!     // theme from the site.
//!     theme: None,
//! };
//! let stats = sala_bench::corpus::generate(&options)?;
//! assert_eq!(stats.markdown_files, 20);
//! assert!(out.join("site.toml").is_file() && out.join("hugo.toml").is_file());
//!
//! // The same seed and size give the same corpus again.
//! let again = sala_bench::corpus::generate(&sala_bench::corpus::Options { force: true, ..options })?;
//! assert_eq!((again.markdown_bytes, again.th_chars), (stats.markdown_bytes, stats.th_chars));
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod bank;
pub mod body;
pub mod corpus;
pub mod hugo;
pub mod item;
pub mod rng;
pub mod text;
pub mod vocab;
