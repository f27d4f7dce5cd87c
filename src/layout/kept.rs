//! Articles laid out, kept between builds of a long-running process (`maquette watch`): an edit
//! lays out again only the articles it touched; the others' sheets are copies.
//!
//! An article's layout (refits, quote moves, its sheet and its report figures) depends on its
//! own text and front matter, the modules it is placed in, and the issue around it: the
//! template, styles and fonts, the hyphenation rules and micro-typography settings, the page
//! count and the photos it shows. The key is a hash of the first two written out whole
//! (`Debug`); everything else lives outside the `articles/` folder, and whoever keeps layouts
//! forgets them all when anything there changes — the same contract as the set bodies
//! ([`super::streams`]), which turn this on and off with them. A layout nothing asked for in the
//! last few builds is let go, so a long session holds the issue's articles, not every version of
//! them.

use super::report::ArticleReport;
use super::sheet::Sheet;
use crate::model::{Article, Issue, Module};
use crate::text::shape::MissingGlyph;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// One article as laid out: its report, sheet, the warnings and findings of its headline, and
/// the characters its fonts lacked.
#[derive(Clone)]
pub struct Laid {
    /// Its figures.
    pub report: ArticleReport,
    /// What it draws, page by page.
    pub sheet: Sheet,
    /// Warnings about its headline.
    pub warnings: Vec<String>,
    /// Its headline's last line is one word.
    pub one_word_headline: bool,
    /// Characters its fonts lack.
    pub missing: Vec<MissingGlyph>,
}

/// Layouts unused for this many builds are let go.
const BUILDS_KEPT: u64 = 3;

struct Kept {
    laid: HashMap<u64, (Laid, u64)>,
    build: u64,
}

static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut Option<Kept>) -> T) -> T {
    f(&mut KEPT.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Keeps layouts between builds in this process.
pub(super) fn keep() {
    with(|k| {
        k.get_or_insert_with(|| Kept { laid: HashMap::new(), build: 0 });
    });
}

/// Drops the kept layouts (keeping stays on if it was).
pub(super) fn forget() {
    with(|k| k.as_mut().map(|k| k.laid.clear()));
}

/// How many layouts are kept.
pub fn kept() -> usize {
    with(|k| k.as_ref().map_or(0, |k| k.laid.len()))
}

/// Marks a new build; layouts no build asked for in the last [`BUILDS_KEPT`] are let go.
pub fn new_build() {
    with(|k| {
        if let Some(k) = k.as_mut() {
            k.build += 1;
            let now = k.build;
            k.laid.retain(|_, (_, at)| now - *at < BUILDS_KEPT);
        }
    });
}

/// The key of `article` of `issue` laid out in `placements`, when layouts are kept.
pub(super) fn key(issue: &Issue, article: &Article, placements: &[(usize, &Module)]) -> Option<u64> {
    with(|k| k.is_some()).then(|| {
        let mut h = std::hash::DefaultHasher::new();
        // The folder tells the issue from the one whose front page its promo box shows.
        format!("{:?}|{article:?}|{placements:?}", issue.dir).hash(&mut h);
        h.finish()
    })
}

/// The layout kept under `key`, if any.
pub(super) fn get(key: u64) -> Option<Laid> {
    with(|k| {
        let k = k.as_mut()?;
        let build = k.build;
        let (laid, at) = k.laid.get_mut(&key)?;
        *at = build;
        Some(laid.clone())
    })
}

/// Keeps `laid` under `key`.
pub(super) fn put(key: u64, laid: &Laid) {
    with(|k| {
        if let Some(k) = k.as_mut() {
            k.laid.insert(key, (laid.clone(), k.build));
        }
    });
}
