//! The theme's files: the default theme is embedded in the binary (`themes/default/` of
//! this repository, at compile time), and a site's own `themes/<name>/` lays its files
//! over it one by one. A site therefore needs no `themes/` folder at all; one that
//! wants another footer copies only `templates/base.html` into `themes/default/`.
//!
//! UI strings merge by key rather than by file: a site's `i18n/th.yaml` may hold only
//! the strings it changes (see [`ThemeFiles::layers`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use sala_core::diagnostics::{Bilingual, Diagnostic};

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where one file of the theme comes from.
#[derive(Debug, Clone)]
enum Origin {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// One file of the theme, by its path inside the theme (`templates/base.html`).
#[derive(Debug, Clone)]
pub struct ThemeFile<'a> {
    pub rel: &'a str,
    origin: &'a Origin,
    /// Where messages point: `themes/NAME/…`, with "(built in)" for embedded files.
    pub display: PathBuf,
}

impl ThemeFile<'_> {
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self.origin {
            Origin::Embedded(b) => Ok(Cow::Borrowed(b)),
            Origin::Disk(p) => std::fs::read(p).map(Cow::Owned),
        }
    }

    pub fn text(&self) -> std::io::Result<String> {
        let bytes = self.bytes()?;
        String::from_utf8(bytes.into_owned())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// The merged file list of a theme.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    pub name: String,
    /// The effective file for each path: the site's if it has one, else the embedded one.
    files: BTreeMap<String, Origin>,
    /// The embedded files the site overrides, for key-wise merges (UI strings).
    shadowed: BTreeMap<String, Origin>,
}

fn embedded(dir: &Dir<'static>, into: &mut BTreeMap<String, Origin>) {
    for f in dir.files() {
        let rel = sala_core::paths::slash(f.path());
        into.insert(rel, Origin::Embedded(f.contents()));
    }
    for d in dir.dirs() {
        embedded(d, into);
    }
}

impl ThemeFiles {
    /// The embedded default theme under `root/themes/<name>/`. A theme other than
    /// `default` must exist on disk; it still falls back to the default's files.
    pub fn load(root: &Path, name: &str) -> Result<ThemeFiles, Diagnostic> {
        let mut files = BTreeMap::new();
        embedded(&DEFAULT, &mut files);
        let mut shadowed = BTreeMap::new();
        let disk = root.join("themes").join(name);
        if disk.is_dir() {
            for entry in walkdir::WalkDir::new(&disk)
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
            {
                let rel = sala_core::paths::slash(
                    entry.path().strip_prefix(&disk).unwrap_or(entry.path()),
                );
                let old = files.insert(rel.clone(), Origin::Disk(entry.path().to_path_buf()));
                if let Some(old @ Origin::Embedded(_)) = old {
                    shadowed.insert(rel, old);
                }
            }
        } else if name != "default" {
            return Err(Diagnostic::new(
                "site.toml",
                Bilingual::new(
                    format!("theme `{name}` not found in themes/"),
                    format!("ไม่พบธีม `{name}` ในโฟลเดอร์ themes/"),
                ),
            )
            .with_hint(Bilingual::new(
                "set `theme = \"default\"` in site.toml (built into sala), or put the theme in themes/",
                "กำหนด `theme = \"default\"` ใน site.toml (ธีมที่ติดมากับ sala) หรือวางธีมไว้ในโฟลเดอร์ themes/",
            )));
        }
        Ok(ThemeFiles {
            name: name.to_string(),
            files,
            shadowed,
        })
    }

    fn file<'a>(&'a self, rel: &'a str, origin: &'a Origin) -> ThemeFile<'a> {
        let mut display = Path::new("themes").join(&self.name).join(rel);
        if matches!(origin, Origin::Embedded(_)) {
            display = PathBuf::from(format!("{} (built in)", display.display()));
        }
        ThemeFile {
            rel,
            origin,
            display,
        }
    }

    /// Feeds every file of the theme to `f`: the site's files with their bytes, the
    /// embedded ones by name (their bytes come with the binary, which a build's
    /// fingerprint covers on its own).
    pub fn fingerprint(&self, f: &mut crate::fingerprint::Fingerprinter) -> std::io::Result<()> {
        for (map, rel, origin) in self
            .files
            .iter()
            .map(|(r, o)| (0u8, r, o))
            .chain(self.shadowed.iter().map(|(r, o)| (1u8, r, o)))
        {
            f.bytes(&[map]).bytes(rel.as_bytes());
            match origin {
                Origin::Embedded(_) => f.bytes(b"embedded"),
                Origin::Disk(path) => f.bytes(&std::fs::read(path)?),
            };
        }
        Ok(())
    }

    pub fn get(&self, rel: &str) -> Option<ThemeFile<'_>> {
        self.files
            .get_key_value(rel)
            .map(|(k, o)| self.file(k.as_str(), o))
    }

    /// The files under `prefix` (such as `templates/`), in path order.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = ThemeFile<'a>> + 'a {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, o)| self.file(k.as_str(), o))
    }

    /// The embedded file a site's file replaces, then the site's: for strings that
    /// merge by key. One entry when nothing is overridden.
    pub fn layers(&self, rel: &str) -> Vec<ThemeFile<'_>> {
        let mut out = Vec::new();
        if let Some((k, o)) = self.shadowed.get_key_value(rel) {
            out.push(self.file(k.as_str(), o));
        }
        out.extend(self.get(rel));
        out
    }
}
