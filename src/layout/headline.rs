//! Headline sizes: the template's size for the module's span, made smaller when a word is wider
//! than the module.
//!
//! Headlines are not hyphenated, so a word wider than the module (a long compound, a name, a
//! number) would run into the next article. A sub-editor resizes such a headline; the engine does
//! the same, 5 % at a time, down to 70 % of the size asked for, and says so in the build's
//! warnings, since the page then differs from the design. Past 70 % the headline is left to
//! overflow, and `bounds` reports it: the words need changing, not the size.

use super::ctx::{Ctx, module_rect};
use super::emit::scaled;
use crate::model::{Article, Module, Span};
use crate::text::{Align, Line, TextStyle};

/// The smallest share of the asked size a headline is brought down to.
const FLOOR: f64 = 0.7;

/// The style asked for the headline in module `m`: its own size, or the template's for its span
/// (the first module), or 60 % of the headline style (a continuation).
pub fn asked(ctx: &Ctx, m: &Module, first: bool) -> TextStyle {
    let base = ctx.styles.get("headline");
    let size = if first {
        m.def.headline_size.or(ctx.t.headline_sizes.get(m.def.span - 1).copied()).unwrap_or(base.size)
    } else {
        m.def.headline_size.unwrap_or(base.size * 0.6)
    };
    scaled(base, size)
}

/// The headline set at `width` in `style`, made smaller until every line fits or the floor is
/// reached, its lines balanced; returns the style used and the lines.
pub fn fit(ctx: &mut Ctx, text: &str, style: TextStyle, width: f64) -> (TextStyle, Vec<Line>) {
    let style = fitting(ctx, text, style, width);
    let lines = ctx.set_display(&[Span::plain(text)], &style, width);
    (style, lines)
}

/// The style `fit` sets the headline in. Balancing never widens a line, so the size is found on
/// the lines as they break.
pub fn fitting(ctx: &mut Ctx, text: &str, style: TextStyle, width: f64) -> TextStyle {
    let floor = style.size * FLOOR;
    let mut style = style;
    loop {
        let lines = ctx.set_plain(text, &style, width, Align::Left);
        let fits = lines.iter().all(|l| l.width <= width + 0.01);
        if fits || style.size * 0.95 < floor - 1e-9 {
            return style;
        }
        style = scaled(style, style.size * 0.95);
    }
}

/// A warning when the article's headline had to be set smaller than asked on its first page.
pub fn note(ctx: &mut Ctx, article: &Article, placements: &[(usize, &Module)]) -> Option<String> {
    let &(page, m) = placements.first()?;
    let asked = asked(ctx, m, true);
    let width = module_rect(ctx.t, page, m)[2];
    let used = fitting(ctx, &article.front.headline, asked, width);
    (used.size < asked.size - 1e-9).then(|| {
        let widest = article.front.headline.split_whitespace().max_by_key(|w| w.chars().count()).unwrap_or("");
        format!(
            "{}: headline set at {:.1} pt instead of {:.1} pt (page {page}), so that « {widest} » fits the module's \
             width; a shorter word or a smaller `headline_size` avoids it",
            article.slug, used.size, asked.size
        )
    })
}

/// Whether the article's headline, as set over its first module, ends on a line of one word
/// although it has more than one line (a break elsewhere was refused by the balancing).
pub fn ends_on_one_word(ctx: &mut Ctx, article: &Article, placements: &[(usize, &Module)]) -> bool {
    let Some(&(page, m)) = placements.first() else { return false };
    let width = module_rect(ctx.t, page, m)[2];
    let (_, lines) = fit(ctx, &article.front.headline, asked(ctx, m, true), width);
    lines.len() > 1 && lines.last().is_some_and(|l| l.text.split_whitespace().count() == 1)
}
