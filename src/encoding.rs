//! Byte encodings: base64 for the search files' file:// copies and for e-mail subjects.
//! A leaf, so the generator and the companion share it without meeting each other.

use base64::Engine as _;

/// Standard base64 with padding (what the browser's `atob` and RFC 2047 read).
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
