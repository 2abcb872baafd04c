//! One bilingual item: its kind, slug, title, summary and front matter, and the YAML that
//! Sala's schema (`crates/sala-core/src/content/frontmatter.rs`) accepts for that kind.

use std::fmt::Write as _;

use crate::bank::{CHAIRS, GROUPS, OUTCOMES, PARTNERS, RESOLUTIONS, TAMBONS, VENUES};
use crate::rng::Rng;
use crate::text::{fill, Date, Lang, Slots};
use crate::vocab::{lower_first, Vocab};

/// The three content kinds, by folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Guide,
    Case,
    Forum,
}

impl Kind {
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Guide => "guides",
            Kind::Case => "cases",
            Kind::Forum => "forums",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Case => "case",
            Kind::Forum => "forum",
        }
    }
}

/// Items go guide, case, guide, case, forum, … : 40/40/20, interleaved so that any
/// prefix of a corpus keeps the proportions. Returns the kind and its 1-based number.
pub fn kind_of(index: usize) -> (Kind, usize) {
    let (block, r) = (index / 5, index % 5);
    match r {
        0 | 2 => (Kind::Guide, block * 2 + r / 2 + 1),
        1 | 3 => (Kind::Case, block * 2 + r / 2 + 1),
        _ => (Kind::Forum, block + 1),
    }
}

/// Who a guide is for: id, Thai label, English label.
const AUDIENCES: &[(&str, &str, &str)] = &[
    ("officers", "เจ้าหน้าที่ อปท.", "LAO officers"),
    ("executives", "ผู้บริหารท้องถิ่น", "local executives"),
    ("council", "สมาชิกสภาท้องถิ่น", "council members"),
    ("community-leaders", "ผู้นำชุมชน", "community leaders"),
    ("public", "ประชาชนทั่วไป", "the public"),
];

const GUIDE_TITLES: &[(&str, &str)] = &[
    ("แนวทาง{topic}สำหรับ อปท.", "{Topic}: a guide for LAOs"),
    ("ขั้นตอนการดำเนินงานด้าน{topic}ทีละขั้น", "{Topic}, step by step"),
    (
        "คำถามที่พบบ่อยเรื่อง{topic}",
        "Frequently asked questions on {topic}",
    ),
    (
        "สิ่งที่ผู้บริหารท้องถิ่นควรรู้เรื่อง{topic}",
        "What local executives should know about {topic}",
    ),
    ("เครื่องมือและแบบฟอร์มด้าน{topic}", "Tools and forms for {topic}"),
    ("{topic}: ตัวอย่างจากอำเภอ{d}", "{Topic}: examples from {d}"),
];

const CASE_TITLES: &[(&str, &str)] = &[
    ("{lao}กับการแก้ปัญหา{problem}", "{lao} tackles {problem}"),
    ("บทเรียนจาก{lao}: {problem}", "Lessons from {lao}: {problem}"),
    (
        "ความร่วมมือแก้ปัญหา{problem} อำเภอ{d}",
        "Working together on {problem} in {d}",
    ),
];

const TIMES: &[(&str, &str)] = &[
    ("09.00", "12.00"),
    ("13.00", "16.30"),
    ("09.30", "15.00"),
    ("08.30", "12.00"),
];

/// An LAO named in a case: names per language and its kind id.
#[derive(Debug, Clone)]
pub struct Lao {
    pub name: [String; 2],
    pub kind: &'static str,
}

/// Each kind's own front-matter fields.
#[derive(Debug, Clone)]
pub enum Extra {
    Guide {
        audience: Vec<usize>,
    },
    Case {
        laos: Vec<Lao>,
        partners: Vec<usize>,
        problem: usize,
        status: &'static str,
        outcome: [String; 2],
        cost_baht: Option<u64>,
    },
    Forum {
        meeting_no: String,
        venue: [String; 2],
        times: (&'static str, &'static str),
        chair: [String; 2],
        count: u32,
        groups: Vec<usize>,
        resolutions: Vec<usize>,
        problem: Option<usize>,
    },
}

/// Everything about an item except its body.
#[derive(Debug, Clone)]
pub struct Item {
    pub index: usize,
    pub kind: Kind,
    pub slug: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub title: [String; 2],
    pub summary: [String; 2],
    pub topics: Vec<usize>,
    pub weight: Option<i32>,
    /// Indices into the district list (cases and forums; guides keep one for the text).
    pub districts: Vec<usize>,
    pub extra: Extra,
}

