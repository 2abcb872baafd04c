//! The comments companion: `sala comments serve`, moderation and export.
//!
//! The generator never talks to the companion; approved comments reach the site only as
//! files under `content/comments/` (see [`sala_core::content::baked_comments`]). Every
//! subcommand takes the global `--root DIR` and its own `--db PATH` (default: `[comments]
//! db` in `site.toml`, `comments.sqlite` in the root). See `docs/comments.md`.

/// `[comments]` of `site.toml`, kept with the rest of the configuration.
pub use sala_core::config::comments as config;
pub mod export;
pub mod http;
pub mod login;
pub mod notify;
pub mod pages;
pub mod security;
pub mod store;
pub mod validate;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use sala_core::diagnostics::{help, Bilingual, CliError, MessageLang};

pub use config::{CommentsConfig, SmtpConfig};
use store::{Status, Store};

/// `sala comments …`. Each help text is given in English and Thai side by side
/// ([`help`]), since `--help` speaks the reader's language.
#[derive(Debug, clap::Args)]
pub struct CommentsArgs {
    #[arg(long, global = true, help = help(
        "The SQLite database (default: `[comments] db` in site.toml, else comments.sqlite).",
        "ไฟล์ฐานข้อมูล SQLite (ค่าเริ่มต้น: `[comments] db` ใน site.toml หรือ comments.sqlite)",
    ))]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: CommentsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CommentsCommand {
    #[command(about = help("Run the comment server.", "เปิดเซิร์ฟเวอร์รับความคิดเห็น"))]
    Serve {
        #[arg(long, help = help(
            "Address to listen on (default: `[comments] listen`, 127.0.0.1:8787).",
            "ที่อยู่ที่รอรับการเชื่อมต่อ (ค่าเริ่มต้น: `[comments] listen` หรือ 127.0.0.1:8787)",
        ))]
        listen: Option<String>,
    },
    #[command(about = help(
        "Set (or reset) a moderator's password; read from stdin or SALA_ADMIN_PASSWORD.",
        "ตั้งหรือเปลี่ยนรหัสผ่านของผู้ดูแลความคิดเห็น อ่านจาก stdin หรือ SALA_ADMIN_PASSWORD",
    ))]
    AddAdmin {
        #[arg(long, default_value = "admin", help = help(
            "The moderator's user name.",
            "ชื่อผู้ใช้ของผู้ดูแล",
        ))]
        username: String,
    },
    #[command(about = help(
        "List the comments waiting for moderation.",
        "แสดงความคิดเห็นที่รอการตรวจ",
    ))]
    Pending {
        #[arg(long, help = help("Print JSON instead of text.", "แสดงผลเป็น JSON แทนข้อความ"))]
        json: bool,
    },
    #[command(about = help("Approve a comment.", "อนุมัติความคิดเห็น"))]
    Approve {
        #[arg(help = help("The comment's number.", "หมายเลขของความคิดเห็น"))]
        id: i64,
    },
    #[command(about = help("Reject a comment.", "ไม่อนุมัติความคิดเห็น"))]
    Reject {
        #[arg(help = help("The comment's number.", "หมายเลขของความคิดเห็น"))]
        id: i64,
    },
    #[command(about = help(
        "Apply the retention period: delete old pending/rejected comments and old IP hashes.",
        "ลบข้อมูลที่เกินระยะเวลาเก็บ: ความคิดเห็นเก่าที่รอตรวจหรือไม่อนุมัติ และค่าแฮชของ IP ที่เก่าแล้ว",
    ))]
    Purge {
        #[arg(long, help = help(
            "Days to keep (default: `[comments] retention_days`, 90).",
            "จำนวนวันที่เก็บไว้ (ค่าเริ่มต้น: `[comments] retention_days` หรือ 90 วัน)",
        ))]
        days: Option<u32>,
    },
    #[command(about = help(
        "Write approved comments to content/comments/, one YAML file per page.",
        "เขียนความคิดเห็นที่อนุมัติแล้วลงใน content/comments/ หน้าละหนึ่งไฟล์ YAML",
    ))]
    Export,
    #[command(about = help(
        "Print, as JSON, everything stored about the holder of an e-mail address.",
        "แสดงข้อมูลทั้งหมดที่เก็บไว้เกี่ยวกับเจ้าของอีเมล เป็น JSON",
    ))]
    ExportPersonal {
        #[arg(long, help = help("The e-mail address.", "อีเมลของผู้ขอข้อมูล"))]
        email: String,
    },
    #[command(about = help(
        "Print the audit log: log-ins, failures, moderation, exports and purges.",
        "แสดงบันทึกการใช้งาน: การเข้าระบบ ความล้มเหลว การตรวจความคิดเห็น การส่งออก และการลบข้อมูล",
    ))]
    Audit {
        #[arg(long, default_value_t = 100, help = help(
            "How many of the latest entries.",
            "จำนวนรายการล่าสุดที่จะแสดง",
        ))]
        limit: u32,
        #[arg(long, help = help("Print JSON instead of text.", "แสดงผลเป็น JSON แทนข้อความ"))]
        json: bool,
    },
}

