//! Front-page thumbnails for print: the page rendered into a picture, then handled like any photo.
//!
//! Layout hands the promo box a vector thumbnail (a whole page drawn small), which proofs show as
//! it is. A press cannot: the thumbnail's type is one or two points high, under every printer's
//! minimum size, and a prepress check rightly refuses it. Newspapers print a picture of the front
//! page instead, so before the print files are written each thumbnail's page is written alone as a
//! PDF (by the writer, called from the build, since the press never writes PDF), rasterised here
//! at the printer's target resolution for its placed size, and put back as a photo — which then
//! goes through the same conversion to the press's CMYK and ink limit.

use super::cache;
use crate::error::Result;
use crate::frame::{ImageItem, Item, PageFrame, RectItem, ThumbnailItem};
use crate::model::image::{Image, Orientation, Pixels};
use crate::model::{Cmyk, Issue};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

/// A thumbnail found on the pages: the key its picture takes, the page it shows, and the
/// resolution it is rendered at.
pub struct Thumb<'a> {
    /// Image key of its picture.
    pub key: String,
    /// The page drawn small.
    pub shows: &'a PageFrame,
    /// Rendering resolution: the printer's target resolution at the placed size.
    pub dpi: f64,
}

/// The thumbnails on `pages`, in page order.
pub fn find<'a>(pages: &'a [PageFrame], issue: &Issue) -> Vec<Thumb<'a>> {
    let all = pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
        Item::Thumbnail(t) => Some(t),
        _ => None,
    });
    all.enumerate()
        .map(|(i, t)| Thumb {
            key: format!("thumbnail-{}-page-{}", i + 1, t.page.number),
            shows: &t.page,
            dpi: issue.printer.target_ppi * t.placed().1,
        })
        .collect()
}

/// The picture of a thumbnail, from its page written alone as `pdf`.
///
/// Rendering the front page took a fifth of a build whose photos were already converted (0.86 of
/// 4.3 G instructions on the example), for a picture that changes only when the front page does.
/// So the rendering is kept in `cache`, named by a hash of the one-page PDF and the resolution:
/// the same bytes give the same picture, and any change to the page changes the bytes.
pub fn picture(pdf: &[u8], thumb: &Thumb, issue: &Issue, cache: &Path) -> Result<Image> {
    let file = cache.join(cache_name(pdf, thumb.dpi));
    let raster = match cache::read_raster(&file) {
        Some(hit) => hit,
        None => {
            let raster = super::raster::rasterise(pdf, thumb.dpi)?.into_iter().next().unwrap_or_default();
            cache::write_raster(&file, &raster);
            raster
        }
    };
    let (width, height) = raster.dimensions();
    let data = Arc::new(raster.into_raw());
    Ok(Image {
        path: issue.dir.join(format!("page {} (thumbnail)", thumb.shows.number)),
        width,
        height,
        pixels: Pixels::Raw { data, components: 3, alpha: None },
        orientation: Orientation::NoTransforms,
        icc: None,
        source: Default::default(),
    })
}

/// Replaces every thumbnail on `pages`, in the order [`find`] gave them, by its picture under
/// the key `keys` gives, with the same hairline frame.
pub fn replace(pages: &mut [PageFrame], mut keys: impl Iterator<Item = String>) {
    for page in pages.iter_mut() {
        let mut items = Vec::with_capacity(page.items.len());
        for item in std::mem::take(&mut page.items) {
            match item {
                Item::Thumbnail(t) => items.extend(picture_items(&t, keys.next().unwrap_or_default())),
                other => items.push(other),
            }
        }
        page.items = items;
    }
}

/// The rendered page where the vector one was, with the same hairline frame.
fn picture_items(t: &ThumbnailItem, key: String) -> [Item; 2] {
    let (placed, _) = t.placed();
    let frame = RectItem { rect: t.rect, fill: None, stroke: Some((Cmyk([0.0, 0.0, 0.0, 60.0]), 0.3)) };
    [Item::Image(ImageItem { key, frame: placed, placed, backdrop: None }), Item::Rect(frame)]
}

fn cache_name(pdf: &[u8], dpi: f64) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), pdf, dpi.to_bits()).hash(&mut h);
    format!("{:016x}.raster", h.finish())
}
