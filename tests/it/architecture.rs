//! `docs/design.md` against the code: the module edges of `src/` against its table
//! ("Module edges"), so a module that names another (`crate::other`) it may not use
//! fails here and the flow stays one way without splitting the crate; and its map of
//! `src/` ("Where code lives") against the files.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{read, repo};

/// The table: module → the modules it may use.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let design = read(&repo().join("docs/design.md"));
    let section = design
        .split("\n## Module edges\n")
        .nth(1)
        .expect("docs/design.md has a \"Module edges\" section");
    let names = |cell: &str| -> BTreeSet<String> {
        cell.split(',')
            .map(|n| n.trim().trim_matches('`').to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').collect();
            (
                cells[0].trim().trim_matches('`').to_string(),
                names(cells.get(1).copied().unwrap_or("")),
            )
        })
        .collect()
}

/// Every `crate::module` that `source` names outside comments.
fn named_modules(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            if at > 0 && line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &line[at + "crate::".len()..];
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
    found
}

/// Each module's edges as the code has them: module → (target, a file naming it).
fn edges() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = repo().join("src");
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        for target in named_modules(&read(path)) {
            if target != module {
                edges
                    .entry(module.clone())
                    .or_default()
                    .entry(target)
                    .or_insert_with(|| rel.clone());
            }
        }
    }
    edges
}

#[test]
fn module_edges_follow_the_table_in_the_design() {
    let allowed = allowed();
    assert!(allowed.contains_key("render"), "{allowed:?}");
    let mut wrong = Vec::new();
    for (module, targets) in edges() {
        let Some(may) = allowed.get(&module) else {
            wrong.push(format!("{module} is not in the table of docs/design.md"));
            continue;
        };
        for (target, file) in targets {
            if !may.contains(&target) {
                wrong.push(format!("{module} -> {target} (src/{file})"));
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
        named_modules(source),
        ["content", "dates", "markdown", "paths"]
            .map(String::from)
            .into()
    );
}

/// The `src/` entries of the map in "Where code lives": paths relative to `src/`,
/// folders ending in `/`. An entry is a name at an even indent below 16 columns (two
/// per level); wider indents continue the description above.
fn mapped() -> BTreeSet<String> {
    let design = read(&repo().join("docs/design.md"));
    let section = design
        .split("\n## Where code lives\n")
        .nth(1)
        .expect("docs/design.md has a \"Where code lives\" section");
    let mut entries = BTreeSet::new();
    let mut folders: Vec<String> = Vec::new();
    let lines = section.lines().skip_while(|l| *l != "src/").skip(1);
    for line in lines.take_while(|l| l.starts_with(' ')) {
        let indent = line.len() - line.trim_start().len();
        let name = line.split_whitespace().next().unwrap_or("");
        if indent >= 16 || !(name.ends_with(".rs") || name.ends_with('/')) {
            continue;
        }
        let depth = indent / 2 - 1;
        folders.truncate(depth);
        let path = format!("{}{name}", folders.concat());
        if name.ends_with('/') {
            folders.push(name.to_string());
        }
        entries.insert(path);
    }
    entries
}

/// The `.rs` files of `src/` and the folders that hold them.
fn tree() -> BTreeSet<String> {
    let src = repo().join("src");
    let mut entries = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
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
fn the_design_map_lists_every_file_of_src() {
    let (map, tree) = (mapped(), tree());
    assert!(map.contains("render/mod.rs"), "{map:?}");
    let missing: Vec<&String> = tree.difference(&map).collect();
    let gone: Vec<&String> = map.difference(&tree).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "docs/design.md's map of src/ (\"Where code lives\") does not match the tree:\n  \
         not in the map: {missing:?}\n  in the map, not in src/: {gone:?}"
    );
}
