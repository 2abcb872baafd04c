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

/// Multiplicative hash for the small integer keys of the trie, and for the index
/// writer's in-memory map of English words to their stems (never stored).
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    /// Eight bytes a step: words are hashed for every English token indexed.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length, so that "a" and "a\0" differ.
            self.add(u64::from_le_bytes(last) ^ (rest.len() as u64) << 56);
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

/// The frozen trie, laid out for walking: each node is one header word (child count,
/// whether it has a bitmap, whether a word ends here), then for a node of
/// [`BITMAP_MIN_CHILDREN`] children or more a bitmap of their letter codes, then one
/// word per child (its letter code and the child's offset); nodes in depth-first
/// order. A step of a walk reads one or two cache lines instead of four arrays;
/// segmentation is a walk at every cluster boundary, and was the largest single cost
/// of indexing Thai.
#[derive(Clone, Default)]
struct Compact {
    /// Offsets of the root's children by letter code (0: none; the root is never a
    /// child). The root has most edges, so a table beats scanning them.
    root: Vec<u32>,
    /// Offsets of the grandchildren by the two letter codes (`first << 7 | second`),
    /// for the same reason: a first letter has dozens of second letters, and every
    /// walk past one letter scanned them.
    second: Vec<u32>,
    nodes: Vec<u32>,
}

const CHILD_BITS: u32 = 25;
const CHILD_MASK: u32 = (1 << CHILD_BITS) - 1;

/// Nodes with at least this many children also carry a bitmap of their children's
/// letter codes, so a step through them is a bit test and a popcount, not a scan. A
/// walk from every cluster boundary took about eight edge comparisons per step, and
/// half of all steps fail, which scans every edge.
const BITMAP_MIN_CHILDREN: usize = 4;
/// 128 letter codes, one bit each.
const BITMAP_WORDS: usize = 4;

/// Words a node with `children` children takes in [`Compact::nodes`].
fn node_words(children: usize) -> usize {
    1 + children
        + if children >= BITMAP_MIN_CHILDREN {
            BITMAP_WORDS
        } else {
            0
        }
}

/// The edges (code << CHILD_BITS | child offset) of the node at `at`.
fn edges_of(nodes: &[u32], at: usize) -> &[u32] {
    let header = nodes[at];
    let children = (header >> 2) as usize;
    let first = at + 1 + if header & 2 != 0 { BITMAP_WORDS } else { 0 };
    &nodes[first..first + children]
}

