//! The `sala` command line: build, serve, check, new, search and comments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use sala::build::{build, BuildOptions};
use sala_core::diagnostics::{help, is_broken_pipe, words, Bilingual, CliError, MessageLang};
use std::io::Write;

// Every help text is given in English and Thai side by side (`help(en, th)`): `--help`
// speaks the language of `--messages` or `LANG`, as every other message does.
#[derive(Parser)]
#[command(
    name = "sala",
    version,
    about = help(
        "Static knowledge-base generator for Thai local government: Thai/English Markdown to a static site",
        "เครื่องมือสร้างเว็บไซต์คลังความรู้สำหรับองค์กรปกครองส่วนท้องถิ่น: เปลี่ยน Markdown ภาษาไทยและอังกฤษเป็นเว็บไซต์แบบคงที่",
    )
)]
struct Cli {
    #[arg(long, global = true, default_value = ".", help = help(
        "The site's folder (the one holding site.toml).",
        "โฟลเดอร์ของเว็บไซต์ (โฟลเดอร์ที่มีไฟล์ site.toml)",
    ))]
    root: PathBuf,
    #[arg(long, global = true, value_parser = ["th", "en"], help = help(
        "Language of messages: th or en (default: from LANG).",
        "ภาษาของข้อความ: th หรือ en (ค่าเริ่มต้น: ตาม LANG)",
    ))]
    messages: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = help(
        "Build the site into public/ (or --out).",
        "สร้างเว็บไซต์ลงในโฟลเดอร์ public/ (หรือ --out)",
    ))]
    Build {
        #[arg(long, help = help(
            "Output folder (default: ROOT/public).",
            "โฟลเดอร์ที่เขียนเว็บไซต์ลงไป (ค่าเริ่มต้น: ROOT/public)",
        ))]
        out: Option<PathBuf>,
        #[arg(long, help = help(
            "Include pages marked `draft: true`.",
            "รวมหน้าที่ระบุ `draft: true` (ฉบับร่าง) ด้วย",
        ))]
        drafts: bool,
        #[arg(long, help = help("Skip the search index.", "ไม่ต้องสร้างดัชนีค้นหา"))]
        no_index: bool,
        #[arg(long, help = help(
            "Also write the whole site as OUT/<slug of the site title>.zip (or sala-site.zip), for USB sticks and phones: unzipped, it opens from file://.",
            "เขียนทั้งเว็บไซต์เป็นไฟล์ OUT/<ชื่อเว็บไซต์>.zip (หรือ sala-site.zip) ด้วย สำหรับแฟลชไดรฟ์และโทรศัพท์ แตกไฟล์แล้วเปิดจากเครื่องได้ทันที",
        ))]
        zip: bool,
    },
    #[command(about = help(
        "Build, serve on 127.0.0.1, and rebuild and reload on every saved change.",
        "สร้างเว็บไซต์และเปิดดูตัวอย่างที่ 127.0.0.1 สร้างใหม่และโหลดหน้าใหม่ทุกครั้งที่บันทึกไฟล์",
    ))]
    Serve {
        #[arg(long, default_value_t = 1111, help = help(
            "Port on 127.0.0.1 (0 picks a free one).",
            "พอร์ตบน 127.0.0.1 (0 คือให้เลือกพอร์ตที่ว่างเอง)",
        ))]
        port: u16,
        #[arg(long, help = help(
            "Open the site in the default browser.",
            "เปิดเว็บไซต์ในเบราว์เซอร์หลักของเครื่อง",
        ))]
        open: bool,
        #[arg(long, help = help(
            "Include pages marked `draft: true`.",
            "รวมหน้าที่ระบุ `draft: true` (ฉบับร่าง) ด้วย",
        ))]
        drafts: bool,
    },
    #[command(about = help(
        "Check links, anchors, front matter, translations, images and comments.",
        "ตรวจลิงก์ หัวข้อที่ลิงก์ถึง ส่วนหัว (front matter) คำแปล รูปภาพ และความคิดเห็น",
    ))]
    Check {
        #[arg(long, help = help("Print the report as JSON.", "แสดงรายงานเป็น JSON"))]
        json: bool,
        #[arg(long, help = help(
            "Also fail on warnings (orphan pages).",
            "ถือว่าไม่ผ่านเมื่อมีคำเตือนด้วย (เช่น หน้าที่ไม่มีลิงก์มาถึง)",
        ))]
        strict: bool,
    },
    #[command(about = help(
        "Start a new site in DIR: site.toml, example pages, publishing set-up. Asks for the titles only on a terminal.",
        "เริ่มเว็บไซต์ใหม่ในโฟลเดอร์ DIR: site.toml หน้าตัวอย่าง และการตั้งค่าการเผยแพร่ ถามชื่อเว็บไซต์เฉพาะเมื่อใช้งานในเทอร์มินัล",
    ))]
    Init {
        #[arg(help = help(
            "The new site's folder (created if missing; must be empty unless --force).",
            "โฟลเดอร์ของเว็บไซต์ใหม่ (สร้างให้ถ้ายังไม่มี ต้องว่างเปล่า เว้นแต่ใช้ --force)",
        ))]
        dir: PathBuf,
        #[arg(long, help = help("The site's title in Thai.", "ชื่อเว็บไซต์ภาษาไทย"))]
        title_th: Option<String>,
        #[arg(long, help = help("The site's title in English.", "ชื่อเว็บไซต์ภาษาอังกฤษ"))]
        title_en: Option<String>,
        #[arg(long, default_value = "th,en", value_delimiter = ',', help = help(
            "Published languages, the default first: th,en, en,th, th or en.",
            "ภาษาที่เผยแพร่ ภาษาหลักขึ้นก่อน: th,en หรือ en,th หรือ th หรือ en",
        ))]
        languages: Vec<String>,
        #[arg(long, help = help(
            "Write into a folder that is not empty; existing files are still never replaced.",
            "เขียนลงในโฟลเดอร์ที่มีไฟล์อยู่แล้วได้ แต่จะไม่เขียนทับไฟล์เดิม",
        ))]
        force: bool,
    },
    #[command(about = help(
        "Start a new page with its kind's front matter filled in.",
        "เริ่มหน้าใหม่ พร้อมส่วนหัว (front matter) ตามประเภทของหน้า",
    ))]
    New {
        #[arg(value_parser = ["guide", "case", "forum", "page"], help = help(
            "The kind of page: guide, case, forum or page.",
            "ประเภทของหน้า: guide (คู่มือ), case (กรณีศึกษา), forum (สรุปเวที) หรือ page (หน้าทั่วไป)",
        ))]
        kind: String,
        #[arg(help = help(
            "The page's file name and URL: lower-case letters, digits and hyphens.",
            "ชื่อไฟล์และที่อยู่ของหน้า: ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข และขีด (-)",
        ))]
        slug: String,
        #[arg(long, default_value = "th", value_parser = ["th", "en"], help = help(
            "The language of the new file.",
            "ภาษาของไฟล์ใหม่",
        ))]
        lang: String,
    },
    #[command(about = help(
        "Search the prebuilt index, as the site's search box does.",
        "ค้นหาในดัชนีที่สร้างไว้ แบบเดียวกับช่องค้นหาบนเว็บไซต์",
    ))]
    Search {
        #[arg(long, default_value = "all", value_parser = ["th", "en", "all"], help = help(
            "The language of the pages: th, en or all.",
            "ภาษาของหน้าที่ค้น: th, en หรือ all (ทุกภาษา)",
        ))]
        lang: String,
        #[arg(long, value_parser = ["guide", "case", "forum", "page"], help = help(
            "The kind of page: guide, case, forum or page.",
            "ประเภทของหน้า: guide, case, forum หรือ page",
        ))]
        kind: Option<String>,
        #[arg(long, help = help(
            "A district geocode, such as 4005.",
            "รหัสอำเภอ เช่น 4005",
        ))]
        district: Option<String>,
        #[arg(long, help = help("A topic id from site.toml.", "รหัสหมวดเรื่อง (topic) จาก site.toml"))]
        topic: Option<String>,
        #[arg(long, help = help("A year, C.E. or B.E.", "ปี ค.ศ. หรือ พ.ศ."))]
        year: Option<i32>,
        #[arg(long, default_value_t = 10, help = help(
            "The most results to show.",
            "จำนวนผลลัพธ์สูงสุดที่แสดง",
        ))]
        limit: usize,
        #[arg(long, help = help("Print a JSON array of hits.", "แสดงผลลัพธ์เป็นรายการ JSON"))]
        json: bool,
        #[arg(long, requires = "json", help = help(
            "With --json, print {\"total\", \"hits\", \"facets\"}: the hits and the number of results per kind, district, topic, year and language.",
            "ใช้คู่กับ --json: แสดง {\"total\", \"hits\", \"facets\"} คือผลลัพธ์ และจำนวนผลลัพธ์แยกตามประเภท อำเภอ หมวดเรื่อง ปี และภาษา",
        ))]
        facets: bool,
        #[arg(long, help = help(
            "Whole words only: the last word is not also read as the beginning of a longer one (as the search box reads a word still being typed).",
            "ค้นเฉพาะคำเต็ม: ไม่นับคำสุดท้ายเป็นต้นของคำที่ยาวกว่า (ช่องค้นหาบนเว็บไซต์นับ เพราะผู้ใช้อาจยังพิมพ์ไม่จบ)",
        ))]
        no_prefix: bool,
        #[arg(required = true, num_args = 1..,  help = help(
            "The words to find; quote a phrase to match it as a phrase.",
            "คำที่ต้องการค้น ใส่เครื่องหมายคำพูดครอบวลีเพื่อค้นทั้งวลี",
        ))]
        query: Vec<String>,
    },
    #[command(about = help(
        "Collect, moderate and export reader comments.",
        "รับ ตรวจ และส่งออกความคิดเห็นของผู้อ่าน",
    ))]
    Comments(sala::comments::CommentsArgs),
    #[command(about = help(
        "Print the help of sala or of one of its commands, as --help does.",
        "แสดงวิธีใช้ของ sala หรือของคำสั่งที่ระบุ เหมือน --help",
    ))]
    Help {
        #[arg(help = help("The command, such as build or comments serve.", "คำสั่ง เช่น build หรือ comments serve"))]
        command: Vec<String>,
    },
}

