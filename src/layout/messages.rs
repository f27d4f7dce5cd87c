//! Reader-message pages: packs the messages onto their pages, fits each one's text to its box,
//! reports the space left and may fill it with the promo box.

use super::ctx::Ctx;
use super::emit::scaled;
use super::emit::stack;
use super::pack::{self, Cell, Grid, Piece};
use super::report::{FreeArea, MessagesReport, Report};
use crate::frame::{ImageItem, Item, ModuleBox, PageFrame, RectItem};
use crate::model::messages::{MessageStyle, MessagesTemplate, Order};
use crate::model::{Cmyk, Message, Module, ModuleDef, ModuleKind, Span};
use crate::text::{Align, Line, Setting, TextStyle};

/// Padding inside a message's frame, in points.
const PAD: f64 = 5.0;
/// Heading size as a multiple of the text size.
const HEAD_RATIO: f64 = 1.3;

/// Packs, sets and reports the issue's messages (a no-op when the issue has none).
pub fn lay_out_messages(ctx: &mut Ctx, pages: &mut [PageFrame], report: &mut Report, thumb: Option<&PageFrame>) {
    let (Some(msgs), Some(def), Some(fmt)) =
        (ctx.issue.messages.as_ref(), ctx.issue.def.messages.as_ref(), ctx.t.messages.as_ref())
    else {
        return;
    };
    report.warnings.extend(msgs.warnings.iter().cloned());
    let order = packing_order(&msgs.list, def.order);
    let pieces: Vec<Piece> =
        order.iter().map(|&i| Piece { span: msgs.list[i].size.span, lines: msgs.list[i].size.lines }).collect();
    let grids = def.pages.iter().map(|&p| page_grid(ctx, p)).collect();
    let packing = pack::pack(grids, &pieces, fmt.gap);
    let mut out = MessagesReport { messages: msgs.list.len(), placed: packing.placed.len(), ..Default::default() };
    let name = msgs.source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for pl in &packing.placed {
        let m = &msgs.list[order[pl.piece]];
        let page = def.pages[pl.page];
        let rect = cell_rect(ctx, page, pl.cell);
        ctx.shaper.context = format!("{name} line {}", m.row);
        let set = set_message(ctx, m, rect, fmt);
        if set.overset > 0 {
            report.warnings.push(format!(
                "{name} line {}: message from « {} » does not fit its {} box even at {} pt ({} lines over)",
                m.row, m.sender, m.format, fmt.min_size, set.overset
            ));
        }
        out.sizes.push((m.row, set.size));
        let frame = &mut pages[page - 1];
        frame.items.extend(set.items);
        frame.modules.push(ModuleBox { label: format!("message {}", m.row), rect, planned: false });
    }
    out.sizes.sort_by_key(|s| s.0);
    unplaced_warnings(&packing, &order, msgs, def.pages.as_slice(), &name, report);
    out.pages_needed = packing.extra_pages;
    let smallest = fmt.formats.values().map(|f| f.lines).min().unwrap_or(1);
    let mut free = free_areas(ctx, &packing.grids, &def.pages, smallest);
    if def.fill && ctx.issue.promo.is_some() {
        let (area, warning) = fill_with_promo(ctx, pages, &mut free, fmt.gap, thumb);
        out.promo = area;
        report.warnings.extend(warning);
    }
    out.free = free;
    report.messages = Some(out);
}

/// Indices of the messages in placing order: larger formats first (by area, then height), then
/// by sender (letters compared without accents or case) or as listed.
fn packing_order(list: &[Message], order: Order) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..list.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ma, mb) = (&list[a], &list[b]);
        let size = |m: &Message| (m.size.span * m.size.lines, m.size.lines);
        size(mb).cmp(&size(ma)).then_with(|| match order {
            Order::Sender => sort_key(&ma.sender).cmp(&sort_key(&mb.sender)).then(a.cmp(&b)),
            Order::Listed => a.cmp(&b),
        })
    });
    idx
}

/// A sender's name for sorting: lower case, accents dropped, leading articles and quotes kept.
pub fn sort_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            other => other,
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect()
}

/// A page's grid with its nameplate and hand-placed modules (and the gap under them) taken.
fn page_grid(ctx: &Ctx, number: usize) -> Grid {
    let t = ctx.t;
    let mut g = Grid::new(t.columns, t.grid_lines());
    let page = &ctx.issue.pages[number - 1];
    let nameplate = t.variants.get(&page.variant).map_or(0, |v| v.nameplate_lines);
    g.block(Cell { col: 0, top: 0, span: t.columns, lines: nameplate });
    let gap = t.messages.as_ref().map_or(1, |f| f.gap);
    for m in &page.modules {
        g.block(Cell { col: m.col, top: m.top, span: m.def.span, lines: m.height + gap });
    }
    g
}

