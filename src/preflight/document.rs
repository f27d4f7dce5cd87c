//! Document-level checks: PDF/X identification and output intent, page boxes, page count.

use super::content::num;
use super::{Check, Findings, inherited};
use crate::printer::{PdfX, Printer};
use lopdf::{Dictionary, Document, Object};

/// Runs the checks that read the document's dictionaries rather than its content.
pub fn check_document(doc: &Document, printer: &Printer, out: &mut Findings) {
    let info = doc.trailer.get_deref(b"Info", doc).ok().and_then(|o| o.as_dict().ok());
    let catalog = doc.catalog().ok();
    pdfx_version(info, printer.pdfx, out);
    trapped(info, out);
    output_intent(doc, catalog, out);
    file_identity(doc, catalog, printer.pdfx, out);
    let pages = doc.get_pages();
    for (&n, &id) in &pages {
        if let Ok(page) = doc.get_dictionary(id) {
            boxes(doc, page, n as usize, out);
        }
    }
    // A one-page file is a page delivered on its own (printers take one file a page, and adverts
    // come as single pages): its count is checked over the set of files preflighted together.
    let (count, multiple) = (pages.len(), printer.page_multiple);
    if count != 1 && (count == 0 || !count.is_multiple_of(multiple)) {
        out.error(
            Check::PageCount,
            None,
            format!("{count} page{} — the printer needs a multiple of {multiple}", if count == 1 { "" } else { "s" }),
        );
    }
}

fn text(obj: &Object) -> Option<String> {
    obj.as_str().ok().map(|b| String::from_utf8_lossy(b).into_owned())
}

/// The version keys of the document info. For PDF/X-1a, ISO 15930-1 writes `PDF/X-1:2001` with
/// `/GTS_PDFXConformance (PDF/X-1a:2001)`, and ISO 15930-4 `PDF/X-1a:2003` alone; both are taken.
/// `PDF/X-1a:2001` written as the version (a common slip, and maquette's own before) is a warning.
fn pdfx_version(info: Option<&Dictionary>, want: PdfX, out: &mut Findings) {
    let key = |k: &[u8]| info.and_then(|i| i.get(k).ok()).and_then(text);
    let (version, conformance) = (key(b"GTS_PDFXVersion"), key(b"GTS_PDFXConformance"));
    let Some(v) = version else {
        out.error(Check::Pdfx, None, format!("no /GTS_PDFXVersion in the document info (need {})", want.name()));
        return;
    };
    match want {
        PdfX::X4 if v == "PDF/X-4" => {}
        PdfX::X1a if v == "PDF/X-1a:2003" => {}
        PdfX::X1a if v == "PDF/X-1:2001" => match conformance.as_deref() {
            Some("PDF/X-1a:2001") => {}
            Some(c) => out.error(Check::Pdfx, None, format!("/GTS_PDFXConformance is {c}, the printer wants PDF/X-1a:2001")),
            None => out.error(Check::Pdfx, None, "/GTS_PDFXVersion is PDF/X-1:2001 without /GTS_PDFXConformance (PDF/X-1a:2001)"),
        },
        PdfX::X1a if v == "PDF/X-1a:2001" => out.warning(
            Check::Pdfx,
            None,
            "/GTS_PDFXVersion is PDF/X-1a:2001; ISO 15930-1 writes PDF/X-1:2001 there and the `a` in /GTS_PDFXConformance",
        ),
        _ => out.error(Check::Pdfx, None, format!("/GTS_PDFXVersion is {v}, the printer wants {}", want.name())),
    }
}

fn trapped(info: Option<&Dictionary>, out: &mut Findings) {
    let value = info.and_then(|i| i.get(b"Trapped").ok()).and_then(|o| o.as_name().ok());
    match value {
        Some(b"True" | b"False") => {}
        Some(other) => out.error(
            Check::Pdfx,
            None,
            format!("/Trapped is /{}; PDF/X needs /True or /False", String::from_utf8_lossy(other)),
        ),
        None => out.error(Check::Pdfx, None, "no /Trapped key in the document info (PDF/X needs /True or /False)"),
    }
}

