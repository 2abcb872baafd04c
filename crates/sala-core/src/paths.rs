//! Paths and keys as the whole build spells them: `/`-separated relative paths, the
//! translation key of a content file, the home page's key. A leaf: it uses no other
//! module of the crate, so every step may use it.

use std::path::Path;

/// The key of the home page's text (`content/_index.th.md`); it is no listed page.
pub const HOME_KEY: &str = "_index";

/// `path` with `/` between its parts, whatever the platform writes.
pub fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Splits `name.th` into (`name`, `th`); a name without a known language suffix gets
/// the default language.
pub fn split_lang<'a>(stem: &'a str, languages: &[String]) -> (&'a str, Option<&'a str>) {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if languages.iter().any(|l| l == suffix) {
            return (base, Some(suffix));
        }
    }
    (stem, None)
}

/// The translation key of a content-relative Markdown path, and the language named in
/// it. `guides/x.th.md` and `guides/x/index.th.md` both give `guides/x`.
pub fn source_key(rel: &Path, languages: &[String]) -> Option<(String, Option<String>)> {
    let rel_str = rel.to_str()?.replace('\\', "/");
    let without_ext = rel_str.strip_suffix(".md")?;
    let (dir, file) = match without_ext.rsplit_once('/') {
        Some((d, f)) => (Some(d), f),
        None => (None, without_ext),
    };
    let (base, lang) = split_lang(file, languages);
    let key = match (dir, base) {
        (Some(d), "index") => d.to_string(),
        (Some(d), b) => format!("{d}/{b}"),
        (None, b) => b.to_string(),
    };
    Some((key, lang.map(str::to_string)))
}

/// `a/b/../c` → `a/c`, dropping empty and `.` parts; `None` when it climbs above the
/// root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The link from the file `from` to the file `to` (both `/`-separated, relative to the
/// same root), as an author writes it in Markdown: `../cases/x.th.md`.
pub fn relative(from: &str, to: &str) -> String {
    let dir: Vec<&str> = match from.rsplit_once('/') {
        Some((d, _)) => d.split('/').filter(|p| !p.is_empty()).collect(),
        None => Vec::new(),
    };
    let target: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let shared = dir
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count()
        // The file's own name is never a shared folder.
        .min(target.len().saturating_sub(1));
    let mut parts = vec![".."; dir.len() - shared];
    parts.extend(&target[shared..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_climbs_out_of_the_linking_file_s_folder() {
        assert_eq!(
            relative("guides/a.th.md", "cases/x.th.md"),
            "../cases/x.th.md"
        );
        assert_eq!(relative("cases/a.th.md", "cases/x.th.md"), "x.th.md");
        assert_eq!(relative("about.th.md", "cases/x.th.md"), "cases/x.th.md");
        assert_eq!(
            relative("guides/a/index.th.md", "_index.th.md"),
            "../../_index.th.md"
        );
    }

    #[test]
    fn normalize_climbs_and_refuses_to_leave_the_root() {
        assert_eq!(normalize("a/b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("./a//b/").as_deref(), Some("a/b"));
        assert_eq!(normalize("../x"), None);
    }
}
