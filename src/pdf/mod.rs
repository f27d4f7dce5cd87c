//! PDF output with pdf-writer and subsetter: reads frames only, never re-decides layout.
//!
//! Why pdf-writer rather than krilla: a newspaper printer needs overprint on black text, an
//! OutputIntent, the PDF/X keys and exact control of boxes and version — pdf-writer writes each of
//! these directly, while krilla cannot overprint and needs a second pass for PDF/X.

mod content;
mod font;
mod image;
mod thumb;

use crate::error::Result;
use crate::fonts::{FontBook, FontId};
use crate::frame::{Item, PageFrame};
use crate::model::Image;
use font::{FontRefs, FontUse};
pub use image::Encoded;
use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::BTreeMap;

/// Document-level data the writer needs beyond the frames.
pub struct Meta {
    /// Document title.
    pub title: String,
    /// Creation date as (year, month, day); fixed by the issue so builds are reproducible.
    pub date: (u16, u8, u8),
}

struct Refs {
    next: i32,
}

impl Refs {
    fn bump(&mut self) -> Ref {
        self.next += 1;
        Ref::new(self.next)
    }
}

/// Writes `pages` as one PDF.
pub fn write(
    pages: &[&PageFrame],
    book: &FontBook,
    images: &BTreeMap<String, Encoded>,
    meta: &Meta,
) -> Result<Vec<u8>> {
    let mut refs = Refs { next: 0 };
    let catalog = refs.bump();
    let tree = refs.bump();
    let info = refs.bump();
    let gs_overprint = refs.bump();
    let fonts = collect_fonts(pages);
    let font_refs: BTreeMap<FontId, FontRefs> = fonts
        .keys()
        .map(|&id| {
            let r = FontRefs {
                type0: refs.bump(),
                cid: refs.bump(),
                descriptor: refs.bump(),
                data: refs.bump(),
                cmap: refs.bump(),
            };
            (id, r)
        })
        .collect();
    let image_keys = collect_images(pages);
    let image_refs: BTreeMap<&str, (Ref, Ref)> =
        image_keys.iter().map(|k| (k.as_str(), (refs.bump(), refs.bump()))).collect();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (refs.bump(), refs.bump())).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 6);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().map(|p| p.0)).count(pages.len() as i32);
    pdf.ext_graphics(gs_overprint)
        .overprint(true)
        .overprint_fill(true)
        .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);

    for (page, &(page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let stream = content::page_content(page, &fonts, book, &image_keys);
        let compressed = deflate(&stream);
        pdf.stream(content_ref, &compressed).filter(pdf_writer::Filter::FlateDecode);
        let (w, h) = page.size;
        let mut p = pdf.page(page_ref);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, w as f32, h as f32));
        p.trim_box(Rect::new(0.0, 0.0, w as f32, h as f32));
        p.contents(content_ref);
        let mut res = p.resources();
        let mut f = res.fonts();
        for (&id, r) in &font_refs {
            f.pair(Name(content::font_name(id).as_bytes()), r.type0);
        }
        f.finish();
        let mut x = res.x_objects();
        for (key, (r, _)) in &image_refs {
            x.pair(Name(content::image_name(&image_keys, key).as_bytes()), *r);
        }
        x.finish();
        res.ext_g_states().pair(Name(b"Op"), gs_overprint);
    }
    for (id, usage) in &fonts {
        font::write_font(&mut pdf, &font_refs[id], book.get(*id), usage)?;
    }
    for (key, (r, mask)) in &image_refs {
        if let Some(img) = images.get(*key) {
            img.write(&mut pdf, *r, *mask);
        }
    }
    write_info(&mut pdf, info, meta);
    let id = document_id(pages, meta);
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// Encodes each photo once per build; every PDF of the build reuses the streams.
pub fn encode_images(images: &BTreeMap<String, Image>) -> BTreeMap<String, Encoded> {
    images.iter().map(|(k, v)| (k.clone(), Encoded::new(v))).collect()
}

/// Zlib at a low level: page streams and font programs are small, and build time matters more
/// to the editors than a few kilobytes.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 1)
}

/// Every glyph each font draws, with its text, and the subset numbering.
fn collect_fonts(pages: &[&PageFrame]) -> BTreeMap<FontId, FontUse> {
    let mut fonts: BTreeMap<FontId, FontUse> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| thumb::items(p)) {
        if let Item::Text(t) = item {
            let usage = fonts.entry(t.font).or_default();
            for g in &t.glyphs {
                let entry = usage.glyphs.entry(g.id).or_default();
                if entry.is_empty() {
                    entry.clone_from(&g.text);
                }
            }
        }
    }
    for usage in fonts.values_mut() {
        usage.finish_remap();
    }
    fonts
}

/// Image keys used on these pages, sorted.
fn collect_images(pages: &[&PageFrame]) -> Vec<String> {
    let mut keys: Vec<String> = pages
        .iter()
        .flat_map(|p| thumb::items(p))
        .filter_map(|i| match i {
            Item::Image(img) => Some(img.key.clone()),
            _ => None,
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn write_info(pdf: &mut Pdf, id: Ref, meta: &Meta) {
    let (y, m, d) = meta.date;
    let date = pdf_writer::Date::new(y).month(m).day(d).hour(0).minute(0).second(0);
    let mut info = pdf.document_info(id);
    info.title(TextStr(&meta.title));
    info.producer(TextStr(concat!("maquette ", env!("CARGO_PKG_VERSION"))));
    info.creator(TextStr("maquette"));
    info.creation_date(date);
    info.modified_date(date);
    info.finish();
}

/// A stable document ID: a hash of the title, date and every page's text and geometry.
fn document_id(pages: &[&PageFrame], meta: &Meta) -> Vec<u8> {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    };
    feed(meta.title.as_bytes());
    for p in pages {
        feed(&(p.number as u64).to_le_bytes());
        feed(format!("{:?}", p.items.len()).as_bytes());
        for item in &p.items {
            if let Item::Text(t) = item {
                feed(t.text().as_bytes());
            }
        }
    }
    let mut id = h.to_be_bytes().to_vec();
    id.extend((h.rotate_left(17) ^ 0x9e3779b97f4a7c15).to_be_bytes());
    id
}
