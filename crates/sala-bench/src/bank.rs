//! The text bank: Thai sentences about local government with their English translations,
//! written for this generator (not machine output), plus headings, list items, partners
//! and the other short phrases a page is assembled from.
//!
//! Each entry is a `(thai, english)` pair that says the same thing, so the two language
//! versions of an item are real translations of each other. Placeholders, filled per use:
//! `{d}` a district name in the page's language, `{p}` a percentage, `{n:LO-HI}` a number.

/// Body sentences.
pub const SENTENCES: &[(&str, &str)] = &[
    ("องค์การบริหารส่วนตำบลหลายแห่งในอำเภอ{d}ประสบปัญหาขยะตกค้างในช่วงเทศกาล เนื่องจากรถเก็บขนมีไม่เพียงพอ",
     "Several subdistrict administrative organizations in {d} district struggled with uncollected waste during festivals, because they did not have enough collection trucks."),
    ("ที่ประชุมประชาคมหมู่บ้านได้เสนอโครงการขุดลอกหนองน้ำสาธารณะจำนวน {n:3-24} โครงการ เพื่อบรรจุในแผนพัฒนาท้องถิ่น",
     "The village forum proposed {n:3-24} projects to dredge public ponds for inclusion in the local development plan."),
    ("ในช่วงภัยแล้งปีที่ผ่านมา ปริมาณน้ำในเขื่อนอุบลรัตน์ลดลงต่ำกว่าร้อยละ {p} ของความจุ ทำให้หลายตำบลต้องใช้รถบรรทุกน้ำแจกจ่ายให้ประชาชน",
     "During last year's drought, Ubolratana Dam fell below {p} percent of its capacity, and many subdistricts had to deliver water to residents by truck."),
    ("เจ้าหน้าที่กองสาธารณสุขและสิ่งแวดล้อมลงพื้นที่สำรวจจุดทิ้งขยะริมทางร่วมกับผู้ใหญ่บ้านทุกหมู่",
     "Staff of the public health and environment division surveyed roadside dumping sites together with the head of every village."),
    ("ผู้สูงอายุที่มีภาวะพึ่งพิงในตำบลได้รับการเยี่ยมบ้านจากผู้ดูแลผู้สูงอายุอย่างน้อยสัปดาห์ละครั้ง",
     "Dependent older people in the subdistrict receive a home visit from a trained caregiver at least once a week."),
    ("การจัดทำแผนพัฒนาท้องถิ่นต้องเริ่มจากการรับฟังความคิดเห็นของประชาชนในเวทีประชาคม ไม่ใช่เริ่มจากรายการโครงการที่ฝ่ายบริหารเตรียมไว้",
     "A local development plan must start by listening to residents at a public forum, not from a list of projects the executive has already prepared."),
    ("คณะกรรมการพัฒนาท้องถิ่นนำข้อเสนอจากทุกหมู่บ้านมาจัดลำดับความสำคัญตามงบประมาณที่คาดว่าจะได้รับ",
     "The local development committee ranked the proposals from every village against the budget it expected to receive."),
    ("น้ำท่วมขังในเขตเทศบาลมักเกิดจากท่อระบายน้ำอุดตันด้วยเศษขยะและตะกอนดิน",
     "Standing floodwater in municipal areas is usually caused by drains clogged with litter and silt."),
    ("อาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.) ช่วยเก็บข้อมูลครัวเรือนที่มีผู้ป่วยติดเตียงได้ครบถ้วนภายใน {n:5-30} วัน",
     "Village health volunteers collected complete data on households with bedridden patients within {n:5-30} days."),
    ("การเผาอ้อยและตอซังข้าวเป็นสาเหตุสำคัญของฝุ่นละออง PM2.5 ในช่วงเดือนมกราคมถึงเมษายน",
     "Burning sugarcane and rice stubble is a major source of PM2.5 dust from January to April."),
    ("เทศบาลตำบลได้ทำบันทึกข้อตกลงความร่วมมือกับองค์การบริหารส่วนตำบลข้างเคียงเพื่อใช้บ่อฝังกลบขยะร่วมกัน",
     "The subdistrict municipality signed a memorandum of understanding with neighbouring SAOs to share a landfill."),
    ("ประชาชนสามารถแจ้งเรื่องร้องเรียนผ่านศูนย์ดำรงธรรมอำเภอหรือทางโทรศัพท์ของ อปท. ได้ตลอดเวลาราชการ",
     "Residents can file complaints through the district's Damrongdhama Centre or by calling the LAO during office hours."),
    ("ก่อนเสนอโครงการต่อสภาท้องถิ่น ควรตรวจสอบว่าโครงการนั้นอยู่ในอำนาจหน้าที่ของ อปท. ตามกฎหมายจัดตั้ง",
     "Before a project goes to the council, check that it falls within the LAO's powers under the law that established it."),
    ("ชาวบ้านร่วมกันสร้างฝายชะลอน้ำแบบดินซีเมนต์ {n:2-15} แห่ง โดยใช้แรงงานในชุมชนและวัสดุจากงบประมาณของตำบล",
     "Villagers built {n:2-15} soil-cement check dams with community labour and materials paid for from the subdistrict budget."),
    ("โรงเรียนในสังกัดเทศบาลจัดอาหารกลางวันที่มีคุณค่าทางโภชนาการครบถ้วน โดยซื้อผักจากกลุ่มเกษตรกรในพื้นที่",
     "Municipal schools serve balanced lunches, buying their vegetables from local farmer groups."),
    ("หลังดำเนินโครงการคัดแยกขยะต้นทาง ปริมาณขยะที่ส่งไปบ่อฝังกลบลดลงประมาณร้อยละ {p}",
     "After the source-separation project, the amount of waste sent to landfill fell by about {p} percent."),
    ("อบจ.ขอนแก่นทำหน้าที่ประสานโครงการที่คาบเกี่ยวหลายพื้นที่ ผ่านศูนย์เครือข่ายเพื่อแก้ไขปัญหาและส่งเสริมการมีส่วนร่วมในการพัฒนาท้องถิ่น",
     "Khon Kaen PAO coordinates projects that cross LAO borders through its Clinic Center."),
    ("ปีงบประมาณของ อปท. เริ่มวันที่ 1 ตุลาคม และสิ้นสุดวันที่ 30 กันยายนของปีถัดไป",
     "An LAO's fiscal year starts on 1 October and ends on 30 September of the following year."),
    ("ลำน้ำชีมักเอ่อล้นตลิ่งในช่วงเดือนกันยายน ส่งผลกระทบต่อนาข้าวในอำเภอ{d}หลายพันไร่",
     "The Chi River often overflows its banks in September, flooding thousands of rai of rice fields in {d} district."),
    ("กลุ่มวิสาหกิจชุมชนทอผ้าไหมได้รับการสนับสนุนด้านการตลาดออนไลน์ ทำให้รายได้ของสมาชิกเพิ่มขึ้นเฉลี่ยเดือนละ {n:800-4500} บาท",
     "The community silk-weaving enterprise received help with online marketing, which raised members' income by an average of {n:800-4500} baht a month."),
    ("ศูนย์พัฒนาเด็กเล็กทุกแห่งได้รับการตรวจสุขภาพเด็กและชั่งน้ำหนักวัดส่วนสูงทุกภาคเรียน",
     "Every child development centre checks children's health, weight and height each term."),
    ("การจัดซื้อจัดจ้างต้องเป็นไปตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560",
     "Procurement must follow the Public Procurement and Supplies Administration Act of 2017."),
    ("ตัวแทนโรงพยาบาลส่งเสริมสุขภาพตำบลรายงานว่าพบผู้ป่วยไข้เลือดออกเพิ่มขึ้นในช่วงต้นฤดูฝน",
     "The representative of the subdistrict health promoting hospital reported more dengue cases at the start of the rainy season."),
    ("ที่ประชุมเห็นควรให้รณรงค์กำจัดลูกน้ำยุงลายทุกวันศุกร์ โดยให้โรงเรียนและวัดมีส่วนร่วม",
     "The meeting agreed to campaign against mosquito larvae every Friday, with schools and temples taking part."),
    ("ถนนลูกรังสายหลักของหมู่บ้านชำรุดเป็นหลุมบ่อหลังฤดูฝน ทำให้การขนส่งพืชผลทางการเกษตรล่าช้า",
     "The village's main laterite road is full of potholes after the rains, which slows the transport of crops."),
    ("ผู้นำชุมชนเสนอให้ติดตั้งไฟฟ้าส่องสว่างพลังงานแสงอาทิตย์ตามทางแยกที่เกิดอุบัติเหตุบ่อย",
     "Community leaders proposed solar street lights at junctions where accidents are frequent."),
    ("สมาชิกสภาท้องถิ่นควรได้รับข้อมูลความคืบหน้าของโครงการอย่างน้อยไตรมาสละหนึ่งครั้ง",
     "Council members should receive a progress report on each project at least once a quarter."),
    ("ข้อมูลจาก จปฐ. ช่วยให้ อปท. ทราบว่าครัวเรือนใดยังมีรายได้ต่ำกว่าเกณฑ์และควรได้รับการช่วยเหลือก่อน",
     "Basic minimum needs data tell the LAO which households still earn below the threshold and should be helped first."),
    ("ธนาคารขยะของโรงเรียนรับซื้อขวดพลาสติกและกระดาษจากนักเรียนทุกวันพุธ",
     "The school's waste bank buys plastic bottles and paper from pupils every Wednesday."),
    ("ในปีที่ผ่านมามีผู้สูงอายุในตำบลเข้าร่วมกิจกรรมโรงเรียนผู้สูงอายุทั้งหมด {n:25-180} คน",
     "Last year, {n:25-180} older people in the subdistrict joined the elderly school's activities."),
    ("การประปาหมู่บ้านหลายแห่งยังใช้น้ำบาดาลที่มีค่าความกระด้างสูง จึงต้องติดตั้งระบบกรองน้ำเพิ่มเติม",
     "Many village water supplies still draw hard groundwater and need extra filtration."),
    ("คณะทำงานได้ทำแผนที่ความเสี่ยงน้ำท่วมระดับหมู่บ้าน โดยใช้ข้อมูลระดับน้ำย้อนหลังสิบปี",
     "The working group mapped flood risk village by village, using ten years of water-level records."),
    ("อปพร. และหน่วยกู้ภัยของเทศบาลซ้อมแผนอพยพประชาชนริมน้ำปีละสองครั้ง",
     "Civil defence volunteers and the municipal rescue unit rehearse evacuating riverside residents twice a year."),
    ("การกำหนดค่าธรรมเนียมเก็บขนขยะต้องออกเป็นข้อบัญญัติท้องถิ่นและผ่านความเห็นชอบของสภา",
     "Waste collection fees must be set in a local ordinance approved by the council."),
    ("มหาวิทยาลัยขอนแก่นช่วยวิเคราะห์คุณภาพน้ำจากแหล่งน้ำสาธารณะ {n:6-40} จุดโดยไม่คิดค่าใช้จ่าย",
     "Khon Kaen University analysed water quality at {n:6-40} public water sources free of charge."),
    ("เกษตรกรที่หันมาไถกลบตอซังแทนการเผาได้รับการสนับสนุนจุลินทรีย์ย่อยสลายจากสำนักงานเกษตรอำเภอ",
     "Farmers who plough stubble back into the soil instead of burning it receive decomposing microbes from the district agriculture office."),
    ("ผลการสำรวจพบว่าร้อยละ {p} ของครัวเรือนยินดีแยกขยะอินทรีย์ หากมีถังรองรับที่เหมาะสม",
     "The survey found that {p} percent of households would separate organic waste if given suitable bins."),
    ("ทุกโครงการในแผนต้องระบุตัวชี้วัดและผลที่คาดว่าจะได้รับอย่างชัดเจน เพื่อให้ติดตามประเมินผลได้",
     "Every project in the plan must state clear indicators and expected results so that it can be monitored and evaluated."),
    ("อำเภอ{d}ได้รับการประกาศเป็นเขตการให้ความช่วยเหลือผู้ประสบภัยพิบัติกรณีฉุกเฉินจากภัยแล้ง",
     "{d} district was declared an emergency disaster relief zone because of the drought."),
    ("ตัวแทนเยาวชนเสนอให้เปิดลานกีฬาของโรงเรียนให้ชุมชนใช้ในช่วงเย็นและวันหยุด",
     "Youth representatives asked for the school sports ground to be opened to the community in the evenings and at weekends."),
    ("ระบบการแพทย์ฉุกเฉินของตำบลสามารถนำผู้ป่วยส่งโรงพยาบาลได้ภายในเวลาเฉลี่ย {n:12-35} นาที",
     "The subdistrict's emergency medical service gets patients to hospital in {n:12-35} minutes on average."),
    ("การประชุมครั้งนี้มีผู้เข้าร่วมจากทุกภาคส่วน ทั้งกำนัน ผู้ใหญ่บ้าน ครู พระสงฆ์ และตัวแทนกลุ่มสตรี",
     "People from every sector attended: subdistrict heads, village heads, teachers, monks and the women's group."),
    ("งบประมาณที่ใช้ในการดำเนินงานส่วนใหญ่มาจากเงินอุดหนุนทั่วไป และมีเงินสมทบจากกองทุนหลักประกันสุขภาพระดับท้องถิ่น",
     "Most of the funding came from general grants, with a contribution from the local health security fund."),
    ("เจ้าหน้าที่ควรบันทึกภาพก่อนและหลังดำเนินโครงการ เพื่อใช้ประกอบการรายงานผลต่อคณะกรรมการติดตามและประเมินผลแผน",
     "Staff should photograph each site before and after the work, for the report to the plan monitoring committee."),
    ("ตลาดนัดชุมชนทุกวันเสาร์ช่วยให้เกษตรกรขายผักปลอดสารพิษได้โดยตรงโดยไม่ผ่านพ่อค้าคนกลาง",
     "The Saturday community market lets farmers sell pesticide-free vegetables directly, without middlemen."),
    ("เมื่อค่าฝุ่น PM2.5 เกินมาตรฐาน ศูนย์พัฒนาเด็กเล็กจะงดกิจกรรมกลางแจ้งและเปิดห้องปลอดฝุ่น",
     "When PM2.5 exceeds the standard, child development centres cancel outdoor activities and open their clean-air rooms."),
    ("การขยายเขตประปาไปยังหมู่ที่ {n:2-18} ต้องประสานการไฟฟ้าส่วนภูมิภาคเรื่องการติดตั้งมิเตอร์สำหรับเครื่องสูบน้ำ",
     "Extending the water main to village no. {n:2-18} requires working with the Provincial Electricity Authority to install a meter for the pump."),
    ("ชุมชนริมบึงได้ร่วมกันจัดตั้งกองทุนสิ่งแวดล้อม โดยเก็บเงินสมทบครัวเรือนละ 20 บาทต่อเดือน",
     "The lakeside community set up an environmental fund, with each household paying 20 baht a month."),
    ("อปท. ที่มีศักยภาพทางการคลังน้อยสามารถรวมกลุ่มกันจัดบริการสาธารณะ เพื่อลดต้นทุนต่อหน่วย",
     "LAOs with limited revenue can join forces to provide public services and cut the cost per unit."),
    ("เจ้าหน้าที่ได้จัดอบรมการทำปุ๋ยหมักจากเศษอาหารให้แก่แม่บ้านในชุมชนจำนวน {n:20-120} คน",
     "Staff trained {n:20-120} homemakers in the community to compost food scraps."),
    ("การติดตามผลพบว่าหลายโครงการล่าช้าเพราะการเบิกจ่ายงบประมาณไม่ทันตามกำหนด",
     "Monitoring found that many projects were late because funds were not disbursed on time."),
    ("สภาองค์กรชุมชนตำบลเป็นช่องทางสำคัญที่ทำให้เสียงของชาวบ้านไปถึงผู้บริหารท้องถิ่น",
     "The subdistrict community council is an important channel that carries villagers' voices to local executives."),
    ("ในฤดูแล้ง อปท. สูบน้ำจากลำน้ำพองเข้าสระสาธารณะเพื่อสำรองไว้ใช้ในการเกษตรและการประปา",
     "In the dry season, LAOs pump water from the Phong River into public ponds as a reserve for farming and the water supply."),
    ("คู่มือฉบับนี้อธิบายขั้นตอนทีละขั้น พร้อมตัวอย่างแบบฟอร์มที่ใช้ได้จริงในสำนักงาน",
     "This guide explains each step in turn, with sample forms that can be used in the office."),
    ("ทีมสหวิชาชีพจากโรงพยาบาลอำเภอ{d}ร่วมประเมินความต้องการการดูแลระยะยาวของผู้สูงอายุเป็นรายบุคคล",
     "A multidisciplinary team from the {d} district hospital assessed each older person's long-term care needs."),
    ("การเปิดเผยข้อมูลงบประมาณบนป้ายประกาศและเว็บไซต์ช่วยสร้างความไว้วางใจระหว่าง อปท. กับประชาชน",
     "Publishing budget figures on notice boards and the website builds trust between the LAO and residents."),
    ("ที่ประชุมมีมติให้จัดตั้งคณะทำงานร่วมระหว่างสามตำบล เพื่อดูแลลำห้วยที่ไหลผ่านพื้นที่ทั้งสามแห่ง",
     "The meeting resolved to form a joint working group of three subdistricts to look after the stream that flows through all of them."),
    ("หากโครงการใช้ที่ดินสาธารณประโยชน์ ต้องได้รับอนุญาตจากนายอำเภอก่อนเริ่มก่อสร้าง",
     "If a project uses public land, the district chief must give permission before construction begins."),
    ("ผลการดำเนินงานถูกนำเสนอในเวทีแลกเปลี่ยนเรียนรู้ระดับจังหวัด เพื่อให้ อปท. อื่นนำไปปรับใช้",
     "The results were presented at a provincial learning exchange so that other LAOs could adapt them."),
    ("ประชาชนในอำเภอ{d}ราว {n:150-2400} ครัวเรือนได้รับประโยชน์โดยตรงจากโครงการนี้",
     "About {n:150-2400} households in {d} district benefit directly from this project."),
];

