//! An item's Markdown body: paragraphs from the sentence bank under `##` headings, lists,
//! an occasional table, code block and footnote, and Sala-style links to other items.
//!
//! A body is planned once, as language-neutral blocks, and rendered per language, so the
//! English page is a translation of the Thai one. English is the smaller side on Thai
//! government sites, so the English rendering keeps fewer sentences per paragraph, enough
//! to land in its own length range.

use std::fmt::Write as _;

use crate::bank::TAMBONS;
use crate::bank::{FOOTNOTES, FURTHER_READING, HEADINGS, LINK_SENTENCES, LIST_ITEMS, SENTENCES};
use crate::item::Item;
use crate::rng::Rng;
use crate::text::{fill, group_thousands, Lang, Slots};
use crate::vocab::Vocab;

/// Thai body length targets, in characters; a body stops at the first paragraph past its
/// target, so lengths land in about 2,000–6,000.
pub const TH_CHARS: (usize, usize) = (2_000, 5_600);
/// English body length targets, in characters (the result lands in about 1,500–4,000).
pub const EN_CHARS: (usize, usize) = (1_500, 4_000);

/// How a link names its target, all forms that Sala resolves.
#[derive(Debug, Clone, Copy)]
enum Href {
    /// `../cases/case-00042.md`: the target in the current page's language.
    Neutral,
    /// `../cases/case-00042.th.md`: one language explicitly.
    Explicit,
    /// `case-00042.md`: a sibling in the same folder.
    Sibling,
}

#[derive(Debug, Clone)]
enum Sentence {
    Bank(usize, Slots),
    Link {
        template: usize,
        target: usize,
        href: Href,
    },
}

#[derive(Debug, Clone)]
enum Entry {
    Text(usize),
    Link(usize, Href),
}

#[derive(Debug, Clone)]
enum Block {
    Heading((&'static str, &'static str)),
    Para {
        sentences: Vec<Sentence>,
        footnote: bool,
    },
    List {
        ordered: bool,
        entries: Vec<Entry>,
    },
    /// Activity, amount in baht, quarter of the fiscal year.
    Budget(Vec<(usize, u64, usize)>),
    /// District, target households, percent done.
    Progress(Vec<(usize, u64, u64)>),
    Code {
        variant: usize,
        slots: Slots,
    },
    FootnoteDef(usize),
}

/// A planned body.
#[derive(Debug, Clone)]
pub struct Body {
    blocks: Vec<Block>,
    /// English keeps `1 + round((sentences - 1) × en_keep.0 / en_keep.1)` bank sentences
    /// per paragraph.
    en_keep: (usize, usize),
    /// The item's year (C.E.), for tables and footnotes.
    year: i32,
}

const QUARTERS: &[(&str, &str)] = &[
    ("ต.ค.–ธ.ค.", "Oct–Dec"),
    ("ม.ค.–มี.ค.", "Jan–Mar"),
    ("เม.ย.–มิ.ย.", "Apr–Jun"),
    ("ก.ค.–ก.ย.", "Jul–Sep"),
];

struct Planner<'a> {
    rng: Rng,
    item: &'a Item,
    items: &'a [Item],
    vocab: &'a Vocab,
    links_left: u64,
    footnote_left: bool,
}

