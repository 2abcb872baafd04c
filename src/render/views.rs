//! The small, purpose-made values each template sees. Nothing site-wide is cloned into a
//! page's context: a page gets its own fields, a few links, and the site's title.

use serde::Serialize;

use super::i18n::I18n;
use sala_core::config::SiteConfig;
use sala_core::content::frontmatter::Meta;
use sala_core::content::{Kind, Page, Site};
use sala_core::dates;
use sala_core::markdown::{escape_html, Heading};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub illustrative: bool,
    pub comments_endpoint: &'a str,
    pub default_lang: &'a str,
    /// Whether the footer's standing pages exist.
    pub has_about: bool,
    pub has_privacy: bool,
    pub org: OrgView<'a>,
}

/// The organization, in one language (see `[organization]` in site.toml).
#[derive(Serialize)]
pub struct OrgView<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    pub description: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    /// `tel:` form of the phone number: digits and a leading `+` only.
    pub phone_link: String,
    pub email: &'a str,
    pub website: &'a str,
    pub logo: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, lang: &str) -> Self {
        let config = &site.config;
        SiteView {
            has_about: site.keys.contains_key("about"),
            has_privacy: site.keys.contains_key("privacy"),
            title: config.title(lang),
            description: config.description(lang),
            illustrative: config.illustrative,
            comments_endpoint: &config.comments.endpoint,
            default_lang: config.default_language(),
            org: {
                let o = &config.organization;
                OrgView {
                    name: o.name(lang),
                    short_name: o.short_name(lang),
                    description: o.description(lang),
                    address: o.address(lang),
                    phone: &o.phone,
                    phone_link: o
                        .phone
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect(),
                    email: &o.email,
                    website: &o.website,
                    logo: o.logo.as_deref(),
                }
            },
        }
    }
}

/// A link to the same page in another language.
#[derive(Serialize)]
pub struct Alternate<'a> {
    pub lang: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// A taxonomy term attached to a page.
#[derive(Serialize, Clone)]
pub struct TermLink {
    pub id: String,
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct CaseView<'a> {
    pub laos: Vec<LaoView<'a>>,
    pub partners: &'a [String],
    pub status: Option<&'a str>,
    pub status_label: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub cost: Option<String>,
}

#[derive(Serialize)]
pub struct LaoView<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub kind_label: &'a str,
}

#[derive(Serialize)]
pub struct ForumView<'a> {
    pub meeting_no: Option<&'a str>,
    pub venue: Option<&'a str>,
    pub start_time: Option<&'a str>,
    pub end_time: Option<&'a str>,
    pub chair: Option<&'a str>,
    pub participants_count: Option<u32>,
    pub groups: &'a [String],
    pub resolutions: &'a [String],
}

#[derive(Serialize)]
pub struct CommentView {
    pub id: i64,
    pub name: String,
    pub date: String,
    pub date_display: String,
    /// Escaped text with line breaks as `<br>`.
    pub body_html: String,
    pub replies: Vec<CommentView>,
}

/// Everything `guide.html`, `case.html`, `forum.html` and `page.html` show.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub key: &'a str,
    pub kind: &'static str,
    pub title: &'a str,
    pub summary: String,
    /// The language of the text shown: differs from the page's when it is a fallback.
    pub content_lang: &'a str,
    pub fallback: bool,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub content: String,
    pub toc: Vec<&'a Heading>,
    pub topics: Vec<TermLink>,
    pub districts: Vec<TermLink>,
    pub problem: Option<TermLink>,
    pub year: Option<TermLink>,
    pub audience: Vec<&'a str>,
    pub case: Option<CaseView<'a>>,
    pub forum: Option<ForumView<'a>>,
    pub comments: Vec<CommentView>,
    pub comment_count: usize,
    /// The page's path in the site, which the comments companion keys comments by.
    pub comment_page: String,
    pub has_code: bool,
    /// Pages like this one, best first (see `content::related`).
    pub related: Vec<RelatedView<'a>>,
}

/// A link to a related page, in the reader's language when the page has it.
#[derive(Serialize, Clone)]
pub struct RelatedView<'a> {
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
    /// The kind's name in the reader's language: looked up here rather than with
    /// `trans()` in the template, five times on each of thousands of pages.
    pub kind_label: &'a str,
    /// The language of the title shown.
    pub lang: &'a str,
}