fn cell_rect(ctx: &Ctx, page: usize, c: Cell) -> [f64; 4] {
    let t = ctx.t;
    [t.column_x(page, c.col), t.line_top(c.top), t.span_width(c.span), c.lines as f64 * t.baseline]
}

fn unplaced_warnings(
    packing: &pack::Packing,
    order: &[usize],
    msgs: &crate::model::Messages,
    pages: &[usize],
    name: &str,
    report: &mut Report,
) {
    let list = &msgs.list;
    for &i in &packing.too_large {
        let m = &list[order[i]];
        report.warnings.push(format!(
            "{name} line {}: message from « {} » (format {}) is larger than a page; left out",
            m.row, m.sender, m.format
        ));
    }
    let fitting = packing.unplaced.len() - packing.too_large.len();
    if fitting > 0 {
        let pages_text: Vec<String> = pages.iter().map(usize::to_string).collect();
        let first: Vec<String> = packing
            .unplaced
            .iter()
            .filter(|i| !packing.too_large.contains(i))
            .take(3)
            .map(|&i| format!("line {}", list[order[i]].row))
            .collect();
        report.warnings.push(format!(
            "{name}: {fitting} of {} messages do not fit on page{} {} ({}…); they need {} more page{}",
            list.len(),
            if pages.len() == 1 { "" } else { "s" },
            pages_text.join(", "),
            first.join(", "),
            packing.extra_pages,
            if packing.extra_pages == 1 { "" } else { "s" }
        ));
    }
}

/// Free rectangles at least as tall as the smallest format, largest first.
fn free_areas(ctx: &Ctx, grids: &[Grid], pages: &[usize], smallest: usize) -> Vec<FreeArea> {
    let mut out = Vec::new();
    for (g, &page) in grids.iter().zip(pages) {
        for c in g.free_rects().into_iter().filter(|c| c.lines >= smallest) {
            let mm = |pt: f64| (crate::units::to_mm(pt) * 10.0).round() / 10.0;
            out.push(FreeArea {
                page,
                col: c.col + 1,
                top: c.top,
                span: c.span,
                lines: c.lines,
                mm: (mm(ctx.t.span_width(c.span)), mm(c.lines as f64 * ctx.t.baseline)),
            });
        }
    }
    out.sort_by_key(|a| (std::cmp::Reverse(a.span * a.lines), a.page, a.top, a.col));
    out
}

/// Puts the promo box in the largest free area (when it is at least a column by 20 lines).
fn fill_with_promo(
    ctx: &mut Ctx,
    pages: &mut [PageFrame],
    free: &mut Vec<FreeArea>,
    gap: usize,
    thumb: Option<&PageFrame>,
) -> (Option<FreeArea>, Option<String>) {
    let Some(area) = free.first().filter(|a| a.lines >= 20).cloned() else { return (None, None) };
    free.remove(0);
    let at_foot = area.top + area.lines >= ctx.t.grid_lines();
    let height = if at_foot { area.lines } else { area.lines.saturating_sub(gap) };
    let def = ModuleDef::at(ModuleKind::Promo, None, (area.col, area.span), (area.top, height));
    let module = Module::made(def, (area.top, height), false);
    ctx.shaper.context = "promo box".into();
    let warning = super::promo::lay_out_promo(ctx, area.page, &module, &mut pages[area.page - 1], thumb);
    (Some(area), warning)
}

/// A message set in its box.
struct SetMessage {
    items: Vec<Item>,
    size: f64,
    overset: usize,
}

/// The message's heading and text, set at one size, with the height they need.
struct Trial {
    head: Vec<Line>,
    head_style: TextStyle,
    /// Text lines with their column and their offset from the top of the text.
    text: Vec<(Line, usize, f64)>,
    text_style: TextStyle,
    col_width: f64,
    logo_h: f64,
    /// The logo stands left of the text rather than above it (see `logo_beside`).
    beside: bool,
    /// Heading, logo and text, with the space between them.
    height: f64,
}

/// A logo about as tall as it is wide stands beside the text in a box about as wide as it is
/// tall, or wider, and at least 60 mm wide (the text keeps 40 mm beside it): above the text it
/// would take a band of the box's height for a small picture with white on both sides. A wide
/// logo (a name, a loaf) reads as a heading and stays above, as does any logo in a narrow or tall
/// box, where the text needs the width.
fn logo_beside(aspect: f64, rect: [f64; 4]) -> bool {
    aspect <= 1.25 && rect[2] >= crate::units::mm(60.0) && rect[3] <= rect[2] * 1.2
}

