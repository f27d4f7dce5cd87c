//! An article's modules: heads, photos, the body flowed through columns, and jump lines.

use super::ctx::{Ctx, module_rect};
use super::emit::{mark_lines, render};
use super::flow::{self, Elem, ModuleFlow, widows_and_orphans};
use super::heads::{Jumps, continuation_head, heads};
use super::photos::{PhotoPlan, Slot, draw_photos, fit_photo, plan_photos};
use super::report::{ArticleReport, ModuleEnd, article_report};
use super::sheet::{Job, Sheet};
use crate::frame::{Item, ModuleBox, translate};

/// Lays out an article over its modules, onto a sheet of its own, and reports how it fits.
pub fn lay_out_article(ctx: &mut Ctx, job: Job) -> Laid {
    let (article, stream, placements) = (job.article, job.stream, job.placements);
    let mut sheet = Sheet::default();
    let mut next = 0;
    let mut gave_up = Vec::new();
    let mut free = 0;
    let mut at = vec![None; stream.len()];
    let mut ends = Vec::new();
    let mut quote_flaws = (0, 0);
    let mut photo_slack = 0;
    for (k, &(page, m)) in placements.iter().enumerate() {
        let jumps = Jumps { from: k.checked_sub(1).map(|i| placements[i].0), to: placements.get(k + 1).map(|p| p.0) };
        let set = set_module(ctx, job, k, next, jumps);
        let part = sheet.page(page);
        set.draw(ctx, stream, &mut part.items);
        let f = &set.flow;
        for p in &f.placed {
            at[p.elem] = Some((k, p.col));
        }
        mark_lines(ctx, &article.slug, stream, &f.placed, &set.columns, &mut part.lines);
        next = f.next;
        // What the report calls short is what the reader sees empty at the columns' feet.
        free = flow::foot_gaps(stream, f, &set.columns);
        photo_slack = if set.photo_room { free } else { 0 };
        ends.push(ModuleEnd { next, short: set.short(stream) });
        gave_up.extend(f.gave_up.iter().copied());
        let (heads, holes) = super::quotes::flaws(stream, f, &set.columns);
        quote_flaws.0 += heads;
        quote_flaws.1 += holes;
        part.modules.push(ModuleBox {
            label: article.slug.clone(),
            rect: module_rect(ctx.t, page, m),
            planned: m.planned,
        });
    }
    let mut report = article_report(article, placements, stream, next, free);
    (report.widows, report.orphans) = widows_and_orphans(stream, &at);
    report.ends = ends;
    (report.quotes_at_heads, report.quote_holes) = quote_flaws;
    report.photo_slack = if next >= stream.len() { photo_slack } else { 0 };
    Laid { report, at, gave_up, sheet }
}

/// An article laid out.
pub struct Laid {
    /// How it fits.
    pub report: ArticleReport,
    /// Each stream element's (module, column), when placed.
    pub at: Vec<Option<(usize, usize)>>,
    /// Columns ended early to keep a line from standing alone (see `flow::ModuleFlow::gave_up`).
    pub gave_up: Vec<(usize, usize)>,
    /// What it draws.
    pub sheet: Sheet,
}

/// One module of an article, settled: its heads drawn, its photos sized, its body flowed.
pub struct SetModule<'a> {
    slot: Slot<'a>,
    head_items: Vec<Item>,
    /// Grid lines the heads take.
    pub head: usize,
    photos: Vec<PhotoPlan>,
    /// The photo was fitted and stopped short of a height that would still take the whole text.
    photo_room: bool,
    /// The body's columns.
    pub columns: Vec<flow::Column>,
    /// Where the body's elements landed.
    pub flow: ModuleFlow,
}

impl SetModule<'_> {
    /// Grid lines the photos take (pictures, captions and the line under them).
    pub fn photo_lines(&self) -> usize {
        self.photos.iter().map(PhotoPlan::lines).sum()
    }

    /// Grid lines left empty at the foot of the shortest column (above a jump line, where the
    /// column ends on one).
    pub fn short(&self, stream: &[Elem]) -> usize {
        flow::shortest_gap(stream, &self.flow, &self.columns)
    }

    fn draw(&self, ctx: &mut Ctx, stream: &[Elem], items: &mut Vec<Item>) {
        let m = self.slot.m;
        let photo_lines = self.photo_lines();
        let (head_shift, photo_band) = if m.def.photo_top { (photo_lines, m.top) } else { (0, self.slot.band) };
        let dy = head_shift as f64 * ctx.t.baseline;
        items.extend(self.head_items.iter().map(|i| if dy == 0.0 { i.clone() } else { translate(i, 0.0, dy) }));
        draw_photos(ctx, &self.photos, &self.slot, photo_band, items);
        let mut columns = self.slot.columns(ctx, photo_lines);
        self.slot.jumps.apply(ctx, &mut columns, Some(items));
        render(ctx, stream, &self.flow.placed, &self.columns, items);
    }
}

/// Settles module `k` of the job, whose body starts at stream element `next`: heads, photos (the
/// single photo of a last module sized to the text), and the body flowed, balanced in the last.
pub fn set_module<'a>(ctx: &mut Ctx, job: Job<'a>, k: usize, next: usize, jumps: Jumps) -> SetModule<'a> {
    let (article, stream) = (job.article, job.stream);
    let (page, m) = job.placements[k];
    let mut head_items = Vec::new();
    // A dropped head starts lower than its neighbours' (see `ModuleDef::head_drop`).
    let drop = if m.def.photo_top { 0 } else { m.def.head_drop.unwrap_or(0) };
    let head = if k == 0 {
        heads(ctx, article, page, m, m.top + drop, &mut head_items)
    } else {
        continuation_head(ctx, article, page, m, &mut head_items)
    };
    let slot = Slot { page, m, band: m.top + drop + head + m.def.head_space.unwrap_or(0), jumps };
    let mut photos = if m.def.photos.unwrap_or(k == 0) { plan_photos(ctx, article, m, slot.band) } else { vec![] };
    let mut photo_room = false;
    if slot.jumps.to.is_none() && m.def.photo_lines.is_none() && photos.len() == 1 {
        photo_room = fit_photo(ctx, stream, next, &slot, &mut photos[0]);
    }
    let photo_lines = photos.iter().map(PhotoPlan::lines).sum();
    let columns = slot.columns_for(ctx, photo_lines);
    // The last module's columns end together when the text does not fill them (see
    // `flow::flow_balanced`); earlier modules fill top to bottom so the text runs on.
    let last = k + 1 == job.placements.len();
    let flow = if last { flow::flow_balanced(stream, next, &columns) } else { flow::flow(stream, next, &columns) };
    SetModule { slot, head_items, head, photos, photo_room, columns, flow }
}
