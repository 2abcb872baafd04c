//! `sala init DIR`: a new, minimal site that builds and passes `sala check --strict` at
//! once. It needs no theme folder (the default theme is built in) and names no
//! organization or province: those go into site.toml when the site is set up.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use sala_core::diagnostics::{Bilingual, Diagnostic};

/// What `sala init` was asked for.
pub struct InitOptions {
    pub dir: PathBuf,
    pub title_th: Option<String>,
    pub title_en: Option<String>,
    /// `th`, `en`, or both, the default first.
    pub languages: Vec<String>,
    /// Write into a folder that is not empty (existing files are still never replaced).
    pub force: bool,
}

/// What was written and what was left as it was.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

const DEFAULT_TITLE_TH: &str = "คลังความรู้ของเรา";
const DEFAULT_TITLE_EN: &str = "Our knowledge base";

fn problem(path: &Path, en: String, th: String) -> Diagnostic {
    Diagnostic::new(path, Bilingual::new(en, th))
}

/// Asks on the terminal for what the command line left out; asks nothing when stdin is
/// not a terminal (scripts, CI).
fn ask(question: &str, default: &str) -> String {
    if !std::io::stdin().is_terminal() {
        return default.to_string();
    }
    eprint!("{question} [{default}]: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) if !line.trim().is_empty() => line.trim().to_string(),
        _ => default.to_string(),
    }
}

pub fn init(options: &InitOptions) -> Result<InitReport, Diagnostic> {
    let dir = &options.dir;
    let langs = &options.languages;
    if langs.is_empty()
        || langs.iter().any(|l| l != "th" && l != "en")
        || (langs.len() == 2 && langs[0] == langs[1])
        || langs.len() > 2
    {
        return Err(problem(
            Path::new("--languages"),
            format!("`{}` is not a list of site languages", langs.join(",")),
            format!("`{}` ไม่ใช่รายการภาษาของเว็บไซต์", langs.join(",")),
        )
        .with_hint(Bilingual::new(
            "use th,en (Thai first, the default), en,th, th or en",
            "ใช้ th,en (ภาษาไทยเป็นภาษาหลัก), en,th, th หรือ en",
        )));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(problem(
            dir,
            "is a file, not a folder".into(),
            "เป็นไฟล์ ไม่ใช่โฟลเดอร์".into(),
        ));
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut r| r.next().is_some())
        .unwrap_or(false);
    if non_empty && !options.force {
        return Err(problem(
            dir,
            "the folder is not empty; sala init starts a site in an empty or new folder".into(),
            "โฟลเดอร์นี้มีไฟล์อยู่แล้ว sala init สร้างเว็บไซต์ในโฟลเดอร์ว่างหรือโฟลเดอร์ใหม่เท่านั้น".into(),
        )
        .with_hint(Bilingual::new(
            "pick a new folder, or add --force to add the missing files (no existing file is replaced)",
            "เลือกโฟลเดอร์ใหม่ หรือเพิ่ม --force เพื่อเขียนเฉพาะไฟล์ที่ยังไม่มี (ไฟล์เดิมจะไม่ถูกเขียนทับ)",
        )));
    }
    let has = |l: &str| langs.iter().any(|x| x == l);
    let title_th = match &options.title_th {
        Some(t) => t.clone(),
        None if has("th") => ask("ชื่อเว็บไซต์ภาษาไทย / Site title in Thai", DEFAULT_TITLE_TH),
        None => DEFAULT_TITLE_TH.into(),
    };
    let title_en = match &options.title_en {
        Some(t) => t.clone(),
        None if has("en") => ask(
            "Site title in English / ชื่อเว็บไซต์ภาษาอังกฤษ",
            DEFAULT_TITLE_EN,
        ),
        None => DEFAULT_TITLE_EN.into(),
    };
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), site_toml(langs, &title_th, &title_en)),
        (".gitignore".into(), GITIGNORE.into()),
        (
            ".github/workflows/publish.yml".into(),
            GITHUB_WORKFLOW.into(),
        ),
        (".gitlab-ci.yml".into(), GITLAB_CI.into()),
    ];
    for lang in langs {
        let pages: &[(&str, &str)] = if lang == "th" { &PAGES_TH } else { &PAGES_EN };
        for (slug, text) in pages {
            let text = text
                .replace("{title_th}", &title_th)
                .replace("{title_en}", &title_en);
            files.push((format!("content/{slug}.{lang}.md"), text));
        }
    }
    let mut report = InitReport::default();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            report.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                problem(
                    parent,
                    format!("cannot create the folder: {e}"),
                    format!("สร้างโฟลเดอร์ไม่ได้: {e}"),
                )
            })?;
        }
        // create_new: a file that appeared since the check is still never replaced.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        match written {
            Ok(()) => report.written.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report.kept.push(path),
            Err(e) => {
                return Err(problem(
                    &path,
                    format!("cannot write: {e}"),
                    format!("เขียนไฟล์ไม่ได้: {e}"),
                ))
            }
        }
    }
    Ok(report)
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn site_toml(langs: &[String], title_th: &str, title_en: &str) -> String {
    let languages = langs
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    SITE_TOML
        .replace("{languages}", &languages)
        .replace("{title_th}", &quoted(title_th))
        .replace("{title_en}", &quoted(title_en))
}

