//! The index step: every page in every language becomes one [`sala_search::Doc`]; the
//! tantivy index goes to `site.toml`'s `search_index_dir`, and the browser's copy to
//! `public/search/`.
//!
//! What the browser gets, written here so that users of `sala build` need no wasm
//! toolchain (the module is embedded in `sala` with `include_bytes!`):
//!
//! | file | for | what |
//! |---|---|---|
//! | `search/sala-search.wasm` | http(s) | the search module |
//! | `search/index-<lang>.bin` | http(s) | one language's entry file: layout and the bytes every query reads ([`sala_search::parts`]) |
//! | `search/<lang>/<file>-<part>-<hash>.bin` | http(s) | the parts a query fetches when it reads them, named by their place and bytes |
//! | `search/sala-search.wasm.js` | file:// | the module as base64 in a classic script |
//! | `search/index-<lang>.js`, `search/<lang>/t<hash>.js` | file:// | the entry, and each 16 consecutive parts, as base64 in classic scripts |
//!
//! file:// pages may not `fetch`, but they may load classic `<script>` files; those
//! assign to the global `salaSearchFiles` (the loader, `assets/search.js`, decodes them).

use std::path::Path;

use rayon::prelude::*;

use sala_search::{pack, Doc, IndexBuilder, PreparedDoc};

use crate::encoding::base64;
use crate::fingerprint::{self, Fingerprinter, Print};
use crate::output::Output;
use sala_core::content::{Page, Site};
use sala_core::dates;
use sala_core::diagnostics::{Bilingual, Diagnostic, Diagnostics};

/// The browser's search module, built by `scripts/build-wasm.sh` from
/// `crates/sala-search-wasm` (`scripts/check-wasm.sh` keeps it in step with its sources).
pub const SEARCH_WASM: &[u8] = include_bytes!("../crates/sala-search-wasm/dist/sala-search.wasm");

/// Writes one file under `search/` (a path relative to it).
type WriteSearchFile<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostics> + Sync + 'a;

/// Pages prepared for the index at once (see [`write_search`]).
const INDEX_WINDOW: usize = 256;

/// The file in a language's index folder that holds the fingerprint of what the index
/// was made from: the binary and every page given to it, in order.
const INPUT_FILE: &str = "sala-input";

