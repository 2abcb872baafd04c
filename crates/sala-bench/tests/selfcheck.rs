//! Self-check of a small corpus: deterministic bytes, front matter that Sala's schema
//! accepts (only allowed keys, only known ids), and internal links that resolve.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sala_bench::corpus::{generate, Options};
use sala_bench::vocab::Vocab;
use serde_yaml::Value;

fn corpus(dir: &Path, items: usize, seed: u64) {
    generate(&Options {
        items,
        seed,
        out: dir.to_path_buf(),
        force: false,
        theme: None,
    })
    .unwrap();
}

/// Every file under `root`, by relative path.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn same_seed_gives_identical_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    corpus(a.path(), 30, 42);
    corpus(b.path(), 30, 42);
    corpus(c.path(), 30, 43);
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(
            fb[path] == *bytes,
            "{} differs between two runs with one seed",
            path.display()
        );
    }
    assert_ne!(fa, fc, "another seed should give another corpus");
    let md = fa
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    assert_eq!(
        md,
        30 * 2 + 4,
        "30 bilingual items plus the home and about pages"
    );
}

const COMMON: &[&str] = &[
    "title", "date", "updated", "summary", "draft", "topics", "weight",
];
const GUIDE: &[&str] = &["audience"];
const CASE: &[&str] = &[
    "districts",
    "laos",
    "partners",
    "problem",
    "status",
    "outcome",
    "cost_baht",
];
const FORUM: &[&str] = &[
    "meeting_no",
    "venue",
    "start_time",
    "end_time",
    "chair",
    "districts",
    "participants",
    "resolutions",
    "problem",
];
const PAGE: &[&str] = &["template"];

fn split_front_matter(text: &str) -> (&str, &str) {
    let rest = text
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    (&rest[..end + 1], &rest[end + 5..])
}

fn strings(v: &Value) -> Vec<String> {
    v.as_sequence()
        .expect("a list")
        .iter()
        .map(|x| match x {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("unexpected list entry {other:?}"),
        })
        .collect()
}

fn is_date(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'
}

fn check_front_matter(path: &Path, yaml: &str, vocab: &Vocab) {
    let v: Value = serde_yaml::from_str(yaml)
        .unwrap_or_else(|e| panic!("{}: front matter is not YAML: {e}", path.display()));
    let map = v.as_mapping().expect("front matter is a mapping");
    let kind = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|k| k.to_str())
        .unwrap_or("");
    let own = match kind {
        "guides" => GUIDE,
        "cases" => CASE,
        "forums" => FORUM,
        _ => PAGE,
    };
    let ctx = path.display();
    for key in map.keys() {
        let key = key.as_str().expect("string keys");
        assert!(
            COMMON.contains(&key) || own.contains(&key),
            "{ctx}: key `{key}` not allowed in {kind}"
        );
    }
    assert!(
        map.get("title")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.is_empty()),
        "{ctx}: title"
    );
    assert!(map.get("date").is_some_and(is_date), "{ctx}: date");
    if let Some(u) = map.get("updated") {
        assert!(is_date(u), "{ctx}: updated");
    }
    let topic_ids: Vec<&str> = vocab.topics.iter().map(|t| t.id.as_str()).collect();
    let problem_ids: Vec<&str> = vocab.problems.iter().map(|t| t.id.as_str()).collect();
    let codes: Vec<String> = vocab.districts.iter().map(|d| d.code.to_string()).collect();
    for t in map.get("topics").map(strings).unwrap_or_default() {
        assert!(topic_ids.contains(&t.as_str()), "{ctx}: unknown topic {t}");
    }
    for d in map.get("districts").map(strings).unwrap_or_default() {
        assert!(codes.contains(&d), "{ctx}: unknown district {d}");
    }
    if let Some(p) = map.get("problem") {
        assert!(
            problem_ids.contains(&p.as_str().unwrap()),
            "{ctx}: unknown problem {p:?}"
        );
    }
    for a in map.get("audience").map(strings).unwrap_or_default() {
        assert!(
            [
                "officers",
                "executives",
                "council",
                "community-leaders",
                "public"
            ]
            .contains(&a.as_str()),
            "{ctx}: audience {a}"
        );
    }
    if let Some(s) = map.get("status") {
        assert!(
            ["planned", "in-progress", "solved"].contains(&s.as_str().unwrap()),
            "{ctx}: status"
        );
    }
    if let Some(c) = map.get("cost_baht") {
        assert!(c.as_u64().is_some(), "{ctx}: cost_baht must be an integer");
    }
    for lao in map
        .get("laos")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let lao = lao.as_mapping().unwrap();
        assert_eq!(lao.len(), 2, "{ctx}: a LAO has name and kind only");
        assert!(
            lao.get("name").and_then(Value::as_str).is_some(),
            "{ctx}: LAO name"
        );
        let k = lao.get("kind").and_then(Value::as_str).unwrap();
        assert!(
            [
                "pao",
                "city-municipality",
                "town-municipality",
                "subdistrict-municipality",
                "sao"
            ]
            .contains(&k),
            "{ctx}: LAO kind {k}"
        );
    }
    if let Some(p) = map.get("participants") {
        let p = p.as_mapping().unwrap();
        for key in p.keys() {
            assert!(
                ["count", "groups"].contains(&key.as_str().unwrap()),
                "{ctx}: participants.{key:?}"
            );
        }
        assert!(
            p.get("count").and_then(Value::as_u64).is_some(),
            "{ctx}: participants.count"
        );
    }
    for key in [
        "meeting_no",
        "start_time",
        "end_time",
        "venue",
        "chair",
        "outcome",
        "summary",
    ] {
        if let Some(v) = map.get(key) {
            assert!(
                v.as_str().is_some(),
                "{ctx}: {key} must be a string, got {v:?}"
            );
        }
    }
    if kind == "forums" {
        assert!(
            !strings(&map["resolutions"]).is_empty(),
            "{ctx}: resolutions"
        );
    }
}

