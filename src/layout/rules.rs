//! Rules the template's `[rules]` asks for: cut-off rules over stacked modules, vertical rules in
//! the gutters between modules and, where nothing crosses them, inside a module.
//!
//! A newspaper separates stories with thin rules so the eye knows where one ends: a horizontal
//! cut-off rule over a story that stands under another, and column rules down the gutters. Tinted
//! modules (sidebars, the promo box, teasers) are already set apart by their tint, so no rule is
//! drawn against them. The rules are drawn last, from the finished pages: a column rule inside a
//! module stops wherever a headline, photo or quote crosses its gutter.

use super::ctx::{Ctx, module_rect};
use crate::frame::{Item, PageFrame, RuleItem};
use crate::model::{Cmyk, Issue, Module, ModuleKind, Template};

/// At most this many blank grid lines between two stacked modules for a cut-off rule between them.
const STACK_GAP: usize = 3;

/// Space kept between an inside column rule and what crosses its gutter, in points.
const CLEAR: f64 = 3.0;

/// Draws the rules the template asks for on every page.
pub fn draw(ctx: &Ctx, pages: &mut [PageFrame]) {
    let rules = &ctx.t.rules;
    if !rules.any() {
        return;
    }
    let pen = Pen { width: rules.weight, color: rules.color.unwrap_or(ctx.t.color("rule")) };
    for page in &ctx.issue.pages {
        let plain: Vec<&Module> = page.modules.iter().filter(|m| untinted(ctx.issue, m)).collect();
        let frame = &mut pages[page.number - 1];
        let mut drawn = Vec::new();
        if rules.cutoff {
            drawn.extend(cutoffs(ctx.t, page.number, &plain, pen));
        }
        if rules.between {
            drawn.extend(betweens(ctx.t, page.number, &plain, pen));
        }
        if rules.columns {
            for m in &plain {
                drawn.extend(inside(ctx.t, page.number, m, &frame.items, pen));
            }
        }
        frame.items.extend(drawn);
    }
}

/// How every rule is drawn.
#[derive(Clone, Copy)]
struct Pen {
    width: f64,
    color: Cmyk,
}

impl Pen {
    fn rule(self, from: (f64, f64), to: (f64, f64)) -> Item {
        Item::Rule(RuleItem { from, to, width: self.width, color: self.color })
    }
}

/// An article's own module (not a sidebar, promo box or teasers on a tint).
fn untinted(issue: &Issue, m: &Module) -> bool {
    let slug = m.def.article.as_deref();
    m.def.kind == ModuleKind::Article && !slug.and_then(|s| issue.articles.get(s)).is_some_and(|a| a.is_box())
}

fn columns_meet(a: &Module, b: &Module) -> bool {
    a.col < b.col + b.def.span && b.col < a.col + a.def.span
}

/// A rule across the top of each module that stands under another, in the middle of the blank
/// lines between them (on the seam when they touch).
fn cutoffs(t: &Template, page: usize, modules: &[&Module], pen: Pen) -> Vec<Item> {
    let mut out = Vec::new();
    for b in modules {
        let above = modules
            .iter()
            .filter(|a| columns_meet(a, b) && a.top + a.height <= b.top && b.top - (a.top + a.height) <= STACK_GAP)
            .map(|a| a.top + a.height)
            .max();
        if let Some(end) = above {
            let y = t.line_top(end) + (b.top - end) as f64 * t.baseline / 2.0;
            let [x, _, w, _] = module_rect(t, page, b);
            out.push(pen.rule((x, y), (x + w, y)));
        }
    }
    out
}

/// A rule down the gutter between two modules side by side, where both stand.
fn betweens(t: &Template, page: usize, modules: &[&Module], pen: Pen) -> Vec<Item> {
    let mut out = Vec::new();
    for a in modules {
        for b in modules.iter().filter(|b| b.col == a.col + a.def.span) {
            let (top, bottom) = (a.top.max(b.top), (a.top + a.height).min(b.top + b.height));
            if top < bottom {
                let x = t.column_x(page, b.col) - t.gutter / 2.0;
                out.push(pen.rule((x, t.line_top(top)), (x, t.line_top(bottom))));
            }
        }
    }
    out
}

/// Rules down the gutters inside a module, broken wherever an item crosses the gutter.
fn inside(t: &Template, page: usize, m: &Module, items: &[Item], pen: Pen) -> Vec<Item> {
    let [_, top, _, h] = module_rect(t, page, m);
    let mut out = Vec::new();
    for c in m.col + 1..m.col + m.def.span {
        let x = t.column_x(page, c) - t.gutter / 2.0;
        let mut blocked: Vec<(f64, f64)> =
            items.iter().filter_map(|item| crossing(item, x)).filter(|&(a, b)| b > top && a < top + h).collect();
        blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut y = top;
        for (a, b) in blocked.into_iter().chain([(top + h + CLEAR, top + h + CLEAR)]) {
            let end = (a - CLEAR).min(top + h);
            if end - y >= 2.0 * t.baseline {
                out.push(pen.rule((x, y), (x, end)));
            }
            y = y.max(b + CLEAR);
        }
    }
    out
}

/// The vertical extent of an item that crosses the vertical line at `x`.
fn crossing(item: &Item, x: f64) -> Option<(f64, f64)> {
    let (x0, x1, y0, y1) = match item {
        Item::Text(run) => {
            let end = run.x + run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
            (run.x, end, run.y - run.size * 0.8, run.y + run.size * 0.25)
        }
        Item::Image(img) => (img.frame[0], img.frame[0] + img.frame[2], img.frame[1], img.frame[1] + img.frame[3]),
        Item::Rect(r) => (r.rect[0], r.rect[0] + r.rect[2], r.rect[1], r.rect[1] + r.rect[3]),
        Item::Thumbnail(th) => (th.rect[0], th.rect[0] + th.rect[2], th.rect[1], th.rect[1] + th.rect[3]),
        Item::Rule(r) => (r.from.0.min(r.to.0), r.from.0.max(r.to.0), r.from.1.min(r.to.1), r.from.1.max(r.to.1)),
    };
    (x0 < x && x1 > x).then_some((y0, y1))
}
