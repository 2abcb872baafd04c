//! Offline reading over http(s): the files a reader can save per section, the web app
//! manifests, the offline fallback page, and the service worker's build stamp.
//!
//! The service worker (`themes/default/static/sw.js`) knows nothing about the site. This
//! module tells it, from the built output itself:
//!
//! - `offline/<section>.json` (guides, cases, forums): per language, every page of the
//!   section, the files those pages load (images, stylesheets), the language's home and
//!   search pages and the search index's entry and parts under `search/`. URLs are relative to the site
//!   root, sorted, so two builds write the same bytes.
//! - `<lang prefix>manifest.webmanifest`: the installable app, one per language.
//! - the `// sala:build` line of `sw.js`: a version (a hash of every file in the output)
//!   and the shell it precaches. A new version drops the old asset cache, so a reader
//!   never mixes old CSS with new pages.
//!
//! [`write()`] runs after the search index step, because the index writes `search/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::{templates, Ctx, Theme};
use crate::output::fnv::Fnv1a;
use crate::output::{Output, Written};
use sala_core::content::{Kind, Site};
use sala_core::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use sala_core::paths;

/// The marker that ends the line of `sw.js` this module rewrites.
const BUILD_MARKER: &str = "// sala:build";

/// The service worker, in the theme's `static/` and at the output root. A build's
/// static copy skips it: [`write()`] writes it, with its build line.
pub const WORKER: &str = "sw.js";

/// Renders the offline fallback page of `lang` (`offline.html` under its prefix).
pub(super) fn render_page(ctx: &Ctx, lang: &str) -> bool {
    if !ctx.theme.templates.has(templates::OFFLINE) {
        return false;
    }
    let url = format!("{}offline.html", ctx.site.config.lang_prefix(lang));
    ctx.render(templates::OFFLINE, lang, &url, "offline.html", |_| true, ())
}

#[derive(Serialize)]
struct LangFiles {
    files: Vec<String>,
    bytes: u64,
}

#[derive(Serialize)]
struct SectionManifest<'a> {
    section: &'a str,
    version: &'a str,
    /// Size of every file once, over all languages: what saving costs.
    bytes: u64,
    languages: BTreeMap<&'a str, LangFiles>,
}

#[derive(Serialize)]
struct Build<'a> {
    version: &'a str,
    /// Precached at install: styles, fonts, icons, scripts, manifests, offline pages.
    shell: Vec<String>,
    /// Language prefix → its offline page, longest prefix first.
    offline: Vec<(String, String)>,
}

/// Every file this build wrote, relative with `/`, with its size. Leaves out what this
/// module writes and archives, so the version does not depend on itself.
fn inventory(out: &dyn Output) -> BTreeMap<String, Written> {
    out.files()
        .into_iter()
        .filter(|(rel, _)| {
            !(rel == WORKER
                || rel.starts_with("offline/")
                || rel.ends_with(".zip")
                || rel.ends_with("manifest.webmanifest"))
        })
        .collect()
}

