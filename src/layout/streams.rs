//! Sets every article's body once, before placement, on both cores.
//!
//! Shaping and line breaking are the costly part of a build, and each article's body depends only on
//! its own text, its style and the column measure. So bodies are set up front, the articles shared
//! between two threads (each with its own shaper and cache), and placement then only moves lines.

use super::Ctx;
use super::article::body_stream;
use super::flow::Elem;
use crate::model::{Article, Issue};
use crate::text::Shaper;
use crate::text::hyphenate::Hyphenator;
use crate::text::shape::MissingGlyph;
use std::collections::{BTreeMap, BTreeSet};

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
    pub styles: &'a super::Styles,
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
    for a in articles {
        local.shaper.context = format!("article `{}`", a.slug);
        let (width, style) = measure_of(env.issue, a);
        bodies.insert(a.slug.clone(), body_stream(&mut local, &a.blocks, width, style, a.front.dropcap.lines()));
    }
    Streams { bodies, missing: local.shaper.missing }
}
