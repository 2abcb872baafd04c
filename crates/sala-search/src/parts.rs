//! The browser's split index: one language's tantivy index as a small entry file plus
//! content-named parts that a query fetches only when it reads them.
//!
//! Owns the format and both ends of it. [`pack`] (native) writes it from
//! `<index_dir>/<lang>/`; [`open`] (native and wasm) opens the entry as a read-only
//! tantivy [`Index`] whose parts ([`Split`]) start unloaded.
//!
//! - **The entry** holds the layout (each file's name, length and parts) and the *hot*
//!   bytes: every byte range tantivy reads to open the index and to score any query
//!   (footers, the term dictionaries, field norms, the fast fields the collector
//!   reads). Which ranges those are is not guessed: [`pack`]
//!   opens the index through a directory that records every read and runs the same
//!   warm-up the searcher runs ([`crate::search::LangIndex::warm`]).
//! - **The parts** are the rest of each file (postings, positions) cut into pieces of
//!   [`CHUNK_LEN`] bytes, each named by a hash of its bytes, so a host or the service
//!   worker can cache a part forever: a part whose bytes change gets a new name. A part
//!   wholly inside the hot bytes is not written at all.
//! - **The pages**: the stored text a hit shows, one part per document, numbered by
//!   its document id ([`StoreCut::Pages`]). tantivy's doc store stays out of the
//!   browser (an empty one stands in for it): finding a document in it takes its
//!   skip index and the length of every part, which at 50,000 items were a third of
//!   the entry, while a page's place needs nothing but its number.
//!
//! - **The twins**, for file://, where a page may load scripts but not fetch: each
//!   [`TWIN_PARTS`] consecutive parts of a file are one classic script that files them
//!   by name. From a disk, bytes cost little and files cost more, so the twins are few
//!   and large while the parts are many and small.
//!
//! A read of bytes that are neither hot nor in a loaded part fails with an I/O error and
//! the part is recorded as missing ([`Split::take_missing`]); the searcher turns that
//! into "fetch these parts, then ask again" (see [`crate::search::Answer`]).
//!
//! Entry format (integers little-endian, strings as `u16` length + UTF-8):
//!
//! ```text
//! b"SALAPART" u32:version(=5) str:lang u32:chunk_len u32:twin_parts u32:file_count
//! file_count × ( str:name u64:len
//!                u32:hot_count  hot_count × ( u64:start u32:len bytes )
//!                u32:part_count u8:cut (0: every chunk_len bytes;
//!                                       1: part_count × LEB128 part length;
//!                                       2: no parts, only the hot bytes, part_count 0)
//!                u32:group_count group_count × [u8; 8]:hash (all zero: all hot) )
//! u32:page_count u32:group_count group_count × [u8; 8]:hash
//! ```
//!
//! Each [`TWIN_PARTS`] consecutive parts of a file (or pages) are a group with one hash:
//! 8 bytes of the XXH3-128 of its file's name (or `pages`) and the group's places,
//! lengths and bytes. Part `p` of file `f` (both
//! counted from 0 in the entry's order) is named `<lang>/<f>-<p>-<first 5 bytes of
//! its group's hash as hex>`, page `d` `<lang>/p<d>-<the same>`, and a group's twin
//! `<lang>/t<its hash as 16 hex digits>`. The place makes a name unique, so the hash
//! only has to change when the bytes do (a changed group keeps its hash once in 2^40);
//! one hash per group rather than per part keeps the entry small (see `docs/search.md`).
//!
//! A page part is one document's stored fields, lz4-compressed (`lz4_flex`'s block
//! format with the length first): LEB128 field count, then per field LEB128 field id,
//! a tag byte (0: text, 1: bytes) and LEB128 length + bytes.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{HasLen, Index};

use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"SALAPART";
const VERSION: u32 = 5;

/// Bytes per part. Measured at 4, 8, 16 and 64 KiB on the 10,000-item corpus (see
/// `docs/search.md`): smaller parts waste fewer bytes around each posting list and
/// each stored document a query reads, at the cost of more files.
pub const CHUNK_LEN: u32 = 4 * 1024;

/// Parts per file:// twin script (64 KiB of parts, 85 KiB of script).
pub const TWIN_PARTS: usize = 16;

/// Bytes of a group's hash in a part's name (see the format above).
const PART_HASH: usize = 5;

/// A twin's hash when all its parts are hot.
const NO_TWIN: [u8; 8] = [0; 8];

/// One file of the index as the entry describes it.
struct FileLayout {
    name: String,
    len: usize,
    /// Hot ranges, sorted by start, not overlapping.
    hot: Vec<(usize, OwnedBytes)>,
    /// Where each part starts: 0 first, then rising, all below `len`.
    starts: Vec<usize>,
    /// The name of each part, `None` where the part is hot.
    parts: Vec<Option<String>>,
    /// The name of the twin of each [`TWIN_PARTS`] parts, `None` where all are hot.
    twins: Vec<Option<String>>,
}

