//! Sidebars (« Pour en savoir plus ») and the reader-message promo box, each on a tint.

use super::article::{body_stream, cover, render};
use super::flow::{self, Column, Elem};
use super::{Ctx, module_rect, stack};
use crate::frame::{ImageItem, Item, ModuleBox, PageFrame, RectItem};
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
        next = f.next;
        free = f.free;
        pages[page - 1].modules.push(ModuleBox { label: a.slug.clone(), rect });
    }
    let overset: Vec<&Elem> = stream[next..].iter().filter(|e| !matches!(e, Elem::Gap)).collect();
    let text: Vec<&str> = overset.iter().map(|e| e.text()).collect();
    ArticleReport {
        slug: a.slug.clone(),
        pages: placements.iter().map(|(p, _)| *p).collect(),
        words: a.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.split_whitespace().count()).sum(),
        lines: stream.iter().filter(|e| matches!(e, Elem::Line { .. })).count(),
        overset_lines: overset.len(),
        overset_text: first_words(&text.join(" "), 8),
        short_lines: if next >= stream.len() { free } else { 0 },
        ..ArticleReport::default()
    }
}

fn tint(rect: [f64; 4], color: crate::model::Cmyk) -> Item {
    Item::Rect(RectItem { rect, fill: Some(color), stroke: None })
}

/// Lays out the promo box: heading, picture and text on a tint. Returns a warning when its text
/// does not fit.
pub fn lay_out_promo(ctx: &mut Ctx, page: usize, m: &Module, frame: &mut PageFrame) -> Option<String> {
    let promo = ctx.issue.promo.clone()?;
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
    if let Some(def) = &ctx.issue.def.promo
        && let Some(image) = ctx.issue.images.get(&def.image)
    {
        let w = inner;
        let h = (w / image.aspect()).min(rect[3] * 0.45);
        let frame = [rect[0] + PAD, y, w, h];
        items.push(Item::Image(ImageItem { key: def.image.clone(), frame, placed: cover(frame, image.aspect()) }));
        y += h + PAD;
    }
    let band = ((y - ctx.t.margins[0]) / ctx.t.baseline).ceil() as usize;
    let stream = body_stream(ctx, &promo.blocks, inner, "box_text", 0);
    let end = m.top + m.height;
    let columns = vec![Column { x: rect[0] + PAD, width: inner, bands: band.min(end)..end }];
    let f = flow::flow(&stream, 0, &columns);
    render(ctx, &stream, &f.placed, &columns, items);
    frame.modules.push(ModuleBox { label: "promo".into(), rect });
    let left = stream.len() - f.next;
    (left > 0).then(|| format!("promo box (page {page}): overset by {left} lines"))
}