/// Section headings (`##`).
pub const HEADINGS: &[(&str, &str)] = &[
    ("ความเป็นมา", "Background"),
    ("สภาพปัญหา", "The problem"),
    ("วัตถุประสงค์", "Objectives"),
    ("ขั้นตอนการดำเนินงาน", "How the work was done"),
    ("ผู้มีส่วนเกี่ยวข้อง", "Who was involved"),
    ("งบประมาณและแหล่งที่มา", "Budget and funding"),
    ("ผลการดำเนินงาน", "Results"),
    ("ปัญหาและอุปสรรค", "Problems and obstacles"),
    ("บทเรียนที่ได้รับ", "Lessons learned"),
    ("ข้อเสนอแนะ", "Recommendations"),
    ("การติดตามและประเมินผล", "Monitoring and evaluation"),
    ("ข้อกฎหมายและระเบียบที่เกี่ยวข้อง", "The legal basis"),
    ("การมีส่วนร่วมของชุมชน", "Community participation"),
    ("ความร่วมมือกับหน่วยงานอื่น", "Working with other agencies"),
    ("ก้าวต่อไป", "Next steps"),
    ("ประเด็นที่ที่ประชุมหารือ", "What the meeting discussed"),
    ("ข้อมูลพื้นฐานของพื้นที่", "About the area"),
    ("การเตรียมการ", "Preparation"),
    ("ตัวอย่างจากพื้นที่จริง", "An example from the field"),
    ("คำถามที่พบบ่อย", "Frequently asked questions"),
];

