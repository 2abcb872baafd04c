//! # sala-core
//!
//! Everything upstream of rendering: what a Sala site *is* once it has been read. The
//! `sala` crate renders, indexes and serves it; the comments companion reads its
//! configuration and the comments baked into pages. Nothing here knows about output,
//! templates, the search index or HTTP, and Cargo keeps it that way: this crate does not
//! depend on `sala`.
//!
//! * [`config`]: `site.toml`, parsed and validated ([`config::SiteConfig`]).
//! * [`content`]: walking `content/` into a validated [`content::Site`]: pages per
//!   language, translations paired, taxonomies, related pages, links checked.
//! * [`markdown`]: one Markdown body to HTML, with heading ids and internal links left
//!   as placeholders that the renderer fills in per output page.
//! * [`dates`], [`paths`], [`diagnostics`]: leaves that every step may use: Buddhist Era
//!   dates, `/`-separated paths and translation keys, and problems that carry a file, a
//!   line and a hint in Thai and English.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sala_core::content::{load_site, Kind, LoadOptions};
//!
//! let dir = tempfile::tempdir()?;
//! let root = dir.path();
//! std::fs::write(
//!     root.join("site.toml"),
//!     "languages = [\"th\", \"en\"]\n[title]\nth = \"คลังความรู้\"\nen = \"Knowledge base\"\n",
//! )?;
//! std::fs::create_dir_all(root.join("content/guides"))?;
//! std::fs::write(
//!     root.join("content/guides/plan.th.md"),
//!     "---\ntitle: แผนพัฒนาท้องถิ่น\ndate: 2025-03-02\n---\nดู[ฉบับภาษาอังกฤษ](plan.en.md)\n",
//! )?;
//! std::fs::write(
//!     root.join("content/guides/plan.en.md"),
//!     "---\ntitle: The local development plan\ndate: 2025-03-02\n---\n## Steps\n",
//! )?;
//!
//! let site = load_site(root, &LoadOptions::default()).map_err(|d| d.to_string())?;
//! let th = site.pages.iter().find(|p| p.lang() == "th").expect("the Thai page");
//! assert_eq!(th.kind(), Kind::Guide);
//! assert_eq!(th.key(), "guides/plan");
//! // Thai pages show the Buddhist Era.
//! assert_eq!(sala_core::dates::format_long(th.date, "th"), "2 มีนาคม 2568");
//!
//! // A broken link is an error with the file and the line, not a dead link on the site.
//! std::fs::write(
//!     root.join("content/guides/plan.en.md"),
//!     "---\ntitle: The plan\ndate: 2025-03-02\n---\n\nSee [the case](../cases/nowhere.md)\n",
//! )?;
//! let problems = load_site(root, &LoadOptions::default()).unwrap_err();
//! assert!(problems.to_string().contains("content/guides/plan.en.md:6"), "{problems}");
//! # Ok(())
//! # }
//! ```

pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod markdown;
pub mod paths;
