//! Typed front matter, one struct per content kind, parsed with serde_yaml.
//!
//! Unknown fields are errors, so a typo such as `distrcts:` is caught instead of being
//! silently ignored. Only `title` and `date` are required in every kind.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;

/// Fields every kind shares, split off the kind's own fields after parsing.
#[derive(Debug, Clone, Hash, Default)]
pub struct Common {
    pub title: String,
    /// `YYYY-MM-DD`, Common Era.
    pub date: String,
    pub updated: Option<String>,
    /// One or two sentences for lists, feeds and search results.
    pub summary: Option<String>,
    pub draft: bool,
    /// Topic ids from `site.toml`'s `[[topics]]`.
    pub topics: Vec<String>,
    /// Ordering inside a list; lower first, then newest first.
    pub weight: Option<i32>,
}

/// Declares a kind's front matter: the struct serde parses (common fields plus the kind's
/// own, with unknown fields denied) and the struct that keeps only the kind's own fields.
/// serde cannot combine `flatten` with `deny_unknown_fields`, hence the macro.
macro_rules! front_matter {
    ($(#[$doc:meta])* $parsed:ident => $meta:ident { $($(#[$fm:meta])* $f:ident : $t:ty),* $(,)? }) => {
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $parsed {
            pub title: String,
            pub date: String,
            #[serde(default)]
            pub updated: Option<String>,
            #[serde(default)]
            pub summary: Option<String>,
            #[serde(default)]
            pub draft: bool,
            #[serde(default)]
            pub topics: Vec<String>,
            #[serde(default)]
            pub weight: Option<i32>,
            $($(#[$fm])* pub $f: $t,)*
        }

        $(#[$doc])*
        #[derive(Debug, Clone, Hash)]
        pub struct $meta {
            $(pub $f: $t,)*
        }

        impl $parsed {
            pub fn into_parts(self) -> (Common, $meta) {
                (
                    Common {
                        title: self.title,
                        date: self.date,
                        updated: self.updated,
                        summary: self.summary,
                        draft: self.draft,
                        topics: self.topics,
                        weight: self.weight,
                    },
                    $meta { $($f: self.$f,)* },
                )
            }
        }
    };
}

/// The kind of a local administrative organization (อปท.).
#[derive(Debug, Clone, Hash, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaoKind {
    /// องค์การบริหารส่วนจังหวัด (อบจ.)
    Pao,
    /// เทศบาลนคร (ทน.)
    CityMunicipality,
    /// เทศบาลเมือง (ทม.)
    TownMunicipality,
    /// เทศบาลตำบล (ทต.)
    SubdistrictMunicipality,
    /// องค์การบริหารส่วนตำบล (อบต.)
    Sao,
}

impl LaoKind {
    pub fn id(self) -> &'static str {
        match self {
            LaoKind::Pao => "pao",
            LaoKind::CityMunicipality => "city-municipality",
            LaoKind::TownMunicipality => "town-municipality",
            LaoKind::SubdistrictMunicipality => "subdistrict-municipality",
            LaoKind::Sao => "sao",
        }
    }
}

/// One LAO named in a case study.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lao {
    pub name: String,
    pub kind: LaoKind,
}

#[derive(Debug, Clone, Hash, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    Planned,
    InProgress,
    Solved,
}

impl CaseStatus {
    pub fn id(self) -> &'static str {
        match self {
            CaseStatus::Planned => "planned",
            CaseStatus::InProgress => "in-progress",
            CaseStatus::Solved => "solved",
        }
    }
}

#[derive(Debug, Clone, Hash, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Officers,
    Executives,
    Council,
    CommunityLeaders,
    Public,
}

impl Audience {
    pub fn id(self) -> &'static str {
        match self {
            Audience::Officers => "officers",
            Audience::Executives => "executives",
            Audience::Council => "council",
            Audience::CommunityLeaders => "community-leaders",
            Audience::Public => "public",
        }
    }
}

front_matter! {
    /// `guides/`: learning material.
    GuideFront => GuideMeta {
        #[serde(default)]
        audience: Vec<Audience>,
    }
}