/// The closing section of links to other items.
pub const FURTHER_READING: (&str, &str) = ("อ่านเพิ่มเติม", "Further reading");

/// List items: steps, tasks and activities.
pub const LIST_ITEMS: &[(&str, &str)] = &[
    ("สำรวจข้อมูลพื้นฐานของหมู่บ้าน", "Survey basic village data"),
    (
        "จัดเวทีประชาคมหมู่บ้านเพื่อรับฟังความคิดเห็น",
        "Hold a village forum to hear residents' views",
    ),
    ("จัดลำดับความสำคัญของปัญหา", "Rank the problems by priority"),
    (
        "เสนอร่างแผนต่อคณะกรรมการพัฒนาท้องถิ่น",
        "Submit the draft plan to the local development committee",
    ),
    (
        "ประกาศใช้แผนและเผยแพร่ให้ประชาชนทราบ",
        "Announce the plan and publish it",
    ),
    (
        "แต่งตั้งคณะทำงานที่มีตัวแทนจากทุกหมู่บ้าน",
        "Appoint a working group with a representative from every village",
    ),
    (
        "ประสานหน่วยงานที่เกี่ยวข้องเพื่อขอรับการสนับสนุน",
        "Ask the relevant agencies for support",
    ),
    (
        "จัดหาถังขยะแยกประเภทให้ครัวเรือน",
        "Provide households with sorting bins",
    ),
    ("อบรมอาสาสมัครในชุมชน", "Train community volunteers"),
    (
        "ติดตามผลทุกเดือนและรายงานต่อผู้บริหาร",
        "Track results monthly and report to the executive",
    ),
    (
        "ตรวจสอบระเบียบการเบิกจ่ายก่อนดำเนินการ",
        "Check the disbursement rules before starting",
    ),
    (
        "ทำบันทึกข้อตกลงความร่วมมือ",
        "Sign a memorandum of understanding",
    ),
    (
        "จัดทำป้ายประชาสัมพันธ์ในพื้นที่",
        "Put up public notices in the area",
    ),
    (
        "เก็บข้อมูลตัวชี้วัดก่อนและหลังโครงการ",
        "Collect indicator data before and after the project",
    ),
    (
        "สรุปบทเรียนและเผยแพร่ให้ อปท. อื่น",
        "Write up the lessons and share them with other LAOs",
    ),
    (
        "ตรวจสุขภาพผู้สูงอายุเบื้องต้น",
        "Give older people a basic health check",
    ),
    (
        "ขุดลอกคลองและท่อระบายน้ำก่อนฤดูฝน",
        "Clear canals and drains before the rainy season",
    ),
    ("สำรองน้ำดิบในสระสาธารณะ", "Store raw water in public ponds"),
    (
        "จัดตั้งจุดรับแจ้งเหตุไฟป่าและการเผา",
        "Set up a reporting point for wildfires and burning",
    ),
    (
        "สนับสนุนอาชีพเสริมให้กลุ่มแม่บ้าน",
        "Support side jobs for the homemakers' group",
    ),
];