/// Days from 1970-01-01 to 2019-01-01, and the span of dates drawn (to 2025-12-31).
const FIRST_DAY: i64 = 17_897;
const DAY_SPAN: i64 = 2_556;

impl Item {
    /// Draws item `index` of a corpus; `width` is the zero-padding of slug numbers.
    pub fn generate(seed: u64, index: usize, width: usize, vocab: &Vocab) -> Item {
        let mut rng = Rng::for_item(seed, 1, index as u64);
        let (kind, num) = kind_of(index);
        let slug = format!("{}-{:0width$}", kind.prefix(), num, width = width);
        let date = Date::from_days(FIRST_DAY + rng.below(DAY_SPAN as usize) as i64);
        let updated = rng
            .chance(25)
            .then(|| Date::from_days(FIRST_DAY + rng.below(DAY_SPAN as usize) as i64))
            .filter(|u| *u > date);
        let n_topics = 1 + rng.below(3);
        let mut topics = rng.distinct(vocab.topics.len(), n_topics);
        let weight = rng.chance(3).then(|| rng.range(1, 10) as i32);
        let n_districts = if kind == Kind::Case {
            1 + rng.below(2)
        } else {
            1
        };
        let districts = rng.distinct(vocab.districts.len(), n_districts);
        let slots = Slots {
            district: districts[0],
            tambon: rng.below(TAMBONS.len()),
            percent: rng.range(10, 65),
            number: rng.next_u64(),
        };
        let f = |t: &str, lang| fill(t, lang, &slots, &vocab.districts);
        let topic = &vocab.topics[topics[0]];
        let district = &vocab.districts[districts[0]];

        let (extra, title, summary) = match kind {
            Kind::Guide => {
                let n = 1 + rng.below(3);
                let audience = rng.distinct(AUDIENCES.len(), n);
                let t = rng.pick(GUIDE_TITLES);
                let title = [
                    f(&t.0.replace("{topic}", &topic.th), Lang::Th),
                    f(
                        &t.1.replace("{Topic}", &topic.en)
                            .replace("{topic}", &lower_first(&topic.en)),
                        Lang::En,
                    ),
                ];
                let a = AUDIENCES[audience[0]];
                let summary = [
                    format!(
                        "คู่มือสำหรับ{}เรื่อง{} อธิบายขั้นตอน ข้อควรระวัง และตัวอย่างจากพื้นที่จริง",
                        a.1, topic.th
                    ),
                    format!(
                        "A guide for {} on {}: the steps, the pitfalls and examples from the field.",
                        a.2,
                        lower_first(&topic.en)
                    ),
                ];
                (Extra::Guide { audience }, title, summary)
            }
            Kind::Case => {
                let laos = draw_laos(&mut rng, &districts, vocab);
                let n = 1 + rng.below(3);
                let partners = rng.distinct(PARTNERS.len(), n);
                let problem = rng.below(vocab.problems.len());
                let p = &vocab.problems[problem];
                lead_topic(&mut topics, &p.id, vocab);
                let status = match rng.below(100) {
                    0..=14 => "planned",
                    15..=44 => "in-progress",
                    _ => "solved",
                };
                let o = rng.pick(OUTCOMES);
                let outcome = [f(o.0, Lang::Th), f(o.1, Lang::En)];
                let cost_baht = rng.chance(75).then(|| rng.range(50, 9_000) * 1_000);
                let t = rng.pick(CASE_TITLES);
                let title = [
                    f(
                        &t.0.replace("{lao}", &laos[0].name[0])
                            .replace("{problem}", &p.th),
                        Lang::Th,
                    ),
                    f(
                        &t.1.replace("{lao}", &laos[0].name[1])
                            .replace("{problem}", &lower_first(&p.en)),
                        Lang::En,
                    ),
                ];
                let summary = [
                    format!(
                        "{}ร่วมกับภาคีเครือข่ายแก้ปัญหา{} {}",
                        laos[0].name[0], p.th, outcome[0]
                    ),
                    format!(
                        "How {} and its partners tackled {}. {}",
                        laos[0].name[1],
                        lower_first(&p.en),
                        outcome[1]
                    ),
                ];
                let extra = Extra::Case {
                    laos,
                    partners,
                    problem,
                    status,
                    outcome,
                    cost_baht,
                };
                (extra, title, summary)
            }
            Kind::Forum => {
                let no = format!("{}/{}", 1 + rng.below(4), date.year_in(Lang::Th));
                let v = rng.pick(VENUES);
                let c = rng.pick(CHAIRS);
                let problem = rng.chance(70).then(|| rng.below(vocab.problems.len()));
                if let Some(p) = problem {
                    lead_topic(&mut topics, &vocab.problems[p].id, vocab);
                }
                let count = rng.range(25, 180) as u32;
                let n = 3 + rng.below(4);
                let groups = rng.distinct(GROUPS.len(), n);
                let n = 2 + rng.below(3);
                let resolutions = rng.distinct(RESOLUTIONS.len(), n);
                let (subj_th, subj_en) = match problem {
                    Some(p) => (
                        vocab.problems[p].th.clone(),
                        lower_first(&vocab.problems[p].en),
                    ),
                    None => (topic.th.clone(), lower_first(&topic.en)),
                };
                let title = [
                    format!("เวทีประชาคมเรื่อง{} อำเภอ{} ครั้งที่ {}", subj_th, district.th, no),
                    format!(
                        "Public forum on {}, {}, meeting {}",
                        subj_en, district.en, no
                    ),
                ];
                let summary = [
                    format!(
                        "สรุปเวทีประชาคมเรื่อง{} อำเภอ{} มีผู้เข้าร่วม {} คน",
                        subj_th, district.th, count
                    ),
                    format!(
                        "Summary of the public forum on {} in {} district, attended by {} people.",
                        subj_en, district.en, count
                    ),
                ];
                let extra = Extra::Forum {
                    meeting_no: no,
                    venue: [f(v.0, Lang::Th), f(v.1, Lang::En)],
                    times: *rng.pick(TIMES),
                    chair: [f(c.0, Lang::Th), f(c.1, Lang::En)],
                    count,
                    groups,
                    resolutions,
                    problem,
                };
                (extra, title, summary)
            }
        };
        Item {
            index,
            kind,
            slug,
            date,
            updated,
            title,
            summary,
            topics,
            weight,
            districts,
            extra,
        }
    }

