//! Property tests: random Unicode, biased towards Thai and its lone marks, through the
//! normalizer, the analyzer, the segmenter, the query parser/builder and snippets.

use proptest::prelude::*;
use sala_search::analyzer::{
    cluster_pair_tokens, raw_tokens, runs, word_tokens, Script, Tok, PAIR_SEP,
};
use sala_search::dict::{builtin, Vocabulary};
use sala_search::normalize::{canonicalize, normalize};
use sala_search::query::{build, parse, NoTerms};
use sala_search::schema;
use sala_search::segment::Segmenter;
use sala_search::snippet::snippet;

fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => (0x0E00u32..=0x0E7F).prop_map(|c| char::from_u32(c).unwrap()),
        2 => prop::sample::select(vec![
            '\u{0E48}', '\u{0E49}', '\u{0E4D}', '\u{0E32}', '\u{0E33}', '\u{0E31}', '\u{0E38}',
            '\u{0E3A}', '\u{0E4C}', '\u{0E40}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
            ' ', '"', '-', '.', '\u{0301}', '\u{FB01}', 'İ', 'ß',
        ]),
        2 => prop::char::range('0', 'z'),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..60).prop_map(|v| v.into_iter().collect())
}

fn check_tokens(text: &str, toks: &[Tok]) {
    for t in toks {
        assert!(t.start <= t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(!t.text.is_empty());
        if t.script == Script::Thai {
            assert_eq!(t.text, &text[t.start..t.end]);
        }
    }
}

/// Runs found char by char, the plain way [`runs`] must agree with.
fn runs_by_chars(text: &str) -> Vec<(usize, usize, Script)> {
    use sala_search::normalize::fold_char;
    use sala_search::tcc::is_thai_letter;
    let other = |c: char| !is_thai_letter(c) && c.is_alphanumeric();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let script = if is_thai_letter(c) {
            Script::Thai
        } else if other(c) {
            Script::Other
        } else {
            k += 1;
            continue;
        };
        let digit = |j: usize| {
            chars
                .get(j)
                .is_some_and(|&(_, c)| fold_char(c).is_ascii_digit())
        };
        k += 1;
        while k < chars.len() {
            let d = chars[k].1;
            let same = match script {
                Script::Thai => is_thai_letter(d),
                Script::Other => other(d) || (d == '.' && digit(k - 1) && digit(k + 1)),
            };
            if !same {
                break;
            }
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |&(i, _)| i);
        out.push((start, end, script));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn runs_read_from_bytes_match_runs_read_by_chars(s in prop_oneof![
        text(),
        // Few letters, so the edges (a dot between digits, Thai digits, ๆ) come up.
        prop::collection::vec(prop::sample::select(vec![
            '1', '๒', '.', 'a', 'é', 'ก', '\u{0E48}', 'ๆ', ' ', '-',
        ]), 0..30).prop_map(|v| v.into_iter().collect()),
    ]) {
        let c = canonicalize(&s);
        let got: Vec<_> = runs(&c).iter().map(|r| (r.start, r.start + r.text.len(), r.script)).collect();
        prop_assert_eq!(got, runs_by_chars(&c));
        // And on text as written, before canonicalizing.
        let got: Vec<_> = runs(&s).iter().map(|r| (r.start, r.start + r.text.len(), r.script)).collect();
        prop_assert_eq!(got, runs_by_chars(&s));
    }

    #[test]
    fn normalize_is_idempotent(s in text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        let c = canonicalize(&s);
        prop_assert_eq!(canonicalize(&c), c);
    }

    #[test]
    fn normalize_never_drops_thai_marks_of_normal_words(s in prop::sample::select(vec![
        "น้ำ", "วิทยุ", "ที่", "เรื่อง", "ศักดิ์", "ก็", "ผู้ใหญ่", "ไม้"
    ])) {
        prop_assert_eq!(normalize(s), s);
    }

    #[test]
    fn analyzer_tokens_are_sane_and_stable(s in text()) {
        let c = canonicalize(&s);
        let dict = builtin();
        let mut seg = Segmenter::default();
        let (mut a, mut b, mut cl, mut raw) = (vec![], vec![], vec![], vec![]);
        word_tokens(&c, &dict, &mut seg, &mut a);
        check_tokens(&c, &a);
        cluster_pair_tokens(&c, &mut cl);
        for t in &cl {
            // A pair term is the pair's text with the separator between its clusters.
            let (first, second) = t.text.split_once(PAIR_SEP).expect("a pair term has a separator");
            prop_assert!(!first.is_empty());
            prop_assert_eq!(format!("{first}{second}"), &c[t.start..t.end]);
        }
        raw_tokens(&c, &mut raw);
        check_tokens(&c, &raw);
        // Tokens of normalized text are stable under normalizing again.
        let again = canonicalize(&c);
        word_tokens(&again, &dict, &mut seg, &mut b);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn segmentation_covers_each_run(s in prop::collection::vec((0x0E01u32..=0x0E4E).prop_map(|c| char::from_u32(c).unwrap()), 1..40)) {
        let run: String = s.into_iter().filter(|c| sala_search::tcc::is_thai_letter(*c)).collect();
        let mut codes = vec![];
        sala_search::tcc::codes_of(&run, &mut codes);
        prop_assert_eq!(codes.len(), run.chars().count());
        let mut pieces = vec![];
        Segmenter::default().segment(&builtin(), &codes, &mut pieces);
        let mut at = 0;
        for p in &pieces {
            prop_assert_eq!(p.start, at);
            prop_assert!(p.end > p.start);
            at = p.end;
        }
        prop_assert_eq!(at, codes.len());
    }

    #[test]
    fn query_parser_and_builder_never_panic(s in text(), body in text()) {
        let (_, fields) = schema::build();
        let vocab = Vocabulary::from_words(["น้ำ", "ประปา", "น้ำประปา", "ขอนแก่น"]);
        let _ = parse(&s);
        let built = build(&s, &fields, &vocab, &NoTerms, true);
        let _ = snippet(&canonicalize(&body), &built.highlight, vocab.dict());
    }
}
