//! Reads every file under `content/` and turns it into [`Page`]s, collecting all problems.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use time::Date;
use walkdir::WalkDir;

use super::baked_comments::CommentFile;
use super::frontmatter::{CaseFront, Common, ForumFront, GuideFront, Meta, PageFront};
use super::source::{Kind, SourceFile};
use super::{front_errors, validate, Page, Site, Translations};
use crate::config::{District, SiteConfig};
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::markdown;

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
    fn reindex(&mut self, problems: &mut Diagnostics) {
        self.pages
            .sort_by(|a, b| (&a.source.key, &a.source.lang).cmp(&(&b.source.key, &b.source.lang)));
        self.keys = index_keys(&self.pages, problems);
        validate::links(self, problems);
    }
}

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

enum FileKind {
    Markdown,
    Comments,
    Asset,
    Ignored,
}

/// What a file under `content/` is, by its path.
fn classify(rel: &Path) -> FileKind {
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

fn io_problem(path: &Path, root: &Path, err: &str) -> Diagnostic {
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

/// Splits `---\nyaml\n---\nbody`; returns (yaml, body, lines before the body).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines_before = 2 + yaml.matches('\n').count();
            return Some((yaml, body, lines_before));
        }
        offset += line.len();
    }
    None
}

/// A page (unless it is a draft left out), with the problems found in it; or, when it
/// cannot be parsed at all, only the problems.
pub type Loaded = Result<(Option<Page>, Vec<Diagnostic>), Vec<Diagnostic>>;

fn load_page(root: &Path, rel: &Path, config: &SiteConfig, options: &LoadOptions) -> Loaded {
    let Some(source) = SourceFile::classify(rel, config) else {
        return Ok((None, Vec::new()));
    };
    let path = root.join(&source.path);
    let bytes = std::fs::read(&path).map_err(|e| vec![io_problem(&path, root, &e.to_string())])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, _) = crate::diagnostics::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        vec![Diagnostic::new(
            &source.path,
            Bilingual::new("the file is not valid UTF-8", "ไฟล์นี้ไม่ได้เข้ารหัสแบบ UTF-8"),
        )
        .at(line, None)
        .with_hint(Bilingual::new(
            "save the file as UTF-8 in your editor",
            "ให้บันทึกไฟล์เป็นแบบ UTF-8 ในโปรแกรมแก้ไขข้อความ",
        ))]
    })?;
    parse_page(source, &text, config, options)
}

/// Parses one page from its text; no file system access, so it can be fuzzed.
pub fn parse_page(
    source: SourceFile,
    text: &str,
    config: &SiteConfig,
    options: &LoadOptions,
) -> Loaded {
    let Some((yaml, body, lines_before)) = split_front_matter(text) else {
        let bare = text.strip_prefix('\u{feff}').unwrap_or(text);
        if bare.starts_with("---\n") || bare.starts_with("---\r\n") {
            // Opened but never closed: most often the closing `---` was joined to the
            // last field's line, or left out.
            return Err(vec![Diagnostic::new(
                &source.path,
                Bilingual::new(
                    "the front matter opened on line 1 has no closing `---` line",
                    "ส่วนหัว (front matter) ที่เปิดในบรรทัดที่ 1 ไม่มีบรรทัด `---` ปิดท้าย",
                ),
            )
            .at(1, Some(1))
            .with_hint(Bilingual::new(
                "after the last field, put `---` alone on its own line, then the text of the page",
                "หลังฟิลด์สุดท้าย ให้ขึ้นบรรทัดใหม่แล้วพิมพ์ `---` ไว้บรรทัดเดียว จากนั้นจึงเป็นเนื้อหาของหน้า",
            ))]);
        }
        return Err(vec![Diagnostic::new(&source.path, Bilingual::new(
            "missing front matter",
            "ไม่มีส่วนหัว (front matter)",
        ))
        .at(1, Some(1))
        .with_hint(Bilingual::new(
            "start the file with a `---` line, then `title:` and `date:` (YYYY-MM-DD), then another `---` line",
            "ให้ขึ้นต้นไฟล์ด้วยบรรทัด `---` ตามด้วย `title:` และ `date:` (ปปปป-ดด-วว แบบ ค.ศ.) แล้วปิดด้วยบรรทัด `---`",
        ))]);
    };

    let (common, mut meta) = parse_meta(&source, yaml, &config.districts).map_err(|d| vec![d])?;
    if common.draft && !options.drafts {
        return Ok((None, Vec::new()));
    }
    let mut problems = Vec::new();
    let date = validate::date(&source, yaml, "date", &common.date, &mut problems);
    let updated = common
        .updated
        .as_ref()
        .and_then(|u| validate::date(&source, yaml, "updated", u, &mut problems));
    validate::district_names(&source, yaml, config, &mut meta, &mut problems);
    validate::vocabulary(&source, yaml, config, &common, &meta, &mut problems);

    let (body, md_problems) = markdown::render(
        body,
        &markdown::Source {
            rel: &source.rel,
            display: &source.path,
            line_offset: lines_before,
            languages: &config.languages,
        },
    );
    problems.extend(md_problems);
    // A page whose values are wrong still loads, so its links are checked and links to
    // it work; the build fails on the problems all the same.
    match date {
        Some(date) => Ok((
            Some(Page {
                source,
                common,
                meta,
                date,
                updated,
                body,
            }),
            problems,
        )),
        None => Err(problems),
    }
}

