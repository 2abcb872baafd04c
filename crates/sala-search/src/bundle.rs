//! The browser bundle: one language's index as one byte blob.
//!
//! Owns the format and both ends of it: [`pack_bundle`] (native) takes
//! `<index_dir>/<lang>/` (merged into a single segment in a scratch copy if it has
//! several) and serializes exactly the
//! files a reader needs (`meta.json` and the live segment's files; no lock files, no
//! `.managed.json`); [`open`] puts them into a tantivy `RamDirectory` and opens the
//! index. The query side needs nothing else: the Thai query vocabulary is read from
//! the index's own term dictionaries.
//!
//! Format (all integers little-endian):
//!
//! ```text
//! b"SALASRCH" u32:version(=1) u16:len lang  u32:file_count
//! file_count × ( u16:len name  u64:len bytes )
//! ```

use std::path::Path;

use tantivy::directory::RamDirectory;
use tantivy::Directory;
use tantivy::Index;

use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"SALASRCH";
const VERSION: u32 = 1;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| Error::Bundle("truncated".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn str(&mut self) -> Result<&'a str> {
        let n = self.u16()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| Error::Bundle("name is not UTF-8".into()))
    }
}

/// Reads a bundle into an in-memory index. Returns its language and the index.
pub fn open(bytes: &[u8]) -> Result<(String, Index)> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return Err(Error::Bundle("not a Sala search bundle".into()));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(Error::Bundle(format!("unsupported version {version}")));
    }
    let lang = r.str()?.to_owned();
    let dir = RamDirectory::create();
    for _ in 0..r.u32()? {
        let name = r.str()?;
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(Error::Bundle(format!("bad file name {name:?}")));
        }
        let len = usize::try_from(r.u64()?).map_err(|_| Error::Bundle("file too large".into()))?;
        let data = r.take(len)?;
        dir.atomic_write(Path::new(name), data)
            .map_err(|e| Error::io(name, e))?;
    }
    if r.at != bytes.len() {
        return Err(Error::Bundle("trailing bytes".into()));
    }
    Ok((lang, Index::open(dir)?))
}

#[cfg(not(target_arch = "wasm32"))]
fn put_str(out: &mut Vec<u8>, s: &str) -> Result<()> {
    let n = u16::try_from(s.len()).map_err(|_| Error::Bundle(format!("name too long: {s}")))?;
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

/// Packs `<index_dir>/<lang>/` into a browser bundle: a reader-only copy merged into
/// one segment. The index on disk is not modified.
#[cfg(not(target_arch = "wasm32"))]
pub fn pack_bundle(index_dir: &Path, lang: &str) -> Result<Vec<u8>> {
    let src = index_dir.join(lang);
    if !src.join("meta.json").is_file() {
        return Err(Error::NoLanguage(
            lang.into(),
            index_dir.display().to_string(),
        ));
    }
    // The index writer leaves one segment, which is packed as it is; an index with
    // several (written by other means) is merged in a scratch copy first.
    let opened = Index::open_in_dir(&src)?;
    let (index, scratch) = if opened.searchable_segment_ids()?.len() > 1 {
        let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        for entry in std::fs::read_dir(&src).map_err(|e| Error::io(&src, e))? {
            let entry = entry.map_err(|e| Error::io(&src, e))?;
            let name = entry.file_name();
            let is_lock = name.to_string_lossy().ends_with(".lock");
            if entry.path().is_file() && !is_lock {
                std::fs::copy(entry.path(), tmp.path().join(&name))
                    .map_err(|e| Error::io(entry.path(), e))?;
            }
        }
        let index = Index::open_in_dir(tmp.path())?;
        let ids = index.searchable_segment_ids()?;
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
            index.writer_with_num_threads(1, 50_000_000)?;
        writer.merge(&ids).wait()?;
        writer.wait_merging_threads()?;
        (Index::open_in_dir(tmp.path())?, Some(tmp))
    } else {
        (opened, None)
    };
    let dir: &Path = scratch.as_ref().map_or(src.as_path(), |t| t.path());
    // Segment ids are random. The bundle names its segments by their place instead,
    // so the same documents in the same order pack to the same bytes: a rebuild of
    // unchanged content leaves the reader's cached bundle valid.
    let live: Vec<(String, String)> = index
        .searchable_segment_metas()?
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id().uuid_string(), format!("{:032x}", i + 1)))
        .collect();
    let hyphenated = |simple: &str| {
        format!(
            "{}-{}-{}-{}-{}",
            &simple[..8],
            &simple[8..12],
            &simple[12..16],
            &simple[16..20],
            &simple[20..]
        )
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let meta_path = dir.join("meta.json");
    let mut meta = std::fs::read_to_string(&meta_path).map_err(|e| Error::io(&meta_path, e))?;
    for (old, new) in &live {
        meta = meta.replace(&hyphenated(old), &hyphenated(new));
    }
    files.push(("meta.json".to_owned(), meta.into_bytes()));
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let name = entry
            .map_err(|e| Error::io(dir, e))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some((old, new)) = live.iter().find(|(old, _)| name.starts_with(old.as_str())) {
            let path = dir.join(&name);
            let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            files.push((name.replacen(old.as_str(), new, 1), data));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    put_str(&mut out, lang)?;
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in &files {
        put_str(&mut out, name)?;
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(data);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage() {
        assert!(open(b"").is_err());
        assert!(open(b"SALASRCH\x02\0\0\0").is_err());
        assert!(
            open(b"SALASRCH\x01\0\0\0\x02\0th\x01\0\0\0\x03\0abc\xff\xff\xff\xff\0\0\0\0").is_err()
        );
    }
}
