//! PDF output with pdf-writer and subsetter: reads the press's pages and pictures, decides nothing.
//!
//! Why pdf-writer rather than krilla: a newspaper printer needs overprint on black text, an
//! OutputIntent, the PDF/X keys and exact control of boxes and version — pdf-writer writes each of
//! these directly, while krilla cannot overprint and needs a second pass for PDF/X.
//!
//! The [`Writer`] takes the pages one by one and writes the fonts and pictures last, once every
//! page that uses them is written. What it must know before the first page (the glyphs each font
//! subset holds, the pictures' object numbers) it reads from a [`Plan`] of the pages to come.

mod content;
mod font;
mod image;
pub mod pdfx;

use crate::error::Result;
use crate::fonts::{FontBook, FontId};
pub use crate::frame::print::deflate;
use crate::frame::print::{Images, Press};
use crate::frame::{Item, PageFrame};
use font::{FontRefs, FontUse};
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

/// Writes every page of `press` as one PDF.
pub fn write(press: &Press, book: &FontBook, meta: &Meta) -> Result<Vec<u8>> {
    let pages: Vec<&PageFrame> = press.pages.iter().collect();
    write_pages(&pages, &press.images, book, meta)
}

/// Writes `pages` as one PDF, with the pictures they place taken from `images`.
pub fn write_pages(pages: &[&PageFrame], images: &Images, book: &FontBook, meta: &Meta) -> Result<Vec<u8>> {
    let mut w = Writer::new(Plan::of(pages), book, images, meta);
    for page in pages {
        w.page(page);
    }
    w.finish()
}

/// What the writer must know of the pages before the first: the glyphs of each font, and the
/// pictures placed.
pub struct Plan {
    fonts: BTreeMap<FontId, FontUse>,
    image_keys: Vec<String>,
    pages: usize,
}

impl Plan {
    /// The plan of `pages`.
    pub fn of(pages: &[&PageFrame]) -> Plan {
        Plan { fonts: collect_fonts(pages), image_keys: collect_images(pages), pages: pages.len() }
    }
}

/// Object numbers handed out in order.
struct Refs {
    next: i32,
}

impl Refs {
    fn bump(&mut self) -> Ref {
        self.next += 1;
        Ref::new(self.next)
    }
}

/// A PDF being written, a page at a time.
pub struct Writer<'a> {
    pdf: Pdf,
    book: &'a FontBook,
    images: &'a Images,
    meta: &'a Meta,
    fonts: BTreeMap<FontId, FontUse>,
    font_refs: BTreeMap<FontId, FontRefs>,
    image_keys: Vec<String>,
    image_refs: BTreeMap<String, (Ref, Ref)>,
    page_refs: Vec<(Ref, Ref)>,
    written: usize,
    tree: Ref,
    info: Ref,
    xmp: Ref,
    gs_overprint: Ref,
    id: DocumentId,
}

impl<'a> Writer<'a> {
    /// Starts a PDF for the pages `plan` describes: header, output intent, page tree.
    pub fn new(plan: Plan, book: &'a FontBook, images: &'a Images, meta: &'a Meta) -> Writer<'a> {
        let mut refs = Refs { next: 0 };
        let (catalog, tree, info, gs_overprint, icc, xmp) =
            (refs.bump(), refs.bump(), refs.bump(), refs.bump(), refs.bump(), refs.bump());
        let font_refs: BTreeMap<FontId, FontRefs> = plan.fonts.keys().map(|&id| (id, font_refs(&mut refs))).collect();
        let image_refs = plan.image_keys.iter().map(|k| (k.clone(), (refs.bump(), refs.bump()))).collect();
        let page_refs: Vec<(Ref, Ref)> = (0..plan.pages).map(|_| (refs.bump(), refs.bump())).collect();
        let mut pdf = Pdf::new();
        let (major, minor) = meta.print.version();
        pdf.set_version(major, minor);
        pdfx::write_intent(&mut pdf, catalog, tree, with_xmp(meta).then_some(xmp), icc, &meta.print);
        pdf.pages(tree).kids(page_refs.iter().map(|p| p.0)).count(plan.pages as i32);
        pdf.ext_graphics(gs_overprint)
            .overprint(true)
            .overprint_fill(true)
            .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);
        Writer {
            pdf,
            book,
            images,
            meta,
            fonts: plan.fonts,
            font_refs,
            image_keys: plan.image_keys,
            image_refs,
            page_refs,
            written: 0,
            tree,
            info,
            xmp,
            gs_overprint,
            id: DocumentId::new(meta),
        }
    }

