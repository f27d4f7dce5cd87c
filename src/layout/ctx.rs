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

/// The module's rectangle on its page: x, y, width, height.
pub fn module_rect(t: &Template, page: usize, m: &Module) -> [f64; 4] {
    [t.column_x(page, m.col), t.line_top(m.top), t.span_width(m.def.span), m.height as f64 * t.baseline]
}
