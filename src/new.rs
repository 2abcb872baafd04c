//! `sala new`: starts a page with its kind's front matter filled in and the allowed
//! values listed as comments, so an author never has to look the schema up.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::Kind;
use crate::diagnostics::{Bilingual, CliError};

/// Today in Thailand (UTC+7 all year), which is the date staff mean.
fn today() -> String {
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7));
    crate::dates::iso(now.date())
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Writes the new file and returns its path. Never overwrites.
pub fn new_page(root: &Path, kind: Kind, slug: &str, lang: &str) -> anyhow::Result<PathBuf> {
    let config = SiteConfig::load(root).map_err(CliError::At)?;
    if !valid_slug(slug) {
        return Err(CliError::plain(
            Bilingual::new(
                format!("`{slug}` cannot be a page's file name (slug)"),
                format!("`{slug}` ใช้เป็นชื่อไฟล์ของหน้า (slug) ไม่ได้"),
            ),
            Bilingual::new(
                "use lower-case English letters, digits and hyphens, e.g. `drought-water-sharing`; it becomes the page's URL",
                "ให้ใช้ตัวอักษรภาษาอังกฤษตัวพิมพ์เล็ก ตัวเลข และขีด (-) เช่น `drought-water-sharing` ชื่อนี้จะเป็นที่อยู่ (URL) ของหน้า",
            ),
        )
        .into());
    }
    if !config.languages.iter().any(|l| l == lang) {
        let langs = config.languages.join(", ");
        return Err(CliError::plain(
            Bilingual::new(
                format!("`--lang {lang}`: the site does not publish in this language"),
                format!("`--lang {lang}`: เว็บไซต์นี้ไม่ได้เผยแพร่ในภาษานี้"),
            ),
            Bilingual::new(
                format!("use one of the languages in site.toml: {langs}"),
                format!("ให้ใช้ภาษาที่กำหนดไว้ในไฟล์ site.toml: {langs}"),
            ),
        )
        .into());
    }
    let dir = match kind {
        Kind::Page => root.join("content"),
        k => root.join("content").join(k.section()),
    };
    let cannot_write = |path: &Path, e: std::io::Error| {
        CliError::plain(
            Bilingual::new(
                format!("cannot write {}: {e}", path.display()),
                format!("เขียนไฟล์ {} ไม่ได้: {e}", path.display()),
            ),
            Bilingual::new(
                "check that the folder exists and that you may write in it",
                "ตรวจสอบว่ามีโฟลเดอร์นี้อยู่ และคุณมีสิทธิ์เขียนไฟล์ในโฟลเดอร์นี้",
            ),
        )
    };
    std::fs::create_dir_all(&dir).map_err(|e| cannot_write(&dir, e))?;
    let path = dir.join(format!("{slug}.{lang}.md"));
    let text = template(&config, kind, lang);
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::plain(
                Bilingual::new(
                    format!("{} already exists", path.display()),
                    format!("มีไฟล์ {} อยู่แล้ว", path.display()),
                ),
                Bilingual::new(
                    "sala new never overwrites a file: open that file to edit it, or choose another slug",
                    "sala new จะไม่เขียนทับไฟล์เดิม ให้เปิดไฟล์นั้นเพื่อแก้ไข หรือเลือกชื่อ (slug) อื่น",
                ),
            )
            .into())
        }
        Err(e) => return Err(cannot_write(&path, e).into()),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| cannot_write(&path, e))?;
    Ok(path)
}

fn template(config: &SiteConfig, kind: Kind, lang: &str) -> String {
    let th = lang == "th";
    let topics = config
        .topics
        .iter()
        .map(|t| format!("{} ({})", t.id, t.label(lang)))
        .collect::<Vec<_>>()
        .join(", ");
    let problems = config
        .problems
        .iter()
        .map(|t| format!("{} ({})", t.id, t.label(lang)))
        .collect::<Vec<_>>()
        .join(", ");
    let districts = config
        .districts
        .iter()
        .map(|d| format!("{} {}", d.code, d.name(lang)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut fm = String::from("---\n");
    fm.push_str(if th {
        "title: ชื่อเรื่อง\n"
    } else {
        "title: Title\n"
    });
    fm.push_str(&format!("date: {}\n", today()));
    fm.push_str(if th {
        "summary: สรุปสั้น ๆ หนึ่งถึงสองประโยค ใช้ในรายการและผลการค้นหา\n"
    } else {
        "summary: One or two sentences for lists and search results.\n"
    });
    fm.push_str(&format!("# topics: {topics}\ntopics: []\n"));
    match kind {
        Kind::Guide => fm.push_str("# audience: officers, executives, council, community-leaders, public\naudience: [officers]\n"),
        Kind::Case => {
            fm.push_str(&format!("# districts: {districts}\ndistricts: []\n"));
            fm.push_str("# laos: each with a name and a kind: pao, city-municipality, town-municipality, subdistrict-municipality, sao\nlaos: []\n");
            fm.push_str("partners: []\n");
            fm.push_str(&format!("# problem: {problems}\n# problem: solid-waste\n"));
            fm.push_str("# status: planned, in-progress, solved\nstatus: in-progress\n");
            fm.push_str(if th { "# outcome: ผลลัพธ์หนึ่งประโยค\n# cost_baht: 0\n" } else { "# outcome: one sentence\n# cost_baht: 0\n" });
        }
        Kind::Forum => {
            fm.push_str("# meeting_no: \"1/2568\"\n# venue: \n# start_time: \"09.00\"\n# end_time: \"12.00\"\n# chair: \n");
            fm.push_str(&format!("# districts: {districts}\ndistricts: []\n"));
            fm.push_str("participants:\n  count: 0\n  groups: []\nresolutions: []\n");
            fm.push_str(&format!("# problem: {problems}\n"));
        }
        Kind::Page => {}
    }
    fm.push_str("---\n\n");
    fm.push_str(match (kind, th) {
        (Kind::Case, true) => "## ปัญหา\n\n## ผู้เกี่ยวข้อง\n\n## สิ่งที่ทำ\n\n## ค่าใช้จ่าย\n\n## ผลลัพธ์\n\n## บทเรียน\n",
        (Kind::Case, false) => "## The problem\n\n## Who was involved\n\n## What they did\n\n## Cost\n\n## Outcome\n\n## Lessons\n",
        (Kind::Forum, true) => "## ระเบียบวาระการประชุม\n\n## ประเด็นที่หารือ\n\n## มติที่ประชุม\n\n## การติดตามผล\n",
        (Kind::Forum, false) => "## Agenda\n\n## Issues raised\n\n## Resolutions\n\n## Follow-up\n",
        (_, true) => "## หัวข้อแรก\n\nเนื้อหา\n",
        (_, false) => "## First section\n\nText.\n",
    });
    fm
}

#[cfg(test)]
mod tests {
    use super::valid_slug;

    #[test]
    fn slugs_are_url_safe() {
        assert!(valid_slug("drought-2567"));
        assert!(!valid_slug("Drought"));
        assert!(!valid_slug("ภัยแล้ง"));
        assert!(!valid_slug("a--b"));
        assert!(!valid_slug("../x"));
    }
}
