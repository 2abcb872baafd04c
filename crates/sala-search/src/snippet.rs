//! Snippets: a short window of a hit's stored text with the matches marked.
//!
//! Built here rather than with tantivy's SnippetGenerator, which needs the index-time
//! tokenizer (and so the whole Thai dictionary) and weighs about 120 KB gzip in wasm.
//! Stored text is canonical (see [`mod@crate::normalize`]), so matching runs on it
//! directly: non-Thai tokens are folded and stemmed like the analyzer does and compared
//! with the query's terms (or, folded but unstemmed, within the query's fuzzy
//! distance); Thai query words and runs are found as substrings. The window with the
//! most matches wins.

use crate::analyzer::{other_term, runs, Script};
use crate::normalize::fold_char;
use crate::query::Highlight;

/// Characters of text shown around the matches.
pub const WINDOW_CHARS: usize = 180;

fn within(a: &str, b: &str, max: u8) -> bool {
    if max == 0 {
        return a == b;
    }
    // Cheap length bound before collecting characters.
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 4 * max as usize {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max as usize {
        return false;
    }
    if a == b {
        return true;
    }
    // Optimal string alignment distance (transpositions cost 1, as the query does).
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 {
                j
            } else if j == 0 {
                i
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()] <= max as usize
}

/// Byte ranges of matches in `text`, sorted and non-overlapping.
pub fn matches(text: &str, hl: &Highlight) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if !hl.terms.is_empty() {
        let mut folded = String::new();
        for r in runs(text) {
            if r.script != Script::Other {
                continue;
            }
            folded.clear();
            folded.extend(r.text.chars().map(fold_char));
            let hit = hl.terms.iter().any(|(q, qf, d)| {
                // A stem keeps (nearly) the start of its word: compare stems only when
                // the first characters agree, which skips most tokens cheaply.
                let same_start = q.chars().take(3).eq(folded.chars().take(3.min(q.len())));
                (same_start && other_term(r.text) == *q) || (*d > 0 && within(&folded, qf, *d))
            });
            if hit {
                spans.push((r.start, r.start + r.text.len()));
            }
        }
    }
    // Thai needles, longest first; a shorter one never overlaps a longer one's mark.
    for needle in &hl.thai {
        if needle.is_empty() {
            continue;
        }
        for (s, m) in text.match_indices(needle.as_str()) {
            let e = s + m.len();
            if !spans.iter().any(|&(a, b)| s < b && a < e) {
                spans.push((s, e));
            }
        }
    }
    spans.sort_unstable();
    spans
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Byte index `n` chars after (or before, if `back`) `from`, clamped to the text.
fn step_chars(text: &str, from: usize, n: usize, back: bool) -> usize {
    if back {
        text[..from]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    } else {
        text[from..]
            .char_indices()
            .nth(n)
            .map_or(text.len(), |(i, _)| from + i)
    }
}

/// The snippet of `text`, or `None` if nothing in it matches.
pub fn snippet(text: &str, hl: &Highlight) -> Option<String> {
    let spans = matches(text, hl);
    if spans.is_empty() {
        return None;
    }
    // Best window: the start span whose window covers the most spans.
    let mut best = (0usize, 0usize);
    for (i, &(s, _)) in spans.iter().enumerate() {
        let limit = step_chars(text, s, WINDOW_CHARS, false);
        let n = spans[i..].iter().take_while(|&&(a, _)| a < limit).count();
        if n > best.1 {
            best = (i, n);
        }
    }
    let first = spans[best.0].0;
    let start = snap(text, step_chars(text, first, LEAD_IN_CHARS, true), true).min(first);
    let end = snap(text, step_chars(text, start, WINDOW_CHARS, false), false);
    Some(render(text, start, end, &spans))
}

/// The first `WINDOW_CHARS` of `text`, escaped, with no marks.
pub fn lead(text: &str) -> String {
    let end = snap(text, step_chars(text, 0, WINDOW_CHARS, false), false);
    render(text, 0, end, &[])
}

/// Characters shown before the first match.
const LEAD_IN_CHARS: usize = 30;
/// How far a window's edge moves to reach a space, in characters.
const SNAP_CHARS: usize = 12;

/// Moves a window edge at byte `at` to a better place to cut: just after a space
/// within [`SNAP_CHARS`] for the start (ahead first), just before one for the end;
/// failing that, the nearest cut that splits no Thai cluster, so a
/// snippet never opens on a dangling vowel or tone mark (…ำดับ for ลำดับ).
fn snap(text: &str, at: usize, start: bool) -> usize {
    if at == 0 || at >= text.len() {
        return at;
    }
    let back = || {
        text[..at]
            .char_indices()
            .rev()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
    };
    let space = if start {
        // Forwards first: a shorter lead-in is better than a longer one.
        text[at..]
            .char_indices()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| at + i)
            .or_else(|| back().map(|(i, _)| i))
            .map(|i| i + text[i..].chars().next().map_or(0, char::len_utf8))
    } else {
        back().map(|(i, _)| i)
    };
    if let Some(i) = space.filter(|&i| i > 0) {
        return i;
    }
    let mut at = at;
    for _ in 0..SNAP_CHARS {
        if crate::tcc::can_break_at(text, at) {
            break;
        }
        at = step_chars(text, at, 1, true);
    }
    at
}