/// The offset of the child of the node at `at` by letter `code`, if any.
#[inline(always)]
fn child_of(nodes: &[u32], at: usize, code: u8) -> Option<usize> {
    let header = nodes[at];
    if header & 2 == 0 {
        let want = u32::from(code) << CHILD_BITS;
        let children = (header >> 2) as usize;
        return nodes[at + 1..at + 1 + children]
            .iter()
            .find(|&&e| e & !CHILD_MASK == want)
            .map(|&e| (e & CHILD_MASK) as usize);
    }
    let code = usize::from(code & 0x7F);
    let bitmap = &nodes[at + 1..at + 1 + BITMAP_WORDS];
    let (word, bit) = (code >> 5, 1u32 << (code & 31));
    if bitmap[word] & bit == 0 {
        return None;
    }
    let rank = bitmap[..word].iter().map(|w| w.count_ones()).sum::<u32>()
        + (bitmap[word] & (bit - 1)).count_ones();
    Some((nodes[at + 1 + BITMAP_WORDS + rank as usize] & CHILD_MASK) as usize)
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
        let count = self.terminal.len();
        let mut first = vec![0usize; count + 1];
        for &(n, _, _) in &edges {
            first[n as usize + 1] += 1;
        }
        for i in 0..count {
            first[i + 1] += first[i];
        }
        // Offsets in depth-first order, so a walk's next node is usually close by.
        let mut offset = vec![0u32; count];
        let mut next = 0usize;
        let mut stack = vec![0u32];
        while let Some(n) = stack.pop() {
            let n = n as usize;
            offset[n] = next as u32;
            next += node_words(first[n + 1] - first[n]);
            stack.extend(edges[first[n]..first[n + 1]].iter().rev().map(|e| e.2));
        }
        assert!(
            next <= CHILD_MASK as usize,
            "dictionary trie too large for its layout"
        );
        let mut nodes = vec![0u32; next];
        let mut root = vec![0u32; 128];
        for n in 0..count {
            let at = offset[n] as usize;
            let children = &edges[first[n]..first[n + 1]];
            let bitmap = children.len() >= BITMAP_MIN_CHILDREN;
            nodes[at] = ((children.len() as u32) << 2)
                | u32::from(bitmap) << 1
                | u32::from(self.terminal[n]);
            let edges_at = at + 1 + if bitmap { BITMAP_WORDS } else { 0 };
            for (k, &(_, code, target)) in children.iter().enumerate() {
                let child = offset[target as usize];
                nodes[edges_at + k] = (u32::from(code) << CHILD_BITS) | child;
                if bitmap {
                    nodes[at + 1 + usize::from(code >> 5)] |= 1 << (code & 31);
                }
                if n == 0 {
                    root[code as usize] = child;
                }
            }
        }
        let mut second = vec![0u32; 128 * 128];
        for (first, &child) in root.iter().enumerate() {
            if child == 0 {
                continue;
            }
            for &e in edges_of(&nodes, child as usize) {
                second[first << 7 | (e >> CHILD_BITS) as usize] = e & CHILD_MASK;
            }
        }
        self.frozen = Some(Compact {
            root,
            second,
            nodes,
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
            let key = (u64::from(node) << 7) | u64::from(crate::tcc::code(c));
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
        let codes = crate::tcc::codes(word);
        let mut found = false;
        self.walk(&codes, 0, |end| found |= end == codes.len());
        found
    }

    /// Calls `on_word(end)` for every dictionary word `codes[start..end]` (Thai letter
    /// codes, see [`crate::tcc::code`]), in increasing `end` order.
    #[inline]
    pub fn walk(&self, codes: &[u8], start: usize, mut on_word: impl FnMut(usize)) {
        let Some(c) = &self.frozen else {
            let mut node = 0u32;
            for (i, &code) in codes.iter().enumerate().skip(start) {
                if code == 0 {
                    return;
                }
                match self.edges.get(&((u64::from(node) << 7) | u64::from(code))) {
                    Some(&child) => node = child,
                    None => return,
                }
                if self.terminal[node as usize] {
                    on_word(i + 1);
                }
            }
            return;
        };
        let Some(&code0) = codes.get(start) else {
            return;
        };
        let mut node = c.root[usize::from(code0 & 0x7F)] as usize;
        if node == 0 {
            return;
        }
        if c.nodes[node] & 1 == 1 {
            on_word(start + 1);
        }
        let Some(&code1) = codes.get(start + 1) else {
            return;
        };
        node = c.second[usize::from(code0 & 0x7F) << 7 | usize::from(code1 & 0x7F)] as usize;
        if node == 0 {
            return;
        }
        if c.nodes[node] & 1 == 1 {
            on_word(start + 2);
        }
        for (i, &code) in codes.iter().enumerate().skip(start + 2) {
            match child_of(&c.nodes, node, code) {
                Some(child) => node = child,
                None => return,
            }
            if c.nodes[node] & 1 == 1 {
                on_word(i + 1);
            }
        }
    }
}

/// The Thai words of one index, as queries need them: the trie a query is segmented
/// against, and the words themselves, to find the compounds a query word is part of.
#[derive(Clone)]
pub struct Vocabulary {
    dict: Dictionary,
    /// Every word, each between two `\n`, so a substring search finds a word's
    /// compounds in one pass.
    lines: String,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::new()
    }
}