impl Planner<'_> {
    fn slots(&mut self) -> Slots {
        let district = if self.rng.chance(70) {
            *self.rng.pick(&self.item.districts)
        } else {
            self.rng.below(self.vocab.districts.len())
        };
        Slots {
            district,
            tambon: self.rng.below(TAMBONS.len()),
            percent: self.rng.range(10, 65),
            number: self.rng.next_u64(),
        }
    }

    fn link(&mut self) -> (usize, Href) {
        let n = self.items.len();
        let mut target = self.rng.below(n - 1);
        if target >= self.item.index {
            target += 1;
        }
        let href = if self.items[target].kind == self.item.kind && self.rng.chance(20) {
            Href::Sibling
        } else if self.rng.chance(15) {
            Href::Explicit
        } else {
            Href::Neutral
        };
        (target, href)
    }

    fn para(&mut self, lo: usize, hi: usize) -> Block {
        let count = lo + self.rng.below(hi - lo + 1);
        let picks = self.rng.distinct(SENTENCES.len(), count);
        let mut sentences: Vec<Sentence> = picks
            .into_iter()
            .map(|i| Sentence::Bank(i, self.slots()))
            .collect();
        if self.links_left > 0 && self.rng.chance(45) {
            self.links_left -= 1;
            let template = self.rng.below(LINK_SENTENCES.len());
            let (target, href) = self.link();
            let at = 1 + self.rng.below(sentences.len());
            sentences.insert(
                at,
                Sentence::Link {
                    template,
                    target,
                    href,
                },
            );
        }
        let footnote = self.footnote_left && self.rng.chance(30);
        if footnote {
            self.footnote_left = false;
        }
        Block::Para {
            sentences,
            footnote,
        }
    }

    fn list(&mut self) -> Block {
        let n = 3 + self.rng.below(4);
        let picks = self.rng.distinct(LIST_ITEMS.len(), n);
        Block::List {
            ordered: self.rng.chance(40),
            entries: picks.into_iter().map(Entry::Text).collect(),
        }
    }

    fn table(&mut self) -> Block {
        let rows = 3 + self.rng.below(4);
        if self.rng.chance(50) {
            let acts = self.rng.distinct(LIST_ITEMS.len(), rows);
            Block::Budget(
                acts.into_iter()
                    .map(|a| {
                        (
                            a,
                            self.rng.range(5, 600) * 1_000,
                            self.rng.below(QUARTERS.len()),
                        )
                    })
                    .collect(),
            )
        } else {
            let ds = self.rng.distinct(self.vocab.districts.len(), rows);
            Block::Progress(
                ds.into_iter()
                    .map(|d| (d, self.rng.range(80, 3_500), self.rng.range(15, 100)))
                    .collect(),
            )
        }
    }
}