/// What the entry says: the files and where their bytes are.
struct Layout {
    /// Parts per twin.
    twin_parts: usize,
    files: Vec<FileLayout>,
    lang: String,
    /// The hash of each [`TWIN_PARTS`] pages; empty when the doc store is in parts.
    page_groups: Vec<[u8; 8]>,
    page_count: usize,
}

impl Layout {
    /// The part name of page `doc`, if there is one.
    fn page(&self, doc: usize) -> Option<String> {
        let hash = self.page_groups.get(doc / self.twin_parts)?;
        (doc < self.page_count).then(|| page_name(&self.lang, doc, hash))
    }
}

/// The parts loaded so far, and the ones a read wanted but did not find.
#[derive(Default)]
struct PartStore {
    inner: Mutex<Loaded>,
}

#[derive(Default)]
struct Loaded {
    parts: HashMap<String, OwnedBytes>,
    missing: BTreeSet<String>,
}

impl PartStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Loaded> {
        // A panic while holding the lock cannot leave the maps half-written.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a part's bytes under its name.
    fn put(&self, name: &str, bytes: Vec<u8>) {
        let mut loaded = self.lock();
        loaded.missing.remove(name);
        loaded.parts.insert(name.to_owned(), OwnedBytes::new(bytes));
    }

    /// Number of parts loaded and their total bytes.
    fn loaded(&self) -> (usize, usize) {
        let loaded = self.lock();
        (
            loaded.parts.len(),
            loaded.parts.values().map(|b| b.len()).sum(),
        )
    }

    /// The parts that reads wanted since the last call, sorted; clears the list.
    fn take_missing(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().missing)
            .into_iter()
            .collect()
    }

    fn get(&self, name: &str) -> Option<OwnedBytes> {
        let mut loaded = self.lock();
        match loaded.parts.get(name) {
            Some(b) => Some(b.clone()),
            None => {
                loaded.missing.insert(name.to_owned());
                None
            }
        }
    }
}

/// The error a read of a part not yet loaded gives.
fn not_loaded() -> io::Error {
    io::Error::other("search part not loaded yet")
}

#[derive(Clone)]
struct LazyFile {
    layout: Arc<Layout>,
    file: usize,
    store: Arc<PartStore>,
}

impl fmt::Debug for LazyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LazyFile({})", self.layout.files[self.file].name)
    }
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.layout.files[self.file].len
    }
}

impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let file = &self.layout.files[self.file];
        if range.start >= range.end {
            return Ok(OwnedBytes::empty());
        }
        if range.end > file.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{}: read past the end", file.name),
            ));
        }
        // The last hot range starting at or before the read.
        let at = file.hot.partition_point(|(start, _)| *start <= range.start);
        if let Some((start, bytes)) = at.checked_sub(1).map(|i| &file.hot[i]) {
            if range.end <= start + bytes.len() {
                return Ok(bytes.slice(range.start - start..range.end - start));
            }
        }
        if file.starts.is_empty() {
            return Err(io::Error::other(format!(
                "{}: bytes {range:?} are not in the browser's index",
                file.name
            )));
        }
        // The parts holding the first and the last byte read.
        let part_of = |at: usize| file.starts.partition_point(|s| *s <= at) - 1;
        let (first, last) = (part_of(range.start), part_of(range.end - 1));
        let mut pieces = Vec::with_capacity(last - first + 1);
        let mut complete = true;
        for i in first..=last {
            let span = file.starts[i]..file.starts.get(i + 1).copied().unwrap_or(file.len);
            let bytes = match &file.parts[i] {
                Some(name) => self.store.get(name),
                // A part wholly inside a hot range is never written: cut it from there.
                None => file
                    .hot
                    .iter()
                    .find(|(s, b)| *s <= span.start && span.end <= s + b.len())
                    .map(|(s, b)| b.slice(span.start - s..span.end - s)),
            };
            match bytes {
                Some(bytes) => pieces.push(bytes),
                None if file.parts[i].is_none() => {
                    return Err(io::Error::other(format!(
                        "{}: bytes {range:?} are neither hot nor in a part",
                        file.name
                    )))
                }
                None => complete = false,
            }
        }
        if !complete {
            return Err(not_loaded());
        }
        let from = range.start - file.starts[first];
        if let [one] = pieces.as_slice() {
            return Ok(one.slice(from..from + range.len()));
        }
        let mut joined = Vec::with_capacity(range.len());
        for p in &pieces {
            joined.extend_from_slice(p.as_slice());
        }
        Ok(OwnedBytes::new(joined).slice(from..from + range.len()))
    }
}

