//! Proof overlays drawn as extra frame items: grids, module frames, overset and line flags.
//!
//! Layout knows nothing of proofs; this module copies a finished page frame and adds items to it, so
//! the PDF writer draws the proof like any page. Grids and line highlights go under the page's own
//! items (they are pale tints and must not hide text); frames, labels and overset marks go on top.

use crate::frame::{Item, LineMark, PageFrame, RectItem, RuleItem};
use crate::layout::report::{ArticleReport, Report, SHORT_LIMIT};
use crate::layout::{Ctx, emit_line};
use crate::model::Cmyk;
use crate::text::{Align, TextStyle};

/// A justified line whose word spaces are more than this many times their natural width is loose.
pub const LOOSE_RATIO: f64 = 3.0;
/// This many hyphenated line ends in a row make a hyphen run (a "ladder").
pub const HYPHEN_RUN: usize = 3;

const GRID: Cmyk = Cmyk([30.0, 0.0, 0.0, 0.0]);
const BASELINE: Cmyk = Cmyk([12.0, 0.0, 0.0, 0.0]);
const FRAME: Cmyk = Cmyk([100.0, 40.0, 0.0, 0.0]);
const RED: Cmyk = Cmyk([0.0, 100.0, 100.0, 0.0]);
const LOOSE: Cmyk = Cmyk([25.0, 0.0, 0.0, 0.0]);
const WIDOW: Cmyk = Cmyk([0.0, 35.0, 0.0, 0.0]);
const HYPHEN: Cmyk = Cmyk([0.0, 45.0, 100.0, 0.0]);
const SHORT: Cmyk = Cmyk([0.0, 30.0, 100.0, 0.0]);

/// Which overlays a proof draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlays {
    /// Column guides.
    pub columns: bool,
    /// Baseline grid.
    pub baselines: bool,
    /// Module frames labelled with the article slug.
    pub modules: bool,
    /// Overset and short modules.
    pub fit: bool,
    /// Widows, orphans, loose lines, hyphenated ends and hyphen runs.
    pub lines: bool,
}

impl Overlays {
    /// Every overlay.
    pub const ALL: Overlays = Overlays { columns: true, baselines: true, modules: true, fit: true, lines: true };
    /// None: the proof shows the pages as printed.
    pub const NONE: Overlays = Overlays { columns: false, baselines: false, modules: false, fit: false, lines: false };

    /// Parses a comma-separated list: `columns`, `baselines`, `grid` (both), `modules`, `fit`, `lines`,
    /// `all` or `none`.
    pub fn parse(list: &str) -> Result<Overlays, String> {
        let mut o = Overlays::NONE;
        for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "all" => o = Overlays::ALL,
                "none" => o = Overlays::NONE,
                "columns" => o.columns = true,
                "baselines" => o.baselines = true,
                "grid" => (o.columns, o.baselines) = (true, true),
                "modules" => o.modules = true,
                "fit" => o.fit = true,
                "lines" => o.lines = true,
                _ => {
                    return Err(format!(
                        "unknown overlay `{word}` (known: all, none, grid, columns, baselines, modules, fit, lines)"
                    ));
                }
            }
        }
        Ok(o)
    }
}

/// What a proofreader should look at in one body line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineFlags {
    /// Spaces stretched past [`LOOSE_RATIO`].
    pub loose: bool,
    /// Ends with an added hyphen.
    pub hyphen: bool,
    /// Part of a run of [`HYPHEN_RUN`] or more hyphenated ends.
    pub hyphen_run: bool,
    /// A paragraph's last line alone at the head of a column.
    pub widow: bool,
    /// A paragraph's first line alone at the foot of a column.
    pub orphan: bool,
}

impl LineFlags {
    /// Whether any flag is set.
    pub fn any(&self) -> bool {
        self.loose || self.hyphen || self.widow || self.orphan
    }
}

