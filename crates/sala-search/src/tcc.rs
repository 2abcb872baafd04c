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

/// A letter that belongs to a Thai run (consonants, vowels, marks, ฯ); excludes Thai
/// digits, ๆ and the symbols ฿ ๏ ๚ ๛.
pub const fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// A Thai letter's code: its offset in the Thai block (1..=0x4E), or 0 for any other
/// character. Segmentation works on codes: a run's letters are all 3 bytes in UTF-8,
/// so a run of codes needs no table of byte offsets, and a trie step or a cluster
/// rule is a byte lookup.
pub const fn code(c: char) -> u8 {
    if is_thai_letter(c) {
        (c as u32 - 0x0E00) as u8
    } else {
        0
    }
}

/// The [`code`] of each character of `text`, whatever it holds (0 for non-letters).
pub fn codes(text: &str) -> Vec<u8> {
    text.chars().map(code).collect()
}

/// The codes of a run of Thai letters (see [`code`]), read straight from its UTF-8:
/// every Thai letter is `E0 B8 xx` (U+0E00..U+0E3F) or `E0 B9 xx` (U+0E40..U+0E7F).
pub fn codes_of(run: &str, out: &mut Vec<u8>) {
    debug_assert!(run.chars().all(is_thai_letter));
    out.clear();
    out.extend(run.as_bytes().chunks_exact(3).map(|b| offset(b[1], b[2])));
}

/// The offset in the Thai block of the character whose UTF-8 is `E0 b1 b2`.
fn offset(b1: u8, b2: u8) -> u8 {
    ((b1 & 1) << 6) | (b2 & 0x3F)
}

/// The offset in the Thai block (U+0E00..U+0E7F) of the character at byte `i` of UTF-8
/// `bytes`, if it is in the block: read without decoding, for the passes that go over
/// every text indexed.
#[inline]
pub fn thai_offset_at(bytes: &[u8], i: usize) -> Option<u8> {
    match bytes.get(i..i + 3) {
        Some(&[0xE0, b1 @ (0xB8 | 0xB9), b2]) => Some(offset(b1, b2)),
        _ => None,
    }
}

/// Whether the bytes at `i` of UTF-8 `bytes` encode a Thai letter ([`is_thai_letter`]).
#[inline]
pub fn thai_letter_at(bytes: &[u8], i: usize) -> bool {
    thai_offset_at(bytes, i).is_some_and(|k| KIND[usize::from(k)] & LETTER != 0)
}

const LETTER: u8 = 16;
const MARK: u8 = 1;
const FOLLOWING_VOWEL: u8 = 2;
const LEADING_VOWEL: u8 = 4;
const CONSONANT: u8 = 8;

/// What each code is, for the cluster rules.
const KIND: [u8; 128] = {
    let mut k = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let ch = match char::from_u32(0x0E00 + c as u32) {
            Some(ch) => ch,
            None => unreachable!(),
        };
        let kind = if crate::normalize::is_thai_mark(ch) {
            // Upper/lower vowels, tone marks, ์ and the rest.
            MARK
        } else {
            match c as u8 {
                // ะ ฯ า ำ ๅ
                0x30 | 0x2F | 0x32 | 0x33 | 0x45 => FOLLOWING_VOWEL,
                // เ แ โ ใ ไ
                0x40..=0x44 => LEADING_VOWEL,
                0x01..=0x2E => CONSONANT,
                _ => 0,
            }
        };
        k[c] = kind | if is_thai_letter(ch) { LETTER } else { 0 };
        c += 1;
    }
    k
};

const THANTHAKHAT: u8 = 0x4C;
const SARA_I: u8 = 0x34;
const SARA_U: u8 = 0x38;

fn is(kind: u8, code: u8) -> bool {
    KIND[usize::from(code & 0x7F)] & kind != 0
}

/// Whether a cut is allowed between `codes[i - 1]` and `codes[i]` (0 < i < len).
fn can_break_before(codes: &[u8], i: usize) -> bool {
    let c = codes[i];
    if is(MARK | FOLLOWING_VOWEL, c) || is(LEADING_VOWEL, codes[i - 1]) {
        return false;
    }
    if is(CONSONANT, c) {
        match (codes.get(i + 1), codes.get(i + 2)) {
            (Some(&THANTHAKHAT), _) => return false,
            (Some(&(SARA_I | SARA_U)), Some(&THANTHAKHAT)) => return false,
            _ => {}
        }
    }
    true
}

/// Whether a cut is allowed at byte `at` of `text`: at either end, and between two
/// characters unless that would split a Thai cluster (see [`boundaries`]).
pub fn can_break_at(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return true;
    }
    if !text.is_char_boundary(at) {
        return false;
    }
    let mut around: Vec<u8> = text[..at]
        .chars()
        .next_back()
        .map(code)
        .into_iter()
        .collect();
    around.extend(text[at..].chars().take(3).map(code));
    can_break_before(&around, 1)
}

/// Cluster boundaries of a Thai run of `codes` (see [`codes_of`]) as indices, including
/// 0 and `codes.len()`, by the rules in this module's header.
pub fn boundaries(codes: &[u8], out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    for i in 1..codes.len() {
        if can_break_before(codes, i) {
            out.push(i);
        }
    }
    if !codes.is_empty() {
        out.push(codes.len());
    }
}

/// The clusters of a Thai run, as strings.
pub fn clusters(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut b = Vec::new();
    boundaries(&codes(run), &mut b);
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
    fn codes_read_from_utf8_match_the_letters() {
        let run: String = ('\u{0E00}'..='\u{0E7F}')
            .filter(|&c| is_thai_letter(c))
            .collect();
        let mut read = Vec::new();
        codes_of(&run, &mut read);
        let want = codes(&run);
        assert_eq!(read, want);
        assert!(want.iter().all(|&c| c > 0));
        assert_eq!(code('a'), 0);
        assert_eq!(code('๑'), 0, "Thai digits are not letters");
        for c in run.chars() {
            assert_eq!(
                is(MARK, code(c)),
                crate::normalize::is_thai_mark(c),
                "{c:?}"
            );
        }
        for c in ('\u{0D80}'..='\u{0F00}').chain(['a', ' ', '\u{1E00}']) {
            let s = c.to_string();
            assert_eq!(thai_letter_at(s.as_bytes(), 0), is_thai_letter(c), "{c:?}");
        }
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
