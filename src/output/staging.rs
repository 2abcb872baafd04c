//! The output of a full build: a folder beside the target, swapped in by
//! [`Staging::commit`] only when every step succeeded, with a manifest per generation
//! so that the next build can tell an unchanged file by one `stat`.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{content_hash, io_diag, mtime_of, Output, Written};
use sala_core::diagnostics::Diagnostics;

/// Bytes read at a time when comparing a file on disk with new output.
const COMPARE_CHUNK: usize = 64 * 1024;

/// Whether the file at `path` (whose `symlink_metadata` is `meta`) already holds
/// exactly `bytes`.
///
/// The staging folder is an earlier generation of the output, and most of a rebuild
/// writes what is already there. Reading and comparing is far cheaper than writing: on
/// ext4 in this VM a 50,000-item build spent more time in the kernel writing (and
/// flushing) 2.3 GB than in rendering it (66 s against 20 s into tmpfs). Unchanged files
/// also keep their modification times, so `rsync` and USB copies skip them.
fn same_file_content(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> bool {
    use std::io::Read;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; COMPARE_CHUNK];
    let mut at = 0;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return at == bytes.len(),
            Ok(n) => {
                if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
                    return false;
                }
                at += n;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// The files of one output generation: `size hash mtime path` per line. Kept beside
/// the output (never in it), so the next build that reuses this generation's folder
/// can tell an unchanged file by one `stat` instead of reading it back.
fn read_manifest(path: &Path) -> HashMap<PathBuf, Written> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(4, ' ');
        let parsed = (|| {
            let size = parts.next()?.parse().ok()?;
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let mtime = parts.next()?.parse().ok()?;
            let rel = parts.next()?;
            Some((PathBuf::from(rel), Written { size, hash, mtime }))
        })();
        match parsed {
            Some((rel, w)) => {
                out.insert(rel, w);
            }
            // A damaged manifest is no manifest: files are then compared by content.
            None => return HashMap::new(),
        }
    }
    out
}

fn write_manifest(path: &Path, files: &[(String, Written)]) -> std::io::Result<()> {
    let mut text = String::with_capacity(files.len() * 64);
    for (rel, w) in files {
        if rel.contains('\n') {
            continue;
        }
        text.push_str(&format!("{} {:016x} {} {rel}\n", w.size, w.hash, w.mtime));
    }
    std::fs::write(path, text)
}

/// Whether the file `meta` describes is the one `known` recorded and untouched since:
/// same size and a known, equal modification time (any later edit changes the time).
fn untouched(meta: &std::fs::Metadata, known: &Written) -> bool {
    meta.is_file() && meta.len() == known.size && known.mtime != 0 && mtime_of(meta) == known.mtime
}

/// Whether the file at `path` starts with `head`.
fn starts_with(path: &Path, head: &[u8]) -> bool {
    use std::io::Read;
    let mut buf = vec![0u8; head.len()];
    std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut buf).is_ok() && buf == head)
}

