//! Rendering: tera templates over small per-page contexts, relative URLs, lists,
//! taxonomies, feeds and the sitemap. Writes through whichever [`Output`] it is given.

mod feeds;
pub mod i18n;
mod lang_runs;
mod lists;
pub mod offline;
mod pages;
mod templates;
pub mod theme_files;
pub mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::output::Output;
pub use i18n::I18n;
pub use lists::paged_url;
pub use pages::template_name;
use sala_core::content::{Kind, Site, Taxonomy};
use sala_core::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use sala_core::paths;
pub use templates::Templates;
use views::{Alternate, SiteView};

/// The loaded theme: templates, UI strings and static files.
pub struct Theme {
    pub files: theme_files::ThemeFiles,
    pub templates: Templates,
    pub i18n: I18n,
}

impl Theme {
    pub fn load(root: &Path, config: &sala_core::config::SiteConfig) -> Result<Theme, Diagnostics> {
        let files =
            theme_files::ThemeFiles::load(root, &config.theme).map_err(|d| Diagnostics(vec![d]))?;
        let i18n = I18n::load(&files, &config.languages).map_err(Diagnostics)?;
        let templates = Templates::load(&files, &i18n).map_err(Diagnostics)?;
        Ok(Theme {
            files,
            templates,
            i18n,
        })
    }
}

/// What a render wrote.
#[derive(Debug, Default, Clone)]
pub struct RenderStats {
    pub html_pages: usize,
    /// The local files each HTML page loads, other than `assets/` (see
    /// `offline::dependencies`), taken from the bytes as they were written: the offline
    /// lists need them, and reading every page back afterwards was a serial second of a
    /// large build.
    pub loads: std::collections::HashMap<String, Vec<String>>,
}

/// The part of every template's context that frames the page.
#[derive(Serialize)]
struct Frame<'a, T: Serialize> {
    lang: &'a str,
    /// `../..`-style prefix from this page to the site root ("" at the root).
    root: String,
    /// The language's folder: "" or "en/".
    prefix: String,
    site: SiteView<'a>,
    alternates: Vec<Alternate<'a>>,
    canonical: Option<String>,
    /// This page's path from the site root.
    url: &'a str,
    #[serde(flatten)]
    body: T,
}

/// The path from `url`'s folder back to the site root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A relative URL from the page at `from` to the site path `to`.
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_of(from), to)
}

struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    out: &'a dyn Output,
    /// A full build stamps the service worker after the index step and writes it then,
    /// so its copy of the theme's static files leaves the worker out.
    worker_later: bool,
    problems: Mutex<Vec<Diagnostic>>,
    /// What each rendered HTML page loads (see [`RenderStats::loads`]).
    loads: Mutex<std::collections::HashMap<String, Vec<String>>>,
    /// Each language's pages in list order, indexed by term; built once per run.
    listings: BTreeMap<String, std::sync::OnceLock<lists::Listing<'a>>>,
    /// Each page's related pages (by index in `site.pages`), when the run renders pages.
    related: Vec<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    fn fail(&self, d: Diagnostic) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        if let Err(e) = self.out.write(rel, bytes) {
            self.fail(Diagnostic::new(
                self.out.path_of(rel),
                Bilingual::new(
                    format!("cannot write output: {e}"),
                    format!("เขียนไฟล์ผลลัพธ์ไม่ได้: {e}"),
                ),
            ));
        }
    }

    fn listing(&self, lang: &str) -> &lists::Listing<'a> {
        self.listings[lang].get_or_init(|| lists::Listing::new(self.site, lang))
    }

    /// Removes a folder of output that no page produces any more.
    fn remove_dir(&self, rel: &str) {
        self.out.remove(rel);
    }

    /// Removes `base/page/N` folders past the last page of a shortened list.
    fn prune_pages(&self, base: &str, total: usize) {
        if !self.out.updates_in_place() {
            return;
        }
        let mut n = total + 1;
        while self.out.path_of(&paged_url(base, n)).exists() {
            self.remove_dir(&format!("{base}/page/{n}"));
            n += 1;
        }
    }

    /// The page at `path` (without language prefix) in every language where it exists.
    fn alternates(&self, path: &str, exists: impl Fn(&str) -> bool) -> Vec<Alternate<'a>> {
        self.site
            .languages()
            .iter()
            .filter(|l| exists(l))
            .map(|l| Alternate {
                lang: l,
                name: self.theme.i18n.get(l, "language_name"),
                url: format!("{}{}", self.site.config.lang_prefix(l), path),
            })
            .collect()
    }

    fn render<T: Serialize>(
        &self,
        template: &str,
        lang: &str,
        url: &str,
        path: &str,
        exists: impl Fn(&str) -> bool,
        body: T,
    ) -> bool {
        let config = &self.site.config;
        let frame = Frame {
            lang,
            root: root_of(url),
            prefix: config.lang_prefix(lang),
            site: SiteView::new(self.site, lang),
            alternates: self.alternates(path, exists),
            canonical: config.base_url.as_ref().map(|b| {
                format!(
                    "{}/{}",
                    b.trim_end_matches('/'),
                    url.trim_end_matches("index.html")
                )
            }),
            url,
            body,
        };
        let ctx = match tera::Context::from_serialize(&frame) {
            Ok(c) => c,
            Err(e) => {
                self.fail(self.theme.templates.problem(&e, Some(template)));
                return false;
            }
        };
        thread_local! {
            // Each rayon thread keeps its page buffer, grown to the largest page.
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let rendered = PAGE.with_borrow_mut(|html| {
            self.theme
                .templates
                .render_into(template, &ctx, html)
                .map(|()| {
                    self.write(url, html);
                    offline::dependencies(url, html)
                })
        });
        match rendered {
            Ok(loads) => {
                let loads = loads
                    .into_iter()
                    .filter(|d| !d.starts_with("assets/"))
                    .collect();
                self.loads
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(url.to_owned(), loads);
                true
            }
            Err(d) => {
                self.fail(d);
                false
            }
        }
    }
}

/// One unit of rendering. A full build runs [`all_jobs`]; `sala serve` runs only the
/// jobs a change touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// A content page in one language (its own text or the fallback).
    Page {
        key: String,
        lang: String,
    },
    /// A kind's list; with `only`, just the list pages that hold those keys.
    List {
        kind: Kind,
        lang: String,
        only: Option<BTreeSet<String>>,
    },
    TaxonomyIndex {
        taxonomy: Taxonomy,
        lang: String,
    },
    Term {
        taxonomy: Taxonomy,
        id: String,
        lang: String,
        only: Option<BTreeSet<String>>,
    },
    Home {
        lang: String,
    },
    Search {
        lang: String,
    },
    Feed {
        lang: String,
    },
    /// The page the service worker shows for a page not stored on the device.
    Offline {
        lang: String,
    },
    NotFound,
    /// With the default language under its own folder, a root page that leads to it.
    RootRedirect,
    Sitemap,
    /// The theme's static files.
    ThemeStatic,
    /// A file under `content/` copied as it is.
    Asset {
        path: PathBuf,
    },
}

impl Job {
    /// The templates this job renders with: its own and every template that one
    /// extends, includes or imports. Feeds, the sitemap, the root redirect and copied
    /// files use none. `sala serve` re-runs the jobs whose templates changed.
    pub fn templates(&self, site: &Site, templates: &Templates) -> BTreeSet<String> {
        let own = match self {
            Job::Page { key, lang } => site.version(key, lang).map(|(p, _)| template_name(p)),
            Job::List { .. } => Some(templates::LIST.to_string()),
            Job::TaxonomyIndex { .. } => Some(templates::TAXONOMY.to_string()),
            Job::Term { .. } => Some(templates::TERM.to_string()),
            Job::Home { .. } => Some(templates::HOME.to_string()),
            Job::Search { .. } => Some(templates::SEARCH.to_string()),
            Job::Offline { .. } => Some(templates::OFFLINE.to_string()),
            Job::NotFound => Some(templates::NOT_FOUND.to_string()),
            Job::Feed { .. }
            | Job::RootRedirect
            | Job::Sitemap
            | Job::ThemeStatic
            | Job::Asset { .. } => None,
        };
        own.map(|t| templates.uses(&t)).unwrap_or_default()
    }
}

