//! The controlled vocabularies a corpus may use, read from the repository's own files at
//! compile time, so the generator cannot drift from the sample site's `site.toml`
//! (topics, problem categories and Khon Kaen's districts).

use serde::Deserialize;

/// The repository's `site.toml`, copied into every corpus.
pub const SITE_TOML: &str = include_str!("../../../site.toml");

/// One vocabulary entry: an id and its label per language.
#[derive(Debug, Clone, Deserialize)]
pub struct Term {
    pub id: String,
    pub th: String,
    pub en: String,
}

/// A Khon Kaen district by geocode.
#[derive(Debug, Clone, Deserialize)]
pub struct District {
    pub code: u16,
    pub th: String,
    pub en: String,
}

/// Everything a page's front matter may refer to.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub title_th: String,
    pub title_en: String,
    pub topics: Vec<Term>,
    pub problems: Vec<Term>,
    pub districts: Vec<District>,
}

#[derive(Deserialize)]
struct SiteVocab {
    title: Titles,
    #[serde(default)]
    topics: Vec<Term>,
    #[serde(default)]
    problems: Vec<Term>,
    #[serde(default)]
    districts: Vec<District>,
}

#[derive(Deserialize)]
struct Titles {
    th: String,
    en: String,
}

impl Vocab {
    /// Reads the embedded `site.toml` and district table.
    pub fn load() -> anyhow::Result<Vocab> {
        let site: SiteVocab = toml::from_str(SITE_TOML)?;
        let districts = site.districts;
        anyhow::ensure!(!site.topics.is_empty(), "site.toml has no [[topics]]");
        anyhow::ensure!(!site.problems.is_empty(), "site.toml has no [[problems]]");
        anyhow::ensure!(!districts.is_empty(), "site.toml has no [[districts]]");
        Ok(Vocab {
            title_th: site.title.th,
            title_en: site.title.en,
            topics: site.topics,
            problems: site.problems,
            districts,
        })
    }
}

/// The sample site's districts (`[[districts]]` in site.toml).
pub fn districts() -> Vec<District> {
    Vocab::load().map(|v| v.districts).unwrap_or_default()
}

/// Lower-cases the first letter of an English label for use inside a sentence
/// ("Solid waste" → "solid waste"), leaving acronyms such as "PM2.5" alone.
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_repository_vocabularies() {
        let v = Vocab::load().unwrap();
        assert!(v.topics.iter().any(|t| t.id == "waste"));
        assert!(v.problems.iter().any(|t| t.id == "drought"));
        assert_eq!(v.districts.len(), 26);
        assert!(v.districts.iter().any(|d| d.code == 4005 && d.th == "ชุมแพ"));
    }

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Solid waste"), "solid waste");
        assert_eq!(lower_first("PM2.5"), "PM2.5");
        assert_eq!(
            lower_first("Cooperation between LAOs"),
            "cooperation between LAOs"
        );
    }
}
