//! Where a content file sits: its kind, language, translation key and output URL.

use std::path::{Path, PathBuf};

/// The four kinds of content, by top-level folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Guide,
    Case,
    Forum,
    Page,
}

impl Kind {
    pub const LISTED: [Kind; 3] = [Kind::Guide, Kind::Case, Kind::Forum];

    /// The id used in templates, search and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Case => "case",
            Kind::Forum => "forum",
            Kind::Page => "page",
        }
    }

    /// The content folder and URL section.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Guide => "guides",
            Kind::Case => "cases",
            Kind::Forum => "forums",
            Kind::Page => "",
        }
    }

    pub fn from_section(s: &str) -> Option<Kind> {
        match s {
            "guides" => Some(Kind::Guide),
            "cases" => Some(Kind::Case),
            "forums" => Some(Kind::Forum),
            _ => None,
        }
    }

    pub fn from_id(s: &str) -> Option<Kind> {
        match s {
            "guide" => Some(Kind::Guide),
            "case" => Some(Kind::Case),
            "forum" => Some(Kind::Forum),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }
}

/// A Markdown file under `content/`, classified by its path alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFile {
    /// Relative to the site root, for messages: `content/guides/x.th.md`.
    pub path: PathBuf,
    /// Relative to `content/`: `guides/x.th.md`.
    pub rel: PathBuf,
    pub kind: Kind,
    pub lang: String,
    /// Shared by all language versions: `guides/x`, `about`, `_index`.
    pub key: String,
    /// The output path relative to the site root: `en/guides/x/index.html`.
    pub url: String,
}

/// The output path for a key under a language prefix (`""` or `"en/"`).
pub fn page_url(prefix: &str, key: &str) -> String {
    if key == crate::paths::HOME_KEY {
        format!("{prefix}index.html")
    } else {
        format!("{prefix}{key}/index.html")
    }
}

impl SourceFile {
    /// Classifies a content-relative `.md` path; `None` for paths that are not pages.
    pub fn classify(rel: &Path, config: &crate::config::SiteConfig) -> Option<SourceFile> {
        let (key, lang) = crate::paths::source_key(rel, &config.languages)?;
        let lang = lang.unwrap_or_else(|| config.default_language().to_string());
        let first = key.split('/').next().unwrap_or("");
        let kind = Kind::from_section(first)
            .filter(|_| key.contains('/'))
            .unwrap_or(Kind::Page);
        let url = page_url(&config.lang_prefix(&lang), &key);
        Some(SourceFile {
            path: Path::new("content").join(rel),
            rel: rel.to_path_buf(),
            kind,
            lang,
            key,
            url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pair_both_layouts() {
        let langs = vec!["th".to_string(), "en".to_string()];
        assert_eq!(
            crate::paths::source_key(Path::new("guides/x.th.md"), &langs),
            Some(("guides/x".into(), Some("th".into())))
        );
        assert_eq!(
            crate::paths::source_key(Path::new("guides/x/index.en.md"), &langs),
            Some(("guides/x".into(), Some("en".into())))
        );
        assert_eq!(
            crate::paths::source_key(Path::new("about.md"), &langs),
            Some(("about".into(), None))
        );
        assert_eq!(
            crate::paths::source_key(Path::new("notes.txt"), &langs),
            None
        );
    }
}
