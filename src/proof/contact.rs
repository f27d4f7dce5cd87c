//! The contact sheet: every page as a thumbnail, in reader's spreads, on one image.

use image::{Rgb, RgbImage, imageops};

/// Spreads as a reader sees them: the front page alone on the right, then facing pairs, and the back
/// page alone on the left when the count is even. Entries are 1-based page numbers.
pub fn spreads(pages: usize) -> Vec<[Option<usize>; 2]> {
    let mut out = Vec::new();
    if pages == 0 {
        return out;
    }
    out.push([None, Some(1)]);
    let mut p = 2;
    while p <= pages {
        out.push([Some(p), (p < pages).then_some(p + 1)]);
        p += 2;
    }
    out
}

/// Spreads in a row of the sheet.
pub const PER_ROW: usize = 3;
const GAP: u32 = 24;
const BACKGROUND: Rgb<u8> = Rgb([120, 120, 120]);

/// Lays out page images (page 1 first) as thumbnails `thumb_height` pixels high.
pub fn sheet(pages: &[RgbImage], thumb_height: u32) -> RgbImage {
    let thumbs: Vec<RgbImage> = pages.iter().map(|p| thumbnail(p, thumb_height)).collect();
    let page_w = thumbs.iter().map(|t| t.width()).max().unwrap_or(1);
    let spreads = spreads(pages.len());
    let rows = spreads.len().div_ceil(PER_ROW).max(1) as u32;
    let cols = spreads.len().clamp(1, PER_ROW) as u32;
    let spread_w = 2 * page_w;
    let width = GAP + cols * (spread_w + GAP);
    let height = GAP + rows * (thumb_height + GAP);
    let mut out = RgbImage::from_pixel(width, height, BACKGROUND);
    for (i, spread) in spreads.iter().enumerate() {
        let x0 = GAP + (i % PER_ROW) as u32 * (spread_w + GAP);
        let y0 = GAP + (i / PER_ROW) as u32 * (thumb_height + GAP);
        for (side, page) in spread.iter().enumerate() {
            if let Some(t) = page.and_then(|p| thumbs.get(p - 1)) {
                imageops::replace(&mut out, t, i64::from(x0 + side as u32 * page_w), i64::from(y0));
            }
        }
    }
    out
}

fn thumbnail(page: &RgbImage, height: u32) -> RgbImage {
    if page.height() == 0 {
        return RgbImage::from_pixel(height * 2 / 3, height, Rgb([255, 255, 255]));
    }
    let width = (u64::from(page.width()) * u64::from(height) / u64::from(page.height())).max(1) as u32;
    imageops::resize(page, width, height, imageops::FilterType::Triangle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_alone_then_pairs_then_back_alone() {
        assert_eq!(
            spreads(8),
            vec![[None, Some(1)], [Some(2), Some(3)], [Some(4), Some(5)], [Some(6), Some(7)], [Some(8), None]]
        );
        assert_eq!(spreads(3), vec![[None, Some(1)], [Some(2), Some(3)]]);
        assert!(spreads(0).is_empty());
    }
}