    /// The front-matter block, `---` lines included.
    pub fn front_matter(&self, lang: Lang, vocab: &Vocab) -> String {
        let l = |pair: &[String; 2]| q(lang.pick(pair));
        let mut y = String::with_capacity(1024);
        y.push_str("---\n");
        let _ = writeln!(y, "title: {}", l(&self.title));
        let _ = writeln!(y, "date: {}", self.date.iso());
        if let Some(u) = self.updated {
            let _ = writeln!(y, "updated: {}", u.iso());
        }
        let _ = writeln!(y, "summary: {}", l(&self.summary));
        let topics: Vec<&str> = self
            .topics
            .iter()
            .map(|&t| vocab.topics[t].id.as_str())
            .collect();
        let _ = writeln!(y, "topics: [{}]", topics.join(", "));
        if let Some(w) = self.weight {
            let _ = writeln!(y, "weight: {w}");
        }
        let codes = || {
            let c: Vec<String> = self
                .districts
                .iter()
                .map(|&d| vocab.districts[d].code.to_string())
                .collect();
            c.join(", ")
        };
        match &self.extra {
            Extra::Guide { audience } => {
                let a: Vec<&str> = audience.iter().map(|&a| AUDIENCES[a].0).collect();
                let _ = writeln!(y, "audience: [{}]", a.join(", "));
            }
            Extra::Case {
                laos,
                partners,
                problem,
                status,
                outcome,
                cost_baht,
            } => {
                let _ = writeln!(y, "districts: [{}]", codes());
                y.push_str("laos:\n");
                for lao in laos {
                    let _ = writeln!(y, "  - name: {}\n    kind: {}", l(&lao.name), lao.kind);
                }
                let p: Vec<String> = partners.iter().map(|&p| q(lang.of(&PARTNERS[p]))).collect();
                let _ = writeln!(y, "partners: [{}]", p.join(", "));
                let _ = writeln!(y, "problem: {}", vocab.problems[*problem].id);
                let _ = writeln!(y, "status: {status}");
                let _ = writeln!(y, "outcome: {}", l(outcome));
                if let Some(c) = cost_baht {
                    let _ = writeln!(y, "cost_baht: {c}");
                }
            }
            Extra::Forum {
                meeting_no,
                venue,
                times,
                chair,
                count,
                groups,
                resolutions,
                problem,
            } => {
                let _ = writeln!(y, "meeting_no: {}", q(meeting_no));
                let _ = writeln!(y, "venue: {}", l(venue));
                let _ = writeln!(y, "start_time: {}", q(times.0));
                let _ = writeln!(y, "end_time: {}", q(times.1));
                let _ = writeln!(y, "chair: {}", l(chair));
                let _ = writeln!(y, "districts: [{}]", codes());
                let g: Vec<String> = groups.iter().map(|&g| q(lang.of(&GROUPS[g]))).collect();
                let _ = writeln!(
                    y,
                    "participants:\n  count: {count}\n  groups: [{}]",
                    g.join(", ")
                );
                y.push_str("resolutions:\n");
                for &r in resolutions {
                    let _ = writeln!(y, "  - {}", q(lang.of(&RESOLUTIONS[r])));
                }
                if let Some(p) = problem {
                    let _ = writeln!(y, "problem: {}", vocab.problems[*p].id);
                }
            }
        }
        y.push_str("---\n");
        y
    }
}

