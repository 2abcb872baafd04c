//! Typed front matter, one struct per content kind, parsed with serde_yaml.
//!
//! Unknown fields are errors, so a typo such as `distrcts:` is caught instead of being
//! silently ignored. Only `title` and `date` are required in every kind.

use serde::Deserialize;

/// Fields every kind shares, split off the kind's own fields after parsing.
#[derive(Debug, Clone, Default)]
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
        #[derive(Debug, Clone)]
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
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lao {
    pub name: String,
    pub kind: LaoKind,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
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
        /// District geocodes, such as 4005 for Chum Phae.
        #[serde(default)]
        districts: Vec<u16>,
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

/// Who took part in a forum.
#[derive(Debug, Clone, Deserialize, Default)]
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
        districts: Vec<u16>,
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
#[derive(Debug, Clone)]
pub enum Meta {
    Guide(GuideMeta),
    Case(CaseMeta),
    Forum(ForumMeta),
    Page(PageMeta),
}

impl Meta {
    pub fn districts(&self) -> &[u16] {
        match self {
            Meta::Case(m) => &m.districts,
            Meta::Forum(m) => &m.districts,
            _ => &[],
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