/// Partner agencies and groups for case studies.
pub const PARTNERS: &[(&str, &str)] = &[
    (
        "สำนักงานสาธารณสุขจังหวัดขอนแก่น",
        "Khon Kaen Provincial Public Health Office",
    ),
    ("มหาวิทยาลัยขอนแก่น", "Khon Kaen University"),
    (
        "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดขอนแก่น",
        "Khon Kaen Provincial Office of Natural Resources and Environment",
    ),
    (
        "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดขอนแก่น",
        "Khon Kaen Provincial Disaster Prevention and Mitigation Office",
    ),
    ("สำนักงานเกษตรอำเภอ", "District Agriculture Office"),
    ("การประปาส่วนภูมิภาค", "Provincial Waterworks Authority"),
    ("การไฟฟ้าส่วนภูมิภาค", "Provincial Electricity Authority"),
    (
        "สำนักงานชลประทานที่ 6",
        "Royal Irrigation Department, Regional Office 6",
    ),
    (
        "โรงพยาบาลส่งเสริมสุขภาพตำบล",
        "Subdistrict health promoting hospital",
    ),
    ("สภาองค์กรชุมชนตำบล", "Subdistrict community council"),
    ("กลุ่มวิสาหกิจชุมชน", "Community enterprise group"),
    (
        "สำนักงานพัฒนาชุมชนอำเภอ",
        "District Community Development Office",
    ),
];

