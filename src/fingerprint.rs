//! Fingerprints of a build's inputs: what a rebuild compares with the previous build's
//! to tell which outputs it can keep as they are.
//!
//! A fingerprint is the 128-bit XXH3 of everything fed to it. A collision would leave a
//! stale file in the output, so 64 bits are too few for comfort; a cryptographic hash
//! would guard against an adversary, but the inputs are the site's own files, and
//! SHA-256 made the fingerprints of a 10,000-item site cost half a second of CPU.

use std::fmt;
use std::hash::Hasher;

use xxhash_rust::xxh3::Xxh3;

/// A fingerprint: 16 bytes, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Print(pub [u8; 16]);

impl fmt::Display for Print {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Print {
    type Err = ();
    fn from_str(s: &str) -> Result<Print, ()> {
        if s.len() != 32 || !s.is_ascii() {
            return Err(());
        }
        let mut out = [0u8; 16];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| ())?;
        }
        Ok(Print(out))
    }
}

/// Takes values in: through [`std::hash::Hash`], through `{:?}` ([`fmt::Write`]), or
/// as bytes.
#[derive(Clone, Default)]
pub struct Fingerprinter(Xxh3);

impl Fingerprinter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn print(&mut self, p: Print) -> &mut Self {
        self.0.update(&p.0);
        self
    }

    /// Everything `value`'s `Debug` shows: every field of a struct that derives it,
    /// including fields added later, which a list of fields fed by hand would miss.
    pub fn debug(&mut self, value: &impl fmt::Debug) -> &mut Self {
        use fmt::Write;
        // Writing into a hasher cannot fail.
        let _ = write!(self, "{value:?}");
        self.0.update(&[0xff]);
        self
    }

    pub fn finish(self) -> Print {
        Print(self.0.digest128().to_le_bytes())
    }
}

impl fmt::Write for Fingerprinter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl Hasher for Fingerprinter {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Not a fingerprint: [`Fingerprinter::finish`] is. Only here because `Hash` needs a
    /// `Hasher`.
    fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// The fingerprint of `value` through its [`std::hash::Hash`].
pub fn of_hash(value: &impl std::hash::Hash) -> Print {
    let mut f = Fingerprinter::new();
    value.hash(&mut f);
    f.finish()
}

/// What this `sala` binary is: its version, and the size and time of its file. A new
/// build of Sala may render or index the same input differently, so nothing a different
/// binary made is kept.
pub fn binary() -> Print {
    let mut f = Fingerprinter::new();
    f.bytes(env!("CARGO_PKG_VERSION").as_bytes());
    match std::env::current_exe().and_then(std::fs::metadata) {
        Ok(meta) => {
            f.bytes(&meta.len().to_le_bytes());
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            f.bytes(&mtime.to_le_bytes());
        }
        // Unknown: a fingerprint no other run makes, so nothing is kept.
        Err(_) => {
            f.bytes(&std::process::id().to_le_bytes());
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            f.bytes(&now.to_le_bytes());
        }
    }
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_read_back_and_differ_with_their_input() {
        let a = of_hash(&("guides/plan", 1u32));
        let b = of_hash(&("guides/plan", 2u32));
        assert_ne!(a, b);
        assert_eq!(a.to_string().parse::<Print>(), Ok(a));
        assert!("xyz".parse::<Print>().is_err());
        let mut split = Fingerprinter::new();
        split.bytes(b"ab").bytes(b"c");
        let mut other = Fingerprinter::new();
        other.bytes(b"a").bytes(b"bc");
        assert_ne!(split.finish(), other.finish());
    }

    #[test]
    fn the_binary_has_one_print_per_run() {
        assert_eq!(binary(), binary());
    }
}
