//! Loads the theme's tera templates and turns tera's errors into messages with the
//! template file, the line and the failing expression.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as _;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::i18n::{I18n, Trans};
use super::theme_files::ThemeFiles;
use sala_core::diagnostics::{Bilingual, Diagnostic};

/// The templates a render job names ([`super::Job::templates`]); the kinds' own
/// (`guide.html`, …) come from [`super::template_name`].
pub const LIST: &str = "list.html";
pub const TAXONOMY: &str = "taxonomy.html";
pub const TERM: &str = "term.html";
pub const HOME: &str = "home.html";
pub const SEARCH: &str = "search.html";
pub const OFFLINE: &str = "offline.html";
pub const NOT_FOUND: &str = "404.html";

/// The parsed templates, with their sources kept for error messages.
pub struct Templates {
    pub tera: Tera,
    sources: BTreeMap<String, String>,
    /// Per template, itself and every template it extends, includes or imports, at any
    /// depth: what a change to one of them re-renders.
    uses: BTreeMap<String, BTreeSet<String>>,
    display_dir: PathBuf,
}

impl Templates {
    pub fn load(theme: &ThemeFiles, i18n: &I18n) -> Result<Templates, Vec<Diagnostic>> {
        let theme_name = &theme.name;
        let display_dir = Path::new("themes").join(theme_name).join("templates");
        let mut sources = BTreeMap::new();
        for file in theme.under("templates/") {
            let name = file.rel["templates/".len()..].to_string();
            match file.text() {
                Ok(text) => {
                    sources.insert(name, text);
                }
                Err(e) => {
                    return Err(vec![Diagnostic::new(
                        &file.display,
                        Bilingual::new(
                            format!("cannot read template: {e}"),
                            format!("อ่านแม่แบบไม่ได้: {e}"),
                        ),
                    )])
                }
            }
        }
        if sources.is_empty() {
            return Err(vec![Diagnostic::new(
                &display_dir,
                Bilingual::new(
                    format!("theme `{theme_name}` has no templates"),
                    format!("ธีม `{theme_name}` ไม่มีแม่แบบ"),
                ),
            )]);
        }
        let mut tera = Tera::default();
        // Only what HTML needs; tera's default also escapes `/`, which bloats every URL.
        tera.set_escape_fn(sala_core::markdown::escape_html);
        tera.register_function("trans", Trans(i18n.clone()));
        tera.register_filter("lang_runs", super::lang_runs::LangRuns);
        let uses = closures(&sources);
        let mut this = Templates {
            tera: Tera::default(),
            sources,
            uses,
            display_dir,
        };
        if let Err(e) =
            tera.add_raw_templates(this.sources.iter().map(|(n, s)| (n.clone(), s.clone())))
        {
            return Err(vec![this.problem(&e, None)]);
        }
        this.tera = tera;
        Ok(this)
    }

    /// `name` and every template it extends, includes or imports, at any depth.
    pub fn uses(&self, name: &str) -> BTreeSet<String> {
        self.uses
            .get(name)
            .cloned()
            .unwrap_or_else(|| BTreeSet::from([name.to_string()]))
    }

