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
use image::RgbImage;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

/// Whether any page shows a thumbnail.
pub fn has_thumbnails(pages: &[PageFrame]) -> bool {
    pages.iter().flat_map(|p| &p.items).any(|i| matches!(i, Item::Thumbnail(_)))
}

/// Replaces every thumbnail on `pages` by a rendered picture, and returns the pictures by key.
/// `photos` are the press-ready photos, which include those of the pages the thumbnails show.
/// Renderings are kept in the folder `cache` between builds.
pub fn rasterise_thumbnails(
    pages: &mut [PageFrame],
    issue: &Issue,
    book: &FontBook,
    (photos, setup): (&BTreeMap<String, pdf::Encoded>, &pdf::PrintSetup),
    cache: &Path,
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
                    let picture = render(&t, issue, book, (photos, setup), cache)?;
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
///
/// Rendering the front page took a fifth of a build whose photos were already converted (0.86 of
/// 4.3 G instructions on the example), for a picture that changes only when the front page does.
/// So the rendering is kept, named by a hash of the one-page PDF and the resolution: the same
/// bytes give the same picture, and any change to the page changes the bytes.
fn render(
    t: &ThumbnailItem,
    issue: &Issue,
    book: &FontBook,
    (photos, setup): (&BTreeMap<String, pdf::Encoded>, &pdf::PrintSetup),
    cache: &Path,
) -> Result<Image> {
    let (_, scale) = t.placed();
    let page: &PageFrame = &t.page;
    let print = pdf::PrintSetup { bleed: 0.0, crop_marks: false, ..setup.clone() };
    let meta =
        pdf::Meta { title: "thumbnail".to_string(), date: (issue.date.year, issue.date.month, issue.date.day), print };
    let bytes = pdf::write(&[page], book, photos, &meta)?;
    let dpi = issue.printer.target_ppi * scale;
    let file = cache.join(cache_name(&bytes, dpi));
    let raster = match read_raster(&file) {
        Some(hit) => hit,
        None => {
            let raster = crate::proof::render::rasterise(&bytes, dpi)?.into_iter().next().unwrap_or_default();
            write_raster(&file, &raster);
            raster
        }
    };
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

fn cache_name(pdf: &[u8], dpi: f64) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), pdf, dpi.to_bits()).hash(&mut h);
    format!("{:016x}.raster", h.finish())
}

/// A kept rendering: a line `maquette-raster WIDTH HEIGHT`, then the RGB samples.
fn read_raster(path: &Path) -> Option<RgbImage> {
    let bytes = std::fs::read(path).ok()?;
    let (head, rest) = bytes.split_at(bytes.iter().position(|&b| b == b'\n')? + 1);
    let head = std::str::from_utf8(head).ok()?.trim().strip_prefix("maquette-raster ")?;
    let (w, h) = head.split_once(' ')?;
    let (w, h): (u32, u32) = (w.parse().ok()?, h.parse().ok()?);
    // Exactly the samples of that size: a file cut short or grown is rendered again.
    if rest.len() as u64 != u64::from(w) * u64::from(h) * 3 {
        return None;
    }
    RgbImage::from_raw(w, h, rest.to_vec())
}

/// Keeps a rendering for the next build, written as the photos' cache is; a failure only costs
/// the next build time.
fn write_raster(path: &Path, raster: &RgbImage) {
    let mut bytes = format!("maquette-raster {} {}\n", raster.width(), raster.height()).into_bytes();
    bytes.extend_from_slice(raster.as_raw());
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
    let _ = crate::build::commit(&[(path.to_path_buf(), bytes)]);
}