/// One entry in a list, a taxonomy page or the home page.
#[derive(Serialize, Clone)]
pub struct ItemView {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub date: String,
    pub date_display: String,
    pub summary: String,
    pub content_lang: String,
    pub fallback: bool,
    pub districts: Vec<String>,
    pub problem: Option<String>,
}

/// Links from a page to its taxonomy terms, in `lang`.
pub struct Terms<'a> {
    pub config: &'a SiteConfig,
    pub prefix: &'a str,
    pub lang: &'a str,
}

impl Terms<'_> {
    pub fn topic(&self, id: &str) -> Option<TermLink> {
        let t = self.config.topic(id)?;
        Some(TermLink {
            id: id.to_string(),
            label: t.label(self.lang).to_string(),
            url: format!("{}topics/{id}/index.html", self.prefix),
        })
    }
    pub fn problem(&self, id: &str) -> Option<TermLink> {
        let t = self.config.problem(id)?;
        Some(TermLink {
            id: id.to_string(),
            label: t.label(self.lang).to_string(),
            url: format!("{}problems/{id}/index.html", self.prefix),
        })
    }
    pub fn district(&self, code: u16) -> Option<TermLink> {
        let d = self.config.district(code)?;
        Some(TermLink {
            id: code.to_string(),
            label: d.name(self.lang).to_string(),
            url: format!("{}districts/{code}/index.html", self.prefix),
        })
    }
    pub fn year(&self, ce: i32) -> TermLink {
        TermLink {
            id: ce.to_string(),
            label: dates::format_year(ce, self.lang),
            url: format!("{}years/{ce}/index.html", self.prefix),
        }
    }
}

pub fn item_view(site: &Site, page: &Page, lang: &str, fallback: bool) -> ItemView {
    let prefix = site.config.lang_prefix(lang);
    let terms = Terms {
        config: &site.config,
        prefix: &prefix,
        lang,
    };
    ItemView {
        title: page.common.title.clone(),
        url: site.url_of(page.key(), lang),
        kind: page.kind().id(),
        date: dates::iso(page.date),
        date_display: dates::format_long(page.date, lang),
        summary: page.summary(),
        content_lang: page.lang().to_string(),
        fallback,
        districts: page
            .meta
            .districts()
            .iter()
            .filter_map(|&c| terms.district(c))
            .map(|t| t.label)
            .collect(),
        problem: page
            .meta
            .problem()
            .and_then(|p| terms.problem(p))
            .map(|t| t.label),
    }
}

/// Builds the view of `page` shown at `lang`'s URL.
pub fn page_view<'a>(
    site: &'a Site,
    i18n: &'a I18n,
    page: &'a Page,
    lang: &'a str,
    fallback: bool,
    content: String,
    comment_page: String,
) -> PageView<'a> {
    let prefix = site.config.lang_prefix(lang);
    let terms = Terms {
        config: &site.config,
        prefix: &prefix,
        lang,
    };
    let common = &page.common;
    let (audience, case, forum) = match &page.meta {
        Meta::Guide(g) => (
            g.audience
                .iter()
                .map(|a| i18n.get(lang, &format!("audience_{}", a.id())))
                .collect(),
            None,
            None,
        ),
        Meta::Case(c) => (
            Vec::new(),
            Some(CaseView {
                laos: c
                    .laos
                    .iter()
                    .map(|l| LaoView {
                        name: &l.name,
                        kind: l.kind.id(),
                        kind_label: i18n.get(lang, &format!("lao_{}", l.kind.id())),
                    })
                    .collect(),
                partners: &c.partners,
                status: c.status.map(|s| s.id()),
                status_label: c
                    .status
                    .map(|s| i18n.get(lang, &format!("status_{}", s.id()))),
                outcome: c.outcome.as_deref(),
                cost: c
                    .cost_baht
                    .map(|b| format!("{} {}", group_digits(b), i18n.get(lang, "baht"))),
            }),
            None,
        ),
        Meta::Forum(f) => (
            Vec::new(),
            None,
            Some(ForumView {
                meeting_no: f.meeting_no.as_deref(),
                venue: f.venue.as_deref(),
                start_time: f.start_time.as_deref(),
                end_time: f.end_time.as_deref(),
                chair: f.chair.as_deref(),
                participants_count: f.participants.count,
                groups: &f.participants.groups,
                resolutions: &f.resolutions,
            }),
        ),
        Meta::Page(_) => (Vec::new(), None, None),
    };
    let comments = site
        .comments
        .get(&comment_page)
        .map(|f| comment_views(&f.comments, lang))
        .unwrap_or_default();
    let comment_count = comments.iter().map(|c| 1 + c.replies.len()).sum();
    PageView {
        key: page.key(),
        kind: page.kind().id(),
        title: &common.title,
        summary: page.summary(),
        content_lang: page.lang(),
        fallback,
        date: dates::iso(page.date),
        date_display: dates::format_long(page.date, lang),
        updated: page.updated.map(dates::iso),
        updated_display: page.updated.map(|d| dates::format_long(d, lang)),
        content,
        toc: page.body.headings.iter().filter(|h| h.level == 2).collect(),
        topics: common
            .topics
            .iter()
            .filter_map(|t| terms.topic(t))
            .collect(),
        districts: page
            .meta
            .districts()
            .iter()
            .filter_map(|&c| terms.district(c))
            .collect(),
        problem: page.meta.problem().and_then(|p| terms.problem(p)),
        year: (page.kind() != Kind::Page).then(|| terms.year(page.date.year())),
        audience,
        case,
        forum,
        comments,
        comment_count,
        comment_page,
        has_code: page.body.has_code,
        related: Vec::new(),
    }
}

