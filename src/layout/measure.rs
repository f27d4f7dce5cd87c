//! Sets plain texts at a template's body measure and reports the quality figures, for the corpus
//! test and the `quality` example: the same setting as an issue's body, without pages.

use super::{Styles, body_setting, hyphenator};
use crate::error::Result;
use crate::fonts::FontBook;
use crate::model::hyphenation::{Hyphenation, Microtype};
use crate::model::{Span, Template};
use crate::text::quality::Figures;
use crate::text::{Line, Setting, Shaper, set_paragraph};

/// Which refinements to apply when measuring.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Micro-typography switches.
    pub microtype: Microtype,
    /// Breaker parameters and the rest of the setting, as the body gets them.
    pub setting: Setting,
}

impl Variant {
    /// The body setting of an issue with `microtype`.
    pub fn with(microtype: Microtype) -> Variant {
        Variant { setting: body_setting(&microtype), microtype }
    }
}

/// Sets each text (paragraphs separated by blank lines, later ones indented by one em) in the
/// template's body style at its column measure; returns the lines of each text in order.
pub fn set_texts(t: &Template, texts: &[&str], v: &Variant) -> Result<Vec<Vec<Line>>> {
    let mut book = FontBook::new();
    let styles = Styles::load(t, &mut book)?;
    let body = styles.get("body");
    let mut shaper = Shaper::new(&book);
    let hyph = hyphenator(&Hyphenation::default());
    let width = t.column_width();
    let shape = move |_: usize| width;
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let mut lines = Vec::new();
        for (i, para) in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).enumerate() {
            let setting = Setting { indent: if i > 0 { body.size } else { 0.0 }, ..v.setting.clone() };
            lines.extend(set_paragraph(&mut shaper, &hyph, &[Span::plain(para)], &body, &shape, &setting));
        }
        out.push(lines);
    }
    Ok(out)
}

/// Figures over all texts.
pub fn figures(t: &Template, texts: &[&str], v: &Variant) -> Result<Figures> {
    let sets = set_texts(t, texts, v)?;
    Ok(Figures::of(sets.iter().flatten()))
}
