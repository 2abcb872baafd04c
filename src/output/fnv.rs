//! 64-bit FNV-1a, the one copy of it in the workspace: a build's output is versioned
//! with it (the stamp in `sw.js`), and [`super::content_hash`] starts from its offset
//! basis.
//!
//! ```
//! use sala::output::fnv::Fnv1a;
//!
//! let mut h = Fnv1a::default();
//! h.eat(b"guides/");
//! h.eat(b"plan");
//! assert_eq!(h.finish(), Fnv1a::hash(b"guides/plan"));
//! assert_eq!(Fnv1a::hash(b""), Fnv1a::OFFSET_BASIS);
//! assert_eq!(Fnv1a::hash(b"a"), 0xaf63_dc4c_8601_ec8c);
//! ```

/// 64-bit FNV-1a, fed in pieces.
#[derive(Debug, Clone)]
pub struct Fnv1a(u64);

impl Fnv1a {
    /// The 64-bit FNV offset basis: the hash of no bytes.
    pub const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    /// The 64-bit FNV prime.
    pub const PRIME: u64 = 0x0100_0000_01b3;

    /// The hash of `bytes` in one call.
    pub fn hash(bytes: &[u8]) -> u64 {
        let mut h = Fnv1a::default();
        h.eat(bytes);
        h.finish()
    }

    /// Feeds `bytes`, one byte a step.
    pub fn eat(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// The hash of everything fed so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(Self::OFFSET_BASIS)
    }
}
