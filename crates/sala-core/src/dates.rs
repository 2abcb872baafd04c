//! Dates as readers expect them: Buddhist Era with Thai month names on Thai pages,
//! the Common Era in English; and dates as front matter and comments write them.

use time::Date;

const TH_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses `YYYY-MM-DD` (optionally followed by a time), as front matter and comments use.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let date_part = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(date_part, &fmt).ok()
}

/// Years between the Common Era and the Buddhist Era (พ.ศ.) that Thai pages show.
pub const BE_OFFSET: i32 = 543;

/// The Buddhist Era year of a Common Era year.
pub fn be_year(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// The Common Era year of a Buddhist Era year.
pub fn ce_year(be: i32) -> i32 {
    be - BE_OFFSET
}

/// "2 มีนาคม 2568" in Thai, "2 March 2025" in English.
pub fn format_long(date: Date, lang: &str) -> String {
    let m = date.month() as usize - 1;
    if lang == "th" {
        format!("{} {} {}", date.day(), TH_MONTHS[m], be_year(date.year()))
    } else {
        format!("{} {} {}", date.day(), EN_MONTHS[m], date.year())
    }
}

/// The year as shown on the page: "2568" in Thai, "2025" in English.
pub fn format_year(ce: i32, lang: &str) -> String {
    if lang == "th" {
        be_year(ce).to_string()
    } else {
        ce.to_string()
    }
}

/// `YYYY-MM-DD`, the machine form used in `<time datetime>` and feeds.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn thai_dates_use_buddhist_era_and_thai_months() {
        assert_eq!(format_long(date!(2025 - 03 - 02), "th"), "2 มีนาคม 2568");
        assert_eq!(format_long(date!(2004 - 12 - 20), "th"), "20 ธันวาคม 2547");
        assert_eq!(format_long(date!(2025 - 03 - 02), "en"), "2 March 2025");
    }
}
