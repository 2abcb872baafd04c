//! What a rebuild can keep of the previous build's output: the state each build leaves
//! beside its output, and the part of the render a rebuild still has to run.
//!
//! Every rendered file depends on the site as a whole (the binary, `site.toml`, the
//! theme, the build's options), on what lists and related links show of every page
//! (front matter, summaries, which keys exist in which languages, content files copied
//! as they are), and, for a content page, on its own text and comments. A build
//! fingerprints those three in turn ([`Inputs`]). When the first two match the state
//! the live output was built from, only the pages of keys whose own fingerprint changed
//! are rendered again; every other file the previous render made is kept as it is
//! ([`crate::output::Staging::keep_live`]). Anything else renders everything: a theme
//! edit, a new page, a changed title or summary, a first build.
//!
//! The search index has its own fingerprints (`crate::index`), and the offline lists
//! are always made again: both read the whole output.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::fingerprint::{self, Fingerprinter, Print};
use crate::output::{mtime_of, Output, Staging, Written};
use crate::render::{Job, RenderStats, Theme};
use sala_core::content::{Page, Site};
use sala_core::paths;

/// The first line of a state file; another means another format, read as no state.
const HEADER: &str = "sala-state 1";

/// The fingerprints of one build's inputs.
pub struct Inputs {
    /// The binary, `site.toml` as loaded, the theme's files and the build's options.
    site: Print,
    /// What any page may show of another: every page's front matter and summary, the
    /// keys and their languages, the files copied as they are, the files that failed.
    lists: Print,
    /// Per key, what only that key's pages show: each version's text and comments.
    keys: BTreeMap<String, Print>,
}

impl Inputs {
    /// The fingerprints of `site` as `theme` renders it with the build's `settings`.
    /// None when a theme file cannot be read (the render reports that).
    pub fn of(site: &Site, theme: &Theme, settings: &impl Hash) -> Option<Inputs> {
        let mut whole = Fingerprinter::new();
        whole.print(fingerprint::binary()).debug(&site.config);
        settings.hash(&mut whole);
        theme.files.fingerprint(&mut whole).ok()?;

        let per_page: Vec<(Print, Print)> = site
            .pages
            .par_iter()
            .map(|page| (listed_print(site, page), own_print(page)))
            .collect();
        let mut lists = Fingerprinter::new();
        for (listed, _) in &per_page {
            lists.print(*listed);
        }
        site.failed.hash(&mut lists);
        for rel in &site.assets {
            let meta = std::fs::metadata(site.root.join("content").join(rel)).ok();
            lists.debug(&(rel, meta.as_ref().map(|m| (m.len(), mtime_of(m)))));
        }

        let mut keys = BTreeMap::new();
        for (key, t) in &site.keys {
            let mut f = Fingerprinter::new();
            for (lang, &i) in &t.by_lang {
                f.bytes(lang.as_bytes()).print(per_page[i].1);
            }
            for lang in site.languages() {
                let path = format!("{}{key}/", site.config.lang_prefix(lang));
                f.debug(&site.comments.get(&path));
            }
            keys.insert(key.clone(), f.finish());
        }
        Some(Inputs {
            site: whole.finish(),
            lists: lists.finish(),
            keys,
        })
    }
}

/// What other pages may show of `page`.
fn listed_print(site: &Site, page: &Page) -> Print {
    let mut f = Fingerprinter::new();
    (
        &page.source,
        &page.common,
        &page.meta,
        (page.date, page.updated),
        site.keys.get(page.key()).map(|t| &t.by_lang),
    )
        .hash(&mut f);
    // Where the front matter has no summary, it is cut from the body.
    if page.common.summary.is_none() {
        f.bytes(page.summary().as_bytes());
    }
    f.finish()
}

/// What only `page`'s own output shows: its body.
fn own_print(page: &Page) -> Print {
    fingerprint::of_hash(&page.body)
}

/// What the live output was built from, and what its render wrote.
#[derive(Default)]
pub struct State {
    site: Option<Print>,
    lists: Option<Print>,
    keys: BTreeMap<String, Print>,
    /// HTML pages the render made (the summary line's count).
    html_pages: usize,
    /// Every file the render made, with the local files each HTML page loads.
    rendered: BTreeMap<String, Vec<String>>,
}

