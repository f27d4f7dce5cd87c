//! An article's body set at its column measure: paragraphs, subheads and pull quotes as a stream
//! of lines, gaps and blocks that the flow then places.

use super::ctx::{Ctx, body_setting};
use super::emit::{emit_line, stack};
use super::flow::Elem;
use crate::frame::{Item, RuleItem};
use crate::model::{Block, Face, Span};
use crate::text::{Align, Line, Setting};

/// How the paragraphs of a running-text style are set: justified with the issue's micro-typography,
/// or flush left when the template's style says `ragged`.
pub(super) fn paragraph_setting(ctx: &Ctx, style_name: &str) -> Setting {
    if ctx.t.styles.get(style_name).is_some_and(|s| s.ragged) {
        return Setting { hyphenate: true, ..Setting::ragged(Align::Left) };
    }
    let mut base = body_setting(&ctx.issue.hyphenation.microtype);
    // Glyph expansion is for the body; box text keeps natural glyphs (known issue: pdftotext
    // loses the spaces of scaled lines that mix faces, as box lead-ins do).
    if style_name != "body" {
        (base.expansion, base.protrusion) = (0.0, false);
    }
    base
}

/// A body paragraph other than a drop-capped first one, set at the column measure; `indented`
/// when it follows another paragraph.
pub fn paragraph_lines(ctx: &mut Ctx, spans: &[Span], width: f64, style_name: &str, indented: bool) -> Vec<Line> {
    let body = ctx.styles.get(style_name);
    let indent = if indented { indent_of(ctx, style_name) } else { 0.0 };
    let setting = Setting { indent, ..paragraph_setting(ctx, style_name) };
    ctx.set(spans, &body, width, &setting)
}

/// The first-line indent, in points, of a paragraph in `style_name` that follows another.
pub fn indent_of(ctx: &Ctx, style_name: &str) -> f64 {
    let style = ctx.t.style(style_name);
    style.indent * style.size
}

/// The body as a stream of lines, gaps and blocks, set at the column measure.
pub fn body_stream(ctx: &mut Ctx, blocks: &[Block], width: f64, style_name: &str, dropcap: usize) -> Vec<Elem> {
    let body = ctx.styles.get(style_name);
    let base = paragraph_setting(ctx, style_name);
    let indent = indent_of(ctx, style_name);
    let mut out = Vec::new();
    let mut indent_next = false;
    for (para, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph(spans) => {
                let indent = if indent_next { indent } else { 0.0 };
                let drawn_lines = ctx.most_drawn_lines().saturating_sub(out.len());
                let setting = Setting { indent, drawn_lines, ..base.clone() };
                let capped = if para == 0 && dropcap > 0 {
                    super::dropcap::set_with_dropcap(ctx, spans, &body, width, &setting, dropcap)
                } else {
                    None
                };
                let lines = capped.unwrap_or_else(|| ctx.set(spans, &body, width, &setting));
                push_lines(&mut out, lines, para);
                indent_next = true;
            }
            Block::Subhead(spans) => {
                out.push(Elem::Gap);
                out.push(subhead_block(ctx, spans, width));
                indent_next = false;
            }
            Block::Quote(spans) => {
                out.push(quote_block(ctx, spans, width));
                indent_next = false;
            }
        }
    }
    out
}

/// Appends a paragraph's lines to a stream as paragraph `para`.
pub fn push_lines(out: &mut Vec<Elem>, lines: Vec<Line>, para: usize) {
    let count = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        out.push(Elem::Line { line, para, index, count });
    }
}

/// A subhead as a block of whole grid lines that keeps with two lines of its text.
///
/// Its lines are set at the subhead style's own leading, which need not be the grid's. The last
/// one sits on a grid baseline, so the text under it is one grid line below as everywhere; the
/// others stack upwards at their leading, and the block takes as many grid lines as the first
/// one's ascent needs. What that rounding leaves over stays above the subhead, added to the blank
/// grid line before it: space above a subhead separates, space under it would cut the subhead
/// from its text. With a leading equal to the grid's this is one grid line per subhead line.
fn subhead_block(ctx: &mut Ctx, spans: &[Span], width: f64) -> Elem {
    let style = ctx.styles.get("subhead");
    let lines = ctx.set(spans, &style, width, &Setting::ragged(Align::Left));
    let (base, leading) = (ctx.t.baseline, style.leading);
    let last_in_band = ctx.t.line_baseline(0) - ctx.t.line_top(0);
    let rise = (lines.len().saturating_sub(1)) as f64 * leading;
    let ascent = style.size * 0.75;
    let bands = (((rise + ascent - last_in_band) / base).ceil().max(0.0) as usize + 1).max(lines.len().min(1));
    let last = (bands - 1) as f64 * base + last_in_band;
    let mut items = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        emit_line(&mut items, line, 0.0, last - (lines.len() - 1 - k) as f64 * leading);
    }
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    Elem::Block { bands, items, text, keep: 2 }
}

/// A pull quote between two rules, as a block of whole grid lines.
fn quote_block(ctx: &mut Ctx, spans: &[Span], width: f64) -> Elem {
    let style = ctx.styles.get("quote");
    let spans: Vec<Span> =
        spans.iter().map(|s| Span { text: s.text.clone(), face: Face::Italic, struck: s.struck }).collect();
    let lines = ctx.set(&spans, &style, width, &Setting::ragged(Align::Left));
    let base = ctx.t.baseline;
    let mut items = Vec::new();
    let rule = ctx.t.color("rule");
    items.push(Item::Rule(RuleItem { from: (0.0, base * 0.5), to: (width, base * 0.5), width: 1.0, color: rule }));
    let mut y = base * 0.8;
    stack(&mut items, &lines, &style, 0.0, &mut y);
    let bands = ((y + base * 0.7) / base).ceil() as usize;
    let bottom = bands as f64 * base - base * 0.4;
    items.push(Item::Rule(RuleItem { from: (0.0, bottom), to: (width, bottom), width: 1.0, color: rule }));
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    Elem::Block { bands: bands + 1, items, text, keep: 0 }
}

/// The set lines of a stream, without its gaps and blocks.
pub fn stream_lines(stream: &[Elem]) -> Vec<&Line> {
    stream
        .iter()
        .filter_map(|e| match e {
            Elem::Line { line, .. } => Some(line),
            _ => None,
        })
        .collect()
}
