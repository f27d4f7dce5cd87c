//! Heights from the text: how tall a module must be for an article at each span, found by setting
//! it as the layout will, and kept so that no article is measured twice at one measure.
//!
//! An article's body is set once at the column measure (layout's `streams`), whatever the span;
//! what changes with the span is how its lines fill the columns, its heads, and its photo. So a
//! height is found by flowing the set body into a trial module of that span: the heads are drawn
//! once per span (their grid lines do not depend on the height), and each trial height costs one
//! flow of the stream (linear in its lines), never a new line breaking. Two searches give the
//! variant's range of heights:
//!
//! - the **least** height is the smallest module whose columns take the whole text with the photo
//!   at its smallest (60 % of its natural height);
//! - the **fill** height is the smallest whose columns take it with the photo at its largest (160 %,
//!   or less when its pixels run out under the printer's `warn_ppi`). Between the two the layout
//!   sizes the photo so the text ends flush (`photos::fit_photo`); one line more leaves the columns
//!   a line short, the most a planned module may be; and up to `justify::JUSTIFY` lines more when
//!   the layout can feather its columns down to the foot (the **greatest** height, checked by
//!   setting it).
//!
//! Both searches are binary searches over the grid lines, since a taller module never takes less
//! text. The planner then checks its chosen heights with the layout itself (see `verify`), so a
//! rare disagreement (a paragraph set again to keep a hyphen off a column's foot) costs a re-plan,
//! never a wrong page.

use crate::layout::ctx::Ctx;
use crate::layout::flow::{self, Elem};
use crate::layout::heads::{Jumps, continuation_head, heads};
use crate::layout::photos::{PhotoPlan, Slot, plan_photos};
use crate::model::{Article, Module, ModuleDef, ModuleKind};
use std::collections::HashMap;

/// How a planned article's photo sits in its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhotoMode {
    /// No photo in this module (the article has none, a hint leaves it out, or a continuation).
    None,
    /// Under the heads, over the first `span` columns.
    Under(usize),
    /// At the top of the module, over all its columns, the heads under it.
    Top,
}

/// One way to set an article at a span: the module heights it fills, and what goes in it.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Columns.
    pub span: usize,
    /// Where the photo goes.
    pub photo: PhotoMode,
    /// Headline size asked.
    pub headline_size: Option<f64>,
    /// Grid lines of the heads.
    pub head: usize,
    /// The least module height that takes the whole text.
    pub min: usize,
    /// The least height that takes it with the photo at its largest (`min` without a photo).
    pub fill: usize,
    /// The greatest height the text still fills within a grid line.
    pub max: usize,
    /// The photo's smallest, natural and largest heights, in grid lines.
    pub photo_range: Option<(usize, usize, usize)>,
    /// Its top is not a headline (a photo, a tint), so it may stand beside one.
    pub quiet: bool,
    /// The text goes on to a later page: the module is filled whatever its height.
    pub jumps: bool,
    /// Heights between `fill` and `max` at which the balanced columns still end more than a
    /// grid line short (a text without a photo; see `Measurer::variant`).
    pub short_at: Vec<usize>,
}

/// Which text a trial sets: an article from its start, or the rest of one from element `from`
/// under a continuation head.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Part {
    /// First stream element.
    pub from: usize,
    /// The page it comes from (a continuation).
    pub from_page: Option<usize>,
    /// The page it goes on to.
    pub to_page: Option<usize>,
}

impl Part {
    /// The whole article on one page.
    pub const WHOLE: Part = Part { from: 0, from_page: None, to_page: None };
}

/// Measures articles for the planner, remembering every variant it found.
pub struct Measurer<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    lines: usize,
    cache: HashMap<(String, usize, PhotoMode, u64, Part), Option<Variant>>,
}

impl<'c, 'a> Measurer<'c, 'a> {
    /// A measurer for pages of `lines` grid lines.
    pub fn new(ctx: &'c mut Ctx<'a>) -> Self {
        let lines = ctx.t.grid_lines();
        Measurer { ctx, lines, cache: HashMap::new() }
    }

