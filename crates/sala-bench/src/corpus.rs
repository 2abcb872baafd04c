//! Writing a whole corpus: `site.toml`, `content/` in both languages, and Hugo's files.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::body::Body;
use crate::item::{q, Item, Kind};
use crate::text::Lang;
use crate::vocab::{Vocab, SITE_TOML};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bilingual items: each becomes a `.th.md` and an `.en.md`.
    pub items: usize,
    pub seed: u64,
    pub out: PathBuf,
    /// Replace a corpus already at `out`.
    pub force: bool,
    /// A theme folder to copy to `out/themes/<its name>`: Sala needs its theme in the site.
    pub theme: Option<PathBuf>,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub items: usize,
    pub markdown_files: usize,
    pub markdown_bytes: u64,
    /// Body lengths in characters: (min, max, sum), Thai then English.
    pub th_chars: (usize, usize, usize),
    pub en_chars: (usize, usize, usize),
    /// Items per kind: guides, cases, forums.
    pub per_kind: [usize; 3],
}

/// How a generated `site.toml` starts; `--force` replaces only folders that have it.
const MARKER: &str = "# Benchmark corpus written by `sala-bench corpus";

/// The files and folders a corpus consists of, removed by `--force`.
const GENERATED: &[&str] = &[
    "content",
    "layouts",
    "i18n",
    "themes",
    "site.toml",
    "hugo.toml",
];

/// Writes a corpus under `opts.out`. The output depends only on `items` and `seed`.
pub fn generate(opts: &Options) -> anyhow::Result<Stats> {
    let vocab = Vocab::load()?;
    let root = &opts.out;
    if root.join("content").exists() {
        anyhow::ensure!(
            opts.force,
            "{} already holds a corpus; pass --force to replace it",
            root.display()
        );
        // --force deletes content/ and themes/: never do that to a real site.
        let site = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
        anyhow::ensure!(
            site.starts_with(MARKER),
            "{} holds content/ that sala-bench did not write; refusing to replace it",
            root.display()
        );
        for name in GENERATED {
            let p = root.join(name);
            if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else if p.exists() {
                std::fs::remove_file(&p)
            } else {
                Ok(())
            }
            .with_context(|| format!("removing {}", p.display()))?;
        }
    }
    for kind in [Kind::Guide, Kind::Case, Kind::Forum] {
        std::fs::create_dir_all(root.join("content").join(kind.dir()))
            .with_context(|| format!("creating {}", root.display()))?;
    }
    std::fs::write(
        root.join("site.toml"),
        format!(
            "{MARKER} --pages {} --seed {}`:\n\
             # the repository's site.toml, unchanged below this comment.\n\n{}",
            opts.items, opts.seed, SITE_TOML
        ),
    )?;
    write_pages(root)?;

    let width = opts.items.to_string().len().max(5);
    let items: Vec<Item> = (0..opts.items)
        .map(|i| Item::generate(opts.seed, i, width, &vocab))
        .collect();
    let mut stats = Stats {
        items: opts.items,
        th_chars: (usize::MAX, 0, 0),
        en_chars: (usize::MAX, 0, 0),
        ..Stats::default()
    };
    for item in &items {
        let body = Body::plan(opts.seed, item, &items, &vocab);
        stats.per_kind[item.kind as usize] += 1;
        for lang in Lang::BOTH {
            let text = body.render(lang, &items, &vocab);
            let n = text.chars().count();
            let s = if lang == Lang::Th {
                &mut stats.th_chars
            } else {
                &mut stats.en_chars
            };
            *s = (s.0.min(n), s.1.max(n), s.2 + n);
            let mut file = item.front_matter(lang, &vocab);
            file.push('\n');
            file.push_str(&text);
            let path = root.join("content").join(item.kind.dir()).join(format!(
                "{}.{}.md",
                item.slug,
                lang.code()
            ));
            std::fs::write(&path, &file).with_context(|| format!("writing {}", path.display()))?;
            stats.markdown_files += 1;
            stats.markdown_bytes += file.len() as u64;
        }
    }
    crate::hugo::write(root, &vocab).context("writing Hugo's configuration")?;
    if let Some(theme) = &opts.theme {
        let name = theme
            .file_name()
            .context("the theme path names no folder")?;
        copy_dir(theme, &root.join("themes").join(name))
            .with_context(|| format!("copying the theme {}", theme.display()))?;
    }
    Ok(stats)
}

/// Copies a folder recursively, in sorted order.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// The home-page intro and an about page, in both languages (kind: page).
fn write_pages(root: &Path) -> anyhow::Result<()> {
    let pages: &[(&str, Lang, &str, &str)] = &[
        (
            "_index",
            Lang::Th,
            "คลังความรู้ศูนย์ Clinic Center",
            "คู่มือ กรณีศึกษา และสรุปเวทีสาธารณะสำหรับองค์กรปกครองส่วนท้องถิ่นในจังหวัดขอนแก่น \
             ชุดข้อมูลนี้สร้างขึ้นอัตโนมัติเพื่อวัดความเร็วในการสร้างเว็บไซต์",
        ),
        (
            "_index",
            Lang::En,
            "The Clinic Center knowledge base",
            "Guides, case studies and forum summaries for the local administrative organizations \
             of Khon Kaen. This corpus is generated to measure build speed.",
        ),
        (
            "about",
            Lang::Th,
            "เกี่ยวกับเว็บไซต์",
            "ศูนย์เครือข่ายเพื่อแก้ไขปัญหาและส่งเสริมการมีส่วนร่วมในการพัฒนาท้องถิ่น (Clinic Center) \
             ขององค์การบริหารส่วนจังหวัดขอนแก่น รวบรวมความรู้เพื่อให้ อปท. แก้ปัญหาร่วมกัน",
        ),
        (
            "about",
            Lang::En,
            "About this site",
            "Khon Kaen PAO's Clinic Center gathers what local administrative organizations have \
             learned, so that they can solve problems together.",
        ),
    ];
    for (name, lang, title, text) in pages {
        let file = format!(
            "---\ntitle: {}\ndate: 2024-01-15\n---\n\n{}\n",
            q(title),
            text
        );
        std::fs::write(
            root.join("content")
                .join(format!("{}.{}.md", name, lang.code())),
            file,
        )?;
    }
    Ok(())
}
