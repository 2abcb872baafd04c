//! Thai character clusters (TCC): the smallest pieces Thai text can be cut into
//! without splitting a syllable's written parts.
//!
//! Owns the rules for where a cut is allowed inside a run of Thai letters. The word
//! segmenter only ends words at these points, and the n-gram field indexes the
//! clusters themselves. The rules are a compact subset of Theeramunkong et al.'s TCC:
//!
//! * never cut before a combining mark (upper/lower vowel, tone, ์) or before the
//!   following vowels ะ า ำ ๅ or ฯ;
//! * never cut after a leading vowel เ แ โ ใ ไ;
//! * never cut before a consonant silenced by ์ (ก์, or ดิ์/ดุ์), which belongs to the
//!   syllable before it.

use crate::normalize::is_thai_mark;

/// A letter that belongs to a Thai run (consonants, vowels, marks, ฯ); excludes Thai
/// digits, ๆ and the symbols ฿ ๏ ๚ ๛.
pub fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

fn is_leading_vowel(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}')
}

fn is_following_vowel(c: char) -> bool {
    matches!(
        c,
        '\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}' | '\u{0E2F}'
    )
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}')
}

const THANTHAKHAT: char = '\u{0E4C}';

/// Whether a cut is allowed between `chars[i - 1]` and `chars[i]` (0 < i < len).
pub fn can_break_before(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if is_thai_mark(c) || is_following_vowel(c) || is_leading_vowel(chars[i - 1]) {
        return false;
    }
    if is_consonant(c) {
        match (chars.get(i + 1), chars.get(i + 2)) {
            (Some(&THANTHAKHAT), _) => return false,
            (Some('\u{0E34}' | '\u{0E38}'), Some(&THANTHAKHAT)) => return false,
            _ => {}
        }
    }
    true
}

/// Whether a cut is allowed at byte `at` of `text`: at either end, and between two
/// characters unless that would split a Thai cluster (see [`can_break_before`]).
pub fn can_break_at(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return true;
    }
    if !text.is_char_boundary(at) {
        return false;
    }
    let mut around: Vec<char> = text[..at].chars().next_back().into_iter().collect();
    around.extend(text[at..].chars().take(3));
    can_break_before(&around, 1)
}

/// Cluster boundaries of a Thai run as char indices, including 0 and `chars.len()`.
pub fn boundaries(chars: &[char], out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    for i in 1..chars.len() {
        if can_break_before(chars, i) {
            out.push(i);
        }
    }
    if !chars.is_empty() {
        out.push(chars.len());
    }
}

/// The clusters of a Thai run, as strings.
pub fn clusters(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut b = Vec::new();
    boundaries(&chars, &mut b);
    b.windows(2)
        .map(|w| chars[w[0]..w[1]].iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_keep_syllable_parts_together() {
        assert_eq!(clusters("น้ำ"), vec!["น้ำ"]);
        assert_eq!(clusters("เกาะ"), vec!["เกาะ"]);
        assert_eq!(clusters("ประปา"), vec!["ป", "ระ", "ปา"]);
        assert_eq!(clusters("จันทร์"), vec!["จั", "น", "ทร์"]);
        assert_eq!(clusters("ศักดิ์"), vec!["ศั", "กดิ์"]);
        assert_eq!(clusters("ขอนแก่น"), vec!["ข", "อ", "น", "แก่", "น"]);
    }

    #[test]
    fn cuts_in_text_avoid_splitting_clusters() {
        let t = "ลำดับ";
        assert!(can_break_at(t, 0) && can_break_at(t, t.len()));
        assert!(!can_break_at(t, 'ล'.len_utf8()), "ล|ำ splits a cluster");
        assert!(can_break_at(t, "ลำ".len()));
        assert!(!can_break_at(t, 1), "inside a character");
    }
}
