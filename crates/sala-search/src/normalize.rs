//! Text normalization, the first step of every analysis (index, query, snippet).
//!
//! Two layers, so that stored text and token offsets stay consistent:
//!
//! * [`canonicalize`] changes the *shape* of the text: NFC (never NFKC), strip
//!   U+200B/U+200C/U+200D/U+2060, compose ํ + า into ำ, put Thai upper/lower vowels,
//!   tone marks and ์ into one canonical order, drop repeated marks, and fold เเ into แ.
//!   The index stores canonical text, so snippets can be cut from it directly.
//! * [`fold_char`] is a per-character fold applied while tokenizing: Thai digits
//!   ๐–๙ become 0–9 and Latin letters are lowercased. It never changes a character's
//!   position, only its bytes, so it cannot disturb offsets.
//!
//! [`normalize`] is both together: what a token sees.

use unicode_normalization::UnicodeNormalization;

/// Zero-width characters authors use as line-break hints; stripped before anything else.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
}

/// Thai combining marks written above or below a base character.
pub const fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

const NIKHAHIT: char = '\u{0E4D}'; // ํ
const SARA_AA: char = '\u{0E32}'; // า
const SARA_AM: char = '\u{0E33}'; // ำ
const SARA_E: char = '\u{0E40}'; // เ
const SARA_AE: char = '\u{0E41}'; // แ

/// Rank of a Thai mark in the canonical order: vowels above/below (and phinthu)
/// first, then maitaikhu, then tone marks, then thanthakhat and the rest. Inside a
/// rank, marks with a non-zero canonical combining class are kept in ascending class
/// order so the result is still NFC.
const fn mark_rank(c: char) -> (u8, u8) {
    let class = match c {
        '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | NIKHAHIT => 0,
        '\u{0E47}' => 1,
        '\u{0E48}'..='\u{0E4B}' => 2,
        _ => 3, // ์ ๎ and anything else in the mark range
    };
    let ccc = match c {
        '\u{0E3A}' => 9,
        '\u{0E38}' | '\u{0E39}' => 103,
        '\u{0E48}'..='\u{0E4B}' => 107,
        _ => 0,
    };
    (class, ccc)
}

