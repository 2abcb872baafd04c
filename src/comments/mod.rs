//! The comments companion: `sala comments serve`, moderation and export.
//!
//! The generator never talks to the companion; approved comments reach the site only as
//! files under `content/comments/` (see [`crate::content::baked_comments`]).

use serde::Deserialize;

/// The `[comments]` section of `site.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentsConfig {
    /// Public address of `sala comments serve`, used by the page widget; empty for none.
    #[serde(default)]
    pub endpoint: String,
}

/// `sala comments …`
#[derive(Debug, clap::Args)]
pub struct CommentsArgs {
    #[command(subcommand)]
    pub command: CommentsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CommentsCommand {
    /// Run the comment server.
    Serve,
}

pub fn run(_root: &std::path::Path, args: CommentsArgs) -> anyhow::Result<()> {
    match args.command {
        CommentsCommand::Serve => anyhow::bail!("the comments companion is not built yet"),
    }
}
