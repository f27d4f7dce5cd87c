//! Front-page thumbnails for print: the page rendered into a picture, then handled like any photo.
//!
//! Layout hands the promo box a vector thumbnail (a whole page drawn small), which proofs show as
//! it is. A press cannot: the thumbnail's type is one or two points high, under every printer's
//! minimum size, and a prepress check rightly refuses it. Newspapers print a picture of the front
//! page instead, so before writing the print files each thumbnail is written as a one-page PDF,
//! rasterised (hayro) at the printer's target resolution for its placed size, and put back as a
//! photo — which then goes through the same conversion to the press's CMYK and ink limit.

use crate::error::Result;
use crate::fonts::FontBook;
use crate::frame::{ImageItem, Item, PageFrame, RectItem, ThumbnailItem};
use crate::model::image::{Image, Orientation, Pixels};
use crate::model::{Cmyk, Issue};
use crate::pdf;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Whether any page shows a thumbnail.
pub fn has_thumbnails(pages: &[PageFrame]) -> bool {
    pages.iter().flat_map(|p| &p.items).any(|i| matches!(i, Item::Thumbnail(_)))
}

/// Replaces every thumbnail on `pages` by a rendered picture, and returns the pictures by key.
/// `photos` are the press-ready photos, which include those of the pages the thumbnails show.
pub fn rasterise_thumbnails(
    pages: &mut [PageFrame],
    issue: &Issue,
    book: &FontBook,
    photos: &BTreeMap<String, pdf::Encoded>,
    setup: &pdf::PrintSetup,
) -> Result<BTreeMap<String, Image>> {
    let mut images = BTreeMap::new();
    let mut n = 0;
    for page in pages.iter_mut() {
        let mut items = Vec::with_capacity(page.items.len());
        for item in std::mem::take(&mut page.items) {
            match item {
                Item::Thumbnail(t) => {
                    n += 1;
                    let key = format!("thumbnail-{n}-page-{}", t.page.number);
                    let picture = render(&t, issue, book, photos, setup)?;
                    images.insert(key.clone(), picture);
                    items.extend(picture_items(&t, key));
                }
                other => items.push(other),
            }
        }
        page.items = items;
    }
    Ok(images)
}

/// The rendered page where the vector one was, with the same hairline frame.
fn picture_items(t: &ThumbnailItem, key: String) -> [Item; 2] {
    let (placed, _) = t.placed();
    let frame = RectItem { rect: t.rect, fill: None, stroke: Some((Cmyk([0.0, 0.0, 0.0, 60.0]), 0.3)) };
    [Item::Image(ImageItem { key, frame: placed, placed }), Item::Rect(frame)]
}

/// Writes the thumbnail's page alone and rasterises it at the target resolution of its placed size.
fn render(
    t: &ThumbnailItem,
    issue: &Issue,
    book: &FontBook,
    photos: &BTreeMap<String, pdf::Encoded>,
    setup: &pdf::PrintSetup,
) -> Result<Image> {
    let (_, scale) = t.placed();
    let page: &PageFrame = &t.page;
    let print = pdf::PrintSetup { bleed: 0.0, crop_marks: false, ..setup.clone() };
    let meta =
        pdf::Meta { title: "thumbnail".to_string(), date: (issue.date.year, issue.date.month, issue.date.day), print };
    let bytes = pdf::write(&[page], book, photos, &meta)?;
    let dpi = issue.printer.target_ppi * scale;
    let raster = crate::proof::render::rasterise(&bytes, dpi)?.into_iter().next().unwrap_or_default();
    let (width, height) = raster.dimensions();
    let data = Arc::new(raster.into_raw());
    Ok(Image {
        path: issue.dir.join(format!("page {} (thumbnail)", page.number)),
        width,
        height,
        pixels: Pixels::Raw { data, components: 3, alpha: None },
        orientation: Orientation::NoTransforms,
        icc: None,
    })
}