/// Canonical form of `text` (see the module doc). Idempotent.
pub fn canonicalize(text: &str) -> String {
    // Fast path: most pages are ASCII and Thai typed in order, already canonical.
    if is_plainly_canonical(text) {
        return text.to_owned();
    }
    // One pass is enough for real text. Odd input (Thai marks stacked on Latin
    // combining marks, which NFC then reorders) can need another; iterate to the
    // fixed point so the result is always idempotent.
    let mut cur = canonical_pass(text);
    if cur == text {
        return cur;
    }
    for _ in 0..8 {
        let next = canonical_pass(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// [`canonicalize`], keeping `text`'s allocation when it is canonical already.
pub fn canonicalize_owned(text: String) -> String {
    if is_plainly_canonical(&text) {
        text
    } else {
        canonicalize(&text)
    }
}

/// Whether `text` is canonical by a quick look: only ASCII, the Thai block, Latin-1
/// and Latin Extended letters and general punctuation, no
/// เเ or ํ, marks after a base at most two, in canonical order and different, and no
/// mark after a sara am. False means "maybe not": [`canonical_pass`] decides.
///
/// NFC leaves such text alone (Thai has no canonical decompositions, and marks in
/// [`mark_rank`] order are in combining class order), and so does the Thai pass; the
/// build canonicalizes every page three times over, and the full pass was 5 % of it.
fn is_plainly_canonical(text: &str) -> bool {
    // Reads bytes: every text indexed goes through here, and it is nearly all ASCII and
    // Thai (E0 B8|B9 xx), told apart and decoded without a char iterator. `prev` is
    // the Thai code of the character before (NOT_THAI for any other).
    const NOT_THAI: u8 = 0xFF;
    use crate::tcc::code;
    let (nikhahit, sara_am, sara_e) = (code(NIKHAHIT), code(SARA_AM), code(SARA_E));
    let bytes = text.as_bytes();
    let mut prev = NOT_THAI;
    let mut marks = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            prev = NOT_THAI;
            marks = 0;
            i += 1;
            continue;
        }
        if let Some(k) = crate::tcc::thai_offset_at(bytes, i) {
            if MARK_RANK[usize::from(k)].is_some() {
                if k == nikhahit || prev == sara_am {
                    return false;
                }
                if marks == 2
                    || marks == 1
                        && (MARK_RANK[usize::from(prev)] > MARK_RANK[usize::from(k)] || prev == k)
                {
                    return false;
                }
                marks += 1;
            } else {
                if k == sara_e && prev == sara_e || k == sara_am && prev == sara_am {
                    return false;
                }
                marks = 0;
            }
            prev = k;
            i += 3;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        if !matches!(c, '\u{00A0}'..='\u{024F}' | '\u{2010}'..='\u{205F}') {
            return false;
        }
        // Latin letters (precomposed, as NFC keeps them) and punctuation such as – and
        // “ ”: none decomposes or combines.
        prev = NOT_THAI;
        marks = 0;
        i += c.len_utf8();
    }
    true
}

/// [`mark_rank`] of each Thai code that is a mark ([`is_thai_mark`]); `None` for the
/// rest of the block.
const MARK_RANK: [Option<(u8, u8)>; 128] = {
    let mut t = [None; 128];
    let mut k = 0;
    while k < 128 {
        let c = match char::from_u32(0x0E00 + k as u32) {
            Some(c) => c,
            None => unreachable!(),
        };
        if is_thai_mark(c) {
            t[k] = Some(mark_rank(c));
        }
        k += 1;
    }
    t
};

fn canonical_pass(text: &str) -> String {
    let nfc: Vec<char> = if unicode_normalization::is_nfc(text) {
        text.chars().filter(|c| !is_zero_width(*c)).collect()
    } else {
        text.chars().filter(|c| !is_zero_width(*c)).nfc().collect()
    };
    let mut out = String::with_capacity(text.len());
    let mut marks: Vec<char> = Vec::with_capacity(4);
    let mut i = 0;
    while i < nfc.len() {
        let mut c = nfc[i];
        i += 1;
        if c == SARA_E && i < nfc.len() && nfc[i] == SARA_E {
            // เเ typed for แ.
            c = SARA_AE;
            i += 1;
        }
        // A sara am never takes another one (or a ํ + า) as its own: otherwise "ำ"
        // followed by "ำ่" would regroup differently on a second pass.
        let base_is_am = c == SARA_AM;
        if is_thai_mark(c) {
            // A mark with no base (text start, after a space…): still order its run.
            i -= 1;
        } else {
            out.push(c);
            if !is_thai_char(c) && !is_thai_mark(nfc.get(i).copied().unwrap_or(' ')) {
                continue;
            }
        }
        // Collect the marks (and a sara am, typed before or after the tones) that
        // belong to this base.
        marks.clear();
        let mut am = false;
        loop {
            match nfc.get(i).copied() {
                Some(m) if is_thai_mark(m) => {
                    if !marks.contains(&m) {
                        marks.push(m);
                    }
                    i += 1;
                }
                Some(SARA_AM) if !am && !base_is_am => {
                    am = true;
                    i += 1;
                }
                Some(SARA_AA) if !am && !base_is_am && marks.contains(&NIKHAHIT) => {
                    marks.retain(|m| *m != NIKHAHIT);
                    am = true;
                    i += 1;
                }
                _ => break,
            }
        }
        if am {
            // A nikhahit next to a sara am is the same sound written twice.
            marks.retain(|m| *m != NIKHAHIT);
        }
        marks.sort_by_key(|m| mark_rank(*m));
        out.extend(marks.iter());
        if am {
            out.push(SARA_AM);
        }
    }
    // The Thai steps only reorder marks that NFC leaves alone (or sort the ones it
    // orders the same way), but compose once more to be safe on odd input.
    if unicode_normalization::is_nfc(&out) {
        out
    } else {
        out.nfc().collect()
    }
}

/// Any character in the Thai block.
pub fn is_thai_char(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Per-character fold used by tokenizers: Thai digits → ASCII digits, Latin letters
/// lowercased (only when that maps one character to one character). Thai letters and
/// marks are returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        }
        _ => c,
    }
}

/// Full normalization as documented in THAI.md: [`canonicalize`] then [`fold_char`]
/// on every character. Idempotent.
pub fn normalize(text: &str) -> String {
    canonicalize(text).chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nam_keeps_its_marks() {
        assert_eq!(normalize("น้ำ"), "น้ำ");
        assert_ne!(normalize("น้ำ"), normalize("นา"));
    }

    #[test]
    fn sara_am_is_composed_and_ordered() {
        // ํ + ้ + า typed separately.
        assert_eq!(normalize("น\u{0E4D}\u{0E49}\u{0E32}"), "น้ำ");
        assert_eq!(normalize("น\u{0E49}\u{0E4D}\u{0E32}"), "น้ำ");
        // ำ typed before the tone mark.
        assert_eq!(normalize("น\u{0E33}\u{0E49}"), "น้ำ");
        // NFKC would decompose ำ; we must not.
        assert_eq!(normalize("ทำ"), "ทำ");
    }

    #[test]
    fn marks_are_reordered_and_deduplicated() {
        // tone before upper vowel → upper vowel first
        assert_eq!(normalize("ก\u{0E48}\u{0E35}"), "ก\u{0E35}\u{0E48}");
        // repeated tone mark
        assert_eq!(normalize("ก\u{0E48}\u{0E48}า"), "ก\u{0E48}า");
        // tone before sara u (NFC already orders by combining class)
        assert_eq!(normalize("ป\u{0E49}\u{0E39}"), "ป\u{0E39}\u{0E49}");
        assert_eq!(normalize("เเมว"), "แมว");
    }

    #[test]
    fn zero_width_and_digits() {
        assert_eq!(normalize("ขอน\u{200B}แก่น"), "ขอนแก่น");
        assert_eq!(normalize("a\u{200C}b\u{200D}c\u{2060}d"), "abcd");
        assert_eq!(normalize("พ.ศ. ๒๕๖๗"), "พ.ศ. 2567");
    }

    /// The quick check char by char, the plain way the byte-level one must agree with.
    fn is_plainly_canonical_by_chars(text: &str) -> bool {
        let mut prev = ' ';
        let mut marks = 0;
        for c in text.chars() {
            if c.is_ascii() {
                marks = 0;
            } else if is_thai_mark(c) {
                if c == NIKHAHIT || prev == SARA_AM {
                    return false;
                }
                if marks == 1 && (mark_rank(prev) > mark_rank(c) || prev == c) || marks == 2 {
                    return false;
                }
                marks += 1;
            } else if is_thai_char(c) {
                if c == SARA_E && prev == SARA_E || c == SARA_AM && prev == SARA_AM {
                    return false;
                }
                marks = 0;
            } else if matches!(c, '\u{00A0}'..='\u{024F}' | '\u{2010}'..='\u{205F}') {
                marks = 0;
            } else {
                return false;
            }
            prev = c;
        }
        true
    }

    #[test]
    fn the_quick_check_only_passes_canonical_text() {
        // Random strings over the characters the Thai pass treats specially.
        let alphabet: Vec<char> = "กนป ำาเแ\u{0E31}\u{0E34}\u{0E35}\u{0E38}\u{0E39}\u{0E3A}\u{0E47}\u{0E48}\u{0E49}\u{0E4C}\u{0E4D}aé–\u{0301}\u{200B}\u{2000}"
            .chars()
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let (mut passed, mut checked) = (0, 0);
        for _ in 0..200_000 {
            let mut s = String::new();
            for _ in 0..(x % 7) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            x = x.wrapping_add(1);
            checked += 1;
            assert_eq!(
                is_plainly_canonical(&s),
                is_plainly_canonical_by_chars(&s),
                "{:?}",
                s.chars().collect::<Vec<_>>()
            );
            if is_plainly_canonical(&s) {
                passed += 1;
                assert_eq!(canonical_pass(&s), s, "{:?}", s.chars().collect::<Vec<_>>());
            }
        }
        // The check must pass real text often, or it saves nothing.
        assert!(passed * 10 > checked, "{passed} of {checked}");
        for t in ["น้ำ", "ที่", "ปู่", "การจัดการขยะ", "PM2.5 ขอนแก่น"]
        {
            assert!(is_plainly_canonical(t), "{t}");
        }
    }

    #[test]
    fn latin_lowercased_only() {
        assert_eq!(normalize("PM2.5 Éa"), "pm2.5 éa");
        // NFC, not NFKC: the ligature ﬁ stays.
        assert_eq!(normalize("\u{FB01}"), "\u{FB01}");
        assert_eq!(normalize("e\u{0301}"), "é");
    }
}
