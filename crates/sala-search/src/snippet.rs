//! Snippets: a short window of a hit's stored text with the matches marked.
//!
//! Built here rather than with tantivy's SnippetGenerator, which needs the index-time
//! tokenizer (and so the whole Thai dictionary) and weighs about 120 KB gzip in wasm.
//! Stored text is canonical (see [`mod@crate::normalize`]), so matching runs on it
//! directly: non-Thai tokens are folded and stemmed like the analyzer does and compared
//! with the query's terms (or, folded but unstemmed, within the query's fuzzy
//! distance); Thai query words and runs are found as substrings. The window with the
//! most matches wins.
//!
//! A mark never covers part of a word. Non-Thai marks are whole tokens. A Thai match is
//! widened to the words it touches, with the text's run segmented against the index's
//! own vocabulary (the words the index-time segmenter produced), so ประสบการณ์ is
//! marked whole, or not at all, never as ประสบ\[การ\]ณ์. Whole, when the query word
//! starts and ends on the text's cluster boundaries: that is how the search itself
//! finds a word inside a longer one (the compounds of a word, the cluster field), so
//! the mark shows the reader the word that made the page a hit, and they can judge it.
//! Not at all, when the letters straddle a cluster: the search did not match there.

use crate::analyzer::{other_term, runs, Run, Script};
use crate::dict::Dictionary;
use crate::normalize::fold_char;
use crate::query::Highlight;
use crate::segment::{Piece, Segmenter};

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

/// One Thai run of the text, segmented on first need: its cluster and word boundaries
/// as byte offsets into the text.
struct ThaiRun {
    start: usize,
    end: usize,
    bounds: Option<(Vec<usize>, Vec<usize>)>,
}

impl ThaiRun {
    fn segment(&mut self, text: &str, words: &Dictionary, seg: &mut Segmenter) {
        if self.bounds.is_some() {
            return;
        }
        let run = &text[self.start..self.end];
        // Letter index -> byte offset in the text (Thai letters are all 3 bytes, but
        // this does not need to know).
        let at: Vec<usize> = run
            .char_indices()
            .map(|(i, _)| self.start + i)
            .chain(std::iter::once(self.end))
            .collect();
        let mut codes = Vec::new();
        crate::tcc::codes_of(run, &mut codes);
        let mut pieces: Vec<Piece> = Vec::new();
        seg.segment(words, &codes, &mut pieces);
        let clusters = seg.cluster_bounds().iter().map(|&j| at[j]).collect();
        let mut word_bounds: Vec<usize> = pieces.iter().map(|p| at[p.start]).collect();
        word_bounds.push(self.end);
        self.bounds = Some((clusters, word_bounds));
    }
}

