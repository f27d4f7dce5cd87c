//! What every layout step needs — the issue, its template and styles, a shaper and a hyphenator —
//! and the geometry of a module on the page grid.

use super::styles::Styles;
use crate::model::hyphenation::{Hyphenation, Microtype};
use crate::model::{Issue, Module, Span, Template};
use crate::text::breaker::LineShape;
use crate::text::hyphenate::{Hyphenator, Rules};
use crate::text::{Align, Line, Setting, Shaper, TextStyle, set_paragraph};

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
    /// Lines of one stream past this many are set without glyphs (`Setting::drawn_lines`): twice
    /// every grid line of every column of every page, so no line the flow could place is among
    /// them. A 3 MB article sets some 90,000 lines, and their three million glyphs would
    /// otherwise stay in memory until the flow had counted them overset.
    pub fn most_drawn_lines(&self) -> usize {
        2 * self.issue.pages.len().max(1) * self.t.columns.max(1) * self.t.grid_lines().max(1)
    }

    /// Sets runs of text at a constant measure.
    pub fn set(&mut self, spans: &[Span], style: &TextStyle, width: f64, setting: &Setting) -> Vec<Line> {
        let shape = move |_: usize| width;
        set_paragraph(&mut self.shaper, &self.hyph, spans, style, &shape, setting)
    }

    /// Sets runs of text with a width per line.
    pub fn set_shaped(&mut self, spans: &[Span], style: &TextStyle, shape: &dyn LineShape, s: &Setting) -> Vec<Line> {
        set_paragraph(&mut self.shaper, &self.hyph, spans, style, shape, s)
    }

    /// Display type (headlines, decks, box headings): ragged left, never hyphenated, balanced.
    pub fn set_display(&mut self, spans: &[Span], style: &TextStyle, width: f64) -> Vec<Line> {
        self.set_balanced(spans, style, width, &Setting::ragged(Align::Left))
    }

    /// Ragged text with its lines balanced. Balancing keeps the number of lines the full
    /// measure gives and searches for the narrowest measure that still gives that many (a
    /// bisection over the width, as browsers do for `text-wrap: balance` and InDesign's "balance
    /// ragged lines"): the breaks then fall where the lines are most nearly equal, and a last
    /// line of one short word disappears whenever another break allows it. The lines keep the
    /// full measure, centred or right-aligned lines moved back to where it puts them.
    pub fn set_balanced(&mut self, spans: &[Span], style: &TextStyle, width: f64, setting: &Setting) -> Vec<Line> {
        let full = self.set(spans, style, width, setting);
        let fits = |lines: &[Line], w: f64| lines.iter().all(|l| l.width <= w + 0.01);
        if full.len() < 2 || !fits(&full, width) {
            return full;
        }
        let n = full.len();
        let (mut lo, mut hi) = (width / n as f64, width);
        let mut best = full;
        for _ in 0..BALANCE_STEPS {
            let mid = (lo + hi) / 2.0;
            let lines = self.set(spans, style, mid, setting);
            if lines.len() == n && fits(&lines, mid) {
                hi = mid;
                best = lines;
            } else {
                lo = mid;
            }
        }
        let shift = match setting.align {
            Align::Center => (width - hi) / 2.0,
            Align::Right => width - hi,
            _ => 0.0,
        };
        for l in &mut best {
            for run in &mut l.runs {
                run.glyphs.iter_mut().for_each(|g| g.x += shift);
            }
            l.width += shift;
            l.measure = width;
        }
        best
    }

    /// Sets plain text, ragged, at a constant measure.
    pub fn set_plain(&mut self, text: &str, style: &TextStyle, width: f64, align: Align) -> Vec<Line> {
        self.set(&[Span::plain(text)], style, width, &Setting::ragged(align))
    }
}

/// Halvings of the measure when balancing display lines: the last is under 0.1 pt on any page.
const BALANCE_STEPS: usize = 12;

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

/// The module's rectangle on its page: x, y, width, height.
pub fn module_rect(t: &Template, page: usize, m: &Module) -> [f64; 4] {
    [t.column_x(page, m.col), t.line_top(m.top), t.span_width(m.def.span), m.height as f64 * t.baseline]
}