    /// The issue.
    pub fn issue(&self) -> &'a crate::model::Issue {
        self.ctx.issue
    }

    /// The context it sets with.
    pub fn ctx(&mut self) -> &mut Ctx<'a> {
        self.ctx
    }

    /// The variant of `a` (body `stream`) at `span` with its photo `photo`, headline at `size`;
    /// `None` when even a full-height module cannot take the text (or its headline's longest
    /// word does not fit the span).
    pub fn variant(
        &mut self,
        a: &Article,
        stream: &[Elem],
        (span, photo, size): (usize, PhotoMode, Option<f64>),
        part: Part,
    ) -> Option<Variant> {
        let key = (a.slug.clone(), span, photo, size.map_or(0, f64::to_bits), part);
        if let Some(hit) = self.cache.get(&key) {
            return hit.clone();
        }
        let v = self.measure(a, stream, (span, photo, size), part);
        self.cache.insert(key, v.clone());
        v
    }

    fn measure(
        &mut self,
        a: &Article,
        stream: &[Elem],
        (span, photo, size): (usize, PhotoMode, Option<f64>),
        part: Part,
    ) -> Option<Variant> {
        let def = trial_def(a, span, photo, size);
        let tall = Module::made(def.clone(), (0, self.lines), true);
        if part.from_page.is_none() && !headline_fits(self.ctx, a, &tall) {
            return None;
        }
        let mut scratch = Vec::new();
        let head = match part.from_page {
            None => heads(self.ctx, a, 2, &tall, 0, &mut scratch),
            Some(_) => continuation_head(self.ctx, a, 2, &tall, &mut scratch),
        };
        let photos = if photo == PhotoMode::None { vec![] } else { plan_photos(self.ctx, a, &tall, head) };
        let jumps = Jumps { from: part.from_page, to: part.to_page };
        let mut trial = Trial { ctx: self.ctx, def, stream, part, head, photos, jumps };
        let lines = self.lines;
        if part.to_page.is_some() {
            // Text that goes on fills any module: it needs room for its heads, photo and a few lines.
            let photo_range = trial.photo_range(lines);
            let min = head + photo_range.map_or(0, |r| r.0 + trial.caption() + 1) + 4;
            let quiet = photo == PhotoMode::Top;
            return Some(Variant {
                span,
                photo,
                headline_size: size,
                head,
                min,
                fill: min,
                max: lines,
                photo_range,
                quiet,
                jumps: true,
                short_at: Vec::new(),
            });
        }
        // A text longer than the page is measured in a taller module, so the advice can say by
        // how much; such a variant has no height on the page.
        let min = search(head + 1, lines * 4, |h| trial.fits(h, false))?;
        let photo_range = trial.photo_range(min);
        let fill = match photo_range {
            Some(_) if min <= lines => search(min, lines, |h| trial.fits(h, true)).unwrap_or(lines),
            _ => min,
        };
        let max = if fill > lines {
            fill.min(min)
        } else {
            let justified = (fill + 2..=(fill + 1 + crate::layout::justify::JUSTIFY).min(lines))
                .take_while(|&h| trial.full(h))
                .last();
            justified.unwrap_or((fill + 1).min(lines))
        };
        // Without a photo to take the slack, a height is only as good as the balanced columns it
        // leaves: a short text over many columns (widows, orphans and subheads kept with their
        // lines) may end two or three lines short at the height that first takes it and at the
        // next, and the layout would refuse both. Those heights are struck here, where the flow
        // is cheap, rather than found by laying the page out.
        let short_at = if photo_range.is_none() && fill <= lines {
            (fill..=max.min(fill + 1)).filter(|&h| !trial.full(h)).collect()
        } else {
            Vec::new()
        };
        Some(Variant {
            span,
            photo,
            headline_size: size,
            head,
            min,
            fill,
            max,
            photo_range,
            quiet: photo == PhotoMode::Top,
            jumps: false,
            short_at,
        })
    }
}

/// A trial setting of one article at one span.
struct Trial<'t, 'c> {
    ctx: &'t mut Ctx<'c>,
    def: ModuleDef,
    stream: &'t [Elem],
    part: Part,
    head: usize,
    photos: Vec<PhotoPlan>,
    jumps: Jumps,
}

