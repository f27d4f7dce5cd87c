//! An article's heads: kicker, headline, deck and byline over its first module, the headline
//! again over a continuation, and the jump lines (« Suite en page 3 ») of modules that continue.

use super::ctx::{Ctx, module_rect};
use super::emit::{emit_line, stack};
use super::flow::Column;
use crate::frame::Item;
use crate::model::{Article, Face, Module, Span};
use crate::text::{Align, Setting};

/// Kicker, headline, deck and byline from grid line `top` of module `m` (its own top, or under a
/// photo-topped module's photo); returns the grid lines they take.
pub fn heads(ctx: &mut Ctx, a: &Article, page: usize, m: &Module, top: usize, items: &mut Vec<Item>) -> usize {
    let [x, _, w, _] = module_rect(ctx.t, page, m);
    let top = ctx.t.line_top(top);
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
        let lines = ctx.set_display(&[Span::plain(d)], &style, dw);
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
pub fn continuation_head(ctx: &mut Ctx, a: &Article, page: usize, m: &Module, items: &mut Vec<Item>) -> usize {
    let [x, top, w, _] = module_rect(ctx.t, page, m);
    let asked = super::headline::asked(ctx, m, false);
    let (style, lines) = super::headline::fit(ctx, &a.front.headline, asked, w);
    let mut y = top;
    stack(items, &lines, &style, x, &mut y);
    ((y - top) / ctx.t.baseline + 0.6).ceil() as usize
}

/// The pages an article module jumps from and to.
#[derive(Clone, Copy, Debug, Default)]
pub struct Jumps {
    /// The page the text comes from.
    pub from: Option<usize>,
    /// The page the text goes on to.
    pub to: Option<usize>,
}

impl Jumps {
    /// Takes the grid lines of the jump lines out of the columns (and draws them when `items` is given).
    pub fn apply(&self, ctx: &mut Ctx, columns: &mut [Column], mut items: Option<&mut Vec<Item>>) {
        if let Some(from) = self.from {
            let text = format!("Suite de la page {from}");
            jump_line(ctx, &text, Align::Left, &mut columns[0], true, items.as_deref_mut());
        }
        if let Some(to) = self.to {
            let last = columns.len() - 1;
            jump_line(ctx, &format!("Suite en page {to}"), Align::Right, &mut columns[last], false, items);
        }
    }
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