/// Groups taking part in a forum.
pub const GROUPS: &[(&str, &str)] = &[
    ("ผู้ใหญ่บ้าน", "village heads"),
    ("กำนัน", "subdistrict heads"),
    ("อสม.", "village health volunteers"),
    ("อปพร.", "civil defence volunteers"),
    ("ตัวแทนโรงเรียน", "school representatives"),
    ("รพ.สต.", "health promoting hospital staff"),
    ("กลุ่มสตรี", "women's group"),
    ("ผู้สูงอายุ", "older people"),
    ("เยาวชน", "young people"),
    ("เกษตรกร", "farmers"),
    ("พระสงฆ์", "monks"),
    ("สมาชิกสภาท้องถิ่น", "council members"),
];

/// Subdistricts (ตำบล) of Khon Kaen, for LAO names, venues and chairs.
pub const TAMBONS: &[(&str, &str)] = &[
    ("บ้านเป็ด", "Ban Pet"),
    ("ศิลา", "Sila"),
    ("พระลับ", "Phra Lap"),
    ("ท่าพระ", "Tha Phra"),
    ("โนนท่อน", "Non Thon"),
    ("บ้านทุ่ม", "Ban Thum"),
    ("แดงใหญ่", "Daeng Yai"),
    ("สำราญ", "Samran"),
    ("โคกสี", "Khok Si"),
    ("หนองตูม", "Nong Tum"),
    ("ดอนหัน", "Don Han"),
    ("บ้านค้อ", "Ban Kho"),
    ("เมืองเก่า", "Mueang Kao"),
    ("บึงเนียม", "Bueng Niam"),
    ("โนนหัน", "Non Han"),
    ("กุดเค้า", "Kut Khao"),
    ("ขามป้อม", "Kham Pom"),
    ("โนนทอง", "Non Thong"),
];