front_matter! {
    /// `cases/`: a problem that one or more LAOs solved or are solving.
    CaseFront => CaseMeta {
        /// Districts by geocode (4005) or by name (ชุมแพ, Chum Phae).
        #[serde(default)]
        districts: Districts,
        #[serde(default)]
        laos: Vec<Lao>,
        /// Other partners: agencies, companies, universities, civic groups.
        #[serde(default)]
        partners: Vec<String>,
        /// A problem-category id from `site.toml`'s `[[problems]]`.
        #[serde(default)]
        problem: Option<String>,
        #[serde(default)]
        status: Option<CaseStatus>,
        /// One sentence: what changed.
        #[serde(default)]
        outcome: Option<String>,
        /// Total cost in baht, when known.
        #[serde(default)]
        cost_baht: Option<u64>,
    }
}

/// One entry of `districts:` as written: a geocode, or a name (Thai or English) that
/// load resolves against site.toml's `[[districts]]`, which parsing cannot see.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub enum DistrictEntry {
    Code(u16),
    Name(String),
}

impl<'de> Deserialize<'de> for DistrictEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entry;
        impl Visitor<'_> for Entry {
            type Value = DistrictEntry;
            // serde's own word for a code, which front_errors.rs already tells in the
            // author's terms ("a district code, a number such as 4005").
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("u16")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DistrictEntry, E> {
                u16::try_from(v)
                    .map(DistrictEntry::Code)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DistrictEntry, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DistrictEntry, E> {
                Ok(DistrictEntry::Name(v.to_string()))
            }
        }
        d.deserialize_any(Entry)
    }
}

/// `districts:` of a case or forum: the entries as written and, once load has resolved
/// the names, the codes every later step uses.
#[derive(Debug, Clone, Hash, Default)]
pub struct Districts {
    pub written: Vec<DistrictEntry>,
    /// The codes, in the order written; a name that matched no district is left out
    /// (load reports it).
    pub codes: Vec<u16>,
}

impl<'de> Deserialize<'de> for Districts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = Vec::<DistrictEntry>::deserialize(d)?;
        let codes = written
            .iter()
            .filter_map(|e| match e {
                DistrictEntry::Code(c) => Some(*c),
                DistrictEntry::Name(_) => None,
            })
            .collect();
        Ok(Districts { written, codes })
    }
}

/// Who took part in a forum.
#[derive(Debug, Clone, Hash, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    #[serde(default)]
    pub count: Option<u32>,
    /// Groups present, as written in the page's language (village heads, อสม., …).
    #[serde(default)]
    pub groups: Vec<String>,
}

front_matter! {
    /// `forums/`: the summary of a public forum (เวทีสาธารณะ, ประชาคม).
    ForumFront => ForumMeta {
        /// The meeting number, such as "2/2567".
        #[serde(default)]
        meeting_no: Option<String>,
        #[serde(default)]
        venue: Option<String>,
        /// Start and end times as written, such as "09.00".
        #[serde(default)]
        start_time: Option<String>,
        #[serde(default)]
        end_time: Option<String>,
        #[serde(default)]
        chair: Option<String>,
        #[serde(default)]
        districts: Districts,
        #[serde(default)]
        participants: Participants,
        /// What the forum resolved (มติที่ประชุม), one entry each.
        #[serde(default)]
        resolutions: Vec<String>,
        /// Problem category, as for case studies.
        #[serde(default)]
        problem: Option<String>,
    }
}

front_matter! {
    /// Any other page: home text, about, privacy notice.
    PageFront => PageMeta {
        /// A template other than `page.html`, from the theme.
        #[serde(default)]
        template: Option<String>,
    }
}

/// Front matter of any kind.
#[derive(Debug, Clone, Hash)]
pub enum Meta {
    Guide(GuideMeta),
    Case(CaseMeta),
    Forum(ForumMeta),
    Page(PageMeta),
}

impl Meta {
    pub fn districts(&self) -> &[u16] {
        match self {
            Meta::Case(m) => &m.districts.codes,
            Meta::Forum(m) => &m.districts.codes,
            _ => &[],
        }
    }

    /// The `districts:` list as written, to resolve names against the site's table.
    pub fn districts_mut(&mut self) -> Option<&mut Districts> {
        match self {
            Meta::Case(m) => Some(&mut m.districts),
            Meta::Forum(m) => Some(&mut m.districts),
            _ => None,
        }
    }

    pub fn problem(&self) -> Option<&str> {
        match self {
            Meta::Case(m) => m.problem.as_deref(),
            Meta::Forum(m) => m.problem.as_deref(),
            _ => None,
        }
    }
}
