//! Rendering: tera templates over small per-page contexts, relative URLs, lists,
//! taxonomies, feeds and the sitemap. Writes into the folder [`crate::build`] gives it.

mod feeds;
pub mod i18n;
mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::frontmatter::Meta;
use crate::content::{Kind, Page, Site};
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::markdown::{Link, LinkTarget};
pub use i18n::I18n;
pub use templates::Templates;
use views::{item_view, Alternate, ItemView, SiteView, TermLink};

/// The loaded theme: templates, UI strings and static files.
pub struct Theme {
    pub dir: PathBuf,
    pub templates: Templates,
    pub i18n: I18n,
}

impl Theme {
    pub fn load(root: &Path, config: &crate::config::SiteConfig) -> Result<Theme, Diagnostics> {
        let dir = root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            return Err(Diagnostics(vec![Diagnostic::new(
                "site.toml",
                Bilingual::new(
                    format!("theme `{}` not found in themes/", config.theme),
                    format!("ไม่พบธีม `{}` ในโฟลเดอร์ themes/", config.theme),
                ),
            )
            .with_hint(Bilingual::new(
                "set `theme = \"default\"` in site.toml, or copy a theme into themes/",
                "กำหนด `theme = \"default\"` ใน site.toml หรือคัดลอกธีมไปไว้ในโฟลเดอร์ themes/",
            ))]));
        }
        let i18n = I18n::load(&dir, &config.languages).map_err(Diagnostics)?;
        let templates = Templates::load(&dir, &config.theme, &i18n).map_err(Diagnostics)?;
        Ok(Theme {
            dir,
            templates,
            i18n,
        })
    }
}

/// What a render wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub html_pages: usize,
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
    out: &'a Path,
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'a> Ctx<'a> {
    fn fail(&self, d: Diagnostic) {
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.out.join(rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, bytes));
        if let Err(e) = result {
            self.fail(Diagnostic::new(
                &path,
                Bilingual::new(
                    format!("cannot write output: {e}"),
                    format!("เขียนไฟล์ผลลัพธ์ไม่ได้: {e}"),
                ),
            ));
        }
    }

    /// Alternates of the page at `path` (without language prefix) in every language.
    fn alternates(&self, path: &str, translated: impl Fn(&str) -> bool) -> Vec<Alternate<'a>> {
        self.site
            .languages()
            .iter()
            .map(|l| Alternate {
                lang: l,
                name: self.theme.i18n.get(l, "language_name"),
                url: format!("{}{}", self.site.config.lang_prefix(l), path),
                translated: translated(l),
            })
            .collect()
    }

    fn render<T: Serialize>(
        &self,
        template: &str,
        lang: &str,
        url: &str,
        path: &str,
        translated: impl Fn(&str) -> bool,
        body: T,
    ) -> bool {
        let config = &self.site.config;
        let frame = Frame {
            lang,
            root: root_of(url),
            prefix: config.lang_prefix(lang),
            site: SiteView::new(self.site, lang),
            alternates: self.alternates(path, translated),
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
        match self.theme.templates.render(template, &ctx) {
            Ok(html) => {
                self.write(url, html.as_bytes());
                true
            }
            Err(d) => {
                self.fail(d);
                false
            }
        }
    }
}

