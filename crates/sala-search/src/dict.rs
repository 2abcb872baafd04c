//! Word dictionaries for the Thai segmenter: a compact character trie over the Thai
//! block.
//!
//! Two dictionaries use it: the shipped word list (index time, native only, see
//! [`builtin`]) and the vocabulary of an index's Thai word field (query
//! time, native and wasm). Only words made entirely of Thai letters are kept; each is
//! normalized with [`crate::normalize::canonicalize`] first so that lookups agree with
//! the analyzer.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::normalize::canonicalize;
use crate::tcc::is_thai_letter;

/// Multiplicative hash for the small integer keys of the trie.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type Map = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// A set of Thai words with fast longest-prefix walks.
///
/// Built in a hash map (node, character) → child, then frozen into a compact
/// CSR layout (each node's children contiguous and sorted), which walks several
/// times faster because a node's edges share a cache line.
#[derive(Clone, Default)]
pub struct Dictionary {
    /// (node << 7 | Thai code point offset) → child node.
    edges: Map,
    /// Whether a word ends at a node.
    terminal: Vec<bool>,
    words: usize,
    frozen: Option<Compact>,
}

/// Children of node `n` are `codes[first[n]..first[n + 1]]` → `targets[..]`.
#[derive(Clone, Default)]
struct Compact {
    first: Vec<u32>,
    codes: Vec<u8>,
    targets: Vec<u32>,
}

fn code(c: char) -> Option<u64> {
    if is_thai_letter(c) {
        Some(u64::from(c as u32 - 0x0E00))
    } else {
        None
    }
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Self {
        Dictionary {
            edges: Map::default(),
            terminal: vec![false],
            words: 0,
            frozen: None,
        }
    }

    /// Builds a dictionary from words; entries that are not all Thai letters after
    /// normalization are skipped.
    pub fn from_words<I, S>(words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut d = Dictionary::new();
        for w in words {
            d.insert(w.as_ref());
        }
        d.freeze();
        d
    }

    /// Builds the compact layout used by [`Dictionary::walk`]. Inserting afterwards
    /// drops it (walks fall back to the hash map) until the next `freeze`.
    pub fn freeze(&mut self) {
        let mut edges: Vec<(u32, u8, u32)> = self
            .edges
            .iter()
            .map(|(k, v)| ((k >> 7) as u32, (k & 0x7F) as u8, *v))
            .collect();
        edges.sort_unstable();
        let nodes = self.terminal.len();
        let mut first = vec![0u32; nodes + 1];
        for &(n, _, _) in &edges {
            first[n as usize + 1] += 1;
        }
        for i in 0..nodes {
            first[i + 1] += first[i];
        }
        self.frozen = Some(Compact {
            first,
            codes: edges.iter().map(|e| e.1).collect(),
            targets: edges.iter().map(|e| e.2).collect(),
        });
    }

    /// Adds one word after normalizing it. Returns false if it was skipped (empty or
    /// not pure Thai).
    pub fn insert(&mut self, word: &str) -> bool {
        let word = word.trim();
        if word.is_empty() || word.is_ascii() {
            return false;
        }
        self.insert_canonical(&canonicalize(word))
    }

    /// Adds one word that is already canonical (e.g. an index term).
    pub fn insert_canonical(&mut self, word: &str) -> bool {
        if word.is_empty() || !word.chars().all(is_thai_letter) {
            return false;
        }
        self.frozen = None;
        let mut node = 0u32;
        for c in word.chars() {
            let key = (u64::from(node) << 7) | code(c).unwrap_or(0);
            let next = self.terminal.len() as u32;
            let child = *self.edges.entry(key).or_insert(next);
            if child == next {
                self.terminal.push(false);
            }
            node = child;
        }
        if !self.terminal[node as usize] {
            self.terminal[node as usize] = true;
            self.words += 1;
        }
        true
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words
    }

    /// True if no word was added.
    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// Whether `word` is in the dictionary (exact match, no normalization).
    pub fn contains(&self, word: &str) -> bool {
        let chars: Vec<char> = word.chars().collect();
        let mut found = false;
        self.walk(&chars, 0, |end| found |= end == chars.len());
        found
    }

    /// Calls `on_word(end)` for every dictionary word `chars[start..end]`, in
    /// increasing `end` order.
    #[inline]
    pub fn walk(&self, chars: &[char], start: usize, mut on_word: impl FnMut(usize)) {
        if let Some(c) = &self.frozen {
            let mut node = 0usize;
            for (i, &ch) in chars.iter().enumerate().skip(start) {
                let Some(code) = code(ch) else { return };
                let (s, e) = (c.first[node] as usize, c.first[node + 1] as usize);
                match c.codes[s..e].iter().position(|&x| u64::from(x) == code) {
                    Some(p) => node = c.targets[s + p] as usize,
                    None => return,
                }
                if self.terminal[node] {
                    on_word(i + 1);
                }
            }
            return;
        }
        let mut node = 0u32;
        for (i, &c) in chars.iter().enumerate().skip(start) {
            let Some(code) = code(c) else { return };
            match self.edges.get(&((u64::from(node) << 7) | code)) {
                Some(&child) => node = child,
                None => return,
            }
            if self.terminal[node as usize] {
                on_word(i + 1);
            }
        }
    }
}

/// The shipped word list: PyThaiNLP's `words_th.txt` (CC0-1.0, see `dict/NOTICE`)
/// plus Sala's own additions in `dict/words_sala.txt`. Native only: the browser
/// segments queries with the index's own vocabulary instead.
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin() -> std::sync::Arc<Dictionary> {
    use std::sync::{Arc, OnceLock};
    static DICT: OnceLock<Arc<Dictionary>> = OnceLock::new();
    DICT.get_or_init(|| {
        let pythainlp = include_str!("../dict/words_th.txt");
        let sala = include_str!("../dict/words_sala.txt");
        Arc::new(Dictionary::from_words(
            pythainlp
                .lines()
                .chain(sala.lines().filter(|l| !l.starts_with('#'))),
        ))
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_finds_prefixes() {
        let d = Dictionary::from_words(["น้ำ", "น้ำประปา", "ประปา", "hello"]);
        assert_eq!(d.len(), 3);
        let chars: Vec<char> = "น้ำประปาดี".chars().collect();
        let mut ends = vec![];
        d.walk(&chars, 0, |e| ends.push(e));
        assert_eq!(ends, vec![3, 8]);
        // Unfrozen (after an insert) walks the same.
        let mut d2 = d.clone();
        d2.insert("ดี");
        let mut ends2 = vec![];
        d2.walk(&chars, 0, |e| ends2.push(e));
        assert_eq!(ends2, ends);
        assert!(d.contains("ประปา"));
        assert!(!d.contains("ประ"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn builtin_has_common_words() {
        let d = builtin();
        assert!(d.len() > 60_000);
        for w in ["น้ำ", "ขอนแก่น", "ขยะ", "การ", "ชุมชน"]
        {
            assert!(d.contains(w), "{w}");
        }
    }
}
