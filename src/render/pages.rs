//! Content pages: one body at its own URL, or at the other language's as a fallback.

use serde::Serialize;

use super::{relative, views, Ctx};
use sala_core::content::frontmatter::Meta;
use sala_core::content::{Page, Site};
use sala_core::diagnostics::{Bilingual, Diagnostic};
use sala_core::markdown::{Link, LinkTarget};

/// Where an internal link goes when shown on the page at `from` in `lang`.
pub(super) fn resolve_link(
    site: &Site,
    page: &Page,
    link: &Link,
    from: &str,
    lang: &str,
) -> String {
    match &link.target {
        LinkTarget::Anchor(a) => format!("#{a}"),
        LinkTarget::Asset { path } => relative(from, path),
        LinkTarget::Page {
            key,
            lang: link_lang,
            anchor,
        } => {
            // Shown as a fallback, the text's links follow the reader's language, except
            // where the author named another language or an anchor, which only exists in
            // the text the author linked.
            let target_lang = match link_lang {
                Some(l) if l != page.lang() || anchor.is_some() => l.as_str(),
                None if anchor.is_some() => page.lang(),
                _ => lang,
            };
            let url = site.url_of(key, target_lang);
            let mut s = relative(from, &url);
            if let Some(a) = anchor {
                s.push('#');
                s.push_str(a);
            }
            s
        }
    }
}

/// The template a page renders with: its kind's, or the one its front matter names.
pub fn template_name(page: &Page) -> String {
    match &page.meta {
        Meta::Page(p) if p.template.is_some() => p.template.clone().unwrap_or_default(),
        _ => format!("{}.html", page.kind().id()),
    }
}

fn template_for(ctx: &Ctx, page: &Page) -> Result<String, Diagnostic> {
    let name = template_name(page);
    if ctx.theme.templates.has(&name) {
        return Ok(name);
    }
    let names = ctx.theme.templates.names().join(", ");
    Err(Diagnostic::new(
        &page.source.path,
        Bilingual::new(
            format!(
                "template `{name}` not found in themes/{}/templates/",
                ctx.site.config.theme
            ),
            format!(
                "ไม่พบแม่แบบ `{name}` ในโฟลเดอร์ themes/{}/templates/",
                ctx.site.config.theme
            ),
        ),
    )
    .at(1, None)
    .with_hint(Bilingual::new(
        format!("use one of: {names}"),
        format!("ใช้แม่แบบใดแบบหนึ่งต่อไปนี้: {names}"),
    )))
}

/// The related pages of `page` shown at `from` in `lang`: each in `lang` when it has
/// that version, else in its own.
fn related_views<'a>(
    ctx: &'a Ctx,
    page: &Page,
    lang: &str,
    from: &str,
) -> Vec<views::RelatedView<'a>> {
    let site = ctx.site;
    let Some(&at) = site
        .keys
        .get(page.key())
        .and_then(|t| t.by_lang.get(page.lang()))
    else {
        return Vec::new();
    };
    ctx.related
        .get(at)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|&i| {
            let key = site.pages[i].key();
            let (shown, _) = site.version(key, lang)?;
            Some(views::RelatedView {
                title: shown.title(),
                url: relative(from, &site.url_of(key, lang)),
                kind: shown.kind().id(),
                kind_label: ctx.theme.i18n.get(lang, shown.kind().id()),
                lang: shown.lang(),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct PageBody<'a> {
    page: views::PageView<'a>,
}

pub(super) fn render_page(ctx: &Ctx, key: &str, lang: &str) -> bool {
    let site = ctx.site;
    let Some((page, fallback)) = site.version(key, lang) else {
        return false;
    };
    let template = match template_for(ctx, page) {
        Ok(t) => t,
        Err(d) => {
            ctx.fail(d);
            return false;
        }
    };
    let url = site.url_of(key, lang);
    let content = super::lang_runs::mark_html(
        &page
            .body
            .html_for(|l| resolve_link(site, page, l, &url, lang)),
        page.lang(),
    );
    let comment_page = url.trim_end_matches("index.html").to_string();
    let mut view = views::page_view(
        site,
        &ctx.theme.i18n,
        page,
        lang,
        fallback,
        content,
        comment_page,
    );
    view.related = related_views(ctx, page, lang, &url);
    let path = url
        .strip_prefix(&site.config.lang_prefix(lang))
        .unwrap_or(&url)
        .to_string();
    // Every language has this page, its own text or the fallback, so the switch always
    // leads somewhere.
    ctx.render(
        &template,
        lang,
        &url,
        &path,
        |_| true,
        PageBody { page: view },
    )
}
