//! Back into the site: approved comments become `content/comments/<page>.yaml`, one file
//! per page, sorted by id, byte-for-byte stable so git diffs stay small. Also the
//! reader's own data as JSON (`export-personal`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use walkdir::WalkDir;

use super::store::{Store, Stored};
use sala_core::content::baked_comments::{BakedComment, CommentFile};

/// What an export changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
}

/// Turns approved comments into one [`CommentFile`] per page. A reply whose parent is no
/// longer approved is shown as a top-level comment.
pub fn comment_files(approved: &[Stored]) -> BTreeMap<String, CommentFile> {
    let mut files: BTreeMap<String, CommentFile> = BTreeMap::new();
    for c in approved {
        files
            .entry(c.page.clone())
            .or_insert_with(|| CommentFile {
                page: c.page.clone(),
                comments: Vec::new(),
            })
            .comments
            .push(BakedComment {
                id: c.id,
                parent: c.parent,
                name: c.name.clone(),
                date: c.created.clone(),
                body: c.body.clone(),
            });
    }
    for file in files.values_mut() {
        file.comments.sort_by_key(|c| c.id);
        let ids: BTreeSet<i64> = file.comments.iter().map(|c| c.id).collect();
        for c in &mut file.comments {
            if c.parent.is_some_and(|p| !ids.contains(&p)) {
                c.parent = None;
            }
        }
    }
    files
}

/// Writes `content/comments/` under `root` from the store, removing the files of pages
/// that no longer have approved comments. Files are written only when their text changes.
pub fn export(store: &Store, root: &Path) -> anyhow::Result<ExportReport> {
    let files = comment_files(&store.all_approved()?);
    let content = root.join("content");
    let dir = content.join("comments");
    let mut report = ExportReport::default();
    let mut keep = BTreeSet::new();
    for (page, file) in &files {
        let rel = CommentFile::relative_path(page);
        if rel.split('/').any(|s| s == ".." || s.is_empty()) {
            // Page paths were checked on the way in; never write outside content/.
            continue;
        }
        let path = content.join(&rel);
        let text = format!(
            "# Written by `sala comments export`: approved reader comments. Re-export rather than edit.\n{}",
            serde_yaml::to_string(file)?
        );
        keep.insert(path.clone());
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let tmp = path.with_extension("yaml.tmp");
        std::fs::write(&tmp, &text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
        report.written.push(path);
    }
    if dir.is_dir() {
        let mut dirs = Vec::new();
        for entry in WalkDir::new(&dir).min_depth(1) {
            let entry = entry?;
            let path = entry.path().to_path_buf();
            if entry.file_type().is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && !keep.contains(&path)
            {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
                report.removed.push(path);
            }
        }
        // Deepest first, so emptied folders go too.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let _ = std::fs::remove_dir(&d); // fails, as it should, when not empty
        }
        let _ = std::fs::remove_dir(&dir);
    }
    Ok(report)
}

/// Everything stored about the holder of `email`, as pretty JSON (PDPA access right).
pub fn personal(store: &Store, email: &str) -> anyhow::Result<String> {
    let comments = store.by_email(email)?;
    let value = serde_json::json!({
        "email": email,
        "note": "Stored for each comment: page, name, e-mail, text, moderation state, time, and (until the retention period ends) a keyed hash of the IP address, never the address itself.",
        "comments": comments,
    });
    Ok(serde_json::to_string_pretty(&value)?)
}