const SITE_TOML: &str = r#"# การตั้งค่าของเว็บไซต์ / The site's settings.
# ทุกค่าอธิบายไว้ใน docs/configuration.md ของ Sala / Every setting is explained in
# Sala's docs/configuration.md.

# ภาษาที่เผยแพร่ ภาษาแรกคือภาษาหลัก (th, en)
# Published languages, the default first (th, en).
languages = [{languages}]

# ธีม: "default" ติดมากับโปรแกรม ไฟล์ใน themes/default/ ของเว็บไซต์จะใช้แทนไฟล์ชื่อเดียวกันของธีม
# The theme: "default" is built into sala; files in this site's themes/default/ replace
# the built-in files of the same name, one by one.
theme = "default"

# ที่อยู่จริงของเว็บไซต์ ใช้เฉพาะใน feed, sitemap และลิงก์ canonical (หน้าเว็บลิงก์แบบสัมพัทธ์เสมอ)
# The site's public address, used only for feeds, the sitemap and canonical links
# (pages always link relatively, so the site also works from disk).
base_url = "https://example.org/"

# true: ภาษาหลักอยู่ใต้ /th/ ด้วย / true: the default language also lives under /th/.
default_language_prefix = false

# จำนวนรายการต่อหน้าในหน้ารายการ / Items per page on list pages.
paginate_by = 10

# true: ทุกหน้าแสดงข้อความว่าเนื้อหาเป็นตัวอย่าง ให้เปลี่ยนเป็น false เมื่อแทนตัวอย่างด้วยเนื้อหาจริงแล้ว
# true: every page says its content is illustrative. Set false once real content
# replaces the examples.
illustrative = true

# โฟลเดอร์ที่ sala build เขียนดัชนีค้นหา / Where sala build writes the search index.
search_index_dir = "search-index"

# ชื่อเว็บไซต์ แยกตามภาษา / The site's title, per language.
[title]
th = {title_th}
en = {title_en}

# คำอธิบายเว็บไซต์สั้น ๆ (meta description) / A short description (meta description).
[description]
th = "คู่มือ กรณีศึกษา และสรุปเวทีสาธารณะ สำหรับองค์กรปกครองส่วนท้องถิ่น"
en = "Guides, case studies and forum summaries for local administrative organizations"

