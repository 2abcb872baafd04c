//! The stored form of a page's text: one byte per Thai letter instead of UTF-8's three.
//!
//! Owns the encoding of the body kept for snippets (the `body_text` field). ASCII is
//! stored as itself, a character of the Thai block U+0E00–U+0E7E as one byte
//! `0x80 + offset`, anything else as `0xFF` followed by its UTF-8 bytes. The doc store
//! compresses blocks of 16 KB with lz4: packed, a block holds almost three times as much
//! Thai, and on the 10,000-item benchmark corpus the compressed text came out 2.7 times
//! smaller. It is most of the browser's bundle, so this is bytes a phone does not fetch.

const ESCAPE: u8 = 0xFF;
const THAI_BASE: u32 = 0x0E00;

/// Packs `text` (see the module doc).
pub fn pack(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let cp = c as u32;
        if cp < 0x80 {
            out.push(cp as u8);
        } else if (THAI_BASE..THAI_BASE + 0x7F).contains(&cp) {
            out.push(0x80 + (cp - THAI_BASE) as u8);
        } else {
            out.push(ESCAPE);
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    out
}

/// Unpacks what [`pack`] made. Never fails: a broken escape becomes U+FFFD.
pub fn unpack(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b < 0x80 {
            out.push(char::from(b));
        } else if b != ESCAPE {
            out.push(char::from_u32(THAI_BASE + u32::from(b - 0x80)).unwrap_or('\u{FFFD}'));
        } else {
            let len = match bytes.get(i) {
                Some(0x00..=0x7F) => 1,
                Some(0xC0..=0xDF) => 2,
                Some(0xE0..=0xEF) => 3,
                Some(0xF0..=0xF7) => 4,
                _ => 1,
            };
            let end = (i + len).min(bytes.len());
            match std::str::from_utf8(&bytes[i..end]) {
                Ok(s) if !s.is_empty() => out.push_str(s),
                _ => out.push('\u{FFFD}'),
            }
            i = end.max(i + 1).min(bytes.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_thai_latin_and_the_rest() {
        for t in [
            "",
            "น้ำประปา PM2.5 ขอนแก่น",
            "Café – “quotes” 😀 \u{0E7F}\u{0E5B}\u{0E01}",
            "ก\u{0301}\u{200B}x",
        ] {
            assert_eq!(unpack(&pack(t)), t);
        }
        assert_eq!(pack("น้ำ").len(), 3);
        assert_eq!(pack("a"), b"a");
    }

    #[test]
    fn garbage_does_not_panic() {
        for bytes in [
            &[0xFF][..],
            &[0xFF, 0xE0],
            &[0xFF, 0xFF, 0x80],
            &[0xFF, 0xC3],
        ] {
            let _ = unpack(bytes);
        }
        // Every byte string unpacks to something.
        let all: Vec<u8> = (0..=255u8).collect();
        assert!(!unpack(&all).is_empty());
    }
}