/// The logo's height: above the text, up to a fifth of the box and no wider than the box; beside
/// it, up to two fifths of the box (38 mm at most) and no wider than 30 % of it, so the text keeps
/// its measure.
fn logo_height(aspect: f64, rect: [f64; 4], inner_w: f64, beside: bool) -> f64 {
    if beside {
        (rect[3] * 0.4).clamp(18.0, 108.0).min(inner_w * 0.3 / aspect)
    } else {
        (rect[3] * 0.22).clamp(18.0, 72.0).min(inner_w / aspect)
    }
}

/// Finds the largest size in the template's range at which the message fits its box (a binary
/// search over the size steps: a larger size never needs fewer lines), then draws it. A logo that
/// may stand beside the text (`logo_beside`) does so when that sets the text larger, or as large
/// in a box wider than tall, where a picture above the text would cut a band across it; above
/// wins where the text is long and needs the measure.
fn set_message(ctx: &mut Ctx, m: &Message, rect: [f64; 4], fmt: &MessagesTemplate) -> SetMessage {
    let aspect = m.logo.as_ref().and_then(|l| ctx.issue.images.get(l)).map(|img| img.aspect());
    let mut best = largest_fit(ctx, m, rect, fmt, false);
    if aspect.is_some_and(|a| logo_beside(a, rect)) {
        let beside = largest_fit(ctx, m, rect, fmt, true);
        let wide = rect[2] >= rect[3];
        if beside.0.is_some() && (beside.0 > best.0 || (wide && beside.0 == best.0)) {
            best = beside;
        }
    }
    let (fit, size, beside) = best;
    // Balancing keeps the number of lines, so only the size chosen is balanced.
    let tr = trial(ctx, m, rect, fmt, size, Layout { balanced: true, beside });
    let inner_h = rect[3] - 2.0 * PAD;
    let overset =
        if fit.is_some() { 0 } else { ((tr.height - inner_h) / tr.text_style.leading).ceil().max(1.0) as usize };
    SetMessage { items: draw(ctx, m, rect, &tr), size, overset }
}

/// The largest size step at which the message fits (`None`: not even the smallest), that size,
/// and where the logo stands.
fn largest_fit(
    ctx: &mut Ctx,
    m: &Message,
    rect: [f64; 4],
    fmt: &MessagesTemplate,
    beside: bool,
) -> (Option<usize>, f64, bool) {
    let max = m.size.max_size.unwrap_or(fmt.max_size);
    let steps = ((max - fmt.min_size) / fmt.step).round().max(0.0) as usize;
    let size_at = |i: usize| fmt.min_size + i as f64 * fmt.step;
    let inner_h = rect[3] - 2.0 * PAD;
    let layout = Layout { balanced: false, beside };
    let fits = |ctx: &mut Ctx, i: usize| trial(ctx, m, rect, fmt, size_at(i), layout).height <= inner_h + 0.01;
    if !fits(ctx, 0) {
        return (None, size_at(0), beside);
    }
    let (mut lo, mut hi) = (0usize, steps);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(ctx, mid) { lo = mid } else { hi = mid - 1 }
    }
    (Some(lo), size_at(lo), beside)
}

/// How a trial sets the message: lines balanced (see `Ctx::set_balanced`) or as they break, the
/// logo beside the text or above it.
#[derive(Clone, Copy)]
struct Layout {
    balanced: bool,
    beside: bool,
}

/// Text columns in a message: one up to three page columns, two across four or five.
fn text_columns(span: usize) -> usize {
    if span > 3 { 2 } else { 1 }
}