# หน่วยงานผู้จัดทำ แสดงที่ส่วนท้ายของทุกหน้า ค่าที่เว้นว่างจะไม่แสดง
# Who publishes the site, shown in every page's footer. Empty values are not shown.
[organization]
# ชื่อเต็ม / Full name.
name.th = ""
name.en = ""
# ชื่อสั้นสำหรับลิงก์ "เกี่ยวกับ…" (ถ้าว่างใช้ชื่อเต็ม) / Short name for the "About …" link
# (the full name when empty).
short_name.th = ""
short_name.en = ""
# หนึ่งถึงสองประโยคที่ส่วนท้ายของหน้า (ถ้าว่างแสดงชื่อเต็ม) / One or two sentences for the
# footer (the full name when empty).
description.th = ""
description.en = ""
# ที่อยู่ / Postal address.
address.th = ""
address.en = ""
# โทรศัพท์ อีเมล และเว็บไซต์ของหน่วยงาน / Phone, e-mail and the organization's web site.
phone = ""
email = ""
website = ""
# โลโก้ภายในเว็บไซต์ เช่น "images/logo.svg" (ไฟล์ content/images/logo.svg)
# A logo inside the site, such as "images/logo.svg" (the file content/images/logo.svg).
# logo = "images/logo.svg"

# หมวดที่มีหน้ารวม / Which taxonomies get pages.
[taxonomies]
topics = true
districts = true
problems = true
years = true

# หัวข้อ: ค่าที่ใช้ได้ใน topics: ของแต่ละหน้า / Topics: the ids a page's topics: may use.
[[topics]]
id = "participation"
th = "การมีส่วนร่วมของประชาชน"
en = "Public participation"

[[topics]]
id = "waste"
th = "การจัดการขยะ"
en = "Waste management"

[[topics]]
id = "water"
th = "น้ำและภัยแล้ง"
en = "Water and drought"

# ประเภทปัญหาสำหรับกรณีศึกษาและเวที: ค่าที่ใช้ได้ใน problem:
# Problem categories for case studies and forums: the ids that problem: may use.
[[problems]]
id = "solid-waste"
th = "ขยะมูลฝอย"
en = "Solid waste"

[[problems]]
id = "drought"
th = "ภัยแล้งและน้ำอุปโภคบริโภค"
en = "Drought and water supply"

# อำเภอในพื้นที่ตามรหัสกรมการปกครอง: ค่าที่ใช้ได้ใน districts: ของกรณีศึกษาและเวที
# ใส่อำเภอของจังหวัดคุณ หนึ่งตารางต่ออำเภอ เช่น
# The districts of your area by interior-ministry geocode: the codes that districts: of
# case studies and forums may use. One table per district, for example:
# [[districts]]
# code = 1001
# th = "ชื่ออำเภอ"
# en = "District name"

# ระบบความคิดเห็น (sala comments serve) ดู docs/comments.md
# The comments companion (sala comments serve); see docs/comments.md.
[comments]
# ที่อยู่สาธารณะของ sala comments serve เว้นว่างไว้เพื่อแสดงเฉพาะความคิดเห็นที่ฝังในหน้า
# The public address of sala comments serve; empty shows only the comments baked in.
endpoint = ""
# ค่าต่อไปนี้เป็นค่าเริ่มต้น เอาเครื่องหมาย # ออกเพื่อเปลี่ยน / The defaults below; remove
# the # to change one.
# listen = "127.0.0.1:8787"
# db = "comments.sqlite"
# public_url = ""
# site_url = ""
# allowed_origins = []
# allow_null_origin = false
# trust_proxy = 0
# secure_cookies = false
# posts_per_client_per_hour = 10
# posts_per_page_per_hour = 60
# requests_per_client_per_minute = 120
# logins_per_client_per_hour = 10
# max_pending = 5000
# retention_days = 90
# max_name_chars = 60
# max_body_chars = 3000
# max_email_chars = 254
# max_links = 2
# max_request_bytes = 32768
# session_hours = 12
# login_checks_at_once = 2
# login_queue = 16
# header_timeout_secs = 10
# body_timeout_secs = 10
# max_connections = 512
# shutdown_timeout_secs = 3
# [comments.smtp]
# host = ""
# port = 25
# from = ""
# to = []
# admin_url = ""
"#;

const GITIGNORE: &str = "# สิ่งที่ sala build สร้างขึ้นใหม่ได้ / What sala build makes again.
/public
/search-index
/.public.sala-*
*.sqlite
*.sqlite-*
*.sqlite.secret
";

