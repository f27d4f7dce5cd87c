//! The free grid of a page around the modules placed by hand, as rectangles the planner tiles.
//!
//! The page is cut, as the planner cuts (see `search`), by straight lines across a region that do
//! not cross a module placed by hand: horizontal cuts first, at a module's top or foot, then
//! vertical ones at its sides. What is left once every region is either one such module or free of
//! them is the free grid, in reading order (top to bottom, then left to right). A page whose free
//! grid cannot be cut so (a module surrounded on all sides) is refused with the module's line.

/// A rectangle of the grid, in columns and grid lines from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// First column.
    pub col: usize,
    /// First grid line.
    pub top: usize,
    /// Columns.
    pub span: usize,
    /// Grid lines.
    pub lines: usize,
}

impl Rect {
    fn right(&self) -> usize {
        self.col + self.span
    }

    fn bottom(&self) -> usize {
        self.top + self.lines
    }

    fn meets(&self, o: &Rect) -> bool {
        self.col < o.right() && o.col < self.right() && self.top < o.bottom() && o.top < self.bottom()
    }

    /// The part of `o` inside `self`.
    fn clip(&self, o: &Rect) -> Rect {
        let (c0, c1) = (self.col.max(o.col), self.right().min(o.right()));
        let (t0, t1) = (self.top.max(o.top), self.bottom().min(o.bottom()));
        Rect { col: c0, top: t0, span: c1.saturating_sub(c0), lines: t1.saturating_sub(t0) }
    }
}

/// The free rectangles of `area` around `fixed`, in reading order; an error naming the index of
/// a fixed rectangle the cuts cannot free.
pub fn free(area: Rect, fixed: &[Rect]) -> Result<Vec<Rect>, usize> {
    let inside: Vec<(usize, Rect)> =
        fixed.iter().enumerate().filter(|(_, f)| area.meets(f)).map(|(i, f)| (i, area.clip(f))).collect();
    if inside.is_empty() {
        return Ok(if area.span > 0 && area.lines > 0 { vec![area] } else { vec![] });
    }
    if inside.len() == 1 && inside[0].1 == area {
        return Ok(vec![]);
    }
    let crosses_h = |y: usize| inside.iter().any(|(_, f)| f.top < y && y < f.bottom());
    let crosses_v = |x: usize| inside.iter().any(|(_, f)| f.col < x && x < f.right());
    let ys = inside.iter().flat_map(|(_, f)| [f.top, f.bottom()]).filter(|&y| y > area.top && y < area.bottom());
    if let Some(y) = ys.clone().filter(|&y| !crosses_h(y)).min() {
        let upper = Rect { lines: y - area.top, ..area };
        let lower = Rect { top: y, lines: area.bottom() - y, ..area };
        return Ok([free(upper, fixed)?, free(lower, fixed)?].concat());
    }
    let xs = inside.iter().flat_map(|(_, f)| [f.col, f.right()]).filter(|&x| x > area.col && x < area.right());
    if let Some(x) = xs.clone().filter(|&x| !crosses_v(x)).min() {
        let left = Rect { span: x - area.col, ..area };
        let right = Rect { col: x, span: area.right() - x, ..area };
        return Ok([free(left, fixed)?, free(right, fixed)?].concat());
    }
    Err(inside[0].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(col: usize, top: usize, span: usize, lines: usize) -> Rect {
        Rect { col, top, span, lines }
    }

    #[test]
    fn a_module_down_one_side_leaves_the_other_columns() {
        let got = free(r(0, 0, 5, 100), &[r(4, 0, 1, 100)]).unwrap();
        assert_eq!(got, vec![r(0, 0, 4, 100)]);
    }

    #[test]
    fn a_module_in_a_corner_leaves_a_band_beside_and_the_width_below() {
        let got = free(r(0, 0, 5, 100), &[r(0, 0, 2, 40)]).unwrap();
        assert_eq!(got, vec![r(2, 0, 3, 40), r(0, 40, 5, 60)]);
    }

    #[test]
    fn a_module_in_the_middle_is_cut_around_and_interlocked_modules_are_refused() {
        assert_eq!(
            free(r(0, 0, 5, 100), &[r(1, 10, 3, 20)]),
            Ok(vec![r(0, 0, 5, 10), r(0, 10, 1, 20), r(4, 10, 1, 20), r(0, 30, 5, 70)])
        );
        // Two modules that interlock leave no straight cut.
        let pinwheel = [r(0, 0, 3, 10), r(3, 0, 2, 30), r(2, 30, 3, 10), r(0, 10, 2, 30)];
        assert!(free(r(0, 0, 5, 40), &pinwheel).is_err());
    }
}
