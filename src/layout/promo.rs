//! The reader-message promo box: heading, front-page thumbnail and picture, text and price list.
//!
//! The box takes whatever shape its module has, and with `[messages] fill = true` that shape is
//! the largest space the messages leave, so it may be one column or the page's full width. One
//! measure across a wide box would run to a hundred characters a line, so the text always runs
//! through the box's grid columns at the body measure, balanced so that its columns end on the
//! same line, with the price list at the foot of the last. Up to two columns wide the pictures go
//! across the box above the text; from three, they take its left half (by whole columns) and the
//! text the columns to their right. `promo_fill` sets the text larger when the columns have room.

use super::body::body_stream;
use super::ctx::{Ctx, module_rect};
use super::emit::stack;
use super::emit::{cover, render, tint};
use super::flow::{self, Column, Elem};
use super::streams::BOX_PAD as PAD;
use crate::frame::{ImageItem, Item, ModuleBox, PageFrame, RuleItem, ThumbnailItem};
use crate::model::issue::PromoDef;
use crate::model::{Article, Module, Span};
use crate::text::{Align, Line};

/// Boxes this many columns wide or more put the pictures beside the text.
const WIDE: usize = 3;

/// What the box shows, besides its module.
struct Parts<'a> {
    promo: &'a Article,
    def: &'a PromoDef,
    thumb: Option<&'a PageFrame>,
    /// Only whether the text fits is asked: it is set at the box text's size, never larger.
    measuring: bool,
}

/// Lays out the promo box on a tint. Returns a warning when its text does not fit.
pub fn lay_out_promo(
    ctx: &mut Ctx,
    page: usize,
    m: &Module,
    frame: &mut PageFrame,
    thumb: Option<&PageFrame>,
) -> Option<String> {
    promo_box(ctx, (page, m), frame, thumb, false)
}

/// Whether the promo box's text fits module `m` (for the planner, which asks of many heights).
pub fn fits(ctx: &mut Ctx, page: usize, m: &Module, thumb: Option<&PageFrame>) -> bool {
    let size = ctx.t.page_size;
    let mut frame = PageFrame { number: page, size, items: vec![], modules: vec![], lines: vec![] };
    promo_box(ctx, (page, m), &mut frame, thumb, true).is_none()
}

fn promo_box(
    ctx: &mut Ctx,
    (page, m): (usize, &Module),
    frame: &mut PageFrame,
    thumb: Option<&PageFrame>,
    measuring: bool,
) -> Option<String> {
    let promo = ctx.issue.promo.clone()?;
    let def = ctx.issue.def.promo.clone()?;
    let parts = Parts { promo: &promo, def: &def, thumb, measuring };
    let rect = module_rect(ctx.t, page, m);
    let items = &mut frame.items;
    items.push(tint(rect, ctx.t.color("promo_tint")));
    let style = ctx.styles.get("box_heading");
    let heading = super::emit::scaled(style, style.size * 1.4);
    let lines = ctx.set_display(&[Span::plain(&promo.front.headline)], &heading, rect[2] - 2.0 * PAD);
    let mut y = rect[1] + PAD;
    stack(items, &lines, &heading, rect[0] + PAD, &mut y);
    y += PAD;
    let left = if m.def.span >= WIDE {
        wide(ctx, page, m, &parts, y, items)
    } else {
        narrow(ctx, page, m, &parts, rect, y, items)
    };
    frame.modules.push(ModuleBox { label: "promo".into(), rect, planned: m.planned });
    (left > 0).then(|| format!("promo box (page {page}): overset by {left} lines"))
}

/// Pictures across the box under the heading, then the text through the box's grid columns
/// below them. Returns the lines left over.
fn narrow(
    ctx: &mut Ctx,
    page: usize,
    m: &Module,
    parts: &Parts,
    rect: [f64; 4],
    y: f64,
    items: &mut Vec<Item>,
) -> usize {
    let y = y + visuals(ctx, parts, [rect[0] + PAD, y, rect[2] - 2.0 * PAD, rect[3] * 0.45], items);
    let columns = text_columns(ctx, page, m, 0, first_line_below(ctx, y));
    text_and_prices(ctx, parts, columns, false, items)
}

