//! An article's modules: heads, photos, the body flowed through columns, and jump lines.

use super::flow::{self, Column, Elem};
use super::{Ctx, emit_line, module_rect, stack};
use crate::frame::{ImageItem, Item, LineMark, ModuleBox, PageFrame, RuleItem};
use crate::model::article::Photo;
use crate::model::{Article, Block, Face, Module, Span};
use crate::report::{ArticleReport, first_words};
use crate::text::quality::Figures;
use crate::text::{Align, Line, Setting, TextStyle};

/// Lays out an article over its modules and reports how it fits.
pub fn lay_out_article(
    ctx: &mut Ctx,
    article: &Article,
    stream: &[Elem],
    placements: &[(usize, &Module)],
    pages: &mut [PageFrame],
) -> Laid {
    let mut next = 0;
    let mut gave_up = Vec::new();
    let mut free = 0;
    let mut at = vec![None; stream.len()];
    for (k, &(page, m)) in placements.iter().enumerate() {
        let items = &mut pages[page - 1].items;
        let head =
            if k == 0 { heads(ctx, article, page, m, items) } else { continuation_head(ctx, article, page, m, items) };
        let band = m.top + head;
        let jumps = Jumps { from: k.checked_sub(1).map(|i| placements[i].0), to: placements.get(k + 1).map(|p| p.0) };
        let mut plan = if m.def.photos.unwrap_or(k == 0) { plan_photos(ctx, article, m, band) } else { vec![] };
        if jumps.to.is_none() && m.def.photo_lines.is_none() && plan.len() == 1 {
            fit_photo(ctx, stream, next, page, m, band, &jumps, &mut plan[0]);
        }
        let photo_lines = plan.iter().map(PhotoPlan::lines).sum();
        let mut columns = body_columns(ctx, page, m, band, photo_lines);
        draw_photos(ctx, &plan, page, m, band, items);
        jumps.draw(ctx, &mut columns, items);
        // The last module's columns end together when the text does not fill them (see
        // `flow::flow_balanced`); earlier modules fill top to bottom so the text runs on.
        let last = k + 1 == placements.len();
        let f = if last { flow::flow_balanced(stream, next, &columns) } else { flow::flow(stream, next, &columns) };
        render(ctx, stream, &f.placed, &columns, items);
        for p in &f.placed {
            at[p.elem] = Some((k, p.col));
        }
        mark_lines(ctx, &article.slug, stream, &f.placed, &columns, &mut pages[page - 1].lines);
        next = f.next;
        free = f.free;
        gave_up.extend(f.gave_up);
        let label = article.slug.clone();
        pages[page - 1].modules.push(ModuleBox { label, rect: module_rect(ctx.t, page, m) });
    }
    let mut report = report(article, placements, stream, next, free);
    (report.widows, report.orphans) = widows_and_orphans(stream, &at);
    Laid { report, at, gave_up }
}

/// An article laid out.
pub struct Laid {
    /// How it fits.
    pub report: ArticleReport,
    /// Each stream element's (module, column), when placed.
    pub at: Vec<Option<(usize, usize)>>,
    /// Columns ended early to keep a line from standing alone (see `flow::ModuleFlow::gave_up`).
    pub gave_up: Vec<(usize, usize)>,
}

