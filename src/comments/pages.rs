//! Which pages accept comments: every guide, case and forum page of the built site, in
//! every language, read from the content at startup (never fetched).

use std::collections::BTreeSet;
use std::path::Path;

use sala_core::content::{load_site, Kind, LoadOptions, Site};

/// The page paths (`guides/x/`, `en/guides/x/`) that accept comments.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    paths: BTreeSet<String>,
}

impl Pages {
    /// Loads the site at `root` and lists its commentable pages.
    pub fn load(root: &Path) -> anyhow::Result<(Pages, Site)> {
        let site = load_site(root, &LoadOptions::default()).map_err(|d| {
            anyhow::anyhow!(
                "the site at {} does not load:\n{}",
                root.display(),
                d.display(sala_core::diagnostics::MessageLang::En)
            )
        })?;
        Ok((Pages::of(&site), site))
    }

    pub fn of(site: &Site) -> Pages {
        let mut paths = BTreeSet::new();
        for key in site.keys.keys() {
            for lang in site.languages() {
                let Some((page, _)) = site.version(key, lang) else {
                    continue;
                };
                if matches!(page.kind(), Kind::Guide | Kind::Case | Kind::Forum) {
                    let url = site.url_of(key, lang);
                    paths.insert(url.trim_end_matches("index.html").to_string());
                }
            }
        }
        Pages { paths }
    }

    pub fn from_paths(paths: impl IntoIterator<Item = String>) -> Pages {
        Pages {
            paths: paths.into_iter().collect(),
        }
    }

    pub fn contains(&self, page: &str) -> bool {
        self.paths.contains(page)
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The language of a page path: its first segment when that is a language with a
    /// prefix, else the default language.
    pub fn lang_of<'a>(page: &str, languages: &'a [String]) -> &'a str {
        let first = page.split('/').next().unwrap_or("");
        languages
            .iter()
            .find(|l| l.as_str() == first)
            .or_else(|| languages.first())
            .map(String::as_str)
            .unwrap_or("th")
    }
}
