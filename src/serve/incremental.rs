//! Works out which render jobs a change needs: the changed pages themselves, and the
//! lists, taxonomy pages, home page and feeds that show them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::render::{all_jobs, Job, Templates};
use sala_core::content::{Kind, Site, Taxonomy};
use sala_core::paths;

/// Where a page sits in lists and taxonomies, as last rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placement {
    kind: Kind,
    /// The list order: weight, then date.
    order: (i32, time::Date),
    langs: BTreeSet<String>,
    /// Term ids per taxonomy, in `Taxonomy::ALL` order.
    terms: Vec<Vec<String>>,
}

/// The placements of every key, taken after each successful render.
#[derive(Debug, Default, Clone)]
pub struct Snapshot(BTreeMap<String, Placement>);

impl Snapshot {
    /// Brings the snapshot up to date for `keys` only; the rest did not move.
    pub fn update(&mut self, site: &Site, keys: &BTreeSet<String>) {
        for key in keys {
            match placement(site, key) {
                Some(p) => {
                    self.0.insert(key.clone(), p);
                }
                None => {
                    self.0.remove(key);
                }
            }
        }
    }

    pub fn of(site: &Site) -> Snapshot {
        Snapshot(
            site.keys
                .keys()
                .filter_map(|k| placement(site, k).map(|p| (k.clone(), p)))
                .collect(),
        )
    }
}

fn placement(site: &Site, key: &str) -> Option<Placement> {
    let t = site.keys.get(key)?;
    let page = &site.pages[*t.by_lang.values().next()?];
    Some(Placement {
        kind: page.kind(),
        order: (page.common.weight.unwrap_or(0), page.date),
        langs: t.by_lang.keys().cloned().collect(),
        terms: Taxonomy::ALL.iter().map(|tx| tx.terms_of(page)).collect(),
    })
}

/// What changed on disk, relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Files under `content/`, relative to it.
    pub content: BTreeSet<PathBuf>,
    /// Template names (relative to the theme's `templates/`).
    pub templates: BTreeSet<String>,
    pub theme_static: bool,
    /// i18n strings, `site.toml`, or anything else that affects every page.
    pub everything: bool,
}

