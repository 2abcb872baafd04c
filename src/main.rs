//! The `sala` command line: build, serve, check, new, search and comments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sala::build::{build, BuildOptions};
use sala::diagnostics::MessageLang;

#[derive(Parser)]
#[command(
    name = "sala",
    version,
    about = "Static knowledge-base generator for the Clinic Center of Khon Kaen PAO"
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
    },
    /// Collect, moderate and export reader comments.
    Comments(sala::comments::CommentsArgs),
}

fn main() -> ExitCode {
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
        } => {
            let mut options = BuildOptions::new(&cli.root);
            if let Some(out) = out {
                options.out = out;
            }
            options.drafts = drafts;
            options.no_index = no_index;
            match build(&options) {
                Ok(report) => {
                    let msg = match lang {
                        MessageLang::Th => format!(
                            "สร้างเว็บไซต์เสร็จ: {} หน้าเนื้อหา, {} ไฟล์ HTML ใน {} ({:.0?})",
                            report.pages, report.html_files, options.out.display(), report.total
                        ),
                        MessageLang::En => format!(
                            "built {} content pages, {} HTML files into {} in {:.0?} (load {:.0?}, render {:.0?}, index {:.0?})",
                            report.pages, report.html_files, options.out.display(), report.total, report.load, report.render, report.index
                        ),
                    };
                    eprintln!("{msg}");
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    eprintln!("{}", problems.display(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Comments(args) => match sala::comments::run(&cli.root, args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}