/// The message set at `size` as `layout` says.
fn trial(ctx: &mut Ctx, m: &Message, rect: [f64; 4], fmt: &MessagesTemplate, size: f64, layout: Layout) -> Trial {
    let Layout { balanced, beside } = layout;
    let inner_w = rect[2] - 2.0 * PAD;
    let head_style = scaled(ctx.styles.get("message_heading"), size * HEAD_RATIO);
    let color = if m.style == MessageStyle::Reversed { Cmyk::WHITE } else { head_style.color };
    let head_style = TextStyle { leading: head_style.size * 1.1, color, ..head_style };
    let set = |ctx: &mut Ctx, text: &str, style: &TextStyle, width: f64, setting: &Setting| {
        let spans = [Span::plain(text)];
        if balanced { ctx.set_balanced(&spans, style, width, setting) } else { ctx.set(&spans, style, width, setting) }
    };
    let head = set(ctx, &m.sender, &head_style, inner_w, &Setting::ragged(Align::Center));
    let base = ctx.styles.get("message_text");
    let text_style = TextStyle { leading: size * fmt.leading, ..scaled(base, size) };
    let logo = m.logo.as_ref().and_then(|l| ctx.issue.images.get(l)).map(|img| img.aspect());
    let beside = beside && logo.is_some();
    let logo_h = logo.map_or(0.0, |a| logo_height(a, rect, inner_w, beside));
    let text_w = if beside { inner_w - logo_h * logo.unwrap_or(1.0) - ctx.t.gutter } else { inner_w };
    let cols = text_columns(m.size.span);
    let col_width = (text_w - (cols - 1) as f64 * ctx.t.gutter) / cols as f64;
    let setting = Setting { hyphenate: true, ..Setting::ragged(Align::Center) };
    let paras: Vec<Vec<Line>> = m
        .text
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| set(ctx, p, &text_style, col_width, &setting))
        .collect();
    let (text, text_h) = in_columns(paras, cols, text_style.leading);
    let head_h = head.len() as f64 * head_style.leading + head_gap(&head_style, m.style);
    let body_h = match (logo_h > 0.0, beside) {
        (false, _) => text_h,
        (true, true) => text_h.max(logo_h),
        (true, false) => logo_h + PAD + text_h,
    };
    Trial { head, head_style, text, text_style, col_width, logo_h, beside, height: head_h + body_h }
}

/// Deals the paragraphs' lines into `cols` columns of equal line counts (the last may run
/// longer), with a little space between paragraphs within a column; returns each line with its
/// column and offset, and the height of the tallest column.
fn in_columns(paras: Vec<Vec<Line>>, cols: usize, leading: f64) -> (Vec<(Line, usize, f64)>, f64) {
    let n: usize = paras.iter().map(Vec::len).sum();
    let per_col = n.div_ceil(cols).max(1);
    let gap = leading * 0.35;
    let (mut col, mut in_col, mut y, mut tallest) = (0, 0, 0.0_f64, 0.0_f64);
    let mut out = Vec::with_capacity(n);
    for (pi, para) in paras.into_iter().enumerate() {
        if pi > 0 && in_col > 0 {
            y += gap;
        }
        for line in para {
            if in_col == per_col && col + 1 < cols {
                (col, in_col, y) = (col + 1, 0, 0.0);
            }
            out.push((line, col, y));
            y += leading;
            in_col += 1;
            tallest = tallest.max(y);
        }
    }
    (out, tallest)
}

/// Padding above and below the heading in a reversed band.
const BAND_PAD: f64 = PAD * 0.8;

/// Space the heading needs besides its lines: a reversed band's own padding (the box's padding
/// then serves under the band), or a little white under a plain heading.
fn head_gap(style: &TextStyle, ms: MessageStyle) -> f64 {
    match ms {
        MessageStyle::Reversed => 2.0 * BAND_PAD,
        _ => style.size * 0.35,
    }
}

