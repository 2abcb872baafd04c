//! The one place that knows every step: load, render, index, then swap the output in.
//!
//! Output goes to a fresh folder beside the target and replaces it only when every step
//! succeeded, so a failed build never leaves half a site.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::output::{io_diag, Output, Staging};
use crate::render::{self, Theme};
use sala_core::content::{self, LoadOptions, Site};
use sala_core::diagnostics::Diagnostics;

/// Where the content hash of the output lives now; kept here for callers of the old path.
pub use crate::output::content_hash;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub out: PathBuf,
    pub drafts: bool,
    /// Skip writing the search index (for benchmarks and quick previews).
    pub no_index: bool,
    /// Also write the whole site as one zip file inside the output (see [`crate::archive`]).
    pub zip: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            no_index: false,
            zip: false,
        }
    }
}

/// What a successful build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub html_files: usize,
    pub load: Duration,
    pub render: Duration,
    pub index: Duration,
    pub total: Duration,
    /// When the build rendered only what changed and kept the rest of the previous
    /// output (see [`crate::warm`]): what it rendered and kept.
    pub kept: Option<crate::warm::Kept>,
    /// The zip file's name and size, when `zip` was asked for.
    pub zip: Option<(String, u64)>,
    /// Advice about the content that did not stop the build (see `content::advice`).
    pub warnings: Diagnostics,
}

/// Loads, renders and indexes the site, then swaps the result into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_keep(options).map(|(report, _, _)| report)
}

/// As [`build`], and hands back the loaded site and theme for incremental rebuilds.
pub fn build_keep(options: &BuildOptions) -> Result<(BuildReport, Site, Theme), Diagnostics> {
    let started = Instant::now();
    let site = content::load_site(
        &options.root,
        &LoadOptions {
            drafts: options.drafts,
        },
    )?;
    let load = started.elapsed();
    let theme = Theme::load(&options.root, &site.config)?;
    let staging = Staging::new(&options.out)?;

    // Rendering and indexing read the same loaded site and write different files, so
    // they run side by side.
    let timed = |f: &dyn Fn() -> Result<usize, Diagnostics>| {
        let t = Instant::now();
        (f(), t.elapsed())
    };
    let ((rendered, render_time), (indexed, index)) = rayon::join(
        || {
            let t = Instant::now();
            let settings = (options.drafts, options.no_index, options.zip);
            (
                crate::warm::render(&site, &theme, &staging, &settings),
                t.elapsed(),
            )
        },
        || {
            timed(&|| match options.no_index {
                true => Ok(0),
                false => crate::index::write_search(&site, &options.root, &staging).map(|_| 0),
            })
        },
    );
    let rendered = match (rendered, indexed) {
        (Ok(rendered), Ok(_)) => rendered,
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            return Err(a.sorted());
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };

    tracing::info!(
        "load {load:?}, render {render_time:?}, index {index:?}, both {:?}",
        started.elapsed()
    );
    // After the index: the offline lists include the search files it writes.
    let t = Instant::now();
    render::offline::write(&site, &theme, &staging, &rendered.stats.loads)?;
    tracing::info!("offline lists {:?}", t.elapsed());

    // Last, inside the staging folder, so the swap below stays all-or-nothing.
    let zip = if options.zip {
        let name = crate::archive::file_name(&site.config);
        let files: Vec<String> = staging
            .written()
            .into_iter()
            .filter(|f| !f.ends_with(".zip") || f.contains('/'))
            .collect();
        let bytes = crate::archive::zip(staging.path(), &files, name.trim_end_matches(".zip"))
            .and_then(|bytes| staging.write(&name, &bytes).map(|_| bytes.len() as u64))
            .map_err(|e| {
                io_diag(
                    &options.out.join(&name),
                    ("cannot write the zip file", "เขียนไฟล์ zip ไม่ได้"),
                    e,
                )
            })?;
        Some((name, bytes))
    } else {
        None
    };

    let t = Instant::now();
    let state = staging.state_path().to_owned();
    staging.commit()?;
    // Best effort: without it the next build renders everything.
    if rendered.write_state(&state).is_err() {
        let _ = std::fs::remove_file(&state);
    }
    tracing::info!("sweep, swap and state {:?}", t.elapsed());
    let report = BuildReport {
        pages: site.pages.len(),
        html_files: rendered.stats.html_pages,
        kept: rendered.kept,
        load,
        render: render_time,
        index,
        total: started.elapsed(),
        zip,
        warnings: content::advice::warnings(&site),
    };
    Ok((report, site, theme))
}
