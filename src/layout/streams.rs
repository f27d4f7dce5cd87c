//! Sets every article's body once, before placement, on both cores.
//!
//! Shaping and line breaking are the costly part of a build, and each article's body depends only on
//! its own text, its style and the column measure. So bodies are set up front, the articles shared
//! between two threads (each with its own shaper and cache), and placement then only moves lines.

use super::body::body_stream;
use super::ctx::Ctx;
use super::flow::Elem;
use crate::model::{Article, Issue};
use crate::text::Shaper;
use crate::text::hyphenate::Hyphenator;
use crate::text::shape::MissingGlyph;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// Inner padding of tinted boxes, in points (the box text is set that much narrower on each side).
pub const BOX_PAD: f64 = 6.0;

/// The body streams by article slug, and the characters found missing while setting them.
pub struct Streams {
    /// Streams by slug.
    pub bodies: BTreeMap<String, Vec<Elem>>,
    /// Missing glyphs.
    pub missing: BTreeSet<MissingGlyph>,
}

/// The measure and style an article's body is set in.
pub fn measure_of(issue: &Issue, a: &Article) -> (f64, &'static str) {
    let w = issue.template.column_width();
    if a.is_box() { (w - 2.0 * BOX_PAD, "box_text") } else { (w, "body") }
}

/// Sets the bodies of `articles`, split over two threads by size.
pub fn set_all(env: &Env, articles: &[&Article]) -> Streams {
    let mut sorted: Vec<&Article> = articles.to_vec();
    sorted.sort_by_key(|a| std::cmp::Reverse(size(a)));
    let (mut left, mut right): (Vec<&Article>, Vec<&Article>) = (Vec::new(), Vec::new());
    let (mut lw, mut rw) = (0, 0);
    for a in sorted {
        if lw <= rw {
            lw += size(a);
            left.push(a);
        } else {
            rw += size(a);
            right.push(a);
        }
    }
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| set_some(env, &right));
        (set_some(env, &left), other.join())
    });
    let mut out = a;
    if let Ok(b) = b {
        out.bodies.extend(b.bodies);
        out.missing.extend(b.missing);
    }
    out
}

fn size(a: &Article) -> usize {
    a.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.len()).sum()
}

/// What each thread needs to build its own [`Ctx`].
pub struct Env<'a> {
    /// The issue.
    pub issue: &'a Issue,
    /// Styles with fonts.
    pub styles: &'a super::styles::Styles,
    /// Fonts.
    pub book: &'a crate::fonts::FontBook,
    /// Hyphenation rules and exceptions.
    pub hyph: &'a Hyphenator,
}

fn set_some(env: &Env, articles: &[&Article]) -> Streams {
    let mut local = Ctx {
        issue: env.issue,
        t: &env.issue.template,
        styles: env.styles,
        shaper: Shaper::new(env.book),
        hyph: env.hyph.clone(),
    };
    let mut bodies = BTreeMap::new();
    let mut missing = BTreeSet::new();
    for a in articles {
        let context = format!("article `{}`", a.slug);
        let (width, style) = measure_of(env.issue, a);
        let key = cache_key(a, width, &env.styles.get(style));
        let (body, lost) = match cached(key) {
            Some(hit) => hit,
            None => {
                local.shaper.context = context.clone();
                let body = body_stream(&mut local, &a.blocks, width, style, a.front.dropcap.lines());
                let lost: BTreeSet<_> = local.shaper.missing.iter().filter(|m| m.context == context).cloned().collect();
                remember(key, &body, &lost);
                (body, lost)
            }
        };
        bodies.insert(a.slug.clone(), body);
        missing.extend(lost);
    }
    Streams { bodies, missing }
}

/// Set bodies kept between builds of a long-running process (`maquette watch`), keyed by a hash of the
/// article's blocks, measure and style, so an edit re-sets only the article it touched. Off until
/// [`keep_bodies`] turns it on; whoever turns it on clears it with [`forget_bodies`] when fonts,
/// templates or hyphenation rules change, since the key does not cover them.
type Cache = HashMap<u64, (Vec<Elem>, BTreeSet<MissingGlyph>)>;
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// Keeps set bodies between builds in this process, and the articles laid out with them
/// ([`super::kept`]).
pub fn keep_bodies() {
    CACHE.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashMap::new);
    super::kept::keep();
}

/// Drops the kept bodies and laid-out articles (the caches stay on if they were).
pub fn forget_bodies() {
    if let Some(c) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        c.clear();
    }
    super::kept::forget();
}

/// How many set bodies are kept.
pub fn kept_bodies() -> usize {
    CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map_or(0, HashMap::len)
}

fn cache_key(a: &Article, width: f64, style: &crate::text::TextStyle) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    format!("{:?}|{:?}|{width}|{style:?}", a.blocks, a.front.dropcap).hash(&mut h);
    h.finish()
}

fn cached(key: u64) -> Option<(Vec<Elem>, BTreeSet<MissingGlyph>)> {
    CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_ref()?.get(&key).cloned()
}

fn remember(key: u64, body: &[Elem], missing: &BTreeSet<MissingGlyph>) {
    if let Some(c) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        c.insert(key, (body.to_vec(), missing.clone()));
    }
}
