//! Pages that list other pages: one list per kind, taxonomy indexes and terms, the home
//! page. Long lists are split into pages of `paginate_by` items.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::views::{item_view, ItemView, TermLink, Terms};
use super::{pages::resolve_link, relative, templates, Ctx};
use sala_core::content::{Kind, Page, Site, Taxonomy};

/// The link to term `id` of `taxonomy`, with its label in the page's language.
fn term_link(taxonomy: Taxonomy, terms: &Terms, id: &str) -> Option<TermLink> {
    match taxonomy {
        Taxonomy::Topics => terms.topic(id),
        Taxonomy::Districts => terms.district(id.parse().ok()?),
        Taxonomy::Problems => terms.problem(id),
        Taxonomy::Years => Some(terms.year(id.parse().ok()?)),
    }
}

/// The pages shown in `lang` that pass `filter`, in list order: weight, newest, key.
fn listed<'s>(site: &'s Site, lang: &str, filter: impl Fn(&Page) -> bool) -> Vec<(&'s Page, bool)> {
    let mut items: Vec<(&Page, bool)> = site
        .keys
        .iter()
        .filter(|(k, _)| k.as_str() != sala_core::paths::HOME_KEY)
        .filter_map(|(_, t)| site.version_of(t, lang))
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
}

/// Every listed page of one language in list order, with the term index of each
/// taxonomy, built once per render so each list and term page only picks its items.
pub(super) struct Listing<'s> {
    items: Vec<(&'s Page, bool)>,
    /// Per taxonomy (in `Taxonomy::ALL` order): term id to positions in `items`.
    terms: Vec<BTreeMap<String, Vec<usize>>>,
}

impl<'s> Listing<'s> {
    pub(super) fn new(site: &'s Site, lang: &str) -> Self {
        let items = listed(site, lang, |p| p.kind() != Kind::Page);
        let mut terms = vec![BTreeMap::<String, Vec<usize>>::new(); Taxonomy::ALL.len()];
        for (i, (page, _)) in items.iter().enumerate() {
            // Most ids repeat across thousands of pages: look up before allocating a key.
            Taxonomy::each_term(page, |t, id| match terms[t.index()].get_mut(id) {
                Some(v) => v.push(i),
                None => {
                    terms[t.index()].insert(id.to_string(), vec![i]);
                }
            });
        }
        Listing { items, terms }
    }

    fn of_kind(&self, kind: Kind) -> Vec<(&'s Page, bool)> {
        self.items
            .iter()
            .copied()
            .filter(|(p, _)| p.kind() == kind)
            .collect()
    }

    fn of_term(&self, taxonomy: Taxonomy, id: &str) -> Vec<(&'s Page, bool)> {
        let t = taxonomy.index();
        self.terms[t]
            .get(id)
            .map(|ix| ix.iter().map(|&i| self.items[i]).collect())
            .unwrap_or_default()
    }

    fn term_ids(&self, taxonomy: Taxonomy) -> impl Iterator<Item = (&String, usize)> {
        let t = taxonomy.index();
        self.terms[t].iter().map(|(id, ix)| (id, ix.len()))
    }
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    /// Page numbers with their links; `(None, None)` is a gap in the bar.
    pages: Vec<(Option<usize>, Option<String>)>,
}

/// The page numbers a pagination bar shows: the first, the last, and two either side of
/// the current one; `None` marks a gap. Listing every page made each of a 2,000-page
/// list's pages carry 2,000 links, so big sites grew quadratically.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut last = 0;
    for m in 1..=total {
        let near = m + 2 >= current && m <= current + 2;
        if m == 1 || m == total || near {
            // A gap of one page shows that page: "…" would take the same room.
            if m == last + 2 {
                out.push(Some(last + 1));
            } else if m > last + 2 {
                out.push(None);
            }
            out.push(Some(m));
            last = m;
        }
    }
    out
}

