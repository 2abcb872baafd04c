//! What the bilingual fixture site renders: translations, fallbacks, every front-matter
//! field of every kind, Thai dates, Markdown features, baked comments, feeds, and
//! byte-identical output across builds.

use crate::support::{build_ok, fixture, read, sala};

#[test]
fn translated_pages_link_to_each_other_with_hreflang() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("guides/plan/index.html"));
    let en = read(&public.join("en/guides/plan/index.html"));
    assert!(th.starts_with("<!doctype html>\n<html lang=\"th\">"));
    assert!(en.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(
        th.contains(
            r#"<link rel="alternate" hreflang="en" href="../../en/guides/plan/index.html">"#
        ),
        "{th}"
    );
    assert!(en.contains(
        r#"<link rel="alternate" hreflang="th" href="../../../guides/plan/index.html">"#
    ));
    // The language switch names the other language in that language.
    let switch = th
        .split(r#"<a href="../../en/guides/plan/index.html" hreflang="en" lang="en">"#)
        .nth(1)
        .expect("language switch link");
    assert!(switch.split("</a>").next().unwrap().ends_with("English"));
    assert!(!th.contains("fallback-notice"));
}

#[test]
fn missing_translation_shows_the_other_text_under_a_notice() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let en = read(&public.join("en/cases/waste/index.html"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("Not yet translated into English"),
        "notice in the reader's language"
    );
    assert!(
        en.contains("<div class=\"content\" lang=\"th\">"),
        "the Thai text keeps lang=th"
    );
    assert!(en.contains("กลุ่มความร่วมมือจัดการขยะอำเภอชุมแพ"));
    // Its links follow the reader's language.
    assert!(
        en.contains(r#"href="../../../en/guides/plan/index.html""#),
        "{en}"
    );
    // Lists mark it as not translated.
    let list = read(&public.join("en/cases/index.html"));
    assert!(list.contains("Not translated"));
}

#[test]
fn thai_pages_show_buddhist_era_dates() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("guides/plan/index.html"));
    assert!(
        th.contains(r#"<time datetime="2025-03-02">2 มีนาคม 2568</time>"#),
        "{th}"
    );
    assert!(th.contains(r#"<time datetime="2025-04-10">10 เมษายน 2568</time>"#));
    let en = read(&public.join("en/guides/plan/index.html"));
    assert!(en.contains(r#"<time datetime="2025-03-02">2 March 2025</time>"#));
    let years = read(&public.join("years/index.html"));
    assert!(years.contains("พ.ศ. 2568"), "{years}");
}

#[test]
fn every_guide_field_renders() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("guides/plan/index.html"));
    for needle in [
        "<h1 lang=\"th\">คู่มือการจัดทำแผนพัฒนาท้องถิ่น</h1>",
        "กลุ่มผู้อ่าน:</span> เจ้าหน้าที่ อปท., สมาชิกสภาท้องถิ่น",
        r#"<a href="../../topics/water/index.html">น้ำและภัยแล้ง</a>"#,
        r#"<a href="../../topics/waste/index.html">การจัดการขยะ</a>"#,
        r#"<meta name="description" content="ขั้นตอนการจัดทำแผนพัฒนาท้องถิ่นห้าปี ตั้งแต่ประชาคมหมู่บ้านจนถึงสภา">"#,
    ] {
        assert!(th.contains(needle), "missing {needle}");
    }
}

#[test]
fn every_case_field_renders() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("cases/waste/index.html"));
    for needle in [
        r#"<a href="../../districts/4005/index.html">ชุมแพ</a>"#,
        r#"<a href="../../districts/4006/index.html">สีชมพู</a>"#,
        // The kind is left out where the name already says it.
        r#"<li lang="th">เทศบาลเมืองชุมแพ</li>"#,
        r#"<li lang="th">องค์การบริหารส่วนตำบลโนนหัน</li>"#,
        "สำนักงานท้องถิ่นจังหวัดขอนแก่น",
        r#"<a href="../../problems/solid-waste/index.html">ขยะมูลฝอย</a>"#,
        r#"<span class="status status-solved">แก้ไขแล้ว</span>"#,
        "ขยะเข้าบ่อฝังกลบลดลงร้อยละ 30",
        "2,500,000 บาท",
    ] {
        assert!(th.contains(needle), "missing {needle}\n{th}");
    }
    let en = read(&public.join("en/cases/waste/index.html"));
    assert!(en.contains(r#"<a href="../../../en/districts/4005/index.html">Chum Phae</a>"#));
    assert!(en
        .contains(r#"เทศบาลเมืองชุมแพ <span class="lao-kind" lang="en">(Town Municipality)</span>"#));
    assert!(en.contains("2,500,000 baht"));
}

#[test]
fn every_forum_field_renders() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("forums/forum/index.html"));
    for needle in [
        "<dt>ครั้งที่</dt><dd>2/2566</dd>",
        "<dd>09.00–12.00 น.</dd>",
        "ศาลาการเปรียญวัดบ้านโนน",
        "นายกองค์การบริหารส่วนตำบล",
        "80 คน",
        "(ผู้ใหญ่บ้าน, อสม.)",
        "<li>เห็นชอบให้บรรจุโครงการฝายในแผนพัฒนาท้องถิ่น</li>",
        r#"<a href="../../districts/4004/index.html">หนองเรือ</a>"#,
    ] {
        assert!(th.contains(needle), "missing {needle}\n{th}");
    }
    let en = read(&public.join("en/forums/forum/index.html"));
    assert!(en.contains("80 people"));
    assert!(en.contains("<dd>09.00–12.00</dd>"));
}

#[test]
fn markdown_features_and_thai_heading_ids() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("guides/plan/index.html"));
    for needle in [
        r#"<h2 id="ขั้นตอนที่-1-ประชาคมหมู่บ้าน">ขั้นตอนที่ 1 ประชาคมหมู่บ้าน</h2>"#,
        r##"<a href="#ขั้นตอนที่-1-ประชาคมหมู่บ้าน">ขั้นตอนแรก</a>"##,
        r##"<a href="../../forums/forum/index.html#มติ">มติที่ประชุม</a>"##,
        r#"<a href="../../cases/waste/index.html">กรณีศึกษาเรื่องขยะ</a>"#,
        r#"<img src="../../images/flow.svg" alt="แผนภาพลำดับขั้นของแผน">"#,
        "<table>",
        "<del>ขีดฆ่า</del>",
        // A checklist box is a character, not an unlabelled form control.
        r#"<span class="task task-done">☑</span>"#,
        "footnote-definition",
        r#"<pre class="code" data-lang="toml">"#,
        r#"<link rel="stylesheet" href="../../assets/highlight.css">"#,
    ] {
        assert!(th.contains(needle), "missing {needle}\n{th}");
    }
    assert!(
        !th.contains("style=\""),
        "code colours come from classes, not inline styles"
    );
    assert!(public.join("images/flow.svg").is_file());
}

#[test]
fn baked_comments_are_escaped_and_threaded() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let th = read(&public.join("guides/plan/index.html"));
    assert!(
        th.contains("ขอบคุณครับ &lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || th.contains("ขอบคุณครับ &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{th}"
    );
    assert!(!th.contains("<script>alert(1)"));
    assert!(th.contains("<strong>ณัฐวุฒิ</strong>"));
    assert!(th.contains("comment-replies"));
    assert!(th.contains("ความคิดเห็น (2)"));
    // Comments belong to one page path; the English page has its own.
    let en = read(&public.join("en/guides/plan/index.html"));
    assert!(!en.contains("ณัฐวุฒิ"));
}

#[test]
fn feeds_sitemap_lists_and_taxonomies() {
    let site = fixture("th-en");
    let public = build_ok(site.path());
    let atom = read(&public.join("atom.xml"));
    assert!(
        atom.contains("<link href=\"https://fixture.example/guides/plan/index.html\"/>"),
        "{atom}"
    );
    let en_atom = read(&public.join("en/atom.xml"));
    assert!(en_atom.contains("Preparing the local development plan"));
    assert!(
        !en_atom.contains("กลุ่มความร่วมมือ"),
        "fallbacks stay out of the feed"
    );
    let sitemap = read(&public.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://fixture.example/en/guides/plan/</loc>"));
    for page in [
        "topics/waste/index.html",
        "districts/4005/index.html",
        "problems/solid-waste/index.html",
        "years/2022/index.html",
        "en/years/2025/index.html",
        "404.html",
        "search/index.html",
        "en/search/index.html",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let topic = read(&public.join("topics/waste/index.html"));
    assert!(
        topic.contains("คู่มือการจัดทำแผนพัฒนาท้องถิ่น") && topic.contains("กลุ่มความร่วมมือจัดการขยะอำเภอชุมแพ")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = fixture("th-en");
    let b = fixture("th-en");
    let pa = build_ok(a.path());
    let pb = build_ok(b.path());
    let files = |root: &std::path::Path| {
        let mut v: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect();
        v.sort();
        v
    };
    let fa = files(&pa);
    assert_eq!(fa, files(&pb));
    assert!(fa.len() > 30);
    for f in fa {
        assert_eq!(
            std::fs::read(pa.join(&f)).unwrap(),
            std::fs::read(pb.join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

/// The search index's files too: the same content packs to the same bytes (pages go in
/// in site order, segments are named by place, parts by their bytes), so readers'
/// cached copies stay valid and a rebuild leaves the files, and their base64 copies,
/// alone.
#[test]
fn search_bundles_are_the_same_bytes_on_every_build() {
    let site = fixture("th-en");
    let root = site.path().to_str().unwrap();
    let build = || {
        let (ok, _, err) = sala(&["build", "--root", root]);
        assert!(ok, "build failed:\n{err}");
        let search = site.path().join("public/search");
        ["index-th.bin", "index-th.js", "index-en.bin", "index-en.js"].map(|f| {
            let path = search.join(f);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (std::fs::read(&path).unwrap(), modified)
        })
    };
    // A build reuses the generation before the live one, so the third build starts
    // from the first one's files.
    // Every file under search/: its name and bytes.
    let search_files = || {
        let mut files: Vec<(String, Vec<u8>)> =
            walkdir::WalkDir::new(site.path().join("public/search"))
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().display().to_string(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
        files.sort();
        files
    };
    let first = build();
    let first_files = search_files();
    assert!(
        first_files.iter().any(|(f, _)| f.contains("/search/th/")),
        "no Thai parts were written"
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = build();
    assert!(
        search_files() == first_files,
        "search files differ between builds"
    );
    let third = build();
    for (i, (((a, ta), (b, _)), (c, tc))) in first.iter().zip(&second).zip(&third).enumerate() {
        assert!(a == b && b == c, "file {i} differs between builds");
        assert_eq!(ta, tc, "file {i} was rewritten although unchanged");
    }
    // A kept copy is checked, not trusted: one that an older Sala wrapped otherwise
    // (same bundle, same size, recorded as it is in the manifest) is made again.
    let reused = site.path().join(".public.sala-prev/search/index-th.js");
    let mut bytes = std::fs::read(&reused).unwrap();
    bytes[1] = b'W';
    std::fs::write(&reused, &bytes).unwrap();
    let manifest = site.path().join(".public.sala-prev.manifest");
    let mtime = std::fs::metadata(&reused)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let lines: Vec<String> = std::fs::read_to_string(&manifest)
        .unwrap()
        .lines()
        .map(|l| match l.strip_suffix(" search/index-th.js") {
            Some(_) => format!(
                "{} {:016x} {mtime} search/index-th.js",
                bytes.len(),
                sala::build::content_hash(&bytes)
            ),
            None => l.to_owned(),
        })
        .collect();
    std::fs::write(&manifest, lines.join("\n") + "\n").unwrap();
    let fourth = build();
    assert!(fourth[1].0 == first[1].0, "an older script copy was kept");

    // An edit changes the bundle, and its base64 copy follows it.
    let page = site.path().join("content/guides/plan.th.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("\n\n", "\n\nคำใหม่ทดสอบการค้นหา\n\n", 1)).unwrap();
    let edited = build();
    assert!(edited[0].0 != first[0].0, "the Thai bundle did not change");
    assert!(
        edited[1].0 != first[1].0,
        "the Thai bundle's script copy did not change"
    );
    assert!(edited[2].0 == first[2].0, "the English bundle changed");

    // Another build of the same site elsewhere gives the same bytes too.
    let other = fixture("th-en");
    let (ok, _, err) = sala(&["build", "--root", other.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    let bin = std::fs::read(other.path().join("public/search/index-th.bin")).unwrap();
    assert!(
        bin == first[0].0,
        "the Thai bundle depends on where it was built"
    );
}

#[test]
fn rebuilds_leave_unchanged_files_alone_and_rewrite_changed_ones() {
    let site = fixture("th-en");
    let stamps = |public: &std::path::Path| {
        let mut v: Vec<(std::path::PathBuf, std::time::SystemTime)> = walkdir::WalkDir::new(public)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let modified = e.metadata().unwrap().modified().unwrap();
                (
                    e.path().strip_prefix(public).unwrap().to_path_buf(),
                    modified,
                )
            })
            .collect();
        v.sort();
        v
    };
    // The third build writes into the first one's folder (the second into a new one).
    let first_public = build_ok(site.path());
    let first = stamps(&first_public);
    let page = read(&first_public.join("guides/plan/index.html"));
    build_ok(site.path());
    // Tamper with the kept generation, keeping the size: the next build must notice.
    let kept = site.path().join(".public.sala-prev/guides/plan/index.html");
    let tampered = page.replacen("<html", "<HTML", 1);
    assert_eq!(tampered.len(), page.len());
    std::fs::write(&kept, &tampered).unwrap();
    let public = build_ok(site.path());
    assert_eq!(read(&public.join("guides/plan/index.html")), page);
    let mut expected = first.clone();
    let mut now = stamps(&public);
    for list in [&mut expected, &mut now] {
        list.retain(|(p, _)| p != std::path::Path::new("guides/plan/index.html"));
    }
    assert_eq!(now, expected, "an unchanged rebuild rewrote files");
    assert!(site.path().join(".public.sala-manifest").is_file());

    // An edit reaches the output although the staging folder already has that file.
    let guide = site.path().join("content/guides/plan.th.md");
    let text = read(&guide);
    std::fs::write(&guide, text.replacen("\n\n", "\n\nย่อหน้าที่แก้ไขใหม่\n\n", 1)).unwrap();
    for _ in 0..2 {
        let public = build_ok(site.path());
        assert!(read(&public.join("guides/plan/index.html")).contains("ย่อหน้าที่แก้ไขใหม่"));
    }
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = fixture("th-en");
    let draft = site.path().join("content/guides/draft.th.md");
    std::fs::write(
        &draft,
        "---\ntitle: ฉบับร่าง\ndate: 2024-01-01\ndraft: true\n---\nร่าง\n",
    )
    .unwrap();
    let public = build_ok(site.path());
    assert!(!public.join("guides/draft/index.html").exists());
    let (ok, err) = crate::support::run_build(site.path(), &["--drafts"]);
    assert!(ok, "{err}");
    assert!(public.join("guides/draft/index.html").exists());
}

#[test]
fn default_language_can_live_under_its_own_folder() {
    let site = fixture("th-en");
    let toml = site.path().join("site.toml");
    std::fs::write(
        &toml,
        read(&toml).replace(
            "languages = [\"th\", \"en\"]",
            "languages = [\"th\", \"en\"]\ndefault_language_prefix = true",
        ),
    )
    .unwrap();
    let public = build_ok(site.path());
    let th = read(&public.join("th/guides/plan/index.html"));
    assert!(
        th.contains(
            r#"<link rel="alternate" hreflang="en" href="../../../en/guides/plan/index.html">"#
        ),
        "{th}"
    );
    assert!(
        th.contains(r#"href="../../../th/cases/waste/index.html""#),
        "{th}"
    );
    assert!(!public.join("guides").exists());
    let root = read(&public.join("index.html"));
    assert!(
        root.contains(r#"<meta http-equiv="refresh" content="0; url=th/index.html">"#),
        "{root}"
    );
    let problems = crate::crawl::crawl(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