impl Body {
    /// Plans the body of `item`; `items` is the whole corpus, for link targets.
    pub fn plan(seed: u64, item: &Item, items: &[Item], vocab: &Vocab) -> Body {
        let mut p = Planner {
            rng: Rng::for_item(seed, 2, item.index as u64),
            item,
            items,
            vocab,
            links_left: 0,
            footnote_left: false,
        };
        let th_target = p.rng.range(TH_CHARS.0 as u64, TH_CHARS.1 as u64) as usize;
        let en_target = EN_CHARS.0
            + (th_target - TH_CHARS.0) * (EN_CHARS.1 - EN_CHARS.0) / (TH_CHARS.1 - TH_CHARS.0);
        if items.len() > 1 {
            p.links_left = p.rng.range(2, 5);
        }
        let has_table = p.rng.chance(25);
        let has_code = p.rng.chance(20);
        p.footnote_left = p.rng.chance(15);
        let table_at = 1 + p.rng.below(2);
        let code_at = 2 + p.rng.below(2);
        let order = p.rng.distinct(HEADINGS.len(), HEADINGS.len());

        let mut body = Body {
            blocks: Vec::new(),
            en_keep: (1, 1),
            year: item.date.year,
        };
        let mut th_len = 0;
        let b = p.para(2, 4);
        body.push(b, &mut th_len, items, vocab);
        let (mut table_done, mut code_done) = (!has_table, !has_code);
        'sections: for (section, &h) in order.iter().enumerate() {
            body.push(Block::Heading(HEADINGS[h]), &mut th_len, items, vocab);
            for _ in 0..1 + p.rng.below(3) {
                let b = p.para(2, 5);
                body.push(b, &mut th_len, items, vocab);
                if th_len >= th_target {
                    break 'sections;
                }
            }
            if p.rng.chance(35) {
                let b = p.list();
                body.push(b, &mut th_len, items, vocab);
            }
            if !table_done && section >= table_at {
                table_done = true;
                let b = p.table();
                body.push(b, &mut th_len, items, vocab);
            }
            if !code_done && section >= code_at {
                code_done = true;
                let b = Block::Code {
                    variant: p.rng.below(3),
                    slots: p.slots(),
                };
                body.push(b, &mut th_len, items, vocab);
            }
            if th_len >= th_target {
                break;
            }
        }
        if !table_done {
            let b = p.table();
            body.blocks.push(b);
        }
        if !code_done {
            let slots = p.slots();
            body.blocks.push(Block::Code {
                variant: p.rng.below(3),
                slots,
            });
        }
        if items.len() > 1 && p.rng.chance(70) {
            body.blocks.push(Block::Heading(FURTHER_READING));
            let entries = (0..1 + p.rng.below(3))
                .map(|_| {
                    let (t, h) = p.link();
                    Entry::Link(t, h)
                })
                .collect();
            body.blocks.push(Block::List {
                ordered: false,
                entries,
            });
        }
        let footnote_used = body
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Para { footnote: true, .. }));
        if footnote_used {
            body.blocks
                .push(Block::FootnoteDef(p.rng.below(FOOTNOTES.len())));
        }
        // English keeps 1 + f × (the rest) sentences per paragraph; f interpolates between
        // the shortest rendering (one sentence each) and the full translation.
        body.en_keep = (0, 1);
        let en_min = body.render(Lang::En, items, vocab).chars().count();
        body.en_keep = (1, 1);
        let en_full = body.render(Lang::En, items, vocab).chars().count();
        body.en_keep = if en_target <= en_min {
            (0, 1)
        } else {
            (en_target.min(en_full) - en_min, (en_full - en_min).max(1))
        };
        body
    }

    /// Appends a block, adding its Thai length (and the blank line after it) to `th_len`.
    fn push(&mut self, b: Block, th_len: &mut usize, items: &[Item], vocab: &Vocab) {
        *th_len += self
            .render_block(&b, Lang::Th, items, vocab)
            .chars()
            .count()
            + 2;
        self.blocks.push(b);
    }

    /// The Markdown text of this body in `lang`.
    pub fn render(&self, lang: Lang, items: &[Item], vocab: &Vocab) -> String {
        let mut out = String::with_capacity(16 * 1024);
        for b in &self.blocks {
            out.push_str(&self.render_block(b, lang, items, vocab));
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    fn render_block(&self, b: &Block, lang: Lang, items: &[Item], vocab: &Vocab) -> String {
        let item_year = |lang: Lang| match lang {
            Lang::Th => self.year + 543,
            Lang::En => self.year,
        };
        let mut out = String::new();
        match b {
            Block::Heading(h) => {
                out.push_str("## ");
                out.push_str(lang.of(h));
            }
            Block::Para {
                sentences,
                footnote,
            } => {
                let total = sentences
                    .iter()
                    .filter(|s| matches!(s, Sentence::Bank(..)))
                    .count();
                let keep = match lang {
                    Lang::Th => total,
                    Lang::En => {
                        let (num, den) = self.en_keep;
                        1 + ((total - 1) * num + den / 2) / den
                    }
                };
                let mut kept = 0;
                let mut first = true;
                for s in sentences {
                    let text = match s {
                        Sentence::Bank(i, slots) => {
                            if kept == keep {
                                continue;
                            }
                            kept += 1;
                            fill(lang.of(&SENTENCES[*i]), lang, slots, &vocab.districts)
                        }
                        Sentence::Link {
                            template,
                            target,
                            href,
                        } => {
                            let t = &items[*target];
                            lang.of(&LINK_SENTENCES[*template])
                                .replace("{title}", lang.pick(&t.title))
                                .replace("{href}", &href_to(t, *href, lang))
                        }
                    };
                    if !first {
                        out.push(' ');
                    }
                    out.push_str(&text);
                    if first && *footnote {
                        out.push_str("[^1]");
                    }
                    first = false;
                }
            }
            Block::List { ordered, entries } => {
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        let _ = write!(out, "{}. ", i + 1);
                    } else {
                        out.push_str("- ");
                    }
                    match e {
                        Entry::Text(t) => out.push_str(lang.of(&LIST_ITEMS[*t])),
                        Entry::Link(target, href) => {
                            let t = &items[*target];
                            let _ = write!(
                                out,
                                "[{}]({})",
                                lang.pick(&t.title),
                                href_to(t, *href, lang)
                            );
                        }
                    }
                }
            }
            Block::Budget(rows) => {
                out.push_str(lang.of(&(
                    "| กิจกรรม | งบประมาณ (บาท) | ช่วงเวลา |\n|---|---:|---|",
                    "| Activity | Budget (baht) | Period |\n|---|---:|---|",
                )));
                for (a, amount, quarter) in rows {
                    let _ = write!(
                        out,
                        "\n| {} | {} | {} {} |",
                        lang.of(&LIST_ITEMS[*a]),
                        group_thousands(*amount),
                        lang.of(&QUARTERS[*quarter]),
                        item_year(lang)
                    );
                }
            }
            Block::Progress(rows) => {
                out.push_str(lang.of(&(
                    "| อำเภอ | ครัวเรือนเป้าหมาย | ดำเนินการแล้ว (ร้อยละ) |\n|---|---:|---:|",
                    "| District | Target households | Done (%) |\n|---|---:|---:|",
                )));
                for (d, households, pct) in rows {
                    let d = &vocab.districts[*d];
                    let name = if lang == Lang::Th { &d.th } else { &d.en };
                    let _ = write!(
                        out,
                        "\n| {} | {} | {} |",
                        name,
                        group_thousands(*households),
                        pct
                    );
                }
            }
            Block::Code { variant, slots } => code(&mut out, *variant, slots, lang, vocab),
            Block::FootnoteDef(i) => {
                let _ = write!(
                    out,
                    "[^1]: {}",
                    lang.of(&FOOTNOTES[*i])
                        .replace("{y}", &item_year(lang).to_string())
                );
            }
        }
        out
    }
}

