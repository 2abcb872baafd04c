//! Copies fixture sites into temporary folders, with the repository's theme beside them.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A fresh copy of `tests/fixtures/<name>` with `themes/` from the repository.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    if !dir.path().join("themes").exists() {
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    }
    dir
}

/// Runs the real binary; returns (success, stdout, stderr).
pub fn sala(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sala"))
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("run sala");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `sala build --root <root> --no-index`, then `extra`, with the binary: whether it
/// succeeded, and what it printed on stderr.
pub fn run_build(root: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("utf-8 path"),
        "--no-index",
    ];
    args.extend_from_slice(extra);
    let (ok, _, err) = sala(&args);
    (ok, err)
}

/// Builds the site at `root` with the binary, into `root/public`, and panics on failure.
pub fn build_ok(root: &Path) -> PathBuf {
    let (ok, err) = run_build(root, &[]);
    assert!(ok, "build failed:\n{err}");
    root.join("public")
}

/// Builds the site at `root` with the binary and panics if that succeeds; returns what
/// the build printed on stderr (its problems).
pub fn build_fails(root: &Path) -> String {
    let (ok, err) = run_build(root, &[]);
    assert!(!ok, "the build of {} should fail:\n{err}", root.display());
    err
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Builds the repository's own sample site (site.toml, content/, themes/) with the
/// binary into a fresh folder, with `extra` arguments to `sala build`. Returns the temp
/// folder (keep it alive) and the output folder.
pub fn build_sample(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    let (ok, err) = run_build(dir.path(), extra);
    assert!(ok, "build failed:\n{err}");
    let public = dir.path().join("public");
    (dir, public)
}
