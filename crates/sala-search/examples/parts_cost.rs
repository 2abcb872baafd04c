//! What a browser downloads per query from the split index: `cargo run --release -p
//! sala-search --example parts_cost -- INDEX_DIR LANG CHUNK_LEN [QUERY…]`.
//!
//! Packs `INDEX_DIR/LANG` with parts of `CHUNK_LEN` bytes (the stored text as
//! `STORE_CUT` says: the doc store cut `even`ly or between `blocks`, or in `pages`, the
//! default), then runs each QUERY (limit
//! 20, as the search page asks) in turn on one searcher that keeps what it fetched, as a
//! browser tab does, and prints per query the rounds, the parts fetched and their bytes
//! raw and gzip -9. The first line gives the entry's size and the parts' count and total.

use std::io::Write;

use flate2::{write::GzEncoder, Compression};
use sala_search::{
    parts::{pack_with, StoreCut},
    Answer, Query, Searcher,
};

fn gzip(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::new(9));
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip").len()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, lang, chunk, queries @ ..] = args.as_slice() else {
        eprintln!("usage: parts_cost INDEX_DIR LANG CHUNK_LEN [QUERY…]");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(dir);
    let chunk: u32 = chunk.parse().expect("CHUNK_LEN is a number");
    let t = std::time::Instant::now();
    let store = match std::env::var("STORE_CUT").as_deref() {
        Ok("even") => StoreCut::Even,
        Ok("blocks") => StoreCut::Blocks,
        Ok("pages") | Err(_) => StoreCut::Pages,
        Ok(other) => panic!("STORE_CUT is even, blocks or pages, not {other}"),
    };
    let packed = pack_with(dir, lang, chunk, store).expect("pack");
    let all: usize = packed.parts.iter().map(|(_, b)| b.len()).sum();
    println!(
        "entry {} B raw {} B gzip; {} parts, {} B; packed in {:.2} s",
        packed.entry.len(),
        gzip(&packed.entry),
        packed.parts.len(),
        all,
        t.elapsed().as_secs_f64()
    );
    println!("hot bytes per file: {:?}", packed.hot_bytes);
    let parts: std::collections::HashMap<&str, &[u8]> = packed
        .parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let searcher = Searcher::from_entry(&packed.entry).expect("open");
    for text in queries {
        let q = Query {
            text: text.clone(),
            lang: Some(lang.clone()),
            limit: std::env::var("LIMIT").map_or(10, |v| v.parse().expect("LIMIT")),
            ..Query::default()
        };
        if std::env::var("TERMS").is_ok() {
            let mut costs = searcher.term_costs(&q);
            costs.sort_by_key(|c| std::cmp::Reverse(c.2 + c.3));
            for (field, term, post, pos) in costs {
                println!("  {field}\t{term}\t{post}\t{pos}");
            }
        }
        let (mut rounds, mut count, mut raw, mut gz) = (0, 0, 0, 0);
        let mut by_file: std::collections::BTreeMap<&str, usize> = Default::default();
        let total = loop {
            match searcher.search_parts(&q).expect("search") {
                Answer::Found(r) => break r.total,
                Answer::Need(names) => {
                    rounds += 1;
                    for name in names {
                        let bytes = parts[name.as_str()];
                        count += 1;
                        raw += bytes.len();
                        let g = gzip(bytes);
                        gz += g;
                        let file = &packed.sources[&name];
                        *by_file
                            .entry(file.rsplit('.').next().unwrap_or(""))
                            .or_default() += g;
                        searcher.add_part(&name, bytes.to_vec());
                    }
                }
            }
        };
        println!(
            "{text}\t{total} hits\t{rounds} rounds\t{count} parts\t{raw} B raw\t{gz} B gzip\t{by_file:?}"
        );
    }
}
