//! The page planner's search: a partition of a free rectangle of the grid into one module per
//! piece (article, sidebar, promo box, teasers), found by dynamic programming over guillotine cuts.
//!
//! **Search space.** Newspaper pages are built of rectangles that a straight cut across the
//! whole region separates: a lead across the top and stories stacked under it, a column of briefs
//! beside a story. So a region of `w` columns and `h` grid lines holding the pieces `i..j` (in the
//! editor's priority order) is either one piece alone, or cut horizontally (pieces `i..m` above,
//! `m..j` below) or vertically (`i..m` to the left, `m..j` to the right). Keeping each side a run
//! of consecutive pieces puts the first piece at the top left and keeps reading order with
//! priority; it is the guillotine restriction DeTreville's candidate-template search (MIT ESL,
//! 1978) and Strecker & Hennig's grid variants (2009) both use to keep page makeup tractable.
//!
//! **Table.** Cuts need only a region's size, not its place, so the search fills one table
//! `T[i..j][w][h]`: the best way to tile a `w × h` region with pieces `i..j`. A single piece fills
//! `w × h` when `h` lies in one of its variants' ranges at span `w` (see `measure`: the heights
//! at which its text ends within a grid line of the module's foot, its photo taking the slack).
//! Ranges grow by cutting: stacking adds heights, a vertical cut needs the same height on both
//! sides; where the template draws cut-off rules, a stack leaves one blank grid line between its
//! pieces for the rule. Each cell keeps the best solution for each of four "top edges" (whether a headline
//! touches the region's top at its left and at its right side), so that a vertical cut can refuse
//! to put two headlines side by side at one height (tombstones); a deeper coincidence (two
//! headlines further down, on either side of the cut, on the same grid line) is checked exactly
//! with the lines where headlines touch each side, kept as bit sets.
//!
//! **Objective.** Among the tilings, the cost adds, per piece: how far its photo is from its
//! natural height, a line left short, and how far down and how narrow it sits weighted by its
//! rank (the first piece weighs 1, the next 1/2, …), so the most important story goes on top and
//! widest. In `soft` mode (used only when no exact tiling exists, to tell the editor what to cut
//! or add) a piece may also take a height outside its ranges at a price per line overset or short.
//!
//! **Cost and termination.** With `n` pieces, `c` columns and `l` grid lines, the table has
//! `n²/2 · c · l` cells of four entries; a horizontal cut combines two rows of `l` heights, a
//! vertical one two cells of the same height. Everything is a finite loop over these ranges, so the
//! search always ends; its worst case is `O(n³ · c · l²)`, about ten million steps for a page of
//! eight pieces on the tabloid's 5 × 105 grid, a few milliseconds. Ties are broken by the order of
//! the loops, so the same input gives the same plan.

/// One way a piece can fill a module of `span` columns: heights from `min` to `max`, its photo
/// at its natural height at `natural`.
#[derive(Clone, Debug)]
pub struct Choice {
    /// Columns.
    pub span: usize,
    /// Least height.
    pub min: usize,
    /// Greatest height at which the text still fills (within a line).
    pub max: usize,
    /// Height at which the photo, if any, is at its natural size (the cheapest).
    pub natural: usize,
    /// Heights from `natural` to here only move the photo away from its natural size.
    pub fill: usize,
    /// Grid lines of white it may put under its heads, past `fill`.
    pub space: usize,
    /// Grid lines of white above its heads (a dropped head, which may stand beside another).
    pub drop: usize,
    /// The choice this one is, shifted down by `drop` lines (a dropped head's undropped twin):
    /// what the layout says of one height holds for the other at that shift.
    pub twin: Option<usize>,
    /// How often the layout refused one of its heights.
    pub refusals: usize,
    /// Extra cost of this option (a photo-topped module, a smaller photo span).
    pub cost: f64,
    /// Its top is not a headline.
    pub quiet: bool,
    /// Whatever the height, the module is filled (text that goes on to a later page).
    pub open: bool,
    /// Heights the layout refused (found when the plan was checked).
    pub banned: Vec<usize>,
    /// Grid lines of white under the heads the layout needs at a height, where checking found
    /// how many (else: what the height leaves past `fill`, up to `space`).
    pub white: std::collections::BTreeMap<usize, usize>,
}

