//! Khon Kaen's districts (อำเภอ) by interior-ministry geocode: the controlled vocabulary
//! that case studies and forum summaries use.

/// A district: geocode, Thai name, English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct District {
    pub code: u16,
    pub th: &'static str,
    pub en: &'static str,
}

impl District {
    pub fn name(&self, lang: &str) -> &'static str {
        if lang == "en" {
            self.en
        } else {
            self.th
        }
    }
}

pub const DISTRICTS: &[District] = &[
    District {
        code: 4001,
        th: "เมืองขอนแก่น",
        en: "Mueang Khon Kaen",
    },
    District {
        code: 4002,
        th: "บ้านฝาง",
        en: "Ban Fang",
    },
    District {
        code: 4003,
        th: "พระยืน",
        en: "Phra Yuen",
    },
    District {
        code: 4004,
        th: "หนองเรือ",
        en: "Nong Ruea",
    },
    District {
        code: 4005,
        th: "ชุมแพ",
        en: "Chum Phae",
    },
    District {
        code: 4006,
        th: "สีชมพู",
        en: "Si Chomphu",
    },
    District {
        code: 4007,
        th: "น้ำพอง",
        en: "Nam Phong",
    },
    District {
        code: 4008,
        th: "อุบลรัตน์",
        en: "Ubolratana",
    },
    District {
        code: 4009,
        th: "กระนวน",
        en: "Kranuan",
    },
    District {
        code: 4010,
        th: "บ้านไผ่",
        en: "Ban Phai",
    },
    District {
        code: 4011,
        th: "เปือยน้อย",
        en: "Pueai Noi",
    },
    District {
        code: 4012,
        th: "พล",
        en: "Phon",
    },
    District {
        code: 4013,
        th: "แวงใหญ่",
        en: "Waeng Yai",
    },
    District {
        code: 4014,
        th: "แวงน้อย",
        en: "Waeng Noi",
    },
    District {
        code: 4015,
        th: "หนองสองห้อง",
        en: "Nong Song Hong",
    },
    District {
        code: 4016,
        th: "ภูเวียง",
        en: "Phu Wiang",
    },
    District {
        code: 4017,
        th: "มัญจาคีรี",
        en: "Mancha Khiri",
    },
    District {
        code: 4018,
        th: "ชนบท",
        en: "Chonnabot",
    },
    District {
        code: 4019,
        th: "เขาสวนกวาง",
        en: "Khao Suan Kwang",
    },
    District {
        code: 4020,
        th: "ภูผาม่าน",
        en: "Phu Pha Man",
    },
    District {
        code: 4021,
        th: "ซำสูง",
        en: "Sam Sung",
    },
    District {
        code: 4022,
        th: "โคกโพธิ์ไชย",
        en: "Khok Pho Chai",
    },
    District {
        code: 4023,
        th: "หนองนาคำ",
        en: "Nong Na Kham",
    },
    District {
        code: 4024,
        th: "บ้านแฮด",
        en: "Ban Haet",
    },
    District {
        code: 4025,
        th: "โนนศิลา",
        en: "Non Sila",
    },
    District {
        code: 4029,
        th: "เวียงเก่า",
        en: "Wiang Kao",
    },
];

pub fn lookup(code: u16) -> Option<&'static District> {
    DISTRICTS.iter().find(|d| d.code == code)
}
