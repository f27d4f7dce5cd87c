//! Packs rectangles of whole columns × grid lines onto page grids (the reader-message pages).
//!
//! Each page is a bitmap of cells, one per column and grid line, marking what is taken (the
//! nameplate, modules already placed by hand, messages placed so far). Pieces come in the order
//! the caller wants them placed — larger formats first, then the chosen order within a format —
//! and each goes to the first free position, scanning pages in order, then grid lines from the
//! top, then columns from the left: "first fit, decreasing", the classic bin-packing heuristic
//! that keeps the big pieces at the top and lets the small ones fill the holes they leave.
//!
//! A position fits when `span` adjacent columns are free for the piece's height plus `gap` lines
//! below it (the white between two messages; it may run off the foot of the page). To test a
//! position in `O(span)` instead of `O(span × lines)`, each page keeps, per cell, how many free
//! cells follow it down its column ("runs"); the runs of one page are recomputed after each
//! placement, which costs one pass over the page's cells. With pieces sorted by decreasing size, a
//! hole larger than the smallest piece stays open only when no remaining piece fits it.
//!
//! Pieces that do not fit go onto blank pages of the same grid, only to count how many more pages
//! the set would need. What is left free is reported as rectangles (greedy: widest first from the
//! top-left free cell), so the team can sell it or fill it.

/// The cells of one page's type area.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// Columns.
    pub cols: usize,
    /// Grid lines.
    pub lines: usize,
    taken: Vec<bool>,
    runs: Vec<usize>,
}

/// A rectangle on the grid: first column, first line, columns, lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// First column, 0-based.
    pub col: usize,
    /// First grid line, 0-based.
    pub top: usize,
    /// Columns.
    pub span: usize,
    /// Lines.
    pub lines: usize,
}

impl Cell {
    /// Number of cells.
    pub fn area(&self) -> usize {
        self.span * self.lines
    }
}

impl Grid {
    /// An empty grid.
    pub fn new(cols: usize, lines: usize) -> Grid {
        let mut g = Grid { cols, lines, taken: vec![false; cols * lines], runs: Vec::new() };
        g.update_runs();
        g
    }

    /// Marks a rectangle taken (clipped to the grid).
    pub fn block(&mut self, r: Cell) {
        for line in r.top..(r.top + r.lines).min(self.lines) {
            for col in r.col..(r.col + r.span).min(self.cols) {
                self.taken[line * self.cols + col] = true;
            }
        }
        self.update_runs();
    }

    fn update_runs(&mut self) {
        self.runs = vec![0; self.taken.len()];
        for col in 0..self.cols {
            let mut run = 0;
            for line in (0..self.lines).rev() {
                run = if self.taken[line * self.cols + col] { 0 } else { run + 1 };
                self.runs[line * self.cols + col] = run;
            }
        }
    }

    /// The first position (top, then left) where `span × lines` fits with `gap` free lines below
    /// (the gap may fall off the foot of the page).
    pub fn find(&self, span: usize, lines: usize, gap: usize) -> Option<Cell> {
        if span == 0 || lines == 0 || span > self.cols || lines > self.lines {
            return None;
        }
        for top in 0..=self.lines - lines {
            let need = (lines + gap).min(self.lines - top);
            for col in 0..=self.cols - span {
                if (col..col + span).all(|c| self.runs[top * self.cols + c] >= need) {
                    return Some(Cell { col, top, span, lines });
                }
            }
        }
        None
    }

    /// Free cells, as rectangles: from each free cell not yet covered (top to bottom, left to
    /// right), as many columns to the right as are free there, then as many lines down as all of
    /// those columns stay free.
    pub fn free_rects(&self) -> Vec<Cell> {
        let mut seen = self.taken.clone();
        let mut out = Vec::new();
        for top in 0..self.lines {
            for col in 0..self.cols {
                if seen[top * self.cols + col] {
                    continue;
                }
                let span = (col..self.cols).take_while(|&c| !seen[top * self.cols + c]).count();
                let lines =
                    (top..self.lines).take_while(|&l| (col..col + span).all(|c| !seen[l * self.cols + c])).count();
                for l in top..top + lines {
                    for c in col..col + span {
                        seen[l * self.cols + c] = true;
                    }
                }
                out.push(Cell { col, top, span, lines });
            }
        }
        out
    }
}

/// A piece to place: columns × lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Columns.
    pub span: usize,
    /// Lines.
    pub lines: usize,
}

/// Where one piece went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// Index of the piece in the input.
    pub piece: usize,
    /// Index of the page in the input.
    pub page: usize,
    /// The cells it covers (without the gap).
    pub cell: Cell,
}

/// The result of packing.
#[derive(Clone, Debug, PartialEq)]
pub struct Packing {
    /// Pieces placed, in placement order.
    pub placed: Vec<Placement>,
    /// Pieces that did not fit, in input order.
    pub unplaced: Vec<usize>,
    /// Blank pages of the same grid the unplaced pieces would need.
    pub extra_pages: usize,
    /// Pieces too large for even a blank page.
    pub too_large: Vec<usize>,
    /// The grids after packing.
    pub grids: Vec<Grid>,
}