/// A read-only tantivy directory over an entry's hot bytes and the loaded parts.
#[derive(Clone)]
struct LazyDirectory {
    layout: Arc<Layout>,
    store: Arc<PartStore>,
}

impl fmt::Debug for LazyDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LazyDirectory")
    }
}

impl LazyDirectory {
    fn file(&self, path: &Path) -> Option<usize> {
        let name = path.to_str()?;
        self.layout.files.iter().position(|f| f.name == name)
    }
    fn read_only(path: &Path) -> io::Error {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{}: the browser index is read-only", path.display()),
        )
    }
}

impl Directory for LazyDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = self
            .file(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_owned()))?;
        Ok(Arc::new(LazyFile {
            layout: self.layout.clone(),
            file,
            store: self.store.clone(),
        }))
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(Self::read_only(path)),
            filepath: path.to_owned(),
        })
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        Ok(self.file(path).is_some())
    }

    fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(Self::read_only(path)),
            filepath: path.to_owned(),
        })
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        handle
            .read_bytes(0..handle.len())
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_owned(),
            })
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(Self::read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing writes this index, so readers need no lock.
    fn acquire_lock(&self, _lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// Reads the entry's and the pages' fields off the front of their bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }
    /// True once every byte has been read.
    pub(crate) fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| Error::Bundle("truncated".into()))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn usize64(&mut self) -> Result<usize> {
        usize::try_from(u64::from_le_bytes(self.array()?))
            .map_err(|_| Error::Bundle("file too large".into()))
    }
    pub(crate) fn leb128(&mut self) -> Result<usize> {
        let mut value = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let [b] = self.array::<1>()?;
            value |= usize::from(b & 0x7f)
                .checked_shl(shift)
                .filter(|v| v >> shift == usize::from(b & 0x7f))
                .ok_or_else(|| Error::Bundle("number too large".into()))?;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Error::Bundle("number too large".into()))
    }
    fn str(&mut self) -> Result<&'a str> {
        let n = u16::from_le_bytes(self.array()?) as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| Error::Bundle("name is not UTF-8".into()))
    }
}

/// Appends `n` as LEB128 (seven bits a byte, low first), as the entry and the pages
/// write their lengths.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn put_leb128(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The name of a part of the group with this hash.
fn part_name(lang: &str, file: usize, part: usize, hash: &[u8; 8]) -> String {
    named(format!("{lang}/{file}-{part}-"), &hash[..PART_HASH])
}

/// The name of page `doc` of the group with this hash.
fn page_name(lang: &str, doc: usize, hash: &[u8; 8]) -> String {
    named(format!("{lang}/p{doc}-"), &hash[..PART_HASH])
}

/// The name of the twin script with this hash.
fn twin_name(lang: &str, hash: &[u8; 8]) -> String {
    named(format!("{lang}/t"), hash)
}

fn named(mut name: String, hash: &[u8]) -> String {
    for b in hash {
        name.push_str(&format!("{b:02x}"));
    }
    name
}

/// The parts of one opened entry: which exist, which are loaded, which reads missed.
#[derive(Clone)]
pub struct Split {
    layout: Arc<Layout>,
    store: Arc<PartStore>,
}

impl Split {
    /// Adds a part's bytes under its name.
    pub fn put(&self, name: &str, bytes: Vec<u8>) {
        self.store.put(name, bytes)
    }

    /// Number of parts loaded and their total bytes.
    pub fn loaded(&self) -> (usize, usize) {
        self.store.loaded()
    }

    /// The parts that reads wanted since the last call, sorted; clears the list.
    pub fn take_missing(&self) -> Vec<String> {
        self.store.take_missing()
    }

    /// The twin script (for file://) that holds the part `name`.
    pub fn twin_of(&self, name: &str) -> Option<String> {
        let layout = &self.layout;
        let page = name
            .strip_prefix(layout.lang.as_str())
            .and_then(|n| n.strip_prefix("/p"))
            .and_then(|n| n.split_once('-'))
            .and_then(|(doc, _)| doc.parse::<usize>().ok());
        if let Some(doc) = page {
            return (layout.page(doc)? == name)
                .then(|| twin_name(&layout.lang, &layout.page_groups[doc / layout.twin_parts]));
        }
        layout.files.iter().find_map(|f| {
            let i = f.parts.iter().position(|p| p.as_deref() == Some(name))?;
            f.twins[i / layout.twin_parts].clone()
        })
    }

    /// True if the stored text is in pages ([`Split::page`]) rather than the doc store.
    pub fn has_pages(&self) -> bool {
        !self.layout.page_groups.is_empty()
    }