/// Reads `[comments]` from site.toml (defaults when the section is absent).
fn load_config(root: &Path) -> anyhow::Result<CommentsConfig> {
    let config =
        sala_core::config::SiteConfig::load(root).map_err(sala_core::diagnostics::CliError::At)?;
    Ok(config.comments)
}

/// `en` or `th`, as the reader asked.
fn say(lang: MessageLang, en: String, th: String) -> String {
    match lang {
        MessageLang::Th => th,
        MessageLang::En => en,
    }
}

pub fn run(root: &Path, args: CommentsArgs, lang: MessageLang) -> anyhow::Result<()> {
    let config = load_config(root)?;
    let db = config.db_path(root, args.db.as_deref());
    match args.command {
        CommentsCommand::Serve { listen } => {
            let _lock = store::ServeLock::acquire(&db)?;
            let (state, secret_from) = http::AppState::for_site(root, Some(&db))?;
            eprintln!(
                "{}",
                say(
                    lang,
                    format!(
                        "sala comments: database {}; secret from {secret_from}",
                        db.display()
                    ),
                    format!(
                        "sala comments: ฐานข้อมูล {} และรหัสลับจาก {secret_from}",
                        db.display()
                    ),
                )
            );
            let listen = listen.unwrap_or_else(|| config.listen.clone());
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let result = rt.block_on(http::serve(state, &listen));
            // Do not wait for blocking work (a password check, a slow disk) to finish.
            rt.shutdown_timeout(std::time::Duration::from_millis(500));
            result
        }
        CommentsCommand::AddAdmin { username } => {
            let username = username.trim().to_string();
            if username.is_empty() || username.len() > 128 || username.chars().any(char::is_control)
            {
                return Err(CliError::plain(
                    Bilingual::new(
                        "the moderator's user name is empty, too long or has control characters",
                        "ชื่อผู้ใช้ของผู้ดูแลว่าง ยาวเกินไป หรือมีอักขระควบคุม",
                    ),
                    Bilingual::new(
                        "give a user name of 1 to 128 printable characters: `--username staff`",
                        "ให้ตั้งชื่อผู้ใช้ยาว 1 ถึง 128 ตัวอักษรที่พิมพ์ได้ เช่น `--username staff`",
                    ),
                )
                .into());
            }
            let password = read_password(lang)?;
            if password.chars().count() < 10 {
                return Err(CliError::plain(
                    Bilingual::new("the password is too short", "รหัสผ่านสั้นเกินไป"),
                    Bilingual::new(
                        "use a password of at least 10 characters",
                        "ให้ใช้รหัสผ่านยาวอย่างน้อย 10 ตัวอักษร",
                    ),
                )
                .into());
            }
            let hash = security::hash_password(&password)?;
            let store = Store::open(&db)?;
            store.set_admin(&username, &hash, &store::now().0)?;
            store.audit(&store::cli_actor(), "add_admin", &username)?;
            eprintln!(
                "{}",
                say(
                    lang,
                    format!("moderator `{username}` can now log in at /admin"),
                    format!("ผู้ดูแล `{username}` เข้าสู่ระบบได้แล้วที่ /admin"),
                )
            );
            Ok(())
        }
        CommentsCommand::Pending { json } => {
            let store = Store::open(&db)?;
            let list = store.by_status(Status::Pending)?;
            let mut out = std::io::stdout().lock();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
            } else if list.is_empty() {
                writeln!(
                    out,
                    "{}",
                    say(
                        lang,
                        "no comments waiting".into(),
                        "ไม่มีความคิดเห็นที่รอตรวจ".into()
                    )
                )?;
            } else {
                for c in list {
                    let body: String = c.body.chars().take(200).collect();
                    writeln!(
                        out,
                        "#{} {} · {} · {}{}\n  {}\n",
                        c.id,
                        c.page,
                        c.name,
                        c.created,
                        c.parent
                            .map(|p| say(
                                lang,
                                format!(" · reply to #{p}"),
                                format!(" · ตอบความคิดเห็น #{p}")
                            ))
                            .unwrap_or_default(),
                        body.replace('\n', "\n  ")
                    )?;
                }
            }
            Ok(())
        }
        CommentsCommand::Approve { id } => set_status(&db, id, Status::Approved, lang),
        CommentsCommand::Reject { id } => set_status(&db, id, Status::Rejected, lang),
        CommentsCommand::Purge { days } => {
            let days = days.unwrap_or(config.retention_days);
            let store = Store::open(&db)?;
            let now = store::now().1;
            let (deleted, cleared) = store.purge(now - i64::from(days) * 86_400, now)?;
            store.audit(
                &store::cli_actor(),
                "purge",
                &format!("{deleted} comments, {cleared} IP hashes, older than {days} days"),
            )?;
            eprintln!(
                "{}",
                say(
                    lang,
                    format!("purged: {deleted} pending/rejected comments and {cleared} IP hashes older than {days} days"),
                    format!("ลบแล้ว: ความคิดเห็นที่รอตรวจหรือถูกปฏิเสธ {deleted} รายการ และค่าแฮชของ IP {cleared} รายการ ที่เก่ากว่า {days} วัน"),
                )
            );
            Ok(())
        }
        CommentsCommand::Export => {
            let store = Store::open(&db)?;
            let r = export::export(&store, root)?;
            store.audit(
                &store::cli_actor(),
                "export",
                &format!(
                    "{} written, {} unchanged, {} removed",
                    r.written.len(),
                    r.unchanged,
                    r.removed.len()
                ),
            )?;
            for p in &r.written {
                let p = p.display();
                eprintln!(
                    "{}",
                    say(lang, format!("wrote {p}"), format!("เขียนไฟล์ {p}"))
                );
            }
            for p in &r.removed {
                let p = p.display();
                eprintln!(
                    "{}",
                    say(lang, format!("removed {p}"), format!("ลบไฟล์ {p}"))
                );
            }
            let (w, u, d) = (r.written.len(), r.unchanged, r.removed.len());
            eprintln!(
                "{}",
                say(
                    lang,
                    format!("export: {w} written, {u} unchanged, {d} removed"),
                    format!("ส่งออกแล้ว: เขียน {w} ไฟล์ ไม่เปลี่ยน {u} ไฟล์ ลบ {d} ไฟล์"),
                )
            );
            Ok(())
        }
        CommentsCommand::ExportPersonal { email } => {
            let store = Store::open(&db)?;
            let found = store.by_email(email.trim())?.len();
            // The address itself is personal data: the log keeps only the count.
            store.audit(
                &store::cli_actor(),
                "export_personal",
                &format!("{found} comments"),
            )?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", export::personal(&store, email.trim())?)?;
            out.flush()?;
            Ok(())
        }
        CommentsCommand::Audit { limit, json } => {
            let store = Store::open(&db)?;
            let log = store.audit_log(limit)?;
            let mut out = std::io::stdout().lock();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&log)?)?;
            } else if log.is_empty() {
                writeln!(
                    out,
                    "{}",
                    say(
                        lang,
                        "the audit log is empty".into(),
                        "บันทึกการตรวจสอบยังว่างอยู่".into()
                    )
                )?;
            } else {
                for e in log {
                    writeln!(out, "{}  {}  {}  {}", e.at, e.actor, e.action, e.detail)?;
                }
            }
            Ok(())
        }
    }
}

