//! The analyzer: canonical text → tokens, identical at index and query time.
//!
//! Owns how text is cut into the two token streams the schema indexes:
//!
//! * **words** ([`word_tokens`]): Thai runs are segmented by [`crate::segment`] against a
//!   dictionary (the shipped list when indexing, the index vocabulary when querying);
//!   every other alphanumeric run (Latin, digits, Thai digits folded to ASCII) is one
//!   token, lowercased and, if it has letters and no digits, stemmed with the Snowball
//!   English stemmer. A `.` between two digits stays inside the token (`pm2.5`).
//! * **clusters** ([`cluster_tokens`]): each Thai character cluster of a Thai run is a
//!   token, with consecutive positions, so a phrase over clusters is an exact Thai
//!   substring match. This is the recall field for words no dictionary knows.
//!
//! Input must already be [`crate::normalize::canonicalize`]d; offsets are byte offsets
//! into it. The tantivy [`Tokenizer`](tantivy::tokenizer::Tokenizer) adapters used by
//! the index writer live here too (native only).

use crate::dict::Dictionary;
use crate::normalize::fold_char;
use crate::segment::{Piece, Segmenter};
use crate::tcc::{self, is_thai_letter};

/// What kind of run a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Thai,
    Other,
}

/// One token: its indexed text, byte range in the canonical input and script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub script: Script,
}

/// Longest token kept, in bytes; longer runs (base64, hashes) are cut.
pub const MAX_TOKEN_BYTES: usize = 120;

/// A run of text of one script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    pub start: usize,
    pub script: Script,
}

fn is_other_word_char(c: char) -> bool {
    !is_thai_letter(c) && c.is_alphanumeric()
}

/// Splits canonical text into Thai runs and other alphanumeric runs, skipping
/// separators.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let script = if is_thai_letter(c) {
            Script::Thai
        } else if is_other_word_char(c) {
            Script::Other
        } else {
            continue;
        };
        let mut end = start + c.len_utf8();
        let mut prev = c;
        while let Some(&(i, d)) = it.peek() {
            let same = match script {
                Script::Thai => is_thai_letter(d),
                Script::Other => {
                    is_other_word_char(d)
                        || (d == '.'
                            && fold_char(prev).is_ascii_digit()
                            && text[i + 1..]
                                .chars()
                                .next()
                                .is_some_and(|n| fold_char(n).is_ascii_digit()))
                }
            };
            if !same {
                break;
            }
            end = i + d.len_utf8();
            prev = d;
            it.next();
        }
        out.push(Run {
            text: &text[start..end],
            start,
            script,
        });
    }
    out
}

/// The indexed form of a non-Thai token: folded, stemmed if it is a word.
pub fn other_term(raw: &str) -> String {
    let folded: String = raw.chars().map(fold_char).collect();
    stem_folded(folded)
}