impl Changes {
    /// Sorts a changed absolute path into the right bucket.
    pub fn add(&mut self, root: &Path, theme: &str, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let theme_dir = Path::new("themes").join(theme);
        if rel == Path::new("site.toml") {
            self.everything = true;
        } else if let Ok(c) = rel.strip_prefix("content") {
            self.content.insert(c.to_path_buf());
        } else if let Ok(t) = rel.strip_prefix(theme_dir.join("templates")) {
            self.templates.insert(paths::slash(t));
        } else if rel.starts_with(theme_dir.join("static")) {
            self.theme_static = true;
        } else if rel.starts_with(theme_dir.join("i18n")) {
            self.everything = true;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
            && self.templates.is_empty()
            && !self.theme_static
            && !self.everything
    }
}

/// The jobs that bring the output from `before` to `site`, for the keys in `touched`
/// (keys whose files changed) and the changed templates (see [`Job::templates`]).
pub fn jobs_for(
    site: &Site,
    templates: &Templates,
    before: &Snapshot,
    touched: &BTreeSet<String>,
    changes: &Changes,
) -> Vec<Job> {
    if changes.everything {
        return all_jobs(site);
    }
    let langs = site.languages();
    let mut jobs: BTreeSet<Job> = BTreeSet::new();
    let mut lists_and_home = false;

    for key in touched {
        let new_placement = placement(site, key);
        let (old, new) = (before.0.get(key), new_placement.as_ref());
        if key == paths::HOME_KEY {
            lists_and_home = true;
            continue;
        }
        for lang in langs {
            jobs.insert(Job::Page {
                key: key.clone(),
                lang: lang.clone(),
            });
        }
        lists_and_home = true;
        // A page keeps its place when it existed before and after in the same languages
        // with the same order; then only the list pages holding it change.
        let same_place = matches!((old, new), (Some(o), Some(n)) if o.order == n.order && o.langs == n.langs && o.kind == n.kind);
        let only = |same: bool| same.then(|| BTreeSet::from([key.clone()]));
        let kinds: BTreeSet<Kind> = old
            .iter()
            .chain(new.iter())
            .map(|p| p.kind)
            .filter(|k| *k != Kind::Page)
            .collect();
        for (i, taxonomy) in Taxonomy::ALL.iter().enumerate() {
            if !taxonomy.enabled(site) {
                continue;
            }
            let old_terms: BTreeSet<&String> =
                old.map(|p| p.terms[i].iter().collect()).unwrap_or_default();
            let new_terms: BTreeSet<&String> =
                new.map(|p| p.terms[i].iter().collect()).unwrap_or_default();
            for id in old_terms.union(&new_terms) {
                let kept = same_place && old_terms.contains(id) && new_terms.contains(id);
                for lang in langs {
                    jobs.insert(Job::Term {
                        taxonomy: *taxonomy,
                        id: (*id).clone(),
                        lang: lang.clone(),
                        only: only(kept),
                    });
                }
            }
            if old_terms != new_terms || !same_place {
                for lang in langs {
                    jobs.insert(Job::TaxonomyIndex {
                        taxonomy: *taxonomy,
                        lang: lang.clone(),
                    });
                }
            }
        }
        for kind in kinds {
            for lang in langs {
                jobs.insert(Job::List {
                    kind,
                    lang: lang.clone(),
                    only: only(same_place),
                });
            }
        }
    }
    for rel in &changes.content {
        if paths::source_key(rel, langs).is_none() && !rel.starts_with("comments") {
            jobs.insert(Job::Asset { path: rel.clone() });
        }
    }
    if lists_and_home {
        for lang in langs {
            jobs.insert(Job::Home { lang: lang.clone() });
            jobs.insert(Job::Feed { lang: lang.clone() });
        }
        jobs.insert(Job::Sitemap);
    }
    if changes.theme_static {
        jobs.insert(Job::ThemeStatic);
    }
    jobs.extend(template_jobs(site, templates, &changes.templates));
    jobs.into_iter().collect()
}

/// The jobs that render with any of `changed`. A template of the theme that no job
/// reaches (one a theme names in a way [`Templates::uses`] cannot follow) re-renders
/// everything, as the one safe guess; other files (an editor's backup) re-render nothing.
fn template_jobs(site: &Site, templates: &Templates, changed: &BTreeSet<String>) -> Vec<Job> {
    if changed.is_empty() {
        return Vec::new();
    }
    let mut reached = BTreeSet::new();
    let jobs: Vec<Job> = all_jobs(site)
        .into_iter()
        .filter(|job| {
            let uses = job.templates(site, templates);
            let hit: Vec<&String> = changed.iter().filter(|t| uses.contains(*t)).collect();
            reached.extend(hit.iter().map(|t| (*t).clone()));
            !hit.is_empty()
        })
        .collect();
    if changed
        .iter()
        .any(|t| !reached.contains(t) && templates.has(t))
    {
        return all_jobs(site);
    }
    jobs
}

/// The keys whose pages (or comments) live in the changed content files.
pub fn touched_keys(site: &Site, changes: &Changes) -> BTreeSet<String> {
    let langs = site.languages();
    let mut keys = BTreeSet::new();
    for rel in &changes.content {
        if let Some((key, _)) = paths::source_key(rel, langs) {
            keys.insert(key);
        } else if let Ok(page_path) = rel.strip_prefix("comments") {
            // comments/en/guides/x.yaml belongs to the page en/guides/x/.
            let p = paths::slash(&page_path.with_extension(""));
            for lang in langs {
                let prefix = site.config.lang_prefix(lang);
                if let Some(key) = p
                    .strip_prefix(prefix.as_str())
                    .filter(|k| site.keys.contains_key(*k))
                {
                    keys.insert(key.to_string());
                }
            }
        }
    }
    keys
}