/// Every job of a full build.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for key in site.keys.keys().filter(|k| k.as_str() != paths::HOME_KEY) {
        for lang in site.languages() {
            jobs.push(Job::Page {
                key: key.clone(),
                lang: lang.clone(),
            });
        }
    }
    for lang in site.languages() {
        jobs.extend(lang_jobs(site, lang));
    }
    jobs.extend([Job::NotFound, Job::Sitemap, Job::ThemeStatic]);
    if site.config.default_language_prefix {
        jobs.push(Job::RootRedirect);
    }
    jobs.extend(site.assets.iter().map(|p| Job::Asset { path: p.clone() }));
    jobs
}

/// The lists, taxonomies, home, search page and feed of one language.
pub fn lang_jobs(site: &Site, lang: &str) -> Vec<Job> {
    let lang = lang.to_string();
    let mut jobs: Vec<Job> = Kind::LISTED
        .iter()
        .map(|&kind| Job::List {
            kind,
            lang: lang.clone(),
            only: None,
        })
        .collect();
    for taxonomy in Taxonomy::ALL.into_iter().filter(|t| t.enabled(site)) {
        jobs.push(Job::TaxonomyIndex {
            taxonomy,
            lang: lang.clone(),
        });
        for id in lists::all_terms(site, taxonomy) {
            jobs.push(Job::Term {
                taxonomy,
                id,
                lang: lang.clone(),
                only: None,
            });
        }
    }
    jobs.extend([
        Job::Home { lang: lang.clone() },
        Job::Search { lang: lang.clone() },
        Job::Offline { lang: lang.clone() },
        Job::Feed { lang },
    ]);
    jobs
}

/// Renders every page of `site` for a full build, which writes the service worker
/// itself once the index step is done ([`offline::write`]).
pub fn render_site(
    site: &Site,
    theme: &Theme,
    out: &dyn Output,
) -> Result<RenderStats, Diagnostics> {
    render_part(site, theme, out, &all_jobs(site))
}

/// Renders only `jobs`, for a build that keeps the rest of the previous output (see
/// `crate::warm`); like [`render_site`], it leaves the service worker to
/// [`offline::write`].
pub fn render_part(
    site: &Site,
    theme: &Theme,
    out: &dyn Output,
    jobs: &[Job],
) -> Result<RenderStats, Diagnostics> {
    run(site, theme, out, jobs, true)
}

/// Runs `jobs` in parallel into `out`. An output that is updated in place loses the
/// pages that no longer exist.
pub fn render_jobs(
    site: &Site,
    theme: &Theme,
    out: &dyn Output,
    jobs: &[Job],
) -> Result<RenderStats, Diagnostics> {
    run(site, theme, out, jobs, false)
}

fn run(
    site: &Site,
    theme: &Theme,
    out: &dyn Output,
    jobs: &[Job],
    worker_later: bool,
) -> Result<RenderStats, Diagnostics> {
    let ctx = Ctx {
        site,
        theme,
        out,
        worker_later,
        problems: Mutex::new(Vec::new()),
        loads: Mutex::default(),
        listings: site
            .languages()
            .iter()
            .map(|l| (l.clone(), std::sync::OnceLock::new()))
            .collect(),
        // Before the pages, not lazily among them: it runs on all the threads.
        related: if jobs.iter().any(|j| matches!(j, Job::Page { .. })) {
            let t = std::time::Instant::now();
            let related = sala_core::content::related::related(site);
            tracing::info!("render: related pages {:?}", t.elapsed());
            related
        } else {
            Vec::new()
        },
    };
    let html_pages = jobs.par_iter().map(|job| run_job(&ctx, job)).sum();
    let problems = ctx.problems.into_inner().unwrap_or_else(|e| e.into_inner());
    let loads = ctx.loads.into_inner().unwrap_or_else(|e| e.into_inner());
    if problems.is_empty() {
        Ok(RenderStats { html_pages, loads })
    } else {
        Err(Diagnostics(problems).sorted())
    }
}