    /// Writes the next page: its content stream and its page object.
    pub fn page(&mut self, page: &PageFrame) {
        let Some(&(page_ref, content_ref)) = self.page_refs.get(self.written) else { return };
        self.written += 1;
        self.id.feed_page(page);
        let (w, h) = page.size;
        let stream = content::page_content(page, &self.fonts, self.book, &self.image_keys);
        let print = &self.meta.print;
        let content = pdfx::place_content(print, w, h, stream);
        if print.compress {
            self.pdf.stream(content_ref, &deflate(&content)).filter(pdf_writer::Filter::FlateDecode);
        } else {
            self.pdf.stream(content_ref, &content);
        }
        let (media, trim, bleed) = pdfx::boxes(print, w, h);
        let mut p = self.pdf.page(page_ref);
        p.parent(self.tree).media_box(media).trim_box(trim);
        if let Some(b) = bleed {
            p.bleed_box(b);
        }
        p.contents(content_ref);
        let mut res = p.resources();
        let mut f = res.fonts();
        for (&id, r) in &self.font_refs {
            f.pair(Name(content::font_name(id).as_bytes()), r.type0);
        }
        f.finish();
        let mut x = res.x_objects();
        for (key, (r, _)) in &self.image_refs {
            x.pair(Name(content::image_name(&self.image_keys, key).as_bytes()), *r);
        }
        x.finish();
        res.ext_g_states().pair(Name(b"Op"), self.gs_overprint);
    }

    /// Writes the fonts, pictures and document information, and returns the file's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        for (id, usage) in &self.fonts {
            font::write_font(
                &mut self.pdf,
                &self.font_refs[id],
                self.book.get(*id),
                (usage, self.meta.print.compress),
            )?;
        }
        for (key, &(r, mask)) in &self.image_refs {
            if let Some(img) = self.images.get(key) {
                image::write(&mut self.pdf, img, r, mask);
            }
        }
        let id = self.id.bytes();
        let doc = pdfx::DocInfo { title: &self.meta.title, date: self.meta.date, id_hex: uuid(&id) };
        pdfx::write_info(&mut self.pdf, self.info, &doc, &self.meta.print);
        if with_xmp(self.meta) {
            let packet = pdfx::xmp(&doc, &self.meta.print);
            self.pdf.metadata(self.xmp, &packet);
        }
        self.pdf.set_file_id((id.clone(), id));
        Ok(self.pdf.finish())
    }
}

fn font_refs(refs: &mut Refs) -> FontRefs {
    FontRefs { type0: refs.bump(), cid: refs.bump(), descriptor: refs.bump(), data: refs.bump(), cmap: refs.bump() }
}

/// PDF/X-4 carries XMP metadata; PDF/X-1a (PDF 1.3) predates it.
fn with_xmp(meta: &Meta) -> bool {
    meta.print.pdfx == crate::printer::PdfX::X4
}

/// Every glyph each font draws, with its text, and the subset numbering.
fn collect_fonts(pages: &[&PageFrame]) -> BTreeMap<FontId, FontUse> {
    let mut fonts: BTreeMap<FontId, FontUse> = BTreeMap::new();
    for item in pages.iter().flat_map(|p| p.painted()) {
        if let Item::Text(t) = item {
            let usage = fonts.entry(t.font).or_default();
            for (g, text) in crate::text::glyph_texts(&t.text, &t.glyphs) {
                let entry = usage.glyphs.entry(g.id).or_default();
                if entry.is_empty() {
                    text.clone_into(entry);
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
        .flat_map(|p| p.painted())
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

/// A stable document ID: an FNV-1a hash of the title, the PDF/X flavour and every page's text and
/// geometry, fed a page at a time as they are written.
struct DocumentId {
    h: u64,
}

impl DocumentId {
    fn new(meta: &Meta) -> DocumentId {
        let mut id = DocumentId { h: 0xcbf29ce484222325 };
        id.feed(meta.title.as_bytes());
        id.feed(meta.print.pdfx.version_key().as_bytes());
        id
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.h = (self.h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }

    fn feed_page(&mut self, p: &PageFrame) {
        self.feed(&(p.number as u64).to_le_bytes());
        self.feed(format!("{:?}", p.items.len()).as_bytes());
        for item in &p.items {
            if let Item::Text(t) = item {
                self.feed(t.text.as_bytes());
            }
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut id = self.h.to_be_bytes().to_vec();
        id.extend((self.h.rotate_left(17) ^ 0x9e3779b97f4a7c15).to_be_bytes());
        id
    }
}
