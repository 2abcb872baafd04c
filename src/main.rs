//! The `sala` command line: build, serve, check, new, search and comments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sala::build::{build, BuildOptions};
use sala::diagnostics::{is_broken_pipe, words, CliError, MessageLang};
use std::io::Write;

#[derive(Parser)]
#[command(
    name = "sala",
    version,
    about = "Static knowledge-base generator for Thai local government: Thai/English Markdown to a static site"
)]
struct Cli {
    /// The site's folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Language of messages: th or en (default: from LANG).
    #[arg(long, global = true, value_parser = ["th", "en"])]
    messages: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --out).
    Build {
        /// Output folder (default: ROOT/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Skip the search index.
        #[arg(long)]
        no_index: bool,
        /// Also write the whole site as OUT/<slug of the site title>.zip (or
        /// sala-site.zip), for USB sticks and phones: unzipped, it opens from file://.
        #[arg(long)]
        zip: bool,
    },
    /// Build, serve on 127.0.0.1, and rebuild and reload on every saved change.
    Serve {
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check links, anchors, front matter, translations, images and comments.
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also fail on warnings (orphan pages).
        #[arg(long)]
        strict: bool,
    },
    /// Start a new site in DIR: site.toml, example pages, publishing set-up. Asks for
    /// the titles only on a terminal.
    Init {
        /// The new site's folder (created if missing; must be empty unless --force).
        dir: PathBuf,
        /// The site's title in Thai.
        #[arg(long)]
        title_th: Option<String>,
        /// The site's title in English.
        #[arg(long)]
        title_en: Option<String>,
        /// Published languages, the default first: th,en, en,th, th or en.
        #[arg(long, default_value = "th,en", value_delimiter = ',')]
        languages: Vec<String>,
        /// Write into a folder that is not empty; existing files are still never replaced.
        #[arg(long)]
        force: bool,
    },
    /// Start a new page with its kind's front matter filled in.
    New {
        /// guide, case, forum or page.
        #[arg(value_parser = ["guide", "case", "forum", "page"])]
        kind: String,
        /// The page's file name and URL: lower-case letters, digits and hyphens.
        slug: String,
        /// The language of the new file.
        #[arg(long, default_value = "th", value_parser = ["th", "en"])]
        lang: String,
    },
    /// Search the prebuilt index, as the site's search box does.
    Search {
        /// th, en or all.
        #[arg(long, default_value = "all", value_parser = ["th", "en", "all"])]
        lang: String,
        /// guide, case, forum or page.
        #[arg(long, value_parser = ["guide", "case", "forum", "page"])]
        kind: Option<String>,
        /// A district geocode, such as 4005.
        #[arg(long)]
        district: Option<String>,
        /// A topic id from site.toml.
        #[arg(long)]
        topic: Option<String>,
        /// A year, C.E. or B.E.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array of hits.
        #[arg(long)]
        json: bool,
        /// With --json, print {"total", "hits", "facets"}: the hits and the number of
        /// results per kind, district, topic, year and language.
        #[arg(long, requires = "json")]
        facets: bool,
        /// Whole words only: the last word is not also read as the beginning of a
        /// longer one (as the search box reads a word still being typed).
        #[arg(long)]
        no_prefix: bool,
        /// The words to find; quote a phrase to match it as a phrase.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// Collect, moderate and export reader comments.
    Comments(sala::comments::CommentsArgs),
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
    let cli = Cli::parse();
    let lang = match cli.messages.as_deref() {
        Some("th") => MessageLang::Th,
        Some(_) => MessageLang::En,
        None => MessageLang::from_env(),
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
                        sala::diagnostics::Diagnostics(vec![problem]).display(lang)
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
            let kind = sala::content::Kind::from_id(&kind).unwrap_or(sala::content::Kind::Page);
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
    }
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
