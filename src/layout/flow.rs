//! Flows an article's lines through the columns of its modules, on the baseline grid.
//!
//! The body arrives as a stream of elements: set lines (grouped by paragraph), blank grid lines and
//! unbreakable blocks (pull quotes). Columns are ranges of grid lines. Flow fills each column from the
//! top and moves on; it never splits a paragraph so that one line stands alone at the foot of a column
//! (orphan) or at the head of the next (widow): when a paragraph must break across columns it decides,
//! at each column end, how many lines stay, giving up one more line (or the whole paragraph) rather than
//! leaving a single one. Subheads keep with the two lines that follow them. Blank lines are dropped at
//! the head of a column so columns start flush. What does not fit in the last column is overset and is
//! returned, never dropped.

use crate::frame::Item;
use crate::text::Line;
use std::ops::Range;

/// What a line of the stream is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Body text.
    Body,
    /// Subhead (keeps with the next lines).
    Subhead,
}

/// One element of an article's body stream.
#[derive(Clone, Debug)]
pub enum Elem {
    /// A set line.
    Line {
        /// The line.
        line: Line,
        /// Body or subhead.
        kind: Kind,
        /// Paragraph number in the stream.
        para: usize,
        /// Index of the line in its paragraph.
        index: usize,
        /// Lines in the paragraph.
        count: usize,
    },
    /// A blank grid line (space before a subhead).
    Gap,
    /// An unbreakable block of whole grid lines; items relative to its column's left and its top.
    Block {
        /// Height in grid lines.
        bands: usize,
        /// Drawing, relative.
        items: Vec<Item>,
        /// Its text, for reports and dumps.
        text: String,
    },
}

impl Elem {
    /// Text of the element (empty for gaps).
    pub fn text(&self) -> &str {
        match self {
            Elem::Line { line, .. } => &line.text,
            Elem::Block { text, .. } => text,
            Elem::Gap => "",
        }
    }
}

/// A column of a module: where it is and which grid lines it offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Left edge.
    pub x: f64,
    /// Measure.
    pub width: f64,
    /// Grid lines available, top to bottom.
    pub bands: Range<usize>,
}

/// Where one element landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index of the element in the stream.
    pub elem: usize,
    /// Column index in the module.
    pub col: usize,
    /// Grid line.
    pub band: usize,
}

/// The result of flowing part of a stream into one module.
#[derive(Clone, Debug, Default)]
pub struct ModuleFlow {
    /// Placements.
    pub placed: Vec<Placed>,
    /// First element not placed.
    pub next: usize,
    /// Grid lines left empty at the end of the module (after the last placed element).
    pub free: usize,
}

struct Cursor<'a> {
    columns: &'a [Column],
    col: usize,
    band: usize,
    /// A block waiting for the head of the next column (element index, grid lines).
    pending: Option<(usize, usize)>,
    /// Blocks placed at column heads.
    floated: Vec<Placed>,
}

impl Cursor<'_> {
    fn remaining(&self) -> usize {
        self.columns.get(self.col).map_or(0, |c| c.bands.end.saturating_sub(self.band))
    }

    fn at_top(&self) -> bool {
        self.columns.get(self.col).is_some_and(|c| self.band == c.bands.start)
    }

    fn next_column(&mut self) -> bool {
        self.col += 1;
        match self.columns.get(self.col) {
            Some(c) => {
                self.band = c.bands.start;
                if let Some((elem, bands)) = self.pending.take() {
                    self.floated.push(Placed { elem, col: self.col, band: self.band });
                    self.band += bands;
                }
                true
            }
            None => false,
        }
    }

    /// Whether a later column of the module can take `bands` lines at its head.
    fn later_column_fits(&self, bands: usize) -> bool {
        self.columns.get(self.col + 1).is_some_and(|c| c.bands.len() >= bands + 2)
    }

    fn skip_empty(&mut self) -> bool {
        while self.remaining() == 0 {
            if !self.next_column() {
                return false;
            }
        }
        true
    }

    fn free_after(&self) -> usize {
        self.remaining() + self.columns.iter().skip(self.col + 1).map(|c| c.bands.len()).sum::<usize>()
    }
}

/// Flows `elems[from..]` into `columns`.
pub fn flow(elems: &[Elem], from: usize, columns: &[Column]) -> ModuleFlow {
    let start_band = columns.first().map_or(0, |c| c.bands.start);
    let mut cur = Cursor { columns, col: 0, band: start_band, pending: None, floated: Vec::new() };
    let mut out = ModuleFlow { next: from, ..ModuleFlow::default() };
    let mut i = from;
    while i < elems.len() && cur.skip_empty() {
        let advanced = match &elems[i] {
            Elem::Gap => place_gap(&mut cur),
            Elem::Block { bands, .. } => place_block(&mut cur, i, *bands, &mut out),
            Elem::Line { count, index, kind, .. } => {
                let n = (*count - *index).min(count_para(elems, i));
                place_para(&mut cur, elems, i, n, *kind, &mut out)
            }
        };
        if advanced == 0 {
            break;
        }
        i += advanced;
    }
    if let Some((elem, _)) = cur.pending {
        // The block found no later column head: it and what follows are overset.
        i = i.min(elem);
        out.placed.retain(|p| p.elem < elem);
    }
    out.placed.append(&mut cur.floated);
    out.placed.sort_by_key(|p| p.elem);
    out.next = i;
    out.free = cur.free_after();
    out
}

fn count_para(elems: &[Elem], i: usize) -> usize {
    let para = |e: &Elem| match e {
        Elem::Line { para, .. } => Some(*para),
        _ => None,
    };
    let p = para(&elems[i]);
    elems[i..].iter().take_while(|e| para(e) == p).count()
}