/// A piece to place: its options and its weight (from its rank).
#[derive(Clone, Debug)]
pub struct Piece {
    /// How the plan names it.
    pub label: String,
    /// Ways it can be set.
    pub options: Vec<Choice>,
    /// Importance: 1 for the first of the page, then 1/2, 1/3 …
    pub weight: f64,
    /// It must share a region of its own with the next piece (a sidebar kept with its story).
    pub with_next: bool,
}

/// Where the search put a piece, relative to the region it tiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index of the piece.
    pub piece: usize,
    /// Index of its option.
    pub option: usize,
    /// First column, from 0.
    pub col: usize,
    /// First grid line, from 0.
    pub top: usize,
    /// Columns.
    pub span: usize,
    /// Grid lines.
    pub height: usize,
}

/// Costs of the soft mode, per line: overset text is the worst fault, then columns left short.
const OVERSET: f64 = 1000.0;
const SHORT: f64 = 60.0;
/// Weighted cost of a piece standing a whole page lower, or a whole page narrower.
const DOWN: f64 = 12.0;
const NARROW: f64 = 5.0;
const RIGHT: f64 = 1.5;
/// Cost of a photo at 60 % or 160 % of its natural height.
const PHOTO: f64 = 4.0;
/// Cost of a planned module one line short, and of a grid line of white under its heads.
const ONE_SHORT: f64 = 1.5;
const WHITE: f64 = 1.0;

#[derive(Clone, Copy, Debug)]
enum How {
    Leaf(usize),
    Over { m: usize, h1: usize, top: u8, bottom: u8 },
    Beside { m: usize, w1: usize, left: u8, right: u8 },
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    cost: f64,
    /// Grid lines (from the region's top) where a headline touches its left edge, and its right.
    left: u128,
    right: u128,
    how: How,
}

impl Entry {
    /// Which of the four top edges the entry has: a headline at the top left (1) and top right (2).
    fn key(&self) -> u8 {
        u8::from(self.left & 1 != 0) | (u8::from(self.right & 1 != 0) << 1)
    }
}

type Cell = [Option<Entry>; 4];

/// The planner's table for one page's pieces.
pub struct Search<'p> {
    pieces: &'p [Piece],
    columns: usize,
    lines: usize,
    soft: bool,
    /// Blank grid lines between two stacked pieces (1 where the template draws cut-off rules).
    gap: usize,
    /// `T[range][w - 1][h]`.
    table: Vec<Vec<Vec<Cell>>>,
}

