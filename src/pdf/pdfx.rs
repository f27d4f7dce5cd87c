//! PDF/X marking: the output intent, the Info and XMP keys, and the page boxes a printer's prepress checks.
//!
//! PDF/X-4 (ISO 15930-7) is written as PDF 1.6 with XMP metadata; PDF/X-1a:2001 (ISO 15930-1) as
//! PDF 1.3, where XMP does not exist yet and transparency is forbidden (photos with alpha are then
//! laid onto paper white before they reach the writer). Both carry the same output intent: the
//! CMYK profile of the press, embedded, with its condition identifier.

use crate::printer::{PdfX, Printer};
use crate::units::mm;
use pdf_writer::types::{OutputIntentSubtype, TrappingStatus};
use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};
use std::sync::Arc;

/// What the PDF/X marking and the page boxes need, prepared once per build.
#[derive(Clone, Debug)]
pub struct PrintSetup {
    /// The PDF/X flavour.
    pub pdfx: PdfX,
    /// The output profile, deflated (as it is when `compress` is off).
    pub icc: Arc<Vec<u8>>,
    /// Streams deflated. Off only for a PDF drawn in memory and never written (a proof's page
    /// images), where compressing and inflating again would only cost time.
    pub compress: bool,
    /// `/OutputConditionIdentifier`.
    pub condition: String,
    /// `/Info` of the output intent.
    pub condition_info: String,
    /// `/RegistryName`.
    pub registry: String,
    /// Bleed around the trim, in points.
    pub bleed: f64,
    /// Crop marks outside the trim.
    pub crop_marks: bool,
}

impl PrintSetup {
    /// From the printer profile and the ICC profile's bytes.
    pub fn new(p: &Printer, icc: &[u8]) -> PrintSetup {
        PrintSetup {
            pdfx: p.pdfx,
            icc: Arc::new(super::deflate(icc)),
            compress: true,
            condition: p.condition.clone(),
            condition_info: p.condition_info.clone(),
            registry: p.registry.clone(),
            bleed: p.bleed(),
            crop_marks: p.crop_marks,
        }
    }

    /// [`PrintSetup::new`] for a PDF drawn in memory: nothing deflated.
    pub fn in_memory(p: &Printer, icc: &[u8]) -> PrintSetup {
        PrintSetup { icc: Arc::new(icc.to_vec()), compress: false, ..PrintSetup::new(p, &[]) }
    }

    /// How far the media box reaches beyond the trim on each side: the bleed, plus room for the
    /// crop marks, which must sit outside the bleed so they are never printed on the page.
    pub fn slug(&self) -> f64 {
        if self.crop_marks { self.bleed.max(mm(3.0)) + mm(10.0) } else { self.bleed }
    }

    /// The PDF version header the flavour requires.
    pub fn version(&self) -> (u8, u8) {
        match self.pdfx {
            PdfX::X4 => (1, 6),
            PdfX::X1a => (1, 3),
        }
    }
}

/// Media, trim and (with bleed) bleed boxes of a page of trimmed size `w` × `h`, in the PDF's
/// corner coordinates.
pub fn boxes(setup: &PrintSetup, w: f64, h: f64) -> (Rect, Rect, Option<Rect>) {
    let s = setup.slug();
    let r = |x0: f64, y0: f64, x1: f64, y1: f64| Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32);
    let media = r(0.0, 0.0, w + 2.0 * s, h + 2.0 * s);
    let trim = r(s, s, s + w, s + h);
    let b = setup.bleed;
    let bleed = (b > 0.0).then(|| r(s - b, s - b, s + w + b, s + h + b));
    (media, trim, bleed)
}

/// Wraps a page's content so it lands inside the trim box, and adds crop marks.
pub fn place_content(setup: &PrintSetup, w: f64, h: f64, content: Vec<u8>) -> Vec<u8> {
    let s = setup.slug();
    if s == 0.0 {
        return content;
    }
    let mut out = format!("q 1 0 0 1 {s:.3} {s:.3} cm\n").into_bytes();
    out.extend(content);
    out.extend(b"\nQ\n");
    if setup.crop_marks {
        out.extend(crop_marks(setup, w, h));
    }
    out
}

