//! Advice about content that does not stop a build: pictures without alt text, a title
//! `sala new` wrote and nobody changed, and two language versions of one page that
//! disagree on its date or districts. `sala build` and `sala serve` print these as
//! warnings; `sala check` reports them too (missing alt text as an error there).

use std::path::Path;

use super::{validate, Page, Site};
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};

/// Every warning below, sorted by file and line.
pub fn warnings(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    images_without_alt(site, &mut out);
    placeholder_titles(site, &mut out);
    translations_that_disagree(site, &mut out);
    out.sorted()
}

/// Pictures whose `![…]` is empty: a reader with a screen reader learns nothing.
pub fn images_without_alt(site: &Site, out: &mut Diagnostics) {
    for page in &site.pages {
        for img in page.body.images.iter().filter(|i| i.alt.trim().is_empty()) {
            out.push(
                Diagnostic::new(
                    &page.source.path,
                    Bilingual::new(
                        format!("image `{}` has no alt text", img.src),
                        format!("ภาพ `{}` ไม่มีคำบรรยายภาพ (alt text)", img.src),
                    ),
                )
                .at(img.line, None)
                .with_hint(Bilingual::new(
                    "describe the picture for readers who cannot see it: ![what it shows](path)",
                    "อธิบายภาพสำหรับผู้ที่มองไม่เห็นภาพ: ![ภาพนี้แสดงอะไร](path)",
                )),
            );
        }
    }
}

/// The titles `sala new` writes, in each language.
const PLACEHOLDER_TITLES: &[&str] = &["ชื่อเรื่อง", "Title"];

/// A title still as `sala new` wrote it.
pub fn placeholder_titles(site: &Site, out: &mut Diagnostics) {
    for page in &site.pages {
        let title = page.common.title.trim();
        if !PLACEHOLDER_TITLES.contains(&title) {
            continue;
        }
        let line = front_line(site, page, "title", title);
        out.push(
            Diagnostic::new(
                &page.source.path,
                Bilingual::new(
                    format!("the title is still `{title}`, the placeholder `sala new` wrote"),
                    format!("ชื่อเรื่องยังเป็น `{title}` ซึ่งเป็นข้อความตัวอย่างจากคำสั่ง `sala new`"),
                ),
            )
            .at(line, None)
            .with_hint(Bilingual::new(
                "write the page's own title: `title: …`",
                "ให้เขียนชื่อเรื่องจริงของหน้านี้ `title: …`",
            )),
        );
    }
}

/// A version in another language whose date or districts differ from the default
/// language's version: one of them is probably out of date.
pub fn translations_that_disagree(site: &Site, out: &mut Diagnostics) {
    let default = site.config.default_language().to_string();
    for t in site.keys.values() {
        let Some(&first) = t.by_lang.get(&default) else {
            continue;
        };
        let first = &site.pages[first];
        for (lang, &i) in &t.by_lang {
            if *lang == default {
                continue;
            }
            let other = &site.pages[i];
            let (name_en, name_th) = language_names(&default);
            let shown = first.source.path.display();
            if first.date != other.date {
                let (mine, theirs) = (crate::dates::iso(other.date), crate::dates::iso(first.date));
                out.push(
                    Diagnostic::new(
                        &other.source.path,
                        Bilingual::new(
                            format!("`date: {mine}` differs from the {name_en} version's `date: {theirs}` ({shown})"),
                            format!("`date: {mine}` ไม่ตรงกับฉบับ{name_th} ซึ่งเป็น `date: {theirs}` ({shown})"),
                        ),
                    )
                    .at(front_line(site, other, "date", &mine), None)
                    .with_hint(Bilingual::new(
                        "both versions tell the same story: give them the same date",
                        "ทั้งสองฉบับเป็นเรื่องเดียวกัน ให้ใส่วันที่ให้ตรงกัน",
                    )),
                );
            }
            let (mut a, mut b) = (
                first.meta.districts().to_vec(),
                other.meta.districts().to_vec(),
            );
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                let list = |v: &[u16]| {
                    format!(
                        "[{}]",
                        v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
                    )
                };
                let (mine, theirs) = (list(&b), list(&a));
                out.push(
                    Diagnostic::new(
                        &other.source.path,
                        Bilingual::new(
                            format!("`districts: {mine}` differs from the {name_en} version's `districts: {theirs}` ({shown})"),
                            format!("`districts: {mine}` ไม่ตรงกับฉบับ{name_th} ซึ่งเป็น `districts: {theirs}` ({shown})"),
                        ),
                    )
                    .at(front_line(site, other, "districts", ""), None)
                    .with_hint(Bilingual::new(
                        "both versions are about the same districts: list the same codes in both",
                        "ทั้งสองฉบับพูดถึงอำเภอเดียวกัน ให้ใส่รหัสอำเภอให้ตรงกันทั้งสองฉบับ",
                    )),
                );
            }
        }
    }
}

fn language_names(lang: &str) -> (&'static str, &'static str) {
    match lang {
        "th" => ("Thai", "ภาษาไทย"),
        _ => ("English", "ภาษาอังกฤษ"),
    }
}

/// The file line of `key:` in the page's front matter (1 when the file cannot be read).
fn front_line(site: &Site, page: &Page, key: &str, value: &str) -> usize {
    std::fs::read_to_string(site.root.join(Path::new(&page.source.path)))
        .ok()
        .and_then(|text| {
            let (yaml, _, _) = super::parse::split_front_matter(&text)?;
            validate::line_of_value(yaml, key, value)
        })
        .unwrap_or(1)
}