fn draw(ctx: &Ctx, m: &Message, rect: [f64; 4], tr: &Trial) -> Vec<Item> {
    let [x, y, w, h] = rect;
    let mut items = Vec::new();
    let rule = ctx.t.color("rule");
    let tint = ctx.t.colors.get("message_tint").copied().unwrap_or(ctx.t.color("box_tint"));
    let head_style = tr.head_style;
    let head_h = tr.head.len() as f64 * head_style.leading;
    let fill = match m.style {
        MessageStyle::Tinted => Some(tint),
        _ => None,
    };
    match m.style {
        MessageStyle::Framed => items.push(frame_rect(rect, None, Some(rule))),
        MessageStyle::Tinted => items.push(frame_rect(rect, Some(tint), None)),
        MessageStyle::Reversed => {
            items.push(frame_rect([x, y, w, head_h + 2.0 * BAND_PAD], Some(Cmyk::BLACK), None));
            items.push(frame_rect(rect, None, Some(rule)));
        }
    }
    // The white the text leaves goes first between the parts (heading, logo, text), up to a
    // three lines of text each, so that a short message spreads over its box instead of
    // floating in its middle; the rest is shared above and below. A reversed message keeps its
    // heading in the band at the top and spreads the rest under the band.
    let gap = head_gap(&head_style, m.style);
    let logo = m.logo.as_ref().and_then(|k| ctx.issue.images.get(k).map(|i| (k, i))).filter(|_| tr.logo_h > 0.0);
    let stacked = usize::from(logo.is_some() && !tr.beside);
    let (top, rest, gaps) = if m.style == MessageStyle::Reversed {
        (y + head_h + 2.0 * BAND_PAD + PAD, tr.height - head_h - gap, stacked)
    } else {
        (y + PAD, tr.height, 1 + stacked)
    };
    let spare = (y + h - PAD - top - rest).max(0.0);
    let each = if gaps == 0 { 0.0 } else { (spare / (gaps + 2) as f64).min(tr.text_style.leading * 3.0) };
    let mut cy = top + (spare - each * gaps as f64) / 2.0;
    if m.style == MessageStyle::Reversed {
        let mut hy = y + BAND_PAD;
        stack(&mut items, &tr.head, &head_style, x + PAD, &mut hy);
    } else {
        stack(&mut items, &tr.head, &head_style, x + PAD, &mut cy);
        cy += gap + each;
    }
    let mut text_x = x + PAD;
    if let Some((key, img)) = logo {
        let lw = tr.logo_h * img.aspect();
        let frame = if tr.beside {
            // The logo at the box's left, the text in the rest, centred on each other.
            let text_h = text_height(tr);
            let block = tr.logo_h.max(text_h);
            text_x = x + PAD + lw + ctx.t.gutter;
            let frame = [x + PAD, cy + (block - tr.logo_h) / 2.0, lw, tr.logo_h];
            cy += (block - text_h) / 2.0;
            frame
        } else {
            let frame = [x + (w - lw) / 2.0, cy, lw, tr.logo_h];
            cy += tr.logo_h + PAD + each;
            frame
        };
        items.push(Item::Image(ImageItem { key: key.clone(), frame, placed: frame, backdrop: fill }));
    }
    draw_text(ctx, tr, text_x, cy, &mut items);
    items
}

/// Height of the text's tallest column.
fn text_height(tr: &Trial) -> f64 {
    tr.text.iter().map(|(_, _, dy)| dy + tr.text_style.leading).fold(0.0, f64::max)
}

fn draw_text(ctx: &Ctx, tr: &Trial, x: f64, top: f64, items: &mut Vec<Item>) {
    for (line, col, dy) in &tr.text {
        let mut y = top + dy;
        let lx = x + *col as f64 * (tr.col_width + ctx.t.gutter);
        stack(items, std::slice::from_ref(line), &tr.text_style, lx, &mut y);
    }
}

fn frame_rect(rect: [f64; 4], fill: Option<Cmyk>, stroke: Option<Cmyk>) -> Item {
    Item::Rect(RectItem { rect, fill, stroke: stroke.map(|c| (c, 0.5)) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::messages::FormatDef;

    fn msg(row: usize, sender: &str, span: usize, lines: usize) -> Message {
        Message {
            row,
            sender: sender.into(),
            text: "Salut".into(),
            format: String::new(),
            size: FormatDef { span, lines, max_size: None },
            logo: None,
            style: MessageStyle::Framed,
        }
    }

    #[test]
    fn larger_formats_first_then_senders_without_accents_or_case() {
        let list = [msg(2, "Zèbre", 1, 14), msg(3, "écoles", 1, 14), msg(4, "Amis", 1, 14), msg(5, "Petit", 2, 29)];
        assert_eq!(packing_order(&list, Order::Sender), [3, 2, 1, 0]);
        assert_eq!(packing_order(&list, Order::Listed), [3, 0, 1, 2]);
    }

    #[test]
    fn columns_share_the_lines_and_report_the_tallest() {
        let line = Line {
            runs: Vec::new(),
            measure: 100.0,
            width: 50.0,
            hyphenated: false,
            space_ratio: None,
            last: true,
            text: "x".into(),
            hscale: 1.0,
            track: 0.0,
            forced: false,
        };
        let paras = vec![vec![line.clone(); 3], vec![line.clone(); 2]];
        let (placed, h) = in_columns(paras, 2, 10.0);
        let cols: Vec<usize> = placed.iter().map(|p| p.1).collect();
        assert_eq!(cols, [0, 0, 0, 1, 1]);
        assert_eq!(h, 30.0);
        let (placed, h) = in_columns(vec![vec![line.clone(); 2], vec![line; 2]], 1, 10.0);
        assert_eq!(placed[2].2, 23.5, "a third of a line between paragraphs");
        assert_eq!(h, 43.5);
    }
}
