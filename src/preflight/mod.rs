//! Preflight: checks any PDF against a printer profile before it goes to the press.
//!
//! The checks follow the printers' requirements (PDF/X keys and output intent, trim boxes, embedded
//! fonts, no RGB, image resolution, 100 % K black text that overprints, minimum type sizes, total
//! ink, page count). Findings are aggregated per page and kind, so a page with a thousand glyph
//! runs in four-colour black gives one line, with the worst value and a count.

mod checks;
mod colour;
mod content;
mod document;
mod images;
mod report;

use crate::error::{Error, Result};
use crate::printer::Printer;
use lopdf::{Dictionary, Document, Object};
use serde::Serialize;
use std::path::Path;

pub use content::{Event, GState, Matrix, Visitor, walk_page};
pub use images::Known;

/// How bad a finding is: errors fail the file, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the printer will probably accept the file.
    Warning,
    /// The printer will reject the file or print it wrongly.
    Error,
}

/// The checks, in the order the report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// PDF/X version, output intent, Trapped, ID, XMP, header version, encryption.
    Pdfx,
    /// TrimBox (or ArtBox) on every page, inside the BleedBox and MediaBox.
    Boxes,
    /// Every font embedded.
    Fonts,
    /// No RGB (or Lab) colour.
    Colour,
    /// Effective image resolution.
    Resolution,
    /// Black text on the black plate only.
    BlackText,
    /// 100 % K text overprints.
    Overprint,
    /// Type above the minimum size for its colour.
    TypeSize,
    /// Total ink under the limit.
    Ink,
    /// Page count a multiple of the signature size.
    PageCount,
    /// No spot colour the press has no plate for.
    Spot,
    /// No transparency in PDF/X-1a.
    Transparency,
    /// Rules and frames at least the printer's least line width.
    LineWeight,
    /// Optional content (layers): none in PDF/X-1a, all shown in PDF/X-4.
    Layers,
    /// A TrimBox the size of the booked advert format.
    AdSize,
}

impl Check {
    /// Every check.
    pub const ALL: [Check; 15] = [
        Check::Pdfx,
        Check::Boxes,
        Check::Fonts,
        Check::Colour,
        Check::Resolution,
        Check::BlackText,
        Check::Overprint,
        Check::TypeSize,
        Check::Ink,
        Check::PageCount,
        Check::Spot,
        Check::Transparency,
        Check::LineWeight,
        Check::Layers,
        Check::AdSize,
    ];
}

/// One problem found in the file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Which check found it.
    pub check: Check,
    /// The 1-based page, when the finding belongs to one.
    pub page: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// The outcome of preflighting one PDF.
#[derive(Clone, Debug, Serialize)]
pub struct PreflightReport {
    /// Where the printer profile came from.
    pub printer: String,
    /// The PDF/X flavour checked for.
    pub pdfx: String,
    /// The ink limit checked for, percent.
    pub tac: f64,
    /// The page multiple checked for.
    pub page_multiple: usize,
    /// Pages in the file.
    pub pages: usize,
    /// Everything found, in check order then page order.
    pub findings: Vec<Finding>,
    /// The advert format the TrimBox was checked against (`--format`), if any.
    pub format: Option<String>,
    /// False for a damaged or encrypted file, which gets that one finding and no other check.
    pub checked: bool,
    /// The highest total ink of any fill, stroke, text or image pixel, and the first page with it
    /// (none for a file that paints no ink).
    pub darkest: Option<Darkest>,
}

/// Where a file's ink is highest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Darkest {
    /// Total ink, percent.
    pub percent: f64,
    /// The 1-based page.
    pub page: usize,
}

impl PreflightReport {
    /// Error-level findings.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }

    /// Warning-level findings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Warning)
    }

    /// No error-level finding.
    pub fn passed(&self) -> bool {
        self.errors().next().is_none()
    }
}

/// Collects findings during a run.
#[derive(Default)]
pub(crate) struct Findings(Vec<Finding>);

impl Findings {
    pub(crate) fn push(&mut self, severity: Severity, check: Check, page: Option<usize>, message: String) {
        self.0.push(Finding { severity, check, page, message });
    }

