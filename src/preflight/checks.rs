//! Page checks: what each painting operation of a page does to colour, black text, type size, ink
//! and image resolution, tallied per page and kind so the report stays one line per problem.

use super::colour::{Ink, Space, TypeInk};
use super::content::{Event, GState, Paint, Visitor, walk_page};
use super::images::{ImageInfo, Known, max_ink};
use super::{Check, Darkest, Findings, Severity};
use crate::printer::Printer;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};

/// Above this size, 100 % K type that knocks out is a warning, not an error: display type is less
/// exposed to misregistration than body text.
const DISPLAY_SIZE: f64 = 24.0;

/// Tolerance over the ink limit before a fill is reported, in percent.
const INK_TOLERANCE: f64 = 2.0;

/// The worst instance of one kind of problem on one page, and how many there were.
struct Tally {
    severity: Severity,
    worst: f64,
    count: usize,
    message: String,
}

/// State shared by all pages: fonts and images are checked once, however often they are used.
#[derive(Default)]
struct Shared {
    fonts: BTreeMap<String, (usize, bool)>,
    image_ink: HashMap<ObjectId, Option<f64>>,
}

/// Walks every page and adds its findings, in page order.
///
/// Two workers take the next page as they come free: measuring the ink of every image (decoding
/// each JPEG) made this a fifth of a build's instructions, on one core. Each worker keeps its own
/// record of fonts and images seen; an image on pages of both is measured twice, which costs less
/// than the workers waiting on each other.
pub fn check_pages(
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    (printer, known): (&Printer, &Known),
    out: &mut Findings,
) -> Option<Darkest> {
    let list: Vec<(u32, ObjectId)> = pages.iter().map(|(&n, &id)| (n, id)).collect();
    let checked = crate::workers::two_workers(list.len(), Shared::default, |shared, i| {
        let (n, id) = list[i];
        let boxes = doc.get_dictionary(id).map_or((None, None), |p| super::document::trim_and_bleed(doc, p));
        let (trim, bleed) = boxes;
        let tallies = BTreeMap::new();
        let mut page =
            PageChecker { doc, printer, known, page: n as usize, shared, tallies, trim, bleed, darkest: 0.0 };
        walk_page(doc, id, &mut page);
        (page.tallies, page.darkest)
    });
    let Some((tallies, [first, second])) = checked else {
        out.error(
            Check::Pdfx,
            None,
            "the checks of some pages stopped unexpectedly: the file is not fully checked".to_string(),
        );
        return None;
    };
    let mut fonts = first.fonts;
    for (name, (page, embedded)) in second.fonts {
        let entry = fonts.entry(name).or_insert((page, embedded));
        *entry = (entry.0.min(page), entry.1 && embedded);
    }
    let mut darkest: Option<Darkest> = None;
    for (&(n, _), (tallies, most)) in list.iter().zip(tallies) {
        if most > 0.0 && darkest.as_ref().is_none_or(|d| most > d.percent) {
            darkest = Some(Darkest { percent: most, page: n as usize });
        }
        for ((check, _), t) in tallies {
            let times = if t.count > 1 { format!(" ({} times)", t.count) } else { String::new() };
            out.push(t.severity, check, Some(n as usize), format!("page {n}: {}{times}", t.message));
        }
    }
    for (name, (page, embedded)) in fonts {
        if !embedded {
            out.error(Check::Fonts, Some(page), format!("font {name} is not embedded (first used on page {page})"));
        }
    }
    darkest
}

struct PageChecker<'a, 's> {
    doc: &'a Document,
    printer: &'a Printer,
    known: &'a Known,
    page: usize,
    shared: &'s mut Shared,
    tallies: BTreeMap<(Check, String), Tally>,
    /// The page's TrimBox, and the box beyond which nothing prints (BleedBox, else TrimBox).
    trim: Option<[f64; 4]>,
    bleed: Option<[f64; 4]>,
    /// The highest total ink painted on the page, percent.
    darkest: f64,
}

/// Whether box `a` lies wholly outside box `b`.
fn beyond(a: [f64; 4], b: [f64; 4]) -> bool {
    const TOL: f64 = 0.01;
    a[2] < b[0] - TOL || a[0] > b[2] + TOL || a[3] < b[1] - TOL || a[1] > b[3] + TOL
}