/// Builds the search index of `site` and writes the browser's files into `out`'s
/// `search/`.
pub fn write_search(site: &Site, root: &Path, out: &dyn Output) -> Result<(), Diagnostics> {
    let index_dir = root.join(&site.config.search_index_dir);
    let fail = |path: &Path, e: &dyn std::fmt::Display| {
        Diagnostics(vec![Diagnostic::new(
            path,
            Bilingual::new(
                format!("cannot write the search index: {e}"),
                format!("เขียนดัชนีค้นหาไม่ได้: {e}"),
            ),
        )])
    };
    let t = std::time::Instant::now();
    let all_pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.key() != sala_core::paths::HOME_KEY)
        .collect();
    let inputs = index_inputs(site, &all_pages);
    // A language whose pages are what its index was made from keeps that index: a
    // rebuild after editing one English page indexes English only.
    let kept: Vec<&str> = inputs
        .iter()
        .filter(|(lang, print)| recorded_input(&index_dir, lang) == Some(*print))
        .map(|(lang, _)| *lang)
        .collect();
    tracing::info!("index: kept as they were {kept:?} {:?}", t.elapsed());
    let builder =
        IndexBuilder::create_keeping(&index_dir, &kept).map_err(|e| fail(&index_dir, &e))?;
    let pages: Vec<&Page> = all_pages
        .into_iter()
        .filter(|p| !kept.contains(&p.lang()))
        .collect();
    // Pages are prepared (analyzed) in parallel, a window at a time, and added in site
    // order, so that the parts are the same bytes on every build of the same content:
    // readers' browsers keep their cached copy, and a rebuild need not rewrite it. A
    // window is added while the next one is prepared, each language on a thread of its
    // own, so the cores stay busy once rendering is done.
    let prepare = |window: &[&Page]| -> Result<Vec<PreparedDoc>, Diagnostics> {
        window
            .par_iter()
            .map(|page| {
                builder
                    .prepare(doc_of(site, page))
                    .map_err(|e| fail(&page.source.path, &e))
            })
            .collect()
    };
    let add = |window: &[&Page], prepared: Vec<PreparedDoc>| -> Result<(), Diagnostics> {
        let mut by_lang: Vec<Vec<(&Page, PreparedDoc)>> = Vec::new();
        for (page, doc) in window.iter().zip(prepared) {
            match by_lang
                .iter_mut()
                .find(|docs| docs[0].1.lang() == doc.lang())
            {
                Some(docs) => docs.push((page, doc)),
                None => by_lang.push(vec![(page, doc)]),
            }
        }
        by_lang.into_par_iter().try_for_each(|docs| {
            docs.into_iter().try_for_each(|(page, doc)| {
                builder
                    .add_prepared(doc)
                    .map_err(|e| fail(&page.source.path, &e))
            })
        })
    };
    let mut pending: Option<(&[&Page], Vec<PreparedDoc>)> = None;
    for window in pages.chunks(INDEX_WINDOW) {
        let previous = pending.take();
        let (added, prepared) = rayon::join(
            || previous.map_or(Ok(()), |(w, docs)| add(w, docs)),
            || prepare(window),
        );
        added?;
        pending = Some((window, prepared?));
    }
    if let Some((window, docs)) = pending {
        add(window, docs)?;
    }
    tracing::info!("index: documents added {:?}", t.elapsed());
    builder.finish().map_err(|e| fail(&index_dir, &e))?;
    for (lang, print) in inputs.iter().filter(|(l, _)| !kept.contains(l)) {
        let path = index_dir.join(lang).join(INPUT_FILE);
        std::fs::write(&path, print.to_string()).map_err(|e| fail(&path, &e))?;
    }
    tracing::info!("index: committed {:?}", t.elapsed());

    let write = |name: &str, bytes: &[u8]| {
        let rel = format!("search/{name}");
        out.write(&rel, bytes)
            .map_err(|e| fail(&out.path_of(&rel), &e))
    };
    write("sala-search.wasm", SEARCH_WASM)?;
    write(
        "sala-search.wasm.js",
        script("wasm", SEARCH_WASM).as_bytes(),
    )?;
    // Languages are packed side by side: packing reads and compresses every page.
    site.languages().par_iter().try_for_each(|lang| {
        let packed = pack(&index_dir, lang).map_err(|e| fail(&index_dir, &e))?;
        tracing::info!("index: {lang} packed {:?}", t.elapsed());
        let entry = format!("index-{lang}");
        write(&format!("{entry}.bin"), &packed.entry)?;
        write_twin(&entry, &[(&entry, &packed.entry)], &write, out)?;
        packed
            .parts
            .par_iter()
            .try_for_each(|(name, bytes)| write(&format!("{name}.bin"), bytes))?;
        let bytes_of: std::collections::HashMap<&str, &[u8]> = packed
            .parts
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        packed.twins.par_iter().try_for_each(|(twin, held)| {
            let held: Vec<(&str, &[u8])> = held
                .iter()
                .map(|n| (n.as_str(), bytes_of[n.as_str()]))
                .collect();
            write_twin(twin, &held, &write, out)
        })
    })?;
    tracing::info!("index: browser files written {:?}", t.elapsed());
    Ok(())
}

