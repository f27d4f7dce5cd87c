//! Sidebars (« Pour en savoir plus ») on a tint.

use super::ctx::{Ctx, module_rect};
use super::emit::{mark_lines, render, stack, tint};
use super::flow::{self, Column};
use super::report::{ArticleReport, article_report};
use super::sheet::{Job, Sheet};
use super::streams::BOX_PAD as PAD;
use crate::frame::{Item, ModuleBox};
use crate::model::{Article, Module, Span};

/// Lays out a sidebar: a tint over the module, the heading, then the text through its columns.
pub fn lay_out_box(ctx: &mut Ctx, job: Job) -> (ArticleReport, Sheet) {
    let (a, stream) = (job.article, job.stream);
    let mut sheet = Sheet::default();
    let mut next = 0;
    let mut free = 0;
    for &(page, m) in job.placements {
        let rect = module_rect(ctx.t, page, m);
        let part = sheet.page(page);
        let items = &mut part.items;
        items.push(tint(rect, ctx.t.color("box_tint")));
        let columns = heading_and_columns(ctx, a, page, m, items);
        let f = flow::flow(stream, next, &columns);
        render(ctx, stream, &f.placed, &columns, items);
        mark_lines(ctx, &a.slug, stream, &f.placed, &columns, &mut part.lines);
        next = f.next;
        free = f.free;
        part.modules.push(ModuleBox { label: a.slug.clone(), rect, planned: m.planned });
    }
    (article_report(a, job.placements, stream, next, free), sheet)
}

/// Draws the sidebar's heading (and its figure, large, when it has one) at the top of module `m`
/// and returns the columns its text runs
/// through, padded inside the tint.
pub fn heading_and_columns(ctx: &mut Ctx, a: &Article, page: usize, m: &Module, items: &mut Vec<Item>) -> Vec<Column> {
    let rect = module_rect(ctx.t, page, m);
    let width = ctx.t.column_width() - 2.0 * PAD;
    let style = ctx.styles.get("box_heading");
    let mut y = rect[1] + PAD;
    let lines = ctx.set_display(&[Span::plain(&a.front.headline)], &style, rect[2] - 2.0 * PAD);
    stack(items, &lines, &style, rect[0] + PAD, &mut y);
    if let Some(figure) = &a.front.figure {
        let big = ctx.styles.optional("figure").unwrap_or_else(|| super::emit::scaled(style, style.size * 2.5));
        let lines = ctx.set_display(&[Span::plain(figure)], &big, rect[2] - 2.0 * PAD);
        stack(items, &lines, &big, rect[0] + PAD, &mut y);
    }
    let band = m.top + ((y - rect[1]) / ctx.t.baseline).ceil() as usize;
    let end = m.top + m.height;
    (0..m.def.span)
        .map(|c| Column { x: ctx.t.column_x(page, m.col + c) + PAD, width, bands: band.min(end)..end })
        .collect()
}
