//! What a reader may send: parsing the JSON and form bodies, and checking names, e-mail,
//! bodies (lengths in grapheme clusters, a cap on links), consent and the honeypot.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::config::CommentsConfig;

/// A comment as a reader sends it, through the JSON API or the no-JS form.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub page: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub body: String,
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub parent: Option<i64>,
    /// The honeypot: people never see it, naive bots fill it in.
    #[serde(default)]
    pub website: Option<String>,
}

/// The no-JS form's fields: every value arrives as text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FormFields {
    pub page: String,
    pub name: String,
    pub email: String,
    pub body: String,
    pub consent: String,
    pub parent: String,
    pub website: String,
    /// Where to send the reader back: a page path of this site.
    #[serde(rename = "return")]
    pub return_to: String,
    pub lang: String,
}

/// Why a submission was refused; the code is what clients see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    BadJson,
    BadForm,
    Page,
    Consent,
    NameEmpty,
    NameTooLong,
    NameChars,
    Email,
    BodyEmpty,
    BodyTooLong,
    BodyChars,
    TooManyLinks,
    Parent,
    ReturnPath,
}

impl Invalid {
    pub fn code(self) -> &'static str {
        match self {
            Invalid::BadJson => "bad_json",
            Invalid::BadForm => "bad_form",
            Invalid::Page => "unknown_page",
            Invalid::Consent => "consent_required",
            Invalid::NameEmpty => "name_required",
            Invalid::NameTooLong => "name_too_long",
            Invalid::NameChars => "name_invalid",
            Invalid::Email => "email_invalid",
            Invalid::BodyEmpty => "body_required",
            Invalid::BodyTooLong => "body_too_long",
            Invalid::BodyChars => "body_invalid",
            Invalid::TooManyLinks => "too_many_links",
            Invalid::Parent => "parent_invalid",
            Invalid::ReturnPath => "return_invalid",
        }
    }
}

/// Parses a JSON API body. Never panics; any malformed input is `BadJson`.
pub fn parse_json(bytes: &[u8]) -> Result<Submission, Invalid> {
    serde_json::from_slice(bytes).map_err(|_| Invalid::BadJson)
}

/// Parses a no-JS form body (`application/x-www-form-urlencoded`).
pub fn parse_form(bytes: &[u8]) -> Result<(Submission, FormFields), Invalid> {
    let f: FormFields = serde_urlencoded::from_bytes(bytes).map_err(|_| Invalid::BadForm)?;
    let parent = match f.parent.trim() {
        "" => None,
        p => Some(p.parse::<i64>().map_err(|_| Invalid::Parent)?),
    };
    let sub = Submission {
        page: f.page.clone(),
        name: f.name.clone(),
        email: Some(f.email.clone()).filter(|e| !e.trim().is_empty()),
        body: f.body.clone(),
        consent: matches!(f.consent.as_str(), "yes" | "on" | "true" | "1"),
        parent,
        website: Some(f.website.clone()).filter(|w| !w.is_empty()),
    };
    Ok((sub, f))
}

/// A submission that passed every check, normalized (NFC, trimmed, `\r\n` → `\n`).
#[derive(Debug, Clone, PartialEq)]
pub struct Clean {
    pub page: String,
    pub name: String,
    pub email: Option<String>,
    pub body: String,
    pub parent: Option<i64>,
}

impl Submission {
    /// Whether the honeypot was filled in (then the companion pretends to accept it).
    pub fn is_bot(&self) -> bool {
        self.website
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    }

    /// Checks everything that needs no database or page list. `page` is normalized but
    /// not yet checked against the site.
    pub fn check(&self, config: &CommentsConfig) -> Result<Clean, Invalid> {
        if !self.consent {
            return Err(Invalid::Consent);
        }
        let page = crate::content::normalize_page_path(&self.page);
        if page.is_empty() || page.len() > 512 || !page_chars_ok(&page) {
            return Err(Invalid::Page);
        }
        let name = clean_name(&self.name, config.max_name_chars)?;
        let email = match self.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(clean_email(e, config.max_email_chars)?),
        };
        let body = clean_body(&self.body, config.max_body_chars, config.max_links)?;
        if self.parent.is_some_and(|p| p <= 0) {
            return Err(Invalid::Parent);
        }
        Ok(Clean {
            page,
            name,
            email,
            body,
            parent: self.parent,
        })
    }
}

fn page_chars_ok(page: &str) -> bool {
    !page.starts_with('/')
        && !page.contains("//")
        && !page.split('/').any(|seg| seg == ".." || seg == ".")
        && page.chars().all(|c| {
            !c.is_control()
                && !matches!(
                    c,
                    '\\' | '<' | '>' | '"' | '\'' | '`' | ':' | '?' | '#' | '%' | ' '
                )
        })
}

/// Counts user-perceived characters: Thai วิชัย is 3 (วิ ชั ย), not 15 bytes or 5 code points.
pub fn graphemes(s: &str) -> usize {
    s.graphemes(true).count()
}