impl Trial<'_, '_> {
    /// Whether a module `h` grid lines tall takes the text, with a single photo at its smallest,
    /// or at its largest when `largest` (several photos keep their heights, as the layout does).
    fn fits(&mut self, h: usize, largest: bool) -> bool {
        let m = Module::made(self.def.clone(), (0, h), true);
        let photo_lines = self.photo_lines(h, largest);
        let slot = Slot { page: 2, m: &m, band: self.head, jumps: self.jumps };
        let columns = slot.columns_for(self.ctx, photo_lines);
        let f = flow::flow(self.stream, self.part.from, &columns);
        f.next >= self.stream.len()
    }

    /// Whether a module `h` lines tall, its photo at its largest, is filled to within a grid line
    /// by the text as the layout sets it (balanced, then feathered by `flow::justify`).
    fn full(&mut self, h: usize) -> bool {
        let m = Module::made(self.def.clone(), (0, h), true);
        let photo_lines = self.photo_lines(h, true);
        let slot = Slot { page: 2, m: &m, band: self.head, jumps: self.jumps };
        let columns = slot.columns_for(self.ctx, photo_lines);
        let f = flow::flow_balanced(self.stream, self.part.from, &columns);
        f.next >= self.stream.len() && flow::shortest_gap(self.stream, &f, &columns) <= 1
    }

    /// Grid lines of the photos (pictures, captions, the line under) in a module `h` lines tall.
    fn photo_lines(&mut self, h: usize, largest: bool) -> usize {
        let body = h.saturating_sub(self.head);
        let single = self.photos.len() == 1;
        let mut total = 0;
        for p in &mut self.photos {
            p.lines = p.clamped(body);
            if single {
                let (lo, hi) = p.range();
                p.lines = if largest { hi } else { lo };
            }
            total += p.lines + p.caption_lines() + 1;
        }
        total
    }

    /// The single photo's smallest, natural and largest heights in a module `h` lines tall.
    fn photo_range(&mut self, h: usize) -> Option<(usize, usize, usize)> {
        let body = h.saturating_sub(self.head);
        let [p] = self.photos.as_mut_slice() else { return None };
        p.lines = p.clamped(body);
        let (lo, hi) = p.range();
        Some((lo, p.lines, hi))
    }

    /// Grid lines of the single photo's caption.
    fn caption(&self) -> usize {
        self.photos.first().map_or(0, PhotoPlan::caption_lines)
    }
}

/// The smallest `h` in `lo..=hi` for which `ok(h)` holds, `ok` being false below some height and
/// true from it on; `None` when it does not hold even at `hi`.
pub fn search(lo: usize, hi: usize, mut ok: impl FnMut(usize) -> bool) -> Option<usize> {
    if lo > hi || !ok(hi) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) { hi = mid } else { lo = mid + 1 }
    }
    Some(hi)
}

/// The module a trial sets the article in: `span` columns from the first, the planner's photo
/// and headline choices.
pub fn trial_def(a: &Article, span: usize, photo: PhotoMode, size: Option<f64>) -> ModuleDef {
    let mut def = ModuleDef::at(ModuleKind::Article, Some(a.slug.clone()), (1, span), (0, 1));
    def.headline_size = size;
    match photo {
        PhotoMode::None if !a.front.photos.is_empty() => def.photos = Some(false),
        PhotoMode::None => {}
        PhotoMode::Under(p) if p < span => def.photo_span = Some(p),
        PhotoMode::Under(_) => {}
        PhotoMode::Top => def.photo_top = true,
    }
    def
}

/// Whether the headline sets at the size asked in a module of this span: a word wider than the
/// module would otherwise be set smaller (see `layout::headline`).
fn headline_fits(ctx: &mut Ctx, a: &Article, m: &Module) -> bool {
    let asked = crate::layout::headline::asked(ctx, m, true);
    let width = ctx.t.span_width(m.def.span);
    let used = crate::layout::headline::fitting(ctx, &a.front.headline, asked, width);
    used.size >= asked.size - 1e-9
}