/// A relative link to `target`'s source file, as Sala wants it.
fn href_to(target: &Item, href: Href, lang: Lang) -> String {
    match href {
        Href::Neutral => format!("../{}/{}.md", target.kind.dir(), target.slug),
        Href::Explicit => format!(
            "../{}/{}.{}.md",
            target.kind.dir(),
            target.slug,
            lang.code()
        ),
        Href::Sibling => format!("{}.md", target.slug),
    }
}

/// A fenced code block: settings, a record or a query, as staff paste them into guides.
fn code(out: &mut String, variant: usize, s: &Slots, lang: Lang, vocab: &Vocab) {
    let d = &vocab.districts[s.district];
    let village = 1 + s.number % 15;
    let warn = 150 + s.number % 150;
    match variant {
        0 => {
            let _ = write!(
                out,
                "```toml\n# {}\n[station]\nname = \"{} {}\"\ndistrict = {}\nwarning_level_m = {}.{:02}\ncritical_level_m = {}.{:02}\nreport_every_minutes = 30\n\n[notify]\nchannels = [\"sms\", \"line\"]\n```",
                lang.of(&("ตั้งค่าสถานีวัดระดับน้ำ", "Water-level station settings")),
                lang.of(&("สถานีวัดระดับน้ำ หมู่ที่", "Water-level station, village no.")),
                village,
                d.code,
                warn / 100,
                warn % 100,
                (warn + 45) / 100,
                (warn + 45) % 100,
            );
        }
        1 => {
            let _ = write!(
                out,
                "```json\n{{\n  \"village_no\": {},\n  \"district\": {},\n  \"households\": {},\n  \"sorted_waste_kg\": {}.{},\n  \"share_sorted_percent\": {}\n}}\n```",
                village,
                d.code,
                80 + s.number % 400,
                500 + s.number % 2_500,
                s.number % 10,
                s.percent,
            );
        }
        _ => {
            let _ = write!(
                out,
                "```sql\n-- {}\nSELECT village_no, COUNT(*) AS people\nFROM elderly_registry\nWHERE district = {} AND dependency_level >= {}\nGROUP BY village_no\nORDER BY people DESC;\n```",
                lang.of(&("ผู้สูงอายุที่มีภาวะพึ่งพิงแยกตามหมู่บ้าน", "Dependent older people by village")),
                d.code,
                1 + s.number % 3,
            );
        }
    }
}
