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
    optional_content(doc, catalog, printer.pdfx, out);
    for (&n, &id) in &pages {
        if let Ok(page) = doc.get_dictionary(id) {
            boxes(doc, page, n as usize, out);
            page_group(doc, page, n as usize, printer.pdfx, out);
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

/// Layers: PDF/X-1a (PDF 1.3) has none, so a RIP may print every one of them; in PDF/X-4 the
/// default configuration decides, and a layer hidden by default is there on the screen of whoever
/// opens it in an editor but not on press: a warning.
fn optional_content(doc: &Document, catalog: Option<&Dictionary>, pdfx: PdfX, out: &mut Findings) {
    let Some(oc) = catalog.and_then(|c| c.get_deref(b"OCProperties", doc).ok()).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    if pdfx == PdfX::X1a {
        out.error(Check::Layers, None, "optional content (layers) in a PDF/X-1a file, which allows none");
        return;
    }
    let default = oc.get_deref(b"D", doc).ok().and_then(|d| d.as_dict().ok());
    let off = default.and_then(|d| d.get_deref(b"OFF", doc).ok()).and_then(|o| o.as_array().ok());
    let base_off = default.and_then(|d| d.get(b"BaseState").ok()).and_then(|b| b.as_name().ok()) == Some(b"OFF");
    if base_off || off.is_some_and(|a| !a.is_empty()) {
        out.warning(Check::Layers, None, "a layer is hidden by default: it will not print (show it, or delete it)");
    }
}

/// A page drawn as a transparency group blends its objects: none in PDF/X-1a.
fn page_group(doc: &Document, page: &Dictionary, n: usize, pdfx: PdfX, out: &mut Findings) {
    let group = page.get_deref(b"Group", doc).ok().and_then(|g| g.as_dict().ok());
    let transparent = group.and_then(|g| g.get(b"S").ok()).and_then(|s| s.as_name().ok()) == Some(b"Transparency");
    if transparent && pdfx == PdfX::X1a {
        out.error(
            Check::Transparency,
            Some(n),
            format!("page {n}: a transparency group in a PDF/X-1a file, which allows none"),
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
        // A PDF/X-4 workflow takes the older, stricter files too: an advertiser's X-1a or X-3.
        PdfX::X4 if matches!(v.as_str(), "PDF/X-4" | "PDF/X-1a:2003" | "PDF/X-3:2002" | "PDF/X-3:2003") => {}
        PdfX::X4 if v == "PDF/X-1:2001" && conformance.as_deref() == Some("PDF/X-1a:2001") => {}
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

/// Trailer `/ID`, XMP metadata naming the PDF/X version, header version.
fn file_identity(doc: &Document, catalog: Option<&Dictionary>, want: PdfX, out: &mut Findings) {
    if doc.trailer.get(b"ID").and_then(|o| o.as_array()).is_err() {
        out.error(Check::Pdfx, None, "no /ID in the trailer (PDF/X requires a file identifier)");
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

/// An advert's pages against the format it was booked in: the TrimBox is the advert's size, and
/// one that differs by more than half a millimetre will not go into the space sold (the commonest
/// reason a newspaper sends an advert back).
pub fn ad_size(doc: &Document, booking: &super::Booking, out: &mut Findings) {
    use crate::units::to_mm;
    let (want_w, want_h) = booking.size;
    for (&n, &id) in &doc.get_pages() {
        let Ok(page) = doc.get_dictionary(id) else { continue };
        let own = |key: &[u8]| page.get_deref(key, doc).ok().and_then(rect);
        let Some(trim) = own(b"TrimBox").or_else(|| own(b"ArtBox")) else { continue };
        let (w, h) = ((trim[2] - trim[0]).abs(), (trim[3] - trim[1]).abs());
        let near = |a: f64, b: f64| (to_mm(a) - to_mm(b)).abs() <= 0.5;
        if !(near(w, want_w) && near(h, want_h)) {
            out.error(
                Check::AdSize,
                Some(n as usize),
                format!(
                    "page {n}: TrimBox {:.1} × {:.1} mm, the {} format is {:.1} × {:.1} mm",
                    to_mm(w),
                    to_mm(h),
                    booking.format,
                    to_mm(want_w),
                    to_mm(want_h)
                ),
            );
        }
    }
}

/// The page's TrimBox (or ArtBox) and the box beyond which nothing prints: the BleedBox, else
/// the TrimBox, else the MediaBox.
pub fn trim_and_bleed(doc: &Document, page: &Dictionary) -> (Option<[f64; 4]>, Option<[f64; 4]>) {
    let own = |key: &[u8]| page.get_deref(key, doc).ok().and_then(rect);
    let trim = own(b"TrimBox").or_else(|| own(b"ArtBox"));
    let media = inherited(doc, page, b"MediaBox").and_then(rect);
    (trim, own(b"BleedBox").or(trim).or(media))
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

/// Why the file is damaged, if its end says so: PDF is read from the end, where `startxref` gives
/// the byte of the cross-reference table (or stream) and `%%EOF` closes the file. A file cut short
/// in transfer loses both; one edited by hand points `startxref` at the wrong byte.
pub fn damage(bytes: &[u8]) -> Option<String> {
    let len = bytes.len();
    let tail = &bytes[len.saturating_sub(2048)..];
    let find_last = |needle: &[u8]| tail.windows(needle.len()).rposition(|w| w == needle);
    let Some(at) = find_last(b"startxref") else {
        return Some(format!("damaged: no startxref at the end: the file stops at byte {len}, cut short?"));
    };
    if find_last(b"%%EOF").is_none_or(|eof| eof < at) {
        return Some(format!("damaged: no %%EOF after startxref: the file stops at byte {len}, cut short?"));
    }
    let rest = String::from_utf8_lossy(&tail[at + 9..]);
    let offset: Option<usize> = rest.split_whitespace().next().and_then(|n| n.parse().ok());
    let Some(offset) = offset.filter(|&n| n < len) else {
        return Some(format!("damaged: startxref points past the end of the file ({len} bytes)"));
    };
    let there = String::from_utf8_lossy(&bytes[offset..len.min(offset + 64)]);
    let there = there.trim_start();
    let mut words = there.split_whitespace();
    let object = words.next().is_some_and(|w| w.parse::<u32>().is_ok())
        && words.next().is_some_and(|w| w.parse::<u32>().is_ok())
        && words.next().is_some_and(|w| w.starts_with("obj"));
    (!there.starts_with("xref") && !object).then(|| format!("damaged: xref broken at byte {offset}"))
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
        // An X-4 workflow takes an advertiser's X-1a and X-3 files; an X-1a one takes neither X-3 nor X-4.
        assert_eq!(judge("PDF/X-1:2001", Some("PDF/X-1a:2001"), PdfX::X4), vec![]);
        assert_eq!(judge("PDF/X-3:2002", None, PdfX::X4), vec![]);
        assert_eq!(judge("PDF/X-3:2002", None, PdfX::X1a), vec![Error]);
        assert_eq!(judge("PDF/X-1:2001", None, PdfX::X4), vec![Error]);
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
