//! Page content streams: text as positioned glyph arrays, photos clipped to their frames, tints, rules.

use super::font::FontUse;
use crate::fonts::{FontBook, FontId};
use crate::frame::{ImageItem, Item, PageFrame, RectItem, RuleItem, TextItem, ThumbnailItem};
use crate::model::Cmyk;
use pdf_writer::{Content, Name, Str};
use std::collections::BTreeMap;

/// Resource name of a font.
pub fn font_name(id: FontId) -> String {
    format!("F{id}")
}

/// Resource name of an image.
pub fn image_name(keys: &[String], key: &str) -> String {
    format!("Im{}", keys.iter().position(|k| k == key).unwrap_or(0))
}

/// The content stream of one page. Coordinates are flipped from the frame's top-left origin.
pub fn page_content(page: &PageFrame, fonts: &BTreeMap<FontId, FontUse>, book: &FontBook, keys: &[String]) -> Vec<u8> {
    let mut c = Content::new();
    draw_items(&mut c, page, fonts, book, keys);
    c.finish().to_vec()
}

/// Paints a page's items into `c`, in the page's own coordinates (origin at its bottom-left).
pub fn draw_items(
    c: &mut Content,
    page: &PageFrame,
    fonts: &BTreeMap<FontId, FontUse>,
    book: &FontBook,
    keys: &[String],
) {
    let h = page.size.1;
    for item in &page.items {
        match item {
            Item::Text(t) => text(c, t, h, &fonts[&t.font], book),
            Item::Image(i) => image(c, i, h, keys),
            Item::Rect(r) => rect(c, r, h),
            Item::Rule(r) => rule(c, r, h),
            Item::Thumbnail(t) => thumbnail(c, t, h, fonts, book, keys),
        }
    }
}

/// Ink that overprints: only the black plate (text, rules), so misregistration never shows paper.
fn overprints(color: Cmyk) -> bool {
    color.is_k_only() && color.0[3] > 0.0
}

fn text(c: &mut Content, t: &TextItem, page_h: f64, usage: &FontUse, book: &FontBook) {
    let [cc, m, y, k] = t.color.fractions();
    c.save_state();
    if overprints(t.color) {
        c.set_parameters(Name(b"Op"));
    }
    c.set_fill_cmyk(cc, m, y, k);
    c.begin_text();
    c.set_font(Name(font_name(t.font).as_bytes()), t.size as f32);
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, t.x as f32, (page_h - t.y) as f32]);
    // Tz scales glyphs and the TJ adjustments alike, so gaps are written in unscaled units.
    let scale = if (t.hscale - 1.0).abs() > 1e-6 { t.hscale } else { 1.0 };
    if scale != 1.0 {
        c.set_horizontal_scaling((scale * 100.0) as f32);
    }
    let font = book.get(t.font);
    let mut show = c.show_positioned();
    let mut items = show.items();
    let mut pen = 0.0;
    let mut buf: Vec<u8> = Vec::new();
    for g in &t.glyphs {
        let gap = g.x - pen;
        if gap.abs() > 0.001 {
            if !buf.is_empty() {
                items.show(Str(&buf));
                buf.clear();
            }
            items.adjust((-gap / scale * 1000.0 / t.size) as f32);
        }
        buf.extend(usage.cid(g.id).to_be_bytes());
        let adv = glyph_advance(font, g.id, t.size) * scale;
        pen = g.x + adv;
    }
    if !buf.is_empty() {
        items.show(Str(&buf));
    }
    drop(items);
    drop(show);
    c.end_text();
    c.restore_state();
}

/// The advance PDF viewers use for a glyph: the font's own width, which the W array repeats.
fn glyph_advance(font: &crate::fonts::Font, id: u16, size: f64) -> f64 {
    let ttf: &ttf_parser::Face = &font.face;
    let adv = ttf.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap_or(0);
    let thousandths = (f64::from(adv) * 1000.0 / font.units_per_em) as f32;
    f64::from(thousandths) * size / 1000.0
}

fn image(c: &mut Content, i: &ImageItem, page_h: f64, keys: &[String]) {
    let [fx, fy, fw, fh] = i.frame;
    let [px, py, pw, ph] = i.placed;
    c.save_state();
    c.rect(fx as f32, (page_h - fy - fh) as f32, fw as f32, fh as f32);
    c.clip_nonzero();
    c.end_path();
    c.transform([pw as f32, 0.0, 0.0, ph as f32, px as f32, (page_h - py - ph) as f32]);
    c.x_object(Name(image_name(keys, &i.key).as_bytes()));
    c.restore_state();
}

fn rect(c: &mut Content, r: &RectItem, page_h: f64) {
    let [x, y, w, h] = r.rect;
    c.save_state();
    if let Some(fill) = r.fill {
        let [cc, m, yy, k] = fill.fractions();
        c.set_fill_cmyk(cc, m, yy, k);
    }
    if let Some((stroke, width)) = r.stroke {
        let [cc, m, yy, k] = stroke.fractions();
        c.set_stroke_cmyk(cc, m, yy, k);
        c.set_line_width(width as f32);
    }
    c.rect(x as f32, (page_h - y - h) as f32, w as f32, h as f32);
    match (r.fill.is_some(), r.stroke.is_some()) {
        (true, true) => c.fill_nonzero_and_stroke(),
        (true, false) => c.fill_nonzero(),
        (false, true) => c.stroke(),
        (false, false) => c.end_path(),
    };
    c.restore_state();
}

fn rule(c: &mut Content, r: &RuleItem, page_h: f64) {
    let [cc, m, y, k] = r.color.fractions();
    c.save_state();
    if overprints(r.color) {
        c.set_parameters(Name(b"Op"));
    }
    c.set_stroke_cmyk(cc, m, y, k);
    c.set_line_width(r.width as f32);
    c.move_to(r.from.0 as f32, (page_h - r.from.1) as f32);
    c.line_to(r.to.0 as f32, (page_h - r.to.1) as f32);
    c.stroke();
    c.restore_state();
}

/// A front-page thumbnail: another page's own items painted again, scaled, so it stays sharp at
/// any size and costs only its content operators (its fonts and photos are collected with the host
/// page's, see [`PageFrame::painted`]). Paper white under the scaled page, clipped to it, then a hairline frame.
fn thumbnail(
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
