//! Problems found while loading or rendering a site, each with a file, a line and a hint.
//!
//! A build collects every problem instead of stopping at the first, so an author can fix
//! them all in one pass.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The language author-facing messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageLang {
    Th,
    En,
}

impl MessageLang {
    /// Picks Thai when `LANG`/`LC_ALL`/`LC_MESSAGES` starts with `th`, English otherwise.
    pub fn from_env() -> Self {
        for var in ["SALA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.starts_with("th") {
                    MessageLang::Th
                } else {
                    MessageLang::En
                };
            }
        }
        MessageLang::En
    }
}

/// The language of the command line's own texts (`--help`, usage errors), chosen once
/// before the command line is parsed, since clap builds the help as it parses.
static CLI_LANG: OnceLock<MessageLang> = OnceLock::new();

/// Sets the language [`help`] answers in; the first call wins.
pub fn set_cli_lang(lang: MessageLang) {
    let _ = CLI_LANG.set(lang);
}

/// The language set by [`set_cli_lang`], English before it.
pub fn cli_lang() -> MessageLang {
    CLI_LANG.get().copied().unwrap_or(MessageLang::En)
}

/// A help text of the command line in both languages, written side by side where the
/// command or option is declared (`#[arg(help = help("…", "…"))]`), so that neither can
/// be added without the other.
pub fn help(en: &'static str, th: &'static str) -> &'static str {
    match cli_lang() {
        MessageLang::Th => th,
        MessageLang::En => en,
    }
}

/// A message in both languages; authors read it in whichever their terminal uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    pub en: String,
    pub th: String,
}

impl Bilingual {
    pub fn new(en: impl Into<String>, th: impl Into<String>) -> Self {
        Bilingual {
            en: en.into(),
            th: th.into(),
        }
    }

    pub fn get(&self, lang: MessageLang) -> &str {
        match lang {
            MessageLang::Th => &self.th,
            MessageLang::En => &self.en,
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root where possible, so messages stay short.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: Bilingual,
    pub hint: Option<Bilingual>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: Bilingual) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message,
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: Bilingual) -> Self {
        self.hint = Some(hint);
        self
    }

    /// `file:line:col: message` followed by an indented hint line.
    pub fn display(&self, lang: MessageLang) -> String {
        let mut out = self.location();
        let (err, hint_word) = words(lang);
        out.push_str(&format!(": {err}: {}", self.message.get(lang)));
        if let Some(h) = &self.hint {
            out.push_str(&format!("\n    {hint_word}: {}", h.get(lang)));
        }
        out
    }

    /// As [`Diagnostic::display`], for advice that does not fail the build.
    pub fn display_warning(&self, lang: MessageLang) -> String {
        let text = self.display(lang);
        let (err, _) = words(lang);
        let warning = match lang {
            MessageLang::Th => "คำเตือน",
            MessageLang::En => "warning",
        };
        text.replacen(&format!(": {err}: "), &format!(": {warning}: "), 1)
    }

    pub fn location(&self) -> String {
        let mut out = self.path.display().to_string();
        if let Some(l) = self.line {
            out.push_str(&format!(":{l}"));
            if let Some(c) = self.column {
                out.push_str(&format!(":{c}"));
            }
        }
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.path.display().to_string(),
            "line": self.line,
            "column": self.column,
            "message": self.message.en,
            "message_th": self.message.th,
            "hint": self.hint.as_ref().map(|h| h.en.clone()),
            "hint_th": self.hint.as_ref().map(|h| h.th.clone()),
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(MessageLang::En))
    }
}

/// Every problem a build found; the build fails when it is not empty.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorted by file, then line, so output is stable across parallel builds.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        self.0.dedup();
        self
    }

    pub fn display(&self, lang: MessageLang) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.display(lang));
            out.push('\n');
        }
        let n = self.0.len();
        out.push_str(&match lang {
            MessageLang::Th => format!("พบปัญหา {n} รายการ"),
            MessageLang::En => format!("{n} problem{} found", if n == 1 { "" } else { "s" }),
        });
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(MessageLang::En))
    }
}

/// Shortens `path` to be relative to `root` for messages.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A command's failure, told to the reader in their language: a problem in one file, or
/// a plain message with a hint. `main` prints it whole, with no second "error:".
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{}", .0.display(MessageLang::En))]
    At(Diagnostic),
    #[error("error: {}", .0.en)]
    Plain(Bilingual, Option<Bilingual>),
}

impl CliError {
    pub fn plain(message: Bilingual, hint: Bilingual) -> Self {
        CliError::Plain(message, Some(hint))
    }

    /// `error: message` (or `file:line: error: message`) and an indented hint line.
    pub fn display(&self, lang: MessageLang) -> String {
        match self {
            CliError::At(d) => d.display(lang),
            CliError::Plain(message, hint) => {
                let (err, hint_word) = words(lang);
                let mut out = format!("{err}: {}", message.get(lang));
                if let Some(h) = hint {
                    out.push_str(&format!("\n    {hint_word}: {}", h.get(lang)));
                }
                out
            }
        }
    }
}

impl From<Diagnostic> for CliError {
    fn from(d: Diagnostic) -> Self {
        CliError::At(d)
    }
}

/// "error" and "hint" in the reader's language.
pub fn words(lang: MessageLang) -> (&'static str, &'static str) {
    match lang {
        MessageLang::Th => ("ข้อผิดพลาด", "คำแนะนำ"),
        MessageLang::En => ("error", "hint"),
    }
}

/// Whether `e` (or anything it wraps) is a write to a closed pipe, as when the output goes
/// to `head -1`: the reader has what they wanted, so the command ends quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}
