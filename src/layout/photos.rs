//! An article's photos in its module: how tall each is, how the slack of the module goes to the
//! photo, and the picture drawn cropped to its frame with its caption under it.

use super::ctx::Ctx;
use super::emit::{cover_at, stack};
use super::flow::{self, Column, Elem};
use super::heads::Jumps;
use crate::frame::{ImageItem, Item};
use crate::model::article::Photo;
use crate::model::{Article, Face, Module, Span};
use crate::text::{Align, Line, Setting};

/// Where a module's body goes: its page, the module, the first grid line under the heads (and
/// under the photo of a photo-topped module), and the pages it jumps from and to.
pub struct Slot<'a> {
    /// Page number.
    pub page: usize,
    /// The module.
    pub m: &'a Module,
    /// First grid line under the heads.
    pub band: usize,
    /// Jump lines it carries.
    pub jumps: Jumps,
}

impl Slot<'_> {
    /// The module's columns from the slot's first grid line: those under the photo start
    /// `photo_lines` lower, those beside a narrower photo at its top; under a photo-topped
    /// module's photo, all of them.
    pub fn columns(&self, ctx: &Ctx, photo_lines: usize) -> Vec<Column> {
        let m = self.m;
        let end = m.top + m.height;
        let photo_cols = match photo_lines {
            0 => 0,
            _ if m.def.photo_top => m.def.span,
            _ => photo_span(m),
        };
        (0..m.def.span)
            .map(|c| {
                let start = if c < photo_cols { self.band + photo_lines } else { self.band };
                let x = ctx.t.column_x(self.page, m.col + c);
                Column { x, width: ctx.t.column_width(), bands: start.min(end)..end }
            })
            .collect()
    }

    /// The columns with the jump lines' grid lines taken out.
    pub fn columns_for(&self, ctx: &mut Ctx, photo_lines: usize) -> Vec<Column> {
        let mut columns = self.columns(ctx, photo_lines);
        self.jumps.apply(ctx, &mut columns, None);
        columns
    }
}

/// Columns the photo spans: the module's, or fewer when the module says `photo_span` (a
/// photo-topped module's photo spans it all).
pub fn photo_span(m: &Module) -> usize {
    if m.def.photo_top { m.def.span } else { m.def.photo_span.unwrap_or(m.def.span).clamp(1, m.def.span) }
}

/// A photo with its caption, before it is placed.
pub struct PhotoPlan {
    photo: Photo,
    aspect: f64,
    /// Grid lines of the picture itself.
    pub lines: usize,
    /// Grid lines of the picture at its width and proportions, before any module limits it.
    pub natural: usize,
    /// Most grid lines the picture may take before its resolution falls under the printer's
    /// warning threshold.
    pub most: usize,
    caption: Vec<Line>,
    caption_lines: usize,
}

impl PhotoPlan {
    /// Grid lines taken by picture, caption and the blank line under them.
    pub fn lines(&self) -> usize {
        self.lines + self.caption_lines + 1
    }

    /// The picture's height when the module's body has `body_lines` grid lines: its natural
    /// height, but at least 4 lines and at most three fifths of the body.
    pub fn clamped(&self, body_lines: usize) -> usize {
        self.natural.clamp(4, (body_lines * 3 / 5).max(4))
    }

    /// The heights the picture may take when it is sized to the text, from `self.lines`: 60 % to
    /// 160 %, no taller than its resolution allows.
    pub fn range(&self) -> (usize, usize) {
        let lo = (self.lines * 3 / 5).max(4);
        (lo, (self.lines * 8 / 5).min(self.most).max(lo))
    }

    /// The tallest the picture may grow in a hand-placed module whose body has `body_lines` grid
    /// lines: to the module's foot with its caption, no taller than its resolution allows, and
    /// no more than twice its natural height, so that the crop keeps at least half the picture's
    /// width (a landscape photo cropped to a sliver shows nothing of what it was taken for).
    pub fn ceiling(&self, body_lines: usize) -> usize {
        let room = body_lines.saturating_sub(self.caption_lines + 1);
        (self.natural * 2).min(self.most).min(room)
    }

    /// Grid lines of the caption.
    pub fn caption_lines(&self) -> usize {
        self.caption_lines
    }
}

