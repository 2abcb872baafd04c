//! Approved reader comments that `sala comments export` wrote under `content/comments/`,
//! one YAML file per page, so the static pages can carry them.

use serde::{Deserialize, Serialize};

/// One file under `content/comments/`: the approved comments of one page.
///
/// The file for the page `en/guides/local-plan-cycle/` is
/// `content/comments/en/guides/local-plan-cycle.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CommentFile {
    /// The page's path in the built site, such as `guides/local-plan-cycle/`.
    pub page: String,
    /// Oldest first; replies follow their parent's id.
    pub comments: Vec<BakedComment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BakedComment {
    pub id: i64,
    /// The id of the comment this one replies to (one level deep).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    pub name: String,
    /// RFC 3339, UTC.
    pub date: String,
    /// Plain text; the page escapes it and keeps line breaks.
    pub body: String,
}

impl CommentFile {
    /// Where the file for `page` lives, relative to `content/`.
    pub fn relative_path(page: &str) -> String {
        format!("comments/{}.yaml", page.trim_matches('/'))
    }
}
