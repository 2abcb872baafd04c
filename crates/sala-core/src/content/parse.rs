//! One Markdown file into a [`Page`]: the front matter split off and parsed by kind (its
//! YAML errors told by `front_errors`), its values checked, and the body rendered once.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::frontmatter::{CaseFront, Common, ForumFront, GuideFront, Meta, PageFront};
use super::load::{io_problem, LoadOptions};
use super::source::{Kind, SourceFile};
use super::{front_errors, validate, Page};
use crate::config::{District, SiteConfig};
use crate::diagnostics::{Bilingual, Diagnostic};
use crate::markdown;

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

pub(super) fn load_page(
    root: &Path,
    rel: &Path,
    config: &SiteConfig,
    options: &LoadOptions,
) -> Loaded {
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