/// The topic a problem category belongs under, by id.
const PROBLEM_TOPIC: &[(&str, &str)] = &[
    ("solid-waste", "waste"),
    ("drought", "water"),
    ("flood", "flood"),
    ("haze", "air-quality"),
    ("livelihood", "economy"),
    ("ageing", "elderly-care"),
    ("child-nutrition", "education"),
    ("roads", "infrastructure"),
    ("disease", "health"),
];

/// Puts the topic that matches `problem` first in `topics`, when site.toml has it.
fn lead_topic(topics: &mut Vec<usize>, problem: &str, vocab: &Vocab) {
    let Some((_, topic)) = PROBLEM_TOPIC.iter().find(|(p, _)| *p == problem) else {
        return;
    };
    let Some(t) = vocab.topics.iter().position(|t| t.id == *topic) else {
        return;
    };
    topics.retain(|&x| x != t);
    topics.insert(0, t);
    topics.truncate(3);
}

/// One to three LAOs, mostly SAOs and subdistrict municipalities as in the province.
fn draw_laos(rng: &mut Rng, districts: &[usize], vocab: &Vocab) -> Vec<Lao> {
    let mut laos: Vec<Lao> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let d = &vocab.districts[*rng.pick(districts)];
        let t = rng.pick(TAMBONS);
        let lao = match rng.below(100) {
            0..=7 => Lao {
                name: ["องค์การบริหารส่วนจังหวัดขอนแก่น".into(), "Khon Kaen PAO".into()],
                kind: "pao",
            },
            8..=12 => Lao {
                name: [
                    "เทศบาลนครขอนแก่น".into(),
                    "Khon Kaen City Municipality".into(),
                ],
                kind: "city-municipality",
            },
            13..=24 => Lao {
                name: [
                    format!("เทศบาลเมือง{}", d.th),
                    format!("{} Town Municipality", d.en),
                ],
                kind: "town-municipality",
            },
            25..=54 => Lao {
                name: [
                    format!("เทศบาลตำบล{}", t.0),
                    format!("{} Subdistrict Municipality", t.1),
                ],
                kind: "subdistrict-municipality",
            },
            _ => Lao {
                name: [format!("องค์การบริหารส่วนตำบล{}", t.0), format!("{} SAO", t.1)],
                kind: "sao",
            },
        };
        if !laos.iter().any(|l| l.name[0] == lao.name[0]) {
            laos.push(lao);
        }
    }
    laos
}

/// A double-quoted YAML scalar, safe for any text.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_interleave_40_40_20() {
        let kinds: Vec<(Kind, usize)> = (0..10).map(kind_of).collect();
        assert_eq!(kinds[0], (Kind::Guide, 1));
        assert_eq!(kinds[1], (Kind::Case, 1));
        assert_eq!(kinds[2], (Kind::Guide, 2));
        assert_eq!(kinds[4], (Kind::Forum, 1));
        assert_eq!(kinds[5], (Kind::Guide, 3));
        assert_eq!(kinds[8], (Kind::Case, 4));
    }
}