/// Forum venues: `{t}` a subdistrict, `{d}` a district, `{n:..}` a village number.
pub const VENUES: &[(&str, &str)] = &[
    (
        "ห้องประชุมองค์การบริหารส่วนตำบล{t}",
        "the meeting room of {t} SAO",
    ),
    (
        "ศาลาการเปรียญวัดศรีสว่าง ตำบล{t}",
        "the Wat Si Sawang temple hall, {t}",
    ),
    (
        "ศาลาประชาคมจังหวัดขอนแก่น",
        "the Khon Kaen provincial community hall",
    ),
    ("หอประชุมที่ว่าการอำเภอ{d}", "the {d} district office hall"),
    (
        "ศาลากลางบ้าน หมู่ที่ {n:1-15} ตำบล{t}",
        "the village hall of village no. {n:1-15}, {t}",
    ),
];

/// Forum chairs: roles, never names.
pub const CHAIRS: &[(&str, &str)] = &[
    ("นายก อบต.{t}", "the chief executive of {t} SAO"),
    (
        "นายกเทศมนตรีตำบล{t}",
        "the mayor of {t} subdistrict municipality",
    ),
    ("นายอำเภอ{d}", "the {d} district chief"),
    (
        "รองนายก อบจ.ขอนแก่น",
        "a deputy chief executive of Khon Kaen PAO",
    ),
    ("ปลัด อบต.{t}", "the permanent secretary of {t} SAO"),
];