impl Visitor for PageChecker<'_, '_> {
    fn visit(&mut self, gs: &GState, event: Event<'_>) {
        // What lies wholly beyond the bleed is cut away with the paper: it never prints, so it
        // cannot be wrong (slug lines, notes to the printer, marks).
        if let (Some(area), Some(bleed)) = (gs.area, self.bleed)
            && beyond(area, bleed)
            && !matches!(event, Event::Font { .. })
        {
            return;
        }
        // Crop and registration marks are drawn in `All`, every plate at once, outside the trim:
        // 400 % and hairlines there are what they are for.
        let paint = match event {
            Event::Fill | Event::Text { .. } => Some(&gs.fill),
            Event::Stroke => Some(&gs.stroke),
            _ => None,
        };
        let registration = paint.is_some_and(|p| matches!(&*p.space, Space::Separation(n) if n == "All"));
        if registration && gs.area.zip(self.trim).is_some_and(|(a, t)| beyond(a, t)) {
            return;
        }
        if !matches!(event, Event::Font { .. }) {
            self.transparency(gs.transparency.as_deref());
        }
        match event {
            Event::Fill => self.vector(&gs.fill, "fill", gs.op_fill, gs.opm),
            Event::Stroke => {
                self.vector(&gs.stroke, "stroke", gs.op_stroke, gs.opm);
                self.line_weight(gs);
            }
            Event::Text { size } => self.text(gs, size),
            Event::Font { dict } => self.font(dict),
            Event::Image { stream, id, name } => self.image(gs, stream, id, &name),
            Event::Shading { space } => self.space(&space, "shading"),
            Event::Group => self.transparency(Some("a transparency group")),
        }
    }
}

impl PageChecker<'_, '_> {
    /// Records a problem, keeping the worst value; `higher_is_worse` says which way "worst" goes.
    fn note(&mut self, check: Check, key: &str, severity: Severity, value: f64, higher_is_worse: bool, msg: String) {
        let entry = self.tallies.entry((check, key.to_string())).or_insert(Tally {
            severity,
            worst: value,
            count: 0,
            message: msg.clone(),
        });
        entry.count += 1;
        let worse = if higher_is_worse { value > entry.worst } else { value < entry.worst };
        if worse {
            entry.worst = value;
            entry.message = msg;
        }
        entry.severity = entry.severity.max(severity);
    }

    /// RGB is an error (the printer's separation would guess the black generation); Lab a warning;
    /// a spot colour the printer has no plate for is an error (a fifth plate on a four-colour
    /// press: the RIP stops, or the colour is lost), whatever its alternate space.
    fn space(&mut self, space: &Space, what: &str) {
        for spot in space.spots() {
            if !self.printer.spots.iter().any(|s| s == spot) {
                let msg =
                    format!("spot colour « {spot} » in {what}: a plate the press does not have (convert it to CMYK)");
                self.note(Check::Spot, &msg, Severity::Error, 0.0, true, msg.clone());
            }
        }
        if let Some(label) = space.rgb() {
            let msg = format!("{label} colour in {what}");
            self.note(Check::Colour, &msg, Severity::Error, 0.0, true, msg.clone());
        } else if space.is_lab() {
            let msg = format!("Lab colour in {what} (convert to CMYK before sending)");
            self.note(Check::Colour, &msg, Severity::Warning, 0.0, true, msg.clone());
        }
    }

    fn vector(&mut self, paint: &Paint, what: &str, overprint: bool, opm: i64) {
        self.space(&paint.space, what);
        if let Some(ink) = paint.space.ink(&paint.comps) {
            self.ink(ink.total(), &format!("vector {what}"), "");
            self.white_overprint(paint, ink, overprint, opm, what);
        }
    }

    /// White set to overprint leaves the plates under it as they are: it vanishes on press. So
    /// does any colour with no ink in a space that paints only its own plates (grey paints K,
    /// a separation its colorant) or in CMYK under `/OPM 1`.
    fn white_overprint(&mut self, paint: &Paint, ink: Ink, overprint: bool, opm: i64, what: &str) {
        let only_its_plates = !matches!(*paint.space, Space::Cmyk) || opm == 1;
        if overprint && only_its_plates && ink.total() < 0.5 && paint.pattern.is_none() {
            let msg = format!("white {what} set to overprint: it vanishes on press (set overprint off)");
            self.note(Check::Overprint, &format!("white {what}"), Severity::Error, 0.0, true, msg);
        }
    }

    /// Transparency of any kind in a file for PDF/X-1a, which has none (ISO 15930-1): a RIP of
    /// that standard flattens nothing, and draws the object opaque or not at all.
    fn transparency(&mut self, what: Option<&str>) {
        if let (Some(what), crate::printer::PdfX::X1a) = (what, self.printer.pdfx) {
            let msg = format!("transparency ({what}) in a PDF/X-1a file, which allows none: flatten it before sending");
            self.note(Check::Transparency, what, Severity::Error, 0.0, true, msg);
        }
    }