/// The fingerprint of what each language's index is made from (the languages the
/// builder always writes, and the site's).
fn index_inputs<'s>(site: &'s Site, pages: &[&'s Page]) -> Vec<(&'s str, Print)> {
    let binary = fingerprint::binary();
    let per_page: Vec<Print> = pages
        .par_iter()
        .map(|page| fingerprint::of_hash(&doc_of(site, page)))
        .collect();
    let mut langs: Vec<&str> = vec!["th", "en"];
    for lang in site.languages() {
        if !langs.contains(&lang.as_str()) {
            langs.push(lang);
        }
    }
    langs
        .into_iter()
        .map(|lang| {
            let mut f = Fingerprinter::new();
            f.print(binary);
            for (page, print) in pages.iter().zip(&per_page) {
                if page.lang() == lang {
                    f.print(*print);
                }
            }
            (lang, f.finish())
        })
        .collect()
}

/// The fingerprint a language's index was last made from, if it is there and whole.
fn recorded_input(index_dir: &Path, lang: &str) -> Option<Print> {
    let dir = index_dir.join(lang);
    if !dir.join("meta.json").is_file() {
        return None;
    }
    std::fs::read_to_string(dir.join(INPUT_FILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// One page in its own language (fallback copies are not indexed: they are the same
/// text under another language's URL).
fn doc_of(site: &Site, page: &Page) -> Doc {
    let (key, lang) = (page.key(), page.lang());
    Doc {
        id: format!("{lang}:{key}"),
        url: site.url_of(key, lang),
        lang: lang.to_owned(),
        kind: page.kind().id().to_owned(),
        title: page.title().to_owned(),
        summary: page.summary(),
        body: page.body.text.clone(),
        headings: page.body.headings.iter().map(|h| h.text.clone()).collect(),
        topics: page.common.topics.clone(),
        districts: page.meta.districts().iter().map(u16::to_string).collect(),
        problem: page.meta.problem().map(str::to_owned),
        labels: site.labels_of(page),
        year: Some(page.date.year()),
        date: Some(dates::iso(page.date)),
    }
}

/// Writes `search/<twin>.js`, the classic script that files each of `held` (a name and
/// its bytes) for file:// pages, unless the previous build left the same script: a
/// twin is named by what it holds, so the same name with the same size and start is
/// the same script, kept without making 4/3 of its bytes again.
fn write_twin(
    twin: &str,
    held: &[(&str, &[u8])],
    write: &WriteSearchFile<'_>,
    out: &dyn Output,
) -> Result<(), Diagnostics> {
    let Some((first, _)) = held.first() else {
        return Ok(());
    };
    let (head, _) = script_ends(first);
    let len: u64 = held.iter().map(|(n, b)| script_len(n, b.len())).sum();
    let from = format!("search/{first}.bin");
    if out.keep_derived(&format!("search/{twin}.js"), &from, (len, head.as_bytes())) {
        return Ok(());
    }
    let mut js = String::with_capacity(len as usize);
    for (name, bytes) in held {
        js.push_str(&script(name, bytes));
    }
    write(&format!("{twin}.js"), js.as_bytes())
}

/// A classic script that files `bytes` as base64 under `name` in `salaSearchFiles`.
fn script(name: &str, bytes: &[u8]) -> String {
    let (head, tail) = script_ends(name);
    format!("{head}{}{tail}", base64(bytes))
}

/// What [`script`] puts before and after the base64 text.
fn script_ends(name: &str) -> (String, &'static str) {
    (
        format!("(window.salaSearchFiles=window.salaSearchFiles||{{}})[\"{name}\"]=\""),
        "\";\n",
    )
}

/// The length of [`script`]'s output for `len` bytes, without making it.
fn script_len(name: &str, len: usize) -> u64 {
    let (head, tail) = script_ends(name);
    (head.len() + len.div_ceil(3) * 4 + tail.len()) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x80]), "//6A");
    }

    #[test]
    fn script_len_is_the_length_of_the_script() {
        for n in 0..10 {
            let bytes = vec![7u8; n];
            assert_eq!(
                script_len("index-th", n),
                script("index-th", &bytes).len() as u64
            );
        }
    }

    #[test]
    fn the_embedded_module_is_wasm() {
        assert_eq!(&SEARCH_WASM[..4], b"\0asm");
    }
}
