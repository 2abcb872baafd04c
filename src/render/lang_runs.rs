//! Thai words inside English text get `lang="th"` (WCAG 3.1.2, language of parts).
//!
//! English pages about Thai local government are full of Thai: abbreviations such as
//! อสม. or อปพร., place names in brackets, quoted phrases. Marked, a screen reader
//! switches to its Thai voice for them instead of spelling out characters, and the
//! stylesheet's Thai rules apply. Thai text needs no marking the other way round: Latin
//! letters in a Thai page are read by Thai voices, and Thai is the page's language.
//!
//! Two entry points: [`mark_html`] for rendered Markdown (text outside tags only, never
//! inside `<pre>`, `<code>`, `<script>` or `<style>`), and the tera filter [`LangRuns`]
//! for plain strings such as titles, summaries and front-matter fields.

use std::collections::HashMap;

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Wraps the Thai runs of already-escaped `text` in `<span lang="th">`. A run takes in
/// an abbreviation's dot (อสม.) and the spaces between Thai words.
fn mark_text(text: &str, out: &mut String) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_thai(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            while j < chars.len() && (is_thai(chars[j].1) || chars[j].1 == '.') {
                j += 1;
            }
            // Spaces followed by more Thai stay inside the run.
            let mut k = j;
            while k < chars.len() && chars[k].1 == ' ' {
                k += 1;
            }
            if k > j && k < chars.len() && is_thai(chars[k].1) {
                j = k;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |(at, _)| *at);
        out.push_str("<span lang=\"th\">");
        out.push_str(&text[start..end]);
        out.push_str("</span>");
        i = j;
    }
}

/// Marks the Thai runs in the text of `html`, when the text's language is not Thai.
pub fn mark_html(html: &str, lang: &str) -> String {
    if lang == "th" || !html.chars().any(is_thai) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    // Inside these, text is left as it is.
    let mut raw_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        let (text, tail) = rest.split_at(lt);
        if raw_depth == 0 {
            mark_text(text, &mut out);
        } else {
            out.push_str(text);
        }
        let gt = tail.find('>').map_or(tail.len(), |g| g + 1);
        let tag = &tail[..gt];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "pre" | "code" | "script" | "style") {
            if tag.starts_with("</") {
                raw_depth = raw_depth.saturating_sub(1);
            } else {
                raw_depth += 1;
            }
        }
        out.push_str(tag);
        rest = &tail[gt..];
    }
    if raw_depth == 0 {
        mark_text(rest, &mut out);
    } else {
        out.push_str(rest);
    }
    out
}

/// The tera filter `lang_runs(lang=…)`: escapes a plain string and marks its Thai runs
/// when `lang` is not Thai. Its output is safe HTML: use it without `| safe`.
pub struct LangRuns;

impl tera::Filter for LangRuns {
    fn filter(
        &self,
        value: &tera::Value,
        args: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            tera::Value::Null => String::new(),
            other => other.to_string(),
        };
        let lang = args
            .get("lang")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("lang_runs() needs lang=…"))?;
        let escaped = sala_core::markdown::escape_html(&text);
        Ok(tera::Value::String(mark_html(&escaped, lang)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::mark_html;

    #[test]
    fn thai_runs_in_english_text_are_marked() {
        assert_eq!(
            mark_html("<p>health volunteers (อสม.) and ผู้ใหญ่บ้าน ช่วย today</p>", "en"),
            "<p>health volunteers (<span lang=\"th\">อสม.</span>) and <span lang=\"th\">ผู้ใหญ่บ้าน ช่วย</span> today</p>"
        );
    }

    #[test]
    fn tags_code_and_thai_pages_are_left_alone() {
        let html = "<a href=\"#ขั้นตอน\" title=\"x\">step</a><code>ไทย</code><pre>น้ำ</pre>";
        assert_eq!(mark_html(html, "en"), html);
        assert_eq!(mark_html("<p>ภาษาไทย</p>", "th"), "<p>ภาษาไทย</p>");
    }
}
