//! `sala serve`'s reload: the files a save touched are read again into the loaded site,
//! and only as much of the site is re-indexed and re-checked as the change can affect.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::baked_comments::CommentFile;
use super::load::{classify, load_comments, normalize_page_path, FileKind, LoadOptions};
use super::parse::load_page;
use super::{validate, Site};
use crate::diagnostics::Diagnostics;

/// Re-reads `changed` files (relative to `content/`) into `site`: changed files are
/// parsed again, deleted ones dropped, new ones added, and files that failed before are
/// retried. Links are checked across the whole site again, since removing one page can
/// break another. Returns every problem; the site is only fit to render when there are
/// none.
pub fn reload(site: &mut Site, changed: &[PathBuf], options: &LoadOptions) -> Diagnostics {
    let root = site.root.clone();
    let content = root.join("content");
    let mut problems = Diagnostics::default();
    let mut todo: BTreeSet<PathBuf> = changed.iter().cloned().collect();
    // A page edited in place keeps its key, language and position, so the pairing of
    // translations and every other page's links still hold; only pages added, removed or
    // renamed (or failing) need the whole site re-indexed and re-checked.
    let mut structural = !site.failed.is_empty();
    let mut edited: BTreeSet<String> = BTreeSet::new();
    todo.extend(std::mem::take(&mut site.failed));
    for rel in todo {
        let exists = content.join(&rel).is_file();
        match classify(&rel) {
            FileKind::Comments => {
                site.comments
                    .retain(|page, _| Path::new(&CommentFile::relative_path(page)) != rel);
                if exists {
                    match load_comments(&root, &content, &rel) {
                        Ok(file) => {
                            site.comments.insert(normalize_page_path(&file.page), file);
                        }
                        Err(d) => problems.push(d),
                    }
                }
            }
            FileKind::Markdown => {
                let old = site.pages.iter().position(|p| p.source.rel == rel);
                let loaded = if exists {
                    match load_page(&root, &rel, &site.config, options) {
                        Ok((page, ds)) => {
                            ds.into_iter().for_each(|d| problems.push(d));
                            page
                        }
                        Err(ds) => {
                            site.failed.insert(rel.clone());
                            ds.into_iter().for_each(|d| problems.push(d));
                            None
                        }
                    }
                } else {
                    None
                };
                match (old, loaded) {
                    (Some(i), Some(page))
                        if site.pages[i].source.key == page.source.key
                            && site.pages[i].source.lang == page.source.lang =>
                    {
                        edited.insert(page.source.key.clone());
                        site.pages[i] = page;
                    }
                    (old, loaded) => {
                        structural = true;
                        if let Some(i) = old {
                            site.pages.remove(i);
                        }
                        site.pages.extend(loaded);
                    }
                }
            }
            FileKind::Asset => {
                structural = true;
                site.assets.retain(|a| *a != rel);
                if exists {
                    site.assets.push(rel);
                    site.assets.sort();
                }
            }
            FileKind::Ignored => {}
        }
    }
    structural |= !site.failed.is_empty();
    if structural {
        site.reindex(&mut problems);
    } else {
        // Headings may have changed, so pages linking to an anchor of an edited page are
        // checked again along with the edited pages themselves.
        validate::links_of(site, &mut problems, |page| {
            edited.contains(page.key())
                || page.body.links.iter().any(|l| {
                    matches!(&l.target, crate::markdown::LinkTarget::Page { key, anchor: Some(_), .. } if edited.contains(key))
                })
        });
    }
    problems.sorted()
}