fn stem_folded(folded: String) -> String {
    let mut folded = folded;
    if folded.len() > MAX_TOKEN_BYTES {
        let mut cut = MAX_TOKEN_BYTES;
        while !folded.is_char_boundary(cut) {
            cut -= 1;
        }
        folded.truncate(cut);
    }
    if folded.chars().any(|c| c.is_ascii_digit()) || !folded.chars().any(char::is_alphabetic) {
        return folded;
    }
    let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    match stemmer.stem(&folded) {
        std::borrow::Cow::Borrowed(_) => folded,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// Word tokens of canonical `text`, Thai runs segmented against `dict`.
pub fn word_tokens(text: &str, dict: &Dictionary, seg: &mut Segmenter, out: &mut Vec<Tok>) {
    let mut chars: Vec<char> = Vec::new();
    let mut offs: Vec<usize> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for run in runs(text) {
        match run.script {
            Script::Other => out.push(Tok {
                text: other_term(run.text),
                start: run.start,
                end: run.start + run.text.len(),
                script: Script::Other,
            }),
            Script::Thai => {
                chars.clear();
                offs.clear();
                for (i, c) in run.text.char_indices() {
                    chars.push(c);
                    offs.push(run.start + i);
                }
                offs.push(run.start + run.text.len());
                pieces.clear();
                seg.segment(dict, &chars, &mut pieces);
                for p in &pieces {
                    let (s, e) = (offs[p.start], offs[p.end]);
                    if e - s > MAX_TOKEN_BYTES {
                        continue;
                    }
                    out.push(Tok {
                        text: text[s..e].to_owned(),
                        start: s,
                        end: e,
                        script: Script::Thai,
                    });
                }
            }
        }
    }
}

/// Unstemmed, folded non-Thai word tokens of canonical `text`: what typo-tolerant
/// (fuzzy) matching compares against, since a typo often defeats the stemmer.
pub fn raw_tokens(text: &str, out: &mut Vec<Tok>) {
    for run in runs(text) {
        if run.script == Script::Other && run.text.len() <= MAX_TOKEN_BYTES {
            out.push(Tok {
                text: run.text.chars().map(fold_char).collect(),
                start: run.start,
                end: run.start + run.text.len(),
                script: Script::Other,
            });
        }
    }
}

/// Thai cluster tokens of canonical `text` (other scripts are skipped).
pub fn cluster_tokens(text: &str, out: &mut Vec<Tok>) {
    // Every Thai character is encoded as E0 B8 xx or E0 B9 xx: skip text without any.
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xE0 && (w[1] == 0xB8 || w[1] == 0xB9))
    {
        return;
    }
    let mut chars: Vec<char> = Vec::new();
    let mut offs: Vec<usize> = Vec::new();
    let mut bounds: Vec<usize> = Vec::new();
    for run in runs(text) {
        if run.script != Script::Thai {
            continue;
        }
        chars.clear();
        offs.clear();
        for (i, c) in run.text.char_indices() {
            chars.push(c);
            offs.push(run.start + i);
        }
        offs.push(run.start + run.text.len());
        tcc::boundaries(&chars, &mut bounds);
        for w in bounds.windows(2) {
            let (s, e) = (offs[w[0]], offs[w[1]]);
            if e - s > MAX_TOKEN_BYTES {
                continue;
            }
            out.push(Tok {
                text: text[s..e].to_owned(),
                start: s,
                end: e,
                script: Script::Thai,
            });
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tantivy_adapter {
    //! tantivy tokenizers wrapping the analyzer, registered by the index writer.
    use super::*;
    use std::sync::Arc;
    use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

    /// Which stream a tokenizer emits.
    #[derive(Clone)]
    pub enum Mode {
        Words(Arc<Dictionary>),
        Clusters,
        Raw,
    }

    /// A tantivy tokenizer over [`word_tokens`] or [`cluster_tokens`].
    #[derive(Clone)]
    pub struct SalaTokenizer {
        pub mode: Mode,
    }

    pub struct VecStream {
        tokens: Vec<Token>,
        next: usize,
    }

    impl TokenStream for VecStream {
        fn advance(&mut self) -> bool {
            if self.next < self.tokens.len() {
                self.next += 1;
                true
            } else {
                false
            }
        }
        fn token(&self) -> &Token {
            &self.tokens[self.next - 1]
        }
        fn token_mut(&mut self) -> &mut Token {
            &mut self.tokens[self.next - 1]
        }
    }

    thread_local! {
        static SEG: std::cell::RefCell<Segmenter> = std::cell::RefCell::new(Segmenter::default());
    }

    impl Tokenizer for SalaTokenizer {
        type TokenStream<'a> = VecStream;
        fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream {
            let mut toks = Vec::new();
            match &self.mode {
                Mode::Words(d) => {
                    SEG.with(|s| word_tokens(text, d, &mut s.borrow_mut(), &mut toks))
                }
                Mode::Clusters => cluster_tokens(text, &mut toks),
                Mode::Raw => raw_tokens(text, &mut toks),
            }
            let tokens = toks
                .into_iter()
                .enumerate()
                .map(|(position, t)| Token {
                    offset_from: t.start,
                    offset_to: t.end,
                    position,
                    text: t.text,
                    position_length: 1,
                })
                .collect();
            VecStream { tokens, next: 0 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::canonicalize;

    fn words(d: &Dictionary, s: &str) -> Vec<String> {
        let c = canonicalize(s);
        let mut out = vec![];
        word_tokens(&c, d, &mut Segmenter::default(), &mut out);
        out.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_is_lowercased_and_stemmed() {
        let d = Dictionary::new();
        assert_eq!(
            words(&d, "Managing Waste-Collection services"),
            vec!["manag", "wast", "collect", "servic"]
        );
    }

    #[test]
    fn mixed_and_digits() {
        let d = Dictionary::from_words(["ขอนแก่น", "ฝุ่น"]);
        assert_eq!(words(&d, "PM2.5 ขอนแก่น"), vec!["pm2.5", "ขอนแก่น"]);
        assert_eq!(words(&d, "ฝุ่นPM2.5"), vec!["ฝุ่น", "pm2.5"]);
        assert_eq!(words(&d, "ปี ๒๕๖๗"), words(&d, "ปี 2567"));
        assert_eq!(words(&d, "end. 2"), vec!["end", "2"]);
    }

    #[test]
    fn clusters_cover_thai_only() {
        let c = canonicalize("น้ำ ABC ประปา");
        let mut out = vec![];
        cluster_tokens(&c, &mut out);
        let t: Vec<_> = out.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(t, vec!["น้ำ", "ป", "ระ", "ปา"]);
    }
}
