//! Integration tests: build fixture sites under `tests/fixtures/` through the library and
//! the real `sala` binary, and check what a reader or an author would see.

mod support;

mod architecture;
mod archive;
mod authoring;
mod build_output;
mod cli;
mod config_doc;
mod crawl;
mod errors;
mod init;
mod related;
mod sample_content;
mod serve;
mod site_data;
mod thai;
mod theme;
mod warm;
mod weight;
