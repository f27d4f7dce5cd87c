//! An article's modules: heads, photos, the body flowed through columns, and jump lines.

use super::ctx::{Ctx, module_rect};
use super::emit::{cover, emit_line, mark_lines, render, stack};
use super::flow::{self, Column, Elem, widows_and_orphans};
use super::report::{ArticleReport, article_report};
use super::sheet::{Job, Sheet};
use crate::frame::{ImageItem, Item, ModuleBox};
use crate::model::article::Photo;
use crate::model::{Article, Face, Module, Span};
use crate::text::{Align, Line, Setting};

/// Lays out an article over its modules, onto a sheet of its own, and reports how it fits.
pub fn lay_out_article(ctx: &mut Ctx, job: Job) -> Laid {
    let (article, stream, placements) = (job.article, job.stream, job.placements);
    let mut sheet = Sheet::default();
    let mut next = 0;
    let mut gave_up = Vec::new();
    let mut free = 0;
    let mut at = vec![None; stream.len()];
    for (k, &(page, m)) in placements.iter().enumerate() {
        let part = sheet.page(page);
        let items = &mut part.items;
        let head =
            if k == 0 { heads(ctx, article, page, m, items) } else { continuation_head(ctx, article, page, m, items) };
        let jumps = Jumps { from: k.checked_sub(1).map(|i| placements[i].0), to: placements.get(k + 1).map(|p| p.0) };
        let slot = Slot { page, m, band: m.top + head, jumps };
        let mut plan = if m.def.photos.unwrap_or(k == 0) { plan_photos(ctx, article, m, slot.band) } else { vec![] };
        if slot.jumps.to.is_none() && m.def.photo_lines.is_none() && plan.len() == 1 {
            fit_photo(ctx, stream, next, &slot, &mut plan[0]);
        }
        let photo_lines = plan.iter().map(PhotoPlan::lines).sum();
        let mut columns = slot.columns(ctx, photo_lines);
        draw_photos(ctx, &plan, &slot, items);
        slot.jumps.draw(ctx, &mut columns, items);
        // The last module's columns end together when the text does not fill them (see
        // `flow::flow_balanced`); earlier modules fill top to bottom so the text runs on.
        let last = k + 1 == placements.len();
        let f = if last { flow::flow_balanced(stream, next, &columns) } else { flow::flow(stream, next, &columns) };
        render(ctx, stream, &f.placed, &columns, items);
        for p in &f.placed {
            at[p.elem] = Some((k, p.col));
        }
        mark_lines(ctx, &article.slug, stream, &f.placed, &columns, &mut part.lines);
        next = f.next;
        free = f.free;
        gave_up.extend(f.gave_up);
        part.modules.push(ModuleBox { label: article.slug.clone(), rect: module_rect(ctx.t, page, m) });
    }
    let mut report = article_report(article, placements, stream, next, free);
    (report.widows, report.orphans) = widows_and_orphans(stream, &at);
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

/// Where a module's body goes: its page, the module, the first grid line under the heads, and the
/// pages it jumps from and to.
struct Slot<'a> {
    page: usize,
    m: &'a Module,
    band: usize,
    jumps: Jumps,
}

impl Slot<'_> {
    /// The module's columns from the slot's first grid line: those under the photo start
    /// `photo_lines` lower, those beside a narrower photo at its top.
    fn columns(&self, ctx: &Ctx, photo_lines: usize) -> Vec<Column> {
        let m = self.m;
        let end = m.top + m.height;
        let photo_cols = if photo_lines > 0 { m.def.photo_span_or(m.def.span) } else { 0 };
        (0..m.def.span)
            .map(|c| {
                let start = if c < photo_cols { self.band + photo_lines } else { self.band };
                let x = ctx.t.column_x(self.page, m.col + c);
                Column { x, width: ctx.t.column_width(), bands: start.min(end)..end }
            })
            .collect()
    }
}