/// 2500000 → "2,500,000".
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn comment_views(
    comments: &[sala_core::content::baked_comments::BakedComment],
    lang: &str,
) -> Vec<CommentView> {
    let view = |c: &sala_core::content::baked_comments::BakedComment| {
        let date = sala_core::dates::parse_date(&c.date);
        CommentView {
            id: c.id,
            name: c.name.clone(),
            date: c.date.clone(),
            date_display: date
                .map(|d| dates::format_long(d, lang))
                .unwrap_or_else(|| c.date.clone()),
            body_html: escape_html(c.body.trim())
                .replace("\r\n", "\n")
                .replace('\n', "<br>\n"),
            replies: Vec::new(),
        }
    };
    let mut top: Vec<CommentView> = comments
        .iter()
        .filter(|c| c.parent.is_none())
        .map(view)
        .collect();
    for reply in comments.iter().filter(|c| c.parent.is_some()) {
        match top.iter_mut().find(|t| Some(t.id) == reply.parent) {
            Some(parent) => parent.replies.push(view(reply)),
            None => top.push(view(reply)),
        }
    }
    top
}

/// The search page's extra context: id → label maps in the page's language, for the
/// facets the browser shows (`kind`, `district`, `topic`, `problem`, `year`, `lang`),
/// as one JSON string that the template puts in a `data-` attribute.
#[derive(Serialize)]
pub struct SearchView {
    pub search_labels: String,
}

impl SearchView {
    pub fn new(site: &Site, i18n: &I18n, lang: &str) -> Self {
        use std::collections::BTreeMap;
        let map = |pairs: &mut dyn Iterator<Item = (String, String)>| -> BTreeMap<_, _> {
            pairs.collect()
        };
        let config = &site.config;
        let years = site.pages.iter().map(|p| p.date.year());
        let labels = serde_json::json!({
            "kind": map(&mut ["guide", "case", "forum", "page"]
                .iter()
                .map(|k| (k.to_string(), i18n.get(lang, k).to_string()))),
            "district": map(&mut config
                .districts
                .iter()
                .map(|d| (d.code.to_string(), d.name(lang).to_string()))),
            "topic": map(&mut config.topics.iter().map(|t| (t.id.clone(), t.label(lang).to_string()))),
            "problem": map(&mut config.problems.iter().map(|t| (t.id.clone(), t.label(lang).to_string()))),
            "year": map(&mut years.map(|y| (y.to_string(), dates::format_year(y, lang)))),
            "lang": map(&mut site
                .languages()
                .iter()
                .map(|l| (l.clone(), i18n.get(l, "language_name").to_string()))),
        });
        SearchView {
            search_labels: labels.to_string(),
        }
    }
}