/// The photos of article `a` in module `m` whose body starts at grid line `band`.
pub fn plan_photos(ctx: &mut Ctx, a: &Article, m: &Module, band: usize) -> Vec<PhotoPlan> {
    let t = ctx.t;
    let w = t.span_width(photo_span(m));
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
        // Under `warn_ppi` the printer warns: the frame's height (the picture covers it, so its
        // width follows) stops where the photo's pixels run out.
        let tallest_pt = f64::from(image.height) * 72.0 / ctx.issue.printer.warn_ppi.max(1.0);
        let most = ((tallest_pt + t.baseline * 0.3) / t.baseline).floor() as usize;
        let mut spans = vec![Span::plain(photo.caption.clone())];
        if !photo.credit.is_empty() {
            spans.push(Span { text: format!(" {}", photo.credit), face: Face::Italic, struck: false });
        }
        let caption = ctx.set(&spans, &style, w, &Setting::ragged(Align::Left));
        let caption_lines = (caption.len() as f64 * style.leading / t.baseline).ceil() as usize;
        plans.push(PhotoPlan {
            photo: photo.clone(),
            aspect: image.aspect(),
            lines,
            natural,
            most,
            caption,
            caption_lines,
        });
    }
    plans
}

/// Chooses the photo height that lets the text end flush with the module: the tallest photo, from
/// 60 % of its natural height up to its `ceiling` (the module's foot, its resolution, a crop
/// that keeps half its width), with which nothing is overset and every column ends within a grid
/// line of the module's foot (a taller photo can leave a column short where a keep or a widow
/// rule bites); failing that, the one that leaves the least blank. Editors set `photo_lines` to
/// override. This is how a layout desk fits a story to its hole without touching the text.
/// Returns whether the picture stopped short of its ceiling while a taller one would still have
/// taken the whole text: the blank it leaves is the report's photo slack.
pub fn fit_photo(ctx: &mut Ctx, stream: &[Elem], next: usize, slot: &Slot, plan: &mut PhotoPlan) -> bool {
    let natural = plan.lines;
    let body = (slot.m.top + slot.m.height).saturating_sub(slot.band);
    let (lo, hi) = plan.range();
    // A planned module's height was chosen for the heights `range` allows (plan::measure); a
    // hand-placed one lets the photo grow to its ceiling.
    let hi = if slot.m.planned { hi } else { hi.max(plan.ceiling(body)) };
    // A taller photo leaves the text less room: the heights that take the whole text are those up
    // to the tallest that does, found by halving; balancing (costlier) is tried from there down.
    let mut fits = |ctx: &mut Ctx, lines: usize| {
        plan.lines = lines;
        let columns = slot.columns_for(ctx, plan.lines());
        flow::flow(stream, next, &columns).next >= stream.len()
    };
    if !fits(ctx, lo) {
        plan.lines = natural;
        return false;
    }
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let mid = a + (b - a).div_ceil(2);
        if fits(ctx, mid) { a = mid } else { b = mid - 1 }
    }
    let tallest = a;
    // From the tallest down, the first height whose columns all end within a grid line of their
    // foot; failing that, the one that leaves the least blank (the taller of equals). A smaller
    // photo only gives the text more room, so a few steps down are enough.
    let mut best = (usize::MAX, tallest);
    for lines in (lo.max(tallest.saturating_sub(SCAN))..=tallest).rev() {
        plan.lines = lines;
        let columns = slot.columns_for(ctx, plan.lines());
        let f = flow::flow_balanced(stream, next, &columns);
        let short = flow::shortest_gap(stream, &f, &columns);
        if short <= 1 {
            return lines < tallest;
        }
        if short < best.0 {
            best = (short, lines);
        }
    }
    plan.lines = best.1;
    best.1 < tallest
}

/// Photo heights tried below the tallest that fits, at most.
const SCAN: usize = 8;

/// Draws the photos and their captions from grid line `band` down.
pub fn draw_photos(ctx: &Ctx, plans: &[PhotoPlan], slot: &Slot, band: usize, items: &mut Vec<Item>) {
    let (t, m) = (ctx.t, slot.m);
    let (x, w) = (t.column_x(slot.page, m.col), t.span_width(photo_span(m)));
    let style = ctx.styles.get("caption");
    let mut band = band;
    for p in plans {
        let frame = [x, t.line_top(band), w, p.lines as f64 * t.baseline - t.baseline * 0.3];
        let focus = p.photo.focus_point().unwrap_or((0.5, 0.5));
        let placed = cover_at(frame, p.aspect, focus);
        items.push(Item::Image(ImageItem { key: p.photo.file.clone(), frame, placed, backdrop: None }));
        let mut y = t.line_top(band + p.lines);
        stack(items, &p.caption, &style, x, &mut y);
        band += p.lines();
    }
}
