//! Checks that need more than one file, or the site's vocabularies: dates, districts,
//! topics, problem categories, and every internal link and anchor.

use super::frontmatter::{Common, DistrictEntry, Meta};
use super::source::SourceFile;
use super::Site;
use crate::config::SiteConfig;
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::markdown::LinkTarget;
use sala_search::dict::edit_distance;
use time::Date;

/// The line of the first front-matter line at or after `key:` that contains `needle`,
/// counted in the file (the YAML starts on line 2).
pub fn line_of_value(yaml: &str, key: &str, needle: &str) -> Option<usize> {
    let mut in_key = false;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        let top_level = !line.starts_with([' ', '\t', '-']);
        if top_level {
            in_key = trimmed.starts_with(&format!("{key}:"));
        }
        if in_key && line.contains(needle) {
            return Some(i + 2);
        }
    }
    yaml.lines()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map(|i| i + 2)
}

pub fn date(
    source: &SourceFile,
    yaml: &str,
    key: &str,
    value: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let parsed = crate::dates::parse_date(value);
    let line = line_of_value(yaml, key, value).unwrap_or(1);
    match parsed {
        Some(d) if d.year() > 2400 => {
            problems.push(
                Diagnostic::new(
                    &source.path,
                    Bilingual::new(
                        format!("`{key}: {value}` looks like a Buddhist Era year"),
                        format!("`{key}: {value}` ดูเหมือนจะเป็นปี พ.ศ."),
                    ),
                )
                .at(line, None)
                .with_hint(Bilingual::new(
                    format!(
                        "write the Common Era year: {}{}; Thai pages still show B.E.",
                        crate::dates::ce_year(d.year()),
                        &value.trim()[4..]
                    ),
                    format!(
                        "ให้เขียนเป็นปี ค.ศ. คือ {}{} หน้าภาษาไทยจะแสดงเป็น พ.ศ. ให้เอง",
                        crate::dates::ce_year(d.year()),
                        &value.trim()[4..]
                    ),
                )),
            );
            None
        }
        Some(d) => Some(d),
        None => {
            problems.push(
                Diagnostic::new(
                    &source.path,
                    Bilingual::new(
                        format!("`{key}: {value}` is not a valid date"),
                        format!("`{key}: {value}` ไม่ใช่วันที่ที่ถูกต้อง"),
                    ),
                )
                .at(line, None)
                .with_hint(Bilingual::new(
                    "write dates as YYYY-MM-DD in the Common Era, such as 2025-03-02",
                    "ให้เขียนวันที่เป็น ปปปป-ดด-วว แบบ ค.ศ. เช่น 2025-03-02",
                )),
            );
            None
        }
    }
}

/// Topics, problem categories and districts must come from the site's vocabularies.
pub fn vocabulary(
    source: &SourceFile,
    yaml: &str,
    config: &SiteConfig,
    common: &Common,
    meta: &Meta,
    problems: &mut Vec<Diagnostic>,
) {
    let mut unknown = |key: &str, value: String, allowed: Bilingual| {
        problems.push(
            Diagnostic::new(
                &source.path,
                Bilingual::new(
                    format!("unknown {key} `{value}`"),
                    format!("ไม่รู้จักค่า {key} `{value}`"),
                ),
            )
            .at(line_of_value(yaml, key, &value).unwrap_or(1), None)
            .with_hint(Bilingual::new(
                format!("use one of: {}", allowed.en),
                format!("ใช้ค่าใดค่าหนึ่งต่อไปนี้: {}", allowed.th),
            )),
        );
    };
    for t in &common.topics {
        if config.topic(t).is_none() {
            let allowed = config
                .topics
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            unknown("topics", t.clone(), in_site_toml(&allowed));
        }
    }
    if let Some(p) = meta.problem() {
        if config.problem(p).is_none() {
            let allowed = config
                .problems
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            unknown("problem", p.to_string(), in_site_toml(&allowed));
        }
    }
    for &code in meta.districts() {
        if config.district(code).is_none() {
            let near = |lang| config.districts_near(code, lang);
            unknown(
                "districts",
                code.to_string(),
                Bilingual::new(near("en"), near("th")),
            );
        }
    }
}

