//! Vertical justification: columns feathered with whole grid lines of white down to their
//! module's foot (or to the longest column), so a module a little taller than its text is filled.

use super::flow::{Column, Elem, ModuleFlow, column_ends};

/// Most grid lines of white a column takes between its paragraphs to end with the others.
pub const JUSTIFY: usize = 3;

/// Vertical justification: a column ending two or more grid lines above its target gets a line
/// of white above its lowest subheads and pull quotes, then between its lowest paragraphs, one a
/// gap, up to [`JUSTIFY`], as compositors feather a column rather than leave its foot empty. The
/// target is the module's foot when the longest column ends within [`JUSTIFY`] lines of it (so a
/// module a few lines taller than its text is filled, and the planner may count on it), else the
/// longest column (the module is simply too tall, and the report says so).
pub(super) fn justify(elems: &[Elem], f: &mut ModuleFlow, columns: &[Column]) {
    let ends: Vec<usize> = column_ends(elems, f, columns).collect();
    let Some(&longest) = ends.iter().max() else { return };
    let offered: Vec<usize> = (0..columns.len()).filter(|&k| !columns[k].bands.is_empty()).collect();
    for (&col, &end) in offered.iter().zip(&ends) {
        let foot = columns[col].bands.end;
        let target = if longest + JUSTIFY >= foot { foot } else { longest };
        let want = target.saturating_sub(end);
        if want < 2 {
            continue;
        }
        let head = f.placed.iter().filter(|p| p.col == col).map(|p| p.band).min().unwrap_or(0);
        let mut gaps: Vec<usize> =
            f.placed.iter().filter(|p| p.col == col && p.band > head && opens(elems, p.elem)).map(|p| p.elem).collect();
        // Blocks first (white above a subhead reads as spacing), then paragraphs, lowest first.
        gaps.sort_by_key(|&e| (matches!(elems[e], Elem::Line { .. }), std::cmp::Reverse(e)));
        gaps.truncate(want.min(JUSTIFY));
        for &g in &gaps {
            for p in f.placed.iter_mut().filter(|p| p.col == col && p.elem >= g) {
                p.band += 1;
            }
        }
    }
}

/// Whether element `i` opens a paragraph, a subhead or a pull quote: a place where a line of
/// white can go.
fn opens(elems: &[Elem], i: usize) -> bool {
    match &elems[i] {
        Elem::Line { index, .. } => *index == 0,
        Elem::Block { .. } => !matches!(elems.get(i.wrapping_sub(1)), Some(Elem::Gap)),
        Elem::Gap => true,
    }
}