fn run_job(ctx: &Ctx, job: &Job) -> usize {
    let site = ctx.site;
    match job {
        Job::Page { key, lang } => {
            if site.keys.contains_key(key) {
                usize::from(pages::render_page(ctx, key, lang))
            } else {
                ctx.remove_dir(site.url_of(key, lang).trim_end_matches("/index.html"));
                0
            }
        }
        Job::List { kind, lang, only } => lists::render_list(ctx, *kind, lang, only.as_ref()),
        Job::TaxonomyIndex { taxonomy, lang } => lists::render_taxonomy_index(ctx, *taxonomy, lang),
        Job::Term {
            taxonomy,
            id,
            lang,
            only,
        } => lists::render_term(ctx, *taxonomy, id, lang, only.as_ref()),
        Job::Home { lang } => lists::render_home(ctx, lang),
        Job::Search { lang } => {
            let url = format!("{}search/index.html", site.config.lang_prefix(lang));
            let view = views::SearchView::new(site, &ctx.theme.i18n, lang);
            usize::from(ctx.render(
                templates::SEARCH,
                lang,
                &url,
                "search/index.html",
                |_| true,
                view,
            ))
        }
        Job::Offline { lang } => usize::from(offline::render_page(ctx, lang)),
        Job::Feed { lang } => {
            ctx.write(
                &format!("{}atom.xml", site.config.lang_prefix(lang)),
                feeds::atom(site, lang).as_bytes(),
            );
            0
        }
        Job::NotFound => {
            // One 404 page at the root serves every language folder, so it has no alternates.
            let default_lang = site.config.default_language();
            usize::from(ctx.render(
                templates::NOT_FOUND,
                default_lang,
                "404.html",
                "404.html",
                |_| false,
                (),
            ))
        }
        Job::RootRedirect => {
            let lang = site.config.default_language();
            let target = format!("{}index.html", site.config.lang_prefix(lang));
            let title = sala_core::markdown::escape_html(site.config.title(lang));
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n"
            );
            ctx.write("index.html", html.as_bytes());
            1
        }
        Job::Sitemap => {
            if let Some(sitemap) = feeds::sitemap(site) {
                ctx.write("sitemap.xml", sitemap.as_bytes());
            }
            0
        }
        Job::ThemeStatic => {
            copy_static(ctx);
            0
        }
        Job::Asset { path } => {
            let from = site.root.join("content").join(path);
            let rel = paths::slash(path);
            match std::fs::read(&from) {
                Ok(bytes) => ctx.write(&rel, &bytes),
                Err(_) if ctx.out.updates_in_place() && !from.exists() => ctx.out.remove(&rel),
                Err(e) => ctx.fail(Diagnostic::new(
                    Path::new("content").join(path),
                    Bilingual::new(format!("cannot read: {e}"), format!("อ่านไฟล์ไม่ได้: {e}")),
                )),
            }
            0
        }
    }
}

/// Copies a theme's static files (embedded, or the site's own) to the output root.
fn copy_static(ctx: &Ctx) {
    for file in ctx.theme.files.under("static/") {
        let rel = &file.rel["static/".len()..];
        if ctx.worker_later && rel == offline::WORKER {
            // A build stamps the worker after the index step and writes it then;
            // copying it first wrote it twice and gave it a new time every build.
            continue;
        }
        match file.bytes() {
            Ok(bytes) => ctx.write(rel, &bytes),
            Err(e) => ctx.fail(Diagnostic::new(
                &file.display,
                Bilingual::new(
                    format!("cannot read theme file: {e}"),
                    format!("อ่านไฟล์ของธีมไม่ได้: {e}"),
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template of the default theme is used by some job of the sample site, so
    /// that `sala serve` re-renders what an edit to any of them changes.
    #[test]
    fn every_theme_template_maps_to_a_job() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = sala_core::content::load_site(root, &Default::default()).expect("sample site");
        let theme = Theme::load(root, &site.config).expect("theme");
        let used: BTreeSet<String> = all_jobs(&site)
            .iter()
            .flat_map(|job| job.templates(&site, &theme.templates))
            .collect();
        let dir = root.join("themes/default/templates");
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).expect("under the folder");
                files.push(paths::slash(rel));
            }
        }
        assert!(files.len() > 10, "{files:?}");
        let unused: Vec<&String> = files.iter().filter(|f| !used.contains(*f)).collect();
        assert!(
            unused.is_empty(),
            "templates no job renders with: {unused:?}"
        );
    }
}