/// Eight short hairlines on the registration colour (all four inks), starting 3 mm outside the
/// bleed so that a trimming error never shows them.
fn crop_marks(setup: &PrintSetup, w: f64, h: f64) -> Vec<u8> {
    let s = setup.slug();
    let gap = setup.bleed + mm(3.0);
    let len = mm(7.0);
    let mut c = String::from("q 0.25 w 1 1 1 1 K\n");
    for (x, y) in [(s, s), (s + w, s), (s, s + h), (s + w, s + h)] {
        let dx = if x > s { 1.0 } else { -1.0 };
        let dy = if y > s { 1.0 } else { -1.0 };
        c += &format!("{x:.3} {:.3} m {x:.3} {:.3} l S\n", y + dy * gap, y + dy * (gap + len));
        c += &format!("{:.3} {y:.3} m {:.3} {y:.3} l S\n", x + dx * gap, x + dx * (gap + len));
    }
    c += "Q\n";
    c.into_bytes()
}

/// Writes the output intent into the catalog (given as its writer) and the ICC stream at `icc_ref`.
pub fn write_intent(pdf: &mut Pdf, catalog: Ref, tree: Ref, metadata: Option<Ref>, icc_ref: Ref, setup: &PrintSetup) {
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree);
    if let Some(m) = metadata {
        cat.metadata(m);
    }
    let mut intents = cat.output_intents();
    let mut intent = intents.push();
    intent.subtype(OutputIntentSubtype::PDFX);
    intent.output_condition_identifier(TextStr(&setup.condition));
    intent.output_condition(TextStr(&setup.condition_info));
    intent.info(TextStr(&setup.condition_info));
    intent.registry_name(TextStr(&setup.registry));
    intent.dest_output_profile(icc_ref);
    intent.finish();
    intents.finish();
    cat.finish();
    let mut icc = pdf.icc_profile(icc_ref, &setup.icc);
    icc.n(4).alternate_name(Name(b"DeviceCMYK"));
    if setup.compress {
        icc.filter(pdf_writer::Filter::FlateDecode);
    }
}

/// Document data for the Info dictionary and the XMP packet.
pub struct DocInfo<'a> {
    /// Title.
    pub title: &'a str,
    /// Creation date.
    pub date: (u16, u8, u8),
    /// The document ID, hex.
    pub id_hex: String,
}

/// Writes the Info dictionary with the PDF/X keys.
pub fn write_info(pdf: &mut Pdf, id: Ref, doc: &DocInfo, setup: &PrintSetup) {
    let (y, m, d) = doc.date;
    let date = pdf_writer::Date::new(y).month(m).day(d).hour(0).minute(0).second(0).utc_offset_hour(0);
    let mut info = pdf.document_info(id);
    info.title(TextStr(doc.title));
    info.producer(TextStr(producer()));
    info.creator(TextStr("maquette"));
    info.creation_date(date);
    info.modified_date(date);
    info.trapped(TrappingStatus::NotTrapped);
    info.pair(Name(b"GTS_PDFXVersion"), TextStr(setup.pdfx.version_key()));
    if let Some(conformance) = setup.pdfx.conformance() {
        info.pair(Name(b"GTS_PDFXConformance"), TextStr(conformance));
    }
    info.finish();
}

/// The XMP packet PDF/X-4 requires, saying the same as the Info dictionary.
pub fn xmp(doc: &DocInfo, setup: &PrintSetup) -> Vec<u8> {
    use xmp_writer::{DateTime, RenditionClass, Timezone, XmpWriter};
    let (y, m, d) = doc.date;
    let date = DateTime {
        year: y,
        month: Some(m),
        day: Some(d),
        hour: Some(0),
        minute: Some(0),
        second: Some(0),
        timezone: Some(Timezone::Utc),
    };
    let uuid = format!("uuid:{}", doc.id_hex);
    let mut w = XmpWriter::new();
    w.title([(None, doc.title)]);
    w.format("application/pdf");
    w.create_date(date).modify_date(date).metadata_date(date);
    w.creator_tool("maquette");
    w.producer(producer());
    w.trapped(false);
    w.document_id(&uuid).instance_id(&uuid).version_id("1");
    w.rendition_class(RenditionClass::Default);
    w.pdfx_version(setup.pdfx.version_key());
    w.finish(None).into_bytes()
}

fn producer() -> &'static str {
    concat!("maquette ", env!("CARGO_PKG_VERSION"))
}
