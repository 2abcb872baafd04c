//! Loading: walks `content/`, parses front matter and Markdown once, pairs translations,
//! and checks every internal link, so later steps work on a validated [`Site`].

pub mod advice;
pub mod baked_comments;
mod front_errors;
pub mod frontmatter;
mod load;
mod parse;
pub mod related;
mod reload;
mod source;
mod taxonomy;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::Date;

pub use load::{load_site, load_site_with_problems, normalize_page_path, LoadOptions};
pub use parse::split_front_matter;
pub use reload::reload;

pub use source::{page_url, Kind, SourceFile};
pub use taxonomy::Taxonomy;

use crate::config::SiteConfig;
use crate::markdown::Rendered;
use baked_comments::CommentFile;
use frontmatter::{Common, Meta};

/// One page in one language, parsed and ready to render.
#[derive(Debug)]
pub struct Page {
    pub source: SourceFile,
    pub common: Common,
    pub meta: Meta,
    pub date: Date,
    pub updated: Option<Date>,
    /// The Markdown body as HTML, with internal links left as placeholders until render.
    pub body: Rendered,
}

impl Page {
    pub fn kind(&self) -> Kind {
        self.source.kind
    }
    pub fn lang(&self) -> &str {
        &self.source.lang
    }
    pub fn key(&self) -> &str {
        &self.source.key
    }
    pub fn title(&self) -> &str {
        &self.common.title
    }
    /// The front-matter summary, or the start of the body text.
    pub fn summary(&self) -> String {
        match &self.common.summary {
            Some(s) => s.clone(),
            None => crate::markdown::excerpt(&self.body.text, 200),
        }
    }
}

/// A page key with its versions per language (by index into [`Site::pages`]).
#[derive(Debug, Default, Clone)]
pub struct Translations {
    pub by_lang: BTreeMap<String, usize>,
}

/// The whole validated site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Sorted by key, then language, so every later step is deterministic.
    pub pages: Vec<Page>,
    /// Page key (`guides/local-plan-cycle`) to its language versions.
    pub keys: BTreeMap<String, Translations>,
    /// Approved comments by page path (`en/guides/local-plan-cycle/`).
    pub comments: BTreeMap<String, CommentFile>,
    /// Files under `content/` that are not pages, copied as they are (relative paths).
    pub assets: Vec<PathBuf>,
    /// Markdown files (relative to `content/`) that exist but failed to load. Links to
    /// them are not reported as broken: the file's own error says what is wrong.
    pub failed: std::collections::BTreeSet<PathBuf>,
}

impl Site {
    pub fn languages(&self) -> &[String] {
        &self.config.languages
    }

    /// The names of a page's topics, problem category and districts in its language:
    /// what the page is about, for the search index and for related pages.
    pub fn labels_of(&self, page: &Page) -> Vec<String> {
        let lang = page.lang();
        let config = &self.config;
        let topics = page.common.topics.iter().filter_map(|t| config.topic(t));
        let problem = page.meta.problem().and_then(|p| config.problem(p));
        let districts = page
            .meta
            .districts()
            .iter()
            .filter_map(|&code| config.district(code));
        topics
            .chain(problem)
            .map(|t| t.label(lang).to_owned())
            .chain(districts.map(|d| d.name(lang).to_owned()))
            .collect()
    }

    /// The page shown for `key` in `lang`: its own version, or the fallback from another
    /// language (the second value is then `true`).
    pub fn version(&self, key: &str, lang: &str) -> Option<(&Page, bool)> {
        self.version_of(self.keys.get(key)?, lang)
    }

    /// As [`Site::version`], for a key's translations already at hand.
    pub fn version_of(&self, t: &Translations, lang: &str) -> Option<(&Page, bool)> {
        if let Some(&i) = t.by_lang.get(lang) {
            return Some((&self.pages[i], false));
        }
        self.config
            .languages
            .iter()
            .find_map(|l| t.by_lang.get(l))
            .map(|&i| (&self.pages[i], true))
    }

    /// The output path of `key` in `lang`, relative to the site root.
    pub fn url_of(&self, key: &str, lang: &str) -> String {
        source::page_url(&self.config.lang_prefix(lang), key)
    }
}