/// Places `pieces` (in the order given) onto `grids`. See the module documentation.
pub fn pack(mut grids: Vec<Grid>, pieces: &[Piece], gap: usize) -> Packing {
    let mut placed = Vec::new();
    let mut unplaced = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        match place(&mut grids, p, gap) {
            Some((page, cell)) => placed.push(Placement { piece: i, page, cell }),
            None => unplaced.push(i),
        }
    }
    let (extra_pages, too_large) = pages_needed(&grids, pieces, &unplaced, gap);
    Packing { placed, unplaced, extra_pages, too_large, grids }
}

fn place(grids: &mut [Grid], p: &Piece, gap: usize) -> Option<(usize, Cell)> {
    for (page, g) in grids.iter_mut().enumerate() {
        if let Some(cell) = g.find(p.span, p.lines, gap) {
            g.block(Cell { lines: p.lines + gap, ..cell });
            return Some((page, cell));
        }
    }
    None
}

/// Packs the left-over pieces onto blank pages shaped like the last grid, to count them.
fn pages_needed(grids: &[Grid], pieces: &[Piece], unplaced: &[usize], gap: usize) -> (usize, Vec<usize>) {
    let Some(model) = grids.last() else { return (0, unplaced.to_vec()) };
    let mut extra: Vec<Grid> = Vec::new();
    let mut too_large = Vec::new();
    for &i in unplaced {
        let p = &pieces[i];
        if place(&mut extra, p, gap).is_some() {
            continue;
        }
        let mut blank = Grid::new(model.cols, model.lines);
        match blank.find(p.span, p.lines, gap) {
            Some(cell) => {
                blank.block(Cell { lines: p.lines + gap, ..cell });
                extra.push(blank);
            }
            None => too_large.push(i),
        }
    }
    (extra.len(), too_large)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn big_pieces_go_top_left_and_small_ones_fill_the_holes() {
        let pieces = [Piece { span: 3, lines: 44 }, Piece { span: 2, lines: 29 }, Piece { span: 1, lines: 14 }];
        let p = pack(vec![Grid::new(5, 105)], &pieces, 1);
        let cells: Vec<Cell> = p.placed.iter().map(|pl| pl.cell).collect();
        assert_eq!(cells[0], Cell { col: 0, top: 0, span: 3, lines: 44 });
        assert_eq!(cells[1], Cell { col: 3, top: 0, span: 2, lines: 29 });
        assert_eq!(cells[2], Cell { col: 3, top: 30, span: 1, lines: 14 });
    }

    #[test]
    fn a_set_that_does_not_fit_says_how_many_pages_it_needs() {
        // 20 quarter-page columns on one page of 5 columns: 5 fit (one per column, 2 high each
        // with a gap: 2 × 53 > 105, so one each), 15 remain → 3 more pages.
        let pieces = vec![Piece { span: 1, lines: 53 }; 20];
        let p = pack(vec![Grid::new(5, 105)], &pieces, 1);
        assert_eq!(p.placed.len(), 5);
        assert_eq!(p.unplaced.len(), 15);
        assert_eq!(p.extra_pages, 3);
        let p = pack(vec![Grid::new(5, 105)], &[Piece { span: 6, lines: 10 }], 1);
        assert_eq!(p.too_large, vec![0]);
    }

    #[test]
    fn free_rects_cover_exactly_the_free_cells() {
        let mut g = Grid::new(5, 20);
        g.block(Cell { col: 0, top: 0, span: 3, lines: 10 });
        let free = g.free_rects();
        assert_eq!(free.iter().map(Cell::area).sum::<usize>(), 100 - 30);
        assert_eq!(free[0], Cell { col: 3, top: 0, span: 2, lines: 20 });
    }

    fn pieces() -> impl Strategy<Value = Vec<Piece>> {
        let piece = prop_oneof![
            Just(Piece { span: 1, lines: 14 }),
            Just(Piece { span: 1, lines: 29 }),
            Just(Piece { span: 2, lines: 29 }),
            Just(Piece { span: 3, lines: 44 }),
            (1usize..=6, 1usize..=110).prop_map(|(span, lines)| Piece { span, lines }),
        ];
        proptest::collection::vec(piece, 0..80)
    }

    proptest! {
        #[test]
        fn packing_never_overlaps_nor_leaves_the_grid(
            ps in pieces(), pages in 1usize..4, blocked in 0usize..30, gap in 0usize..2,
        ) {
            let mut grids = vec![Grid::new(5, 105); pages];
            grids[0].block(Cell { col: 0, top: 0, span: 5, lines: blocked });
            let p = pack(grids, &ps, gap);
            prop_assert_eq!(p.placed.len() + p.unplaced.len(), ps.len());
            let mut seen = vec![vec![false; 5 * 105]; pages];
            for pl in &p.placed {
                let c = pl.cell;
                prop_assert_eq!((c.span, c.lines), (ps[pl.piece].span, ps[pl.piece].lines));
                prop_assert!(c.col + c.span <= 5 && c.top + c.lines <= 105, "{:?} leaves the grid", c);
                prop_assert!(pl.page > 0 || c.top >= blocked, "{:?} on the blocked band", c);
                for l in c.top..c.top + c.lines {
                    for col in c.col..c.col + c.span {
                        prop_assert!(!seen[pl.page][l * 5 + col], "overlap at page {} {:?}", pl.page, c);
                        seen[pl.page][l * 5 + col] = true;
                    }
                }
            }
            for &i in &p.unplaced {
                let q = ps[i];
                // Nothing left out would have fitted in the final grids.
                prop_assert!(p.grids.iter().all(|g| g.find(q.span, q.lines, gap).is_none()));
            }
        }
    }
}