impl<'p> Search<'p> {
    /// Fills the table for `pieces` on a grid of `columns` × `lines`, stacked pieces `gap` grid
    /// lines apart.
    pub fn run(pieces: &'p [Piece], columns: usize, lines: usize, soft: bool, gap: usize) -> Search<'p> {
        let n = pieces.len();
        let empty = vec![vec![[None; 4]; lines + 1]; columns];
        let mut s = Search { pieces, columns, lines, soft, gap, table: vec![empty; n * (n + 1) / 2] };
        for len in 1..=n {
            for i in 0..=n - len {
                s.fill(i, i + len);
            }
        }
        s
    }

    /// Where range `i..j` (0 ≤ i < j ≤ n) is kept: ranges by start, then by length.
    fn idx(&self, i: usize, j: usize) -> usize {
        let n = self.pieces.len();
        i * (2 * n - i + 1) / 2 + (j - i - 1)
    }

    fn fill(&mut self, i: usize, j: usize) {
        for w in 1..=self.columns {
            let mut cells = vec![[None; 4]; self.lines + 1];
            if j == i + 1 {
                self.leaves(i, w, &mut cells);
            } else {
                self.stacks(i, j, w, &mut cells);
                self.sides(i, j, w, &mut cells);
            }
            let k = self.idx(i, j);
            self.table[k][w - 1] = cells;
        }
    }

    fn cell(&self, i: usize, j: usize, w: usize) -> &[Cell] {
        &self.table[self.idx(i, j)][w - 1]
    }

    /// One piece alone in a `w`-column region, at every height one of its options allows.
    fn leaves(&self, i: usize, w: usize, cells: &mut [Cell]) {
        let piece = &self.pieces[i];
        for (o, opt) in piece.options.iter().enumerate().filter(|(_, o)| o.span == w) {
            // The soft mode lets a piece take any height, at a price per line overset or short, so
            // that it always finds the nearest plan.
            let (lo, hi) = if self.soft { (1, self.lines) } else { (opt.min, opt.max.min(self.lines)) };
            for (h, cell) in cells.iter_mut().enumerate().take(hi + 1).skip(lo) {
                if opt.banned.contains(&h) {
                    continue;
                }
                let cost = self.leaf_cost(piece, opt, h);
                let head = if opt.quiet { 0 } else { 1u128 << opt.drop.min(127) };
                keep(cell, Entry { cost, left: head, right: head, how: How::Leaf(o) });
            }
        }
    }

    fn leaf_cost(&self, piece: &Piece, opt: &Choice, h: usize) -> f64 {
        let mut cost = opt.cost + piece.weight * NARROW * (self.columns - opt.span) as f64 / self.columns as f64;
        if h < opt.min {
            cost += OVERSET * (opt.min - h) as f64 * opt.span as f64;
        } else if h > opt.max && !opt.open {
            cost += SHORT * (h - opt.max) as f64 * opt.span as f64;
        } else if h > opt.fill && !opt.open {
            let white = (h - opt.fill).min(opt.space);
            cost += WHITE * white as f64 + ONE_SHORT * (h - opt.fill - white) as f64;
        }
        // The photo grows or shrinks by a line of the module at a time; its distance from the
        // natural height, as a share of the range it may take, prices the choice.
        let span = opt.fill.max(opt.natural).saturating_sub(opt.min).max(1) as f64;
        let off = (h.min(opt.fill) as f64 - opt.natural as f64).abs() / span;
        cost + PHOTO * off
    }

    /// Pieces `i..m` stacked over `m..j`, all `w` wide.
    fn stacks(&self, i: usize, j: usize, w: usize, cells: &mut [Cell]) {
        for m in i + 1..j {
            if self.splits_pair(i, j, m) {
                continue;
            }
            let (top, bottom) = (self.cell(i, m, w), self.cell(m, j, w));
            let shift = self.weight(m, j) * DOWN / self.lines as f64;
            let bottoms: Vec<(usize, Entry, u8)> =
                (1..=self.lines).filter_map(|h| best(&bottom[h]).map(|(k, e)| (h, e, k))).collect();
            for (h1, tops) in top.iter().enumerate().take(self.lines).skip(1) {
                let below = h1 + self.gap;
                for (tk, t) in tops.iter().enumerate().filter_map(|(k, e)| e.map(|e| (k as u8, e))) {
                    for &(h2, b, bk) in bottoms.iter().take_while(|(h2, _, _)| below + h2 <= self.lines) {
                        let left = t.left | b.left.checked_shl(below as u32).unwrap_or(0);
                        let right = t.right | b.right.checked_shl(below as u32).unwrap_or(0);
                        let cost = t.cost + b.cost + shift * h1 as f64;
                        let how = How::Over { m, h1, top: tk, bottom: bk };
                        keep(&mut cells[below + h2], Entry { cost, left, right, how });
                    }
                }
            }
        }
    }

    /// Pieces `i..m` beside `m..j`, the left `w1` columns wide, both as tall.
    fn sides(&self, i: usize, j: usize, w: usize, cells: &mut [Cell]) {
        for m in i + 1..j {
            if self.splits_pair(i, j, m) {
                continue;
            }
            let shift = self.weight(m, j) * RIGHT / self.columns as f64;
            for w1 in 1..w {
                let (left, right) = (self.cell(i, m, w1), self.cell(m, j, w - w1));
                for h in 1..=self.lines {
                    for (lk, l) in left[h].iter().enumerate().filter_map(|(k, e)| e.map(|e| (k as u8, e))) {
                        for (rk, r) in right[h].iter().enumerate().filter_map(|(k, e)| e.map(|e| (k as u8, e))) {
                            if !self.soft && l.right & r.left != 0 {
                                continue;
                            }
                            let cost = l.cost + r.cost + shift * w1 as f64;
                            let how = How::Beside { m, w1, left: lk, right: rk };
                            keep(&mut cells[h], Entry { cost, left: l.left, right: r.right, how });
                        }
                    }
                }
            }
        }
    }

    /// A cut at `m` that separates a piece from the sidebar kept with it, unless the piece stands
    /// alone on its side of the cut: the sidebar then opens the other side, against it.
    fn splits_pair(&self, i: usize, _j: usize, m: usize) -> bool {
        self.pieces[m - 1].with_next && i + 1 != m
    }

    fn weight(&self, i: usize, j: usize) -> f64 {
        self.pieces[i..j].iter().map(|p| p.weight).sum()
    }

    /// The cost of the best tiling of a `w × h` region with pieces `i..j`, if there is one.
    pub fn cost(&self, i: usize, j: usize, w: usize, h: usize) -> Option<f64> {
        if i >= j || w == 0 || w > self.columns || h > self.lines {
            return None;
        }
        best(&self.cell(i, j, w)[h]).map(|(_, e)| e.cost)
    }

    /// The best tiling of a `w × h` region with pieces `i..j`, the region's top left at (`col`,
    /// `top`).
    pub fn placements(&self, i: usize, j: usize, (w, h): (usize, usize), (col, top): (usize, usize)) -> Vec<Placed> {
        let mut out = Vec::new();
        if let Some((k, _)) = best(&self.cell(i, j, w)[h]) {
            self.unfold(i, j, (w, h), (col, top), k, &mut out);
        }
        out
    }

    fn unfold(
        &self,
        i: usize,
        j: usize,
        (w, h): (usize, usize),
        (col, top): (usize, usize),
        key: u8,
        out: &mut Vec<Placed>,
    ) {
        let Some(e) = self.cell(i, j, w)[h][key as usize] else { return };
        match e.how {
            How::Leaf(option) => out.push(Placed { piece: i, option, col, top, span: w, height: h }),
            How::Over { m, h1, top: tk, bottom: bk } => {
                self.unfold(i, m, (w, h1), (col, top), tk, out);
                let below = h1 + self.gap;
                self.unfold(m, j, (w, h - below), (col, top + below), bk, out);
            }
            How::Beside { m, w1, left, right } => {
                self.unfold(i, m, (w1, h), (col, top), left, out);
                self.unfold(m, j, (w - w1, h), (col + w1, top), right, out);
            }
        }
    }
}

/// The soft mode's price of a region left empty.
pub fn empty_cost(span: usize, lines: usize) -> f64 {
    SHORT * (span * lines) as f64
}

/// Keeps `e` in its cell when it is the cheapest of its top edge.
fn keep(cell: &mut Cell, e: Entry) {
    let slot = &mut cell[e.key() as usize];
    if slot.is_none_or(|old| e.cost < old.cost - 1e-9) {
        *slot = Some(e);
    }
}

/// The cheapest entry of a cell, with its key.
fn best(cell: &Cell) -> Option<(u8, Entry)> {
    let mut out: Option<(u8, Entry)> = None;
    for (k, e) in cell.iter().enumerate() {
        if let Some(e) = e
            && out.is_none_or(|(_, b)| e.cost < b.cost - 1e-9)
        {
            out = Some((k as u8, *e));
        }
    }
    out
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