/// The pages an article module jumps from and to.
struct Jumps {
    from: Option<usize>,
    to: Option<usize>,
}

impl Jumps {
    /// Takes the grid lines of the jump lines out of the columns (and draws them when `items` is given).
    fn apply(&self, ctx: &mut Ctx, columns: &mut [Column], mut items: Option<&mut Vec<Item>>) {
        if let Some(from) = self.from {
            let text = format!("Suite de la page {from}");
            jump_line(ctx, &text, Align::Left, &mut columns[0], true, items.as_deref_mut());
        }
        if let Some(to) = self.to {
            let last = columns.len() - 1;
            jump_line(ctx, &format!("Suite en page {to}"), Align::Right, &mut columns[last], false, items);
        }
    }

    fn draw(&self, ctx: &mut Ctx, columns: &mut [Column], items: &mut Vec<Item>) {
        self.apply(ctx, columns, Some(items));
    }
}

/// Chooses the photo height that lets the text end flush with the module: the tallest photo, between
/// 60 % and 160 % of its natural height, with which nothing is overset and the columns end within a
/// grid line of each other (a taller photo can leave a column short where a keep or a widow rule
/// bites); failing that, the tallest with nothing overset. Editors set `photo_lines` to override.
/// This is how a layout desk fits a story to its hole without touching the text.
fn fit_photo(ctx: &mut Ctx, stream: &[Elem], next: usize, slot: &Slot, plan: &mut PhotoPlan) {
    let natural = plan.lines;
    let (lo, hi) = ((natural * 3 / 5).max(4), natural * 8 / 5);
    let mut fits = None;
    for lines in (lo..=hi).rev() {
        plan.lines = lines;
        let mut columns = slot.columns(ctx, plan.lines());
        slot.jumps.apply(ctx, &mut columns, None);
        let f = flow::flow_balanced(stream, next, &columns);
        if f.next >= stream.len() {
            if flow::spread(stream, &f, &columns) <= 1 {
                return;
            }
            fits = fits.or(Some(lines));
        }
    }
    plan.lines = fits.unwrap_or(natural);
}

trait PhotoSpan {
    fn photo_span_or(&self, span: usize) -> usize;
}

impl PhotoSpan for crate::model::ModuleDef {
    fn photo_span_or(&self, span: usize) -> usize {
        self.photo_span.unwrap_or(span).clamp(1, span)
    }
}

/// Kicker, headline, deck and byline at the top of the first module; returns the grid lines they take.
fn heads(ctx: &mut Ctx, a: &Article, page: usize, m: &Module, items: &mut Vec<Item>) -> usize {
    let [x, top, w, _] = module_rect(ctx.t, page, m);
    let mut y = top;
    let f = &a.front;
    if let Some(k) = f.kicker.as_deref().filter(|k| !k.is_empty()) {
        let style = ctx.styles.get("kicker");
        let lines = ctx.set_plain(k, &style, w, Align::Left);
        stack(items, &lines, &style, x, &mut y);
    }
    let asked = super::headline::asked(ctx, m, true);
    let (hl, lines) = super::headline::fit(ctx, &f.headline, asked, w);
    stack(items, &lines, &hl, x, &mut y);
    if let Some(d) = f.deck.as_deref().filter(|d| !d.is_empty()) {
        let style = ctx.styles.get("deck");
        let dw = ctx.t.span_width(m.def.span.min(3));
        y += ctx.t.baseline * 0.3;
        let lines = ctx.set(&[Span::plain(d)], &style, dw, &Setting::ragged(Align::Left));
        stack(items, &lines, &style, x, &mut y);
    }
    if let Some(b) = f.byline.as_deref().filter(|b| !b.is_empty()) {
        let style = ctx.styles.get("byline");
        y += ctx.t.baseline * 0.2;
        let lines = ctx.set_plain(b, &style, w, Align::Left);
        stack(items, &lines, &style, x, &mut y);
    }
    ((y - top) / ctx.t.baseline + 0.6).ceil() as usize
}