/// The flags of every body line, in the order of `lines` (all pages' marks, page by page).
///
/// A column break falls between two consecutive lines of one article when they sit in different
/// columns or pages. Widows and orphans are judged at those breaks, from the lines' places in their
/// paragraph; hyphen runs count consecutive hyphenated ends across the whole stream of an article.
pub fn flag_lines(lines: &[&LineMark]) -> Vec<LineFlags> {
    let mut flags: Vec<LineFlags> = lines
        .iter()
        .map(|l| LineFlags {
            loose: l.space_ratio.is_some_and(|r| r > LOOSE_RATIO),
            hyphen: l.hyphenated,
            ..LineFlags::default()
        })
        .collect();
    for i in 1..lines.len() {
        let (a, b) = (lines[i - 1], lines[i]);
        let same_para = a.slug == b.slug && a.para == b.para;
        let broken = a.rect[0] != b.rect[0] || b.rect[1] < a.rect[1];
        if same_para && broken {
            flags[i - 1].orphan |= a.index == 0;
            flags[i].widow |= b.index + 1 == b.count;
        }
    }
    let mut start = 0;
    for i in 0..=lines.len() {
        let continues = i < lines.len() && lines[i].hyphenated && (i == start || lines[i].slug == lines[start].slug);
        if !continues {
            if i - start >= HYPHEN_RUN {
                flags[start..i].iter_mut().for_each(|f| f.hyphen_run = true);
            }
            start = i + 1;
        }
    }
    flags
}

/// A copy of `page` with the chosen overlays; `flags` are the flags of `page.lines`, in order.
pub fn decorate(ctx: &mut Ctx, page: &PageFrame, report: &Report, flags: &[LineFlags], on: Overlays) -> PageFrame {
    let mut under = Vec::new();
    let mut over = Vec::new();
    if on.baselines {
        baselines(ctx, page, &mut under);
    }
    if on.columns {
        columns(ctx, page, &mut under);
    }
    if on.lines {
        for (line, f) in page.lines.iter().zip(flags) {
            line_marks(line, f, &mut under, &mut over);
        }
    }
    for m in &page.modules {
        let article = report.articles.iter().find(|a| a.slug == m.label);
        let fit = if on.fit { article.map(|a| fit_of(a, page.number)).unwrap_or(Fit::Fits) } else { Fit::Fits };
        let color = match fit {
            Fit::Fits => FRAME,
            Fit::Overset(_) => RED,
            Fit::Short(_) => SHORT,
        };
        if on.modules {
            over.push(Item::Rect(RectItem { rect: m.rect, fill: None, stroke: Some((FRAME, 0.6)) }));
            let name = if m.planned { format!("{} · planned", m.label) } else { m.label.clone() };
            label(ctx, &name, [m.rect[0], m.rect[1]], 7.0, FRAME, &mut over);
        }
        if fit != Fit::Fits {
            // The fit mark goes on top of the frame, its label at the module's foot where the text ends.
            over.push(Item::Rect(RectItem { rect: m.rect, fill: None, stroke: Some((color, 2.5)) }));
            let text = format!("{}{}", m.label, fit.label());
            label(ctx, &text, [m.rect[0], m.rect[1] + m.rect[3] - 12.0], 9.0, color, &mut over);
        }
    }
    let mut out = page.clone();
    under.append(&mut out.items);
    under.append(&mut over);
    out.items = under;
    out
}

/// How an article fits the module it ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Fits (or is short by no more than the report's limit).
    Fits,
    /// Lines that did not fit.
    Overset(usize),
    /// Empty grid lines at the end.
    Short(usize),
}

impl Fit {
    /// A suffix for labels: empty, ` — overset 12 lines`, ` — short 5 lines`.
    pub fn label(&self) -> String {
        match self {
            Fit::Fits => String::new(),
            Fit::Overset(n) => format!(" — OVERSET {n} line{}", if *n == 1 { "" } else { "s" }),
            Fit::Short(n) => format!(" — short {n} lines"),
        }
    }
}

/// The article's fit as shown on `page` (only its last page carries overset or short marks).
pub fn fit_of(a: &ArticleReport, page: usize) -> Fit {
    if a.pages.last() != Some(&page) { Fit::Fits } else { article_fit(a) }
}

/// The article's fit.
pub fn article_fit(a: &ArticleReport) -> Fit {
    if a.overset_lines > 0 {
        Fit::Overset(a.overset_lines)
    } else if a.short_lines > SHORT_LIMIT {
        Fit::Short(a.short_lines)
    } else {
        Fit::Fits
    }
}

fn baselines(ctx: &Ctx, page: &PageFrame, out: &mut Vec<Item>) {
    let t = ctx.t;
    let (x0, x1) = (t.content_left(page.number), t.content_left(page.number) + t.content_width());
    for line in 0..t.grid_lines() {
        let y = t.line_baseline(line);
        out.push(rule((x0, y), (x1, y), 0.25, BASELINE));
    }
}

