//! No hyphen at the foot of a column: half a word must not wait for the reader in the next column, or
//! on another page after a jump.
//!
//! Bodies are set before they are flowed, so which line ends a column is only known afterwards.
//! The article is laid out; every body line that ends a column with a hyphen is noted as (paragraph,
//! line); those paragraphs are set again with the breaker told that these lines may not end with a
//! hyphen (its `LineShape::hyphen_allowed`, TeX's `\brokenpenalty` made absolute); and the article is
//! laid out again. A new break can move other lines, so this repeats a few times; in practice the
//! first pass settles it, since a paragraph usually keeps its line count.

use super::ctx::Ctx;
use super::flow::Elem;
use crate::model::{Article, Block};
use crate::text::breaker::LineShape;
use std::collections::{BTreeMap, BTreeSet};

/// Lines (by paragraph, then line index) that may not end with a hyphen.
pub type Forbidden = BTreeMap<usize, BTreeSet<usize>>;

/// Body lines ending a column with a hyphen, when the text goes on in another column. `at` gives
/// each element's (module, column) when placed.
pub fn hyphenated_ends(stream: &[Elem], at: &[Option<(usize, usize)>]) -> Forbidden {
    let mut out = Forbidden::new();
    for (i, e) in stream.iter().enumerate() {
        let Elem::Line { line, para, index, .. } = e else { continue };
        let next = at.get(i + 1).copied().flatten();
        if line.hyphenated && at[i].is_some() && next.is_some() && next != at[i] {
            out.entry(*para).or_default().insert(*index);
        }
    }
    out
}

/// Lines to add (or take away) per paragraph, TeX's `\looseness`.
pub type Looseness = BTreeMap<usize, i32>;

/// What the article's paragraphs are set again with: lines that may not end with a hyphen, and
/// lines to add or take away.
#[derive(Clone, Debug, Default)]
pub struct Resets {
    /// Lines kept from ending a column with a hyphen.
    pub forbid: Forbidden,
    /// Paragraphs set a line longer or shorter.
    pub looseness: Looseness,
}

/// The stream with the paragraphs named in `resets` set again.
pub fn reset(ctx: &mut Ctx, article: &Article, stream: &[Elem], resets: &Resets, dropcap: usize) -> Vec<Elem> {
    let mut out = stream.to_vec();
    let none = BTreeSet::new();
    let paras: BTreeSet<usize> = resets.forbid.keys().chain(resets.looseness.keys()).copied().collect();
    for para in paras {
        if para == 0 && dropcap > 0 {
            continue;
        }
        let lines = resets.forbid.get(&para).unwrap_or(&none);
        let Some(Block::Paragraph(spans)) = article.blocks.get(para) else { continue };
        let range = para_range(&out, para);
        let Some(Elem::Line { line: first, .. }) = range.clone().next().map(|i| &out[i]) else { continue };
        let shape = NoHyphen { width: first.measure, lines };
        let body = ctx.styles.get("body");
        let follows = para > 0 && matches!(article.blocks[para - 1], Block::Paragraph(_));
        let indent = if follows { super::body::indent_of(ctx, "body") } else { 0.0 };
        let drawn_lines = ctx.most_drawn_lines().saturating_sub(range.start);
        let microtype = &ctx.issue.hyphenation.microtype;
        let mut setting = crate::text::Setting { indent, drawn_lines, ..super::ctx::body_setting(microtype) };
        setting.params.looseness = resets.looseness.get(&para).copied().unwrap_or(0);
        let set = ctx.set_shaped(spans, &body, &shape, &setting);
        let count = set.len();
        let elems = set.into_iter().enumerate().map(|(index, line)| Elem::Line { line, para, index, count });
        out.splice(range, elems);
    }
    out
}

/// The stream elements of paragraph `para`'s lines (empty at the stream's end when it has none).
pub fn para_range(stream: &[Elem], para: usize) -> std::ops::Range<usize> {
    let is_it = |e: &Elem| matches!(e, Elem::Line { para: p, .. } if *p == para);
    let start = stream.iter().position(is_it).unwrap_or(stream.len());
    let len = stream[start..].iter().take_while(|e| is_it(e)).count();
    start..start + len
}

struct NoHyphen<'a> {
    width: f64,
    lines: &'a BTreeSet<usize>,
}

impl LineShape for NoHyphen<'_> {
    fn width(&self, _line: usize) -> f64 {
        self.width
    }

    fn hyphen_allowed(&self, line: usize) -> bool {
        !self.lines.contains(&line)
    }
}