impl Vocabulary {
    /// The vocabulary of `words` (canonical; duplicates and non-Thai entries are
    /// skipped).
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut v = Vocabulary::new();
        for w in words {
            v.insert_canonical(w);
        }
        v.freeze();
        v
    }

    /// An empty vocabulary.
    pub fn new() -> Self {
        Vocabulary {
            dict: Dictionary::new(),
            lines: String::from("\n"),
        }
    }

    /// Adds one canonical word (a duplicate or a non-Thai entry is skipped); call
    /// [`Vocabulary::freeze`] when done.
    pub fn insert_canonical(&mut self, word: &str) {
        let before = self.dict.len();
        if self.dict.insert_canonical(word) && self.dict.len() > before {
            self.lines.push_str(word);
            self.lines.push('\n');
        }
    }

    /// Lays the trie out for walking (see [`Dictionary::freeze`]).
    pub fn freeze(&mut self) {
        self.dict.freeze();
    }

    /// The trie of the words.
    pub fn dict(&self) -> &Dictionary {
        &self.dict
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.dict.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.dict.is_empty()
    }

    /// The words within `distance` edits (insertions, deletions, substitutions of one
    /// letter or mark) of `word` (canonical Thai), nearest first, then shortest: the
    /// spellings a loan word is also written in (ซีเมนท์ for ซีเมนต์, อีเมล์ for อีเมล).
    pub fn near(&self, word: &str, distance: usize) -> Vec<&str> {
        let want: Vec<char> = word.chars().collect();
        let mut found: Vec<(usize, &str)> = self
            .lines
            .split('\n')
            .filter(|w| !w.is_empty() && *w != word)
            .filter_map(|w| {
                let len = w.chars().count();
                if len.abs_diff(want.len()) > distance {
                    return None;
                }
                let d = edits(&want, w, distance)?;
                Some((d, w))
            })
            .collect();
        crate::order::sort_by_key(&mut found, |(d, w)| (*d, w.len(), *w));
        found.into_iter().map(|(_, w)| w).collect()
    }

    /// The longer words that start with `beginning` (canonical Thai), shortest first,
    /// then in code-point order: what a word still being typed may become.
    pub fn completions(&self, beginning: &str) -> Vec<&str> {
        if beginning.is_empty() || beginning.contains('\n') {
            return Vec::new();
        }
        let needle = format!("\n{beginning}");
        let mut found: Vec<&str> = self
            .lines
            .match_indices(&needle)
            .filter_map(|(at, _)| {
                let start = at + 1;
                let end = start + self.lines[start..].find('\n')?;
                (end - start > beginning.len()).then(|| &self.lines[start..end])
            })
            .collect();
        crate::order::sort_by_key(&mut found, |w| (w.len(), *w));
        found
    }

    /// The longer words that contain `word` (canonical Thai) on cluster boundaries:
    /// ถังขยะ and ขยะมูลฝอย for ขยะ, but not a word where ขยะ's letters straddle a
    /// cluster. The index keeps a compound whole (the segmenter prefers fewer words),
    /// so these are where the word is, as a part.
    pub fn compounds_of<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut last_start = usize::MAX;
        self.lines
            .match_indices(word)
            .filter(|_| !word.is_empty() && !word.contains('\n'))
            .filter_map(move |(at, _)| {
                let start = self.lines[..at].rfind('\n')? + 1;
                let end = at + self.lines[at..].find('\n')?;
                if start == last_start || end - start == word.len() {
                    return None;
                }
                last_start = start;
                let compound = &self.lines[start..end];
                let codes = crate::tcc::codes(compound);
                let (from, to) = (
                    compound[..at - start].chars().count(),
                    compound[..at - start + word.len()].chars().count(),
                );
                let mut bounds = Vec::new();
                crate::tcc::boundaries(&codes, &mut bounds);
                (bounds.binary_search(&from).is_ok() && bounds.binary_search(&to).is_ok())
                    .then_some(compound)
            })
    }
}