    /// Every template file, partials included.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.sources
            .keys()
            .map(String::as_str)
            .filter(|n| !n.starts_with("partials/"))
            .collect()
    }

    /// Renders template `name` into `out` (cleared first) as bytes. tera's own `render`
    /// starts from 2 KB and checks the whole page is UTF-8 again, which for thousands
    /// of pages of 30–60 KB was a few percent of a build. The bytes are UTF-8 anyway:
    /// every piece tera writes is a `str`.
    pub fn render_into(
        &self,
        name: &str,
        ctx: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        out.clear();
        self.tera
            .render_to(name, ctx, &mut *out)
            .map_err(|e| self.problem(&e, Some(name)))
    }

    /// Finds the template, line and expression in tera's error chain.
    pub fn problem(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let mut chain = vec![err.to_string()];
        let mut source = err.source();
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        let full = chain.join(": ");
        // The template tera names, e.g. "Failed to parse 'case.html'".
        let named = chain
            .iter()
            .find_map(|m| quoted(m, '\'').or_else(|| quoted(m, '"')))
            .filter(|n| self.sources.contains_key(n));
        let template = named
            .or_else(|| rendering.map(str::to_string))
            .unwrap_or_default();
        // A parse error carries "--> line:col"; a render error names the expression.
        let mut line_col = chain.iter().find_map(|m| parse_arrow(m));
        let expr = chain.iter().find_map(|m| quoted(m, '`'));
        let mut where_template = template.clone();
        if line_col.is_none() {
            if let Some(expr) = &expr {
                let in_named = self.sources.get(&template).and_then(|s| find_line(s, expr));
                let found = in_named.map(|l| (template.clone(), l)).or_else(|| {
                    self.sources
                        .iter()
                        .find_map(|(n, s)| find_line(s, expr).map(|l| (n.clone(), l)))
                });
                if let Some((n, l)) = found {
                    where_template = n;
                    line_col = Some((l, None));
                }
            }
        }
        let message = chain.last().cloned().unwrap_or(full.clone());
        let mut d = Diagnostic::new(
            self.display_dir.join(&where_template),
            Bilingual::new(
                format!("template error: {}", message.trim()),
                format!("แม่แบบ (template) ผิดพลาด: {}", message.trim()),
            ),
        );
        if let Some((l, c)) = line_col {
            d = d.at(l, c);
        }
        let hint = match &expr {
            Some(e) if full.contains("not found in context") => Bilingual::new(
                format!("`{e}` is not set for this page; guard it with {{% if {e} %}} or use `{e} | default(value=\"\")`"),
                format!("หน้านี้ไม่มีค่า `{e}` ให้ครอบด้วย {{% if {e} %}} หรือใช้ `{e} | default(value=\"\")`"),
            ),
            _ if full.contains("Template '") && full.contains("not found") => Bilingual::new(
                format!("the theme's templates are: {}", self.names().join(", ")),
                format!("แม่แบบที่มีในธีม: {}", self.names().join(", ")),
            ),
            _ => Bilingual::new(
                "check the tera syntax near this line: {{ value }}, {% if %}…{% endif %}, {% for x in list %}…{% endfor %}",
                "ตรวจสอบไวยากรณ์ tera ใกล้บรรทัดนี้: {{ value }}, {% if %}…{% endif %}, {% for x in list %}…{% endfor %}",
            ),
        };
        d.with_hint(hint)
    }
}

/// The templates `source` names in its `extends`, `include` and `import` tags.
fn references(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{%") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("%}") else { break };
        let tag = after[..close].trim_matches('-').trim();
        let word = tag.split_whitespace().next().unwrap_or("");
        if matches!(word, "extends" | "include" | "import") {
            // Every string literal in the tag: `include ["a", "b"] ignore missing` too.
            found.extend(
                tag.split(['"', '\'', '`'])
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string),
            );
        }
        rest = &after[close + 2..];
    }
    found
}

/// [`Templates::uses`] for every template in `sources`.
fn closures(sources: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let direct: BTreeMap<&str, Vec<String>> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), references(s)))
        .collect();
    sources
        .keys()
        .map(|name| {
            let mut seen = BTreeSet::new();
            let mut todo = vec![name.clone()];
            while let Some(n) = todo.pop() {
                if let Some(refs) = direct.get(n.as_str()) {
                    todo.extend(refs.iter().filter(|r| !seen.contains(*r)).cloned());
                }
                seen.insert(n);
            }
            (name.clone(), seen)
        })
        .collect()
}

fn quoted(s: &str, q: char) -> Option<String> {
    let start = s.find(q)? + q.len_utf8();
    let len = s[start..].find(q)?;
    Some(s[start..start + len].to_string())
}

/// Reads pest's " --> 3:7" location.
fn parse_arrow(s: &str) -> Option<(usize, Option<usize>)> {
    let at = s.find("--> ")? + 4;
    let rest = &s[at..];
    let (l, rest) = rest.split_once(':')?;
    let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((l.trim().parse().ok()?, c.parse().ok()))
}

fn find_line(source: &str, expr: &str) -> Option<usize> {
    source.lines().position(|l| l.contains(expr)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_the_templates_a_tag_names() {
        let source = "{% extends \"base.html\" %}{% import 'macros.html' as m %}\n{%- include [\"a.html\", \"b.html\"] ignore missing -%}{% if x %}\"no\"{% endif %}";
        assert_eq!(
            references(source),
            ["base.html", "macros.html", "a.html", "b.html"]
        );
    }

    #[test]
    fn uses_follow_includes_at_any_depth() {
        let sources = BTreeMap::from([
            ("a.html".to_string(), "{% extends \"b.html\" %}".to_string()),
            ("b.html".to_string(), "{% include \"c.html\" %}".to_string()),
            ("c.html".to_string(), "{% include \"b.html\" %}".to_string()),
        ]);
        let uses = closures(&sources);
        assert_eq!(
            uses["a.html"],
            BTreeSet::from(["a.html", "b.html", "c.html"].map(String::from))
        );
    }
}
