//! `docs/design.md` against the code.
//!
//! - Its "Crates" table against the workspace's `Cargo.toml` files: which workspace
//!   crate may depend on which. Cargo refuses a cycle (so `sala-search` cannot take
//!   `sala-core`) and any use of a crate that is not declared; this refuses a declared
//!   edge that Cargo would accept but the design does not allow, such as
//!   `sala-search-wasm` or `sala-bench` taking `sala-core`.
//! - Its "Module edges" table against the modules of `src/` (the `sala` crate) and of
//!   `crates/sala-core/src/`: a module that names another (`crate::other`, or
//!   `sala_core::other` from `sala`) it may not use fails here, so the flow stays one
//!   way inside each crate too.
//! - Its map of the code ("Where code lives") against the files of both crates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{read, repo};

/// The crates whose modules the table lists: name, source folder, and the prefixes by
/// which its code names modules of the table (`crate::` for its own).
const CRATES: [(&str, &str, &[&str]); 2] = [
    ("sala-core", "crates/sala-core/src", &["crate::"]),
    ("sala", "src", &["crate::", "sala_core::"]),
];

/// The rows of the first table after `heading` in docs/design.md, as cells without
/// backticks.
fn table(heading: &str) -> Vec<Vec<String>> {
    let design = read(&repo().join("docs/design.md"));
    let section = design
        .split(&format!("\n{heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("docs/design.md has a \"{heading}\" section"));
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            row.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// A cell of names (`` `a`, `b` ``) as a set.
fn names(cell: &str) -> BTreeSet<String> {
    cell.split(',')
        .map(|n| n.trim().trim_matches('`').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// A table of three columns (name, where, may use) after `heading`, keyed by the
/// column `key`: name → (the other of the first two columns, the names it may use).
fn allowed(heading: &str, key: usize) -> BTreeMap<String, (String, BTreeSet<String>)> {
    table(heading)
        .into_iter()
        .map(|cells| {
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
            let plain = |i: usize| cell(i).trim_matches('`').to_string();
            (plain(key), (plain(1 - key), names(cell(2))))
        })
        .collect()
}

/// The "Crates" table: crate → (its folder, the workspace crates it may depend on).
fn allowed_crates() -> BTreeMap<String, (String, BTreeSet<String>)> {
    allowed("## Crates", 0)
}

/// The workspace crates a `Cargo.toml` depends on, in any of its dependency tables:
/// every `name = { path = "…" … }` line, named by the package at that path.
fn path_dependencies(manifest: &Path) -> BTreeSet<String> {
    let dir = manifest.parent().expect("a folder");
    read(manifest)
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            let table = value.trim().strip_prefix('{')?;
            let path = table.split("path = \"").nth(1)?.split('"').next()?;
            let package = key.trim();
            let named = package_name(&dir.join(path).join("Cargo.toml"));
            assert_eq!(named, package, "{}: {line}", manifest.display());
            Some(named)
        })
        .collect()
}

/// The `name` of a `Cargo.toml`'s `[package]`.
fn package_name(manifest: &Path) -> String {
    read(manifest)
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.split('"').next())
        .unwrap_or_else(|| panic!("{} names its package", manifest.display()))
        .to_string()
}

