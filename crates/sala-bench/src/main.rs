//! The `sala-bench` command line: `sala-bench corpus --pages N --seed S --out DIR`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Benchmark corpora for Sala (and Hugo) builds")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write N bilingual items, site.toml and Hugo's config and layouts under DIR.
    Corpus {
        /// Number of bilingual items (each is a .th.md and an .en.md).
        #[arg(long)]
        pages: usize,
        /// Same seed and size, same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Root folder of the corpus (content/ and site.toml go in it).
        #[arg(long)]
        out: PathBuf,
        /// Replace a corpus already in DIR.
        #[arg(long)]
        force: bool,
        /// Copy this theme folder into DIR/themes/ (Sala reads its theme from the site).
        #[arg(long, value_name = "THEME_DIR")]
        theme: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Corpus {
            pages,
            seed,
            out,
            force,
            theme,
        } => {
            let opts = sala_bench::corpus::Options {
                items: pages,
                seed,
                out,
                force,
                theme,
            };
            let s = sala_bench::corpus::generate(&opts)?;
            let avg = |t: (usize, usize, usize)| t.2 / s.items.max(1);
            eprintln!(
                "{} items ({} guides, {} cases, {} forums): {} Markdown files, {:.1} MB",
                s.items,
                s.per_kind[0],
                s.per_kind[1],
                s.per_kind[2],
                s.markdown_files,
                s.markdown_bytes as f64 / 1e6
            );
            if s.items > 0 {
                eprintln!(
                    "body length in characters: Thai {}–{} (mean {}), English {}–{} (mean {})",
                    s.th_chars.0,
                    s.th_chars.1,
                    avg(s.th_chars),
                    s.en_chars.0,
                    s.en_chars.1,
                    avg(s.en_chars)
                );
            }
            if which("zola") {
                eprintln!(
                    "zola is on PATH, but no Zola config is written yet: Zola wants default-language \
                     files without a language suffix and custom fields under [extra]"
                );
            }
            Ok(())
        }
    }
}

fn which(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
}
