//! Teasers on the front page: a tinted box announcing articles inside the issue, each with its
//! kicker, its headline and the page it starts on (« Lire en page 5 »), the page numbers taken from
//! where the modules are, as jump lines are.

use super::ctx::{Ctx, module_rect};
use super::emit::{stack, tint};
use super::streams::BOX_PAD as PAD;
use crate::frame::{Item, ModuleBox, PageFrame, RuleItem};
use crate::model::{Face, Issue, Module, Span};
use crate::text::{Align, Setting};

/// The heading of the box.
const HEADING: &str = "Dans ce numéro";

/// Lays out the teaser box of page `page` in module `m`; a warning when its teasers do not fit.
pub fn lay_out_teasers(ctx: &mut Ctx, page: usize, m: &Module, frame: &mut PageFrame) -> Option<String> {
    let rect = module_rect(ctx.t, page, m);
    let mut items = vec![tint(rect, ctx.t.color("box_tint"))];
    let bottom = draw(ctx, page, rect, &mut items);
    frame.items.extend(items);
    frame.modules.push(ModuleBox { label: "teasers".into(), rect, planned: m.planned });
    let over = bottom - (rect[1] + rect[3]);
    (over > 0.5).then(|| {
        let lines = (over / ctx.t.baseline).ceil();
        format!(
            "teasers (page {page}): {lines:.0} grid lines too many for their module; drop a teaser or make it taller"
        )
    })
}

/// Grid lines the teaser box of page `page` needs at `span` columns.
pub fn lines_needed(ctx: &mut Ctx, page: usize, span: usize) -> usize {
    let w = ctx.t.span_width(span);
    let mut items = Vec::new();
    let top = ctx.t.line_top(0);
    let bottom = draw(ctx, page, [0.0, top, w, 0.0], &mut items);
    ((bottom - top) / ctx.t.baseline).ceil() as usize
}

/// Draws heading and teasers from the top of `rect`; returns where the last one ends.
fn draw(ctx: &mut Ctx, page: usize, rect: [f64; 4], items: &mut Vec<Item>) -> f64 {
    let [x, top, w, _] = rect;
    let inner = w - 2.0 * PAD;
    let mut y = top + PAD;
    let heading = ctx.styles.get("box_heading");
    let lines = ctx.set_plain(HEADING, &heading, inner, Align::Left);
    stack(items, &lines, &heading, x + PAD, &mut y);
    let issue = ctx.issue;
    let slugs = issue.pages.get(page - 1).map(|p| p.teasers.clone()).unwrap_or_default();
    let rule = ctx.t.color("rule");
    for slug in &slugs {
        let Some(a) = issue.articles.get(slug) else { continue };
        y += ctx.t.baseline * 0.4;
        items.push(Item::Rule(RuleItem { from: (x + PAD, y), to: (x + w - PAD, y), width: 0.5, color: rule }));
        y += ctx.t.baseline * 0.3;
        if let Some(k) = a.front.kicker.as_deref().filter(|k| !k.is_empty()) {
            let style = ctx.styles.get("kicker");
            let lines = ctx.set_plain(k, &style, inner, Align::Left);
            stack(items, &lines, &style, x + PAD, &mut y);
        }
        let style = ctx.styles.get("subhead");
        let lines = ctx.set(
            &[Span { text: a.front.headline.clone(), face: Face::Bold, struck: false }],
            &style,
            inner,
            &Setting::ragged(Align::Left),
        );
        stack(items, &lines, &style, x + PAD, &mut y);
        let jump = ctx.styles.get("jump");
        let text = match first_page(issue, slug) {
            Some(p) => format!("Lire en page {p}"),
            None => "Lire en page …".to_string(),
        };
        let spans = [Span { text, face: Face::Italic, struck: false }];
        let lines = ctx.set(&spans, &jump, inner, &Setting::ragged(Align::Left));
        stack(items, &lines, &jump, x + PAD, &mut y);
    }
    y + PAD
}

/// The page an article starts on: its first module's.
pub fn first_page(issue: &Issue, slug: &str) -> Option<usize> {
    issue.pages.iter().find(|p| p.modules.iter().any(|m| m.def.article.as_deref() == Some(slug))).map(|p| p.number)
}
