//! The one place that knows every step: load, render, index, then swap the output in.
//!
//! Output goes to a fresh folder beside the target and replaces it only when every step
//! succeeded, so a failed build never leaves half a site.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::render::{self, Theme};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub out: PathBuf,
    pub drafts: bool,
    /// Skip writing the search index (for benchmarks and quick previews).
    pub no_index: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            no_index: false,
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
}

/// Loads, renders and indexes the site, then swaps the result into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
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

    let t = Instant::now();
    let stats = render::render_site(&site, &theme, staging.path())?;
    let render_time = t.elapsed();

    let t = Instant::now();
    if !options.no_index {
        index_site(&site, &options.root, staging.path())?;
    }
    let index = t.elapsed();

    staging.commit()?;
    Ok(BuildReport {
        pages: site.pages.len(),
        html_files: stats.html_pages,
        load,
        render: render_time,
        index,
        total: started.elapsed(),
    })
}

/// The search index is written by the index step; until it exists this is a no-op.
fn index_site(_site: &Site, _root: &Path, _out: &Path) -> Result<(), Diagnostics> {
    Ok(())
}

/// A temporary output folder that becomes the real one on [`Staging::commit`] and is
/// removed if dropped first.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

fn io_diag(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        path,
        Bilingual::new(format!("{what}: {e}"), format!("{what}: {e}")),
    )])
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostics> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| io_diag(parent, "cannot create the output's parent folder", e))?;
        let temp = parent.join(format!(".{name}.sala-tmp-{}", std::process::id()));
        if temp.exists() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        std::fs::create_dir_all(&temp)
            .map_err(|e| io_diag(&temp, "cannot create a temporary output folder", e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Moves the finished output into place: old aside, new in, old removed.
    pub fn commit(mut self) -> Result<(), Diagnostics> {
        let old = self.temp.with_file_name(format!(
            "{}.old",
            self.temp
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_diag(&self.target, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io_diag(
                &self.target,
                "cannot move the new output into place",
                e,
            ));
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}
