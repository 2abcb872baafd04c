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
    /// The language of the page the widget is on, for the messages of a refusal.
    #[serde(default)]
    pub lang: Option<String>,
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
    /// Every refusal, for the test that each is told in Thai and English.
    pub const ALL: [Invalid; 14] = [
        Invalid::BadJson,
        Invalid::BadForm,
        Invalid::Page,
        Invalid::Consent,
        Invalid::NameEmpty,
        Invalid::NameTooLong,
        Invalid::NameChars,
        Invalid::Email,
        Invalid::BodyEmpty,
        Invalid::BodyTooLong,
        Invalid::BodyChars,
        Invalid::TooManyLinks,
        Invalid::Parent,
        Invalid::ReturnPath,
    ];

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

/// Whether every name and value of a urlencoded body decodes to valid UTF-8. The form
/// parser would replace bad bytes with U+FFFD and carry on; the JSON API refuses them,
/// and so does the form.
fn form_is_utf8(bytes: &[u8]) -> bool {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    bytes.split(|b| *b == b'&').all(|pair| {
        pair.split(|b| *b == b'=').all(|part| {
            let mut out = Vec::with_capacity(part.len());
            let mut i = 0;
            while i < part.len() {
                match part[i] {
                    b'%' => match (
                        part.get(i + 1).and_then(|b| hex(*b)),
                        part.get(i + 2).and_then(|b| hex(*b)),
                    ) {
                        (Some(h), Some(l)) => {
                            out.push(h << 4 | l);
                            i += 3;
                            continue;
                        }
                        _ => out.push(b'%'),
                    },
                    b'+' => out.push(b' '),
                    b => out.push(b),
                }
                i += 1;
            }
            std::str::from_utf8(&out).is_ok()
        })
    })
}

/// Parses a no-JS form body (`application/x-www-form-urlencoded`).
pub fn parse_form(bytes: &[u8]) -> Result<(Submission, FormFields), Invalid> {
    if !form_is_utf8(bytes) {
        return Err(Invalid::BadForm);
    }
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
        lang: Some(f.lang.clone()).filter(|l| !l.is_empty()),
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
        let page = sala_core::content::normalize_page_path(&self.page);
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
                && !is_spoofing(c)
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

/// Direction overrides and invisible formatting that make names and text lie. Refused
/// in every field.
fn is_spoofing(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
}

/// Whether the text holds something to read: at least one letter or digit (Thai
/// consonants and digits count). Refuses names and comments of only punctuation,
/// symbols, marks or emoji.
fn has_letter_or_digit(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Combining marks one base character may carry. Thai needs two at most (a vowel above
/// or below and a tone mark: ปั้, ที่); more is "Zalgo" text that spills over the lines
/// around it.
pub const MAX_MARKS: usize = 3;

/// Whether any character carries more than [`MAX_MARKS`] combining marks, counted in the
/// decomposed form (NFD), so a mark that NFC folds into a precomposed letter (á) still
/// counts. Vietnamese ệ carries two.
fn too_many_marks(s: &str) -> bool {
    let mut run = 0;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            run += 1;
            if run > MAX_MARKS {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
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
    if count_links(&name) > 0 || too_many_marks(&name) {
        return Err(Invalid::NameChars);
    }
    if !has_letter_or_digit(&name) {
        return Err(Invalid::NameEmpty);
    }
    if graphemes(&name) > max {
        return Err(Invalid::NameTooLong);
    }
    Ok(name)
}

fn clean_email(e: &str, max: usize) -> Result<String, Invalid> {
    let ok = e.chars().count() <= max
        && !e.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || is_spoofing(c)
                || matches!(c, '<' | '>' | '"' | ',' | ';')
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
    if too_many_marks(&body) {
        return Err(Invalid::BodyChars);
    }
    if !has_letter_or_digit(&body) {
        return Err(Invalid::BodyEmpty);
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
        || r.chars()
            .any(|c| c.is_control() || c.is_whitespace() || is_spoofing(c))
    {
        return Err(Invalid::ReturnPath);
    }
    let path = sala_core::content::normalize_page_path(r);
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
    fn text_needs_a_letter_or_digit_and_few_marks() {
        for n in ["...", "😀😀", "- -", "\u{0E49}\u{0E49}"] {
            assert_eq!(clean_name(n, 60), Err(Invalid::NameEmpty), "{n}");
        }
        assert_eq!(clean_name("๑๒๓", 60).as_deref(), Ok("๑๒๓"), "Thai digits");
        assert_eq!(clean_body("👍👍 !!", 100, 2), Err(Invalid::BodyEmpty));
        assert_eq!(clean_body("ดีครับ 👍", 100, 2).as_deref(), Ok("ดีครับ 👍"));
        // Thai stacks two marks (ปั้ ที่); Zalgo stacks many.
        assert!(clean_name("ปั้น ที่นี่", 60).is_ok());
        let zalgo = format!("a{}", "\u{0301}\u{0302}\u{0303}\u{0304}");
        assert_eq!(clean_name(&zalgo, 60), Err(Invalid::NameChars));
        assert_eq!(clean_body(&zalgo, 100, 2), Err(Invalid::BodyChars));
        let three = format!("a{}", "\u{0301}\u{0302}\u{0303}");
        assert!(clean_body(&three, 100, 2).is_ok());
    }

    #[test]
    fn bidi_controls_are_refused_in_every_field() {
        let config = CommentsConfig::default();
        let base = Submission {
            page: "guides/x/".into(),
            name: "a".into(),
            email: Some("a@example.org".into()),
            body: "b".into(),
            consent: true,
            ..Submission::default()
        };
        for (field, want) in [
            ("page", Invalid::Page),
            ("name", Invalid::NameChars),
            ("email", Invalid::Email),
            ("body", Invalid::BodyChars),
        ] {
            let mut s = base.clone();
            let evil = "x\u{202E}gro.elpmaxe@a";
            match field {
                "page" => s.page = "guides/x\u{2066}/".into(),
                "name" => s.name = evil.into(),
                "email" => s.email = Some("a\u{202E}@example.org".into()),
                _ => s.body = evil.into(),
            }
            assert_eq!(s.check(&config), Err(want), "{field}");
        }
        assert!(base.check(&config).is_ok());
        assert!(return_path("guides/x\u{200F}/").is_err());
    }

    #[test]
    fn forms_with_invalid_utf8_are_refused() {
        assert_eq!(
            parse_form(b"page=a&name=%FF%FE&body=b").map(|_| ()),
            Err(Invalid::BadForm)
        );
        assert_eq!(parse_form(b"name=a\xff").map(|_| ()), Err(Invalid::BadForm));
        assert!(parse_form("name=%E0%B8%99%E0%B9%89%E0%B8%B3&body=100%25+ok".as_bytes()).is_ok());
        assert!(parse_form(b"name=50%&body=%zz").is_ok(), "stray % is text");
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
