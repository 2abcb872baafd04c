//! `site.toml`: the site's title, languages, organization, vocabularies (topics, problem
//! categories, districts) and output settings. Everything about the organization and
//! its province is data here; the program and the theme carry none of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sala_search::dict::edit_distance;
use serde::Deserialize;

use crate::diagnostics::{line_col, Bilingual, Diagnostic};

pub mod comments;

/// A language code the site publishes in. Thai is the default.
pub type Lang = String;

/// One entry of a controlled vocabulary (topics, problem categories), labelled per language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub th: String,
    pub en: String,
}

impl Term {
    pub fn label(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.th
        }
    }
}

/// A district (อำเภอ) by interior-ministry geocode: the vocabulary that case studies and
/// forum summaries use in `districts:`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub code: u16,
    pub th: String,
    pub en: String,
}

impl District {
    pub fn name(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.th
        }
    }
}

/// Who publishes the site: shown in the footer (and the header, with a logo).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Full name per language.
    #[serde(default)]
    pub name: BTreeMap<Lang, String>,
    /// Short name for the footer's "About …" link; the full name when absent.
    #[serde(default)]
    pub short_name: BTreeMap<Lang, String>,
    /// One or two sentences for the footer, per language.
    #[serde(default)]
    pub description: BTreeMap<Lang, String>,
    /// Postal address per language.
    #[serde(default)]
    pub address: BTreeMap<Lang, String>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The organization's own web site (a full address; a plain link, nothing is fetched).
    #[serde(default)]
    pub website: String,
    /// A logo inside the site, such as `images/logo.svg` (from `content/images/`).
    #[serde(default)]
    pub logo: Option<String>,
}

fn pick<'a>(map: &'a BTreeMap<Lang, String>, lang: &str) -> &'a str {
    map.get(lang).map(String::as_str).unwrap_or("")
}

impl Organization {
    pub fn name(&self, lang: &str) -> &str {
        pick(&self.name, lang)
    }
    pub fn short_name(&self, lang: &str) -> &str {
        match pick(&self.short_name, lang) {
            "" => self.name(lang),
            s => s,
        }
    }
    pub fn description(&self, lang: &str) -> &str {
        pick(&self.description, lang)
    }
    pub fn address(&self, lang: &str) -> &str {
        pick(&self.address, lang)
    }
}

/// The parsed `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title per language code.
    pub title: BTreeMap<Lang, String>,
    /// Site description per language code.
    #[serde(default)]
    pub description: BTreeMap<Lang, String>,
    /// Published languages, the default first.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// Used only for feeds, the sitemap and canonical links; pages link relatively.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Whether the default language also lives under `/th/`.
    #[serde(default)]
    pub default_language_prefix: bool,
    /// Items per page on list pages.
    #[serde(default = "default_paginate")]
    pub paginate_by: usize,
    /// Shows a line on every page saying the content is illustrative sample data.
    #[serde(default)]
    pub illustrative: bool,
    /// Where `sala build` writes the search index, relative to the root.
    #[serde(default = "default_index_dir")]
    pub search_index_dir: PathBuf,
    /// Which taxonomies get pages.
    #[serde(default)]
    pub taxonomies: Taxonomies,
    /// Topic vocabulary: a page's `topics` must use these ids.
    #[serde(default)]
    pub topics: Vec<Term>,
    /// Problem categories for case studies.
    #[serde(default)]
    pub problems: Vec<Term>,
    /// District vocabulary: a page's `districts` must use these codes.
    #[serde(default)]
    pub districts: Vec<District>,
    /// Who publishes the site.
    #[serde(default)]
    pub organization: Organization,
    /// The comments companion; the generator reads only what the widget needs.
    #[serde(default)]
    pub comments: comments::CommentsConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomies {
    #[serde(default = "yes")]
    pub topics: bool,
    #[serde(default = "yes")]
    pub districts: bool,
    #[serde(default = "yes")]
    pub problems: bool,
    #[serde(default = "yes")]
    pub years: bool,
}

