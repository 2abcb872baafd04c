//! Where rendered files go: one interface, [`Output`], and its three homes. A build
//! writes into a [`Staging`] folder that replaces the site only when every step
//! succeeded; `sala serve` rewrites its live folder in place ([`LiveFolder`]); `sala
//! check` renders to find template errors and keeps nothing ([`Discard`]).
//!
//! The steps that make files (render, index, offline) take an `&dyn Output` and never
//! learn which one it is, so none of them depends on the orchestrator above them.

pub mod fnv;
mod staging;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sala_core::diagnostics::{Bilingual, Diagnostic, Diagnostics};
pub use staging::Staging;

/// A destination for the files of one build or rebuild. Paths are relative to the
/// output root, with `/`. Shared across the render threads.
pub trait Output: Sync {
    /// Writes one file, creating its folders.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Where `rel` lands, for messages and for reading a written file back.
    fn path_of(&self, rel: &str) -> PathBuf;

    /// Every file written through this output so far, with its size and content hash,
    /// sorted by path.
    fn files(&self) -> Vec<(String, Written)>;

    /// The bytes of a file this output holds.
    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path_of(rel))
    }

    /// Whether an earlier generation stays in place under the new files: then whatever
    /// no job produces any more has to be removed ([`Output::remove`]). A staging folder
    /// sweeps what it was not given instead, and a discard sink holds nothing.
    fn updates_in_place(&self) -> bool {
        false
    }

    /// Removes a file or folder that no job produces any more (only where
    /// [`Output::updates_in_place`]).
    fn remove(&self, _rel: &str) {}

    /// Keeps `rel` as the previous generation left it, as if written again, when this
    /// run wrote `from` with the same bytes as then, `rel` is untouched since, and it has
    /// the size and starts with the bytes it would be made with now (`expect`): for a
    /// file made from `from` alone. False (nothing kept) where the output cannot tell.
    fn keep_derived(&self, _rel: &str, _from: &str, _expect: (u64, &[u8])) -> bool {
        false
    }
}

/// What an output remembers of a file it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub size: u64,
    /// [`content_hash`] of the bytes.
    pub hash: u64,
    /// Modification time in nanoseconds since the Unix epoch, as the file system
    /// reported it after the write (0 if unknown or never written to disk).
    pub mtime: u128,
}

/// The files given to an output that has no manifest of its own.
#[derive(Default)]
struct Ledger(Mutex<BTreeMap<String, Written>>);

impl Ledger {
    fn note(&self, rel: &str, bytes: &[u8], mtime: u128) {
        let facts = Written {
            size: bytes.len() as u64,
            hash: content_hash(bytes),
            mtime,
        };
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned(), facts);
    }

    fn files(&self) -> Vec<(String, Written)> {
        let files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.iter().map(|(f, w)| (f.clone(), *w)).collect()
    }
}

/// The folder `sala serve` serves, rewritten in place: a file whose bytes would not
/// change is left alone (so its time stays and nothing is flushed), and outputs of pages
/// that no longer exist are removed.
pub struct LiveFolder {
    root: PathBuf,
    ledger: Ledger,
}

impl LiveFolder {
    pub fn new(root: impl Into<PathBuf>) -> LiveFolder {
        LiveFolder {
            root: root.into(),
            ledger: Ledger::default(),
        }
    }
}

impl Output for LiveFolder {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if !std::fs::read(&path).is_ok_and(|old| old == bytes) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
        }
        let mtime = std::fs::metadata(&path).map_or(0, |m| mtime_of(&m));
        self.ledger.note(rel, bytes, mtime);
        Ok(())
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn files(&self) -> Vec<(String, Written)> {
        self.ledger.files()
    }

    fn updates_in_place(&self) -> bool {
        true
    }

    fn remove(&self, rel: &str) {
        let path = self.root.join(rel);
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Takes every file and keeps none: `sala check` renders the whole site only for the
/// errors that rendering finds.
#[derive(Default)]
pub struct Discard {
    ledger: Ledger,
}

impl Output for Discard {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.ledger.note(rel, bytes, 0);
        Ok(())
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        PathBuf::from(rel)
    }

    fn files(&self) -> Vec<(String, Written)> {
        self.ledger.files()
    }

    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{rel} was discarded"),
        ))
    }
}

pub(crate) fn mtime_of(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The seed of [`content_hash`]: FNV-1a's offset basis.
const FNV_OFFSET: u64 = fnv::Fnv1a::OFFSET_BASIS;

/// A fast 64-bit hash of file contents, eight bytes a step (FNV-1a is one byte a step,
/// too slow for a whole site's bytes): enough to notice any change between builds (it
/// is not a defence against anyone).
pub fn content_hash(bytes: &[u8]) -> u64 {
    /// The golden-ratio multiplier: spreads each word over all 64 bits.
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = FNV_OFFSET ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^ (h >> 32)
}

/// A file-system failure while writing the output; `what` is (English, Thai).
pub(crate) fn io_diag(path: &Path, what: (&str, &str), e: std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        path,
        Bilingual::new(format!("{}: {e}", what.0), format!("{}: {e}", what.1)),
    )])
}
