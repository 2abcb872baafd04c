//! Walks `content/` and loads the whole site: each Markdown file through [`super::parse`],
//! the comment files beside them, the assets, and the pairing of translations, collecting
//! every problem.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::baked_comments::CommentFile;
use super::parse::{load_page, Loaded};
use super::{validate, Page, Site, Translations};
use crate::config::SiteConfig;
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// Loads and validates the site at `root`. Every problem found is returned together.
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<Site, Diagnostics> {
    let (site, problems) = load_site_with_problems(root, options)?;
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// Loads what can be loaded, beside every problem found; for `sala check`, which reports
/// more than loading alone finds. Fails only when there is no site to speak of.
pub fn load_site_with_problems(
    root: &Path,
    options: &LoadOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let config = SiteConfig::load(root).map_err(|d| Diagnostics(vec![d]))?;
    let content = root.join("content");
    let mut problems = Diagnostics::default();

    let mut md_files = Vec::new();
    let mut comment_files = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        problems.push(Diagnostic::new("content", Bilingual::new(
            "the content/ folder is missing",
            "ไม่พบโฟลเดอร์ content/",
        )).with_hint(Bilingual::new(
            "create content/ and add Markdown files, or start with `sala new guide my-first-guide`",
            "สร้างโฟลเดอร์ content/ แล้วเพิ่มไฟล์ Markdown หรือเริ่มด้วยคำสั่ง `sala new guide my-first-guide`",
        )));
        return Err(problems);
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                problems.push(io_problem(&path, root, &e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap_or(entry.path())
            .to_path_buf();
        match classify(&rel) {
            FileKind::Markdown => md_files.push(rel),
            FileKind::Comments => comment_files.push(rel),
            FileKind::Asset => assets.push(rel),
            FileKind::Ignored => {}
        }
    }

    let results: Vec<(&PathBuf, Loaded)> = md_files
        .par_iter()
        .map(|rel| (rel, load_page(root, rel, &config, options)))
        .collect();
    let mut pages = Vec::new();
    let mut failed = BTreeSet::new();
    for (rel, r) in results {
        match r {
            Ok((page, ds)) => {
                pages.extend(page);
                ds.into_iter().for_each(|d| problems.push(d));
            }
            Err(ds) => {
                failed.insert(rel.clone());
                ds.into_iter().for_each(|d| problems.push(d));
            }
        }
    }

    let mut comments = BTreeMap::new();
    for rel in comment_files {
        match load_comments(root, &content, &rel) {
            Ok(file) => {
                comments.insert(normalize_page_path(&file.page), file);
            }
            Err(d) => problems.push(d),
        }
    }

    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        keys: BTreeMap::new(),
        comments,
        assets,
        failed,
    };
    site.reindex(&mut problems);
    Ok((site, problems.sorted()))
}

impl Site {
    /// Sorts the pages, pairs translations and checks every link again.
    pub(super) fn reindex(&mut self, problems: &mut Diagnostics) {
        self.pages
            .sort_by(|a, b| (&a.source.key, &a.source.lang).cmp(&(&b.source.key, &b.source.lang)));
        self.keys = index_keys(&self.pages, problems);
        validate::links(self, problems);
    }
}

pub(super) enum FileKind {
    Markdown,
    Comments,
    Asset,
    Ignored,
}

/// What a file under `content/` is, by its path.
pub(super) fn classify(rel: &Path) -> FileKind {
    let s = crate::paths::slash(rel);
    let hidden = s.split('/').any(|part| part.starts_with('.'));
    if hidden || s.ends_with('~') || s.ends_with(".swp") {
        FileKind::Ignored
    } else if let Some(rest) = s.strip_prefix("comments/") {
        if rest.ends_with(".yaml") || rest.ends_with(".yml") {
            FileKind::Comments
        } else {
            FileKind::Ignored
        }
    } else if s.ends_with(".md") {
        FileKind::Markdown
    } else {
        FileKind::Asset
    }
}

/// Pairs the language versions of each key; two files for one key and language, or two
/// keys that differ only in letter case (one folder on a USB stick's FAT file system),
/// are errors.
fn index_keys(pages: &[Page], problems: &mut Diagnostics) -> BTreeMap<String, Translations> {
    let mut keys: BTreeMap<String, Translations> = BTreeMap::new();
    let mut folded: BTreeMap<String, &str> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let key = &page.source.key;
        if let Some(other) = folded
            .get(&key.to_lowercase())
            .filter(|o| **o != key.as_str())
        {
            problems.push(
                Diagnostic::new(&page.source.path, Bilingual::new(
                    format!("`{key}` differs from `{other}` only in letter case; both would be one folder on a USB stick or Windows"),
                    format!("`{key}` ต่างจาก `{other}` เพียงตัวพิมพ์เล็กใหญ่ ซึ่งจะกลายเป็นโฟลเดอร์เดียวกันบนแฟลชไดรฟ์หรือ Windows"),
                ))
                .with_hint(Bilingual::new("rename one of the files", "เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง")),
            );
            continue;
        }
        folded.insert(key.to_lowercase(), key);
        let t = keys.entry(key.clone()).or_default();
        if let Some(&other) = t.by_lang.get(&page.source.lang) {
            problems.push(
                Diagnostic::new(
                    &page.source.path,
                    Bilingual::new(
                        format!(
                            "duplicate page: `{key}` is also written by {}",
                            pages[other].source.path.display()
                        ),
                        format!(
                            "หน้าซ้ำกัน: `{key}` มีอยู่แล้วในไฟล์ {}",
                            pages[other].source.path.display()
                        ),
                    ),
                )
                .with_hint(Bilingual::new(
                    "keep one of `name.LANG.md` and `name/index.LANG.md`",
                    "เก็บไว้เพียงไฟล์เดียว ระหว่าง `name.LANG.md` กับ `name/index.LANG.md`",
                )),
            );
            continue;
        }
        t.by_lang.insert(page.source.lang.clone(), i);
    }
    keys
}

/// `en/guides/x` and `/en/guides/x/` both become `en/guides/x/`.
pub fn normalize_page_path(p: &str) -> String {
    let t = p.trim_matches('/');
    let t = t
        .strip_suffix("index.html")
        .unwrap_or(t)
        .trim_end_matches('/');
    if t.is_empty() {
        String::new()
    } else {
        format!("{t}/")
    }
}

pub(super) fn io_problem(path: &Path, root: &Path, err: &str) -> Diagnostic {
    Diagnostic::new(
        crate::diagnostics::relative_to(path, root),
        Bilingual::new(format!("cannot read: {err}"), format!("อ่านไฟล์ไม่ได้: {err}")),
    )
}

pub(super) fn load_comments(
    root: &Path,
    content: &Path,
    rel: &Path,
) -> Result<CommentFile, Diagnostic> {
    let path = content.join(rel);
    let display = Path::new("content").join(rel);
    let text =
        std::fs::read_to_string(&path).map_err(|e| io_problem(&path, root, &e.to_string()))?;
    serde_yaml::from_str::<CommentFile>(&text).map_err(|e| {
        let d = Diagnostic::new(&display, Bilingual::new(
            format!("bad comments file: {e}"),
            format!("ไฟล์ความคิดเห็นไม่ถูกต้อง: {e}"),
        ))
        .with_hint(Bilingual::new(
            "this file is written by `sala comments export`; re-export it rather than editing by hand",
            "ไฟล์นี้สร้างโดยคำสั่ง `sala comments export` ควรส่งออกใหม่แทนการแก้ไขเอง",
        ));
        match e.location() {
            Some(l) => d.at(l.line(), Some(l.column())),
            None => d,
        }
    })
}
