//! The drop cap (lettrine): the first letter of an article's first paragraph, as tall as a few
//! lines, with those lines set narrower beside it through the breaker's per-line widths.

use super::ctx::Ctx;
use crate::model::Span;
use crate::text::{Line, PlacedGlyph, Run, Setting, TextStyle};

/// Room between the drop cap and the text beside it, in ems of the body size.
const GAP_EM: f64 = 0.2;

/// Sets a paragraph with a drop cap `n` lines deep; None when it does not open with a letter.
pub fn set_with_dropcap(
    ctx: &mut Ctx,
    spans: &[Span],
    body: &TextStyle,
    width: f64,
    setting: &Setting,
    n: usize,
) -> Option<Vec<Line>> {
    let first = spans.first()?;
    let cap = first.text.chars().next().filter(|c| c.is_alphabetic())?;
    let mut rest = spans.to_vec();
    rest[0].text = first.text[cap.len_utf8()..].to_string();
    let font = body.fonts.regular;
    let f = ctx.shaper.book.get(font);
    let cap_height = f.face.capital_height().map_or(0.66, |h| f64::from(h) / f.units_per_em);
    // The letter's top aligns with the first line's capitals and its foot sits on line n's baseline.
    let size = ((n - 1) as f64 * body.leading + body.size * cap_height) / cap_height;
    let shaped = ctx.shaper.shape(font, &cap.to_string());
    let glyph = shaped.glyphs.first()?.clone();
    let advance = ctx.shaper.book.get(font).to_pt(shaped.advance, size);
    let indent = advance + body.size * GAP_EM;
    let shape = move |line: usize| if line < n { width - indent } else { width };
    let mut lines = ctx.set_shaped(&rest, body, &shape, setting);
    for line in lines.iter_mut().take(n) {
        for run in &mut line.runs {
            run.glyphs.iter_mut().for_each(|g| g.x += indent);
        }
        line.width += indent;
        line.measure = width;
    }
    let first_line = lines.first_mut()?;
    let placed = PlacedGlyph { id: glyph.id, x: 0.0, y: 0.0, advance, at: 0 };
    let rise = -((n - 1) as f64) * body.leading;
    let text = cap.to_string();
    first_line.runs.insert(0, Run { font, size, color: body.color, glyphs: vec![placed], text, rise, strike: None });
    first_line.text.insert(0, cap);
    Some(lines)
}