/// Targets of Markdown links `](target)` in `body`.
fn links(body: &str) -> Vec<&str> {
    body.match_indices("](")
        .map(|(i, _)| {
            let rest = &body[i + 2..];
            &rest[..rest.find(')').expect("closed link")]
        })
        .collect()
}

#[test]
fn front_matter_and_links_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 30, 7);
    let vocab = Vocab::load().unwrap();
    let content = dir.path().join("content");
    let mut n_links = 0;
    for (rel, bytes) in files(&content) {
        let path = content.join(&rel);
        let text = String::from_utf8(bytes).expect("UTF-8");
        let (yaml, body) = split_front_matter(&text);
        check_front_matter(&rel, yaml, &vocab);
        let mut in_fence = false;
        for line in body.lines() {
            in_fence ^= line.starts_with("```");
            assert!(
                in_fence || !line.starts_with("# "),
                "{}: headings start at ##",
                rel.display()
            );
        }
        for target in links(body) {
            n_links += 1;
            assert!(
                !target.contains("://"),
                "{}: external link {target}",
                rel.display()
            );
            let resolved = path.parent().unwrap().join(target);
            let name = resolved.file_name().unwrap().to_str().unwrap();
            let exists = if name.ends_with(".th.md") || name.ends_with(".en.md") {
                resolved.is_file()
            } else {
                let stem = name
                    .strip_suffix(".md")
                    .expect("links point at .md sources");
                ["th", "en"]
                    .iter()
                    .any(|l| resolved.with_file_name(format!("{stem}.{l}.md")).is_file())
            };
            assert!(
                exists,
                "{}: link target {target} does not exist",
                rel.display()
            );
        }
    }
    assert!(n_links > 30, "items link to each other ({n_links} links)");
}

#[test]
fn bodies_have_realistic_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let stats = generate(&Options {
        items: 60,
        seed: 3,
        out: dir.path().into(),
        force: false,
        theme: None,
    })
    .unwrap();
    assert_eq!(stats.per_kind, [24, 24, 12]);
    assert!(
        stats.th_chars.0 >= 1_800 && stats.th_chars.1 <= 7_000,
        "{:?}",
        stats.th_chars
    );
    assert!(
        stats.en_chars.0 >= 1_000 && stats.en_chars.1 <= 5_000,
        "{:?}",
        stats.en_chars
    );
    let text = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    assert!(
        text.contains(sala_bench::vocab::SITE_TOML),
        "site.toml is the repository's"
    );
    assert!(dir.path().join("hugo.toml").is_file());
    assert!(dir.path().join("layouts/_default/single.html").is_file());
    // A second run into the same folder needs --force.
    assert!(generate(&Options {
        items: 2,
        seed: 3,
        out: dir.path().into(),
        force: false,
        theme: None,
    })
    .is_err());
    generate(&Options {
        items: 2,
        seed: 3,
        out: dir.path().into(),
        force: true,
        theme: None,
    })
    .unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path().join("content/guides"))
            .unwrap()
            .count(),
        2
    );
}

#[test]
fn force_never_replaces_a_real_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("site.toml"), "languages = [\"th\"]\n").unwrap();
    let opts = Options {
        items: 2,
        seed: 1,
        out: dir.path().into(),
        force: true,
        theme: None,
    };
    assert!(generate(&opts).is_err());
    assert!(dir.path().join("site.toml").is_file());
}
