//! The promo box's text at the largest size that fills its columns, when it has room to spare.
//!
//! The promo box is an advertisement with a fixed text of a few sentences, and its module is
//! whatever space the messages leave: at the box text's size that text may take a quarter of its
//! columns and leave the rest as bare tint, which reads as a corner nobody finished. So the text
//! is set in the body's face and setting (justified, hyphenated) at the largest size, in half
//! points from one and a half times the body's size down, whose lines fit the columns when
//! balanced and keep every e-mail or web address whole on a line (every column but the last holding the same number of lines, no
//! paragraph leaving one line alone at a column's foot or head). The leading grows with the size
//! in the body's proportion, so these lines leave the page's baseline grid: the box is a
//! tinted unit of its own, like a photo, and lines of another size could not keep to the grid
//! without gaps of whole grid lines between them. When only the box text's own size fits, the
//! caller sets the text on the grid as before.

use super::body::paragraph_setting;
use super::ctx::Ctx;
use super::emit::scaled;
use super::flow::Column;
use crate::frame::Item;
use crate::model::article::Block;
use crate::text::{Line, Setting, TextStyle};

/// A set line with its place in its paragraph: (line, index, lines in the paragraph). `split`
/// sees only the last two.
type Placed = (Line, usize, usize);

/// Sets `blocks` larger than the box text in `columns` when that fills them better; returns false
/// (drawing nothing) when the box text's size is the largest that fits, or the text holds more
/// than paragraphs.
pub fn large_text(ctx: &mut Ctx, blocks: &[Block], columns: &[Column], items: &mut Vec<Item>) -> bool {
    let Some(first) = columns.first() else { return false };
    let base = ctx.styles.get("body");
    let top = ctx.t.line_top(first.bands.start);
    let heights: Vec<f64> = columns.iter().map(|c| ctx.t.line_top(c.bands.end) - top).collect();
    // Addresses whole if any size allows it; else broken at their seams only, as the breaker does.
    for keep_whole in [true, false] {
        let mut size = (base.size * LARGEST * 2.0).round() / 2.0;
        while size > base.size + 0.25 {
            let style = scaled(base, size);
            let Some(lines) = paragraphs(ctx, blocks, &style, first.width) else { return false };
            let caps: Vec<usize> = heights.iter().map(|h| (h / style.leading).max(0.0).floor() as usize).collect();
            let marks: Vec<(usize, usize)> = lines.iter().map(|&(_, index, count)| (index, count)).collect();
            let whole = !keep_whole || !splits_an_address(&lines);
            if let Some(counts) = split(&marks, &caps).filter(|_| whole) {
                place(&lines, &counts, columns, top, style.leading, items);
                return true;
            }
            size -= 0.5;
        }
    }
    false
}

/// The largest size the text takes, as a multiple of the body's: a box of a few sentences set
/// larger than that reads as a poster with a handful of words a line.
const LARGEST: f64 = 1.5;

/// Whether a line ends inside an e-mail address or a web address (after `@` or `/`, before a
/// `.`, or on a hyphen inside the address): a reader copies an address whole, so a size that
/// breaks one is passed over for a smaller one that keeps it on a line.
fn splits_an_address(lines: &[Placed]) -> bool {
    lines.windows(2).any(|w| {
        let ((a, index, _), (b, next, _)) = (&w[0], &w[1]);
        if *next != index + 1 {
            return false;
        }
        let tail = a.text.split_whitespace().last().unwrap_or("");
        let head = b.text.split_whitespace().next().unwrap_or("");
        let address = |w: &str| w.contains('@') || w.contains("://") || w.starts_with("www.");
        tail.ends_with(['@', '/']) || head.starts_with(['.', '@']) || (a.hyphenated && address(tail))
    })
}

/// The paragraphs set in `style` at `width`, later ones indented by an em as in the grid flow;
/// None when the text has subheads or quotes, which only the grid flow places.
fn paragraphs(ctx: &mut Ctx, blocks: &[Block], style: &TextStyle, width: f64) -> Option<Vec<Placed>> {
    // The body's setting: justified and hyphenated, like the text around the box.
    let base = paragraph_setting(ctx, "body");
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Block::Paragraph(spans) = block else { return None };
        let setting = Setting { indent: if i > 0 { style.size } else { 0.0 }, ..base.clone() };
        let lines = ctx.set(spans, style, width, &setting);
        let count = lines.len();
        out.extend(lines.into_iter().enumerate().map(|(index, line)| (line, index, count)));
    }
    Some(out)
}

/// How many lines each column takes: the smallest even share that holds them all, each column
/// holding at most its capacity, and a column ending one line early rather than leave a
/// paragraph's first line at its foot or its last line at the next column's head. None when the
/// lines do not fit.
fn split(lines: &[(usize, usize)], caps: &[usize]) -> Option<Vec<usize>> {
    let most = caps.iter().copied().max()?;
    (1..=most).find_map(|share| {
        let mut counts = Vec::with_capacity(caps.len());
        let mut at = 0;
        for &cap in caps {
            let mut n = share.min(cap).min(lines.len() - at);
            while n > 1 && lonely(lines, at + n) {
                n -= 1;
            }
            counts.push(n);
            at += n;
        }
        (at == lines.len()).then_some(counts)
    })
}

/// Whether a column ending before line `end` leaves a paragraph's first line at its foot (an
/// orphan) or its last line alone at the next column's head (a widow).
fn lonely(lines: &[(usize, usize)], end: usize) -> bool {
    if end == 0 || end >= lines.len() {
        return false;
    }
    let (index, count) = lines[end - 1];
    (index == 0 && count > 1) || index + 2 == count
}

/// Draws the lines column by column, the first baseline a quarter of the leading above the foot
/// of the first line's band, as the grid places the box text's own lines.
fn place(lines: &[Placed], counts: &[usize], columns: &[Column], top: f64, leading: f64, items: &mut Vec<Item>) {
    let mut next = lines.iter();
    for (col, &n) in columns.iter().zip(counts) {
        for (j, (line, _, _)) in next.by_ref().take(n).enumerate() {
            super::emit::emit_line(items, line, col.x, top + (j as f64 + 0.75) * leading);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(count: usize) -> Vec<(usize, usize)> {
        (0..count).map(|i| (i, count)).collect()
    }

    #[test]
    fn the_columns_share_the_lines_evenly() {
        assert_eq!(split(&para(9), &[20, 20, 20]), Some(vec![3, 3, 3]));
        assert_eq!(split(&para(10), &[20, 20, 20]), Some(vec![4, 4, 2]));
        assert_eq!(split(&para(10), &[20, 20, 3]), Some(vec![4, 4, 2]));
        assert_eq!(split(&para(10), &[3, 3, 3]), None);
    }

    #[test]
    fn a_column_ends_early_rather_than_leave_a_line_alone() {
        // Two paragraphs of three lines: any cut inside one leaves a line alone, so each column
        // takes a whole paragraph.
        let mut lines = para(3);
        lines.extend(para(3));
        assert_eq!(split(&lines, &[3, 3, 3]), Some(vec![3, 3, 0]));
        // A four-line paragraph cuts 2 / 2, never 3 / 1 or 1 / 3.
        assert_eq!(split(&para(4), &[3, 3]), Some(vec![2, 2]));
        assert!(lonely(&para(4), 3) && lonely(&para(4), 1) && !lonely(&para(4), 2));
    }
}