/// `base/index.html` for the first page, `base/page/N/index.html` after.
pub fn paged_url(base: &str, n: usize) -> String {
    if n == 1 {
        format!("{base}/index.html")
    } else {
        format!("{base}/page/{n}/index.html")
    }
}

#[derive(Serialize)]
struct PagedBody<'a, T: Serialize> {
    items: Vec<ItemView>,
    pagination: Pagination,
    #[serde(flatten)]
    extra: &'a T,
}

/// Renders `items` as pages of `paginate_by` under `base` (with the language prefix).
/// With `only`, renders just the pages that hold one of those keys. Returns the number
/// of pages rendered; in incremental mode, removes pages past the new last one.
fn render_paged<T: Serialize>(
    ctx: &Ctx,
    template: &str,
    lang: &str,
    base: &str,
    items: &[(&Page, bool)],
    only: Option<&BTreeSet<String>>,
    extra: &T,
) -> usize {
    let site = ctx.site;
    let prefix = site.config.lang_prefix(lang);
    let per = site.config.paginate_by;
    let total = items.len().div_ceil(per).max(1);
    let mut rendered = 0;
    for no in 1..=total {
        let chunk = items
            .get((no - 1) * per..(no * per).min(items.len()))
            .unwrap_or(&[]);
        if let Some(keys) = only {
            if !chunk.iter().any(|(p, _)| keys.contains(p.key())) {
                continue;
            }
        }
        let url = paged_url(&format!("{prefix}{base}"), no);
        let rel = |m: usize| relative(&url, &paged_url(&format!("{prefix}{base}"), m));
        let body = PagedBody {
            items: chunk
                .iter()
                .map(|(p, fb)| item_view(site, p, lang, *fb))
                .collect(),
            pagination: Pagination {
                current: no,
                total,
                prev: (no > 1).then(|| rel(no - 1)),
                next: (no < total).then(|| rel(no + 1)),
                pages: page_window(no, total)
                    .into_iter()
                    .map(|m| (m, m.map(rel)))
                    .collect(),
            },
            extra,
        };
        rendered +=
            usize::from(ctx.render(template, lang, &url, &paged_url(base, no), |_| true, body));
    }
    ctx.prune_pages(&format!("{prefix}{base}"), total);
    rendered
}

#[derive(Serialize)]
struct ListExtra {
    section: &'static str,
    kind: &'static str,
}

/// One kind's list in `lang`.
pub(super) fn render_list(
    ctx: &Ctx,
    kind: Kind,
    lang: &str,
    only: Option<&BTreeSet<String>>,
) -> usize {
    let items = ctx.listing(lang).of_kind(kind);
    let extra = ListExtra {
        section: kind.section(),
        kind: kind.id(),
    };
    render_paged(
        ctx,
        templates::LIST,
        lang,
        kind.section(),
        &items,
        only,
        &extra,
    )
}

#[derive(Serialize)]
struct TermCount {
    term: TermLink,
    count: usize,
}

/// Every term of `taxonomy` used in `lang`, with its count, in listing order.
fn term_counts(ctx: &Ctx, taxonomy: Taxonomy, lang: &str) -> Vec<TermCount> {
    let site = ctx.site;
    let prefix = site.config.lang_prefix(lang);
    let terms = Terms {
        config: &site.config,
        prefix: &prefix,
        lang,
    };
    let mut out: Vec<TermCount> = ctx
        .listing(lang)
        .term_ids(taxonomy)
        .filter_map(|(id, count)| {
            term_link(taxonomy, &terms, id).map(|term| TermCount { term, count })
        })
        .collect();
    out.sort_by_key(|t| taxonomy.sort_key(site, &t.term.id));
    out
}

#[derive(Serialize)]
struct TaxonomyBody {
    taxonomy: &'static str,
    terms: Vec<TermCount>,
}

