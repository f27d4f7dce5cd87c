//! Sets texts at a template's body measure, with each micro-typography refinement on or off, and
//! reports the quality figures: for `maquette report --refinements`, the corpus test and the
//! `quality` bench. The setting is the issue's body setting, without pages.

use super::ctx::{body_setting, hyphenator};
use super::styles::Styles;
use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::model::hyphenation::{Hyphenation, Microtype};
use crate::model::{Issue, Span, Template};
use crate::text::breaker::bound::{Graph, Room};
use crate::text::quality::Figures;
use crate::text::setter::paragraph_items;
use crate::text::{Line, Setting, Shaper, set_paragraph};
use std::path::Path;

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

/// The refinements compared: none, each alone, protrusion with expansion, and all three, at the
/// default amounts (expansion ±2 %, letter-spacing ±3 %).
pub fn variants() -> Vec<(&'static str, Microtype)> {
    let all = Microtype::default();
    let none = Microtype { protrusion: false, expansion: 0.0, letterspace: 0.0 };
    vec![
        ("none", none.clone()),
        ("protrusion", Microtype { protrusion: true, ..none.clone() }),
        ("expansion", Microtype { expansion: all.expansion, ..none.clone() }),
        ("letter-spacing", Microtype { letterspace: all.letterspace, ..none }),
        ("protrusion+expansion", Microtype { letterspace: 0.0, ..all.clone() }),
        ("all three (default)", all),
    ]
}

/// The variants to compare for an issue: [`variants`], and the issue's own switches when its
/// `hyphenation.toml` changes them.
fn variants_for(own: &Microtype) -> Vec<(&'static str, Microtype)> {
    let mut v = variants();
    if *own != Microtype::default() {
        v.push(("this issue (hyphenation.toml)", own.clone()));
    }
    v
}

/// Sets each text (paragraphs separated by blank lines, later ones indented by one em) in the
/// template's body style at its column measure, with the French rules and `exceptions`; returns
/// the lines of each text in order.
pub fn set_texts(t: &Template, texts: &[&str], v: &Variant, exceptions: &Hyphenation) -> Result<Vec<Vec<Line>>> {
    let mut book = FontBook::new();
    let styles = Styles::load(t, &mut book)?;
    let body = styles.get("body");
    let mut shaper = Shaper::new(&book);
    let hyph = hyphenator(exceptions);
    let width = t.column_width();
    let shape = move |_: usize| width;
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let mut lines = Vec::new();
        for (i, para) in paragraphs(text).enumerate() {
            let setting = Setting { indent: if i > 0 { body.size } else { 0.0 }, ..v.setting.clone() };
            lines.extend(set_paragraph(&mut shaper, &hyph, &[Span::plain(para)], &body, &shape, &setting));
        }
        out.push(lines);
    }
    Ok(out)
}

/// The lines every paragraph of `texts` could have, set as [`set_texts`] sets them but with
/// later paragraphs indented by `indent` ems, for bounds on what any breaking could reach
/// (`text::breaker::bound`).
pub fn bound_graphs(t: &Template, texts: &[&str], v: &Variant, indent: f64) -> Result<Vec<Graph>> {
    let mut book = FontBook::new();
    let styles = Styles::load(t, &mut book)?;
    let body = styles.get("body");
    let mut shaper = Shaper::new(&book);
    let hyph = hyphenator(&Hyphenation::default());
    let s = &v.setting;
    let room = Room { expansion: s.expansion, letterspace: s.letterspace, space_stretch: s.space_stretch };
    let mut graphs = Vec::new();
    for text in texts {
        for (i, para) in paragraphs(text).enumerate() {
            let setting = Setting { indent: if i > 0 { indent * body.size } else { 0.0 }, ..s.clone() };
            let items = paragraph_items(&mut shaper, &hyph, &[Span::plain(para)], &body, &setting);
            if !items.is_empty() {
                graphs.push(Graph::new(&items, t.column_width(), room));
            }
        }
    }
    Ok(graphs)
}

/// A text's paragraphs: separated by blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// Figures over all texts, with the French rules and no exceptions.
pub fn figures(t: &Template, texts: &[&str], v: &Variant) -> Result<Figures> {
    let sets = set_texts(t, texts, v, &Hyphenation::default())?;
    Ok(Figures::of(sets.iter().flatten()))
}

/// The figures of plain texts set in the issue's body style and measure, with its hyphenation
/// exceptions, under each refinement.
pub fn texts_refinements(issue: &Issue, texts: &[&str]) -> Result<Vec<(&'static str, Figures)>> {
    let t = &issue.template;
    // Each variant sets every text on its own, with its own fonts: one thread per variant.
    std::thread::scope(|s| {
        let workers: Vec<_> = variants_for(&issue.hyphenation.microtype)
            .into_iter()
            .map(|(name, m)| {
                let worker = s.spawn(move || set_texts(t, texts, &Variant::with(m), &issue.hyphenation));
                (name, worker)
            })
            .collect();
        workers
            .into_iter()
            .map(|(name, w)| {
                let sets = w.join().map_err(|_| Error::msg(format!("setting the texts `{name}` failed")))??;
                Ok((name, Figures::of(sets.iter().flatten())))
            })
            .collect()
    })
}

/// The figures of the issue's article bodies under each refinement. Each body is set as the
/// build sets it (its style, measure, subheads, drop cap, exceptions) but not placed, so the
/// re-breaking the pages ask for (widows, orphans, column ends) is left out: the rows compare
/// the refinements, while the build's own report gives the figures of the pages.
pub fn issue_refinements(issue: &mut Issue) -> Result<Vec<(&'static str, Figures)>> {
    // Fonts, styles and hyphenation do not depend on the switches: loaded once for every row.
    let mut book = FontBook::new();
    let styles = Styles::load(&issue.template, &mut book)?;
    let hyph = hyphenator(&issue.hyphenation);
    let own = issue.hyphenation.microtype.clone();
    let mut rows = Vec::new();
    for (name, m) in variants_for(&own) {
        issue.hyphenation.microtype = m;
        let env = super::streams::Env { issue, styles: &styles, book: &book, hyph: &hyph };
        let articles: Vec<_> = issue.articles.values().collect();
        let streams = super::streams::set_all(&env, &articles);
        let lines = streams.bodies.values().flat_map(|s| super::body::stream_lines(s));
        rows.push((name, Figures::of(lines)));
    }
    issue.hyphenation.microtype = own;
    Ok(rows)
}

/// Reads texts to measure: a JSON array of strings or of objects with a `text` field (the shape
/// of the shared corpus), or any other file as one plain text, paragraphs separated by blank lines.
pub fn read_texts(path: &Path) -> Result<Vec<String>> {
    let text = crate::files::read_text(path)?;
    if path.extension().is_none_or(|e| e != "json") {
        return Ok(vec![text]);
    }
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
        // serde_json ends its message with the position, which the error already gives.
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or_default();
        Error::in_file(path, format!("not a JSON array of texts: {msg}")).at_line(e.line())
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str().or_else(|| item["text"].as_str()) {
            Some(s) => Ok(s.to_string()),
            None => Err(Error::in_file(path, format!("item {} is neither a string nor has a `text` string", i + 1))),
        })
        .collect()
}
