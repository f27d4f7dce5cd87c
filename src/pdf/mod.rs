//! PDF output with pdf-writer and subsetter: reads frames only, never re-decides layout.
//!
//! Why pdf-writer rather than krilla: a newspaper printer needs overprint on black text, an
//! OutputIntent, the PDF/X keys and exact control of boxes and version — pdf-writer writes each of
//! these directly, while krilla cannot overprint and needs a second pass for PDF/X.

mod color;
mod content;
pub mod early;
mod font;
mod image;
pub mod pdfx;
pub mod photo;
mod thumb;

use crate::error::Result;
use crate::fonts::{FontBook, FontId};
use crate::frame::{Item, PageFrame};
use font::{FontRefs, FontUse};
pub use image::Encoded;
use pdf_writer::{Finish, Name, Pdf, Ref};
pub use pdfx::PrintSetup;
use std::collections::BTreeMap;

/// Document-level data the writer needs beyond the frames.
pub struct Meta {
    /// Document title.
    pub title: String,
    /// Creation date as (year, month, day); fixed by the issue so builds are reproducible.
    pub date: (u16, u8, u8),
    /// PDF/X flavour, output intent and page boxes.
    pub print: PrintSetup,
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
    let icc = refs.bump();
    let xmp = refs.bump();
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
    let (major, minor) = meta.print.version();
    pdf.set_version(major, minor);
    let with_xmp = meta.print.pdfx == crate::printer::PdfX::X4;
    pdfx::write_intent(&mut pdf, catalog, tree, with_xmp.then_some(xmp), icc, &meta.print);
    pdf.pages(tree).kids(page_refs.iter().map(|p| p.0)).count(pages.len() as i32);
    pdf.ext_graphics(gs_overprint)
        .overprint(true)
        .overprint_fill(true)
        .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);

    for (page, &(page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let (w, h) = page.size;
        let stream = content::page_content(page, &fonts, book, &image_keys);
        let compressed = deflate(&pdfx::place_content(&meta.print, w, h, stream));
        pdf.stream(content_ref, &compressed).filter(pdf_writer::Filter::FlateDecode);
        let (media, trim, bleed) = pdfx::boxes(&meta.print, w, h);
        let mut p = pdf.page(page_ref);
        p.parent(tree).media_box(media).trim_box(trim);
        if let Some(b) = bleed {
            p.bleed_box(b);
        }
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
    let id = document_id(pages, meta);
    let doc = pdfx::DocInfo { title: &meta.title, date: meta.date, id_hex: uuid(&id) };
    pdfx::write_info(&mut pdf, info, &doc, &meta.print);
    if with_xmp {
        let packet = pdfx::xmp(&doc, &meta.print);
        pdf.metadata(xmp, &packet);
    }
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
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

/// The 16 ID bytes in the 8-4-4-4-12 form XMP uses.
fn uuid(id: &[u8]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
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
    feed(meta.print.pdfx.version_key().as_bytes());
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