fn render(text: &str, start: usize, end: usize, spans: &[(usize, usize)]) -> String {
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(s, e) in spans {
        if e <= at || s >= end {
            continue;
        }
        let (s, e) = (s.max(at), e.min(end));
        escape_html(&text[at..s], &mut out);
        out.push_str("<mark>");
        escape_html(&text[s..e], &mut out);
        out.push_str("</mark>");
        at = e;
    }
    escape_html(&text[at..end], &mut out);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_english_stems_and_thai_substrings() {
        let hl = Highlight {
            terms: vec![("collect".into(), "collecting".into(), 0)],
            thai: vec!["ขยะ".into()],
        };
        let s = snippet("Waste <b> Collection: คัดแยกขยะ", &hl).unwrap();
        assert_eq!(
            s,
            "Waste &lt;b&gt; <mark>Collection</mark>: คัดแยก<mark>ขยะ</mark>"
        );
    }

    #[test]
    fn thai_windows_do_not_split_clusters() {
        let body = format!(
            "{}ลำดับความสำคัญของโครงการ {}",
            "ก".repeat(40),
            "ข".repeat(400)
        );
        let hl = Highlight {
            terms: vec![],
            thai: vec!["โครงการ".into()],
        };
        let s = snippet(&body, &hl).unwrap();
        let first = s.trim_start_matches('…').chars().next().unwrap();
        assert!(
            !crate::normalize::is_thai_mark(first) && first != 'ำ',
            "{s}"
        );
        // A space nearby wins: the window opens on a phrase.
        let spaced = format!("{} เริ่มวลี ลำดับความสำคัญของโครงการ", "ก".repeat(60));
        let s = snippet(&spaced, &hl).unwrap();
        assert!(s.starts_with("…เริ่มวลี ลำดับ"), "{s}");
    }

    #[test]
    fn fuzzy_marks_typos() {
        assert!(within("govern", "gover", 1));
        assert!(!within("govern", "gav", 1));
        assert!(within("abcd", "abdc", 1));
    }

    #[test]
    fn long_text_is_windowed() {
        let text = format!("{} needle {}", "x ".repeat(300), "y ".repeat(300));
        let hl = Highlight {
            terms: vec![("needl".into(), "needles".into(), 0)],
            thai: vec![],
        };
        let s = snippet(&text, &hl).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("<mark>needle</mark>"));
        assert!(s.chars().count() < WINDOW_CHARS + 20);
    }
}