/// Paragraph lines left alone in a column: a first line at a column's foot (orphan) or a last line
/// at the head of the next (widow). `at` gives each element's (module, column) when placed.
pub fn widows_and_orphans(stream: &[Elem], at: &[Option<(usize, usize)>]) -> (usize, usize) {
    let (mut widows, mut orphans) = (0, 0);
    for (i, e) in stream.iter().enumerate() {
        let Elem::Line { index, count, .. } = e else { continue };
        if *count < 2 || at[i].is_none() {
            continue;
        }
        if *index == 0 && at.get(i + 1).is_some_and(|n| n.is_some() && *n != at[i]) {
            orphans += 1;
        }
        if *index + 1 == *count && i > 0 && at[i - 1].is_some() && at[i - 1] != at[i] {
            widows += 1;
        }
    }
    (widows, orphans)
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
#[allow(clippy::too_many_arguments)]
fn fit_photo(
    ctx: &mut Ctx,
    stream: &[Elem],
    next: usize,
    page: usize,
    m: &Module,
    band: usize,
    jumps: &Jumps,
    plan: &mut PhotoPlan,
) {
    let natural = plan.lines;
    let (lo, hi) = ((natural * 3 / 5).max(4), natural * 8 / 5);
    let mut fits = None;
    for lines in (lo..=hi).rev() {
        plan.lines = lines;
        let mut columns = body_columns(ctx, page, m, band, plan.lines());
        jumps.apply(ctx, &mut columns, None);
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

/// What a laid-out article reports: its lines and their figures, overset and short lines.
pub(super) fn report(
    article: &Article,
    placements: &[(usize, &Module)],
    stream: &[Elem],
    next: usize,
    free: usize,
) -> ArticleReport {
    let lines = stream_lines(stream);
    let overset: Vec<&Elem> = stream[next..].iter().filter(|e| !matches!(e, Elem::Gap)).collect();
    let overset_text: String = overset.iter().map(|e| e.text()).collect::<Vec<_>>().join(" ");
    ArticleReport {
        slug: article.slug.clone(),
        pages: placements.iter().map(|(p, _)| *p).collect(),
        words: article.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.split_whitespace().count()).sum(),
        lines: lines.len(),
        overset_lines: overset.len(),
        overset_text: first_words(&overset_text, 8),
        short_lines: if next >= stream.len() { free } else { 0 },
        hyphenated: lines.iter().filter(|l| l.hyphenated).count(),
        space_ratios: lines.iter().filter_map(|l| l.space_ratio).collect(),
        quality: Figures::of(lines.iter().copied()),
        widows: 0,
        orphans: 0,
        blank_column_lines: 0,
        unbroken_names: Vec::new(),
    }
}

/// The set lines of a stream, without its gaps and blocks.
pub fn stream_lines(stream: &[Elem]) -> Vec<&Line> {
    stream
        .iter()
        .filter_map(|e| match e {
            Elem::Line { line, .. } => Some(line),
            _ => None,
        })
        .collect()
}

/// How the paragraphs of a running-text style are set: justified with the issue's micro-typography,
/// or flush left when the template's style says `ragged`.
pub(super) fn paragraph_setting(ctx: &Ctx, style_name: &str) -> Setting {
    if ctx.t.styles.get(style_name).is_some_and(|s| s.ragged) {
        return Setting { hyphenate: true, ..Setting::ragged(Align::Left) };
    }
    let mut base = super::body_setting(&ctx.issue.hyphenation.microtype);
    // Glyph expansion is for the body; box text keeps natural glyphs (known issue: pdftotext
    // loses the spaces of scaled lines that mix faces, as box lead-ins do).
    if style_name != "body" {
        (base.expansion, base.protrusion) = (0.0, false);
    }
    base
}

/// A body paragraph other than a drop-capped first one, set at the column measure; `indented`
/// when it follows another paragraph.
pub fn paragraph_lines(ctx: &mut Ctx, spans: &[Span], width: f64, style_name: &str, indented: bool) -> Vec<Line> {
    let body = ctx.styles.get(style_name);
    let setting = Setting { indent: if indented { body.size } else { 0.0 }, ..paragraph_setting(ctx, style_name) };
    ctx.set(spans, &body, width, &setting)
}

/// The body as a stream of lines, gaps and blocks, set at the column measure.
pub fn body_stream(ctx: &mut Ctx, blocks: &[Block], width: f64, style_name: &str, dropcap: usize) -> Vec<Elem> {
    let body = ctx.styles.get(style_name);
    let base = paragraph_setting(ctx, style_name);
    let mut out = Vec::new();
    let mut indent_next = false;
    for (para, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph(spans) => {
                let setting = Setting { indent: if indent_next { body.size } else { 0.0 }, ..base.clone() };
                let capped = if para == 0 && dropcap > 0 {
                    super::dropcap::set_with_dropcap(ctx, spans, &body, width, &setting, dropcap)
                } else {
                    None
                };
                let lines = capped.unwrap_or_else(|| ctx.set(spans, &body, width, &setting));
                push_lines(&mut out, lines, para);
                indent_next = true;
            }
            Block::Subhead(spans) => {
                out.push(Elem::Gap);
                out.push(subhead_block(ctx, spans, width));
                indent_next = false;
            }
            Block::Quote(spans) => {
                out.push(quote_block(ctx, spans, width));
                indent_next = false;
            }
        }
    }
    out
}

/// Appends a paragraph's lines to a stream as paragraph `para`.
pub fn push_lines(out: &mut Vec<Elem>, lines: Vec<Line>, para: usize) {
    let count = lines.len();
    for (index, line) in lines.into_iter().enumerate() {
        out.push(Elem::Line { line, para, index, count });
    }
}

/// A subhead as a block of whole grid lines that keeps with two lines of its text.
///
/// Its lines are set at the subhead style's own leading, which need not be the grid's. The last
/// one sits on a grid baseline, so the text under it is one grid line below as everywhere; the
/// others stack upwards at their leading, and the block takes as many grid lines as the first
/// one's ascent needs. What that rounding leaves over stays above the subhead, added to the blank
/// grid line before it: space above a subhead separates, space under it would cut the subhead
/// from its text. With a leading equal to the grid's this is one grid line per subhead line.
fn subhead_block(ctx: &mut Ctx, spans: &[Span], width: f64) -> Elem {
    let style = ctx.styles.get("subhead");
    let lines = ctx.set(spans, &style, width, &Setting::ragged(Align::Left));
    let (base, leading) = (ctx.t.baseline, style.leading);
    let last_in_band = ctx.t.line_baseline(0) - ctx.t.line_top(0);
    let rise = (lines.len().saturating_sub(1)) as f64 * leading;
    let ascent = style.size * 0.75;
    let bands = (((rise + ascent - last_in_band) / base).ceil().max(0.0) as usize + 1).max(lines.len().min(1));
    let last = (bands - 1) as f64 * base + last_in_band;
    let mut items = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        emit_line(&mut items, line, 0.0, last - (lines.len() - 1 - k) as f64 * leading);
    }
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    Elem::Block { bands, items, text, keep: 2 }
}