const GITHUB_WORKFLOW: &str = r#"# เผยแพร่เว็บไซต์ไปที่ GitHub Pages ทุกครั้งที่ push ขึ้น main
# Publishes the site to GitHub Pages on every push to main.
# ตั้งค่า: Settings → Pages → Source: GitHub Actions / Set-up: Settings → Pages →
# Source: GitHub Actions. SALA_GIT: where your copy of Sala's source lives.
name: publish
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: true
env:
  SALA_GIT: https://github.com/YOUR-ORG/sala
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/sala
          key: sala-${{ runner.os }}-${{ env.SALA_GIT }}
      - run: command -v sala || cargo install --locked --git "$SALA_GIT" sala
      - run: sala check
      - run: sala build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const GITLAB_CI: &str = r#"# เผยแพร่เว็บไซต์ไปที่ GitLab Pages ทุกครั้งที่ push ขึ้น branch หลัก
# Publishes the site to GitLab Pages on every push to the default branch.
# SALA_GIT: ที่เก็บซอร์สโค้ดของ Sala / where your copy of Sala's source lives.
variables:
  SALA_GIT: https://github.com/YOUR-ORG/sala
pages:
  image: rust:latest
  cache:
    key: sala
    paths: [.cargo/bin]
  script:
    - export CARGO_HOME="$CI_PROJECT_DIR/.cargo" PATH="$CI_PROJECT_DIR/.cargo/bin:$PATH"
    - command -v sala || cargo install --locked --git "$SALA_GIT" sala
    - sala check
    - sala build
  artifacts:
    paths: [public]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#;