impl Default for Taxonomies {
    fn default() -> Self {
        Taxonomies {
            topics: true,
            districts: true,
            problems: true,
            years: true,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_languages() -> Vec<Lang> {
    vec!["th".into(), "en".into()]
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate() -> usize {
    10
}
fn default_index_dir() -> PathBuf {
    PathBuf::from("search-index")
}

impl SiteConfig {
    /// Reads and validates `root/site.toml`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(
                "site.toml",
                Bilingual::new(
                    format!("cannot read site.toml: {e}"),
                    format!("อ่านไฟล์ site.toml ไม่ได้: {e}"),
                ),
            )
            .with_hint(Bilingual::new(
                "run sala in the site's folder, or pass --root DIR",
                "ให้รัน sala ในโฟลเดอร์ของเว็บไซต์ หรือระบุ --root DIR",
            ))
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::new(
                "site.toml",
                Bilingual::new(
                    e.message().to_string(),
                    format!("site.toml ไม่ถูกต้อง: {}", e.message()),
                ),
            );
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, Some(col));
            }
            d
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), Diagnostic> {
        let bad =
            |en: String, th: String| Err(Diagnostic::new("site.toml", Bilingual::new(en, th)));
        if self.languages.is_empty() {
            return bad("`languages` is empty".into(), "`languages` ว่างเปล่า".into());
        }
        for l in &self.languages {
            if l != "th" && l != "en" {
                return bad(
                    format!("unsupported language `{l}`; Sala publishes `th` and `en`"),
                    format!("ไม่รองรับภาษา `{l}` ใช้ได้เฉพาะ `th` และ `en`"),
                );
            }
            if !self.title.contains_key(l) {
                return bad(
                    format!("`title` has no entry for language `{l}`"),
                    format!("`title` ไม่มีชื่อสำหรับภาษา `{l}`"),
                );
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.districts {
            if !seen.insert(d.code) {
                return bad(
                    format!("district code {} appears twice in `[[districts]]`", d.code),
                    format!("รหัสอำเภอ {} ซ้ำกันใน `[[districts]]`", d.code),
                );
            }
        }
        if let Some(logo) = &self.organization.logo {
            if logo.contains("://") || logo.starts_with('/') || logo.starts_with("//") {
                return bad(
                    format!("`organization.logo` = `{logo}` must be a path inside the site, such as images/logo.svg, so that pages work from disk and fetch nothing from another host"),
                    format!("`organization.logo` = `{logo}` ต้องเป็นตำแหน่งไฟล์ภายในเว็บไซต์ เช่น images/logo.svg เพื่อให้เปิดจากดิสก์ได้และไม่ดึงข้อมูลจากเว็บอื่น"),
                );
            }
        }
        if self.paginate_by == 0 {
            return bad(
                "`paginate_by` must be at least 1".into(),
                "`paginate_by` ต้องมีค่าอย่างน้อย 1".into(),
            );
        }
        Ok(())
    }

    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    pub fn title(&self, lang: &str) -> &str {
        self.title.get(lang).map(String::as_str).unwrap_or("")
    }

    pub fn description(&self, lang: &str) -> &str {
        self.description.get(lang).map(String::as_str).unwrap_or("")
    }

    /// The folder a language's pages live under: `""` for the unprefixed default, else `"en/"`.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language() && !self.default_language_prefix {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    pub fn topic(&self, id: &str) -> Option<&Term> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn problem(&self, id: &str) -> Option<&Term> {
        self.problems.iter().find(|t| t.id == id)
    }

    pub fn district(&self, code: u16) -> Option<&District> {
        self.districts.iter().find(|d| d.code == code)
    }

    /// The district a `districts:` entry written as a name means: its Thai or English
    /// name, compared as [`district_name_key`] folds them, or a code written as text
    /// (`"4005"`, `"๔๐๐๕"`).
    pub fn district_named(&self, written: &str) -> Option<&District> {
        let key = district_name_key(written);
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) {
            return key.parse().ok().and_then(|code| self.district(code));
        }
        self.districts
            .iter()
            .find(|d| district_name_key(&d.th) == key || district_name_key(&d.en) == key)
    }

    /// For an unknown name's hint: the district whose name, in the language `written`
    /// is in (Thai if it has a Thai letter), is nearest by edit distance, when close
    /// enough to be a misspelling. Tone marks and vowels count as letters, so
    /// หนองสองหอง is one edit from หนองสองห้อง.
    pub fn district_near_name(&self, written: &str) -> Option<&District> {
        let key = district_name_key(written);
        let lang = name_lang(written);
        self.districts
            .iter()
            .map(|d| {
                let distance = edit_distance(&district_name_key(d.name(lang)), &key);
                (distance, d.code, d)
            })
            .filter(|(distance, _, d)| {
                *distance <= (district_name_key(d.name(lang)).chars().count() / 3).max(2)
            })
            .min_by_key(|(distance, code, _)| (*distance, *code))
            .map(|(_, _, d)| d)
    }

    /// For an unknown code's hint: all of a province-sized list of districts, else the ones whose codes are
    /// nearest `code` (a mistyped digit lands close), named in `lang`.
    pub fn districts_near(&self, code: u16, lang: &str) -> String {
        const ALL_UP_TO: usize = 30;
        let mut near: Vec<_> = self.districts.iter().collect();
        near.sort_by_key(|d| (d.code.abs_diff(code), d.code));
        if near.len() > ALL_UP_TO {
            near.truncate(12);
        }
        near.sort_by_key(|d| d.code);
        if near.is_empty() {
            return "— (site.toml [[districts]])".into();
        }
        let mut list = near
            .iter()
            .map(|d| format!("{} {}", d.code, d.name(lang)))
            .collect::<Vec<_>>()
            .join(", ");
        list.push_str(if self.districts.len() > near.len() {
            ", … (site.toml [[districts]])"
        } else {
            " (site.toml [[districts]])"
        });
        list
    }
}

/// `th` when `written` has a Thai letter, else `en`: the language a district name was
/// written in, which its hint keeps to.
pub fn name_lang(written: &str) -> &'static str {
    if written
        .chars()
        .any(|c| ('\u{e01}'..='\u{e2e}').contains(&c))
    {
        "th"
    } else {
        "en"
    }
}

/// A district name folded for comparison: canonical Thai (NFC, Thai digits as Arabic,
/// no zero-width characters), Latin letters lower-cased, spaces, hyphens and dots
/// and underscores dropped (Chum Phae = chum-phae = ChumPhae), and the words for "district" left out
/// (อำเภอชุมแพ, อ.ชุมแพ, Chum Phae District). Tone marks stay: they tell names apart.
pub fn district_name_key(name: &str) -> String {
    let canonical = sala_search::normalize::canonicalize(name.trim()).to_lowercase();
    let mut s = canonical.as_str();
    for prefix in ["อำเภอ", "อ.", "amphoe ", "amphur ", "district of "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    for suffix in [" district", " amphoe"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
        }
    }
    // Only what writers vary in a name goes; anything else (a stray quote, a bracket)
    // stays, so that it is reported rather than silently read as a district.
    s.chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '_')))
        .collect()
}
