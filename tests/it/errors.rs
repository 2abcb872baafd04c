//! Bad input gives one message per problem with the file, the line and a hint, and the
//! build exits non-zero without touching the previous output.

use crate::support::{build_fails, fixture, read, sala};

fn build_err(name: &str) -> String {
    let site = fixture(&format!("invalid/{name}"));
    let err = build_fails(site.path());
    assert!(
        !site.path().join("public").exists(),
        "{name}: no output on failure"
    );
    err
}

#[test]
fn broken_link_names_file_and_line() {
    let err = build_err("broken-link");
    assert!(
        err.contains("content/guides/a.th.md:7:26: error: broken link `../cases/nowhere.md`"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

/// A link written as the page's address on the site (`/cases/x/`, `/en/cases/x/`) or as
/// its bare name (`x`) names the file that exists, in the linking page's language, and
/// the link to write instead, at the line and column of the address.
#[test]
fn site_address_link_names_the_file_and_the_link_to_write() {
    let site = fixture("invalid/site-address-link");
    let root = site.path().to_str().unwrap();
    let run = |lang: &str| {
        let (ok, _, err) = sala(&["build", "--root", root, "--no-index", "--messages", lang]);
        assert!(!ok, "{err}");
        err
    };
    assert_eq!(
        run("en"),
        "content/guides/a.en.md:5:27: error: broken link `/en/cases/chum-phae-waste-cluster/`: that is the page's address on the site; a link names the page's file, content/cases/chum-phae-waste-cluster.en.md
    hint: write the link as `../cases/chum-phae-waste-cluster.en.md` (the file, relative to this one); the build turns it into the page's address, which also works from a USB stick
content/guides/a.th.md:5:22: error: broken link `/cases/chum-phae-waste-cluster/`: that is the page's address on the site; a link names the page's file, content/cases/chum-phae-waste-cluster.th.md
    hint: write the link as `../cases/chum-phae-waste-cluster.th.md` (the file, relative to this one); the build turns it into the page's address, which also works from a USB stick
content/guides/a.th.md:7:16: error: broken link `chum-phae-waste-cluster#ผลลัพธ์`: content/guides/chum-phae-waste-cluster does not exist; the page with that name is content/cases/chum-phae-waste-cluster.th.md
    hint: write the link as `../cases/chum-phae-waste-cluster.th.md#ผลลัพธ์` (the file, relative to this one); the build turns it into the page's address, which also works from a USB stick
3 problems found
"
    );
    assert_eq!(
        run("th"),
        "content/guides/a.en.md:5:27: ข้อผิดพลาด: ลิงก์เสีย `/en/cases/chum-phae-waste-cluster/`: นี่คือที่อยู่ของหน้าบนเว็บไซต์ แต่ลิงก์ต้องระบุไฟล์ของหน้านั้น คือ content/cases/chum-phae-waste-cluster.en.md
    คำแนะนำ: ให้เขียนลิงก์เป็น `../cases/chum-phae-waste-cluster.en.md` (ตำแหน่งของไฟล์เทียบจากไฟล์นี้) แล้ว Sala จะแปลงเป็นที่อยู่ของหน้าให้เองตอนสร้างเว็บไซต์ และเปิดจากแฟลชไดรฟ์ได้ด้วย
content/guides/a.th.md:5:22: ข้อผิดพลาด: ลิงก์เสีย `/cases/chum-phae-waste-cluster/`: นี่คือที่อยู่ของหน้าบนเว็บไซต์ แต่ลิงก์ต้องระบุไฟล์ของหน้านั้น คือ content/cases/chum-phae-waste-cluster.th.md
    คำแนะนำ: ให้เขียนลิงก์เป็น `../cases/chum-phae-waste-cluster.th.md` (ตำแหน่งของไฟล์เทียบจากไฟล์นี้) แล้ว Sala จะแปลงเป็นที่อยู่ของหน้าให้เองตอนสร้างเว็บไซต์ และเปิดจากแฟลชไดรฟ์ได้ด้วย
content/guides/a.th.md:7:16: ข้อผิดพลาด: ลิงก์เสีย `chum-phae-waste-cluster#ผลลัพธ์`: ไม่พบไฟล์ content/guides/chum-phae-waste-cluster หน้าที่ใช้ชื่อนี้คือ content/cases/chum-phae-waste-cluster.th.md
    คำแนะนำ: ให้เขียนลิงก์เป็น `../cases/chum-phae-waste-cluster.th.md#ผลลัพธ์` (ตำแหน่งของไฟล์เทียบจากไฟล์นี้) แล้ว Sala จะแปลงเป็นที่อยู่ของหน้าให้เองตอนสร้างเว็บไซต์ และเปิดจากแฟลชไดรฟ์ได้ด้วย
พบปัญหา 3 รายการ
"
    );
    // Written as the hint says, the links work.
    for (file, from, to) in [
        (
            "a.th.md",
            "/cases/chum-phae-waste-cluster/",
            "../cases/chum-phae-waste-cluster.th.md",
        ),
        (
            "a.th.md",
            "chum-phae-waste-cluster#",
            "../cases/chum-phae-waste-cluster.th.md#",
        ),
        (
            "a.en.md",
            "/en/cases/chum-phae-waste-cluster/",
            "../cases/chum-phae-waste-cluster.en.md",
        ),
    ] {
        let path = site.path().join("content/guides").join(file);
        std::fs::write(&path, read(&path).replace(from, to)).unwrap();
    }
    crate::support::build_ok(site.path());
}

#[test]
fn bad_yaml_names_file_and_line() {
    let err = build_err("bad-yaml");
    assert!(
        err.contains("content/guides/a.th.md:4:9: error: front matter: the list `[` opened here is never closed\n    hint: close it at the end of the value, on the same line: `topics: [waste, …]`"),
        "{err}"
    );
}

#[test]
fn unknown_field_lists_the_allowed_ones() {
    let err = build_err("unknown-field");
    assert!(
        err.contains("content/guides/a.th.md:4:1: error: front matter: unknown field `distrcts`"),
        "{err}"
    );
    assert!(
        err.contains("hint: check the spelling; the fields a guide may have: title, date, updated, summary, draft, topics, weight, audience"),
        "{err}"
    );
}

#[test]
fn buddhist_era_date_gets_a_conversion_hint() {
    let err = build_err("bad-date");
    assert!(
        err.contains(
            "content/guides/a.th.md:3: error: `date: 2567-03-02` looks like a Buddhist Era year"
        ),
        "{err}"
    );
    assert!(err.contains("2024-03-02"), "{err}");
}

#[test]
fn unknown_district_points_at_its_line() {
    let err = build_err("unknown-district");
    assert!(
        err.contains("content/cases/a.th.md:6: error: unknown districts `4099`"),
        "{err}"
    );
    assert!(err.contains("4005 Chum Phae"), "{err}");
}

#[test]
fn missing_template_lists_the_theme_templates() {
    let err = build_err("missing-template");
    assert!(
        err.contains("content/landing.th.md:1: error: template `landing.html` not found"),
        "{err}"
    );
    assert!(err.contains("guide.html"), "{err}");
}

#[test]
fn one_build_reports_every_problem() {
    let err = build_err("multiple-errors");
    assert!(
        err.contains("content/guides/a.th.md:5:9: error: broken link `missing.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/guides/b.th.md:3: error: `date: 2024-13-01` is not a valid date"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn messages_follow_lang_in_thai() {
    let site = fixture("invalid/broken-link");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(["build", "--root", site.path().to_str().unwrap()])
        .env("LANG", "th_TH.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ข้อผิดพลาด: ลิงก์เสีย"), "{err}");
    assert!(err.contains("พบปัญหา 1 รายการ"), "{err}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = fixture("th-en");
    let public = crate::support::build_ok(site.path());
    let before = read(&public.join("guides/plan/index.html"));
    // Break one page, rebuild: the build fails and public/ is exactly as it was.
    let page = site.path().join("content/guides/plan.en.md");
    let text = read(&page).replace("title: Preparing", "titel: Preparing");
    std::fs::write(&page, text).unwrap();
    let err = build_fails(site.path());
    assert!(err.contains("content/guides/plan.en.md:2:1"), "{err}");
    assert_eq!(read(&public.join("guides/plan/index.html")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("sala-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary output left behind");
}

/// Each front-matter mistake of issue #19, one file each in `invalid/front-matter`: the
/// exact message in both languages, with the line and column of the value (of the
/// opening quote for an unclosed one), what it holds, what it should hold, and a hint of
/// its own kind. A district written by name (Thai or English) that matches none gets the
/// nearest name in the language it was written in, or the site's names in that language;
/// `district-names-ok` writes the same districts by Thai name, English name and quoted
/// code, and gets no message.
#[test]
fn front_matter_mistakes_are_told_in_the_authors_terms() {
    let site = fixture("invalid/front-matter");
    for (lang, expected) in [
        (
            "en",
            [
                r#"content/cases/cost.th.md:4:12: error: front matter: `cost_baht` holds `45,000 บาท`, but it should be a whole number of baht
    hint: write the number alone, with no commas, words or quotes: `cost_baht: 45000`"#,
                r#"content/cases/district-far.en.md:4:13: error: unknown district `Bangkok` in `districts`
    hint: the districts of this site are: Mueang Khon Kaen, Ban Fang, Phra Yuen, Nong Ruea, Chum Phae, Si Chomphu, Nam Phong, Ubolratana, Kranuan, Ban Phai, Pueai Noi, Phon, Waeng Yai, Waeng Noi, Nong Song Hong, Phu Wiang, Mancha Khiri, Chonnabot, Khao Suan Kwang, Phu Pha Man, Sam Sung, Khok Pho Chai, Nong Na Kham, Ban Haet, Non Sila, Wiang Kao. A district may be written by its code, its Thai name or its English name, as in site.toml's [[districts]]"#,
                r#"content/cases/district-name-en.en.md:7:5: error: unknown district `Chum Pae` in `districts`
    hint: did you mean `Chum Phae` (4005)? A district may be written by its code, its Thai name or its English name, as in site.toml's [[districts]]"#,
                r#"content/cases/district-name.th.md:4:19: error: unknown district `หนองสองหอง` in `districts`
    hint: did you mean `หนองสองห้อง` (4015)? A district may be written by its code, its Thai name or its English name, as in site.toml's [[districts]]"#,
                r#"content/cases/districts.th.md:4:12: error: front matter: `districts` holds `4015`, but it should be a list of district codes
    hint: put the values in square brackets, even when there is only one: `districts: [4015]`"#,
                r#"content/cases/status.th.md:4:9: error: front matter: `status: done` is not one of the allowed values
    hint: use one of: planned, in-progress, solved"#,
                r#"content/guides/no-title.th.md:1:1: error: front matter: the field `title` is missing
    hint: every page needs it: add the line `title: …` between the two `---` lines"#,
                r#"content/guides/sumary.th.md:4:1: error: front matter: unknown field `sumary`
    hint: did you mean `summary`? The fields a guide may have: title, date, updated, summary, draft, topics, weight, audience"#,
                r#"content/guides/tab-after-colon.th.md:3:6: error: front matter: a tab character; the front matter may use only spaces
    hint: replace the tab with spaces: one space after a colon (`title: …`), two spaces to indent a line under a field"#,
                r#"content/guides/tab-indent.th.md:3:1: error: front matter: a tab character; the front matter may use only spaces
    hint: replace the tab with spaces: one space after a colon (`title: …`), two spaces to indent a line under a field"#,
                r#"content/guides/unclosed-quote-later.th.md:2:8: error: front matter: the quote `"` opened here is never closed
    hint: close it at the end of the value, on the same line: `title: "…"`"#,
                r#"content/guides/unclosed-quote.th.md:2:8: error: front matter: the quote `"` opened here is never closed
    hint: close it at the end of the value, on the same line: `title: "…"`"#,
            ],
        ),
        (
            "th",
            [
                r#"content/cases/cost.th.md:4:12: ข้อผิดพลาด: ส่วนหัว (front matter): `cost_baht` มีค่าเป็น `45,000 บาท` แต่ต้องเป็นจำนวนเงินบาทที่เป็นตัวเลขล้วน
    คำแนะนำ: ให้เขียนเป็นตัวเลขล้วน ไม่มีจุลภาค ตัวหนังสือ หรือเครื่องหมายคำพูด เช่น `cost_baht: 45000`"#,
                r#"content/cases/district-far.en.md:4:13: ข้อผิดพลาด: ไม่รู้จักอำเภอ `Bangkok` ใน `districts`
    คำแนะนำ: อำเภอที่ใช้ได้ ได้แก่ Mueang Khon Kaen, Ban Fang, Phra Yuen, Nong Ruea, Chum Phae, Si Chomphu, Nam Phong, Ubolratana, Kranuan, Ban Phai, Pueai Noi, Phon, Waeng Yai, Waeng Noi, Nong Song Hong, Phu Wiang, Mancha Khiri, Chonnabot, Khao Suan Kwang, Phu Pha Man, Sam Sung, Khok Pho Chai, Nong Na Kham, Ban Haet, Non Sila, Wiang Kao เขียนอำเภอได้ทั้งรหัส ชื่อภาษาไทย หรือชื่อภาษาอังกฤษ ตามที่กำหนดไว้ใน [[districts]] ของไฟล์ site.toml"#,
                r#"content/cases/district-name-en.en.md:7:5: ข้อผิดพลาด: ไม่รู้จักอำเภอ `Chum Pae` ใน `districts`
    คำแนะนำ: หมายถึง `Chum Phae` (4005) หรือไม่ เขียนอำเภอได้ทั้งรหัส ชื่อภาษาไทย หรือชื่อภาษาอังกฤษ ตามที่กำหนดไว้ใน [[districts]] ของไฟล์ site.toml"#,
                r#"content/cases/district-name.th.md:4:19: ข้อผิดพลาด: ไม่รู้จักอำเภอ `หนองสองหอง` ใน `districts`
    คำแนะนำ: หมายถึง `หนองสองห้อง` (4015) หรือไม่ เขียนอำเภอได้ทั้งรหัส ชื่อภาษาไทย หรือชื่อภาษาอังกฤษ ตามที่กำหนดไว้ใน [[districts]] ของไฟล์ site.toml"#,
                r#"content/cases/districts.th.md:4:12: ข้อผิดพลาด: ส่วนหัว (front matter): `districts` มีค่าเป็น `4015` แต่ต้องเป็นรายการรหัสอำเภอ
    คำแนะนำ: ให้ใส่ค่าไว้ในวงเล็บเหลี่ยม แม้จะมีเพียงค่าเดียว เช่น `districts: [4015]`"#,
                r#"content/cases/status.th.md:4:9: ข้อผิดพลาด: ส่วนหัว (front matter): `status: done` ไม่ใช่ค่าที่ใช้ได้
    คำแนะนำ: ให้ใช้ค่าใดค่าหนึ่งต่อไปนี้: planned (วางแผนไว้), in-progress (กำลังดำเนินการ), solved (แก้ไขแล้ว)"#,
                r#"content/guides/no-title.th.md:1:1: ข้อผิดพลาด: ส่วนหัว (front matter): ไม่มีฟิลด์ `title` ซึ่งจำเป็นต้องมี
    คำแนะนำ: ทุกหน้าต้องมีฟิลด์นี้ ให้เพิ่มบรรทัด `title: …` ระหว่างบรรทัด `---` ทั้งสอง"#,
                r#"content/guides/sumary.th.md:4:1: ข้อผิดพลาด: ส่วนหัว (front matter): ไม่รู้จักฟิลด์ `sumary`
    คำแนะนำ: หมายถึง `summary` หรือไม่ ฟิลด์ที่ใช้ได้ในคู่มือ ได้แก่ title, date, updated, summary, draft, topics, weight, audience"#,
                r#"content/guides/tab-after-colon.th.md:3:6: ข้อผิดพลาด: ส่วนหัว (front matter): มีอักขระแท็บ (Tab) ซึ่งส่วนหัวใช้ไม่ได้ ใช้ได้เฉพาะการเว้นวรรค
    คำแนะนำ: ให้ลบแท็บแล้วเคาะเว้นวรรคแทน: หลังเครื่องหมาย `:` เว้นหนึ่งช่อง (`title: …`) บรรทัดย่อยใต้ฟิลด์ให้ย่อหน้าสองช่อง"#,
                r#"content/guides/tab-indent.th.md:3:1: ข้อผิดพลาด: ส่วนหัว (front matter): มีอักขระแท็บ (Tab) ซึ่งส่วนหัวใช้ไม่ได้ ใช้ได้เฉพาะการเว้นวรรค
    คำแนะนำ: ให้ลบแท็บแล้วเคาะเว้นวรรคแทน: หลังเครื่องหมาย `:` เว้นหนึ่งช่อง (`title: …`) บรรทัดย่อยใต้ฟิลด์ให้ย่อหน้าสองช่อง"#,
                r#"content/guides/unclosed-quote-later.th.md:2:8: ข้อผิดพลาด: ส่วนหัว (front matter): เครื่องหมายคำพูด `"` ที่เปิดตรงนี้ไม่มีตัวปิด
    คำแนะนำ: ให้ใส่ตัวปิดท้ายค่าในบรรทัดเดียวกัน เช่น `title: "…"`"#,
                r#"content/guides/unclosed-quote.th.md:2:8: ข้อผิดพลาด: ส่วนหัว (front matter): เครื่องหมายคำพูด `"` ที่เปิดตรงนี้ไม่มีตัวปิด
    คำแนะนำ: ให้ใส่ตัวปิดท้ายค่าในบรรทัดเดียวกัน เช่น `title: "…"`"#,
            ],
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sala"))
            .args(["build", "--no-index", "--messages", lang, "--root"])
            .arg(site.path())
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        let mut want = expected.join("\n");
        want.push_str(if lang == "en" {
            "\n12 problems found\n"
        } else {
            "\nพบปัญหา 12 รายการ\n"
        });
        assert_eq!(err, want);
        for word in [
            "u16",
            "u64",
            "i32",
            "sequence",
            "variant",
            "end of stream",
            "invalid type",
            "\\u{",
        ] {
            assert!(!err.contains(word), "`{word}` reached the author:\n{err}");
        }
    }
}