const PAGES_TH: [(&str, &str); 5] = [
    (
        "_index",
        r#"---
title: หน้าแรก
date: 2025-01-06
summary: คลังความรู้สำหรับเจ้าหน้าที่ อปท. สมาชิกสภา ผู้นำชุมชน และประชาชน
---

ยินดีต้อนรับสู่{title_th} เว็บไซต์นี้เพิ่งสร้างด้วยคำสั่ง `sala init` เนื้อหามีสามแบบ

- **คู่มือ** อธิบายขั้นตอนและระเบียบแบบเข้าใจง่าย เช่น [การจัดเวทีประชาคม](guides/example-guide.md)
- **กรณีศึกษา** เรื่องที่ อปท. แก้ปัญหาได้และแก้อย่างไร เช่น [ธนาคารขยะในชุมชน](cases/example-case.md)
- **สรุปเวทีสาธารณะ** ประเด็นที่หารือและมติที่ได้ เช่น [เวทีแบ่งปันน้ำหน้าแล้ง](forums/example-forum.md)

ทั้งสามหน้าเป็นตัวอย่างประกอบ ให้แก้ไขหรือลบทิ้งแล้วเขียนเรื่องของหน่วยงานคุณแทน
"#,
    ),
    (
        "about",
        r#"---
title: เกี่ยวกับเรา
date: 2025-01-06
summary: หน่วยงานที่จัดทำคลังความรู้นี้ และวิธีติดต่อ
---

หน้านี้เล่าว่าหน่วยงานของคุณคือใคร ทำหน้าที่อะไร และติดต่อได้อย่างไร ให้แก้ข้อความนี้ในไฟล์ `content/about.th.md` และใส่ชื่อ ที่อยู่ และช่องทางติดต่อของหน่วยงานไว้ในหัวข้อ `[organization]` ของ `site.toml` เพื่อให้แสดงที่ส่วนท้ายของทุกหน้า
"#,
    ),
    (
        "guides/example-guide",
        r#"---
title: "ตัวอย่างคู่มือ: จัดเวทีประชาคมหมู่บ้านอย่างไรให้คนมาร่วม"
date: 2025-01-06
summary: "ตัวอย่างประกอบ: ขั้นตอนสั้น ๆ ในการเตรียมเวทีประชาคม ตั้งแต่เลือกวันเวลาไปจนถึงแจ้งผลกลับให้ชาวบ้าน"
topics: [participation]
audience: [officers, community-leaders]
---

*หน้านี้เป็นตัวอย่างประกอบ ไม่ใช่ข้อมูลทางการ*

## ก่อนวันเวที

1. เลือกวันและเวลาที่ชาวบ้านว่าง เช่น หลังเลิกงานหรือวันหยุด และหลีกเลี่ยงช่วงเก็บเกี่ยว
2. ประกาศผ่านหอกระจายข่าวและกลุ่มไลน์หมู่บ้านล่วงหน้าอย่างน้อยหนึ่งสัปดาห์
3. เตรียมข้อมูลปัญหาของหมู่บ้านเป็นภาษาที่เข้าใจง่าย

## ระหว่างเวที

ให้ทุกคนได้พูด แบ่งกลุ่มย่อยถ้าคนมาก และจดข้อเสนอทุกข้อโดยไม่ตัดสินก่อน

## หลังเวที

แจ้งผลกลับให้ชาวบ้านรู้ว่าข้อเสนอใดเข้าแผนพัฒนาท้องถิ่นแล้ว และข้อใดยังไม่เข้าเพราะอะไร
"#,
    ),
    (
        "cases/example-case",
        r#"---
title: "ตัวอย่างกรณีศึกษา: ธนาคารขยะในชุมชนช่วยลดขยะที่ต้องเก็บขน"
date: 2025-01-06
summary: "ตัวอย่างประกอบ: เทศบาลตำบลแห่งหนึ่งชวนชาวบ้านคัดแยกขยะและนำมาฝากที่ธนาคารขยะทุกเดือน ขยะที่ต้องเก็บขนลดลง"
topics: [waste, participation]
districts: []
laos:
  - name: เทศบาลตำบลตัวอย่าง
    kind: subdistrict-municipality
partners: [กลุ่มแม่บ้านในชุมชน, โรงเรียนในตำบล]
problem: solid-waste
status: in-progress
outcome: "ขยะที่ต้องเก็บขนลดลงราวหนึ่งในห้า (ตัวเลขสมมุติ)"
---

*หน้านี้เป็นตัวอย่างประกอบ ชื่อหน่วยงานและตัวเลขเป็นเรื่องสมมุติ*

## ปัญหา

รถเก็บขยะของเทศบาลต้องวิ่งหลายเที่ยวขึ้นทุกปี และบ่อฝังกลบใกล้เต็ม

## สิ่งที่ทำ

เทศบาลกับกลุ่มแม่บ้านเปิดธนาคารขยะเดือนละครั้งที่ศาลากลางบ้าน ชาวบ้านนำขวด กระป๋อง และกระดาษที่คัดแยกแล้วมาฝาก และได้รับเงินเข้าบัญชีของครัวเรือน

## ผลที่ได้

ขยะที่ต้องเก็บขนลดลง และโรงเรียนนำเรื่องการคัดแยกขยะไปสอนเด็ก
"#,
    ),
    (
        "forums/example-forum",
        r#"---
title: "ตัวอย่างสรุปเวที: แบ่งปันน้ำช่วงหน้าแล้ง"
date: 2025-01-06
summary: "ตัวอย่างประกอบ: ผู้แทน อปท. และผู้ใช้น้ำหารือการแบ่งน้ำจากอ่างเก็บน้ำช่วงหน้าแล้ง และตกลงตารางปล่อยน้ำร่วมกัน"
topics: [water, participation]
meeting_no: "1/2568"
venue: ศาลาประชาคมตัวอย่าง
start_time: "09.00"
end_time: "12.00"
chair: ประธานที่ประชุม (สมมุติ)
districts: []
participants:
  count: 40
  groups: [ผู้แทน อปท., กลุ่มผู้ใช้น้ำ, ผู้ใหญ่บ้าน]
resolutions:
  - "ปล่อยน้ำให้แต่ละหมู่บ้านตามตารางที่ตกลงกัน สัปดาห์ละสองวัน"
  - "ตั้งคณะทำงานดูแลประตูน้ำ มีผู้แทนจากทุกหมู่บ้าน"
problem: drought
---

*หน้านี้เป็นตัวอย่างประกอบ ไม่ใช่บันทึกการประชุมจริง*

## ประเด็นที่หารือ

น้ำในอ่างเก็บน้ำมีน้อยกว่าทุกปี หมู่บ้านปลายน้ำได้น้ำไม่ทั่วถึง ที่ประชุมจึงหารือวิธีแบ่งน้ำให้เป็นธรรม

## มติ

ที่ประชุมเห็นชอบตารางปล่อยน้ำและคณะทำงานดูแลประตูน้ำ และจะทบทวนอีกครั้งในเวทีครั้งต่อไป
"#,
    ),
];

