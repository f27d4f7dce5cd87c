//! Sidebars (« Pour en savoir plus ») and the reader-message promo box, each on a tint.

use super::article::{body_stream, cover, mark_lines, render, stream_lines};
use super::flow::{self, Column, Elem};
use super::{Ctx, module_rect, stack};
use crate::frame::{ImageItem, Item, ModuleBox, PageFrame, RectItem, ThumbnailItem};
use crate::model::{Article, Module};
use crate::report::{ArticleReport, first_words};
use crate::text::{Align, Setting};

use super::streams::BOX_PAD as PAD;

/// Lays out a sidebar: a tint over the module, the heading, then the text through its columns.
pub fn lay_out_box(
    ctx: &mut Ctx,
    a: &Article,
    stream: &[Elem],
    placements: &[(usize, &Module)],
    pages: &mut [PageFrame],
) -> ArticleReport {
    let width = ctx.t.column_width() - 2.0 * PAD;
    let mut next = 0;
    let mut free = 0;
    for &(page, m) in placements {
        let rect = module_rect(ctx.t, page, m);
        let items = &mut pages[page - 1].items;
        items.push(tint(rect, ctx.t.color("box_tint")));
        let style = ctx.styles.get("box_heading");
        let mut y = rect[1] + PAD;
        let lines = ctx.set_plain(&a.front.headline, &style, rect[2] - 2.0 * PAD, Align::Left);
        stack(items, &lines, &style, rect[0] + PAD, &mut y);
        let band = m.top + ((y - rect[1]) / ctx.t.baseline).ceil() as usize;
        let end = m.top + m.height;
        let columns: Vec<Column> = (0..m.def.span)
            .map(|c| Column { x: ctx.t.column_x(page, m.col + c) + PAD, width, bands: band.min(end)..end })
            .collect();
        let f = flow::flow(stream, next, &columns);
        render(ctx, stream, &f.placed, &columns, items);
        mark_lines(ctx, &a.slug, stream, &f.placed, &columns, &mut pages[page - 1].lines);
        next = f.next;
        free = f.free;
        pages[page - 1].modules.push(ModuleBox { label: a.slug.clone(), rect });
    }
    let overset: Vec<&Elem> = stream[next..].iter().filter(|e| !matches!(e, Elem::Gap)).collect();
    let text: Vec<&str> = overset.iter().map(|e| e.text()).collect();
    let lines = stream_lines(stream);
    ArticleReport {
        hyphenated: lines.iter().filter(|l| l.hyphenated).count(),
        space_ratios: lines.iter().filter_map(|l| l.space_ratio).collect(),
        quality: crate::text::quality::Figures::of(lines.iter().copied()),
        slug: a.slug.clone(),
        pages: placements.iter().map(|(p, _)| *p).collect(),
        words: a.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.split_whitespace().count()).sum(),
        lines: lines.len(),
        overset_lines: overset.len(),
        overset_text: first_words(&text.join(" "), 8),
        short_lines: if next >= stream.len() { free } else { 0 },
        ..ArticleReport::default()
    }
}

fn tint(rect: [f64; 4], color: crate::model::Cmyk) -> Item {
    Item::Rect(RectItem { rect, fill: Some(color), stroke: None })
}