/// Renders every page of `site` into `out`, which must exist and be empty.
pub fn render_site(site: &Site, theme: &Theme, out: &Path) -> Result<RenderStats, Diagnostics> {
    let ctx = Ctx {
        site,
        theme,
        out,
        problems: Mutex::new(Vec::new()),
    };
    let langs = site.languages();

    // Content pages: every key in every language, with fallbacks.
    let jobs: Vec<(&str, &str)> = site
        .keys
        .keys()
        .filter(|k| k.as_str() != "_index")
        .flat_map(|k| langs.iter().map(move |l| (k.as_str(), l.as_str())))
        .collect();
    let pages = jobs
        .par_iter()
        .filter(|(key, lang)| render_page(&ctx, key, lang))
        .count();

    let others: usize = langs
        .par_iter()
        .map(|lang| {
            let mut n = 0;
            for kind in Kind::LISTED {
                n += render_list(&ctx, kind, lang);
            }
            n += render_taxonomies(&ctx, lang);
            n += usize::from(render_home(&ctx, lang));
            n += usize::from(ctx.render(
                "search.html",
                lang,
                &format!("{}search/index.html", site.config.lang_prefix(lang)),
                "search/index.html",
                |_| true,
                (),
            ));
            ctx.write(
                &format!("{}atom.xml", site.config.lang_prefix(lang)),
                feeds::atom(site, lang).as_bytes(),
            );
            n
        })
        .sum();
    let not_found = usize::from(ctx.render(
        "404.html",
        site.config.default_language(),
        "404.html",
        "404.html",
        |_| true,
        (),
    ));
    if let Some(sitemap) = feeds::sitemap(site) {
        ctx.write("sitemap.xml", sitemap.as_bytes());
    }
    copy_tree(&ctx, &theme.dir.join("static"));
    for asset in &site.assets {
        let from = site.root.join("content").join(asset);
        match std::fs::read(&from) {
            Ok(bytes) => ctx.write(&asset.to_string_lossy().replace('\\', "/"), &bytes),
            Err(e) => ctx.fail(Diagnostic::new(
                Path::new("content").join(asset),
                Bilingual::new(format!("cannot read: {e}"), format!("อ่านไฟล์ไม่ได้: {e}")),
            )),
        }
    }

    let problems = ctx.problems.into_inner().unwrap_or_else(|e| e.into_inner());
    if problems.is_empty() {
        Ok(RenderStats {
            html_pages: pages + others + not_found,
        })
    } else {
        Err(Diagnostics(problems).sorted())
    }
}

/// Where an internal link goes when shown on the page at `from` in `lang`.
fn resolve_link(site: &Site, page: &Page, link: &Link, from: &str, lang: &str) -> String {
    match &link.target {
        LinkTarget::Anchor(a) => format!("#{a}"),
        LinkTarget::Asset { path } => relative(from, path),
        LinkTarget::Page {
            key,
            lang: link_lang,
            anchor,
        } => {
            // Shown as a fallback, the text's links follow the reader's language, except
            // where the author named another language or an anchor, which only exists in
            // the text the author linked.
            let target_lang = match link_lang {
                Some(l) if l != page.lang() || anchor.is_some() => l.as_str(),
                None if anchor.is_some() => page.lang(),
                _ => lang,
            };
            let url = site.url_of(key, target_lang);
            let mut s = relative(from, &url);
            if let Some(a) = anchor {
                s.push('#');
                s.push_str(a);
            }
            s
        }
    }
}

fn template_for(ctx: &Ctx, page: &Page) -> Result<String, Diagnostic> {
    let name = match &page.meta {
        Meta::Page(p) if p.template.is_some() => p.template.clone().unwrap_or_default(),
        _ => format!("{}.html", page.kind().id()),
    };
    if ctx.theme.templates.has(&name) {
        return Ok(name);
    }
    let names = ctx.theme.templates.names().join(", ");
    Err(Diagnostic::new(
        &page.source.path,
        Bilingual::new(
            format!(
                "template `{name}` not found in themes/{}/templates/",
                ctx.site.config.theme
            ),
            format!(
                "ไม่พบแม่แบบ `{name}` ในโฟลเดอร์ themes/{}/templates/",
                ctx.site.config.theme
            ),
        ),
    )
    .at(1, None)
    .with_hint(Bilingual::new(
        format!("use one of: {names}"),
        format!("ใช้แม่แบบใดแบบหนึ่งต่อไปนี้: {names}"),
    )))
}

#[derive(Serialize)]
struct PageBody<'a> {
    page: views::PageView<'a>,
}

fn render_page(ctx: &Ctx, key: &str, lang: &str) -> bool {
    let site = ctx.site;
    let Some((page, fallback)) = site.version(key, lang) else {
        return false;
    };
    let template = match template_for(ctx, page) {
        Ok(t) => t,
        Err(d) => {
            ctx.fail(d);
            return false;
        }
    };
    let url = site.url_of(key, lang);
    let content = page
        .body
        .html_for(|l| resolve_link(site, page, l, &url, lang));
    let comment_page = url.trim_end_matches("index.html").to_string();
    let view = views::page_view(
        site,
        &ctx.theme.i18n,
        page,
        lang,
        fallback,
        content,
        comment_page,
    );
    let path = url
        .strip_prefix(&site.config.lang_prefix(lang))
        .unwrap_or(&url)
        .to_string();
    let translated = |l: &str| {
        site.keys
            .get(key)
            .is_some_and(|t| t.by_lang.contains_key(l))
    };
    ctx.render(
        &template,
        lang,
        &url.clone(),
        &path,
        translated,
        PageBody { page: view },
    )
}