/// A hash over every path and its content hash (taken as the file was written).
fn version(files: &BTreeMap<String, Written>) -> String {
    let mut h = Fnv1a::default();
    for (rel, facts) in files {
        h.eat(rel.as_bytes());
        h.eat(&[0]);
        h.eat(&facts.hash.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

/// Local files an HTML page loads: `src` attributes and stylesheet links.
pub(super) fn dependencies(page: &str, html: &[u8]) -> Vec<String> {
    use memchr::memmem;
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    let mut found = Vec::new();
    let mut add = |value: &[u8]| {
        let Some(end) = memchr::memchr(b'"', value) else {
            return;
        };
        let Ok(value) = std::str::from_utf8(&value[..end]) else {
            return;
        };
        if value.contains(':') || value.starts_with('/') || value.starts_with('#') {
            return;
        }
        let value = value.split(['#', '?']).next().unwrap_or("");
        if let Some(p) = paths::normalize(&format!("{dir}/{value}")) {
            found.push(p);
        }
    };
    const SRC: &str = " src=\"";
    for i in memmem::find_iter(html, SRC) {
        add(&html[i + SRC.len()..]);
    }
    // Of the hrefs, only a stylesheet's is loaded. Looking from each `<link` rather
    // than from each href: a list page shows hundreds of links and has two or three
    // `<link>` tags.
    const HREF: &str = " href=\"";
    for i in memmem::find_iter(html, "<link") {
        let tag = &html[i..memchr::memchr(b'>', &html[i..]).map_or(html.len(), |end| i + end)];
        if memmem::find(tag, b"stylesheet").is_some() {
            if let Some(at) = memmem::find(tag, HREF.as_bytes()) {
                add(&html[i + at + HREF.len()..]);
            }
        }
    }
    found
}

/// Whether a file under `search/` belongs to `lang`: shared files belong to all; a file
/// whose path names one of the site's languages belongs to that language only.
fn search_file_for(rel: &str, lang: &str, langs: &[String]) -> bool {
    let named: Vec<&str> = rel
        .split(['/', '.', '-', '_'])
        .filter(|part| langs.iter().any(|l| l == part))
        .collect();
    named.is_empty() || named.contains(&lang)
}

fn problem(path: &Path, e: impl std::fmt::Display) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        path,
        Bilingual::new(
            format!("cannot write the offline files: {e}"),
            format!("เขียนไฟล์สำหรับอ่านออฟไลน์ไม่ได้: {e}"),
        ),
    )])
}

fn put(out: &dyn Output, rel: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    out.write(rel, bytes)
        .map_err(|e| problem(&out.path_of(rel), e))
}

/// Writes the section lists, the app manifests and the service worker's build line.
/// `loads` holds what each page rendered in this run loads, other than `assets/`
/// ([`super::RenderStats::loads`]); a page missing from it is read back.
pub fn write(
    site: &Site,
    theme: &Theme,
    out: &dyn Output,
    loads: &std::collections::HashMap<String, Vec<String>>,
) -> Result<(), Diagnostics> {
    let files = inventory(out);
    let version = version(&files);
    let langs = site.languages();
    let config = &site.config;

    for kind in Kind::LISTED {
        let section = kind.section();
        let mut languages = BTreeMap::new();
        let mut union = BTreeSet::new();
        for lang in langs {
            let prefix = config.lang_prefix(lang);
            let mut set = BTreeSet::new();
            for home in ["index.html", "search/index.html"] {
                set.insert(format!("{prefix}{home}"));
            }
            // The search loader stays out of the shell (pages that do not search never
            // fetch it), so a saved section carries it for the search page.
            set.insert("assets/search.js".to_string());
            let pages: Vec<&String> = files
                .keys()
                .filter(|f| f.starts_with(&format!("{prefix}{section}/")) && f.ends_with(".html"))
                .collect();
            // Reading a page back is most of this step: spread it over the cores.
            let needed: Vec<Vec<String>> = pages
                .par_iter()
                .map(|page| {
                    if let Some(known) = loads.get(page.as_str()) {
                        return known.clone();
                    }
                    dependencies(page, &out.read(page).unwrap_or_default())
                })
                .collect();
            for (page, deps) in pages.into_iter().zip(needed) {
                set.insert(page.clone());
                set.extend(
                    deps.into_iter()
                        .filter(|d| files.contains_key(d) && !d.starts_with("assets/")),
                );
            }
            set.extend(
                files
                    .keys()
                    // The `.js` twins of the module and the index exist for file://, where no
                    // service worker runs; offline readers over http need only the binaries.
                    .filter(|f| {
                        f.starts_with("search/") && !f.ends_with(".html") && !f.ends_with(".js")
                    })
                    .filter(|f| search_file_for(f, lang, langs))
                    .cloned(),
            );
            set.retain(|f| files.contains_key(f));
            let bytes = set.iter().map(|f| files[f].size).sum();
            union.extend(set.iter().cloned());
            languages.insert(
                lang.as_str(),
                LangFiles {
                    files: set.into_iter().collect(),
                    bytes,
                },
            );
        }
        let manifest = SectionManifest {
            section,
            version: &version,
            bytes: union.iter().map(|f| files[f].size).sum(),
            languages,
        };
        let rel = format!("offline/{section}.json");
        let json =
            serde_json::to_string_pretty(&manifest).map_err(|e| problem(&out.path_of(&rel), e))?;
        put(out, &rel, json.as_bytes())?;
    }

    let mut shell: Vec<String> = files
        .keys()
        .filter(|f| f.starts_with("assets/") && *f != "assets/search.js")
        .filter(|f| {
            [".css", ".js", ".woff2", ".svg", ".png"]
                .iter()
                .any(|x| f.ends_with(x))
        })
        .cloned()
        .collect();
    let mut offline = Vec::new();
    for lang in langs {
        let prefix = config.lang_prefix(lang);
        let manifest = web_manifest(site, theme, lang);
        put(
            out,
            &format!("{prefix}manifest.webmanifest"),
            manifest.as_bytes(),
        )?;
        shell.push(format!("{prefix}manifest.webmanifest"));
        if files.contains_key(&format!("{prefix}offline.html")) {
            shell.push(format!("{prefix}offline.html"));
            offline.push((prefix.clone(), format!("{prefix}offline.html")));
        }
    }
    shell.sort();
    offline.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));

    // The theme's worker, stamped here and written once: the static copy leaves it out
    // of a build ([`WORKER`]), so an unchanged worker keeps its file and its time.
    let text = match theme.files.get(&format!("static/{WORKER}")) {
        Some(file) => Some(file.text().map_err(|e| problem(&file.display, e))?),
        None => None,
    };
    if let Some(text) = text {
        let sw = out.path_of(WORKER);
        let build = Build {
            version: &version,
            shell,
            offline,
        };
        let line = format!(
            "const BUILD = {}; {BUILD_MARKER}",
            serde_json::to_string(&build).map_err(|e| problem(&sw, e))?
        );
        let text: Vec<String> = text
            .lines()
            .map(|l| {
                if l.trim_end().ends_with(BUILD_MARKER) {
                    line.clone()
                } else {
                    l.to_string()
                }
            })
            .collect();
        put(out, WORKER, (text.join("\n") + "\n").as_bytes())?;
    }
    Ok(())
}