/// A pull quote between two rules, as a block of whole grid lines.
fn quote_block(ctx: &mut Ctx, spans: &[Span], width: f64) -> Elem {
    let style = ctx.styles.get("quote");
    let spans: Vec<Span> =
        spans.iter().map(|s| Span { text: s.text.clone(), face: Face::Italic, struck: s.struck }).collect();
    let lines = ctx.set(&spans, &style, width, &Setting::ragged(Align::Left));
    let base = ctx.t.baseline;
    let mut items = Vec::new();
    let rule = ctx.t.color("rule");
    items.push(Item::Rule(RuleItem { from: (0.0, base * 0.5), to: (width, base * 0.5), width: 1.0, color: rule }));
    let mut y = base * 0.8;
    stack(&mut items, &lines, &style, 0.0, &mut y);
    let bands = ((y + base * 0.7) / base).ceil() as usize;
    let bottom = bands as f64 * base - base * 0.4;
    items.push(Item::Rule(RuleItem { from: (0.0, bottom), to: (width, bottom), width: 1.0, color: rule }));
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    Elem::Block { bands: bands + 1, items, text, keep: 0 }
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

/// A style at another size, leading scaled alike.
pub fn scaled(style: TextStyle, size: f64) -> TextStyle {
    let k = size / style.size;
    TextStyle { size, leading: style.leading * k, tracking: style.tracking * k, ..style }
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

/// Columns of a module from grid line `band`: those under the photo start `photo_lines` lower, those
/// beside a narrower photo at its top.
fn body_columns(ctx: &Ctx, page: usize, m: &Module, band: usize, photo_lines: usize) -> Vec<Column> {
    let end = m.top + m.height;
    let photo_cols = if photo_lines > 0 { m.def.photo_span_or(m.def.span) } else { 0 };
    (0..m.def.span)
        .map(|c| {
            let start = if c < photo_cols { band + photo_lines } else { band };
            Column { x: ctx.t.column_x(page, m.col + c), width: ctx.t.column_width(), bands: start.min(end)..end }
        })
        .collect()
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

fn draw_photos(ctx: &Ctx, plans: &[PhotoPlan], page: usize, m: &Module, band: usize, items: &mut Vec<Item>) {
    let t = ctx.t;
    let (x, w) = (t.column_x(page, m.col), t.span_width(m.def.photo_span_or(m.def.span)));
    let style = ctx.styles.get("caption");
    let mut band = band;
    for p in plans {
        let frame = [x, t.line_top(band), w, p.lines as f64 * t.baseline - t.baseline * 0.3];
        items.push(Item::Image(ImageItem { key: p.photo.file.clone(), frame, placed: cover(frame, p.aspect) }));
        let mut y = t.line_top(band + p.lines);
        stack(items, &p.caption, &style, x, &mut y);
        band += p.lines();
    }
}

/// The placement of a picture of aspect `aspect` that covers `frame`, centred (crop to fill).
pub fn cover(frame: [f64; 4], aspect: f64) -> [f64; 4] {
    let [x, y, w, h] = frame;
    if w / h > aspect {
        let ph = w / aspect;
        [x, y - (ph - h) / 2.0, w, ph]
    } else {
        let pw = h * aspect;
        [x - (pw - w) / 2.0, y, pw, h]
    }
}

/// Records where each body line landed, for proofs.
pub fn mark_lines(
    ctx: &Ctx,
    slug: &str,
    stream: &[Elem],
    placed: &[flow::Placed],
    columns: &[Column],
    out: &mut Vec<LineMark>,
) {
    for p in placed {
        if let Elem::Line { line, para, index, count } = &stream[p.elem] {
            let col = &columns[p.col];
            out.push(LineMark {
                slug: slug.to_string(),
                rect: [col.x, ctx.t.line_top(p.band), col.width, ctx.t.baseline],
                para: *para,
                index: *index,
                count: *count,
                hyphenated: line.hyphenated,
                space_ratio: line.space_ratio,
                text: line.text.clone(),
            });
        }
    }
}

/// Draws the placed elements of a stream.
pub fn render(ctx: &Ctx, stream: &[Elem], placed: &[flow::Placed], columns: &[Column], items: &mut Vec<Item>) {
    for p in placed {
        let col = &columns[p.col];
        match &stream[p.elem] {
            Elem::Line { line, .. } => emit_line(items, line, col.x, ctx.t.line_baseline(p.band)),
            Elem::Block { items: block, .. } => {
                let dy = ctx.t.line_top(p.band);
                items.extend(block.iter().map(|i| crate::frame::translate(i, col.x, dy)));
            }
            Elem::Gap => {}
        }
    }
}