/// An `/OutputIntents` entry with `/S /GTS_PDFX`, a CMYK destination profile and an identifier.
fn output_intent(doc: &Document, catalog: Option<&Dictionary>, out: &mut Findings) {
    let intents = catalog.and_then(|c| c.get_deref(b"OutputIntents", doc).ok()).and_then(|o| o.as_array().ok());
    let pdfx = intents
        .into_iter()
        .flatten()
        .filter_map(|o| doc.dereference(o).ok()?.1.as_dict().ok())
        .find(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"GTS_PDFX"));
    let Some(intent) = pdfx else {
        out.error(Check::Pdfx, None, "no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)");
        return;
    };
    if intent.get(b"OutputConditionIdentifier").ok().and_then(text).is_none_or(|s| s.is_empty()) {
        out.error(Check::Pdfx, None, "the output intent has no /OutputConditionIdentifier");
    }
    let profile = intent.get_deref(b"DestOutputProfile", doc).ok().and_then(|o| o.as_stream().ok());
    match profile {
        None => out.error(Check::Pdfx, None, "the output intent has no /DestOutputProfile (ICC profile)"),
        Some(s) => {
            let n = s.dict.get(b"N").ok().and_then(num);
            if n != Some(4.0) {
                out.error(Check::Pdfx, None, "the output intent's ICC profile is not CMYK (/N 4)");
            }
        }
    }
}

/// Trailer `/ID`, XMP metadata naming the PDF/X version, header version, no encryption.
fn file_identity(doc: &Document, catalog: Option<&Dictionary>, want: PdfX, out: &mut Findings) {
    if doc.trailer.get(b"ID").and_then(|o| o.as_array()).is_err() {
        out.error(Check::Pdfx, None, "no /ID in the trailer (PDF/X requires a file identifier)");
    }
    // A file encrypted with an empty user password opens (and is decrypted on loading, which
    // takes /Encrypt out of the trailer), but PDF/X forbids encryption all the same.
    if doc.trailer.has(b"Encrypt") || doc.was_encrypted() {
        out.error(Check::Pdfx, None, "the file is encrypted; PDF/X forbids encryption");
    }
    let max = match want {
        PdfX::X4 => (1, 6),
        PdfX::X1a => (1, 4),
    };
    let version = parse_version(&doc.version);
    if version.is_none_or(|v| v > max) {
        out.error(
            Check::Pdfx,
            None,
            format!("PDF version {} is too new for {} (at most {}.{})", doc.version, want.version_key(), max.0, max.1),
        );
    }
    if want == PdfX::X4 {
        xmp(doc, catalog, want, out);
    }
}

