//! Filling the bank's placeholders and writing numbers and dates, identically in both
//! languages where they must agree.

use crate::bank::TAMBONS;
use crate::vocab::District;

/// A page language: Thai (the default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Th,
    En,
}

impl Lang {
    pub const BOTH: [Lang; 2] = [Lang::Th, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language from a `(thai, english)` pair.
    pub fn of<'a>(self, pair: &(&'a str, &'a str)) -> &'a str {
        match self {
            Lang::Th => pair.0,
            Lang::En => pair.1,
        }
    }

    /// Picks from a pair of owned strings.
    pub fn pick(self, pair: &[String; 2]) -> &str {
        match self {
            Lang::Th => &pair[0],
            Lang::En => &pair[1],
        }
    }
}

/// The values for one use of a template, drawn once so both languages agree.
#[derive(Debug, Clone)]
pub struct Slots {
    /// Index into the district list.
    pub district: usize,
    /// Index into [`TAMBONS`].
    pub tambon: usize,
    pub percent: u64,
    /// Any `{n:LO-HI}` becomes `LO + number % (HI - LO + 1)`.
    pub number: u64,
}

/// Replaces `{d}`, `{t}`, `{p}` and `{n:LO-HI}` in `template`.
pub fn fill(template: &str, lang: Lang, slots: &Slots, districts: &[District]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let key = &rest[open + 1..open + close];
        match key {
            "d" => {
                let d = &districts[slots.district];
                out.push_str(if lang == Lang::Th { &d.th } else { &d.en });
            }
            "t" => out.push_str(lang.of(&TAMBONS[slots.tambon])),
            "p" => out.push_str(&slots.percent.to_string()),
            _ => match key.strip_prefix("n:").and_then(|r| r.split_once('-')) {
                Some((lo, hi)) => {
                    let lo: u64 = lo.parse().unwrap_or(1);
                    let hi: u64 = hi.parse().unwrap_or(lo);
                    let n = lo + slots.number % (hi.saturating_sub(lo) + 1);
                    out.push_str(&group_thousands(n));
                }
                None => out.push_str(&rest[open..=open + close]),
            },
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// 2500000 → "2,500,000", as both Thai and English pages write numbers.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A civil date, Common Era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `YYYY-MM-DD`, as front matter wants it.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The year as a page in `lang` writes it: B.E. in Thai, C.E. in English.
    pub fn year_in(self, lang: Lang) -> i32 {
        match lang {
            Lang::Th => self.year + 543,
            Lang::En => self.year,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days(19_797).iso(), "2024-03-15");
        assert_eq!(Date::from_days(19_782).iso(), "2024-02-29");
    }

    #[test]
    fn numbers_and_slots() {
        assert_eq!(group_thousands(2_500_000), "2,500,000");
        assert_eq!(group_thousands(999), "999");
        let d = crate::vocab::districts();
        let s = Slots {
            district: 4,
            tambon: 0,
            percent: 30,
            number: 7,
        };
        assert_eq!(
            fill("อำเภอ{d} {n:3-5} {p}", Lang::Th, &s, &d),
            "อำเภอชุมแพ 4 30"
        );
        assert_eq!(fill("{d} in {t}", Lang::En, &s, &d), "Chum Phae in Ban Pet");
    }
}