fn parse_kind<T: DeserializeOwned>(
    source: &SourceFile,
    yaml: &str,
    districts: &[District],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(yaml)
        .map_err(|e| front_errors::translate(source, yaml, &e, districts))
}

fn parse_meta(
    source: &SourceFile,
    yaml: &str,
    districts: &[District],
) -> Result<(Common, Meta), Diagnostic> {
    if let Some(tab) = front_errors::tab(source, yaml) {
        return Err(tab);
    }
    Ok(match source.kind {
        Kind::Guide => {
            let (c, m) = parse_kind::<GuideFront>(source, yaml, districts)?.into_parts();
            (c, Meta::Guide(m))
        }
        Kind::Case => {
            let (c, m) = parse_kind::<CaseFront>(source, yaml, districts)?.into_parts();
            (c, Meta::Case(m))
        }
        Kind::Forum => {
            let (c, m) = parse_kind::<ForumFront>(source, yaml, districts)?.into_parts();
            (c, Meta::Forum(m))
        }
        Kind::Page => {
            let (c, m) = parse_kind::<PageFront>(source, yaml, districts)?.into_parts();
            (c, Meta::Page(m))
        }
    })
}

pub(super) fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let date_part = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(date_part, &fmt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A site with one topic and the districts the valid front matter names (districts
    /// are the site's own data).
    fn config() -> SiteConfig {
        SiteConfig::parse("languages = [\"th\", \"en\"]\n[title]\nth = \"t\"\nen = \"t\"\n[[topics]]\nid = \"waste\"\nth = \"ขยะ\"\nen = \"Waste\"\n[[districts]]\ncode = 4005\nth = \"ชุมแพ\"\nen = \"Chum Phae\"\n[[districts]]\ncode = 4006\nth = \"สีชมพู\"\nen = \"Si Chomphu\"\n").unwrap()
    }

    fn source(config: &SiteConfig) -> SourceFile {
        SourceFile::classify(Path::new("cases/x.th.md"), config).unwrap()
    }

    /// Every failure names the file, and a line within it.
    fn check(text: &str) {
        let config = config();
        let lines = text.lines().count().max(1) + 1;
        let problems = match parse_page(source(&config), text, &config, &LoadOptions::default()) {
            Ok((_, p)) | Err(p) => p,
        };
        for d in problems {
            assert_eq!(d.path, Path::new("content/cases/x.th.md"));
            if let Some(l) = d.line {
                assert!(
                    l >= 1 && l <= lines + 1,
                    "line {l} outside a {lines}-line file: {}",
                    d.message.en
                );
            }
        }
    }

    const FIELDS: &[&str] = &[
        "title",
        "date",
        "districts",
        "laos",
        "topics",
        "status",
        "cost_baht",
        "problem",
        "outcome",
        "summary",
        "updated",
        "draft",
        "weight",
        "nope",
    ];

    /// A valid case study's front matter, for the mutation test.
    const VALID: &str = "title: การจัดการขยะชุมแพ\ndate: 2024-03-02\nsummary: \"สรุป: ย่อ\"\ntopics: [waste]\ndistricts: [4005, 4006]\nlaos:\n  - name: อบต.หนองแก\n    kind: sao\nstatus: solved\ncost_baht: 45000\n";

    /// One mutation of `yaml` at char position `at` (taken modulo its length).
    fn mutate(yaml: &str, kind: usize, at: usize) -> String {
        let chars: Vec<char> = yaml.chars().collect();
        let i = at % chars.len();
        // The start of the line holding `i`.
        let line_start = chars[..i]
            .iter()
            .rposition(|c| *c == '\n')
            .map_or(0, |p| p + 1);
        let mut out = chars.clone();
        match kind % 9 {
            0 => {
                out.remove(i);
            }
            1 => out.insert(i, '\t'),
            2 => out.insert(i, '"'),
            3 => out.insert(i, '\''),
            4 => out.insert(i, '['),
            5 => {
                // Unbalance a bracket: drop the first `]` at or after `i`, or any.
                let j = chars[i..]
                    .iter()
                    .position(|c| *c == ']')
                    .map(|p| p + i)
                    .or_else(|| chars.iter().position(|c| *c == ']'));
                if let Some(j) = j {
                    out.remove(j);
                }
            }
            6 => {
                // Indent the line by two more spaces.
                out.insert(line_start, ' ');
                out.insert(line_start, ' ');
            }
            7 => {
                // Unindent the line (or indent it when it has nothing to lose).
                if chars.get(line_start) == Some(&' ') {
                    out.remove(line_start);
                } else {
                    out.insert(line_start, ' ');
                }
            }
            _ => {
                // Thai where a number goes.
                let text: String = chars.iter().collect();
                let field = ["cost_baht: 45000", "districts: [4005", "date: 2024"][at % 3];
                // หนองสองห้อง is a district name, but not one of this site's.
                let thai = [
                    "cost_baht: สี่หมื่นห้าพัน",
                    "districts: [หนองสองห้อง",
                    "date: ๒๕๖๗",
                ][at % 3];
                return text.replacen(field, thai, 1);
            }
        }
        out.into_iter().collect()
    }

    /// Fields whose value may be any value of its type: a mutation there changes the
    /// page, and is no mistake.
    const FREE: &[&str] = &["title", "summary", "outcome", "name", "cost_baht"];

    /// Whether a mutation left `yaml` meaning what [`VALID`] means, up to the free
    /// fields: then Sala must say nothing, and otherwise exactly one thing. A tab is
    /// always a mistake (Sala refuses it even where YAML would read it).
    fn still_valid(yaml: &str) -> bool {
        use serde_yaml::Value;
        fn same(a: &Value, b: &Value, key: &str) -> bool {
            match (a, b) {
                (Value::Mapping(x), Value::Mapping(y)) => {
                    x.len() == y.len()
                        && x.iter().all(|(k, va)| {
                            y.get(k)
                                .is_some_and(|vb| same(va, vb, k.as_str().unwrap_or("")))
                        })
                }
                (Value::Sequence(x), Value::Sequence(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b, key))
                }
                (Value::String(_), Value::String(_)) if FREE.contains(&key) => true,
                (Value::Number(_), Value::Number(n)) if FREE.contains(&key) => n.is_u64(),
                _ => a == b,
            }
        }
        // A tab, or the closing `---` joined to the last line, is a mistake YAML
        // itself would not see.
        if yaml.contains('\t') || !yaml.ends_with('\n') {
            return false;
        }
        let valid: Value = serde_yaml::from_str(VALID).unwrap();
        serde_yaml::from_str::<Value>(yaml).is_ok_and(|m| same(&valid, &m, ""))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// One mutation of valid front matter: no panic; exactly one message when it
        /// made a mistake (none when it only changed free text), with a hint, on a line
        /// of the front matter.
        #[test]
        fn one_mutation_gives_exactly_one_message_inside_the_front_matter(
            kind in 0usize..9,
            at in 0usize..10_000,
        ) {
            let yaml = mutate(VALID, kind, at);
            let text = format!("---\n{yaml}---\n## หัวข้อ\n\nเนื้อหา\n");
            let config = config();
            let problems = match parse_page(source(&config), &text, &config, &LoadOptions::default()) {
                Ok((_, p)) | Err(p) => p,
            };
            let expected = usize::from(!still_valid(&yaml));
            prop_assert_eq!(problems.len(), expected, "{:?}: {:#?}", yaml, problems);
            let closing = yaml.lines().count() + 2;
            for d in &problems {
                let line = d.line.unwrap_or(0);
                prop_assert!((1..=closing).contains(&line), "{yaml:?}: line {line} outside 1..={closing}: {}", d.message.en);
                prop_assert!(d.hint.is_some(), "{yaml:?}: no hint: {}", d.message.en);
            }
        }
    }

    /// Districts by Thai name, English name (any case and spacing, with or without the
    /// word for district) and code all load as the same codes.
    #[test]
    fn district_names_load_as_codes() {
        let config = config();
        let text = "---\ntitle: ก\ndate: 2024-03-02\ndistricts: [อำเภอชุมแพ, si  chomphu, \"4005\", 4006, Chum-Phae District]\n---\nเนื้อหา\n";
        let (page, problems) =
            parse_page(source(&config), text, &config, &LoadOptions::default()).unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(
            page.unwrap().meta.districts(),
            &[4005, 4006, 4005, 4006, 4005]
        );
        // A tone mark is a letter: หนองสองห้อง is not สีชมพู, and ชุมแพ without its
        // vowel is a misspelling, not a match.
        let text = "---\ntitle: ก\ndate: 2024-03-02\ndistricts: [ชมแพ]\n---\nเนื้อหา\n";
        let (_, problems) =
            parse_page(source(&config), text, &config, &LoadOptions::default()).unwrap();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].message.th, "ไม่รู้จักอำเภอ `ชมแพ` ใน `districts`");
        assert_eq!((problems[0].line, problems[0].column), (Some(4), Some(13)));
        assert!(problems[0]
            .hint
            .as_ref()
            .unwrap()
            .th
            .starts_with("หมายถึง `ชุมแพ` (4005) หรือไม่"));
    }

    #[test]
    fn the_valid_front_matter_is_valid() {
        let config = config();
        let text = format!("---\n{VALID}---\n## หัวข้อ\n\nเนื้อหา\n");
        let (page, problems) =
            parse_page(source(&config), &text, &config, &LoadOptions::default()).unwrap();
        assert!(page.is_some() && problems.is_empty(), "{problems:#?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_text_never_panics(text in "\\PC{0,300}") {
            check(&text);
            check(&format!("---\n{text}\n---\n{text}"));
        }

        #[test]
        fn front_matter_shaped_text_never_panics(
            fields in proptest::collection::vec((proptest::sample::select(FIELDS), "[ -~ก-๛\\[\\]{}:,\\-]{0,30}"), 0..8),
            body in "[ -~ก-๛\\n#\\[\\]()*`|]{0,200}",
        ) {
            let yaml: String = fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            check(&format!("---\n{yaml}---\n{body}"));
        }

        #[test]
        fn thai_markdown_never_panics(body in "[ก-๛0-9a-z \\n#*_`|\\[\\]()!:.\\-]{0,400}") {
            check(&format!("---\ntitle: x\ndate: 2024-01-01\n---\n{body}"));
        }
    }
}
