//! The companion's HTML pages (the moderation pages, and the error page that the no-JS
//! form and the admin pages answer with) from tera templates built into the binary
//! (`templates/`), so each page's markup is in one file and tera escapes every value.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tera::{Context, Tera};

use super::AppState;

/// Every template, by the name the handlers render it under.
const TEMPLATES: [(&str, &str); 5] = [
    ("page.html", include_str!("templates/page.html")),
    ("error.html", include_str!("templates/error.html")),
    ("login.html", include_str!("templates/login.html")),
    ("queue.html", include_str!("templates/queue.html")),
    ("edit.html", include_str!("templates/edit.html")),
];

static TERA: LazyLock<Result<Tera, tera::Error>> = LazyLock::new(|| {
    let mut tera = Tera::default();
    // The code base's one escape, as the site's templates use: tera's own would also
    // escape `/` and write `'` as `&#x27;`, and the pages would differ from the site's.
    tera.set_escape_fn(sala_core::markdown::escape_html);
    tera.add_raw_templates(TEMPLATES)?;
    Ok(tera)
});

/// The admin pages' link to the other language.
#[derive(Serialize)]
pub struct Switch<'a> {
    pub other: &'a str,
    pub other_name: &'a str,
}

/// The UI strings `keys` in `lang`, as a template's `t`. Looked up here rather than in
/// the template so that a string a site lacks reads as empty, as everywhere else.
pub fn strings<'a>(
    state: &'a AppState,
    lang: &str,
    keys: &[&'static str],
) -> BTreeMap<&'static str, &'a str> {
    keys.iter().map(|k| (*k, state.t(lang, k))).collect()
}

/// `name` rendered as a whole page: `ctx` plus the page's language, title and, on the
/// admin pages, the link to the other language.
pub fn page(
    name: &str,
    lang: &str,
    title: &str,
    admin: Option<Switch>,
    mut ctx: Context,
) -> Response {
    ctx.insert("lang", lang);
    ctx.insert("title", title);
    ctx.insert("admin", &admin);
    let rendered = match &*TERA {
        Ok(tera) => tera.render(name, &ctx).map_err(|e| format!("{e:?}")),
        Err(e) => Err(format!("{e:?}")),
    };
    match rendered {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            // Only a template the tests did not cover can get here; the cause is logged.
            eprintln!("sala comments: internal error: the page {name} does not render: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        if let Err(e) = &*TERA {
            panic!("{e:?}");
        }
    }

    #[test]
    fn values_are_escaped_as_the_site_escapes_them() {
        let tera = TERA.as_ref().unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "en");
        ctx.insert("title", "O'Brien & <Sons>/x");
        ctx.insert("admin", &None::<Switch>);
        ctx.insert("message", "m");
        ctx.insert("back", &None::<&str>);
        ctx.insert("t", &BTreeMap::<&str, &str>::new());
        let html = tera.render("error.html", &ctx).unwrap();
        assert!(
            html.contains("<title>O&#39;Brien &amp; &lt;Sons&gt;/x</title>"),
            "{html}"
        );
    }
}