fn set_status(db: &Path, id: i64, status: Status, lang: MessageLang) -> anyhow::Result<()> {
    let store = Store::open(db)?;
    if !store.set_status(id, status)? {
        return Err(CliError::plain(
            Bilingual::new(
                format!("there is no comment #{id}"),
                format!("ไม่มีความคิดเห็น #{id}"),
            ),
            Bilingual::new(
                "`sala comments pending` lists the comments and their numbers",
                "คำสั่ง `sala comments pending` จะแสดงความคิดเห็นพร้อมหมายเลข",
            ),
        )
        .into());
    }
    let action = match status {
        Status::Approved => "approve",
        Status::Rejected => "reject",
        Status::Pending => "unapprove",
    };
    store.audit(&store::cli_actor(), action, &format!("#{id}"))?;
    let now = status.as_str();
    eprintln!(
        "{}",
        say(
            lang,
            format!("comment #{id} is now {now}"),
            format!("ความคิดเห็น #{id} มีสถานะเป็น {now} แล้ว"),
        )
    );
    Ok(())
}

/// `SALA_ADMIN_PASSWORD`, else one line of stdin; on a terminal, echo is turned off.
fn read_password(lang: MessageLang) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("SALA_ADMIN_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("{}", say(lang, "password: ".into(), "รหัสผ่าน: ".into()));
        let _ = std::io::stderr().flush();
        let _ = std::process::Command::new("stty")
            .arg("-echo")
            .stdin(std::process::Stdio::inherit())
            .status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if tty {
        let _ = std::process::Command::new("stty")
            .arg("echo")
            .stdin(std::process::Stdio::inherit())
            .status();
        eprintln!();
    }
    read.map_err(|e| {
        CliError::plain(
            Bilingual::new(
                format!("cannot read the password from stdin: {e}"),
                format!("อ่านรหัสผ่านจากอินพุตมาตรฐานไม่ได้: {e}"),
            ),
            Bilingual::new(
                "type it after the prompt, or set SALA_ADMIN_PASSWORD",
                "ให้พิมพ์รหัสผ่านหลังข้อความถาม หรือกำหนดตัวแปร SALA_ADMIN_PASSWORD",
            ),
        )
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
