//! Page furniture: the nameplate on the front page and the folio line on the others.

use super::ctx::Ctx;
use super::emit::emit_line;
use crate::frame::{Item, PageFrame, RectItem, RuleItem};
use crate::model::Page;
use crate::text::Align;

/// An empty page with its nameplate or folio.
pub fn furniture(ctx: &mut Ctx, page: &Page) -> PageFrame {
    let t = ctx.t;
    let mut frame =
        PageFrame { number: page.number, size: t.page_size, items: Vec::new(), modules: Vec::new(), lines: Vec::new() };
    let variant = t.variants.get(&page.variant).cloned().unwrap_or_default();
    ctx.shaper.context = format!("page {} furniture", page.number);
    if variant.nameplate_lines > 0 {
        nameplate(ctx, page.number, variant.nameplate_lines, &mut frame.items);
    }
    if variant.folio {
        folio(ctx, page.number, &mut frame.items);
    }
    frame
}

/// Title on a colour band across the type area, then a line with number, date and price.
fn nameplate(ctx: &mut Ctx, page: usize, lines: usize, items: &mut Vec<Item>) {
    let t = ctx.t;
    let issue = &ctx.issue.def;
    let (x, w) = (t.content_left(page), t.content_width());
    let band_lines = lines.saturating_sub(3).max(1);
    let band = [x, t.line_top(0), w, band_lines as f64 * t.baseline];
    items.push(Item::Rect(RectItem { rect: band, fill: Some(t.color("nameplate_band")), stroke: None }));
    let style = ctx.styles.get("nameplate");
    let title = ctx.set_plain(&issue.title, &style, w, Align::Center);
    let font = ctx.shaper.book.get(style.fonts.regular);
    let cap = font.to_pt(font.cap_height, style.size);
    let baseline = band[1] + (band[3] + cap) / 2.0;
    if let Some(line) = title.first() {
        emit_line(items, line, x, baseline);
    }
    let info_band = band_lines + 1;
    let folio_style = ctx.styles.get("folio");
    let y = t.line_baseline(info_band);
    let date = ctx.issue.date.french();
    let left = issue.tagline.clone().unwrap_or_default();
    let center = format!("N° {} — {}", issue.number, date);
    let right = format!("Prix : {}", issue.price);
    for (text, align) in [(left, Align::Left), (center, Align::Center), (right, Align::Right)] {
        if let Some(line) = ctx.set_plain(&text, &folio_style, w, align).first() {
            emit_line(items, line, x, y);
        }
    }
    let rule_y = t.line_top(info_band + 1) + t.baseline * 0.3;
    items.push(Item::Rule(RuleItem { from: (x, rule_y), to: (x + w, rule_y), width: 1.5, color: t.color("rule") }));
}

/// Page number on the outer edge, paper title and date in the middle, a rule under them, all in the
/// top margin.
fn folio(ctx: &mut Ctx, page: usize, items: &mut Vec<Item>) {
    let t = ctx.t;
    let (x, w) = (t.content_left(page), t.content_width());
    let style = ctx.styles.get("folio");
    let rule_y = t.margins[0] - t.baseline * 0.6;
    let y = rule_y - t.baseline * 0.4;
    let outer = if page.is_multiple_of(2) { Align::Left } else { Align::Right };
    let issue = &ctx.issue.def;
    let middle = format!("{} — n° {} — {}", issue.title, issue.number, ctx.issue.date.month_year());
    for (text, align) in [(page.to_string(), outer), (middle, Align::Center)] {
        if let Some(line) = ctx.set_plain(&text, &style, w, align).first() {
            emit_line(items, line, x, y);
        }
    }
    items.push(Item::Rule(RuleItem { from: (x, rule_y), to: (x + w, rule_y), width: 0.5, color: t.color("rule") }));
}
