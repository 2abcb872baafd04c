//! The theme's UI strings (`i18n/LANG.yaml`, built in and from `themes/NAME/`), checked so that every string
//! exists in every language, and exposed to templates as `trans(key=…, lang=…)`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::theme_files::ThemeFiles;
use sala_core::diagnostics::{Bilingual, Diagnostic};

/// Keys that Rust code (not templates) looks up: labels of front-matter values.
pub const REQUIRED: &[&str] = &[
    "audience_officers",
    "audience_executives",
    "audience_council",
    "audience_community-leaders",
    "audience_public",
    "status_planned",
    "status_in-progress",
    "status_solved",
    "lao_pao",
    "lao_city-municipality",
    "lao_town-municipality",
    "lao_subdistrict-municipality",
    "lao_sao",
    "baht",
    "language_name",
    "year_prefix",
    // Kinds, for the related pages' labels.
    "guide",
    "case",
    "forum",
];

#[derive(Debug, Clone, Default)]
pub struct I18n {
    strings: Arc<BTreeMap<String, BTreeMap<String, String>>>,
}

impl I18n {
    /// Loads one file per language; a key missing in any language is an error.
    /// A site's own file for a language adds to or replaces the built-in strings by key.
    pub fn load(theme: &ThemeFiles, languages: &[String]) -> Result<I18n, Vec<Diagnostic>> {
        let mut strings = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in languages {
            let rel = format!("i18n/{lang}.yaml");
            let layers = theme.layers(&rel);
            if layers.is_empty() {
                problems.push(Diagnostic::new(
                    Path::new("themes").join(&theme.name).join(&rel),
                    Bilingual::new(
                        "cannot read UI strings: the file does not exist".to_string(),
                        "อ่านไฟล์ข้อความของหน้าเว็บไม่ได้: ไม่มีไฟล์นี้".to_string(),
                    ),
                ));
            }
            let mut merged = BTreeMap::new();
            for file in layers {
                let display = &file.display;
                let text = match file.text() {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(Diagnostic::new(
                            display,
                            Bilingual::new(
                                format!("cannot read UI strings: {e}"),
                                format!("อ่านไฟล์ข้อความของหน้าเว็บไม่ได้: {e}"),
                            ),
                        ));
                        continue;
                    }
                };
                match serde_yaml::from_str::<BTreeMap<String, String>>(&text) {
                    Ok(map) => merged.extend(map),
                    Err(e) => {
                        let mut d = Diagnostic::new(
                            display,
                            Bilingual::new(
                                format!("bad UI strings file: {e}"),
                                format!("ไฟล์ข้อความของหน้าเว็บไม่ถูกต้อง: {e}"),
                            ),
                        );
                        if let Some(l) = e.location() {
                            d = d.at(l.line(), Some(l.column()));
                        }
                        problems.push(d);
                    }
                }
            }
            strings.insert(lang.clone(), merged);
        }
        if problems.is_empty() {
            for (lang, map) in &strings {
                for key in REQUIRED.iter().filter(|k| !map.contains_key(**k)) {
                    problems.push(Diagnostic::new(
                        format!("themes/{}/i18n/{lang}.yaml", theme.name),
                        Bilingual::new(
                            format!("UI string `{key}` is missing; Sala needs it for the labels it writes itself"),
                            format!("ไม่มีข้อความ `{key}` ซึ่ง Sala ใช้เป็นป้ายกำกับที่สร้างเอง"),
                        ),
                    ));
                }
                for (other, other_map) in &strings {
                    for key in other_map.keys().filter(|k| !map.contains_key(*k)) {
                        problems.push(
                            Diagnostic::new(
                                format!("themes/{}/i18n/{lang}.yaml", theme.name),
                                Bilingual::new(
                                    format!(
                                        "UI string `{key}` is in {other}.yaml but missing here"
                                    ),
                                    format!("ข้อความ `{key}` มีใน {other}.yaml แต่ไม่มีในไฟล์นี้"),
                                ),
                            )
                            .with_hint(Bilingual::new(
                                format!("add `{key}: …` in {lang}"),
                                format!("เพิ่ม `{key}: …` เป็นภาษา {lang}"),
                            )),
                        );
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(I18n {
                strings: Arc::new(strings),
            })
        } else {
            Err(problems)
        }
    }

    /// The string; every key Sala itself asks for is checked at load (see [`REQUIRED`]).
    pub fn get<'a>(&'a self, lang: &str, key: &str) -> &'a str {
        self.strings
            .get(lang)
            .and_then(|m| m.get(key))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.strings.get(lang).is_some_and(|m| m.contains_key(key))
    }

    /// `{n}`-style substitution.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.get(lang, key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// All strings of one language, for the search page's script.
    pub fn all(&self, lang: &str) -> Option<&BTreeMap<String, String>> {
        self.strings.get(lang)
    }
}

/// The tera function `trans(key="…", lang="…", n=…)`.
pub struct Trans(pub I18n);

impl tera::Function for Trans {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("trans() needs key=\"…\""))?;
        let lang = args
            .get("lang")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("trans() needs lang=…"))?;
        if !self.0.has(lang, key) {
            return Err(tera::Error::msg(format!(
                "UI string `{key}` is missing from i18n/{lang}.yaml"
            )));
        }
        let mut extra = Vec::new();
        for (name, v) in args {
            if name != "key" && name != "lang" {
                let s = match v {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                extra.push((name.as_str(), s));
            }
        }
        Ok(tera::Value::String(self.0.format(lang, key, &extra)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}
