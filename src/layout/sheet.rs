//! A layout try: what it consumes (a [`Job`]) and what it draws (a [`Sheet`]).
//!
//! An article is laid out several times before one layout is kept: with paragraphs broken again
//! so no column ends on a hyphen, a line longer or shorter to win back a short column, a pull
//! quote moved (see `refit` and `quotes`). Each try starts again from its input — the job — and
//! draws onto a sheet of its own, as Typst's flow composer restarts from a copy of its work
//! instead of undoing what it drew. Only the kept sheet is laid onto the pages.

use super::flow::Elem;
use crate::frame::{Item, LineMark, ModuleBox, PageFrame};
use crate::model::{Article, Module};
use std::collections::BTreeMap;

/// One article to lay out: the article, its body as set, and the modules it runs through, as
/// (page number, module) in reading order.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its body, set at the column measure.
    pub stream: &'a [Elem],
    /// Its modules.
    pub placements: &'a [(usize, &'a Module)],
}

impl<'a> Job<'a> {
    /// The same article and modules with another body (paragraphs set again, a quote moved).
    pub fn with_stream<'s>(&self, stream: &'s [Elem]) -> Job<'s>
    where
        'a: 's,
    {
        Job { article: self.article, stream, placements: self.placements }
    }

    /// The same modules with another article (its blocks reordered) and body.
    pub fn with<'s>(&self, article: &'s Article, stream: &'s [Elem]) -> Job<'s>
    where
        'a: 's,
    {
        Job { article, stream, placements: self.placements }
    }
}

/// What one page gets from a try.
#[derive(Clone, Debug, Default)]
pub struct PagePart {
    /// Items, in painting order.
    pub items: Vec<Item>,
    /// Module rectangles.
    pub modules: Vec<ModuleBox>,
    /// Body lines, for proofs.
    pub lines: Vec<LineMark>,
}

/// What a try draws, page by page (by page number).
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    parts: BTreeMap<usize, PagePart>,
}

impl Sheet {
    /// The part of page `number` (1-based).
    pub fn page(&mut self, number: usize) -> &mut PagePart {
        self.parts.entry(number).or_default()
    }

    /// Lays the sheet onto the pages, after what they hold.
    pub fn commit(self, pages: &mut [PageFrame]) {
        for (number, part) in self.parts {
            let Some(page) = number.checked_sub(1).and_then(|i| pages.get_mut(i)) else { continue };
            page.items.extend(part.items);
            page.modules.extend(part.modules);
            page.lines.extend(part.lines);
        }
    }
}