    /// A stroke's width on the page: 0 is the thinnest line the device can draw (invisible on a
    /// 1,270 dpi newspaper plate), and under the printer's least width a rule breaks up.
    fn line_weight(&mut self, gs: &GState) {
        let width = gs.line_width.abs() * (gs.ctm.x_scale() + gs.ctm.y_scale()) / 2.0;
        // As the press thickens the engine's own lines (`press::rules::least`): one ink, solid or
        // tint, or several; white counts as several, since it knocks out of what lies beneath.
        let ink = gs.stroke.space.ink(&gs.stroke.comps);
        let plates = ink.map_or(2, |i| i.cmyk.iter().filter(|v| **v > 0.002).count() + i.spots);
        let (least, kind) = match plates {
            1 => (self.printer.min_line_width, "in one ink"),
            _ => (self.printer.min_line_width_process, "in several inks or white"),
        };
        if width < 0.001 {
            let msg = "a line of width 0 (the thinnest the device draws: it disappears on press)".to_string();
            self.note(Check::LineWeight, "zero", Severity::Error, 0.0, false, msg);
        } else if width < least - 0.001 {
            let msg = format!("a {width:.2} pt line {kind} (least {least} pt)");
            self.note(Check::LineWeight, kind, Severity::Error, width, false, msg);
        }
    }

    fn ink(&mut self, total: f64, key: &str, name: &str) {
        self.darkest = self.darkest.max(total);
        let limit = self.printer.tac;
        if total > limit + INK_TOLERANCE {
            let msg = format!("{total:.0} % ink in {key}{name} (limit {limit:.0} %)");
            self.note(Check::Ink, key, Severity::Error, total, true, msg);
        }
    }

    fn text(&mut self, gs: &GState, size: f64) {
        let stroked = matches!(gs.render, 1 | 5);
        if matches!(gs.render, 3 | 7) {
            return; // invisible (e.g. an OCR layer) or clip only
        }
        let (paint, overprint) = if stroked { (&gs.stroke, gs.op_stroke) } else { (&gs.fill, gs.op_fill) };
        self.space(&paint.space, "text");
        let ink = paint.space.ink(&paint.comps);
        if let Some(ink) = ink {
            self.ink(ink.total(), "text", "");
            self.white_overprint(paint, ink, overprint, gs.opm, "text");
        }
        self.black_text(paint, ink, size, overprint, gs.opm);
        self.type_size(ink.map_or(TypeInk::Process, |i| i.type_ink()), size);
    }

    fn black_text(&mut self, paint: &Paint, ink: Option<Ink>, size: f64, overprint: bool, opm: i64) {
        let rgb_black = paint.space.rgb().is_some() && paint.comps.len() == 3 && paint.comps.iter().all(|&v| v < 0.1);
        if rgb_black || ink.is_some_and(|i| i.is_four_colour_black()) {
            let what = if rgb_black { "RGB black".to_string() } else { cmyk_label(&ink.unwrap_or_default()) };
            let msg = format!("four-colour black text ({what}); black text must be 100 % K only");
            self.note(Check::BlackText, "four-colour", Severity::Error, 0.0, true, msg);
            return;
        }
        if !ink.is_some_and(|i| i.is_solid_black()) {
            return;
        }
        if let Space::ManagedGray(label) = *paint.space {
            let msg =
                format!("black text in {label}: colour management separates it into four inks (set it 0 0 0 1 k)");
            self.note(Check::BlackText, label, Severity::Error, 0.0, true, msg);
            return;
        }
        let needs_opm = matches!(*paint.space, Space::Cmyk);
        let severity = if size < DISPLAY_SIZE { Severity::Error } else { Severity::Warning };
        if overprint && matches!(*paint.space, Space::Gray) {
            // Grey becomes CMYK 0 0 0 (1 - g) before it is separated, and overprint mode applies
            // to DeviceCMYK only: its zero C, M and Y are painted, knocking out what is beneath.
            let msg = format!(
                "black DeviceGray text at {size:.1} pt knocks out although set to overprint (set it 0 0 0 1 k with /OPM 1)"
            );
            self.note(Check::Overprint, "gray", severity, size, false, msg);
        } else if !overprint {
            let msg = format!("100 % K text at {size:.1} pt knocks out (no overprint: set /op true in its ExtGState)");
            self.note(Check::Overprint, "knockout", severity, size, false, msg);
        } else if needs_opm && opm != 1 {
            let msg = format!("100 % K text at {size:.1} pt overprints with /OPM 0, which still knocks out C, M, Y");
            self.note(Check::Overprint, "opm", severity, size, false, msg);
        }
    }