#[test]
fn crate_edges_follow_the_table_in_the_design() {
    let allowed = allowed_crates();
    assert!(allowed.contains_key("sala-core"), "{allowed:?}");
    let mut wrong = Vec::new();
    let members: Vec<PathBuf> = std::iter::once(repo())
        .chain(
            std::fs::read_dir(repo().join("crates"))
                .expect("crates/")
                .map(|e| e.expect("an entry of crates/").path())
                .filter(|p| p.join("Cargo.toml").is_file()),
        )
        .collect();
    for dir in members {
        let manifest = dir.join("Cargo.toml");
        let name = package_name(&manifest);
        let Some((folder, may)) = allowed.get(&name) else {
            wrong.push(format!(
                "{name} is not in the \"Crates\" table of docs/design.md"
            ));
            continue;
        };
        if repo().join(folder) != dir {
            wrong.push(format!("{name} lives in {}, not {folder}", dir.display()));
        }
        for dep in path_dependencies(&manifest) {
            if !may.contains(&dep) {
                let rel = manifest.strip_prefix(repo()).unwrap_or(&manifest);
                wrong.push(format!("{name} -> {dep} ({})", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "crate edges not in docs/design.md's \"Crates\" table:\n  {}",
        wrong.join("\n  ")
    );
}

/// The "Module edges" table: module → (its crate, the modules it may use).
fn allowed_modules() -> BTreeMap<String, (String, BTreeSet<String>)> {
    allowed("## Module edges", 1)
}

/// Every module that `source` names through one of `prefixes` (`crate::`,
/// `sala_core::`) outside comments.
fn named_modules(source: &str, prefixes: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for prefix in prefixes {
            for (at, _) in line.match_indices(prefix) {
                if at > 0 && line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &line[at + prefix.len()..];
                let group = rest
                    .strip_prefix('{')
                    .map(|g| g.split('}').next().unwrap_or(""));
                let heads: Vec<&str> = match group {
                    Some(g) => g.split(',').map(str::trim).collect(),
                    None => vec![rest],
                };
                for head in heads {
                    let name: String = head
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            }
        }
    }
    found
}

/// The `.rs` files below `dir`, as `/`-separated paths relative to it.
fn rust_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|e| e == "rs"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Each module's edges as the code has them: (crate, module) → (target, a file naming
/// it, relative to the repository).
fn edges() -> BTreeMap<(String, String), BTreeMap<String, String>> {
    let mut edges: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
    for (krate, dir, prefixes) in CRATES {
        let src = repo().join(dir);
        for rel in rust_files(&src) {
            let module = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let named = named_modules(&read(&src.join(&rel)), prefixes);
            let at = edges
                .entry((krate.to_string(), module.clone()))
                .or_default();
            for target in named.into_iter().filter(|t| *t != module) {
                at.entry(target).or_insert_with(|| format!("{dir}/{rel}"));
            }
        }
    }
    edges
}

#[test]
fn module_edges_follow_the_table_in_the_design() {
    let allowed = allowed_modules();
    assert!(allowed.contains_key("render"), "{allowed:?}");
    assert!(allowed.contains_key("content"), "{allowed:?}");
    let mut wrong = Vec::new();
    for ((krate, module), targets) in edges() {
        let Some((home, may)) = allowed.get(&module) else {
            wrong.push(format!(
                "{krate}::{module} is not in the table of docs/design.md"
            ));
            continue;
        };
        if *home != krate {
            wrong.push(format!(
                "{module} is in {krate}; the table puts it in {home}"
            ));
        }
        for (target, file) in targets {
            if !may.contains(&target) {
                wrong.push(format!("{module} -> {target} ({file})"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "module edges not in docs/design.md's \"Module edges\" table:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn crate_paths_are_read_from_uses_and_calls() {
    let source = "use crate::content::{Kind, Site};\nuse crate::{dates, paths::slash};\n// crate::build in a comment\nlet x = crate::markdown::escape_html(s); // not_crate::x";
    assert_eq!(
        named_modules(source, &["crate::"]),
        ["content", "dates", "markdown", "paths"]
            .map(String::from)
            .into()
    );
    let source = "use sala_core::config::SiteConfig;\nuse crate::output::Output;\nlet d = sala_core::dates::iso(x); let y = my_sala_core::z;";
    assert_eq!(
        named_modules(source, &["crate::", "sala_core::"]),
        ["config", "dates", "output"].map(String::from).into()
    );
}

/// The entries of the map in "Where code lives" that lie below `under` (such as
/// `src/`): paths relative to it, folders ending in `/`. An entry is a name at an even
/// indent below 16 columns (two per level of folder); wider indents continue the
/// description above.
fn mapped(under: &str) -> BTreeSet<String> {
    let design = read(&repo().join("docs/design.md"));
    let section = design
        .split("\n## Where code lives\n")
        .nth(1)
        .expect("docs/design.md has a \"Where code lives\" section");
    let mut entries = BTreeSet::new();
    let mut folders: Vec<String> = Vec::new();
    let map = section
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"));
    for line in map {
        let indent = line.len() - line.trim_start().len();
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        if indent >= 16 {
            continue;
        }
        folders.truncate(indent / 2);
        let path = format!("{}{name}", folders.concat());
        if name.ends_with('/') {
            folders.push(name.to_string());
        }
        if let Some(rel) = path.strip_prefix(under) {
            if !rel.is_empty() && (rel.ends_with(".rs") || rel.ends_with('/')) {
                entries.insert(rel.to_string());
            }
        }
    }
    entries
}

/// The `.rs` files below `dir` and the folders that hold them.
fn tree(dir: &Path) -> BTreeSet<String> {
    let mut entries = BTreeSet::new();
    for rel in rust_files(dir) {
        let mut folder = String::new();
        for part in rel.split('/').collect::<Vec<_>>().split_last().unwrap().1 {
            folder.push_str(part);
            folder.push('/');
            entries.insert(folder.clone());
        }
        entries.insert(rel);
    }
    entries
}

#[test]
fn the_design_map_lists_every_file_of_both_crates() {
    for (krate, dir, _) in CRATES {
        let (map, tree) = (mapped(&format!("{dir}/")), tree(&repo().join(dir)));
        assert!(map.contains("lib.rs"), "{krate}: {map:?}");
        let missing: Vec<&String> = tree.difference(&map).collect();
        let gone: Vec<&String> = map.difference(&tree).collect();
        assert!(
            missing.is_empty() && gone.is_empty(),
            "docs/design.md's map of {dir}/ (\"Where code lives\") does not match the tree:\n  \
             not in the map: {missing:?}\n  in the map, not in {dir}/: {gone:?}"
        );
    }
}