/// The next output, built beside the live one and swapped in by [`Staging::commit`];
/// removed if dropped first.
///
/// It reuses the previous generation's folder (kept as `.NAME.sala-prev`), overwriting
/// the files whose content changed (see `same_file_content`) and sweeping out the
/// ones this build did not write. Creating tens
/// of thousands of fresh files on every build, right after deleting as many, made ext4
/// spend most of a build in inode allocation.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    prev: PathBuf,
    /// Files (relative) this build wrote, with their size and content hash;
    /// everything else in `temp` is stale.
    written: Mutex<HashMap<PathBuf, Written>>,
    /// What the reused folder held when its generation was committed (empty when it
    /// was not reused or has no manifest).
    known: HashMap<PathBuf, Written>,
    /// `.NAME.sala-manifest` (the live output's) and `.NAME.sala-prev.manifest`.
    manifest: PathBuf,
    /// `.NAME.sala-state`: what the live output was built from (see `crate::warm`).
    state: PathBuf,
    prev_manifest: PathBuf,
    /// Whether `temp` was made empty for this build (no previous generation to reuse):
    /// then nothing is on disk before this build writes it, so a write needs no look
    /// at the file first and the commit no sweep.
    fresh: bool,
    /// Folders under `temp` known to exist, so that each is made (or found) once per
    /// build instead of once per file.
    dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Diagnostics> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| {
            io_diag(
                parent,
                (
                    "cannot create the output's parent folder",
                    "สร้างโฟลเดอร์ที่จะเก็บผลลัพธ์ไม่ได้",
                ),
                e,
            )
        })?;
        let temp = parent.join(format!(".{name}.sala-tmp-{}", std::process::id()));
        let prev = parent.join(format!(".{name}.sala-prev"));
        let manifest = parent.join(format!(".{name}.sala-manifest"));
        let state = parent.join(format!(".{name}.sala-state"));
        let prev_manifest = parent.join(format!(".{name}.sala-prev.manifest"));
        if temp.exists() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        let reused = prev.is_dir() && std::fs::rename(&prev, &temp).is_ok();
        let known = if reused {
            read_manifest(&prev_manifest)
        } else {
            std::fs::create_dir_all(&temp).map_err(|e| {
                io_diag(
                    &temp,
                    (
                        "cannot create a temporary output folder",
                        "สร้างโฟลเดอร์ชั่วคราวสำหรับผลลัพธ์ไม่ได้",
                    ),
                    e,
                )
            })?;
            HashMap::new()
        };
        // The folder it described is about to change: it never describes anything again.
        let _ = std::fs::remove_file(&prev_manifest);
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            prev,
            written: Mutex::new(HashMap::new()),
            known,
            manifest,
            state,
            prev_manifest,
            fresh: !reused,
            dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Whether this build started from an empty folder, with no earlier generation to
    /// keep files from.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Where the state of the live output is kept, beside its manifest (see
    /// `crate::warm`).
    pub fn state_path(&self) -> &Path {
        &self.state
    }

    /// Takes each of `rels` as the live output has it, as if this build wrote it again:
    /// for files this build would make with the same bytes. The reused folder's copy
    /// stays where it is the live file's bytes and is untouched since; otherwise the
    /// live file is copied in, once its bytes are checked against the live manifest.
    /// False when a file cannot be taken so (gone, or changed since it was built): then
    /// the caller has to make it, and some of the others may already be kept.
    pub fn keep_live(&self, rels: &[&str]) -> bool {
        use rayon::prelude::*;
        let live = read_manifest(&self.manifest);
        rels.par_iter().all(|rel| {
            let Some(now) = live.get(Path::new(rel)) else {
                return false;
            };
            if let Some(then) = self.known.get(Path::new(rel)) {
                let path = self.temp.join(rel);
                let intact = then.size == now.size
                    && then.hash == now.hash
                    && std::fs::symlink_metadata(&path).is_ok_and(|meta| untouched(&meta, then));
                if intact {
                    self.written
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(PathBuf::from(rel), *then);
                    return true;
                }
            }
            match std::fs::read(self.target.join(rel)) {
                Ok(bytes) if bytes.len() as u64 == now.size && content_hash(&bytes) == now.hash => {
                    self.write(rel, &bytes).is_ok()
                }
                _ => false,
            }
        })
    }

    /// Files (relative, with `/`, sorted) this build has written so far: the output as
    /// it will be after the sweep, without the previous generation's leftovers.
    pub fn written(&self) -> Vec<String> {
        self.written_with_facts()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    /// As [`Staging::written`], with each file's size and content hash.
    fn written_with_facts(&self) -> Vec<(String, Written)> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<(String, Written)> = written
            .iter()
            .map(|(p, w)| (sala_core::paths::slash(p), *w))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Removes what the previous generation had and this build did not write. A fresh
    /// folder holds only what this build wrote: walking it (a `getdents` per folder and
    /// a failed `rmdir` per non-empty one) would find nothing to remove.
    fn sweep(&self) {
        if self.fresh {
            return;
        }
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.temp)
            .min_depth(1)
            .into_iter()
            .flatten()
        {
            let rel = entry
                .path()
                .strip_prefix(&self.temp)
                .unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
            } else if !written.contains_key(rel) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        // Deepest first, so emptied parents go too; non-empty ones stay.
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// Moves the finished output into place; the old one becomes the next build's start.
    pub fn commit(mut self) -> Result<(), Diagnostics> {
        self.sweep();
        // The live output is about to change: its state no longer describes it. The
        // caller writes the new one once this succeeded.
        let _ = std::fs::remove_file(&self.state);
        let had_old = self.target.exists();
        if had_old {
            if self.prev.exists() {
                let _ = std::fs::remove_dir_all(&self.prev);
            }
            std::fs::rename(&self.target, &self.prev).map_err(|e| {
                io_diag(
                    &self.target,
                    (
                        "cannot move the previous output aside",
                        "ย้ายผลลัพธ์ชุดก่อนออกไปไม่ได้",
                    ),
                    e,
                )
            })?;
            // The old output's manifest follows it (or there is none for it).
            if std::fs::rename(&self.manifest, &self.prev_manifest).is_err() {
                let _ = std::fs::remove_file(&self.prev_manifest);
            }
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&self.prev, &self.target);
                let _ = std::fs::rename(&self.prev_manifest, &self.manifest);
            }
            return Err(io_diag(
                &self.target,
                (
                    "cannot move the new output into place",
                    "ย้ายผลลัพธ์ชุดใหม่เข้าที่ไม่ได้",
                ),
                e,
            ));
        }
        self.committed = true;
        // Best effort: without it the next reuse compares files by content.
        if write_manifest(&self.manifest, &self.written_with_facts()).is_err() {
            let _ = std::fs::remove_file(&self.manifest);
        }
        Ok(())
    }
}