pub(super) fn render_taxonomy_index(ctx: &Ctx, taxonomy: Taxonomy, lang: &str) -> usize {
    let site = ctx.site;
    let url = format!(
        "{}{}/index.html",
        site.config.lang_prefix(lang),
        taxonomy.name()
    );
    let body = TaxonomyBody {
        taxonomy: taxonomy.name(),
        terms: term_counts(ctx, taxonomy, lang),
    };
    usize::from(ctx.render(
        templates::TAXONOMY,
        lang,
        &url,
        &format!("{}/index.html", taxonomy.name()),
        |_| true,
        body,
    ))
}

#[derive(Serialize)]
struct TermExtra {
    taxonomy: &'static str,
    term: TermLink,
    count: usize,
}

/// Every page of one term; a term no page uses any more loses its pages.
pub(super) fn render_term(
    ctx: &Ctx,
    taxonomy: Taxonomy,
    id: &str,
    lang: &str,
    only: Option<&BTreeSet<String>>,
) -> usize {
    let site = ctx.site;
    let prefix = site.config.lang_prefix(lang);
    let base = format!("{}/{id}", taxonomy.name());
    let items = ctx.listing(lang).of_term(taxonomy, id);
    let terms = Terms {
        config: &site.config,
        prefix: &prefix,
        lang,
    };
    match (items.is_empty(), term_link(taxonomy, &terms, id)) {
        (false, Some(term)) => {
            let extra = TermExtra {
                taxonomy: taxonomy.name(),
                term,
                count: items.len(),
            };
            render_paged(ctx, templates::TERM, lang, &base, &items, only, &extra)
        }
        _ => {
            ctx.remove_dir(&format!("{prefix}{base}"));
            0
        }
    }
}

/// Every term id of `taxonomy` that any page uses.
pub(super) fn all_terms(site: &Site, taxonomy: Taxonomy) -> BTreeSet<String> {
    site.pages
        .iter()
        .flat_map(|p| taxonomy.terms_of(p))
        .collect()
}

#[derive(Serialize)]
struct HomeBody<'a> {
    intro: Option<String>,
    intro_lang: Option<&'a str>,
    latest: BTreeMap<&'static str, Vec<ItemView>>,
    counts: BTreeMap<&'static str, usize>,
    topics: Vec<TermCount>,
}

pub(super) fn render_home(ctx: &Ctx, lang: &str) -> usize {
    let site = ctx.site;
    let url = format!("{}index.html", site.config.lang_prefix(lang));
    let intro = site.version(sala_core::paths::HOME_KEY, lang);
    let mut latest = BTreeMap::new();
    let mut counts = BTreeMap::new();
    for kind in Kind::LISTED {
        let mut items = ctx.listing(lang).of_kind(kind);
        counts.insert(kind.section(), items.len());
        items.sort_by(|a, b| (b.0.date, a.0.key()).cmp(&(a.0.date, b.0.key())));
        latest.insert(
            kind.section(),
            items
                .iter()
                .take(4)
                .map(|(p, fb)| item_view(site, p, lang, *fb))
                .collect(),
        );
    }
    let body = HomeBody {
        intro: intro.map(|(p, _)| {
            super::lang_runs::mark_html(
                &p.body.html_for(|l| resolve_link(site, p, l, &url, lang)),
                p.lang(),
            )
        }),
        intro_lang: intro.map(|(p, _)| {
            site.languages()
                .iter()
                .find(|l| l.as_str() == p.lang())
                .map(String::as_str)
                .unwrap_or(lang)
        }),
        latest,
        counts,
        topics: term_counts(ctx, Taxonomy::Topics, lang),
    };
    usize::from(ctx.render(templates::HOME, lang, &url, "index.html", |_| true, body))
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_shows_a_window_not_every_page() {
        let shown = |c, t| {
            page_window(c, t)
                .into_iter()
                .map(|m| m.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 5), "1 2 3 4 5");
        assert_eq!(shown(1, 2000), "1 2 3 … 2000");
        assert_eq!(shown(1000, 2000), "1 … 998 999 1000 1001 1002 … 2000");
        assert_eq!(shown(2000, 2000), "1 … 1998 1999 2000");
        assert_eq!(shown(4, 9), "1 2 3 4 5 6 … 9");
    }
}
