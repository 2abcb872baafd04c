//! `sala build --zip`: the whole site in one file, for a USB stick or a phone with no
//! signal. Unzipped anywhere, its pages work from file:// like the built folder does.
//!
//! The archive holds one top folder named like the archive, so unzipping on a phone
//! gives one folder to open, not two hundred loose files. It is deterministic: entries
//! are sorted, every timestamp is 1980-01-01 (the zip epoch), and permissions are fixed,
//! so two builds of the same site give the same bytes. Only deflate is used, which every
//! unzip tool reads.
//!
//! (The module is not called `zip` so that it cannot be mistaken for the crate.)

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The archive's name for a site: a slug of its English title (else of the first title
/// that has Latin letters), or `sala-site.zip`.
pub fn file_name(config: &sala_core::config::SiteConfig) -> String {
    let mut langs: Vec<&str> = vec!["en"];
    langs.extend(config.languages.iter().map(String::as_str));
    langs
        .into_iter()
        .map(|l| slug(config.title(l)))
        .find(|s| !s.is_empty())
        .map_or_else(|| "sala-site.zip".to_string(), |s| format!("{s}.zip"))
}

/// ASCII letters and digits, lower case, runs of anything else as one `-`; at most 40
/// characters, cut at a word boundary.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let mut s = s.trim_end_matches('-').to_string();
    if s.len() > 40 {
        let cut = s[..40].rfind('-').unwrap_or(40);
        s.truncate(cut);
    }
    s
}

/// The zip of `files` (relative to `root`, with `/`), each under the folder `top`.
pub fn zip(root: &Path, files: &[String], top: &str) -> std::io::Result<Vec<u8>> {
    let mut files = files.to_vec();
    files.sort();
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut dirs = std::collections::BTreeSet::new();
    for rel in &files {
        // Folders as entries too: some phone unzippers do not create them otherwise.
        let mut at = 0;
        while let Some(i) = rel[at..].find('/') {
            let dir = &rel[..at + i];
            if dirs.insert(dir.to_string()) {
                zip.add_directory(format!("{top}/{dir}/"), options.unix_permissions(0o755))?;
            }
            at += i + 1;
        }
        zip.start_file(format!("{top}/{rel}"), options)?;
        zip.write_all(&std::fs::read(root.join(rel))?)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_latin_words_and_drop_the_rest() {
        assert_eq!(
            slug("Sala: the Clinic Center knowledge base, Khon Kaen PAO"),
            "sala-the-clinic-center-knowledge-base"
        );
        assert_eq!(slug("ศาลา คลังความรู้"), "");
        assert_eq!(slug("ศูนย์ Clinic Center อบจ."), "clinic-center");
    }
}