fn place_gap(cur: &mut Cursor) -> usize {
    if !cur.at_top() {
        cur.band += 1;
    }
    1
}

/// Places a block, or floats it to the head of the next column (text goes on filling this one), as
/// newspapers do with pull quotes rather than leave a hole above them.
fn place_block(cur: &mut Cursor, i: usize, bands: usize, out: &mut ModuleFlow) -> usize {
    if cur.remaining() < bands && !cur.at_top() && cur.pending.is_none() && cur.later_column_fits(bands) {
        cur.pending = Some((i, bands));
        return 1;
    }
    let tallest = cur.columns[cur.col..].iter().map(|c| c.bands.len()).max().unwrap_or(0);
    while cur.remaining() < bands && bands <= tallest {
        if !cur.next_column() {
            return 0;
        }
    }
    if cur.remaining() < bands.min(tallest) {
        return 0;
    }
    out.placed.push(Placed { elem: i, col: cur.col, band: cur.band });
    cur.band += bands;
    1
}

/// Places the `n` remaining lines of a paragraph starting at element `i`; returns how many were placed
/// (0 when the module is full).
fn place_para(cur: &mut Cursor, elems: &[Elem], i: usize, n: usize, kind: Kind, out: &mut ModuleFlow) -> usize {
    let first_index = match &elems[i] {
        Elem::Line { index, .. } => *index,
        _ => 0,
    };
    let mut done = 0;
    while done < n {
        if !cur.skip_empty() {
            break;
        }
        let take = lines_here(cur.remaining(), n - done, first_index + done == 0, kind, cur.at_top());
        if take == 0 {
            if !cur.next_column() {
                break;
            }
            continue;
        }
        for k in 0..take {
            out.placed.push(Placed { elem: i + done + k, col: cur.col, band: cur.band });
            cur.band += 1;
        }
        done += take;
        if done < n && !cur.next_column() {
            break;
        }
    }
    done
}

/// How many of `left` lines to set in a column with `room` lines, so that no paragraph leaves a
/// single line at a column's foot (orphan) or head (widow). A column head always takes what it can:
/// moving on would not help.
fn lines_here(room: usize, left: usize, starts_para: bool, kind: Kind, at_top: bool) -> usize {
    if left <= room {
        return if kind == Kind::Subhead && room - left < 2 && !at_top { 0 } else { left };
    }
    if at_top {
        return if left - room == 1 && room > 2 { room - 1 } else { room };
    }
    if kind == Kind::Subhead {
        return 0;
    }
    let min_here = if starts_para { 2 } else { 1 };
    let mut take = room;
    if left - take == 1 {
        take -= 1;
    }
    if take < min_here { 0 } else { take }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(para: usize, index: usize, count: usize) -> Elem {
        let l = Line {
            runs: vec![],
            measure: 100.0,
            width: 100.0,
            hyphenated: false,
            space_ratio: None,
            last: index + 1 == count,
            text: format!("p{para}l{index}"),
            hscale: 1.0,
            track: 0.0,
        };
        Elem::Line { line: l, kind: Kind::Body, para, index, count }
    }

    fn para(p: usize, count: usize) -> Vec<Elem> {
        (0..count).map(|i| line(p, i, count)).collect()
    }

    fn cols(n: usize, h: usize) -> Vec<Column> {
        (0..n).map(|i| Column { x: i as f64 * 100.0, width: 90.0, bands: 0..h }).collect()
    }

    #[test]
    fn fills_columns_in_order() {
        let elems = para(0, 10);
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.next, 10);
        assert_eq!(f.placed[6], Placed { elem: 6, col: 1, band: 0 });
        assert_eq!(f.free, 2);
    }

    #[test]
    fn no_orphan_at_column_foot() {
        let mut elems = para(0, 5);
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        // Paragraph 1 would start on the last line of column 0: it moves to column 1.
        assert_eq!(f.placed[5], Placed { elem: 5, col: 1, band: 0 });
    }

    #[test]
    fn no_widow_at_column_head() {
        let mut elems = para(0, 3);
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        // 3 lines of paragraph 1 fit, which would leave its last line alone: two go over.
        let p1: Vec<_> = f.placed[3..].iter().map(|p| p.col).collect();
        assert_eq!(p1, vec![0, 0, 1, 1]);
    }

    #[test]
    fn overset_is_returned() {
        let elems = para(0, 20);
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.next, 12);
        assert_eq!(f.free, 0);
    }

    #[test]
    fn gaps_vanish_at_column_head() {
        let mut elems = para(0, 6);
        elems.push(Elem::Gap);
        elems.extend(para(1, 2));
        let f = flow(&elems, 0, &cols(2, 6));
        assert_eq!(f.placed[6], Placed { elem: 7, col: 1, band: 0 });
    }

    #[test]
    fn a_block_that_does_not_fit_floats_to_the_next_column_head() {
        let mut elems = para(0, 4);
        elems.push(Elem::Block { bands: 4, items: vec![], text: "quote".into() });
        elems.extend(para(1, 4));
        let f = flow(&elems, 0, &cols(2, 6));
        let block = f.placed.iter().find(|p| p.elem == 4).unwrap();
        assert_eq!((block.col, block.band), (1, 0));
        // The next paragraph fills the rest of column 0 rather than leaving a hole.
        let p1: Vec<_> = f.placed.iter().filter(|p| p.elem > 4).map(|p| (p.col, p.band)).collect();
        assert_eq!(p1, vec![(0, 4), (0, 5), (1, 4), (1, 5)]);
        assert_eq!(f.next, elems.len());
    }
}