/// With `SALA_TRACE` set, the timing of each step goes to stderr: the one subscriber
/// for the library's `tracing` events.
fn trace_steps() {
    if std::env::var_os("SALA_TRACE").is_some() {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_level(false)
            .without_time()
            .init();
    }
}

fn main() -> ExitCode {
    trace_steps();
    let lang = message_lang(std::env::args_os());
    sala_core::diagnostics::set_cli_lang(lang);
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Build {
            out,
            drafts,
            no_index,
            zip,
        } => {
            let mut options = BuildOptions::new(&cli.root);
            if let Some(out) = out {
                options.out = out;
            }
            options.drafts = drafts;
            options.no_index = no_index;
            options.zip = zip;
            match build(&options) {
                Ok(report) => {
                    for w in &report.warnings.0 {
                        eprintln!("{}", w.display_warning(lang));
                    }
                    let msg = match lang {
                        MessageLang::Th => format!(
                            "สร้างเว็บไซต์เสร็จ: {} หน้าเนื้อหา, {} ไฟล์ HTML ใน {} ({:.0?})",
                            report.pages, report.html_files, options.out.display(), report.total
                        ),
                        MessageLang::En => format!(
                            "built {}, {} into {} in {:.0?} (load {:.0?}, render {:.0?}, index {:.0?})",
                            count(report.pages, "content page", "content pages"),
                            count(report.html_files, "HTML file", "HTML files"),
                            options.out.display(), report.total, report.load, report.render, report.index
                        ),
                    };
                    eprintln!("{msg}");
                    if let Some(kept) = report.kept {
                        match lang {
                            MessageLang::Th => eprintln!(
                                "สร้างใหม่เฉพาะ {} เรื่องที่แก้ไข ({} ไฟล์ HTML) และใช้ไฟล์เดิมจากรอบก่อน {} ไฟล์",
                                kept.items, kept.html_pages, kept.files
                            ),
                            MessageLang::En => eprintln!(
                                "rendered again: {} ({}); kept {} from the previous build",
                                count(kept.items, "changed item", "changed items"),
                                count(kept.html_pages, "HTML file", "HTML files"),
                                count(kept.files, "file", "files")
                            ),
                        }
                    }
                    if let Some((name, size)) = &report.zip {
                        let path = options.out.join(name);
                        match lang {
                            MessageLang::Th => eprintln!(
                                "เขียนไฟล์ zip ของทั้งเว็บไซต์: {} ({} กิโลไบต์)",
                                path.display(),
                                size / 1024
                            ),
                            MessageLang::En => eprintln!(
                                "wrote the whole site as {} ({} KB)",
                                path.display(),
                                size / 1024
                            ),
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    eprintln!("{}", problems.display(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { port, open, drafts } => report_anyhow(
            lang,
            sala::serve::serve(sala::serve::ServeOptions {
                root: cli.root,
                port,
                open,
                drafts,
                lang,
            }),
        ),
        Command::Check { json, strict } => {
            let report = sala::check::check(&cli.root);
            let text = if json {
                serde_json::to_string_pretty(&sala::check::to_json(&report)).unwrap_or_default()
            } else {
                sala::check::display(&report, lang)
            };
            // A closed pipe (`sala check | head`) still leaves the verdict to the exit status.
            if let Err(e) = print(&text) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return report_anyhow(lang, Err(e.into()));
                }
            }
            if report.failed(strict) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init {
            dir,
            title_th,
            title_en,
            languages,
            force,
        } => {
            let options = sala::init::InitOptions {
                dir,
                title_th,
                title_en,
                languages,
                force,
            };
            match sala::init::init(&options) {
                Ok(report) => {
                    for path in &report.written {
                        println!("{}", path.display());
                    }
                    for path in &report.kept {
                        match lang {
                            MessageLang::Th => eprintln!("มีอยู่แล้ว ไม่ได้เขียนทับ: {}", path.display()),
                            MessageLang::En => {
                                eprintln!("already there, left as it was: {}", path.display())
                            }
                        }
                    }
                    let dir = options.dir.display();
                    match lang {
                        MessageLang::Th => eprintln!(
                            "สร้างเว็บไซต์ใหม่ใน {dir} แล้ว ขั้นต่อไป: cd {dir} แล้ว sala serve --open"
                        ),
                        MessageLang::En => {
                            eprintln!(
                                "made a new site in {dir}; next: cd {dir} and sala serve --open"
                            )
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(problem) => {
                    eprintln!(
                        "{}",
                        sala_core::diagnostics::Diagnostics(vec![problem]).display(lang)
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            kind,
            slug,
            lang: page_lang,
        } => {
            let kind =
                sala_core::content::Kind::from_id(&kind).unwrap_or(sala_core::content::Kind::Page);
            let result = sala::new::new_page(&cli.root, kind, &slug, &page_lang)
                .and_then(|path| Ok(print(&path.display().to_string())?));
            report_anyhow(lang, result)
        }
        Command::Search {
            lang: search_lang,
            kind,
            district,
            topic,
            year,
            limit,
            json,
            facets,
            no_prefix,
            query,
        } => {
            let args = sala_search::Query {
                text: query.join(" "),
                lang: (search_lang != "all").then_some(search_lang),
                kind,
                district,
                topic,
                year,
                limit,
                prefix: !no_prefix,
            };
            let format = match (json, facets) {
                (false, _) => sala::search_cli::Format::Text,
                (true, false) => sala::search_cli::Format::Hits,
                (true, true) => sala::search_cli::Format::Full,
            };
            report_anyhow(lang, sala::search_cli::run(&cli.root, args, format, lang))
        }
        Command::Comments(args) => report_anyhow(lang, sala::comments::run(&cli.root, args, lang)),
        Command::Help { command } => help_of(&command, lang),
    }
}

/// The language of messages, known before clap parses anything, because clap writes the
/// help and its usage errors as it parses: `--messages th|en` wherever it stands, else
/// `LANG` and its kin.
fn message_lang(args: impl IntoIterator<Item = std::ffi::OsString>) -> MessageLang {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let named = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--messages" => args.get(i + 1).map(String::as_str),
        _ => a.strip_prefix("--messages="),
    });
    match named {
        Some("th") => MessageLang::Th,
        Some("en") => MessageLang::En,
        _ => MessageLang::from_env(),
    }
}

/// The whole command tree, its texts in the message language: clap's own words
/// (headings, "Print help", default and allowed values) replaced by Sala's.
fn command_tree() -> clap::Command {
    let th = sala_core::diagnostics::cli_lang() == MessageLang::Th;
    sala_texts(Cli::command(), th).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .display_order(102)
            .help_heading(help("Options", "ตัวเลือก"))
            .help(help("Print the version.", "แสดงรุ่นของโปรแกรม")),
    )
}

fn sala_texts(cmd: clap::Command, th: bool) -> clap::Command {
    let cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .help_template(if th {
            "{about-with-newline}\nวิธีใช้: {usage}\n\n{all-args}{after-help}"
        } else {
            "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}"
        })
        .subcommand_help_heading(help("Commands", "คำสั่ง"))
        .mut_args(|arg| {
            let heading = match arg.is_positional() {
                true => help("Arguments", "สิ่งที่ต้องระบุ"),
                false => help("Options", "ตัวเลือก"),
            };
            // A command's own options first, then the global ones every command shares.
            let arg = match arg.is_global_set() {
                true => arg.help_heading(heading).display_order(100),
                false => arg.help_heading(heading),
            };
            if th {
                allowed_in_thai(arg)
            } else {
                arg
            }
        })
        .mut_subcommands(|sub| sala_texts(sub, th));
    // Global options are copied into each subcommand as the tree is built; `--help` is
    // given to every command, `--version` only to the top one.
    cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .display_order(101)
            .help_heading(help("Options", "ตัวเลือก"))
            .help(help("Print this help.", "แสดงวิธีใช้นี้")),
    )
}

/// clap adds "[default: …]" and "[possible values: …]" in English; in Thai they are
/// said at the end of the help text instead.
fn allowed_in_thai(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let allowed: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let mut notes = Vec::new();
    if !allowed.is_empty() {
        notes.push(format!("ค่าที่ใช้ได้: {}", allowed.join(", ")));
    }
    if !defaults.is_empty() && !arg.is_positional() {
        notes.push(format!("ค่าเริ่มต้น: {}", defaults.join(",")));
    }
    if notes.is_empty() {
        return arg;
    }
    let text = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    arg.hide_possible_values(true)
        .hide_default_value(true)
        .help(format!("{text} ({})", notes.join("; ")))
}

/// Parses the command line; usage errors are told as every other error is, in the
/// reader's language, with the allowed values. `Err` holds the exit code.
fn parse() -> Result<Cli, ExitCode> {
    let lang = sala_core::diagnostics::cli_lang();
    let matches = command_tree().try_get_matches();
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => {
            use clap::error::ErrorKind;
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    Err(ExitCode::SUCCESS)
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    Err(ExitCode::from(2))
                }
                _ => {
                    let args: Vec<String> = std::env::args().skip(1).collect();
                    eprintln!("{}", usage_error(&e, &args).display(lang));
                    Err(ExitCode::from(2))
                }
            }
        }
    }
}

/// A clap error as Sala tells it: what is wrong in the reader's terms and one fix, for
/// the command the reader typed (`sala new`), found by following `args` down the tree.
fn usage_error(e: &clap::Error, args: &[String]) -> CliError {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        _ => String::new(),
    };
    let mut tree = command_tree();
    tree.build();
    let mut at = &tree;
    let mut path = vec!["sala".to_string()];
    for word in args {
        if let Some(sub) = at.find_subcommand(word) {
            path.push(word.clone());
            at = sub;
        }
    }
    // Rendering needs the command as its own (clap's API takes `&mut`).
    let mut at = at.clone();
    let command = path.join(" ");
    let usage = at.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim().to_string();
    let commands: Vec<&str> = at
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name())
        .collect();
    let see = Bilingual::new(
        format!("see `{command} --help`"),
        format!("ดูวิธีใช้ด้วย `{command} --help`"),
    );
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let (message, hint) = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let allowed = text(ContextKind::ValidValue);
            let message = if value.is_empty() {
                Bilingual::new(
                    format!("{arg} needs a value"),
                    format!("{arg} ต้องมีค่าตามหลัง"),
                )
            } else {
                Bilingual::new(
                    format!("invalid value `{value}` for {arg}"),
                    format!("ใช้ `{value}` เป็นค่าของ {arg} ไม่ได้"),
                )
            };
            let hint = if !allowed.is_empty() {
                Bilingual::new(
                    format!("use one of: {allowed}"),
                    format!("ใช้ค่าใดค่าหนึ่งต่อไปนี้: {allowed}"),
                )
            } else if e.kind() == ErrorKind::ValueValidation && value.parse::<f64>().is_err() {
                // The options that check their value are the numbers (--port, --year,
                // --limit, --days, an id): say so rather than echo the parser.
                Bilingual::new(
                    format!(
                        "{arg} takes a number, written with the digits 0-9; see `{command} --help`"
                    ),
                    format!("{arg} ต้องเป็นตัวเลข เขียนด้วยเลขอารบิก 0-9 ดูวิธีใช้ด้วย `{command} --help`"),
                )
            } else {
                see
            };
            (message, hint)
        }
        ErrorKind::MissingRequiredArgument => (
            Bilingual::new(
                format!("`{command}` also needs {arg}"),
                format!("คำสั่ง `{command}` ต้องระบุ {arg} ด้วย"),
            ),
            Bilingual::new(
                format!("write it as `{usage}`; see `{command} --help`"),
                format!("รูปแบบคำสั่งคือ `{usage}` ดูวิธีใช้ด้วย `{command} --help`"),
            ),
        ),
        ErrorKind::UnknownArgument => {
            let near = text(ContextKind::SuggestedArg);
            (
                Bilingual::new(
                    format!("`{command}` has no option `{arg}`"),
                    format!("คำสั่ง `{command}` ไม่มีตัวเลือก `{arg}`"),
                ),
                if near.is_empty() {
                    Bilingual::new(
                        format!("its options are listed by `{command} --help`"),
                        format!("ดูตัวเลือกทั้งหมดได้ด้วย `{command} --help`"),
                    )
                } else {
                    Bilingual::new(
                        format!("did you mean `{near}`?"),
                        format!("หมายถึง `{near}` หรือไม่"),
                    )
                },
            )
        }
        ErrorKind::InvalidSubcommand | ErrorKind::MissingSubcommand => {
            let name = text(ContextKind::InvalidSubcommand);
            let near = text(ContextKind::SuggestedSubcommand);
            let message = if name.is_empty() {
                Bilingual::new(
                    format!("`{command}` needs a command after it"),
                    format!("ต้องระบุคำสั่งต่อท้าย `{command}`"),
                )
            } else {
                Bilingual::new(
                    format!("`{command}` has no command `{name}`"),
                    format!("`{command}` ไม่มีคำสั่ง `{name}`"),
                )
            };
            let list = commands.join(", ");
            let hint = if near.is_empty() {
                Bilingual::new(
                    format!("use one of: {list}"),
                    format!("ใช้คำสั่งใดคำสั่งหนึ่งต่อไปนี้: {list}"),
                )
            } else {
                Bilingual::new(
                    format!("did you mean `{command} {near}`? The commands: {list}"),
                    format!("หมายถึง `{command} {near}` หรือไม่ คำสั่งที่มี: {list}"),
                )
            };
            (message, hint)
        }
        // Conflicts, repeats, too many values: rare with these options; told generally,
        // naming the option clap found at fault.
        _ => (
            match arg.is_empty() {
                true => Bilingual::new(
                    format!("`{command}` cannot be run as written"),
                    format!("คำสั่ง `{command}` เขียนไม่ถูกต้อง"),
                ),
                false => Bilingual::new(
                    format!("`{arg}` cannot be used this way in `{command}`"),
                    format!("ใช้ `{arg}` แบบนี้ในคำสั่ง `{command}` ไม่ได้"),
                ),
            },
            see,
        ),
    };
    CliError::plain(message, hint)
}