fn parse_version(v: &str) -> Option<(u32, u32)> {
    let (major, minor) = v.trim().split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn xmp(doc: &Document, catalog: Option<&Dictionary>, want: PdfX, out: &mut Findings) {
    let stream = catalog.and_then(|c| c.get_deref(b"Metadata", doc).ok()).and_then(|o| o.as_stream().ok());
    let Some(stream) = stream else {
        out.error(Check::Pdfx, None, "no XMP /Metadata stream on the catalog");
        return;
    };
    let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8_lossy(&data);
    if !xml.contains("GTS_PDFXVersion") || !xml.contains(want.version_key()) {
        out.error(
            Check::Pdfx,
            None,
            format!("the XMP metadata does not name {} (pdfxid:GTS_PDFXVersion)", want.version_key()),
        );
    }
}

/// A box as (x0, y0, x1, y1), normalised so that x0 ≤ x1 and y0 ≤ y1.
fn rect(obj: &Object) -> Option<[f64; 4]> {
    let v: Vec<f64> = obj.as_array().ok()?.iter().filter_map(num).collect();
    (v.len() == 4).then(|| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    const TOL: f64 = 0.01;
    inner[0] >= outer[0] - TOL && inner[1] >= outer[1] - TOL && inner[2] <= outer[2] + TOL && inner[3] <= outer[3] + TOL
}

/// TrimBox (or ArtBox) present, inside the BleedBox if there is one, and inside the MediaBox
/// (which may be inherited from the page tree; the other boxes are the page's own).
fn boxes(doc: &Document, page: &Dictionary, n: usize, out: &mut Findings) {
    let own = |key: &[u8]| page.get_deref(key, doc).ok().and_then(rect);
    let Some(media) = inherited(doc, page, b"MediaBox").and_then(rect) else {
        out.error(Check::Boxes, Some(n), format!("page {n} has no MediaBox"));
        return;
    };
    let Some(trim) = own(b"TrimBox").or_else(|| own(b"ArtBox")) else {
        out.error(Check::Boxes, Some(n), format!("page {n} has no TrimBox (or ArtBox)"));
        return;
    };
    if own(b"TrimBox").is_some() && own(b"ArtBox").is_some() {
        out.warning(Check::Boxes, Some(n), format!("page {n} has both a TrimBox and an ArtBox (PDF/X wants one)"));
    }
    let bleed = own(b"BleedBox");
    if let Some(bleed) = bleed {
        if !inside(bleed, media) {
            out.error(Check::Boxes, Some(n), format!("page {n}: the BleedBox goes beyond the MediaBox"));
        }
        if !inside(trim, bleed) {
            out.error(Check::Boxes, Some(n), format!("page {n}: the TrimBox goes beyond the BleedBox"));
        }
    }
    if !inside(trim, media) {
        out.error(Check::Boxes, Some(n), format!("page {n}: the TrimBox goes beyond the MediaBox"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn pdf_x1a_version_keys_as_iso_15930_writes_them() {
        let judge = |version: &str, conformance: Option<&str>, want: PdfX| {
            let mut info = dictionary! { "GTS_PDFXVersion" => Object::string_literal(version) };
            if let Some(c) = conformance {
                info.set("GTS_PDFXConformance", Object::string_literal(c));
            }
            let mut out = Findings::default();
            pdfx_version(Some(&info), want, &mut out);
            out.0.iter().map(|f| f.severity).collect::<Vec<_>>()
        };
        use super::super::Severity::{Error, Warning};
        assert_eq!(judge("PDF/X-1:2001", Some("PDF/X-1a:2001"), PdfX::X1a), vec![]);
        assert_eq!(judge("PDF/X-1a:2003", None, PdfX::X1a), vec![]);
        assert_eq!(judge("PDF/X-1a:2001", None, PdfX::X1a), vec![Warning]);
        assert_eq!(judge("PDF/X-1:2001", None, PdfX::X1a), vec![Error]);
        assert_eq!(judge("PDF/X-1:2001", Some("PDF/X-1:2001"), PdfX::X1a), vec![Error]);
        assert_eq!(judge("PDF/X-4", None, PdfX::X1a), vec![Error]);
        assert_eq!(judge("PDF/X-4", None, PdfX::X4), vec![]);
        assert_eq!(judge("PDF/X-1:2001", Some("PDF/X-1a:2001"), PdfX::X4), vec![Error]);
    }

    #[test]
    fn media_box_is_inherited_from_the_page_tree() {
        let mut doc = Document::with_version("1.6");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "TrimBox" => vec![10.into(), 10.into(), 100.into(), 100.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 50.into(), 200.into()],
            }),
        );
        let mut out = Findings::default();
        boxes(&doc, doc.get_dictionary(page).unwrap(), 1, &mut out);
        assert_eq!(out.0.len(), 1, "{:?}", out.0);
        assert!(out.0[0].message.contains("TrimBox goes beyond the MediaBox"));
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(parse_version("1.10") > parse_version("1.6"));
        assert_eq!(parse_version("1.4"), Some((1, 4)));
    }
}
