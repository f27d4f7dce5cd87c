//! The line dump of a proof (`lines.json`): each article's body lines with their page and place, so
//! two proofs can be compared article by article.

use crate::error::{Error, Result};
use crate::frame::PageFrame;
use std::collections::BTreeMap;
use std::path::Path;

/// One body line as placed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DumpLine {
    /// Page number.
    pub page: usize,
    /// Left edge of the column, points.
    pub x: f64,
    /// Top of the line's grid band, points.
    pub y: f64,
    /// Text.
    pub text: String,
}

/// Every article's lines, by slug.
pub type LineDump = BTreeMap<String, Vec<DumpLine>>;

/// The dump of a laid-out issue.
pub fn dump(pages: &[PageFrame]) -> LineDump {
    let mut out = LineDump::new();
    for page in pages {
        for l in &page.lines {
            let (x, y) = ((l.rect[0] * 100.0).round() / 100.0, (l.rect[1] * 100.0).round() / 100.0);
            out.entry(l.slug.clone()).or_default().push(DumpLine { page: page.number, x, y, text: l.text.clone() });
        }
    }
    out
}

/// Reads a `lines.json`.
pub fn read(path: &Path) -> Result<LineDump> {
    let text = crate::files::read_text(path)?;
    serde_json::from_str(&text).map_err(|e| Error::in_file(path, e.to_string()))
}

/// How an article's lines changed between two dumps.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum LineChange {
    /// In the new proof only.
    Added,
    /// In the old proof only.
    Removed,
    /// Words or line breaks differ.
    Text,
    /// Same lines, moved on the page or to another page.
    Moved,
}

/// Articles whose lines differ, by slug.
pub fn compare(old: &LineDump, new: &LineDump) -> BTreeMap<String, LineChange> {
    let mut out = BTreeMap::new();
    for (slug, lines) in new {
        let change = match old.get(slug) {
            None => Some(LineChange::Added),
            Some(before) if texts(before) != texts(lines) => Some(LineChange::Text),
            Some(before) if before != lines => Some(LineChange::Moved),
            Some(_) => None,
        };
        if let Some(c) = change {
            out.insert(slug.clone(), c);
        }
    }
    for slug in old.keys().filter(|s| !new.contains_key(*s)) {
        out.insert(slug.clone(), LineChange::Removed);
    }
    out
}

fn texts(lines: &[DumpLine]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}