/// Pictures in the left half of the box (whole columns), the text through the columns to their
/// right. Returns the lines left over.
fn wide(ctx: &mut Ctx, page: usize, m: &Module, parts: &Parts, y: f64, items: &mut Vec<Item>) -> usize {
    let t = ctx.t;
    let picture_cols = m.def.span / 2;
    let x = t.column_x(page, m.col);
    let foot = t.line_top(m.top + m.height) - PAD;
    let slot = [x + PAD, y, t.span_width(picture_cols) - 2.0 * PAD, foot - y];
    visuals(ctx, parts, slot, items);
    let columns = text_columns(ctx, page, m, picture_cols, first_line_below(ctx, y));
    text_and_prices(ctx, parts, columns, true, items)
}

/// The box's grid columns from its `from`-th, padded, from grid line `band` to the box's foot.
fn text_columns(ctx: &Ctx, page: usize, m: &Module, from: usize, band: usize) -> Vec<Column> {
    let t = ctx.t;
    (from..m.def.span)
        .map(|c| Column {
            x: t.column_x(page, m.col + c) + PAD,
            width: t.column_width() - 2.0 * PAD,
            bands: band..m.top + m.height,
        })
        .collect()
}

/// The first grid line whose band starts at or below `y`.
fn first_line_below(ctx: &Ctx, y: f64) -> usize {
    ((y - ctx.t.margins[0]) / ctx.t.baseline).ceil() as usize
}

/// Sets the text at the columns' measure and flows it through them above the price list, which
/// goes at the foot: under the last column, or `across` the text columns (at most two columns
/// wide) when the box is wide. Returns the lines left over.
fn text_and_prices(
    ctx: &mut Ctx,
    parts: &Parts,
    mut columns: Vec<Column>,
    across: bool,
    items: &mut Vec<Item>,
) -> usize {
    let (Some(first), Some(last)) = (columns.first(), columns.last()) else { return 0 };
    let (x, width) = if across {
        (first.x, (last.x + last.width - first.x).min(ctx.t.span_width(2) - 2.0 * PAD))
    } else {
        (last.x, last.width)
    };
    let table = price_table(ctx, parts.def, width);
    let end = last.bands.end - table.len().min(last.bands.len());
    let cut = if across { 0 } else { columns.len() - 1 };
    for c in &mut columns[cut..] {
        c.bands = c.bands.start.min(end)..end.max(c.bands.start.min(end));
    }
    let left = if !parts.measuring && super::promo_fill::large_text(ctx, &parts.promo.blocks, &columns, items) {
        0
    } else {
        grid_text(ctx, parts, columns, items)
    };
    draw_prices(ctx, &table, x, end, items);
    left
}

/// The text at the box text's size, on the grid, balanced; returns the lines left over.
fn grid_text(ctx: &mut Ctx, parts: &Parts, columns: Vec<Column>, items: &mut Vec<Item>) -> usize {
    let stream = body_stream(ctx, &parts.promo.blocks, columns[0].width, "box_text", 0);
    let columns = balanced(&stream, columns);
    let f = flow::flow(&stream, 0, &columns);
    render(ctx, &stream, &f.placed, &columns, items);
    stream.len() - f.next
}

/// The columns cut to the fewest lines that still take the whole stream, so that text spread over
/// several columns ends on the same line in each instead of filling the first and leaving the
/// rest empty. The cut applies to every column but never lengthens one (the last is shorter by the
/// price list). When even the full columns cannot take the text, they are returned whole.
fn balanced(stream: &[Elem], columns: Vec<Column>) -> Vec<Column> {
    if columns.len() < 2 {
        return columns;
    }
    let start = columns[0].bands.start;
    let longest = columns.iter().map(|c| c.bands.len()).max().unwrap_or(0);
    let cut = |k: usize| -> Vec<Column> {
        columns.iter().map(|c| Column { bands: start..c.bands.end.min(start + k), ..*c }).collect()
    };
    (1..longest).map(cut).find(|cols| flow::flow(stream, 0, cols).next >= stream.len()).unwrap_or(columns)
}

