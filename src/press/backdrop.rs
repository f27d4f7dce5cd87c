//! Pictures with soft edges laid onto the tint they stand on, for PDF/X-1a.
//!
//! PDF/X-1a forbids transparency, so a logo with an alpha channel must be flattened before it is
//! written. Flattened onto paper white, it prints as a white rectangle on a tinted message box;
//! the layout says which tint each picture stands on (`ImageItem::backdrop`), and each picture
//! and tint pair becomes a picture of its own, flattened onto that tint's inks.

use crate::frame::{Item, PageFrame};
use crate::model::Cmyk;
use crate::model::image::{Image, Pixels};
use crate::printer::{PdfX, Printer};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Separates an image's key from the tint it is flattened onto (a file name holds no NUL).
const MARK: &str = "\u{0}on ";

/// The key of `key` flattened onto `tint`.
pub fn variant(key: &str, tint: Cmyk) -> String {
    let [c, m, y, k] = tint.0;
    format!("{key}{MARK}{c},{m},{y},{k}")
}

/// The image key and the tint of a variant key (None for a plain key).
pub fn split(key: &str) -> (&str, Option<Cmyk>) {
    let Some((base, tint)) = key.split_once(MARK) else { return (key, None) };
    let inks: Vec<f64> = tint.split(',').filter_map(|v| v.parse().ok()).collect();
    match inks[..] {
        [c, m, y, k] => (base, Some(Cmyk([c, m, y, k]))),
        _ => (base, None),
    }
}

/// In a PDF/X-1a file, the pages with every soft-edged picture on a tint renamed to its variant.
pub fn onto_tints<'p>(
    pages: Cow<'p, [PageFrame]>,
    images: &BTreeMap<String, Image>,
    printer: &Printer,
) -> Cow<'p, [PageFrame]> {
    let soft = |key: &str| images.get(key).is_some_and(|i| matches!(i.pixels, Pixels::Raw { alpha: Some(_), .. }));
    let tinted = |item: &Item| match item {
        Item::Image(i) => i.backdrop.is_some_and(|b| b != Cmyk::WHITE) && soft(&i.key),
        _ => false,
    };
    if printer.pdfx != PdfX::X1a || !pages.iter().flat_map(|p| &p.items).any(tinted) {
        return pages;
    }
    let mut pages = pages.into_owned();
    for item in pages.iter_mut().flat_map(|p| &mut p.items) {
        if let Item::Image(i) = item
            && let Some(b) = i.backdrop.filter(|b| *b != Cmyk::WHITE)
            && soft(&i.key)
        {
            i.key = variant(&i.key, b);
        }
    }
    Cow::Owned(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_key_gives_back_its_image_and_tint() {
        let tint = Cmyk([0.0, 25.0, 20.0, 0.0]);
        assert_eq!(split(&variant("logo.png", tint)), ("logo.png", Some(tint)));
        assert_eq!(split("logo.png"), ("logo.png", None));
    }
}
