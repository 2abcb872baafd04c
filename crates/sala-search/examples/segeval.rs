//! Word-segmentation accuracy against a gold file, plus speed.
//!
//! `cargo run --release -p sala-search --example segeval -- GOLD.txt`
//!
//! GOLD.txt has one sentence per line as `input|tok1|tok2|…` (lines starting with
//! `#` are skipped), the format of UD_Thai-PUD as shipped in the kham-core crate
//! (`testdata/reference/ud_pud.txt`, CC BY-SA 3.0; not committed here). Prints word
//! precision/recall/F1 (exact spans) and boundary precision/recall/F1 (cut points
//! inside sentences) for the shipped dictionary.

use std::collections::HashSet;
use std::time::Instant;

/// CPU seconds used by this process so far (Linux; 0 elsewhere). Wall-clock times
/// are unreliable on a shared, loaded machine; CPU time is what the work costs.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the ")".
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

use sala_search::dict::builtin;
use sala_search::normalize::canonicalize;
use sala_search::segment::{Piece, Segmenter};
use sala_search::tcc::is_thai_letter;

#[derive(Default)]
struct Prf {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn add(&mut self, pred: &Spans, gold: &Spans) {
        self.tp += pred.intersection(gold).count();
        self.pred += pred.len();
        self.gold += gold.len();
    }
    fn show(&self, name: &str) {
        let p = self.tp as f64 / self.pred.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        println!("{name}: P {p:.3} R {r:.3} F1 {:.3}", 2.0 * p * r / (p + r));
    }
}

/// Spans as (start, end) char offsets; a cut point is stored as (at, at).
type Spans = HashSet<(usize, usize)>;

fn spans(lens: &[usize]) -> (Spans, Spans) {
    let mut words = HashSet::new();
    let mut cuts = HashSet::new();
    let mut at = 0;
    let total: usize = lens.iter().sum();
    for &l in lens {
        words.insert((at, at + l));
        at += l;
        if at < total {
            cuts.insert((at, at));
        }
    }
    (words, cuts)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: segeval GOLD.txt");
    let text = std::fs::read_to_string(&path).expect("read gold file");
    let dict = builtin();
    let mut seg = Segmenter::default();
    let (mut word, mut cut) = (Prf::default(), Prf::default());
    let mut sentences = 0;
    let mut chars_total = 0;
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let gold: Vec<String> = line
            .split('|')
            .skip(1)
            .map(canonicalize)
            .filter(|t| !t.is_empty())
            .collect();
        let chars: Vec<char> = gold.iter().flat_map(|t| t.chars()).collect();
        if chars.is_empty() || !chars.iter().all(|c| is_thai_letter(*c)) {
            // The segmenter sees Thai runs only; skip sentences with other characters.
            continue;
        }
        let input: Vec<u8> = chars.into_iter().map(sala_search::tcc::code).collect();
        let gold_lens: Vec<usize> = gold.iter().map(|t| t.chars().count()).collect();
        let mut pieces: Vec<Piece> = Vec::new();
        seg.segment(&dict, &input, &mut pieces);
        let pred_lens: Vec<usize> = pieces.iter().map(|p| p.end - p.start).collect();
        let (gw, gc) = spans(&gold_lens);
        let (pw, pc) = spans(&pred_lens);
        word.add(&pw, &gw);
        cut.add(&pc, &gc);
        sentences += 1;
        chars_total += input.len();
        inputs.push(input);
    }
    println!("{sentences} sentences, {chars_total} characters");
    word.show("word    ");
    cut.show("boundary");
    let t = Instant::now();
    let cpu = cpu_secs();
    let mut rounds = 0;
    let mut pieces = Vec::new();
    while cpu_secs() - cpu < 3.0 {
        for input in &inputs {
            pieces.clear();
            seg.segment(&dict, input, &mut pieces);
        }
        rounds += 1;
    }
    println!(
        "speed: {:.2} Mchar/s per CPU second ({:.2} Mchar/s wall clock), segmenter only, one thread",
        (chars_total * rounds) as f64 / (cpu_secs() - cpu) / 1e6,
        (chars_total * rounds) as f64 / t.elapsed().as_secs_f64() / 1e6
    );
}