    pub(crate) fn error(&mut self, check: Check, page: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Error, check, page, message.into());
    }

    pub(crate) fn warning(&mut self, check: Check, page: Option<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, check, page, message.into());
    }
}

/// An advert format as booked: its name and size (width, height) in points.
#[derive(Clone, Debug)]
pub struct Booking {
    /// The format's name in the template (`1/8`).
    pub format: String,
    /// Width and height, pt.
    pub size: (f64, f64),
}

/// Preflights a PDF held in memory.
pub fn check_bytes(bytes: &[u8], printer: &Printer) -> Result<PreflightReport> {
    check_advert(bytes, printer, None)
}

/// Preflights a PDF a build has just written, taking the ink of the images it knows from what the
/// press measured ([`Known`]): the same findings as [`check_file`] on the written file.
pub fn check_built(bytes: &[u8], printer: &Printer, known: &Known) -> Result<PreflightReport> {
    check_with(bytes, printer, None, known)
}

/// Preflights a PDF held in memory, and its TrimBox against the format it was booked in, if any.
pub fn check_advert(bytes: &[u8], printer: &Printer, booking: Option<&Booking>) -> Result<PreflightReport> {
    check_with(bytes, printer, booking, &Known::default())
}

fn check_with(bytes: &[u8], printer: &Printer, booking: Option<&Booking>, known: &Known) -> Result<PreflightReport> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::msg("not a PDF file (no %PDF- header)"));
    }
    let report = |pages: usize, findings: Vec<Finding>, checked: bool, darkest| PreflightReport {
        printer: printer.source.clone(),
        pdfx: printer.pdfx.name().to_string(),
        tac: printer.tac,
        page_multiple: printer.page_multiple,
        pages,
        findings,
        format: booking.map(|b| b.format.clone()),
        checked,
        darkest,
    };
    // A damaged or encrypted file gets that one finding: what a reader recovers from a broken
    // cross-reference table, or a decrypted copy, is not the file the printer would receive, and
    // findings about it would only bury the one that matters.
    let single = |message: String| {
        report(0, vec![Finding { severity: Severity::Error, check: Check::Pdfx, page: None, message }], false, None)
    };
    if let Some(damage) = document::damage(bytes) {
        return Ok(single(damage));
    }
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => return Ok(single(format!("damaged: {e}"))),
    };
    if doc.trailer.has(b"Encrypt") || doc.was_encrypted() {
        // An empty user password opens the file (lopdf decrypts it on loading), but PDF/X
        // forbids encryption all the same.
        return Ok(single("encrypted: PDF/X forbids encryption; ask for the file without a password".to_string()));
    }
    let mut findings = Findings::default();
    document::check_document(&doc, printer, &mut findings);
    if let Some(booking) = booking {
        document::ad_size(&doc, booking, &mut findings);
    }
    let pages = doc.get_pages();
    let darkest = checks::check_pages(&doc, &pages, (printer, known), &mut findings);
    let mut findings = findings.0;
    findings.sort_by_key(|f| (f.check, f.page));
    Ok(report(pages.len(), findings, true, darkest))
}

/// Preflights a PDF file; errors name the file.
pub fn check_file(path: &Path, printer: &Printer) -> Result<PreflightReport> {
    check_file_as(path, printer, None)
}

/// Preflights a PDF file, as an advert of `booking` when given; errors name the file.
pub fn check_file_as(path: &Path, printer: &Printer, booking: Option<&Booking>) -> Result<PreflightReport> {
    let bytes = crate::files::read_bounded(path, crate::files::BINARY_LIMIT)?;
    check_advert(&bytes, printer, booking).map_err(|e| Error::in_file(path, e.message))
}

pub use report::render;

/// A page attribute, looked up through the page tree: `MediaBox`, `CropBox`, `Resources` and
/// `Rotate` may sit on an ancestor `Pages` node and are inherited.
pub(crate) fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(value) = node.get_deref(key, doc) {
            return Some(value);
        }
        node = node.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    }
    None
}
