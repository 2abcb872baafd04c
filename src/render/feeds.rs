//! The Atom feed per language and `sitemap.xml`, written without templates so their
//! escaping is exact.

use sala_core::content::{Kind, Site};
use sala_core::dates;
use sala_core::markdown::escape_html;

/// The newest guides, cases and forums in `lang`, as Atom. Links are absolute when
/// `base_url` is set, and relative to the feed otherwise.
pub fn atom(site: &Site, lang: &str) -> String {
    let prefix = site.config.lang_prefix(lang);
    let feed_url = format!("{prefix}atom.xml");
    let base = site
        .config
        .base_url
        .as_deref()
        .map(|b| b.trim_end_matches('/').to_string());
    let abs = |path: &str| match &base {
        Some(b) => format!("{b}/{path}"),
        None => super::relative(&feed_url, path),
    };
    let mut entries: Vec<_> = site
        .keys
        .keys()
        .filter_map(|k| site.version(k, lang).map(|(p, fb)| (k, p, fb)))
        .filter(|(_, p, fb)| p.kind() != Kind::Page && !fb)
        .collect();
    entries.sort_by(|a, b| (b.1.date, a.0).cmp(&(a.1.date, b.0)));
    entries.truncate(30);
    let updated = entries
        .iter()
        .map(|(_, p, _)| p.updated.unwrap_or(p.date))
        .max()
        .map(dates::iso)
        .unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    xml.push_str(&format!(
        "<title>{}</title>\n",
        escape_html(site.config.title(lang))
    ));
    xml.push_str(&format!("<id>{}</id>\n", escape_html(&abs(&feed_url))));
    xml.push_str(&format!(
        "<link rel=\"self\" href=\"{}\"/>\n",
        escape_html(&abs(&feed_url))
    ));
    xml.push_str(&format!(
        "<link href=\"{}\"/>\n",
        escape_html(&abs(&format!("{prefix}index.html")))
    ));
    xml.push_str(&format!("<updated>{updated}T00:00:00Z</updated>\n"));
    for (key, page, _) in entries {
        let url = abs(&site.url_of(key, lang));
        xml.push_str("<entry>\n");
        xml.push_str(&format!("<title>{}</title>\n", escape_html(page.title())));
        xml.push_str(&format!("<link href=\"{}\"/>\n", escape_html(&url)));
        xml.push_str(&format!("<id>{}</id>\n", escape_html(&url)));
        xml.push_str(&format!(
            "<published>{}T00:00:00Z</published>\n",
            dates::iso(page.date)
        ));
        xml.push_str(&format!(
            "<updated>{}T00:00:00Z</updated>\n",
            dates::iso(page.updated.unwrap_or(page.date))
        ));
        xml.push_str(&format!("<category term=\"{}\"/>\n", page.kind().id()));
        xml.push_str(&format!(
            "<summary>{}</summary>\n",
            escape_html(&page.summary())
        ));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every content page in every language, when `base_url` is set.
pub fn sitemap(site: &Site) -> Option<String> {
    let base = site.config.base_url.as_deref()?.trim_end_matches('/');
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for key in site.keys.keys() {
        for lang in site.languages() {
            let Some((page, fallback)) = site.version(key, lang) else {
                continue;
            };
            if fallback {
                continue;
            }
            let url = site.url_of(key, lang);
            let loc = format!("{base}/{}", url.trim_end_matches("index.html"));
            xml.push_str(&format!(
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                escape_html(&loc),
                dates::iso(page.updated.unwrap_or(page.date))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}