impl Output for Staging {
    /// Writes one output file, creating its folders.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.temp.join(rel);
        if let Some(parent) = path.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs.contains(parent) {
                std::fs::create_dir_all(parent)?;
                dirs.insert(parent.to_path_buf());
            }
        }
        // Hashed here, on the writing thread, while the bytes are at hand: the offline
        // manifests need a version of the whole output, and reading it all back
        // afterwards was a serial second of every large build.
        let (size, hash) = (bytes.len() as u64, content_hash(bytes));
        let on_disk = match self.fresh {
            true => None,
            false => std::fs::symlink_metadata(&path).ok(),
        };
        let unchanged = match (self.known.get(Path::new(rel)), &on_disk) {
            // The manifest's file, untouched since (same size and time), and the same
            // bytes: nothing to read, nothing to write. Any later edit changes the time.
            (Some(k), Some(meta)) if k.size == size && k.hash == hash => untouched(meta, k),
            // The manifest knows the file holds something else.
            (Some(_), _) => false,
            (None, Some(meta)) => same_file_content(&path, meta, bytes),
            (None, None) => false,
        };
        let mtime = if unchanged {
            on_disk.as_ref().map_or(0, mtime_of)
        } else {
            // The time from the open file (`fstat`), not a second lookup of the path.
            let mut file = std::fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.metadata().map_or(0, |m| mtime_of(&m))
        };
        let facts = Written { size, hash, mtime };
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(PathBuf::from(rel), facts);
        Ok(())
    }

    /// Keeps `rel` as the previous generation left it, as if written again, when this
    /// build wrote `from` with the same bytes as then, `rel` is untouched since, and it
    /// has the size and starts with the bytes it would be made with now (`expect`: a
    /// newer Sala may wrap the same source differently): for a file made from `from`
    /// alone. False (nothing kept) otherwise.
    fn keep_derived(&self, rel: &str, from: &str, expect: (u64, &[u8])) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let same_source = match (
            written.get(Path::new(from)),
            self.known.get(Path::new(from)),
        ) {
            (Some(now), Some(then)) => now.size == then.size && now.hash == then.hash,
            _ => false,
        };
        let Some(k) = self.known.get(Path::new(rel)).filter(|_| same_source) else {
            return false;
        };
        let path = self.temp.join(rel);
        let (size, head) = expect;
        let intact = k.size == size
            && std::fs::symlink_metadata(&path).is_ok_and(|meta| untouched(&meta, k))
            && starts_with(&path, head);
        if intact {
            written.insert(PathBuf::from(rel), *k);
        }
        intact
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        self.temp.join(rel)
    }

    fn files(&self) -> Vec<(String, Written)> {
        self.written_with_facts()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Keep the folder for the next build to reuse, unless a generation is kept.
            if self.prev.exists() || std::fs::rename(&self.temp, &self.prev).is_err() {
                let _ = std::fs::remove_dir_all(&self.temp);
            }
        }
    }
}