/// Resolves the names in `districts:` to codes (a district may be written by its code,
/// its Thai name or its English name, all meaning the same), with one message for each
/// name that matches no district: the nearest name in the language it was written in,
/// or else the site's names in that language, never a list in the other one.
pub fn district_names(
    source: &SourceFile,
    yaml: &str,
    config: &SiteConfig,
    meta: &mut Meta,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(districts) = meta.districts_mut() else {
        return;
    };
    let mut codes = Vec::with_capacity(districts.written.len());
    for entry in &districts.written {
        let name = match entry {
            DistrictEntry::Code(code) => {
                codes.push(*code);
                continue;
            }
            DistrictEntry::Name(name) => name,
        };
        if let Some(d) = config.district_named(name) {
            codes.push(d.code);
            continue;
        }
        let shown = name.trim();
        let (line, column) = position_of_value(yaml, "districts", shown);
        let lang = crate::config::name_lang(shown);
        let ways = Bilingual::new(
            "A district may be written by its code, its Thai name or its English name, as in site.toml's [[districts]]",
            "เขียนอำเภอได้ทั้งรหัส ชื่อภาษาไทย หรือชื่อภาษาอังกฤษ ตามที่กำหนดไว้ใน [[districts]] ของไฟล์ site.toml",
        );
        let hint = match config.district_near_name(shown) {
            Some(d) => Bilingual::new(
                format!("did you mean `{}` ({})? {}", d.name(lang), d.code, ways.en),
                format!("หมายถึง `{}` ({}) หรือไม่ {}", d.name(lang), d.code, ways.th),
            ),
            None if config.districts.is_empty() => Bilingual::new(
                "this site lists no districts yet: add them as [[districts]] in site.toml",
                "เว็บไซต์นี้ยังไม่ได้กำหนดรายชื่ออำเภอ ให้เพิ่มเป็น [[districts]] ในไฟล์ site.toml",
            ),
            None => {
                let names = config
                    .districts
                    .iter()
                    .map(|d| d.name(lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                Bilingual::new(
                    format!("the districts of this site are: {names}. {}", ways.en),
                    format!("อำเภอที่ใช้ได้ ได้แก่ {names} {}", ways.th),
                )
            }
        };
        problems.push(
            Diagnostic::new(
                &source.path,
                Bilingual::new(
                    format!("unknown district `{shown}` in `districts`"),
                    format!("ไม่รู้จักอำเภอ `{shown}` ใน `districts`"),
                ),
            )
            .at(line, column)
            .with_hint(hint),
        );
    }
    districts.codes = codes;
}

/// The file line and 1-based column of `needle` in `key`'s value (the column only when
/// the line holds it).
fn position_of_value(yaml: &str, key: &str, needle: &str) -> (usize, Option<usize>) {
    let line = line_of_value(yaml, key, needle).unwrap_or(1);
    let column = yaml
        .lines()
        .nth(line.saturating_sub(2))
        .and_then(|text| text.find(needle).map(|at| text[..at].chars().count() + 1));
    (line, column)
}

/// A vocabulary's ids, said to come from site.toml.
fn in_site_toml(ids: &str) -> Bilingual {
    Bilingual::new(
        format!("{ids} (defined in site.toml)"),
        format!("{ids} (กำหนดไว้ในไฟล์ site.toml)"),
    )
}

/// Every internal link must reach a page (in some language), an anchor on it, or a file.
pub fn links(site: &Site, problems: &mut Diagnostics) {
    links_of(site, problems, |_| true);
}

/// As [`links`], for the pages `which` selects.
pub fn links_of(site: &Site, problems: &mut Diagnostics, which: impl Fn(&super::Page) -> bool) {
    let content = site.root.join("content");
    for page in site.pages.iter().filter(|p| which(p)) {
        for link in &page.body.links {
            let broken = |what_en: String, what_th: String, hint_en: String, hint_th: String| {
                Diagnostic::new(
                    &page.source.path,
                    Bilingual::new(
                        format!("broken link `{}`: {what_en}", link.written),
                        format!("ลิงก์เสีย `{}`: {what_th}", link.written),
                    ),
                )
                .at(link.line, Some(link.column))
                .with_hint(Bilingual::new(hint_en, hint_th))
            };
            match &link.target {
                LinkTarget::Anchor(a) => {
                    if !page.body.headings.iter().any(|h| &h.id == a) {
                        problems.push(broken(
                            format!("no heading with id `{a}` on this page"),
                            format!("ไม่มีหัวข้อที่มี id `{a}` ในหน้านี้"),
                            anchor_hint(&page.body.headings).0,
                            anchor_hint(&page.body.headings).1,
                        ));
                    }
                }
                LinkTarget::Asset { path } => {
                    if content.join(path).is_file() {
                        continue;
                    }
                    if let Some((meant, by)) = page_meant(site, page, path) {
                        problems.push(file_not_address(page, link, path, meant, by));
                        continue;
                    }
                    problems.push(broken(
                        format!("content/{path} does not exist"),
                        format!("ไม่พบไฟล์ content/{path}"),
                        "link to the file relative to this one, e.g. `../images/map.svg`".into(),
                        "ให้ลิงก์ไปยังไฟล์โดยอ้างอิงจากไฟล์นี้ เช่น `../images/map.svg`".into(),
                    ));
                }
                LinkTarget::Page { key, lang, anchor } => {
                    let lang = lang.as_deref().unwrap_or(page.lang());
                    let Some((target, _)) = site.version(key, lang) else {
                        if site.failed.iter().any(|f| {
                            crate::paths::source_key(f, &site.config.languages)
                                .is_some_and(|(k, _)| &k == key)
                        }) {
                            continue;
                        }
                        let near = nearest_key(site, key);
                        problems.push(broken(
                            format!("no page `{key}` in content/"),
                            format!("ไม่พบหน้า `{key}` ในโฟลเดอร์ content/"),
                            match &near {
                                Some(k) => format!("did you mean `{k}`? Links point at the .md file, relative to this one"),
                                None => "links point at the .md file, relative to this one, e.g. `../cases/x.md`".into(),
                            },
                            match &near {
                                Some(k) => format!("หมายถึง `{k}` หรือไม่ ลิงก์ต้องชี้ไปยังไฟล์ .md โดยอ้างอิงจากไฟล์นี้"),
                                None => "ลิงก์ต้องชี้ไปยังไฟล์ .md โดยอ้างอิงจากไฟล์นี้ เช่น `../cases/x.md`".into(),
                            },
                        ));
                        continue;
                    };
                    if let Some(a) = anchor {
                        if !target.body.headings.iter().any(|h| &h.id == a) {
                            let (he, ht) = anchor_hint(&target.body.headings);
                            problems.push(broken(
                                format!(
                                    "{} has no heading with id `{a}`",
                                    target.source.path.display()
                                ),
                                format!("{} ไม่มีหัวข้อที่มี id `{a}`", target.source.path.display()),
                                he,
                                ht,
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// How a missing link target was taken for a page.
#[derive(Clone, Copy)]
enum Meant {
    /// The page's address on the site: `/cases/x/`, `/en/cases/x/`, `../cases/x`.
    Address,
    /// The last part of its address alone: `x`.
    Name,
}

/// The page a link meant when it names no file but a page's address on the site, or
/// only its last part: the version in the language the address names, else in the
/// linking page's own language, else any.
///
/// Such a link is reported, not resolved: every link in content names a file relative
/// to the one it is in (as `organization.logo` must be a path inside the site), so one
/// way of writing links works on a server, from a USB stick and in any folder; the
/// build turns each into the page's relative address in every language.
fn page_meant<'a>(
    site: &'a Site,
    page: &super::Page,
    path: &str,
) -> Option<(&'a super::Page, Meant)> {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path.trim_end_matches('/');
    let (lang, key) = site
        .languages()
        .iter()
        .find_map(|l| {
            let prefix = site.config.lang_prefix(l);
            let rest = if prefix.is_empty() {
                None
            } else {
                path.strip_prefix(prefix.as_str())
                    .or_else(|| (path == prefix.trim_end_matches('/')).then_some(""))
            };
            rest.map(|rest| (l.as_str(), rest))
        })
        .unwrap_or((page.lang(), path));
    let key = if key.is_empty() {
        crate::paths::HOME_KEY
    } else {
        key
    };
    if site.keys.contains_key(key) {
        return site.version(key, lang).map(|(p, _)| (p, Meant::Address));
    }
    // A bare name: the page whose address ends in it, preferring the linking page's
    // own section when two sections share a name.
    let name = key.rsplit('/').next().unwrap_or(key);
    let mut named: Vec<&String> = site
        .keys
        .keys()
        .filter(|k| k.rsplit('/').next() == Some(name))
        .collect();
    let section = page.source.key.split('/').next();
    if named.len() > 1 {
        named.retain(|k| k.split('/').next() == section);
    }
    match named.as_slice() {
        [only] => site.version(only, lang).map(|(p, _)| (p, Meant::Name)),
        _ => None,
    }
}

/// A link written as a page's address (or name) instead of its file: names the file
/// that exists and the link to write.
fn file_not_address(
    page: &super::Page,
    link: &crate::markdown::Link,
    path: &str,
    meant: &super::Page,
    by: Meant,
) -> Diagnostic {
    let written = &link.written;
    let anchor = written
        .split_once('#')
        .map(|(_, a)| format!("#{a}"))
        .unwrap_or_default();
    let file = meant.source.path.display();
    let to = format!(
        "{}{anchor}",
        crate::paths::relative(
            &crate::paths::slash(&page.source.rel),
            &crate::paths::slash(&meant.source.rel)
        )
    );
    let message = match by {
        Meant::Address => Bilingual::new(
            format!("broken link `{written}`: that is the page's address on the site; a link names the page's file, {file}"),
            format!("ลิงก์เสีย `{written}`: นี่คือที่อยู่ของหน้าบนเว็บไซต์ แต่ลิงก์ต้องระบุไฟล์ของหน้านั้น คือ {file}"),
        ),
        Meant::Name => Bilingual::new(
            format!("broken link `{written}`: content/{path} does not exist; the page with that name is {file}"),
            format!("ลิงก์เสีย `{written}`: ไม่พบไฟล์ content/{path} หน้าที่ใช้ชื่อนี้คือ {file}"),
        ),
    };
    Diagnostic::new(&page.source.path, message)
        .at(link.line, Some(link.column))
        .with_hint(Bilingual::new(
            format!("write the link as `{to}` (the file, relative to this one); the build turns it into the page's address, which also works from a USB stick"),
            format!("ให้เขียนลิงก์เป็น `{to}` (ตำแหน่งของไฟล์เทียบจากไฟล์นี้) แล้ว Sala จะแปลงเป็นที่อยู่ของหน้าให้เองตอนสร้างเว็บไซต์ และเปิดจากแฟลชไดรฟ์ได้ด้วย"),
        ))
}

fn anchor_hint(headings: &[crate::markdown::Heading]) -> (String, String) {
    let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).take(12).collect();
    if ids.is_empty() {
        ("the page has no headings".into(), "หน้านี้ไม่มีหัวข้อ".into())
    } else {
        (
            format!("the ids on that page are: {}", ids.join(", ")),
            format!("id ของหัวข้อในหน้านั้นได้แก่: {}", ids.join(", ")),
        )
    }
}

/// The existing key closest to `key` by edit distance, for "did you mean".
fn nearest_key(site: &Site, key: &str) -> Option<String> {
    site.keys
        .keys()
        .map(|k| (edit_distance(k, key), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k.clone())
}
