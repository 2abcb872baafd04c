//! The one place that knows every step: load, render, index, then swap the output in.
//!
//! Output goes to a fresh folder beside the target and replaces it only when every step
//! succeeded, so a failed build never leaves half a site.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    /// The zip file's name and size, when `zip` was asked for.
    pub zip: Option<(String, u64)>,
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

    let t = Instant::now();
    let stats = render::render_site(&site, &theme, &staging)?;
    let render_time = t.elapsed();

    let t = Instant::now();
    if !options.no_index {
        index_site(&site, &options.root, staging.path())?;
    }
    let index = t.elapsed();

    // After the index: the offline lists include the search bundle it writes.
    render::offline::write(&site, &theme, &staging)?;

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
            .map_err(|e| io_diag(&options.out.join(&name), "cannot write the zip file", e))?;
        Some((name, bytes))
    } else {
        None
    };

    staging.commit()?;
    let report = BuildReport {
        pages: site.pages.len(),
        html_files: stats.html_pages,
        load,
        render: render_time,
        index,
        total: started.elapsed(),
        zip,
    };
    Ok((report, site, theme))
}

/// Brings the search index up to date after an incremental render of `keys`.
pub fn update_index(
    _site: &Site,
    _keys: &std::collections::BTreeSet<String>,
    _out: &Path,
) -> Result<(), Diagnostics> {
    Ok(())
}

/// The search index is written by the index step; until it exists this is a no-op.
fn index_site(_site: &Site, _root: &Path, _out: &Path) -> Result<(), Diagnostics> {
    Ok(())
}

/// The next output, built beside the live one and swapped in by [`Staging::commit`];
/// removed if dropped first.
///
/// It reuses the previous generation's folder (kept as `.NAME.sala-prev`), overwriting
/// its files in place and sweeping out the ones this build did not write. Creating tens
/// of thousands of fresh files on every build, right after deleting as many, made ext4
/// spend most of a build in inode allocation.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    prev: PathBuf,
    /// Files (relative) this build wrote; everything else in `temp` is stale.
    written: Mutex<HashSet<PathBuf>>,
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
        let prev = parent.join(format!(".{name}.sala-prev"));
        if temp.exists() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        if !(prev.is_dir() && std::fs::rename(&prev, &temp).is_ok()) {
            std::fs::create_dir_all(&temp)
                .map_err(|e| io_diag(&temp, "cannot create a temporary output folder", e))?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            prev,
            written: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Writes one output file, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.temp.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(PathBuf::from(rel));
        Ok(())
    }

    /// Files (relative, with `/`, sorted) this build has written so far: the output as
    /// it will be after the sweep, without the previous generation's leftovers.
    pub fn written(&self) -> Vec<String> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<String> = written
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        files.sort();
        files
    }

    /// Removes what the previous generation had and this build did not write.
    fn sweep(&self) {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.temp)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let rel = entry
                .path()
                .strip_prefix(&self.temp)
                .unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
            } else if !written.contains(rel) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        // Deepest first, so emptied parents go too; non-empty ones stay.
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// Moves the finished output into place; the old one becomes the next build's start.
    pub fn commit(mut self) -> Result<(), Diagnostics> {
        self.sweep();
        let had_old = self.target.exists();
        if had_old {
            if self.prev.exists() {
                let _ = std::fs::remove_dir_all(&self.prev);
            }
            std::fs::rename(&self.target, &self.prev)
                .map_err(|e| io_diag(&self.target, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&self.prev, &self.target);
            }
            return Err(io_diag(
                &self.target,
                "cannot move the new output into place",
                e,
            ));
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Keep the folder for the next build to reuse, unless a generation is kept.
            if self.prev.exists() || std::fs::rename(&self.temp, &self.prev).is_err() {
                let _ = std::fs::remove_dir_all(&self.temp);
            }
        }
    }
}