    fn type_size(&mut self, kind: TypeInk, size: f64) {
        let p = self.printer;
        let (min, what) = match kind {
            TypeInk::Solid => (p.min_type_solid, "solid single-colour"),
            TypeInk::Tint => (p.min_type_tint, "tinted"),
            TypeInk::Process => (p.min_type_process, "four-colour"),
            TypeInk::Reversed => (p.min_type_process, "reversed (white)"),
        };
        if size > 0.0 && size < min - 0.01 {
            let msg = format!("{what} type at {size:.1} pt (minimum {min} pt)");
            self.note(Check::TypeSize, what, Severity::Error, size, false, msg);
        }
    }

    fn font(&mut self, dict: &Dictionary) {
        let name = dict.get(b"BaseFont").and_then(|o| o.as_name()).map(String::from_utf8_lossy);
        let name = name.map(|n| n.into_owned()).unwrap_or_else(|_| "(unnamed)".to_string());
        let page = self.page;
        let embedded = is_embedded(self.doc, dict);
        let entry = self.shared.fonts.entry(name).or_insert((page, embedded));
        entry.1 &= embedded;
    }

    fn image(&mut self, gs: &GState, stream: &lopdf::Stream, id: Option<ObjectId>, name: &str) {
        let info = ImageInfo::read(self.doc, stream);
        if stream.filters().unwrap_or_default().contains(&&b"JPXDecode"[..]) {
            let msg = format!(
                "image {name} is JPEG 2000: PDF/X-1a has no such filter and newspaper RIPs take only JPEG or Flate; its colour space is inside the codestream, unchecked"
            );
            self.note(Check::Colour, "jpx", Severity::Error, 0.0, true, msg);
        }
        let smask =
            stream.dict.has(b"SMask") || stream.dict.get(b"SMaskInData").ok().and_then(num_of).is_some_and(|v| v > 0.0);
        if smask {
            self.transparency(Some("an image with a soft mask"));
        }
        if info.is_mask {
            self.vector(&gs.fill, "image mask", gs.op_fill, gs.opm);
        } else {
            self.space(&info.space, &format!("image {name} ({} × {} px)", info.width, info.height));
            self.image_ink(stream, id, name, &info);
        }
        let ppi = info.ppi(&gs.ctm);
        let p = self.printer;
        if info.bits == 1 && ppi < p.min_ppi_line_art {
            let msg = format!("1-bit image {name} at {ppi:.0} ppi (line art needs {} ppi)", p.min_ppi_line_art);
            self.note(Check::Resolution, &format!("line art {name}"), Severity::Error, ppi, false, msg);
        } else if ppi < p.warn_ppi && !info.is_mask && info.bits != 1 {
            let severity = if ppi < p.min_ppi { Severity::Error } else { Severity::Warning };
            let limit =
                if ppi < p.min_ppi { format!("minimum {}", p.min_ppi) } else { format!("wanted {}", p.warn_ppi) };
            let msg = format!("image {name} at {ppi:.0} ppi ({limit} ppi)");
            self.note(Check::Resolution, name, severity, ppi, false, msg);
        }
    }

    fn image_ink(&mut self, stream: &lopdf::Stream, id: Option<ObjectId>, name: &str, info: &ImageInfo) {
        let total = match id {
            Some(id) => *self.shared.image_ink.entry(id).or_insert_with(|| max_ink(stream, info, self.known)),
            None => max_ink(stream, info, self.known),
        };
        if let Some(total) = total {
            self.ink(total, "image ", name);
        }
    }
}

fn num_of(obj: &Object) -> Option<f64> {
    obj.as_float().ok().map(f64::from)
}

fn cmyk_label(ink: &Ink) -> String {
    let [c, m, y, k] = ink.cmyk.map(|v| (v * 100.0).round());
    format!("C {c} M {m} Y {y} K {k}")
}

/// A font is embedded when its descriptor (or its descendant's, for Type0) holds a font program;
/// Type3 glyphs are content streams inside the file.
fn is_embedded(doc: &Document, font: &Dictionary) -> bool {
    let subtype = font.get(b"Subtype").and_then(|o| o.as_name()).unwrap_or(b"");
    if subtype == b"Type3" {
        return true;
    }
    let font = if subtype == b"Type0" {
        let descendants = font.get_deref(b"DescendantFonts", doc).ok().and_then(|o| o.as_array().ok());
        match descendants.and_then(|d| d.first()).and_then(|o| doc.dereference(o).ok()?.1.as_dict().ok()) {
            Some(d) => d,
            None => return false,
        }
    } else {
        font
    };
    let descriptor = font.get_deref(b"FontDescriptor", doc).ok().and_then(|o| o.as_dict().ok());
    descriptor.is_some_and(|d| [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| has_stream(doc, d, k)))
}

fn has_stream(doc: &Document, dict: &Dictionary, key: &[u8]) -> bool {
    matches!(dict.get_deref(key, doc), Ok(Object::Stream(_)))
}