/// Forum resolutions (มติที่ประชุม).
pub const RESOLUTIONS: &[(&str, &str)] = &[
    (
        "เห็นชอบให้บรรจุโครงการขุดลอกหนองน้ำสาธารณะในแผนพัฒนาท้องถิ่น",
        "Include the public pond dredging project in the local development plan.",
    ),
    (
        "มอบหมายให้กองช่างสำรวจและประมาณราคาซ่อมถนนที่ชำรุดภายใน 30 วัน",
        "Ask the engineering division to survey and cost the road repairs within 30 days.",
    ),
    (
        "ให้จัดตั้งคณะทำงานคัดแยกขยะระดับหมู่บ้าน",
        "Set up a waste-sorting working group in each village.",
    ),
    (
        "ขอรับการสนับสนุนรถบรรทุกน้ำจาก อบจ.ขอนแก่น ในช่วงเดือนมีนาคมถึงพฤษภาคม",
        "Request water trucks from Khon Kaen PAO for March to May.",
    ),
    (
        "ให้รณรงค์งดเผาในที่โล่งตลอดฤดูเก็บเกี่ยว",
        "Campaign against open burning throughout the harvest season.",
    ),
    (
        "เสนอร่างแผนต่อสภาท้องถิ่นในสมัยประชุมถัดไป",
        "Send the draft plan to the council at its next session.",
    ),
    (
        "ให้ อสม. ออกเยี่ยมบ้านผู้สูงอายุที่อยู่ลำพังทุกสัปดาห์",
        "Have village health volunteers visit older people who live alone every week.",
    ),
    (
        "จัดประชุมติดตามผลอีกครั้งภายในสามเดือน",
        "Hold a follow-up meeting within three months.",
    ),
    (
        "ขอให้สำนักงานชลประทานสำรวจจุดสร้างฝายเพิ่มเติม",
        "Ask the irrigation office to survey more weir sites.",
    ),
    (
        "เห็นชอบการเก็บค่าธรรมเนียมขยะตามอัตราใหม่",
        "Approve the new waste collection fee.",
    ),
];

