//! Layout: modules on the page grid, text flowed through columns, page furniture; produces frames.

pub mod article;
mod bounds;
pub mod boxes;
pub mod column_ends;
pub mod dropcap;
pub mod flow;
mod headline;
pub mod measure;
pub mod messages;
pub mod pack;
pub mod page;
pub mod promo;
mod promo_fill;
pub mod quotes;
pub mod refit;
pub mod streams;
pub mod styles;

use crate::error::Result;
use crate::fonts::FontBook;
use crate::frame::{Item, PageFrame, RuleItem, TextItem};
use crate::model::hyphenation::{Hyphenation, Microtype};
use crate::model::{Article, Issue, Module, ModuleKind, Span, Template};
use crate::report::Report;
use crate::text::breaker::LineShape;
use crate::text::hyphenate::{Hyphenator, Rules};
use crate::text::{Align, Line, Setting, Shaper, TextStyle, set_paragraph};
use std::collections::BTreeMap;
pub use styles::Styles;

/// The laid-out issue: one frame per page and the report.
#[derive(Clone, Debug)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<PageFrame>,
    /// What the layout found.
    pub report: Report,
}

/// What every layout step needs: the issue, its template and styles, a shaper and a hyphenator.
pub struct Ctx<'a> {
    /// The issue.
    pub issue: &'a Issue,
    /// Its template.
    pub t: &'a Template,
    /// Styles with fonts.
    pub styles: &'a Styles,
    /// Shaper (with cache).
    pub shaper: Shaper<'a>,
    /// French hyphenation.
    pub hyph: Hyphenator,
}

impl Ctx<'_> {
    /// Sets runs of text at a constant measure.
    pub fn set(&mut self, spans: &[Span], style: &TextStyle, width: f64, setting: &Setting) -> Vec<Line> {
        let shape = move |_: usize| width;
        set_paragraph(&mut self.shaper, &self.hyph, spans, style, &shape, setting)
    }

    /// Sets runs of text with a width per line.
    pub fn set_shaped(&mut self, spans: &[Span], style: &TextStyle, shape: &dyn LineShape, s: &Setting) -> Vec<Line> {
        set_paragraph(&mut self.shaper, &self.hyph, spans, style, shape, s)
    }

    /// Sets plain text, ragged, at a constant measure.
    pub fn set_plain(&mut self, text: &str, style: &TextStyle, width: f64, align: Align) -> Vec<Line> {
        self.set(&[Span::plain(text)], style, width, &Setting::ragged(align))
    }
}

/// French hyphenation with the house rules and the issue's exceptions.
pub fn hyphenator(h: &Hyphenation) -> Hyphenator {
    let mut hyph = Hyphenator::new(Rules::default());
    for w in &h.words {
        hyph.add_exception(w);
    }
    hyph
}

/// Justified body text with the issue's micro-typography switches.
pub fn body_setting(m: &Microtype) -> Setting {
    Setting { expansion: m.expansion, protrusion: m.protrusion, letterspace: m.letterspace, ..Setting::body() }
}

/// Puts a set line on the page with its left end at `x` and baseline at `y`.
pub fn emit_line(items: &mut Vec<Item>, line: &Line, x: f64, y: f64) {
    for run in &line.runs {
        items.push(Item::Text(TextItem {
            x,
            y: y - run.rise,
            font: run.font,
            size: run.size,
            color: run.color,
            glyphs: run.glyphs.clone(),
            hscale: line.hscale,
        }));
        // Drawn over the glyphs, in their ink, so it stays on the text's plate.
        if let (Some((above, width)), Some(first), Some(last)) = (run.strike, run.glyphs.first(), run.glyphs.last()) {
            let y = y - run.rise - above;
            let to = (x + last.x + last.advance, y);
            items.push(Item::Rule(RuleItem { from: (x + first.x, y), to, width, color: run.color }));
        }
    }
}

/// Stacks lines from `*y` (the top of the first line's body) at the style's leading and moves `*y`
/// below the last one.
pub fn stack(items: &mut Vec<Item>, lines: &[Line], style: &TextStyle, x: f64, y: &mut f64) {
    for line in lines {
        let baseline = *y + style.leading - (style.leading - style.size) / 2.0 - style.size * 0.2;
        emit_line(items, line, x, baseline);
        *y += style.leading;
    }
}