/// `sala help [COMMAND…]`: the help of that command, as `--help` prints it.
fn help_of(path: &[String], lang: MessageLang) -> ExitCode {
    let mut cmd = command_tree();
    cmd.build();
    let mut at = &cmd;
    for name in path {
        match at.find_subcommand(name) {
            Some(sub) => at = sub,
            None => {
                let error = CliError::plain(
                    Bilingual::new(
                        format!("sala has no command `{}`", path.join(" ")),
                        format!("sala ไม่มีคำสั่ง `{}`", path.join(" ")),
                    ),
                    Bilingual::new("see `sala --help`", "ดูวิธีใช้ด้วย `sala --help`"),
                );
                eprintln!("{}", error.display(lang));
                return ExitCode::from(2);
            }
        }
    }
    // A closed pipe (`sala help | head`) is no failure: the reader took what they wanted.
    let _ = print(&at.clone().render_help().to_string());
    ExitCode::SUCCESS
}

/// Prints the outcome of a command: nothing on success, the error in the reader's
/// language otherwise. Output cut short by a closed pipe (`sala search … | head -1`) is
/// not an error: the reader took what they wanted.
fn report_anyhow(lang: MessageLang, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<CliError>() {
                Some(told) => eprintln!("{}", told.display(lang)),
                None => eprintln!("{}: {e:#}", words(lang).0),
            }
            ExitCode::FAILURE
        }
    }
}

/// One line to stdout, returning the error (a closed pipe among them) instead of
/// panicking as `println!` does.
fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// "1 content page", "2 content pages".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
