//! Sidebars (« Pour en savoir plus ») on a tint.

use super::article::{mark_lines, render};
use super::flow::{self, Column, Elem};
use super::{Ctx, module_rect, stack};
use crate::frame::{Item, ModuleBox, PageFrame, RectItem};
use crate::model::{Article, Module};
use crate::report::ArticleReport;
use crate::text::Align;

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
    super::article::report(a, placements, stream, next, free)
}

pub(super) fn tint(rect: [f64; 4], color: crate::model::Cmyk) -> Item {
    Item::Rect(RectItem { rect, fill: Some(color), stroke: None })
}