/// Case outcomes: one sentence each.
pub const OUTCOMES: &[(&str, &str)] = &[
    (
        "ปริมาณขยะเข้าบ่อฝังกลบลดลงประมาณร้อยละ {p}",
        "Waste sent to landfill fell by about {p} percent.",
    ),
    (
        "ครัวเรือน {n:120-2400} ครัวเรือนมีน้ำใช้ตลอดฤดูแล้ง",
        "{n:120-2400} households had water throughout the dry season.",
    ),
    (
        "จุดความร้อนจากการเผาในพื้นที่ลดลงร้อยละ {p} เมื่อเทียบกับปีก่อน",
        "Burning hotspots fell by {p} percent on the previous year.",
    ),
    (
        "ผู้สูงอายุที่มีภาวะพึ่งพิง {n:20-240} คนได้รับการดูแลอย่างต่อเนื่อง",
        "{n:20-240} dependent older people receive continuous care.",
    ),
    (
        "น้ำท่วมขังในเขตชุมชนระบายออกได้ภายใน {n:3-12} ชั่วโมง",
        "Standing water in the community now drains within {n:3-12} hours.",
    ),
    (
        "รายได้ของสมาชิกกลุ่มเพิ่มขึ้นร้อยละ {p}",
        "Members' income rose by {p} percent.",
    ),
    (
        "เด็กที่มีภาวะทุพโภชนาการลดลงร้อยละ {p}",
        "Child malnutrition fell by {p} percent.",
    ),
    (
        "ผู้ป่วยไข้เลือดออกลดลงร้อยละ {p}",
        "Dengue cases fell by {p} percent.",
    ),
];

/// Sentences that carry a link to another item: `{title}` and `{href}` are filled in.
pub const LINK_SENTENCES: &[(&str, &str)] = &[
    (
        "ดูตัวอย่างเพิ่มเติมได้จาก[{title}]({href})",
        "See also [{title}]({href}).",
    ),
    (
        "แนวทางนี้สอดคล้องกับเรื่อง[{title}]({href})",
        "This follows the approach in [{title}]({href}).",
    ),
    (
        "ผู้สนใจสามารถอ่านรายละเอียดใน[{title}]({href})",
        "For details, read [{title}]({href}).",
    ),
    ("เปรียบเทียบกับ[{title}]({href})", "Compare [{title}]({href})."),
];

/// Footnote texts (`{y}` is a year: B.E. in Thai, C.E. in English).
pub const FOOTNOTES: &[(&str, &str)] = &[
    (
        "ข้อมูลจากการสำรวจภาคสนามของ อปท. ปี {y}",
        "From the LAO's field survey, {y}.",
    ),
    (
        "ตัวเลขโดยประมาณจากรายงานผลการดำเนินงานประจำปี {y}",
        "Approximate figure from the {y} annual performance report.",
    ),
];