/// Direction overrides and invisible formatting that make names and text lie.
fn is_spoofing(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

/// Names: any letters, marks (Thai vowels and tone marks), digits, spaces and ordinary
/// punctuation. Refused: control and direction-override characters, and `<>"` which no
/// name needs. Unlike `^[\p{L}\d_ ]+$`, this keeps ณัฐวุฒิ and น้ำ whole.
pub fn clean_name(raw: &str, max: usize) -> Result<String, Invalid> {
    // Refuse before normalizing, so a huge name costs nothing.
    if raw.len() > max.saturating_mul(64).max(256) {
        return Err(Invalid::NameTooLong);
    }
    let name: String = raw.nfc().collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Invalid::NameEmpty);
    }
    if name
        .chars()
        .any(|c| c.is_control() || is_spoofing(c) || matches!(c, '<' | '>' | '"' | '\u{FFFD}'))
    {
        return Err(Invalid::NameChars);
    }
    if count_links(&name) > 0 {
        return Err(Invalid::NameChars);
    }
    if graphemes(&name) > max {
        return Err(Invalid::NameTooLong);
    }
    Ok(name)
}

fn clean_email(e: &str, max: usize) -> Result<String, Invalid> {
    let ok = e.chars().count() <= max
        && !e.chars().any(|c| {
            c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | '"' | ',' | ';')
        })
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(e.to_string())
    } else {
        Err(Invalid::Email)
    }
}

/// Bodies are plain text: kept as written (NFC, `\r\n` → `\n`), escaped on every output.
pub fn clean_body(raw: &str, max: usize, max_links: usize) -> Result<String, Invalid> {
    if raw.len() > max.saturating_mul(64).max(1024) {
        return Err(Invalid::BodyTooLong);
    }
    let body: String = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect();
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(Invalid::BodyEmpty);
    }
    if body
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_spoofing(c))
    {
        return Err(Invalid::BodyChars);
    }
    if graphemes(&body) > max {
        return Err(Invalid::BodyTooLong);
    }
    if count_links(&body) > max_links {
        return Err(Invalid::TooManyLinks);
    }
    Ok(body)
}

/// Occurrences of `http://`, `https://` and `www.` (any case).
pub fn count_links(s: &str) -> usize {
    let lower = s.to_lowercase();
    let mut n = lower.matches("http://").count() + lower.matches("https://").count();
    // `www.` not already counted inside a URL.
    n += lower
        .match_indices("www.")
        .filter(|(i, _)| !lower[..*i].ends_with("//"))
        .count();
    n
}

/// The no-JS form's `return` field: a relative path inside the site, such as
/// `guides/local-plan-cycle/` or `en/guides/x/index.html`. Refuses absolute and
/// protocol-relative URLs, backslashes, schemes, dot segments and control characters.
/// Returns the normalized page path (`guides/x/`).
pub fn return_path(raw: &str) -> Result<String, Invalid> {
    let r = raw.trim();
    if r.is_empty()
        || r.len() > 512
        || r.starts_with('/')
        || r.contains('\\')
        || r.contains("//")
        || r.contains(':')
        || r.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(Invalid::ReturnPath);
    }
    let path = crate::content::normalize_page_path(r);
    if path.is_empty() || !page_chars_ok(&path) {
        return Err(Invalid::ReturnPath);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_names_pass() {
        for n in ["วิชัย", "ณัฐวุฒิ", "น้ำ", "Somchai K.", "นาง สมศรี (ครู)"]
        {
            assert_eq!(clean_name(n, 60).as_deref(), Ok(n), "{n}");
        }
        assert_eq!(graphemes("วิชัย"), 3); // วิ ชั ย
        assert_eq!(graphemes("น้ำ"), 1); // sara am joins the cluster
    }

    #[test]
    fn names_refuse_markup_and_controls() {
        assert_eq!(clean_name("\"><script>", 60), Err(Invalid::NameChars));
        assert_eq!(clean_name("a\u{202E}b", 60), Err(Invalid::NameChars));
        assert_eq!(clean_name("   ", 60), Err(Invalid::NameEmpty));
        assert_eq!(clean_name(&"ก".repeat(61), 60), Err(Invalid::NameTooLong));
        assert_eq!(
            clean_name(&"x".repeat(1_000_000), 60),
            Err(Invalid::NameTooLong)
        );
    }

    #[test]
    fn links_counted() {
        assert_eq!(
            count_links("see https://www.a.org and www.b.org, http://c"),
            3
        );
        assert_eq!(
            clean_body("a http://x http://y http://z", 100, 2),
            Err(Invalid::TooManyLinks)
        );
    }

    #[test]
    fn return_paths() {
        assert_eq!(return_path("guides/x/").as_deref(), Ok("guides/x/"));
        assert_eq!(
            return_path("en/guides/x/index.html").as_deref(),
            Ok("en/guides/x/")
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "\\\\evil",
            "/guides/x/",
            "javascript:alert(1)",
            "../x",
            "guides/../../x",
            " //evil",
        ] {
            assert!(return_path(bad).is_err(), "{bad}");
        }
    }
}