/// Lays out the whole issue.
pub fn lay_out(issue: &Issue, book: &mut FontBook) -> Result<Document> {
    let t = &issue.template;
    // Another issue's front page for the promo box is laid out first, with the same fonts.
    let external = match &issue.thumbnail_issue {
        Some(other) => Some(lay_out(other, book)?),
        None => None,
    };
    let styles = Styles::load(t, book)?;
    let hyph = hyphenator(&issue.hyphenation);
    let mut ctx = Ctx { issue, t, styles: &styles, shaper: Shaper::new(book), hyph };
    let mut pages: Vec<PageFrame> = issue.pages.iter().map(|p| page::furniture(&mut ctx, p)).collect();
    let mut report = Report::default();
    let placed = article_placements(issue);
    let articles: Vec<_> = placed.keys().map(|slug| &issue.articles[*slug]).collect();
    let env = streams::Env { issue, styles: &styles, book: ctx.shaper.book, hyph: &ctx.hyph };
    let streams = streams::set_all(&env, &articles);
    ctx.shaper.missing.extend(streams.missing);
    for (slug, placements) in placed {
        let article = &issue.articles[slug];
        ctx.shaper.context = format!("article `{slug}`");
        report.warnings.extend(body_notes(issue, article));
        let stream = &streams.bodies[slug];
        let r = if article.is_box() {
            boxes::lay_out_box(&mut ctx, article, stream, &placements, &mut pages)
        } else {
            let r = quotes::lay_out(&mut ctx, article, stream, &placements, &mut pages);
            report.warnings.extend(headline::note(&mut ctx, article, &placements));
            r
        };
        report.articles.push(r);
    }
    report.articles.sort_by_key(|a| (a.pages.first().copied(), a.slug.clone()));
    let thumb = thumbnail_page(issue, &pages, external.as_ref());
    for page in &issue.pages {
        for m in page.modules.iter().filter(|m| m.def.kind == ModuleKind::Promo) {
            ctx.shaper.context = "promo box".to_string();
            let frame = &mut pages[page.number - 1];
            if let Some(w) = promo::lay_out_promo(&mut ctx, page.number, m, frame, thumb.as_ref()) {
                report.warnings.push(w);
            }
        }
    }
    // Whether a module or the messages' leftover space prints it, the promo text is the issue's.
    report.warnings.extend(issue.promo.iter().flat_map(|promo| body_notes(issue, promo)));
    messages::lay_out_messages(&mut ctx, &mut pages, &mut report, thumb.as_ref());
    report.warnings.extend(bounds::overflows(&pages));
    for file in &issue.unplaced {
        report.warnings.push(format!("{file}: no module of issue.toml names this article, so it is not printed"));
    }
    for m in &ctx.shaper.missing {
        report.warnings.push(format!(
            "{}: character « {} » (U+{:04X}) is missing from font {}",
            m.context, m.ch, m.ch as u32, m.font
        ));
    }
    Ok(Document { pages, report })
}

/// What an article's body holds that does not print as typed, as warnings naming its file (from
/// the issue folder) and line.
fn body_notes<'a>(issue: &Issue, article: &'a Article) -> impl Iterator<Item = String> + 'a {
    let file = article.path.strip_prefix(&issue.dir).unwrap_or(&article.path).display().to_string();
    article.notes.iter().map(move |(line, note)| format!("{file} line {line}: {note}"))
}

/// The front page the promo box shows: this issue's page 1 as laid out so far, or page 1 of the
/// issue named by `[promo] thumbnail`, its photos renamed to the keys this issue loaded them under.
fn thumbnail_page(issue: &Issue, pages: &[PageFrame], external: Option<&Document>) -> Option<PageFrame> {
    match issue.def.promo.as_ref()?.thumbnail.as_ref()? {
        crate::model::Thumbnail::Own(true) => pages.first().cloned(),
        crate::model::Thumbnail::Own(false) => None,
        crate::model::Thumbnail::Folder(folder) => {
            let mut page = external?.pages.first()?.clone();
            for item in &mut page.items {
                if let Item::Image(img) = item {
                    img.key = crate::model::image_key_for_thumbnail(folder, &img.key);
                }
            }
            Some(page)
        }
    }
}

/// The modules of each article (or box), in page order: (page number, module).
fn article_placements(issue: &Issue) -> BTreeMap<&str, Vec<(usize, &Module)>> {
    let mut map: BTreeMap<&str, Vec<(usize, &Module)>> = BTreeMap::new();
    for page in &issue.pages {
        for m in &page.modules {
            if let Some(slug) = &m.def.article {
                map.entry(slug.as_str()).or_default().push((page.number, m));
            }
        }
    }
    map
}

/// The module's rectangle on its page: x, y, width, height.
pub fn module_rect(t: &Template, page: usize, m: &Module) -> [f64; 4] {
    [t.column_x(page, m.col), t.line_top(m.top), t.span_width(m.def.span), m.height as f64 * t.baseline]
}
