//! `sala check`: everything a build checks, and what a build tolerates but an editor
//! should know: missing translations, images without alt text, orphan pages, comment
//! files for pages that no longer exist, and raw HTML that an HTML5 parser must repair.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::output::Discard;
use crate::render::{self, Theme};
use sala_core::content::{self, baked_comments::CommentFile, Kind, LoadOptions, Site};
use sala_core::diagnostics::{Bilingual, Diagnostic, Diagnostics, MessageLang};
use sala_core::markdown::LinkTarget;

/// A page that has no version in some language.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub key: String,
    pub kind: &'static str,
    pub title: String,
    /// The languages it does exist in.
    pub available: Vec<String>,
    pub file: String,
}

#[derive(Debug, Default)]
pub struct CheckReport {
    pub errors: Diagnostics,
    pub warnings: Diagnostics,
    /// Per language, the pages missing in it.
    pub missing: BTreeMap<String, Vec<Missing>>,
}

impl CheckReport {
    pub fn failed(&self, strict: bool) -> bool {
        !self.errors.is_empty() || (strict && !self.warnings.is_empty())
    }
}

pub fn check(root: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let (site, problems) = match content::load_site_with_problems(root, &LoadOptions::default()) {
        Ok(v) => v,
        Err(problems) => {
            report.errors = problems;
            return report;
        }
    };
    report.errors = problems;
    content::advice::images_without_alt(&site, &mut report.errors);
    content::advice::placeholder_titles(&site, &mut report.warnings);
    content::advice::translations_that_disagree(&site, &mut report.warnings);
    stale_comment_files(&site, &mut report.errors);
    orphans(&site, &mut report.warnings);
    broken_raw_html(root, &site, &mut report.warnings);
    report.missing = missing_translations(&site);
    // Render, keeping nothing, so template errors surface too.
    if report.errors.is_empty() {
        match Theme::load(root, &site.config) {
            Ok(theme) => {
                let jobs = render::all_jobs(&site);
                if let Err(problems) =
                    render::render_jobs(&site, &theme, &Discard::default(), &jobs)
                {
                    report.errors.0.extend(problems.0);
                }
            }
            Err(problems) => report.errors.0.extend(problems.0),
        }
    }
    report.errors = std::mem::take(&mut report.errors).sorted();
    report.warnings = std::mem::take(&mut report.warnings).sorted();
    report
}

/// Raw HTML in a page body that is not well formed (an element left open, an end tag
/// with nothing to close). The build still succeeds, as browsers repair it, but the page
/// may not look as meant, so it is a warning at the line of the file.
fn broken_raw_html(root: &Path, site: &Site, warnings: &mut Diagnostics) {
    for page in &site.pages {
        let Ok(text) = std::fs::read_to_string(root.join(&page.source.path)) else {
            continue;
        };
        let Some((_, body, lines_before)) = content::split_front_matter(&text) else {
            continue;
        };
        for p in crate::raw_html::problems(body, lines_before) {
            warnings.push(
                Diagnostic::new(&page.source.path, p.message)
                    .at(p.line, None)
                    .with_hint(p.hint),
            );
        }
    }
}

/// Page paths every language version is published at.
fn page_paths(site: &Site) -> BTreeSet<String> {
    site.keys
        .keys()
        .flat_map(|k| {
            site.languages()
                .iter()
                .map(move |l| site.url_of(k, l).trim_end_matches("index.html").to_string())
        })
        .collect()
}

fn stale_comment_files(site: &Site, errors: &mut Diagnostics) {
    let paths = page_paths(site);
    for page in site.comments.keys().filter(|p| !paths.contains(*p)) {
        errors.push(
            Diagnostic::new(
                Path::new("content").join(CommentFile::relative_path(page)),
                Bilingual::new(
                    format!("comments for `{page}`, which is no longer a page"),
                    format!("ความคิดเห็นของ `{page}` ซึ่งไม่มีหน้านี้แล้ว"),
                ),
            )
            .with_hint(Bilingual::new(
                "move the file to the page's new path, or delete it if the page is gone",
                "ย้ายไฟล์ไปยังตำแหน่งใหม่ของหน้านั้น หรือลบไฟล์หากหน้านั้นถูกลบไปแล้ว",
            )),
        );
    }
}

/// Guides, cases and forums that no other page links to. Lists still show them, so
/// this is a warning: a reader only finds them by browsing.
fn orphans(site: &Site, warnings: &mut Diagnostics) {
    let mut linked: BTreeSet<&str> = BTreeSet::new();
    for page in &site.pages {
        for link in &page.body.links {
            if let LinkTarget::Page { key, .. } = &link.target {
                if key != page.key() {
                    linked.insert(key);
                }
            }
        }
    }
    for (key, t) in &site.keys {
        let Some(&i) = t.by_lang.values().next() else {
            continue;
        };
        let page = &site.pages[i];
        if page.kind() == Kind::Page || linked.contains(key.as_str()) {
            continue;
        }
        warnings.push(
            Diagnostic::new(
                &page.source.path,
                Bilingual::new(
                    format!("no other page links to `{key}`"),
                    format!("ไม่มีหน้าอื่นลิงก์มายัง `{key}`"),
                ),
            )
            .with_hint(Bilingual::new(
                "link to it from a related guide, case or forum so readers find it",
                "เพิ่มลิงก์จากคู่มือ กรณีศึกษา หรือสรุปเวทีที่เกี่ยวข้อง เพื่อให้ผู้อ่านพบหน้านี้",
            )),
        );
    }
}

fn missing_translations(site: &Site) -> BTreeMap<String, Vec<Missing>> {
    let mut out: BTreeMap<String, Vec<Missing>> = site
        .languages()
        .iter()
        .map(|l| (l.clone(), Vec::new()))
        .collect();
    for (key, t) in &site.keys {
        for lang in site.languages() {
            if t.by_lang.contains_key(lang) {
                continue;
            }
            let Some(&i) = t.by_lang.values().next() else {
                continue;
            };
            let page = &site.pages[i];
            out.entry(lang.clone()).or_default().push(Missing {
                key: key.clone(),
                kind: page.kind().id(),
                title: page.title().to_string(),
                available: t.by_lang.keys().cloned().collect(),
                file: page.source.path.display().to_string(),
            });
        }
    }
    out
}

/// The report as a terminal reader wants it.
pub fn display(report: &CheckReport, lang: MessageLang) -> String {
    let th = lang == MessageLang::Th;
    let mut out = String::new();
    for d in &report.errors.0 {
        out.push_str(&d.display(lang));
        out.push('\n');
    }
    for d in &report.warnings.0 {
        out.push_str(&d.display_warning(lang));
        out.push('\n');
    }
    for (l, rows) in &report.missing {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&if th {
            format!("\nหน้าที่ยังไม่มีฉบับภาษา {l} ({} หน้า):\n", rows.len())
        } else {
            format!("\nPages missing in `{l}` ({}):\n", rows.len())
        });
        let width = rows
            .iter()
            .map(|r| r.key.chars().count())
            .max()
            .unwrap_or(0);
        for r in rows {
            out.push_str(&format!("  {:width$}  {:5}  {}\n", r.key, r.kind, r.title));
        }
    }
    let (e, w) = (report.errors.len(), report.warnings.len());
    out.push_str(&if th {
        format!("\nข้อผิดพลาด {e} รายการ, คำเตือน {w} รายการ")
    } else {
        format!(
            "\n{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    });
    out
}

pub fn to_json(report: &CheckReport) -> serde_json::Value {
    serde_json::json!({
        "errors": report.errors.0.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        "warnings": report.warnings.0.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        "missing_translations": report.missing,
    })
}
