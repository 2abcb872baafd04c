//! sala-bench: deterministic benchmark corpora for Sala, which Hugo can build as well.
//!
//! `sala-bench corpus --pages N --seed S --out DIR` writes N bilingual items (guides,
//! cases and forum summaries, 40/40/20) as `DIR/content/<kind>/<slug>.{th,en}.md`, a copy
//! of the repository's `site.toml`, `hugo.toml` with minimal layouts, and optionally a
//! copy of Sala's theme (`--theme themes/default`). The same seed
//! and size always give byte-identical files. `benches/peers.sh` times Sala against Hugo
//! on them; `docs/benchmarks.md` explains the comparison.
//!
//! ```no_run
//! let stats = sala_bench::corpus::generate(&sala_bench::corpus::Options {
//!     items: 100,
//!     seed: 1,
//!     out: "target/corpus-100".into(),
//!     force: true,
//!     theme: Some("themes/default".into()),
//! })?;
//! assert_eq!(stats.markdown_files, 200);
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