/// Items of one kind in a language, in list order: weight, then newest first.
fn items_of(site: &Site, lang: &str, filter: impl Fn(&Page) -> bool) -> Vec<ItemView> {
    let mut items: Vec<(&Page, bool)> = site
        .keys
        .keys()
        .filter_map(|k| site.version(k, lang))
        .filter(|(p, _)| filter(p))
        .collect();
    items.sort_by(|(a, _), (b, _)| {
        (
            a.common.weight.unwrap_or(0),
            std::cmp::Reverse(a.date),
            &a.source.key,
        )
            .cmp(&(
                b.common.weight.unwrap_or(0),
                std::cmp::Reverse(b.date),
                &b.source.key,
            ))
    });
    items
        .into_iter()
        .map(|(p, fb)| item_view(site, p, lang, fb))
        .collect()
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<(usize, String)>,
}

#[derive(Serialize)]
struct ListBody<'a> {
    section: &'static str,
    kind: &'static str,
    items: &'a [ItemView],
    pagination: Pagination,
}

fn list_url(prefix: &str, section: &str, n: usize) -> String {
    if n == 1 {
        format!("{prefix}{section}/index.html")
    } else {
        format!("{prefix}{section}/page/{n}/index.html")
    }
}

fn render_list(ctx: &Ctx, kind: Kind, lang: &str) -> usize {
    let site = ctx.site;
    let prefix = site.config.lang_prefix(lang);
    let items = items_of(site, lang, |p| p.kind() == kind);
    let per = site.config.paginate_by;
    let chunks: Vec<&[ItemView]> = if items.is_empty() {
        vec![&[][..]]
    } else {
        items.chunks(per).collect()
    };
    let total = chunks.len();
    let mut n = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        let no = i + 1;
        let url = list_url(&prefix, kind.section(), no);
        let path = list_url("", kind.section(), no);
        let rel = |m: usize| relative(&url, &list_url(&prefix, kind.section(), m));
        let pagination = Pagination {
            current: no,
            total,
            prev: (no > 1).then(|| rel(no - 1)),
            next: (no < total).then(|| rel(no + 1)),
            pages: (1..=total).map(|m| (m, rel(m))).collect(),
        };
        let body = ListBody {
            section: kind.section(),
            kind: kind.id(),
            items: chunk,
            pagination,
        };
        n += usize::from(ctx.render("list.html", lang, &url, &path, |_| true, body));
    }
    n
}

#[derive(Serialize)]
struct TermCount {
    term: TermLink,
    count: usize,
}

#[derive(Serialize)]
struct TaxonomyBody<'a> {
    taxonomy: &'static str,
    terms: &'a [TermCount],
}

#[derive(Serialize)]
struct TermBody<'a> {
    taxonomy: &'static str,
    term: &'a TermLink,
    items: Vec<ItemView>,
}

/// Pages per term for one taxonomy, in the order the terms should be listed.
fn taxonomy_terms(site: &Site, lang: &str, taxonomy: &str) -> Vec<(TermLink, Vec<ItemView>)> {
    let prefix = site.config.lang_prefix(lang);
    let terms = views::Terms {
        config: &site.config,
        prefix: &prefix,
        lang,
    };
    let mut by_term: BTreeMap<String, (TermLink, Vec<ItemView>)> = BTreeMap::new();
    let all = items_of(site, lang, |p| p.kind() != Kind::Page);
    let pages: BTreeMap<&str, &Page> = site
        .keys
        .keys()
        .filter_map(|k| site.version(k, lang).map(|(p, _)| (k.as_str(), p)))
        .collect();
    for item in all {
        let key = item
            .url
            .trim_start_matches(&prefix)
            .trim_end_matches("/index.html")
            .to_string();
        let Some(page) = pages.get(key.as_str()) else {
            continue;
        };
        let links: Vec<TermLink> = match taxonomy {
            "topics" => page
                .common
                .topics
                .iter()
                .filter_map(|t| terms.topic(t))
                .collect(),
            "districts" => page
                .meta
                .districts()
                .iter()
                .filter_map(|&c| terms.district(c))
                .collect(),
            "problems" => page
                .meta
                .problem()
                .and_then(|p| terms.problem(p))
                .into_iter()
                .collect(),
            _ => vec![terms.year(page.date.year())],
        };
        for t in links {
            // Sort keys keep the vocabulary's order; years go newest first.
            let sort_key = match taxonomy {
                "topics" => format!(
                    "{:04}",
                    site.config
                        .topics
                        .iter()
                        .position(|x| x.id == t.id)
                        .unwrap_or(0)
                ),
                "problems" => format!(
                    "{:04}",
                    site.config
                        .problems
                        .iter()
                        .position(|x| x.id == t.id)
                        .unwrap_or(0)
                ),
                "years" => format!("{:06}", 999_999 - t.id.parse::<i64>().unwrap_or(0)),
                _ => t.id.clone(),
            };
            by_term
                .entry(sort_key)
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(item.clone());
        }
    }
    by_term.into_values().collect()
}