    /// The stored fields of document `doc` (lz4, see the format above), or None
    /// (recorded as missing) if its page is not loaded yet.
    pub fn page(&self, doc: usize) -> Option<OwnedBytes> {
        self.store.get(&self.layout.page(doc)?)
    }
}

/// Opens an entry made by [`pack`]: its language, the index (reading only hot bytes
/// until parts are added), and its parts.
pub fn open(entry: &[u8]) -> Result<(String, Index, Split)> {
    let mut r = Reader::new(entry);
    if r.take(8)? != MAGIC {
        return Err(Error::Bundle("not a Sala search entry".into()));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(Error::Bundle(format!("unsupported version {version}")));
    }
    let lang = r.str()?.to_owned();
    if lang.is_empty() || lang.contains(['/', '\\', '.']) {
        return Err(Error::Bundle(format!("bad language {lang:?}")));
    }
    let chunk_len = r.u32()? as usize;
    let twin_parts = r.u32()? as usize;
    if chunk_len == 0 || twin_parts == 0 {
        return Err(Error::Bundle("parts of zero bytes".into()));
    }
    let mut files = Vec::new();
    for f in 0..r.u32()? as usize {
        let name = r.str()?.to_owned();
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(Error::Bundle(format!("bad file name {name:?}")));
        }
        let len = r.usize64()?;
        let mut hot: Vec<(usize, OwnedBytes)> = Vec::new();
        for _ in 0..r.u32()? {
            let start = r.usize64()?;
            let n = r.u32()? as usize;
            let in_order = hot.last().is_none_or(|(s, b)| s + b.len() <= start);
            if !in_order || start.checked_add(n).is_none_or(|end| end > len) {
                return Err(Error::Bundle(format!("{name}: bad hot range")));
            }
            hot.push((start, OwnedBytes::new(r.take(n)?.to_vec())));
        }
        let count = r.u32()? as usize;
        let starts: Vec<usize> = match r.take(1)? {
            [0] if count == len.div_ceil(chunk_len) => (0..count).map(|p| p * chunk_len).collect(),
            [0] => return Err(Error::Bundle(format!("{name}: wrong number of parts"))),
            [1] => {
                let mut starts = Vec::with_capacity(count.min(len));
                let mut at = 0usize;
                for _ in 0..count {
                    starts.push(at);
                    at = at
                        .checked_add(r.leb128()?)
                        .ok_or_else(|| Error::Bundle(format!("{name}: bad part length")))?;
                }
                if at != len || starts.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::Bundle(format!(
                        "{name}: parts do not cover the file"
                    )));
                }
                starts
            }
            [2] if count == 0 => Vec::new(),
            _ => return Err(Error::Bundle(format!("{name}: unknown cut"))),
        };
        if (!starts.is_empty() && len == 0) || starts.last().is_some_and(|s| *s >= len) {
            return Err(Error::Bundle(format!("{name}: wrong number of parts")));
        }
        let groups = r.u32()? as usize;
        if groups != count.div_ceil(twin_parts) {
            return Err(Error::Bundle(format!("{name}: wrong number of groups")));
        }
        let mut parts = Vec::with_capacity(count);
        let mut twins = Vec::with_capacity(groups);
        for g in 0..groups {
            let hash: [u8; 8] = r.array()?;
            let held = g * twin_parts..((g + 1) * twin_parts).min(count);
            let mut any = false;
            for p in held {
                let span = starts[p]..starts.get(p + 1).copied().unwrap_or(len);
                let hot = hot
                    .iter()
                    .any(|(s, b)| *s <= span.start && span.end <= s + b.len());
                if hot {
                    parts.push(None);
                } else if hash == NO_TWIN {
                    return Err(Error::Bundle(format!("{name}: part {p} has no name")));
                } else {
                    parts.push(Some(part_name(&lang, f, p, &hash)));
                    any = true;
                }
            }
            twins.push(any.then(|| twin_name(&lang, &hash)));
        }
        files.push(FileLayout {
            name,
            len,
            hot,
            starts,
            parts,
            twins,
        });
    }
    let page_count = r.u32()? as usize;
    let groups = r.u32()? as usize;
    if groups != page_count.div_ceil(twin_parts) {
        return Err(Error::Bundle("pages: wrong number of groups".into()));
    }
    let page_groups = (0..groups)
        .map(|_| r.array())
        .collect::<Result<Vec<[u8; 8]>>>()?;
    if !r.is_done() {
        return Err(Error::Bundle("trailing bytes".into()));
    }
    let split = Split {
        layout: Arc::new(Layout {
            twin_parts,
            files,
            lang: lang.clone(),
            page_groups,
            page_count,
        }),
        store: Arc::new(PartStore::default()),
    };
    let dir = LazyDirectory {
        layout: split.layout.clone(),
        store: split.store.clone(),
    };
    Ok((lang, Index::open(dir)?, split))
}