/// The headline again, smaller, at the top of a continuation module.
fn continuation_head(ctx: &mut Ctx, a: &Article, page: usize, m: &Module, items: &mut Vec<Item>) -> usize {
    let [x, top, w, _] = module_rect(ctx.t, page, m);
    let asked = super::headline::asked(ctx, m, false);
    let (style, lines) = super::headline::fit(ctx, &a.front.headline, asked, w);
    let mut y = top;
    stack(items, &lines, &style, x, &mut y);
    ((y - top) / ctx.t.baseline + 0.6).ceil() as usize
}

/// A jump line (« Suite en page 3 ») on the last (or first) grid line of a column, which it takes.
fn jump_line(ctx: &mut Ctx, text: &str, align: Align, col: &mut Column, first: bool, items: Option<&mut Vec<Item>>) {
    if col.bands.is_empty() {
        return;
    }
    if let Some(items) = items {
        let style = ctx.styles.get("jump");
        let band = if first { col.bands.start } else { col.bands.end - 1 };
        let spans = [Span { text: text.to_string(), face: Face::Italic, struck: false }];
        let lines = ctx.set(&spans, &style, col.width, &Setting::ragged(align));
        if let Some(line) = lines.first() {
            emit_line(items, line, col.x, ctx.t.line_baseline(band));
        }
    }
    if first {
        col.bands.start += 1;
    } else {
        col.bands.end -= 1;
    }
}

/// A photo with its caption, before it is placed.
struct PhotoPlan {
    photo: Photo,
    aspect: f64,
    /// Grid lines of the picture itself.
    lines: usize,
    caption: Vec<Line>,
    caption_lines: usize,
}

impl PhotoPlan {
    /// Grid lines taken by picture, caption and the blank line under them.
    fn lines(&self) -> usize {
        self.lines + self.caption_lines + 1
    }
}

fn plan_photos(ctx: &mut Ctx, a: &Article, m: &Module, band: usize) -> Vec<PhotoPlan> {
    let t = ctx.t;
    let w = t.span_width(m.def.photo_span_or(m.def.span));
    let body_lines = (m.top + m.height).saturating_sub(band);
    let style = ctx.styles.get("caption");
    let mut plans = Vec::new();
    for photo in &a.front.photos {
        let Some(image) = ctx.issue.images.get(&photo.file) else { continue };
        let natural = (w / image.aspect() / t.baseline).round() as usize;
        let lines = match &m.def.photo_lines {
            Some(e) => e.lines(t.baseline).unwrap_or(natural),
            None => natural.clamp(4, (body_lines * 3 / 5).max(4)),
        };
        let mut spans = vec![Span::plain(photo.caption.clone())];
        if !photo.credit.is_empty() {
            spans.push(Span { text: format!(" {}", photo.credit), face: Face::Italic, struck: false });
        }
        let caption = ctx.set(&spans, &style, w, &Setting::ragged(Align::Left));
        let caption_lines = (caption.len() as f64 * style.leading / t.baseline).ceil() as usize;
        plans.push(PhotoPlan { photo: photo.clone(), aspect: image.aspect(), lines, caption, caption_lines });
    }
    plans
}

fn draw_photos(ctx: &Ctx, plans: &[PhotoPlan], slot: &Slot, items: &mut Vec<Item>) {
    let (t, m) = (ctx.t, slot.m);
    let (x, w) = (t.column_x(slot.page, m.col), t.span_width(m.def.photo_span_or(m.def.span)));
    let style = ctx.styles.get("caption");
    let mut band = slot.band;
    for p in plans {
        let frame = [x, t.line_top(band), w, p.lines as f64 * t.baseline - t.baseline * 0.3];
        items.push(Item::Image(ImageItem { key: p.photo.file.clone(), frame, placed: cover(frame, p.aspect) }));
        let mut y = t.line_top(band + p.lines);
        stack(items, &p.caption, &style, x, &mut y);
        band += p.lines();
    }
}