impl State {
    /// The state at `path`; an empty state (keeps nothing) when it is missing or
    /// damaged.
    pub fn read(path: &Path) -> State {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    fn parse(text: &str) -> Option<State> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut state = State::default();
        for line in lines {
            let (tag, rest) = line.split_once(' ')?;
            match tag {
                "site" => state.site = Some(rest.parse().ok()?),
                "lists" => state.lists = Some(rest.parse().ok()?),
                "html" => state.html_pages = rest.parse().ok()?,
                "key" => {
                    let (print, key) = rest.split_once(' ')?;
                    state.keys.insert(key.to_owned(), print.parse().ok()?);
                }
                "file" => {
                    let mut fields = rest.split('\t');
                    let rel = fields.next()?.to_owned();
                    state
                        .rendered
                        .insert(rel, fields.map(str::to_owned).collect());
                }
                _ => return None,
            }
        }
        Some(state)
    }

    /// Writes the state of a build that rendered `rendered` from `inputs`.
    pub fn write(
        path: &Path,
        inputs: &Inputs,
        html_pages: usize,
        rendered: &BTreeMap<String, Vec<String>>,
    ) -> std::io::Result<()> {
        // A name the format cannot hold: no state, so the next build renders everything
        // (a state without that file would leave it out of the output).
        let unwritable = inputs.keys.keys().any(|k| k.contains('\n'))
            || rendered
                .iter()
                .flat_map(|(rel, loads)| std::iter::once(rel).chain(loads))
                .any(|s| s.contains(['\n', '\t']));
        if unwritable {
            return Ok(());
        }
        let mut text = String::with_capacity(64 * (inputs.keys.len() + rendered.len()));
        text.push_str(HEADER);
        text.push('\n');
        text.push_str(&format!(
            "site {}\nlists {}\nhtml {html_pages}\n",
            inputs.site, inputs.lists
        ));
        for (key, print) in &inputs.keys {
            text.push_str(&format!("key {print} {key}\n"));
        }
        for (rel, loads) in rendered {
            text.push_str("file ");
            text.push_str(rel);
            for dep in loads {
                text.push('\t');
                text.push_str(dep);
            }
            text.push('\n');
        }
        // Whole or not at all: a state cut short would keep too little or too much.
        let tmp = path.with_extension("sala-state-tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }
}

/// What a build rendered: the usual stats, every file the render made, and what from.
pub struct Rendered {
    pub stats: RenderStats,
    /// Each file the render made, with what it loads (HTML pages; empty otherwise).
    pub files: BTreeMap<String, Vec<String>>,
    /// None when the theme could not be read whole: the next build then renders all.
    pub inputs: Option<Inputs>,
    /// When the render kept the previous output's other files: how many.
    pub kept: Option<Kept>,
}

/// What a render that kept the rest of the previous output did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Kept {
    /// Keys (items) whose pages were rendered again.
    pub items: usize,
    /// HTML pages rendered again.
    pub html_pages: usize,
    /// Files taken as the previous build left them.
    pub files: usize,
}

impl Rendered {
    /// Writes the state of the output this render made, for the next build.
    pub fn write_state(&self, path: &Path) -> std::io::Result<()> {
        match &self.inputs {
            Some(inputs) => State::write(path, inputs, self.stats.html_pages, &self.files),
            None => Ok(()),
        }
    }
}

/// Renders what changed since the build the live output's state describes, keeping
/// the rest of that output, or everything when that cannot be done. `settings` are
/// the build's options that may change what it renders.
pub fn render(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
    settings: &impl Hash,
) -> Result<Rendered, sala_core::diagnostics::Diagnostics> {
    let t = std::time::Instant::now();
    let inputs = Inputs::of(site, theme, settings);
    let state = match staging.is_fresh() {
        true => State::default(),
        false => State::read(staging.state_path()),
    };
    tracing::info!("render: fingerprints {:?}", t.elapsed());
    if let Some((items, jobs)) = inputs.as_ref().and_then(|i| part_jobs(site, i, &state)) {
        let recorder = Recorder::new(staging);
        let t = std::time::Instant::now();
        let mut stats = crate::render::render_part(site, theme, &recorder, &jobs)?;
        let made = recorder.into_files();
        let keep: Vec<&str> = state
            .rendered
            .keys()
            .filter(|rel| !made.contains_key(rel.as_str()))
            .map(String::as_str)
            .collect();
        let kept = staging.keep_live(&keep);
        tracing::info!(
            "render: {} jobs, {} files kept ({kept}) {:?}",
            jobs.len(),
            keep.len(),
            t.elapsed()
        );
        if kept {
            let kept = Kept {
                items,
                html_pages: stats.html_pages,
                files: keep.len(),
            };
            let mut files = state.rendered.clone();
            for (rel, loads) in &stats.loads {
                files.insert(rel.clone(), loads.clone());
            }
            stats.loads = files
                .iter()
                .filter(|(rel, _)| rel.ends_with(".html"))
                .map(|(rel, loads)| (rel.clone(), loads.clone()))
                .collect();
            stats.html_pages = state.html_pages;
            return Ok(Rendered {
                stats,
                files,
                inputs,
                kept: Some(kept),
            });
        }
    }
    let recorder = Recorder::new(staging);
    let stats = crate::render::render_site(site, theme, &recorder)?;
    let mut files = recorder.into_files();
    for (rel, loads) in &stats.loads {
        files.insert(rel.clone(), loads.clone());
    }
    Ok(Rendered {
        stats,
        files,
        inputs,
        kept: None,
    })
}

/// The jobs of a render that keeps the rest of the live output, when `state` allows it,
/// with the number of keys they render.
fn part_jobs(site: &Site, inputs: &Inputs, state: &State) -> Option<(usize, Vec<Job>)> {
    let same_site = state.site == Some(inputs.site) && state.lists == Some(inputs.lists);
    // A fresh staging folder read no state (see `render`): nothing to keep from.
    if !same_site || state.rendered.is_empty() {
        return None;
    }
    let changed: Vec<&String> = inputs
        .keys
        .iter()
        .filter(|(key, print)| state.keys.get(*key) != Some(*print))
        .map(|(key, _)| key)
        .collect();
    // The home page shows its text on the home page of each language, which is a list's
    // job; a rare edit, so it renders everything.
    if changed.iter().any(|k| k.as_str() == paths::HOME_KEY)
        || state.keys.len() != inputs.keys.len()
    {
        return None;
    }
    let jobs = changed
        .iter()
        .flat_map(|key| {
            site.languages().iter().map(|lang| Job::Page {
                key: (*key).clone(),
                lang: lang.clone(),
            })
        })
        .collect();
    Some((changed.len(), jobs))
}

/// An output that notes each file written through it: the render's files, which the
/// next build may keep.
struct Recorder<'a> {
    inner: &'a dyn Output,
    files: Mutex<HashSet<String>>,
}

impl<'a> Recorder<'a> {
    fn new(inner: &'a dyn Output) -> Self {
        Recorder {
            inner,
            files: Mutex::default(),
        }
    }

    fn into_files(self) -> BTreeMap<String, Vec<String>> {
        self.files
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|rel| (rel, Vec::new()))
            .collect()
    }
}

impl Output for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(rel, bytes)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned());
        Ok(())
    }

    fn path_of(&self, rel: &str) -> std::path::PathBuf {
        self.inner.path_of(rel)
    }

    fn files(&self) -> Vec<(String, Written)> {
        self.inner.files()
    }

    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        self.inner.read(rel)
    }

    fn updates_in_place(&self) -> bool {
        self.inner.updates_in_place()
    }

    fn remove(&self, rel: &str) {
        self.inner.remove(rel)
    }

    fn keep_derived(&self, rel: &str, from: &str, expect: (u64, &[u8])) -> bool {
        let kept = self.inner.keep_derived(rel, from, expect);
        if kept {
            self.files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_owned());
        }
        kept
    }
}