/// The web app manifest of one language; its URLs are relative to where it is written.
fn web_manifest(site: &Site, theme: &Theme, lang: &str) -> String {
    let config = &site.config;
    let root = super::root_of(&format!("{}manifest.webmanifest", config.lang_prefix(lang)));
    let icon = |file: &str, sizes: &str, kind: &str| serde_json::json!({ "src": format!("{root}assets/icons/{file}"), "sizes": sizes, "type": kind });
    let value = serde_json::json!({
        "name": config.title(lang),
        "short_name": theme.i18n.get(lang, "manifest_short_name"),
        "description": config.description(lang),
        "lang": lang,
        "start_url": "./index.html",
        "scope": if root.is_empty() { "./".to_string() } else { root.clone() },
        "display": "standalone",
        "background_color": "#fdfcf9",
        "theme_color": "#0b5c4f",
        "icons": [
            icon("icon-192.png", "192x192", "image/png"),
            icon("icon-512.png", "512x512", "image/png"),
            icon("icon.svg", "any", "image/svg+xml"),
        ],
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_what_a_page_loads() {
        let html = r#"<link rel="stylesheet" href="../../assets/style.css"><a href="../x/index.html">x</a>
<img src="../../images/a.png" alt=""><img src="https://example.org/b.png" alt=""><link rel="alternate" href="../../en/a/index.html">"#;
        assert_eq!(
            dependencies("guides/a/index.html", html.as_bytes()),
            vec!["images/a.png", "assets/style.css"]
        );
    }

    #[test]
    fn search_files_follow_their_language() {
        let langs = vec!["th".to_string(), "en".to_string()];
        assert!(search_file_for("search/sala-search.wasm", "th", &langs));
        assert!(search_file_for("search/th/index-0.js", "th", &langs));
        assert!(!search_file_for("search/th/index-0.js", "en", &langs));
        assert!(search_file_for("search/index.en.js", "en", &langs));
    }
}