fn render_taxonomies(ctx: &Ctx, lang: &str) -> usize {
    let site = ctx.site;
    let tx = &site.config.taxonomies;
    let enabled = [
        ("topics", tx.topics),
        ("districts", tx.districts),
        ("problems", tx.problems),
        ("years", tx.years),
    ];
    let prefix = site.config.lang_prefix(lang);
    let mut n = 0;
    for (taxonomy, on) in enabled {
        if !on {
            continue;
        }
        let terms = taxonomy_terms(site, lang, taxonomy);
        let counts: Vec<TermCount> = terms
            .iter()
            .map(|(t, items)| TermCount {
                term: t.clone(),
                count: items.len(),
            })
            .collect();
        let url = format!("{prefix}{taxonomy}/index.html");
        let path = format!("{taxonomy}/index.html");
        n += usize::from(ctx.render(
            "taxonomy.html",
            lang,
            &url,
            &path,
            |_| true,
            TaxonomyBody {
                taxonomy,
                terms: &counts,
            },
        ));
        for (term, items) in terms {
            let url = term.url.clone();
            let path = url.strip_prefix(&prefix).unwrap_or(&url).to_string();
            n += usize::from(ctx.render(
                "term.html",
                lang,
                &url,
                &path,
                |_| true,
                TermBody {
                    taxonomy,
                    term: &term,
                    items,
                },
            ));
        }
    }
    n
}

#[derive(Serialize)]
struct HomeBody<'a> {
    intro: Option<String>,
    intro_lang: Option<&'a str>,
    latest: BTreeMap<&'static str, Vec<ItemView>>,
    counts: BTreeMap<&'static str, usize>,
    topics: Vec<TermCount>,
}

fn render_home(ctx: &Ctx, lang: &str) -> bool {
    let site = ctx.site;
    let url = format!("{}index.html", site.config.lang_prefix(lang));
    let intro = site.version("_index", lang);
    let mut latest = BTreeMap::new();
    let mut counts = BTreeMap::new();
    for kind in Kind::LISTED {
        let mut items = items_of(site, lang, |p| p.kind() == kind);
        counts.insert(kind.section(), items.len());
        items.sort_by(|a, b| b.date.cmp(&a.date));
        items.truncate(4);
        latest.insert(kind.section(), items);
    }
    let topics = taxonomy_terms(site, lang, "topics")
        .into_iter()
        .map(|(t, items)| TermCount {
            term: t,
            count: items.len(),
        })
        .collect();
    let body = HomeBody {
        intro: intro.map(|(p, _)| p.body.html_for(|l| resolve_link(site, p, l, &url, lang))),
        intro_lang: intro.map(|(p, _)| p.lang()),
        latest,
        counts,
        topics,
    };
    ctx.render("home.html", lang, &url, "index.html", |_| true, body)
}

/// Copies a theme's static files to the output root.
fn copy_tree(ctx: &Ctx, from: &Path) {
    if !from.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            match std::fs::read(entry.path()) {
                Ok(bytes) => ctx.write(&rel.to_string_lossy().replace('\\', "/"), &bytes),
                Err(e) => ctx.fail(Diagnostic::new(
                    entry.path(),
                    Bilingual::new(
                        format!("cannot read theme file: {e}"),
                        format!("อ่านไฟล์ของธีมไม่ได้: {e}"),
                    ),
                )),
            }
        }
    }
}