/// Levenshtein distance between `a` and `b` in characters (a Thai mark is one).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    edits(&a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// Levenshtein distance between `a` and `b` in chars, if at most `limit`.
fn edits(a: &[char], b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
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
    fn near_finds_other_spellings() {
        let v = Vocabulary::from_words(["ซีเมนต์", "อีเมล", "ซีเมนต์ผสม", "เมนู"]);
        assert_eq!(v.near("ซีเมนท์", 1), vec!["ซีเมนต์"]);
        assert_eq!(v.near("อีเมล์", 1), vec!["อีเมล"]);
        assert!(
            v.near("ซีเมนต์", 1).is_empty(),
            "a word is not its own variant"
        );
        assert!(v.near("เมนท์", 1).is_empty());
    }

    #[test]
    fn completions_are_longer_words_with_the_beginning() {
        let v = Vocabulary::from_words(["ขยะ", "ขยะมูลฝอย", "ขยาย", "ถังขยะ", "ขย"]);
        assert_eq!(v.completions("ขย"), vec!["ขยะ", "ขยาย", "ขยะมูลฝอย"]);
        assert_eq!(v.completions("ขยะ"), vec!["ขยะมูลฝอย"]);
        assert!(v.completions("ขยะมูลฝอย").is_empty());
        assert!(v.completions("").is_empty());
    }

    #[test]
    fn walk_finds_prefixes() {
        let d = Dictionary::from_words(["น้ำ", "น้ำประปา", "ประปา", "hello"]);
        assert_eq!(d.len(), 3);
        let chars = crate::tcc::codes("น้ำประปาดี");
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

    #[test]
    fn compounds_are_found_on_cluster_boundaries_only() {
        let v = Vocabulary::from_words([
            "ขยะ",
            "ถังขยะ",
            "ขยะมูลฝอย",
            "ขยะ",
            "น้ำ",
            "น้ำประปา",
            "นา",
            "นาที",
            "กขยะ",
            "เกาะ",
            "กา",
        ]);
        assert_eq!(v.len(), 10);
        let mut c: Vec<&str> = v.compounds_of("ขยะ").collect();
        c.sort_unstable();
        assert_eq!(c, vec!["กขยะ", "ขยะมูลฝอย", "ถังขยะ"]);
        assert_eq!(v.compounds_of("น้ำ").collect::<Vec<_>>(), vec!["น้ำประปา"]);
        assert_eq!(v.compounds_of("นา").collect::<Vec<_>>(), vec!["นาที"]);
        // เกาะ is one cluster: กา inside it is no part.
        assert_eq!(v.compounds_of("กา").count(), 0);
        assert_eq!(v.compounds_of("").count(), 0);
    }

    #[test]
    fn nodes_with_a_bitmap_find_every_child_and_no_other() {
        // กข has six children, with codes in three of the bitmap's four words.
        let words = ["กขก", "กขข", "กขะ", "กขเ", "กขไ", "กขไม"];
        let d = Dictionary::from_words(words);
        let mut open = d.clone();
        open.frozen = None;
        for w in words {
            assert!(d.contains(w), "{w}");
        }
        for w in ["กขค", "กขา", "กขไก", "กข"] {
            assert!(!d.contains(w), "{w}");
        }
        let codes = crate::tcc::codes("กขไมกขะ");
        for start in 0..codes.len() {
            let (mut a, mut b) = (vec![], vec![]);
            d.walk(&codes, start, |e| a.push(e));
            open.walk(&codes, start, |e| b.push(e));
            assert_eq!(a, b, "from {start}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn frozen_and_unfrozen_walks_agree_on_the_builtin_list() {
        let frozen = builtin();
        let mut open = (*frozen).clone();
        open.frozen = None;
        let text =
            crate::tcc::codes("การจัดการขยะมูลฝอยของชุมชนในจังหวัดขอนแก่นน้ำประปาหมู่บ้านฝุ่นละอองขนาดเล็กกกกก");
        for start in 0..text.len() {
            let (mut a, mut b) = (vec![], vec![]);
            frozen.walk(&text, start, |e| a.push(e));
            open.walk(&text, start, |e| b.push(e));
            assert_eq!(a, b, "from {start}");
        }
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
