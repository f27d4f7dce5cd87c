//! The free grid of a laid-out page: per column, the grid lines no module covers (under the
//! nameplate on the front page), for the proof and the planner's report.

use crate::frame::PageFrame;
use crate::model::Template;

/// Grid lines free in each column of `page` whose type area starts at grid line `first`.
pub fn free_lines(t: &Template, page: &PageFrame, first: usize) -> Vec<usize> {
    let lines = t.grid_lines();
    let mut taken = vec![vec![false; lines]; t.columns];
    for m in &page.modules {
        let [x, y, w, h] = m.rect;
        for (c, col) in taken.iter_mut().enumerate() {
            let cx = t.column_x(page.number, c) + t.column_width() / 2.0;
            if cx < x || cx > x + w {
                continue;
            }
            for (l, cell) in col.iter_mut().enumerate() {
                let cy = t.line_top(l) + t.baseline / 2.0;
                if cy >= y && cy <= y + h {
                    *cell = true;
                }
            }
        }
    }
    taken.iter().map(|col| col.iter().skip(first).filter(|t| !**t).count()).collect()
}
