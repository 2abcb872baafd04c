//! docs/configuration.md explains every setting site.toml can hold: this fails when a
//! settings struct gains a field the page does not mention (as `` `name` ``, or `` `[name]` `` for a table).

use crate::support::{read, repo};

/// The `pub name:` fields of `struct name` in a Rust source file.
fn fields(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("struct {name} not found"));
    let body = &source[start..];
    let body = &body[..body.find("\n}\n").expect("end of struct")];
    body.lines()
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .map(|s| s.trim().to_string())
        .collect()
}

#[test]
fn every_setting_is_explained_in_docs_configuration_md() {
    let doc = read(&repo().join("docs/configuration.md"));
    let config = read(&repo().join("crates/sala-core/src/config.rs"));
    let comments = read(&repo().join("crates/sala-core/src/config/comments.rs"));
    let mut missing = Vec::new();
    let mut seen = 0;
    for (source, name) in [
        (&config, "SiteConfig"),
        (&config, "Organization"),
        (&config, "Taxonomies"),
        (&config, "Term"),
        (&config, "District"),
        (&comments, "CommentsConfig"),
        (&comments, "SmtpConfig"),
    ] {
        for field in fields(source, name) {
            seen += 1;
            // A plain setting as `name`; a table as `[name]` or `[[name]]`.
            let named = [
                format!("`{field}`"),
                format!("`[{field}]`"),
                format!("`[[{field}]]`"),
            ];
            if !named.iter().any(|n| doc.contains(n.as_str())) {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        seen > 40,
        "found only {seen} fields: is the parser still right?"
    );
    assert!(
        missing.is_empty(),
        "docs/configuration.md does not mention: {}",
        missing.join(", ")
    );
    let site_toml = read(&repo().join("site.toml"));
    assert!(site_toml.contains("docs/configuration.md"));
}

#[test]
fn sala_init_writes_every_setting() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = crate::support::sala(&["init", tmp.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    let toml = read(&tmp.path().join("site.toml"));
    let config = read(&repo().join("crates/sala-core/src/config.rs"));
    let comments = read(&repo().join("crates/sala-core/src/config/comments.rs"));
    let mut missing = Vec::new();
    for (source, name, prefix) in [
        (&config, "SiteConfig", ""),
        (&config, "Organization", ""),
        (&config, "Taxonomies", ""),
        (&comments, "CommentsConfig", "comments."),
        (&comments, "SmtpConfig", "comments."),
    ] {
        for field in fields(source, name) {
            let present = toml.lines().any(|l| {
                let l = l.trim_start_matches("# ").trim();
                l.starts_with(&format!("{field} ="))
                    || l.starts_with(&format!("{field}.th ="))
                    || l == format!("[{prefix}{field}]")
                    || l == format!("[[{field}]]")
            });
            if !present {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in site.toml: {}",
        missing.join(", ")
    );
}

#[test]
fn the_deploy_configs_send_what_search_needs() {
    for file in ["deploy/nginx.conf", "deploy/apache.htaccess"] {
        let text = read(&repo().join(file));
        for needle in [
            "application/wasm",
            "max-age=31536000, immutable",
            "no-cache",
            "404.html",
        ] {
            assert!(text.contains(needle), "{file} lacks {needle}");
        }
    }
}