/// Lays out the promo box: heading, the front-page thumbnail and/or picture, the text, then the
/// deadline and price list at the foot, on a tint. Returns a warning when its text does not fit.
pub fn lay_out_promo(
    ctx: &mut Ctx,
    page: usize,
    m: &Module,
    frame: &mut PageFrame,
    thumb: Option<&PageFrame>,
) -> Option<String> {
    let promo = ctx.issue.promo.clone()?;
    let def = ctx.issue.def.promo.clone()?;
    let rect = module_rect(ctx.t, page, m);
    let inner = rect[2] - 2.0 * PAD;
    let items = &mut frame.items;
    items.push(tint(rect, ctx.t.color("promo_tint")));
    let style = ctx.styles.get("box_heading");
    let mut y = rect[1] + PAD;
    let heading = super::article::scaled(style, style.size * 1.4);
    let lines =
        ctx.set(&[crate::model::Span::plain(&promo.front.headline)], &heading, inner, &Setting::ragged(Align::Left));
    stack(items, &lines, &heading, rect[0] + PAD, &mut y);
    y += PAD;
    y += visuals(ctx, &def, thumb, [rect[0] + PAD, y, inner, rect[3] * 0.45], items);
    let table = price_table(ctx, &def, inner);
    let end = m.top + m.height - table.len().min(m.height);
    let band = ((y - ctx.t.margins[0]) / ctx.t.baseline).ceil() as usize;
    let stream = body_stream(ctx, &promo.blocks, inner, "box_text", 0);
    let columns = vec![Column { x: rect[0] + PAD, width: inner, bands: band.min(end)..end }];
    let f = flow::flow(&stream, 0, &columns);
    render(ctx, &stream, &f.placed, &columns, items);
    let text_style = ctx.styles.get("box_text");
    for (i, row) in table.iter().enumerate() {
        let baseline = ctx.t.line_baseline(end + i) - ctx.t.baseline * 0.3;
        for line in row {
            super::emit_line(items, line, rect[0] + PAD, baseline);
        }
        if i > 0 {
            let ry = baseline + text_style.size * 0.35;
            let color = ctx.t.color("rule");
            items.push(Item::Rule(crate::frame::RuleItem {
                from: (rect[0] + PAD, ry),
                to: (rect[0] + PAD + inner, ry),
                width: 0.25,
                color,
            }));
        }
    }
    frame.modules.push(ModuleBox { label: "promo".into(), rect });
    let left = stream.len() - f.next;
    (left > 0).then(|| format!("promo box (page {page}): overset by {left} lines"))
}

/// Draws the thumbnail and the picture side by side in `slot` (x, y, width, maximum height);
/// returns the height used, padding included.
fn visuals(
    ctx: &Ctx,
    def: &crate::model::issue::PromoDef,
    thumb: Option<&PageFrame>,
    slot: [f64; 4],
    items: &mut Vec<Item>,
) -> f64 {
    let image = def.image.as_ref().and_then(|k| ctx.issue.images.get(k).map(|i| (k, i)));
    let n = usize::from(thumb.is_some()) + usize::from(image.is_some());
    if n == 0 {
        return 0.0;
    }
    let [x, y, w, max_h] = slot;
    let each = (w - (n - 1) as f64 * PAD) / n as f64;
    let mut h: f64 = 0.0;
    let mut cx = x;
    if let Some(page) = thumb {
        let (pw, ph) = page.size;
        let th = (each * ph / pw).min(max_h);
        let t = ThumbnailItem { rect: [cx, y, each, th], page: Box::new(page.clone()) };
        items.push(Item::Thumbnail(t));
        h = h.max(th);
        cx += each + PAD;
    }
    if let Some((key, img)) = image {
        let ih = (each / img.aspect()).min(max_h);
        let frame = [cx, y, each, ih];
        items.push(Item::Image(ImageItem { key: key.clone(), frame, placed: cover(frame, img.aspect()) }));
        h = h.max(ih);
    }
    h + PAD
}

/// The deadline and one row per price, each row a set line (format on the left, price on the
/// right), to be put one per grid line at the foot of the box.
fn price_table(ctx: &mut Ctx, def: &crate::model::issue::PromoDef, inner: f64) -> Vec<Vec<crate::text::Line>> {
    let mut rows = Vec::new();
    let style = ctx.styles.get("box_text");
    let bold =
        crate::text::TextStyle { fonts: crate::text::FontSet { regular: style.fonts.bold, ..style.fonts }, ..style };
    if let Some(d) = def.deadline.and_then(|d| d.date) {
        let date = crate::model::Date { year: d.year, month: d.month, day: d.day }.french();
        rows.push(ctx.set_plain(&format!("Date limite : {date}"), &bold, inner, Align::Left));
    }
    for p in &def.prices {
        let label = match ctx.t.messages.as_ref().and_then(|f| f.formats.get(&p.format)) {
            Some(f) => format!(
                "{} de page ({:.0} × {:.0} mm)",
                p.format,
                crate::units::to_mm(ctx.t.span_width(f.span)),
                crate::units::to_mm(f.lines as f64 * ctx.t.baseline)
            ),
            None => p.format.clone(),
        };
        let mut row = ctx.set_plain(&label, &style, inner, Align::Left);
        row.truncate(1);
        row.extend(ctx.set_plain(&p.price, &bold, inner, Align::Right).into_iter().take(1));
        rows.push(row);
    }
    rows
}