/// Draws the thumbnail and the picture side by side in `slot` (x, y, width, maximum height),
/// each keeping its proportions (the thumbnail centred in its share when the height limits it);
/// returns the height used, padding included.
fn visuals(ctx: &Ctx, parts: &Parts, slot: [f64; 4], items: &mut Vec<Item>) -> f64 {
    let image = parts.def.image.as_ref().and_then(|k| ctx.issue.images.get(k).map(|i| (k, i)));
    let n = usize::from(parts.thumb.is_some()) + usize::from(image.is_some());
    if n == 0 {
        return 0.0;
    }
    let [x, y, w, max_h] = slot;
    let each = (w - (n - 1) as f64 * PAD) / n as f64;
    let mut h: f64 = 0.0;
    let mut cx = x;
    if let Some(page) = parts.thumb {
        let (pw, ph) = page.size;
        let th = (each * ph / pw).min(max_h);
        let tw = th * pw / ph;
        let t = ThumbnailItem { rect: [cx + (each - tw) / 2.0, y, tw, th], page: Box::new(page.clone()) };
        items.push(Item::Thumbnail(t));
        h = h.max(th);
        cx += each + PAD;
    }
    if let Some((key, img)) = image {
        let ih = (each / img.aspect()).min(max_h);
        let frame = [cx, y, each, ih];
        let (placed, backdrop) = (cover(frame, img.aspect()), Some(ctx.t.color("promo_tint")));
        items.push(Item::Image(ImageItem { key: key.clone(), frame, placed, backdrop }));
        h = h.max(ih);
    }
    h + PAD
}

/// The price list as a small table: the deadline, then one row per format with its size and
/// price, the three in aligned columns (format flush left, size after the longest format, price
/// flush right), to be put one row per grid line at the foot of the box.
fn price_table(ctx: &mut Ctx, def: &PromoDef, width: f64) -> Vec<Vec<(Line, f64)>> {
    let mut rows = Vec::new();
    let style = ctx.styles.get("box_text");
    let bold =
        crate::text::TextStyle { fonts: crate::text::FontSet { regular: style.fonts.bold, ..style.fonts }, ..style };
    if let Some(d) = def.deadline.and_then(|d| d.date) {
        let date = crate::model::Date { year: d.year, month: d.month, day: d.day }.french();
        let line = ctx.set_plain(&format!("Date limite : {date}"), &bold, width, Align::Left);
        rows.push(line.into_iter().take(1).map(|l| (l, 0.0)).collect());
    }
    let mut cells = Vec::new();
    for p in &def.prices {
        let size = ctx.t.messages.as_ref().and_then(|f| f.formats.get(&p.format)).map(|f| {
            let (w, h) = (ctx.t.span_width(f.span), f.lines as f64 * ctx.t.baseline);
            format!("{:.0} × {:.0} mm", crate::units::to_mm(w), crate::units::to_mm(h))
        });
        let first = |l: Vec<Line>| l.into_iter().next();
        let format = first(ctx.set_plain(&format!("{} de page", p.format), &style, width, Align::Left));
        let size = size.and_then(|s| first(ctx.set_plain(&s, &style, width, Align::Left)));
        let price = first(ctx.set_plain(&p.price, &bold, width, Align::Left));
        cells.push((format, size, price));
    }
    let widest_format = cells.iter().filter_map(|c| c.0.as_ref()).map(|l| l.width).fold(0.0_f64, f64::max);
    let size_x = widest_format + style.size;
    for (format, size, price) in cells {
        let mut row: Vec<(Line, f64)> = format.into_iter().map(|l| (l, 0.0)).collect();
        row.extend(size.map(|l| (l, size_x)));
        row.extend(price.map(|l| {
            let x = width - l.width;
            (l, x)
        }));
        rows.push(row);
    }
    rows
}

/// One row per grid line from line `first`, each cell at its column, ruled between rows.
fn draw_prices(ctx: &Ctx, table: &[Vec<(Line, f64)>], x: f64, first: usize, items: &mut Vec<Item>) {
    let size = ctx.styles.get("box_text").size;
    let width = table.iter().flatten().map(|(l, at)| at + l.width).fold(0.0_f64, f64::max);
    for (i, row) in table.iter().enumerate() {
        let baseline = ctx.t.line_baseline(first + i) - ctx.t.baseline * 0.3;
        for (line, at) in row {
            super::emit::emit_line(items, line, x + at, baseline);
        }
        if i > 0 {
            let ry = baseline + size * 0.35;
            let color = ctx.t.color("rule");
            items.push(Item::Rule(RuleItem { from: (x, ry), to: (x + width, ry), width: 0.5, color }));
        }
    }
}
