//! What belongs to one organization and one province is site data (`[organization]`
//! and `[[districts]]` in site.toml), never theme text or program code.

use crate::support::{build_fails, build_ok, fixture, read, repo};

#[test]
fn the_theme_names_no_organization_and_no_province() {
    for lang in ["th", "en"] {
        let text = read(&repo().join(format!("themes/default/i18n/{lang}.yaml")));
        for word in ["Clinic Center", "ขอนแก่น", "Khon Kaen"] {
            assert!(!text.contains(word), "{lang}.yaml names `{word}`");
        }
    }
    assert!(
        !repo().join("src/districts.rs").exists(),
        "no province's districts stay in the program"
    );
}

#[test]
fn organization_from_site_toml_fills_the_footer() {
    let site = fixture("th-en");
    let toml = site.path().join("site.toml");
    let mut text = read(&toml);
    text.push_str(
        r#"
[organization]
name.th = "เทศบาลตำบลตัวอย่าง"
name.en = "Example Subdistrict Municipality"
short_name.th = "เทศบาล"
short_name.en = "the municipality"
address.th = "99 หมู่ 1 ตำบลตัวอย่าง"
address.en = "99 Moo 1, Example Subdistrict"
phone = "0 4300 0000"
email = "office@example.org"
logo = "images/flow.svg"
"#,
    );
    std::fs::write(&toml, text).unwrap();
    let public = build_ok(site.path());
    let th = read(&public.join("index.html"));
    let footer = &th[th.find("<footer").expect("footer")..];
    for needle in [
        "<p>เทศบาลตำบลตัวอย่าง</p>",
        "99 หมู่ 1 ตำบลตัวอย่าง",
        r#"โทร. <a href="tel:043000000">0 4300 0000</a>"#,
        r#"<a href="mailto:office@example.org">office@example.org</a>"#,
        r#"<a href="about/index.html">เกี่ยวกับเทศบาล</a>"#,
    ] {
        assert!(footer.contains(needle), "missing {needle}\n{footer}");
    }
    assert!(th.contains(r#"<img class="logo" src="images/flow.svg" alt="" height="32">"#));
    let en = read(&public.join("en/index.html"));
    let footer = &en[en.find("<footer").expect("footer")..];
    for needle in [
        "<p>Example Subdistrict Municipality</p>",
        "Phone <a href=\"tel:043000000\">",
        "About the municipality</a>",
    ] {
        assert!(footer.contains(needle), "missing {needle}\n{footer}");
    }
    for page in [&th, &en] {
        for word in ["Clinic Center", "ขอนแก่น", "Khon Kaen"] {
            assert!(!page.contains(word), "`{word}` in a page of another site");
        }
    }
}

#[test]
fn a_logo_from_another_host_is_refused() {
    let site = fixture("th-en");
    let toml = site.path().join("site.toml");
    let mut text = read(&toml);
    text.push_str("\n[organization]\nlogo = \"https://cdn.example/logo.png\"\n");
    std::fs::write(&toml, text).unwrap();
    let err = build_fails(site.path());
    assert!(
        err.contains("organization.logo") && err.contains("inside the site"),
        "{err}"
    );
}

#[test]
fn districts_come_from_site_toml() {
    let site = fixture("th-en");
    let toml = site.path().join("site.toml");
    // Another province: its own three districts replace the fixture's list.
    let text = read(&toml);
    let cut = text.find("# Districts").expect("districts in the fixture");
    let mut text = text[..cut].to_string();
    text.push_str(
        "[[districts]]\ncode = 4004\nth = \"อำเภอทดสอบสาม\"\nen = \"Test Three\"\n\n\
         [[districts]]\ncode = 4005\nth = \"อำเภอทดสอบหนึ่ง\"\nen = \"Test One\"\n\n\
         [[districts]]\ncode = 4006\nth = \"อำเภอทดสอบสอง\"\nen = \"Test Two\"\n",
    );
    std::fs::write(&toml, &text).unwrap();
    let public = build_ok(site.path());
    let page = read(&public.join("districts/4005/index.html"));
    assert!(page.contains("อำเภอทดสอบหนึ่ง"), "{page}");
    let page = read(&public.join("en/districts/4006/index.html"));
    assert!(page.contains("Test Two"), "{page}");
    assert!(!public.join("districts/4001").exists());

    // A code the list does not hold: the error names the file, the line, and the list.
    let case = site.path().join("content/cases/waste.th.md");
    let md = read(&case).replace("districts: [4005, 4006]", "districts: [4007]");
    std::fs::write(&case, md).unwrap();
    let err = build_fails(site.path());
    assert!(
        err.contains("content/cases/waste.th.md:6: error: unknown districts `4007`"),
        "{err}"
    );
    assert!(
        err.contains("4004 Test Three, 4005 Test One, 4006 Test Two"),
        "{err}"
    );
}

#[test]
fn a_long_district_list_hints_only_the_nearest_codes() {
    let mut toml = String::from("[title]\nth = \"ท\"\nen = \"T\"\n");
    for code in 1001..1051 {
        toml.push_str(&format!(
            "[[districts]]\ncode = {code}\nth = \"ข{code}\"\nen = \"D{code}\"\n"
        ));
    }
    let config = sala_core::config::SiteConfig::parse(&toml).expect("parses");
    let hint = config.districts_near(1099, "en");
    assert!(
        hint.contains("1050 D1050") && hint.contains("1039 D1039"),
        "{hint}"
    );
    assert!(!hint.contains("1001 D1001"), "{hint}");
    let dup = format!("{toml}[[districts]]\ncode = 1001\nth = \"ซ้ำ\"\nen = \"Again\"\n");
    let err = sala_core::config::SiteConfig::parse(&dup).expect_err("a code twice");
    assert!(format!("{err:?}").contains("1001"), "{err:?}");
}
