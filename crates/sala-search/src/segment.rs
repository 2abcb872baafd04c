//! Thai word segmentation by maximal matching over Thai character clusters.
//!
//! Owns the algorithm only; the dictionary is a parameter, so index time (the full
//! shipped word list) and query time (the index's own vocabulary) run the same code.
//!
//! For one run of Thai letters, a dynamic program over the cluster boundaries
//! (see [`crate::tcc`]) picks the segmentation that first minimizes the number of
//! characters not covered by dictionary words and then minimizes the number of words
//! (the classic maximal matching of Sornlertlamvanich, as in newmm). Dictionary words
//! may only start and end on cluster boundaries. Uncovered clusters next to each other
//! are merged into one unknown token, so a name the dictionary lacks stays whole.

use crate::dict::Dictionary;
use crate::tcc;

/// A word found in a run: char range `start..end` and whether the dictionary knew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub known: bool,
}

/// Reusable buffers, so segmenting many runs allocates nothing per run.
#[derive(Default)]
pub struct Segmenter {
    bounds: Vec<usize>,
    is_bound: Vec<bool>,
    cost: Vec<(u32, u32)>,
    back: Vec<(u32, bool)>,
    /// Whether clusters `k` and `k + 1` are a dictionary word together, by cluster.
    pair_is_word: Vec<bool>,
    /// Buffers for the caller (a run's letter codes, the pieces), kept here so that
    /// they outlive one text.
    scratch: (Vec<u8>, Vec<Piece>),
}

impl Segmenter {
    /// Takes the caller's buffers, empty; give them back with [`Segmenter::put_scratch`].
    pub fn take_scratch(&mut self) -> (Vec<u8>, Vec<Piece>) {
        let (mut c, mut p) = std::mem::take(&mut self.scratch);
        c.clear();
        p.clear();
        (c, p)
    }

    /// Keeps the caller's buffers for the next text.
    pub fn put_scratch(&mut self, codes: Vec<u8>, pieces: Vec<Piece>) {
        self.scratch = (codes, pieces);
    }

    /// Character-cluster boundaries of the run last segmented (letter indices, from 0
    /// to its length): the analyzer cuts cluster pairs at them without finding them again.
    pub fn cluster_bounds(&self) -> &[usize] {
        &self.bounds
    }

    /// Whether clusters `k` and `k + 1` of the run last segmented make a dictionary
    /// word together: found by the walks the segmentation makes anyway, so that the
    /// analyzer need not walk again for the pairs it keeps across word boundaries.
    pub fn pair_is_word(&self, k: usize) -> bool {
        self.pair_is_word.get(k).copied().unwrap_or(false)
    }

    /// Segments one Thai run, given as the codes of its letters ([`tcc::codes_of`]),
    /// appending pieces to `out` in text order.
    pub fn segment(&mut self, dict: &Dictionary, codes: &[u8], out: &mut Vec<Piece>) {
        let n = codes.len();
        if n == 0 {
            return;
        }
        tcc::boundaries(codes, &mut self.bounds);
        self.is_bound.clear();
        self.is_bound.resize(n + 1, false);
        for &b in &self.bounds {
            self.is_bound[b] = true;
        }
        const INF: (u32, u32) = (u32::MAX, u32::MAX);
        self.cost.clear();
        self.cost.resize(n + 1, INF);
        self.back.clear();
        self.back.resize(n + 1, (0, false));
        self.pair_is_word.clear();
        self.pair_is_word.resize(self.bounds.len(), false);
        self.cost[0] = (0, 0);
        for bi in 0..self.bounds.len() - 1 {
            let i = self.bounds[bi];
            let here = self.cost[i];
            // Never true (the next cluster is always reachable as an unknown one); it
            // keeps the sums below from overflowing.
            if here == INF {
                continue;
            }
            // Dictionary words starting at i.
            let (cost, back, is_bound) = (&mut self.cost, &mut self.back, &self.is_bound);
            let pair_end = self.bounds.get(bi + 2).copied();
            let pair_is_word = &mut self.pair_is_word[bi];
            dict.walk(codes, i, |end| {
                *pair_is_word |= Some(end) == pair_end;
                if is_bound[end] {
                    let c = (here.0, here.1 + 1);
                    if c < cost[end] {
                        cost[end] = c;
                        back[end] = (i as u32, true);
                    }
                }
            });
            // Or one unknown cluster.
            let j = self.bounds[bi + 1];
            let c = (here.0 + (j - i) as u32, here.1 + 1);
            if c < self.cost[j] {
                self.cost[j] = c;
                self.back[j] = (i as u32, false);
            }
        }
        // Walk back, then emit in order, merging neighbouring unknown clusters.
        let first = out.len();
        let mut j = n;
        while j > 0 {
            let (i, known) = self.back[j];
            out.push(Piece {
                start: i as usize,
                end: j,
                known,
            });
            j = i as usize;
        }
        out[first..].reverse();
        let mut w = first;
        for r in first..out.len() {
            let p = out[r];
            if w > first && !p.known && !out[w - 1].known {
                out[w - 1].end = p.end;
            } else {
                out[w] = p;
                w += 1;
            }
        }
        out.truncate(w);
    }
}

/// Convenience: segments a string that is one Thai run, returning the words.
pub fn segment_run(dict: &Dictionary, run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let codes = tcc::codes(run);
    let mut out = Vec::new();
    Segmenter::default().segment(dict, &codes, &mut out);
    out.iter()
        .map(|p| chars[p.start..p.end].iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(d: &Dictionary, s: &str) -> String {
        segment_run(d, s).join("|")
    }

    #[test]
    fn maximal_matching_prefers_fewer_words() {
        let d = Dictionary::from_words(["ไป", "ไปเที่ยว", "เที่ยว", "ทะเล", "ทะ", "เล"]);
        assert_eq!(seg(&d, "ไปเที่ยวทะเล"), "ไปเที่ยว|ทะเล");
    }

    #[test]
    fn unknown_spans_stay_whole() {
        let d = Dictionary::from_words(["อำเภอ"]);
        assert_eq!(seg(&d, "อำเภอซำสูง"), "อำเภอ|ซำสูง");
        assert_eq!(seg(&Dictionary::new(), "ซำสูง"), "ซำสูง");
    }

    #[test]
    fn words_end_on_cluster_boundaries() {
        // "กา" is a word but would cut "กาะ"-like clusters; "เกาะ" must not split.
        let d = Dictionary::from_words(["เกา", "เกาะ", "กา"]);
        assert_eq!(seg(&d, "เกาะ"), "เกาะ");
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn builtin_examples() {
        let d = &*crate::dict::builtin();
        assert_eq!(seg(d, "การจัดการขยะชุมชน"), "การ|จัดการ|ขยะ|ชุมชน");
        assert_eq!(seg(d, "น้ำประปาหมู่บ้าน"), "น้ำประปา|หมู่บ้าน");
        assert_eq!(seg(d, "จังหวัดขอนแก่น"), "จังหวัด|ขอนแก่น");
        assert_eq!(seg(d, "ฝุ่นละอองขนาดเล็ก"), "ฝุ่นละออง|ขนาดเล็ก");
    }
}