/// One language's index as the browser gets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Packed {
    /// Its language.
    pub lang: String,
    /// The entry file: layout and hot bytes.
    pub entry: Vec<u8>,
    /// The parts, `(name, bytes)`, sorted by name, each once.
    pub parts: Vec<(String, Vec<u8>)>,
    /// The file:// twins, `(name, the parts it holds)`, sorted by name, each once.
    pub twins: Vec<(String, Vec<String>)>,
    /// For each part, the index file it is cut from (`….idx`, `….store`), for reports.
    pub sources: HashMap<String, String>,
    /// For each index file, how many of its bytes are hot (in the entry), for reports.
    pub hot_bytes: Vec<(String, usize)>,
}

#[cfg(not(target_arch = "wasm32"))]
pub use pack_side::{pack, pack_with};

/// Where the doc store (`….store`, the stored text) is cut into parts.
///
/// A query reads the stored text of the hits it shows, one doc-store block each. Cut
/// every [`CHUNK_LEN`] bytes, a block mostly straddles two parts. Measured on the
/// 10,000-item corpus (see `docs/search.md`, "Why this layout").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreCut {
    /// Every `chunk_len` bytes, like the other files.
    Even,
    /// Between blocks: consecutive whole blocks up to `chunk_len` bytes, or one larger
    /// block alone.
    Blocks,
    /// Not cut: each document's stored fields are a part of their own, a page, found
    /// by its number; the doc store's index is not needed.
    Pages,
}

#[cfg(not(target_arch = "wasm32"))]
mod pack_side {
    use std::path::PathBuf;

    use super::*;
    use tantivy::directory::RamDirectory;

    /// Records the byte ranges read through it, per file.
    #[derive(Clone, Debug)]
    struct Recording {
        inner: RamDirectory,
        reads: Arc<Mutex<HashMap<PathBuf, Vec<Range<usize>>>>>,
    }

    #[derive(Debug)]
    struct RecordingFile {
        inner: Arc<dyn FileHandle>,
        path: PathBuf,
        reads: Arc<Mutex<HashMap<PathBuf, Vec<Range<usize>>>>>,
    }

    impl HasLen for RecordingFile {
        fn len(&self) -> usize {
            self.inner.len()
        }
    }