const PAGES_EN: [(&str, &str); 5] = [
    (
        "_index",
        r#"---
title: Home
date: 2025-01-06
summary: A knowledge base for local government officers, council members, community leaders and the public.
---

Welcome to {title_en}. This site was just made with `sala init`. It holds three kinds of content:

- **Guides** explain procedures and rules plainly, such as [holding a village forum](guides/example-guide.md).
- **Case studies** tell what a local government solved and how, such as [a community waste bank](cases/example-case.md).
- **Forum summaries** record what was discussed and resolved, such as [sharing water in the dry season](forums/example-forum.md).

All three are illustrative examples: edit or delete them and write your organization's own.
"#,
    ),
    (
        "about",
        r#"---
title: About us
date: 2025-01-06
summary: Who publishes this knowledge base, and how to reach them.
---

This page tells who your organization is, what it does and how to reach it. Edit this
text in `content/about.en.md`, and put the organization's name, address and contact
details under `[organization]` in `site.toml` so that every page's footer shows them.
"#,
    ),
    (
        "guides/example-guide",
        r#"---
title: "Example guide: holding a village forum people come to"
date: 2025-01-06
summary: "Illustrative: short steps to prepare a village forum, from picking the time to reporting back to residents."
topics: [participation]
audience: [officers, community-leaders]
---

*This page is an illustrative example, not official guidance.*

## Before the forum

1. Pick a day and time when residents are free, such as after work or on a holiday, and avoid the harvest.
2. Announce it over the village loudspeaker and the village chat group at least a week ahead.
3. Prepare the village's problems in plain words.

## During the forum

Let everyone speak, split into small groups when many come, and write down every proposal without judging it first.

## After the forum

Tell residents which proposals went into the local development plan, and why the others did not.
"#,
    ),
    (
        "cases/example-case",
        r#"---
title: "Example case study: a community waste bank reduces the waste to collect"
date: 2025-01-06
summary: "Illustrative: a subdistrict municipality asks residents to sort waste and deposit it at a waste bank every month, and less waste needs collecting."
topics: [waste, participation]
districts: []
laos:
  - name: Example Subdistrict Municipality
    kind: subdistrict-municipality
partners: [the community women's group, the subdistrict school]
problem: solid-waste
status: in-progress
outcome: "About a fifth less waste to collect (an invented figure)."
---

*This page is an illustrative example; the organizations and figures are invented.*

## The problem

The municipality's waste truck made more trips every year, and the landfill was nearly full.

## What was done

The municipality and the women's group opened a waste bank once a month at the village hall. Residents bring sorted bottles, cans and paper and are paid into their household's account.

## What came of it

Less waste needs collecting, and the school now teaches children to sort waste.
"#,
    ),
    (
        "forums/example-forum",
        r#"---
title: "Example forum summary: sharing water in the dry season"
date: 2025-01-06
summary: "Illustrative: local governments and water users discuss sharing a reservoir's water in the dry season and agree a release schedule."
topics: [water, participation]
meeting_no: "1/2568"
venue: An example village hall
start_time: "09.00"
end_time: "12.00"
chair: The chair (invented)
districts: []
participants:
  count: 40
  groups: [local government representatives, water user groups, village heads]
resolutions:
  - "Release water to each village on the agreed schedule, two days a week."
  - "Set up a working group with a member from every village to look after the sluice gates."
problem: drought
---

*This page is an illustrative example, not the record of a real meeting.*

## What was discussed

The reservoir holds less water than in other years and villages downstream do not get enough. The forum discussed how to share the water fairly.

## Resolutions

The forum agreed the release schedule and the working group, and will review both at its next meeting.
"#,
    ),
];
