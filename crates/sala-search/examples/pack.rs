//! Packs a browser bundle: `cargo run -p sala-search --example pack -- INDEX_DIR LANG OUT [QUERY…]`.
//! With `--demo` as INDEX_DIR, first builds a three-page Thai demo index (used to
//! smoke-test a wasm build in Node). Each QUERY is then run natively on the bundle and
//! printed as JSON, to compare with what the wasm module returns.

use sala_search::{pack_bundle, Doc, IndexBuilder};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, lang, out, queries @ ..] = args.as_slice() else {
        eprintln!("usage: pack INDEX_DIR|--demo LANG OUT [QUERY…]");
        std::process::exit(2);
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = if dir == "--demo" {
        let b = IndexBuilder::create(tmp.path()).expect("create");
        for (slug, title, body) in [
            (
                "tap-water",
                "น้ำประปาหมู่บ้าน",
                "ปรับปรุงระบบน้ำประปาให้ชาวบ้านมีน้ำดื่มสะอาด ปี ๒๕๖๗",
            ),
            ("rice", "นาข้าวอินทรีย์", "กลุ่มเกษตรกรทำนาข้าวอินทรีย์ในขอนแก่น"),
            (
                "waste",
                "การจัดการขยะชุมชน",
                "คัดแยกขยะ ลดฝุ่น PM2.5 จากการเผาขยะ",
            ),
        ] {
            b.add(&Doc {
                id: format!("th:cases/{slug}"),
                url: format!("cases/{slug}/index.html"),
                lang: "th".into(),
                kind: "case".into(),
                title: title.into(),
                body: body.into(),
                year: Some(2024),
                ..Doc::default()
            })
            .expect("add");
        }
        b.finish().expect("finish");
        tmp.path().to_owned()
    } else {
        std::path::PathBuf::from(dir)
    };
    let bytes = pack_bundle(&dir, lang).expect("pack");
    std::fs::write(out, &bytes).expect("write");
    println!("{} bytes", bytes.len());
    let searcher = sala_search::Searcher::from_bundle(&bytes).expect("open bundle");
    for text in queries {
        let q = sala_search::Query {
            text: text.clone(),
            lang: Some(lang.clone()),
            limit: 3,
            ..Default::default()
        };
        let r = searcher.search(&q).expect("search");
        println!("{text} {}", serde_json::to_string(&r).expect("json"));
    }
}
