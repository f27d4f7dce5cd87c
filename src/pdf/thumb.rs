//! Front-page thumbnails: another page's own content stream painted again, scaled, on this page.
//!
//! The thumbnail is vector: the page's glyphs, rules and photos are drawn under a scaling matrix
//! and a clip, so it stays sharp at any size and costs only its content operators. The fonts and
//! photos it uses are collected with the host page's (see [`items`]), so the single-page PDFs
//! carry them too.

use super::content::draw_items;
use super::font::FontUse;
use crate::fonts::{FontBook, FontId};
use crate::frame::{Item, PageFrame, ThumbnailItem};
use pdf_writer::Content;
use std::collections::BTreeMap;

/// Every item a page paints, including those of the pages its thumbnails show.
pub fn items(page: &PageFrame) -> Vec<&Item> {
    let mut out = Vec::with_capacity(page.items.len());
    for item in &page.items {
        if let Item::Thumbnail(t) = item {
            out.extend(items(&t.page));
        }
        out.push(item);
    }
    out
}

/// Paints the thumbnail: paper white under the scaled page, clipped to it, then a hairline frame.
pub fn draw(
    c: &mut Content,
    t: &ThumbnailItem,
    host_h: f64,
    fonts: &BTreeMap<FontId, FontUse>,
    book: &FontBook,
    keys: &[String],
) {
    let ([x, y, w, h], s) = t.placed();
    let (pw, ph) = t.page.size;
    let bottom = host_h - y - h;
    c.save_state();
    c.transform([s as f32, 0.0, 0.0, s as f32, x as f32, bottom as f32]);
    c.rect(0.0, 0.0, pw as f32, ph as f32);
    c.clip_nonzero();
    c.end_path();
    c.set_fill_cmyk(0.0, 0.0, 0.0, 0.0);
    c.rect(0.0, 0.0, pw as f32, ph as f32);
    c.fill_nonzero();
    draw_items(c, &t.page, fonts, book, keys);
    c.restore_state();
    c.save_state();
    c.set_stroke_cmyk(0.0, 0.0, 0.0, 0.6);
    c.set_line_width(0.3);
    c.rect(x as f32, bottom as f32, w as f32, h as f32);
    c.stroke();
    c.restore_state();
}
