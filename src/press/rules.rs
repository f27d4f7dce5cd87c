//! Rules and frames as thick as the press can print: a line under the printer's minimum width
//! (0.5 pt in one ink, 1.5 pt in several, after print.md) breaks up on newsprint or falls out of
//! register, so every rule and frame stroke is brought up to it before the pages are written.

use crate::frame::{Item, PageFrame, RectItem};
use crate::model::Cmyk;
use crate::printer::Printer;
use std::borrow::Cow;

/// The pages with every rule and stroke at least the printer's minimum width for its inks;
/// borrowed unchanged when none is thinner.
pub fn thickened<'p>(pages: Cow<'p, [PageFrame]>, printer: &Printer) -> Cow<'p, [PageFrame]> {
    let thin = |item: &Item| match item {
        Item::Rule(r) => r.width < least(printer, r.color),
        Item::Rect(RectItem { stroke: Some((c, w)), .. }) => *w < least(printer, *c),
        _ => false,
    };
    if !pages.iter().flat_map(|p| &p.items).any(thin) {
        return pages;
    }
    let mut pages = pages.into_owned();
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        match item {
            Item::Rule(r) => r.width = r.width.max(least(printer, r.color)),
            Item::Rect(RectItem { stroke: Some((c, w)), .. }) => *w = w.max(least(printer, *c)),
            _ => {}
        }
    }
    Cow::Owned(pages)
}

/// The least width of a line in `color`: one ink, or several (white, which knocks out of what
/// lies beneath, counts as several).
pub fn least(printer: &Printer, color: Cmyk) -> f64 {
    let inks = color.0.iter().filter(|v| **v > 0.0).count();
    if inks == 1 { printer.min_line_width } else { printer.min_line_width_process }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::RuleItem;

    fn page(items: Vec<Item>) -> PageFrame {
        PageFrame { number: 1, size: (100.0, 100.0), items, modules: vec![], lines: vec![] }
    }

    #[test]
    fn thin_lines_are_thickened_by_their_inks_and_thick_ones_kept() {
        let p = Printer::defaults(&[], "test");
        let rule = |width, color| Item::Rule(RuleItem { from: (0.0, 0.0), to: (10.0, 0.0), width, color });
        let pages = vec![page(vec![
            rule(0.25, Cmyk::BLACK),
            rule(0.5, Cmyk([100.0, 0.0, 0.0, 100.0])),
            rule(2.0, Cmyk::BLACK),
            Item::Rect(RectItem { rect: [0.0, 0.0, 5.0, 5.0], fill: None, stroke: Some((Cmyk::BLACK, 0.3)) }),
        ])];
        let out = thickened(Cow::Borrowed(&pages), &p);
        let widths: Vec<f64> = out[0]
            .items
            .iter()
            .map(|i| match i {
                Item::Rule(r) => r.width,
                Item::Rect(r) => r.stroke.unwrap().1,
                _ => 0.0,
            })
            .collect();
        assert_eq!(widths, vec![0.5, 1.5, 2.0, 0.5]);
        let fine = vec![page(vec![rule(1.0, Cmyk::BLACK)])];
        assert!(matches!(thickened(Cow::Borrowed(&fine), &p), Cow::Borrowed(_)));
    }
}