    impl FileHandle for RecordingFile {
        fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
            if range.start < range.end {
                let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
                reads
                    .entry(self.path.clone())
                    .or_default()
                    .push(range.clone());
            }
            self.inner.read_bytes(range)
        }
    }

    impl Directory for Recording {
        fn get_file_handle(
            &self,
            path: &Path,
        ) -> std::result::Result<Arc<dyn FileHandle>, OpenReadError> {
            Ok(Arc::new(RecordingFile {
                inner: self.inner.get_file_handle(path)?,
                path: path.to_owned(),
                reads: self.reads.clone(),
            }))
        }
        fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
            self.inner.delete(path)
        }
        fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
            self.inner.exists(path)
        }
        fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
            self.inner.open_write(path)
        }
        fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
            let bytes = self.inner.atomic_read(path)?;
            let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
            reads
                .entry(path.to_owned())
                .or_default()
                .push(0..bytes.len());
            Ok(bytes)
        }
        fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
            self.inner.atomic_write(path, data)
        }
        fn sync_directory(&self) -> io::Result<()> {
            self.inner.sync_directory()
        }
        fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.inner.watch(callback)
        }
    }

    /// Sorts and joins ranges that overlap or touch.
    fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in ranges {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }

    /// [`pack_with`] at [`CHUNK_LEN`], the stored text in pages.
    pub fn pack(index_dir: &Path, lang: &str) -> Result<Packed> {
        pack_with(index_dir, lang, CHUNK_LEN, StoreCut::Pages)
    }

    /// Splits `<index_dir>/<lang>/` (merged into one segment first, in a scratch copy,
    /// if it has several) into an entry and parts of `chunk_len` bytes, the doc store
    /// cut as `store` says. The index on disk is not modified. The same documents in
    /// the same order give the same bytes.
    pub fn pack_with(
        index_dir: &Path,
        lang: &str,
        chunk_len: u32,
        store: StoreCut,
    ) -> Result<Packed> {
        if chunk_len == 0 {
            return Err(Error::Bundle("parts of zero bytes".into()));
        }
        let mut files = segment_files(index_dir, lang)?;
        let ram = RamDirectory::create();
        for (name, data) in &files {
            ram.atomic_write(Path::new(name), data)
                .map_err(|e| Error::io(name, e))?;
        }
        let recording = Recording {
            inner: ram,
            reads: Arc::default(),
        };
        let take_reads =
            || std::mem::take(&mut *recording.reads.lock().unwrap_or_else(|e| e.into_inner()));
        let index = Index::open(recording.clone())?;
        crate::search::LangIndex::new(lang, index.clone())?.warm()?;
        let reader = index.reader()?;
        if store != StoreCut::Pages {
            // Finding a document in the doc store starts from its skip index.
            for seg in reader.searcher().segment_readers() {
                seg.get_store_reader(0)
                    .map_err(|e| Error::io("doc store", e))?;
            }
        }
        let reads = take_reads();
        // Every document read once through a store without a cache: one read per block.
        let blocks = if store != StoreCut::Blocks {
            HashMap::new()
        } else {
            for seg in reader.searcher().segment_readers() {
                let docs = seg
                    .get_store_reader(0)
                    .map_err(|e| Error::io("doc store", e))?;
                for doc in 0..seg.max_doc() {
                    docs.get_document_bytes(doc)?;
                }
            }
            take_reads()
        };
        let pages = match store {
            StoreCut::Pages => crate::search::stored_pages(&reader.searcher())?,
            _ => Vec::new(),
        };
        drop(reader);
        drop(index);
        if store == StoreCut::Pages {
            for (name, data) in &mut files {
                if name.ends_with(".store") {
                    *data = empty_store()?;
                }
            }
        }
        let chunk = chunk_len as usize;
        let mut entry = Vec::new();
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&VERSION.to_le_bytes());
        put_str(&mut entry, lang)?;
        entry.extend_from_slice(&chunk_len.to_le_bytes());
        entry.extend_from_slice(&(TWIN_PARTS as u32).to_le_bytes());
        entry.extend_from_slice(&(files.len() as u32).to_le_bytes());
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let mut twins: Vec<(String, Vec<String>)> = Vec::new();
        let mut sources = HashMap::new();
        let mut hot_bytes = Vec::new();
        for (f, (name, data)) in files.iter().enumerate() {
            put_str(&mut entry, name)?;
            entry.extend_from_slice(&(data.len() as u64).to_le_bytes());
            let is_store = name.ends_with(".store");
            // With pages, the doc store is an empty one, all hot, and has no parts.
            let store_in_pages = is_store && store == StoreCut::Pages;
            let hot = if store_in_pages {
                std::iter::once(0..data.len()).collect()
            } else {
                merged(reads.get(Path::new(name)).cloned().unwrap_or_default())
            };
            entry.extend_from_slice(&(hot.len() as u32).to_le_bytes());
            hot_bytes.push((name.clone(), hot.iter().map(|r| r.len()).sum()));
            for r in &hot {
                entry.extend_from_slice(&(r.start as u64).to_le_bytes());
                let n = u32::try_from(r.len())
                    .map_err(|_| Error::Bundle(format!("{name}: hot range too long")))?;
                entry.extend_from_slice(&n.to_le_bytes());
                entry.extend_from_slice(&data[r.clone()]);
            }
            if store_in_pages {
                entry.extend_from_slice(&0u32.to_le_bytes());
                entry.push(2);
                entry.extend_from_slice(&0u32.to_le_bytes());
                continue;
            }
            let file_blocks = blocks.get(Path::new(name));
            let starts = match file_blocks {
                Some(b) if is_store => between_blocks(data.len(), chunk, b),
                _ => (0..data.len()).step_by(chunk).collect(),
            };
            entry.extend_from_slice(&(starts.len() as u32).to_le_bytes());
            let even = starts.iter().enumerate().all(|(i, s)| *s == i * chunk);
            if even {
                entry.push(0);
            } else {
                entry.push(1);
                for (i, s) in starts.iter().enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(data.len());
                    put_leb128(&mut entry, end - s);
                }
            }
            let spans: Vec<Range<usize>> = starts
                .iter()
                .enumerate()
                .map(|(i, &start)| start..starts.get(i + 1).copied().unwrap_or(data.len()))
                .collect();
            let hot_part = |span: &Range<usize>| {
                hot.iter()
                    .any(|r| r.start <= span.start && span.end <= r.end)
            };
            entry.extend_from_slice(&(spans.len().div_ceil(TWIN_PARTS) as u32).to_le_bytes());
            for (g, group) in spans.chunks(TWIN_PARTS).enumerate() {
                let written: Vec<(usize, &Range<usize>)> = group
                    .iter()
                    .enumerate()
                    .map(|(i, span)| (g * TWIN_PARTS + i, span))
                    .filter(|(_, span)| !hot_part(span))
                    .collect();
                if written.is_empty() {
                    entry.extend_from_slice(&NO_TWIN);
                    continue;
                }
                // One hash for the group, over its parts' places and bytes: the parts'
                // names and their twin's change when any of them does.
                let hash = group_hash(
                    name.as_bytes(),
                    written.iter().map(|(p, span)| (*p, &data[(*span).clone()])),
                );
                entry.extend_from_slice(&hash);
                let mut held = Vec::with_capacity(written.len());
                for (p, span) in written {
                    let part = part_name(lang, f, p, &hash);
                    sources.insert(part.clone(), name.clone());
                    parts.push((part.clone(), data[span.clone()].to_vec()));
                    held.push(part);
                }
                twins.push((twin_name(lang, &hash), held));
            }
        }
        entry.extend_from_slice(&(pages.len() as u32).to_le_bytes());
        entry.extend_from_slice(&(pages.len().div_ceil(TWIN_PARTS) as u32).to_le_bytes());
        let mut pages = pages.into_iter().enumerate().peekable();
        while pages.peek().is_some() {
            let group: Vec<(usize, Vec<u8>)> = pages.by_ref().take(TWIN_PARTS).collect();
            let hash = group_hash(b"pages", group.iter().map(|(d, p)| (*d, p.as_slice())));
            entry.extend_from_slice(&hash);
            let mut held = Vec::with_capacity(group.len());
            for (doc, page) in group {
                let part = page_name(lang, doc, &hash);
                sources.insert(part.clone(), "pages".to_owned());
                parts.push((part.clone(), page));
                held.push(part);
            }
            twins.push((twin_name(lang, &hash), held));
        }
        parts.sort();
        parts.dedup_by(|a, b| a.0 == b.0);
        twins.sort();
        twins.dedup_by(|a, b| a.0 == b.0);
        Ok(Packed {
            lang: lang.to_owned(),
            entry,
            parts,
            twins,
            sources,
            hot_bytes,
        })
    }

    /// The files of `<index_dir>/<lang>/` a reader needs (`meta.json` and the live
    /// segment's files; no lock files, no `.managed.json`), merged into one segment in
    /// a scratch copy if there are several, sorted by name.
    fn segment_files(index_dir: &Path, lang: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let src = index_dir.join(lang);
        if !src.join("meta.json").is_file() {
            return Err(Error::NoLanguage(
                lang.into(),
                index_dir.display().to_string(),
            ));
        }
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
        // Segment ids are random. The parts name segments by their place instead, so the
        // same documents in the same order pack to the same bytes: a rebuild of
        // unchanged content leaves every part's name, and readers' caches, valid.
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
        Ok(files)
    }

    /// A doc store with no documents, which stands in for the index's own in the
    /// browser when the stored text is in pages: tantivy opens every segment's doc
    /// store (its footer and skip index, 31 KB at 10,000 items) whenever it makes a
    /// searcher, but with pages nothing reads a document from it.
    fn empty_store() -> Result<Vec<u8>> {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        let path = Path::new("empty.store");
        let fail = |e: &dyn fmt::Display| Error::Bundle(format!("an empty doc store: {e}"));
        let writer = index.directory().open_write(path).map_err(|e| fail(&e))?;
        tantivy::store::StoreWriter::new(writer, tantivy::store::Compressor::Lz4, 4096, false)
            .and_then(|w| w.close())
            .map_err(|e| fail(&e))?;
        index.directory().atomic_read(path).map_err(|e| fail(&e))
    }

    /// A group's hash: the first eight bytes of the XXH3-128 of `tag` and each part's
    /// place, length and bytes, never all zero (that means "hot"). The names only have
    /// to change when bytes do, so a fast hash will do: SHA-256 took about a tenth of
    /// a second per language at 10,000 items, over 40 MB of parts.
    fn group_hash<'a>(tag: &[u8], parts: impl Iterator<Item = (usize, &'a [u8])>) -> [u8; 8] {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(tag);
        for (place, bytes) in parts {
            h.update(&(place as u64).to_le_bytes());
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        let mut hash: [u8; 8] = h.digest128().to_le_bytes()[..8]
            .try_into()
            .expect("8 bytes");
        if hash == NO_TWIN {
            hash[7] = 1;
        }
        hash
    }

    /// Where the parts of a file of `len` bytes start when they are cut between the
    /// `blocks` read from it: runs of whole blocks up to `chunk` bytes (a larger block
    /// alone), and every `chunk` bytes where no block was read (the store's index).
    fn between_blocks(len: usize, chunk: usize, blocks: &[Range<usize>]) -> Vec<usize> {
        let mut blocks: Vec<Range<usize>> = blocks
            .iter()
            .filter(|b| b.start < b.end && b.end <= len)
            .cloned()
            .collect();
        blocks.sort_by_key(|b| (b.start, b.end));
        let mut starts = Vec::new();
        // Bytes before `at` have a part; `run` is where the open run of blocks starts.
        let (mut at, mut run) = (0, None);
        for b in blocks {
            if b.start < at {
                continue;
            }
            if b.start > at {
                starts.extend((at..b.start).step_by(chunk));
                run = None;
            }
            match run {
                Some(s) if b.end - s <= chunk => {}
                _ => {
                    starts.push(b.start);
                    run = Some(b.start);
                }
            }
            at = b.end;
        }
        starts.extend((at..len).step_by(chunk));
        starts
    }

    fn put_str(out: &mut Vec<u8>, s: &str) -> Result<()> {
        let n = u16::try_from(s.len()).map_err(|_| Error::Bundle(format!("name too long: {s}")))?;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cuts_between_blocks() {
            // Blocks of 1, 2, 2, 5 and 1 bytes, then 7 bytes no block covers.
            let blocks = [1..3, 0..1, 3..5, 5..10, 10..11];
            assert_eq!(between_blocks(18, 4, &blocks), vec![0, 3, 5, 10, 11, 15]);
            // A gap before the first block is cut evenly too.
            assert_eq!(between_blocks(12, 4, &[6..8, 8..9]), vec![0, 4, 6, 9]);
            assert_eq!(between_blocks(8, 4, &[]), vec![0, 4]);
            assert_eq!(between_blocks(0, 4, &[]), Vec::<usize>::new());
        }

        #[test]
        fn merges_touching_and_overlapping_ranges() {
            assert_eq!(merged(vec![5..9, 0..2, 2..3, 8..12]), vec![0..3, 5..12]);
            assert_eq!(merged(vec![]), Vec::<Range<usize>>::new());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage() {
        assert!(open(b"").is_err());
        assert!(open(b"SALAPART\x02\0\0\0").is_err());
        assert!(open(b"SALAPART\x01\0\0\0\x02\0th\0\0\0\0\x10\0\0\0\0\0\0\0").is_err());
    }

    #[test]
    fn reads_join_parts_and_record_what_is_missing() {
        let store = Arc::new(PartStore::default());
        let layout = Arc::new(Layout {
            twin_parts: 16,
            files: vec![FileLayout {
                name: "f".into(),
                len: 10,
                hot: vec![(8, OwnedBytes::new(vec![8, 9]))],
                starts: vec![0, 4, 8],
                parts: vec![Some("t/a".into()), Some("t/b".into()), None],
                twins: vec![Some("t/tc".into())],
            }],
            lang: "t".into(),
            page_groups: vec![[7; 8]],
            page_count: 3,
        });
        let file = LazyFile {
            layout,
            file: 0,
            store: store.clone(),
        };
        assert_eq!(file.read_bytes(8..10).unwrap().as_slice(), &[8, 9]);
        assert!(file.read_bytes(2..6).is_err());
        assert_eq!(store.take_missing(), vec!["t/a", "t/b"]);
        store.put("t/a", vec![0, 1, 2, 3]);
        assert_eq!(file.read_bytes(1..3).unwrap().as_slice(), &[1, 2]);
        assert!(file.read_bytes(2..6).is_err());
        assert_eq!(store.take_missing(), vec!["t/b"]);
        store.put("t/b", vec![4, 5, 6, 7]);
        assert_eq!(file.read_bytes(2..6).unwrap().as_slice(), &[2, 3, 4, 5]);
        assert!(store.take_missing().is_empty());
        // A read across a part and a hot-only part takes the hot bytes.
        assert_eq!(file.read_bytes(7..10).unwrap().as_slice(), &[7, 8, 9]);
    }

    #[test]
    fn pages_are_named_by_number_and_group() {
        let split = Split {
            layout: Arc::new(Layout {
                twin_parts: 2,
                files: Vec::new(),
                lang: "th".into(),
                page_groups: vec![[1; 8], [2; 8]],
                page_count: 3,
            }),
            store: Arc::default(),
        };
        assert!(split.has_pages());
        assert!(split.page(1).is_none());
        assert!(split.page(3).is_none(), "past the last page");
        assert_eq!(split.take_missing(), vec!["th/p1-0101010101"]);
        split.put("th/p2-0202020202", vec![5]);
        assert_eq!(split.page(2).unwrap().as_slice(), &[5]);
        assert_eq!(
            split.twin_of("th/p2-0202020202").as_deref(),
            Some("th/t0202020202020202")
        );
        // A name of the right shape with the wrong hash is no page of this entry.
        assert_eq!(split.twin_of("th/p2-0101010101"), None);
        assert_eq!(split.twin_of("th/p9-0101010101"), None);
    }
}
