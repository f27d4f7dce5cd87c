//! Set lines and blocks put on the page: lines at their baselines, stacks of heads, a body's placed
//! stream, the marks proofs read, photos cropped to their frames, styles scaled.

use super::ctx::Ctx;
use super::flow::{self, Column, Elem};
use crate::frame::{Item, LineMark, RectItem, RuleItem, TextItem};
use crate::model::Cmyk;
use crate::text::{Line, TextStyle};

/// Puts a set line on the page with its left end at `x` and baseline at `y`.
pub fn emit_line(items: &mut Vec<Item>, line: &Line, x: f64, y: f64) {
    for run in &line.runs {
        items.push(Item::Text(TextItem {
            x,
            y: y - run.rise,
            font: run.font,
            size: run.size,
            color: run.color,
            glyphs: run.glyphs.clone(),
            text: run.text.clone(),
            hscale: line.hscale,
        }));
        // Drawn over the glyphs, in their ink, so it stays on the text's plate.
        if let (Some((above, width)), Some(first), Some(last)) = (run.strike, run.glyphs.first(), run.glyphs.last()) {
            let y = y - run.rise - above;
            let to = (x + last.x + last.advance, y);
            items.push(Item::Rule(RuleItem { from: (x + first.x, y), to, width, color: run.color }));
        }
    }
}

/// Stacks lines from `*y` (the top of the first line's body) at the style's leading and moves `*y`
/// below the last one.
pub fn stack(items: &mut Vec<Item>, lines: &[Line], style: &TextStyle, x: f64, y: &mut f64) {
    for line in lines {
        let baseline = *y + style.leading - (style.leading - style.size) / 2.0 - style.size * 0.2;
        emit_line(items, line, x, baseline);
        *y += style.leading;
    }
}

/// Draws the placed elements of a stream.
pub fn render(ctx: &Ctx, stream: &[Elem], placed: &[flow::Placed], columns: &[Column], items: &mut Vec<Item>) {
    for p in placed {
        let col = &columns[p.col];
        match &stream[p.elem] {
            Elem::Line { line, .. } => emit_line(items, line, col.x, ctx.t.line_baseline(p.band)),
            Elem::Block { items: block, .. } => {
                let dy = ctx.t.line_top(p.band);
                items.extend(block.iter().map(|i| crate::frame::translate(i, col.x, dy)));
            }
            Elem::Gap => {}
        }
    }
}

/// Records where each body line landed, for proofs.
pub fn mark_lines(
    ctx: &Ctx,
    slug: &str,
    stream: &[Elem],
    placed: &[flow::Placed],
    columns: &[Column],
    out: &mut Vec<LineMark>,
) {
    for p in placed {
        if let Elem::Line { line, para, index, count } = &stream[p.elem] {
            let col = &columns[p.col];
            out.push(LineMark {
                slug: slug.to_string(),
                rect: [col.x, ctx.t.line_top(p.band), col.width, ctx.t.baseline],
                para: *para,
                index: *index,
                count: *count,
                hyphenated: line.hyphenated,
                space_ratio: line.space_ratio,
                text: line.text.clone(),
            });
        }
    }
}

/// The placement of a picture of aspect `aspect` that covers `frame`, centred (crop to fill).
pub fn cover(frame: [f64; 4], aspect: f64) -> [f64; 4] {
    cover_at(frame, aspect, (0.5, 0.5))
}

/// Where a picture lands to cover `frame`, the point `focus` (fractions of its width and height)
/// as near the frame's centre as the picture's edges allow.
pub fn cover_at(frame: [f64; 4], aspect: f64, (fx, fy): (f64, f64)) -> [f64; 4] {
    let [x, y, w, h] = frame;
    if w / h > aspect {
        let ph = w / aspect;
        let top = (y + h / 2.0 - fy * ph).clamp(y + h - ph, y);
        [x, top, w, ph]
    } else {
        let pw = h * aspect;
        let left = (x + w / 2.0 - fx * pw).clamp(x + w - pw, x);
        [left, y, pw, h]
    }
}

/// A style at another size, leading scaled alike.
pub fn scaled(style: TextStyle, size: f64) -> TextStyle {
    let k = size / style.size;
    TextStyle { size, leading: style.leading * k, tracking: style.tracking * k, ..style }
}

/// A tint over a rectangle (sidebars, the promo box).
pub fn tint(rect: [f64; 4], color: Cmyk) -> Item {
    Item::Rect(RectItem { rect, fill: Some(color), stroke: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crop_keeps_the_focus_within_the_picture() {
        // A 3:2 picture in a square frame: 50 pt of its width are cut.
        let frame = [0.0, 0.0, 100.0, 100.0];
        assert_eq!(cover(frame, 1.5), [-25.0, 0.0, 150.0, 100.0]);
        assert_eq!(cover_at(frame, 1.5, (0.0, 0.5)), [0.0, 0.0, 150.0, 100.0], "left edge kept");
        assert_eq!(cover_at(frame, 1.5, (1.0, 0.5)), [-50.0, 0.0, 150.0, 100.0], "right edge kept");
        assert_eq!(cover_at(frame, 1.5, (0.4, 0.5)), [-10.0, 0.0, 150.0, 100.0], "the point at the centre");
        // A 2:3 picture in a square frame, focus at the top.
        assert_eq!(cover_at(frame, 2.0 / 3.0, (0.5, 0.0)), [0.0, 0.0, 100.0, 150.0]);
    }
}
