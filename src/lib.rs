//! Sala: a static knowledge-base generator for the Clinic Center of Khon Kaen PAO.
//!
//! The build flows one way: [`config`] and [`content`] load and validate the site,
//! [`render`] turns it into HTML through an [`output::Output`], and [`build`] drives the
//! steps and swaps the output into place only when every step succeeded.

pub mod archive;
pub mod build;
pub mod check;
pub mod comments;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod encoding;
pub mod index;
pub mod init;
pub mod markdown;
pub mod new;
pub mod output;
pub mod paths;
pub mod raw_html;
pub mod render;
pub mod search_cli;
pub mod serve;
