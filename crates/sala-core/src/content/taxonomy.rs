//! The taxonomies pages are classified by (topics, districts, problem categories,
//! years): part of the content model, read by rendering and by `sala serve`.

use std::fmt::Write;

use super::{Kind, Page, Site};

/// The taxonomies Sala builds pages for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    Topics,
    Districts,
    Problems,
    Years,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 4] = [
        Taxonomy::Topics,
        Taxonomy::Districts,
        Taxonomy::Problems,
        Taxonomy::Years,
    ];

    /// The URL section and i18n key.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Topics => "topics",
            Taxonomy::Districts => "districts",
            Taxonomy::Problems => "problems",
            Taxonomy::Years => "years",
        }
    }

    pub fn enabled(self, site: &Site) -> bool {
        let t = &site.config.taxonomies;
        match self {
            Taxonomy::Topics => t.topics,
            Taxonomy::Districts => t.districts,
            Taxonomy::Problems => t.problems,
            Taxonomy::Years => t.years,
        }
    }

    /// The term ids `page` carries in this taxonomy.
    pub fn terms_of(self, page: &Page) -> Vec<String> {
        let mut out = Vec::new();
        Taxonomy::each_term(page, |t, id| {
            if t == self {
                out.push(id.to_string());
            }
        });
        out
    }

    /// Calls `f` with every (taxonomy, term id) `page` carries, without allocating an id
    /// per term: listing a large site visits every page's terms once per render.
    pub fn each_term(page: &Page, mut f: impl FnMut(Taxonomy, &str)) {
        if page.kind() == Kind::Page {
            return;
        }
        for id in &page.common.topics {
            f(Taxonomy::Topics, id);
        }
        let mut number = String::new();
        for code in page.meta.districts() {
            number.clear();
            let _ = write!(number, "{code}");
            f(Taxonomy::Districts, &number);
        }
        if let Some(p) = page.meta.problem() {
            f(Taxonomy::Problems, p);
        }
        number.clear();
        let _ = write!(number, "{}", page.date.year());
        f(Taxonomy::Years, &number);
    }

    /// The taxonomy's place in [`Taxonomy::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Terms are listed in the vocabulary's order; years newest first.
    pub fn sort_key(self, site: &Site, id: &str) -> (i64, String) {
        let pos = |v: &[crate::config::Term]| {
            v.iter().position(|t| t.id == id).unwrap_or(usize::MAX) as i64
        };
        match self {
            Taxonomy::Topics => (pos(&site.config.topics), id.to_string()),
            Taxonomy::Problems => (pos(&site.config.problems), id.to_string()),
            Taxonomy::Years => (-id.parse::<i64>().unwrap_or(0), id.to_string()),
            Taxonomy::Districts => (0, id.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Taxonomy;

    #[test]
    fn taxonomy_index_is_its_place_in_all() {
        for (i, t) in Taxonomy::ALL.iter().enumerate() {
            assert_eq!(t.index(), i);
        }
    }
}
