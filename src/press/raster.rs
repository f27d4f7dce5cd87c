//! PDF pages to RGB rasters in process, with the `hayro` rasteriser, and rasters to PNG files.

use crate::error::{Error, Result};
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::RgbImage;
use std::sync::Arc;

/// Rasterises every page of a PDF at `dpi`, white background.
pub fn rasterise(pdf: &[u8], dpi: f64) -> Result<Vec<RgbImage>> {
    rasterise_pages(pdf, dpi, None)
}

/// As [`rasterise_pages`], for the pages `wanted` marks, shared between both cores. (A page cut
/// in two bands, one per core, took as long as the page whole: most of the time goes to reading
/// the content and the glyphs, which each band does in full.)
pub fn rasterise_on_two_cores(pdf: &[u8], dpi: f64, wanted: &[bool]) -> Result<Vec<RgbImage>> {
    let many: Vec<usize> = (0..wanted.len()).filter(|&i| wanted[i]).collect();
    let half = |k: usize| {
        let mine = |i: usize| many.iter().position(|&j| j == i).is_some_and(|n| n % 2 == k);
        rasterise_pages(pdf, dpi, Some(&mine))
    };
    let (mut a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| half(1));
        (half(0), other.join())
    });
    let b = b.map_err(|_| Error::msg("the rasteriser stopped unexpectedly"))??;
    if let Ok(a) = &mut a {
        for (i, page) in b.into_iter().enumerate().filter(|(_, p)| p.width() > 0) {
            a[i] = page;
        }
    }
    a
}

/// Rasterises the pages of a PDF whose 0-based index `wanted` accepts (all when `None`); the others
/// come back as empty images.
pub fn rasterise_pages(pdf: &[u8], dpi: f64, wanted: Option<&dyn Fn(usize) -> bool>) -> Result<Vec<RgbImage>> {
    let doc = Pdf::new(Arc::new(pdf.to_vec()))
        .map_err(|e| Error::msg(format!("the rasteriser could not read the PDF: {e:?}")))?;
    let cache = RenderCache::new();
    let scale = (dpi / 72.0) as f32;
    let settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
    let interp = InterpreterSettings::default();
    let render = RenderSettings::default();
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        if wanted.is_some_and(|w| !w(i)) {
            out.push(RgbImage::new(0, 0));
            continue;
        }
        let pix = hayro::render(page, &cache, &interp, &render, &settings);
        let (w, h) = (u32::from(pix.width()), u32::from(pix.height()));
        // The background is opaque white, so premultiplied and straight RGB agree.
        let rgb: Vec<u8> = pix.data_as_u8_slice().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        out.push(RgbImage::from_raw(w, h, rgb).ok_or_else(|| Error::msg("the rasteriser returned a short image"))?);
    }
    Ok(out)
}

/// A raster as PNG bytes.
pub fn png(img: &RgbImage) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .map_err(|e| Error::msg(format!("could not encode a PNG: {e}")))?;
    Ok(bytes)
}
