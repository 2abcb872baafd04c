//! Reads every file under `content/` and turns it into [`Page`]s, collecting all problems.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use time::Date;
use walkdir::WalkDir;

use super::baked_comments::CommentFile;
use super::frontmatter::{CaseFront, Common, ForumFront, GuideFront, Meta, PageFront};
use super::source::{Kind, SourceFile};
use super::{validate, Page, Site, Translations};
use crate::config::SiteConfig;
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::markdown;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// Loads and validates the site at `root`. Every problem found is returned together.
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<Site, Diagnostics> {
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
        let rel_str = rel.to_string_lossy();
        if rel_str.starts_with("comments/") || rel_str.starts_with("comments\\") {
            if rel_str.ends_with(".yaml") || rel_str.ends_with(".yml") {
                comment_files.push(rel);
            }
        } else if rel_str.ends_with(".md") {
            md_files.push(rel);
        } else {
            assets.push(rel);
        }
    }

    let results: Vec<Result<Option<Page>, Vec<Diagnostic>>> = md_files
        .par_iter()
        .map(|rel| load_page(root, rel, &config, options))
        .collect();
    let mut pages = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(ds) => ds.into_iter().for_each(|d| problems.push(d)),
        }
    }
    pages.sort_by(|a, b| (&a.source.key, &a.source.lang).cmp(&(&b.source.key, &b.source.lang)));

    let mut keys: BTreeMap<String, Translations> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let t = keys.entry(page.source.key.clone()).or_default();
        if let Some(&other) = t.by_lang.get(&page.source.lang) {
            problems.push(
                Diagnostic::new(
                    &page.source.path,
                    Bilingual::new(
                        format!(
                            "duplicate page: `{}` is also written by {}",
                            page.source.key,
                            pages[other].source.path.display()
                        ),
                        format!(
                            "หน้าซ้ำกัน: `{}` มีอยู่แล้วในไฟล์ {}",
                            page.source.key,
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

    let mut comments = BTreeMap::new();
    for rel in comment_files {
        match load_comments(root, &content, &rel) {
            Ok(file) => {
                comments.insert(normalize_page_path(&file.page), file);
            }
            Err(d) => problems.push(d),
        }
    }

    let site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        keys,
        comments,
        assets,
    };
    validate::links(&site, &mut problems);
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems.sorted())
    }
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

fn load_comments(root: &Path, content: &Path, rel: &Path) -> Result<CommentFile, Diagnostic> {
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
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
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

fn load_page(
    root: &Path,
    rel: &Path,
    config: &SiteConfig,
    options: &LoadOptions,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let Some(source) = SourceFile::classify(rel, config) else {
        return Ok(None);
    };
    let path = root.join(&source.path);
    let bytes = std::fs::read(&path).map_err(|e| vec![io_problem(&path, root, &e.to_string())])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, _) = crate::config::line_col(
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
    let Some((yaml, body, lines_before)) = split_front_matter(&text) else {
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

    let (common, meta) = parse_meta(&source, yaml).map_err(|d| vec![d])?;
    if common.draft && !options.drafts {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let date = validate::date(&source, yaml, "date", &common.date, &mut problems);
    let updated = common
        .updated
        .as_ref()
        .and_then(|u| validate::date(&source, yaml, "updated", u, &mut problems));
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
    match (date, problems.is_empty()) {
        (Some(date), true) => Ok(Some(Page {
            source,
            common,
            meta,
            date,
            updated,
            body,
        })),
        _ => Err(problems),
    }
}

fn parse_kind<T: DeserializeOwned>(source: &SourceFile, yaml: &str) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(yaml).map_err(|e| yaml_problem(source, e))
}

fn parse_meta(source: &SourceFile, yaml: &str) -> Result<(Common, Meta), Diagnostic> {
    Ok(match source.kind {
        Kind::Guide => {
            let (c, m) = parse_kind::<GuideFront>(source, yaml)?.into_parts();
            (c, Meta::Guide(m))
        }
        Kind::Case => {
            let (c, m) = parse_kind::<CaseFront>(source, yaml)?.into_parts();
            (c, Meta::Case(m))
        }
        Kind::Forum => {
            let (c, m) = parse_kind::<ForumFront>(source, yaml)?.into_parts();
            (c, Meta::Forum(m))
        }
        Kind::Page => {
            let (c, m) = parse_kind::<PageFront>(source, yaml)?.into_parts();
            (c, Meta::Page(m))
        }
    })
}

/// Turns a serde_yaml error into a message with the line in the file, not in the YAML.
fn yaml_problem(source: &SourceFile, e: serde_yaml::Error) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line N column M"; the location is reported separately.
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let mut d = Diagnostic::new(
        &source.path,
        Bilingual::new(
            format!("front matter: {msg}"),
            format!("ส่วนหัว (front matter) ไม่ถูกต้อง: {msg}"),
        ),
    );
    // The YAML starts on line 2, after the opening `---`; errors without a location
    // (a missing field) point at the start of the front matter.
    d = match e.location() {
        Some(loc) => d.at(loc.line() + 1, Some(loc.column())),
        None => d.at(1, None),
    };
    let hint = if msg.starts_with("unknown field") {
        Bilingual::new(
            format!(
                "check the spelling; the fields a {} may use are listed above",
                source.kind.id()
            ),
            "ตรวจสอบการสะกดชื่อฟิลด์ ฟิลด์ที่ใช้ได้แสดงไว้ในข้อความข้างต้น".to_string(),
        )
    } else if msg.starts_with("missing field") {
        Bilingual::new(
            "every page needs `title:` and `date:` (YYYY-MM-DD)",
            "ทุกหน้าต้องมี `title:` และ `date:` (ปปปป-ดด-วว แบบ ค.ศ.)",
        )
    } else {
        Bilingual::new(
            "YAML needs `key: value` pairs; quote values that contain `:` or start with a special character",
            "YAML ต้องเขียนเป็น `ชื่อ: ค่า` หากค่ามีเครื่องหมาย `:` หรือขึ้นต้นด้วยอักขระพิเศษ ให้ใส่เครื่องหมายคำพูดครอบ",
        )
    };
    d.with_hint(hint)
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
