//! Page checks: what each painting operation of a page does to colour, black text, type size, ink
//! and image resolution, tallied per page and kind so the report stays one line per problem.

use super::colour::{Ink, Space, TypeInk};
use super::content::{Event, GState, Paint, Visitor, walk_page};
use super::images::{ImageInfo, max_ink};
use super::{Check, Findings, Severity};
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
pub fn check_pages(doc: &Document, pages: &BTreeMap<u32, ObjectId>, printer: &Printer, out: &mut Findings) {
    let list: Vec<(u32, ObjectId)> = pages.iter().map(|(&n, &id)| (n, id)).collect();
    let checked = crate::workers::two_workers(list.len(), Shared::default, |shared, i| {
        let (n, id) = list[i];
        let mut page = PageChecker { doc, printer, page: n as usize, shared, tallies: BTreeMap::new() };
        walk_page(doc, id, &mut page);
        page.tallies
    });
    let Some((tallies, [first, second])) = checked else {
        out.error(
            Check::Pdfx,
            None,
            "the checks of some pages stopped unexpectedly: the file is not fully checked".to_string(),
        );
        return;
    };
    let mut fonts = first.fonts;
    for (name, (page, embedded)) in second.fonts {
        let entry = fonts.entry(name).or_insert((page, embedded));
        *entry = (entry.0.min(page), entry.1 && embedded);
    }
    for (&(n, _), tallies) in list.iter().zip(tallies) {
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
}

struct PageChecker<'a, 's> {
    doc: &'a Document,
    printer: &'a Printer,
    page: usize,
    shared: &'s mut Shared,
    tallies: BTreeMap<(Check, String), Tally>,
}

impl Visitor for PageChecker<'_, '_> {
    fn visit(&mut self, gs: &GState, event: Event<'_>) {
        match event {
            Event::Fill => self.vector(&gs.fill, "fill"),
            Event::Stroke => self.vector(&gs.stroke, "stroke"),
            Event::Text { size } => self.text(gs, size),
            Event::Font { dict } => self.font(dict),
            Event::Image { stream, id, name } => self.image(gs, stream, id, &name),
            Event::Shading { space } => self.space(&space, "shading"),
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

    /// RGB is an error (the printer's separation would guess the black generation); Lab a warning.
    fn space(&mut self, space: &Space, what: &str) {
        if let Some(label) = space.rgb() {
            let msg = format!("{label} colour in {what}");
            self.note(Check::Colour, &msg, Severity::Error, 0.0, true, msg.clone());
        } else if space.is_lab() {
            let msg = format!("Lab colour in {what} (convert to CMYK before sending)");
            self.note(Check::Colour, &msg, Severity::Warning, 0.0, true, msg.clone());
        }
    }

    fn vector(&mut self, paint: &Paint, what: &str) {
        self.space(&paint.space, what);
        if let Some(ink) = paint.space.ink(&paint.comps) {
            self.ink(ink.total(), &format!("vector {what}"), "");
        }
    }

    fn ink(&mut self, total: f64, key: &str, name: &str) {
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
        let needs_opm = matches!(*paint.space, Space::Cmyk);
        let severity = if size < DISPLAY_SIZE { Severity::Error } else { Severity::Warning };
        if !overprint {
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
        if info.is_mask {
            self.vector(&gs.fill, "image mask");
        } else {
            self.space(&info.space, &format!("image {name} ({} × {} px)", info.width, info.height));
            self.image_ink(stream, id, name, &info);
        }
        let ppi = info.ppi(&gs.ctm);
        let p = self.printer;
        if ppi < p.warn_ppi && !info.is_mask {
            let severity = if ppi < p.min_ppi { Severity::Error } else { Severity::Warning };
            let limit =
                if ppi < p.min_ppi { format!("minimum {}", p.min_ppi) } else { format!("wanted {}", p.warn_ppi) };
            let msg = format!("image {name} at {ppi:.0} ppi ({limit} ppi)");
            self.note(Check::Resolution, name, severity, ppi, false, msg);
        }
    }

    fn image_ink(&mut self, stream: &lopdf::Stream, id: Option<ObjectId>, name: &str, info: &ImageInfo) {
        let total = match id {
            Some(id) => *self.shared.image_ink.entry(id).or_insert_with(|| max_ink(stream, info)),
            None => max_ink(stream, info),
        };
        if let Some(total) = total {
            self.ink(total, "image ", name);
        }
    }
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