fn columns(ctx: &Ctx, page: &PageFrame, out: &mut Vec<Item>) {
    let t = ctx.t;
    let (y0, y1) = (t.line_top(0), t.line_top(t.grid_lines()));
    for col in 0..t.columns {
        let x = t.column_x(page.number, col);
        for x in [x, x + t.column_width()] {
            out.push(rule((x, y0), (x, y1), 0.4, GRID));
        }
    }
}

fn line_marks(line: &LineMark, f: &LineFlags, under: &mut Vec<Item>, over: &mut Vec<Item>) {
    let [x, y, w, h] = line.rect;
    let tint = if f.widow || f.orphan {
        Some(WIDOW)
    } else if f.loose {
        Some(LOOSE)
    } else {
        None
    };
    if let Some(tint) = tint {
        under.push(Item::Rect(RectItem { rect: line.rect, fill: Some(tint), stroke: None }));
    }
    if f.hyphen {
        // A tick just past the line end; a run gets a bar in the gutter along its lines.
        let tick = if f.hyphen_run { [x + w + 0.8, y, 2.4, h] } else { [x + w + 0.8, y + h * 0.35, 2.4, h * 0.3] };
        over.push(Item::Rect(RectItem {
            rect: tick,
            fill: Some(if f.hyphen_run { RED } else { HYPHEN }),
            stroke: None,
        }));
    }
}

/// A label: white text on a band of `color`, its top-left corner at `at`.
fn label(ctx: &mut Ctx, text: &str, at: [f64; 2], size: f64, color: Cmyk, out: &mut Vec<Item>) {
    let style = TextStyle { color: Cmyk::WHITE, ..crate::layout::emit::scaled(ctx.styles.get("caption"), size) };
    let lines = ctx.set_plain(text, &style, 1000.0, Align::Left);
    let Some(line) = lines.first() else { return };
    let h = size * 1.3;
    out.push(Item::Rect(RectItem { rect: [at[0], at[1], line.width + 4.0, h], fill: Some(color), stroke: None }));
    emit_line(out, line, at[0] + 2.0, at[1] + size * 0.97);
}

fn rule(from: (f64, f64), to: (f64, f64), width: f64, color: Cmyk) -> Item {
    Item::Rule(RuleItem { from, to, width, color })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x: f64, y: f64, para: usize, index: usize, count: usize, hyphenated: bool) -> LineMark {
        LineMark {
            slug: "a".into(),
            rect: [x, y, 100.0, 10.0],
            para,
            index,
            count,
            hyphenated,
            space_ratio: Some(1.0),
            text: String::new(),
        }
    }

    #[test]
    fn column_breaks_make_widows_and_orphans() {
        // Paragraph 0 (3 lines) ends alone at the head of column 2; paragraph 1 starts alone at its foot.
        let lines = [
            line(0.0, 0.0, 0, 0, 3, false),
            line(0.0, 10.0, 0, 1, 3, false),
            line(200.0, 0.0, 0, 2, 3, false),
            line(200.0, 10.0, 1, 0, 2, false),
            line(400.0, 0.0, 1, 1, 2, false),
        ];
        let refs: Vec<&LineMark> = lines.iter().collect();
        let f = flag_lines(&refs);
        assert_eq!(f.iter().map(|f| f.widow).collect::<Vec<_>>(), [false, false, true, false, true]);
        assert_eq!(f.iter().map(|f| f.orphan).collect::<Vec<_>>(), [false, false, false, true, false]);
    }

    #[test]
    fn three_hyphens_in_a_row_are_a_run() {
        let h = [true, true, false, true, true, true, false];
        let lines: Vec<LineMark> = h.iter().enumerate().map(|(i, &h)| line(0.0, i as f64 * 10.0, 0, i, 7, h)).collect();
        let refs: Vec<&LineMark> = lines.iter().collect();
        let f = flag_lines(&refs);
        assert_eq!(f.iter().map(|f| f.hyphen_run).collect::<Vec<_>>(), [false, false, false, true, true, true, false]);
        assert_eq!(f.iter().filter(|f| f.hyphen).count(), 5);
        assert!(f.iter().all(|f| !f.loose && !f.widow && !f.orphan));
    }
}