/// Byte ranges of matches in `text`, sorted and non-overlapping, each covering whole
/// words (Thai runs are segmented against `words`, the index's vocabulary).
pub fn matches(text: &str, hl: &Highlight, words: &Dictionary) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let all_runs: Vec<Run> = runs(text);
    if !hl.terms.is_empty() {
        let mut folded = String::new();
        for r in &all_runs {
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
    let mut thai: Vec<ThaiRun> = all_runs
        .iter()
        .filter(|r| r.script == Script::Thai)
        .map(|r| ThaiRun {
            start: r.start,
            end: r.start + r.text.len(),
            bounds: None,
        })
        .collect();
    let mut seg = Segmenter::default();
    for needle in &hl.thai {
        if needle.is_empty() {
            continue;
        }
        for (s, m) in text.match_indices(needle.as_str()) {
            let e = s + m.len();
            // The run holding the match (a needle is Thai letters only, so one run).
            let i = thai.partition_point(|r| r.end < e);
            let Some(run) = thai.get_mut(i).filter(|r| r.start <= s && e <= r.end) else {
                continue;
            };
            run.segment(text, words, &mut seg);
            let Some((clusters, word_bounds)) = &run.bounds else {
                continue;
            };
            if clusters.binary_search(&s).is_err() || clusters.binary_search(&e).is_err() {
                continue;
            }
            // Widen to the words the match touches.
            let ws = word_bounds[word_bounds.partition_point(|&b| b <= s) - 1];
            let we = word_bounds[word_bounds.partition_point(|&b| b < e)];
            spans.push((ws, we));
        }
    }
    crate::order::sort(&mut spans);
    // Two matches in one word (or widened onto the same words) make one mark.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    // Runs between the five ASCII bytes that need escaping are copied whole: most text
    // (all of a Thai page's) has none, and pushing it a char at a time re-encoded it.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
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

/// The snippet of `text`, or `None` if nothing in it matches; `words` is the index's
/// vocabulary, which puts the marks on whole Thai words (see the module doc).
pub fn snippet(text: &str, hl: &Highlight, words: &Dictionary) -> Option<String> {
    let spans = matches(text, hl, words);
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
    fn escapes_the_five_characters_and_keeps_the_rest() {
        let mut out = String::new();
        escape_html("ก<ข>&\"'น้ำ\u{0E33}x", &mut out);
        assert_eq!(out, "ก&lt;ข&gt;&amp;&quot;&#39;น้ำ\u{0E33}x");
        out.clear();
        escape_html("", &mut out);
        assert_eq!(out, "");
    }

    /// A vocabulary as the index would hold it.
    fn vocab(words: &[&str]) -> Dictionary {
        crate::dict::Vocabulary::from_words(words.iter().copied())
            .dict()
            .clone()
    }

    fn thai(needles: &[&str]) -> Highlight {
        Highlight {
            terms: vec![],
            thai: needles.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn marks_english_stems_and_thai_substrings() {
        let hl = Highlight {
            terms: vec![("collect".into(), "collecting".into(), 0)],
            thai: vec!["ขยะ".into()],
        };
        let words = vocab(&["คัดแยก", "ขยะ"]);
        let s = snippet("Waste <b> Collection: คัดแยกขยะ", &hl, &words).unwrap();
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
        let hl = thai(&["โครงการ"]);
        let words = vocab(&["ลำดับ", "ความสำคัญ", "ของ", "โครงการ"]);
        let s = snippet(&body, &hl, &words).unwrap();
        let first = s.trim_start_matches('…').chars().next().unwrap();
        assert!(
            !crate::normalize::is_thai_mark(first) && first != 'ำ',
            "{s}"
        );
        // A space nearby wins: the window opens on a phrase.
        let spaced = format!("{} เริ่มวลี ลำดับความสำคัญของโครงการ", "ก".repeat(60));
        let s = snippet(&spaced, &hl, &words).unwrap();
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
        let s = snippet(&text, &hl, &Dictionary::new()).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("<mark>needle</mark>"));
        assert!(s.chars().count() < WINDOW_CHARS + 20);
    }

    /// The ประสบ[การ]ณ์: a query word inside a longer word marks that whole
    /// word when it sits on the word's cluster boundaries (the search matched it there),
    /// else nothing; never a part.
    #[test]
    fn thai_marks_cover_whole_words() {
        let words = vocab(&["ประสบการณ์", "การ", "แลกเปลี่ยน", "ถังขยะ", "ขยะ", "ซื้อ", "ใหม่"]);
        // การ ends inside the cluster รณ์ of ประสบการณ์ (clusters …|กา|รณ์): the
        // search does not find การ there, so nothing is marked, not ประสบ[การ]ณ์.
        let s = snippet("แลกเปลี่ยนประสบการณ์", &thai(&["การ"]), &words);
        assert_eq!(s, None);
        let s = snippet("แลกเปลี่ยนประสบการณ์", &thai(&["ประสบ"]), &words);
        assert_eq!(s.as_deref(), Some("แลกเปลี่ยน<mark>ประสบการณ์</mark>"));
        // A compound is marked whole, as the search found it (ขยะ finds ถังขยะ).
        let s = snippet("ซื้อถังขยะใหม่", &thai(&["ขยะ"]), &words).unwrap();
        assert_eq!(s, "ซื้อ<mark>ถังขยะ</mark>ใหม่");
        // Two query words inside one word make one mark.
        let s = snippet("ซื้อถังขยะใหม่", &thai(&["ถัง", "ขยะ"]), &words).unwrap();
        assert_eq!(s, "ซื้อ<mark>ถังขยะ</mark>ใหม่");
        // A whole query run over several words marks those words.
        let s = snippet("ซื้อถังขยะใหม่", &thai(&["ถังขยะใหม่"]), &words).unwrap();
        assert_eq!(s, "ซื้อ<mark>ถังขยะใหม่</mark>");
        // Letters on cluster boundaries inside a word mark that word (ให|ม่).
        let s = snippet("ซื้อถังขยะใหม่", &thai(&["ให"]), &words).unwrap();
        assert_eq!(s, "ซื้อถังขยะ<mark>ใหม่</mark>");
    }

    /// Every mark of a Thai text starts and ends on a word boundary of its
    /// segmentation, whatever the needles.
    #[test]
    fn thai_marks_never_split_a_word() {
        let words = vocab(&[
            "การ",
            "จัดการ",
            "ขยะ",
            "มูลฝอย",
            "ชุมชน",
            "ประสบการณ์",
            "แลกเปลี่ยน",
        ]);
        let text = "การจัดการขยะมูลฝอยชุมชน แลกเปลี่ยนประสบการณ์";
        let mut bounds = vec![];
        for w in ["การ", "จัดการ", "ขยะ", "มูลฝอย", "ชุมชน"]
        {
            bounds.push(text.find(w).unwrap());
        }
        let mut ends: Vec<usize> = vec![text.find(' ').unwrap(), text.len()];
        let second = text.find("แลก").unwrap();
        bounds.extend([second, text.find("ประสบ").unwrap()]);
        ends.extend(bounds.iter().copied());
        for needles in [
            &["การ"][..],
            &["ขยะ"],
            &["จัด"],
            &["ดการข"],
            &["ฝอยชุม"],
            &["ลกเป"],
        ] {
            for (s, e) in matches(text, &thai(needles), &words) {
                assert!(
                    bounds.contains(&s),
                    "{needles:?}: mark starts inside a word at {s}"
                );
                assert!(
                    ends.contains(&e),
                    "{needles:?}: mark ends inside a word at {e}"
                );
            }
        }
    }

    /// English marks are whole tokens: the stem inside a longer token marks nothing.
    #[test]
    fn english_marks_are_whole_tokens() {
        let hl = Highlight {
            terms: vec![("collect".into(), "collect".into(), 0)],
            thai: vec![],
        };
        assert_eq!(snippet("recollection only", &hl, &Dictionary::new()), None);
        assert_eq!(
            snippet("we collected it", &hl, &Dictionary::new()).as_deref(),
            Some("we <mark>collected</mark> it")
        );
    }
}
