//! The one place that knows every step: load, render, index, then swap the output in.
//!
//! Output goes to a fresh folder beside the target and replaces it only when every step
//! succeeded, so a failed build never leaves half a site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::{Bilingual, Diagnostic, Diagnostics};
use crate::render::{self, Theme};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub out: PathBuf,
    pub drafts: bool,
    /// Skip writing the search index (for benchmarks and quick previews).
    pub no_index: bool,
    /// Also write the whole site as one zip file inside the output (see [`crate::archive`]).
    pub zip: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            no_index: false,
            zip: false,
        }
    }
}

/// What a successful build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub html_files: usize,
    pub load: Duration,
    pub render: Duration,
    pub index: Duration,
    pub total: Duration,
    /// The zip file's name and size, when `zip` was asked for.
    pub zip: Option<(String, u64)>,
    /// Advice about the content that did not stop the build (see `content::advice`).
    pub warnings: Diagnostics,
}

/// Loads, renders and indexes the site, then swaps the result into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_keep(options).map(|(report, _, _)| report)
}

/// As [`build`], and hands back the loaded site and theme for incremental rebuilds.
pub fn build_keep(options: &BuildOptions) -> Result<(BuildReport, Site, Theme), Diagnostics> {
    let started = Instant::now();
    let site = content::load_site(
        &options.root,
        &LoadOptions {
            drafts: options.drafts,
        },
    )?;
    let load = started.elapsed();
    let theme = Theme::load(&options.root, &site.config)?;
    let staging = Staging::new(&options.out)?;

    // Rendering and indexing read the same loaded site and write different files, so
    // they run side by side.
    let timed = |f: &dyn Fn() -> Result<usize, Diagnostics>| {
        let t = Instant::now();
        (f(), t.elapsed())
    };
    let ((rendered, render_time), (indexed, index)) = rayon::join(
        || timed(&|| render::render_site(&site, &theme, &staging).map(|s| s.html_pages)),
        || {
            timed(&|| match options.no_index {
                true => Ok(0),
                false => crate::index::write_search(&site, &options.root, &staging).map(|_| 0),
            })
        },
    );
    let html_pages = match (rendered, indexed) {
        (Ok(n), Ok(_)) => n,
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            return Err(a.sorted());
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };

    let trace = std::env::var_os("SALA_TRACE").is_some();
    if trace {
        eprintln!(
            "  load {load:?}, render {render_time:?}, index {index:?}, both {:?}",
            started.elapsed()
        );
    }
    // After the index: the offline lists include the search files it writes.
    let t = Instant::now();
    render::offline::write(&site, &theme, &staging)?;
    if trace {
        eprintln!("  offline lists {:?}", t.elapsed());
    }

    // Last, inside the staging folder, so the swap below stays all-or-nothing.
    let zip = if options.zip {
        let name = crate::archive::file_name(&site.config);
        let files: Vec<String> = staging
            .written()
            .into_iter()
            .filter(|f| !f.ends_with(".zip") || f.contains('/'))
            .collect();
        let bytes = crate::archive::zip(staging.path(), &files, name.trim_end_matches(".zip"))
            .and_then(|bytes| staging.write(&name, &bytes).map(|_| bytes.len() as u64))
            .map_err(|e| {
                io_diag(
                    &options.out.join(&name),
                    ("cannot write the zip file", "เขียนไฟล์ zip ไม่ได้"),
                    e,
                )
            })?;
        Some((name, bytes))
    } else {
        None
    };

    let t = Instant::now();
    staging.commit()?;
    if trace {
        eprintln!("  sweep and swap {:?}", t.elapsed());
    }
    let report = BuildReport {
        pages: site.pages.len(),
        html_files: html_pages,
        load,
        render: render_time,
        index,
        total: started.elapsed(),
        zip,
        warnings: content::advice::warnings(&site),
    };
    Ok((report, site, theme))
}

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
    let mut buf = [0u8; 64 * 1024];
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

/// What [`Staging`] remembers of a file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub size: u64,
    /// [`content_hash`] of the bytes.
    pub hash: u64,
    /// Modification time in nanoseconds since the Unix epoch, as the file system
    /// reported it after the write (0 if unknown).
    pub mtime: u128,
}

fn mtime_of(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
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

/// Whether the file at `path` starts with `head`.
fn starts_with(path: &Path, head: &[u8]) -> bool {
    use std::io::Read;
    let mut buf = vec![0u8; head.len()];
    std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut buf).is_ok() && buf == head)
}

/// A fast 64-bit hash of file contents, eight bytes a step: enough to notice any
/// change between builds (it is not a defence against anyone).
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(K);
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

/// The next output, built beside the live one and swapped in by [`Staging::commit`];
/// removed if dropped first.
///
/// It reuses the previous generation's folder (kept as `.NAME.sala-prev`), overwriting
/// the files whose content changed (see [`same_file_content`]) and sweeping out the
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
    prev_manifest: PathBuf,
    committed: bool,
}

/// A file-system failure while writing the output; `what` is (English, Thai).
fn io_diag(path: &Path, what: (&str, &str), e: std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        path,
        Bilingual::new(format!("{}: {e}", what.0), format!("{}: {e}", what.1)),
    )])
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
        let prev_manifest = parent.join(format!(".{name}.sala-prev.manifest"));
        if temp.exists() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        let known = if prev.is_dir() && std::fs::rename(&prev, &temp).is_ok() {
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
            prev_manifest,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Writes one output file, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.temp.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Hashed here, on the writing thread, while the bytes are at hand: the offline
        // manifests need a version of the whole output, and reading it all back
        // afterwards was a serial second of every large build.
        let (size, hash) = (bytes.len() as u64, content_hash(bytes));
        let on_disk = std::fs::symlink_metadata(&path).ok();
        let unchanged = match (self.known.get(Path::new(rel)), &on_disk) {
            // The manifest's file, untouched since (same size and time), and the same
            // bytes: nothing to read, nothing to write. Any later edit changes the time.
            (Some(k), Some(meta)) if k.size == size && k.hash == hash => {
                meta.is_file() && meta.len() == size && k.mtime != 0 && mtime_of(meta) == k.mtime
            }
            // The manifest knows the file holds something else.
            (Some(_), _) => false,
            (None, Some(meta)) => same_file_content(&path, meta, bytes),
            (None, None) => false,
        };
        let mtime = if unchanged {
            on_disk.as_ref().map_or(0, mtime_of)
        } else {
            std::fs::write(&path, bytes)?;
            std::fs::metadata(&path).map_or(0, |m| mtime_of(&m))
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
    pub fn keep_derived(&self, rel: &str, from: &str, expect: (u64, &[u8])) -> bool {
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
        let intact = std::fs::symlink_metadata(&path).is_ok_and(|meta| {
            meta.is_file()
                && meta.len() == k.size
                && k.size == size
                && k.mtime != 0
                && mtime_of(&meta) == k.mtime
        }) && starts_with(&path, head);
        if intact {
            written.insert(PathBuf::from(rel), *k);
        }
        intact
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
    pub fn written_with_facts(&self) -> Vec<(String, Written)> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<(String, Written)> = written
            .iter()
            .map(|(p, w)| (p.to_string_lossy().replace('\\', "/"), *w))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Removes what the previous generation had and this build did not write.
    fn sweep(&self) {
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
