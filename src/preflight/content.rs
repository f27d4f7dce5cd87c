//! A content-stream walker that follows the graphics state and reports what gets painted, and how.
//!
//! A PDF page is a program: operators change a graphics state (transformation, colours, overprint,
//! font) and paint with whatever state is current. The printer cares about the *painted* result, so
//! the walker keeps the state exactly as a RIP would and hands each painting operation, together with
//! the state in force, to a [`Visitor`]:
//!
//! - `q` pushes a copy of the whole state and `Q` pops it, so a change made inside `q … Q` (a
//!   colour, a `gs` that switches overprint on, a `cm`) is forgotten at the `Q`.
//! - `cm` pre-multiplies the current transformation matrix (CTM): points are row vectors, so the
//!   new CTM is `M × CTM` and the last `cm` applies first.
//! - `gs` copies the overprint keys of an ExtGState: `/OP` sets stroking overprint and also fill
//!   overprint unless the same dictionary has `/op`; `/OPM 1` makes zero CMYK components leave the
//!   plate untouched (without it, `0 0 0 1 k` overprinting still knocks out C, M and Y).
//! - Text size is the font size scaled by the text matrix and the CTM: the length of the vertical
//!   unit vector through `Tm × CTM` (translation does not matter, so `Td`, `T*` are ignored).
//! - `Do` on a form XObject walks the form's stream with its own resources (or the caller's when it
//!   has none) under `Matrix × CTM`, inside an implicit `q … Q`; images are reported with the CTM
//!   that maps their unit square onto the page.
//! - Filling with a pattern reports the shading's colour space, and walks a tiling pattern's cell
//!   like a form.
//! - After the page, the appearance streams of annotations that print are walked like forms, placed
//!   on the annotation's rectangle.

use super::colour::{Space, resolve, resolve_named};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::rc::Rc;

/// An affine matrix `[a b c d e f]` as in PDF.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [na, nb, nc, nd, ne, nf] = other.0;
        Matrix([
            a * na + b * nc,
            a * nb + b * nd,
            c * na + d * nc,
            c * nb + d * nd,
            e * na + f * nc + ne,
            e * nb + f * nd + nf,
        ])
    }

    /// A point mapped by the matrix.
    pub fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    /// Length of the image of the horizontal unit vector.
    pub fn x_scale(&self) -> f64 {
        self.0[0].hypot(self.0[1])
    }

    /// Length of the image of the vertical unit vector.
    pub fn y_scale(&self) -> f64 {
        self.0[2].hypot(self.0[3])
    }

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        let v: Vec<f64> = ops.iter().filter_map(num).collect();
        (v.len() == 6).then(|| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
    }
}

/// A colour: its space and components.
#[derive(Clone, Debug, PartialEq)]
pub struct Paint {
    /// The colour space.
    pub space: Rc<Space>,
    /// The components (empty for a pattern).
    pub comps: Vec<f64>,
    /// The pattern's resource name when the space is a pattern.
    pub pattern: Option<Vec<u8>>,
}

impl Paint {
    fn new(space: Space, comps: Vec<f64>) -> Paint {
        Paint { space: Rc::new(space), comps, pattern: None }
    }
}

/// The part of the graphics state that preflight follows.
#[derive(Clone, Debug)]
pub struct GState {
    /// Current transformation matrix (user space to page space).
    pub ctm: Matrix,
    /// Non-stroking colour.
    pub fill: Paint,
    /// Stroking colour.
    pub stroke: Paint,
    /// Overprint for fills (`/op`).
    pub op_fill: bool,
    /// Overprint for strokes (`/OP`).
    pub op_stroke: bool,
    /// Overprint mode (`/OPM`).
    pub opm: i64,
    /// Font size from `Tf`.
    pub font_size: f64,
    /// Text rendering mode from `Tr`.
    pub render: i64,
    /// Line width from `w` or an ExtGState's `/LW`, in user units.
    pub line_width: f64,
    /// What makes painting transparent, from the last ExtGState that set it: a constant alpha
    /// below 1, a blend mode other than Normal, a soft mask. None when painting is opaque.
    pub transparency: Option<Rc<str>>,
    /// Where the operation reported lies on the page, as a box `[x0 y0 x1 y1]` in page space, when
    /// the walker knows: a path's points, an image's placed square, a text's starting point.
    pub area: Option<[f64; 4]>,
}

impl Default for GState {
    fn default() -> Self {
        let black = Paint::new(Space::Gray, vec![0.0]);
        GState {
            ctm: Matrix::IDENTITY,
            fill: black.clone(),
            stroke: black,
            op_fill: false,
            op_stroke: false,
            opm: 0,
            font_size: 0.0,
            render: 0,
            line_width: 1.0,
            transparency: None,
            area: None,
        }
    }
}

/// What the walker reports.
pub enum Event<'e> {
    /// A path filled with `gs.fill`.
    Fill,
    /// A path stroked with `gs.stroke`.
    Stroke,
    /// A text-showing operator, with the effective font size in points.
    Text {
        /// Effective size on the page.
        size: f64,
    },
    /// A font selected by `Tf`.
    Font {
        /// The font dictionary.
        dict: &'e Dictionary,
    },
    /// An image painted with `gs.ctm` (an XObject or an inline image).
    Image {
        /// The image stream.
        stream: &'e Stream,
        /// Its object id (none for inline images and direct objects).
        id: Option<ObjectId>,
        /// Its resource name, for messages.
        name: String,
    },
    /// A shading painted by `sh` or a shading pattern, in this colour space.
    Shading {
        /// The shading's colour space.
        space: Space,
    },
    /// A form drawn as a transparency group (`/Group << /S /Transparency >>`).
    Group,
}

/// Receives what is painted, with the graphics state in force.
pub trait Visitor {
    /// Called once per painting operation.
    fn visit(&mut self, gs: &GState, event: Event<'_>);
}

/// Forms and patterns nest at most this deep (guards against cycles in broken files).
const MAX_DEPTH: usize = 12;

/// Walks one page's content streams.
pub fn walk_page<V: Visitor>(doc: &Document, page: ObjectId, visitor: &mut V) {
    let content = doc.get_page_content(page);
    let resources = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| super::inherited(doc, p, b"Resources"))
        .and_then(|o| o.as_dict().ok());
    let mut walker = Walker { doc, visitor, depth: 0 };
    walker.run(&content, resources, GState::default());
    for (appearance, placement) in printed_annotations(doc, page) {
        walker.form(&GState { ctm: placement, ..GState::default() }, appearance, resources);
    }
}

/// Appearance streams of the page's annotations that print (flag bit 3 set, hidden bit 2 clear),
/// each with the matrix that fits its transformed `/BBox` onto the annotation's `/Rect`.
fn printed_annotations(doc: &Document, page: ObjectId) -> Vec<(&Stream, Matrix)> {
    let Ok(annots) = doc.get_dictionary(page).and_then(|p| p.get_deref(b"Annots", doc)).and_then(|a| a.as_array())
    else {
        return Vec::new();
    };
    let dicts = annots.iter().filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok());
    dicts
        .filter(|a| a.get(b"F").and_then(|f| f.as_i64()).is_ok_and(|f| f & 4 != 0 && f & 2 == 0))
        .filter_map(|a| {
            let normal = a.get_deref(b"AP", doc).ok()?.as_dict().ok()?.get_deref(b"N", doc).ok()?;
            let stream = match normal {
                Object::Stream(s) => s,
                Object::Dictionary(states) => {
                    let state = a.get(b"AS").ok()?.as_name().ok()?;
                    states.get_deref(state, doc).ok()?.as_stream().ok()?
                }
                _ => return None,
            };
            let rect = numbers(a.get_deref(b"Rect", doc).ok()?)?;
            Some((stream, fit_to_rect(stream, &rect)?))
        })
        .collect()
}

/// The matrix A of ISO 32000-1, 12.5.5: the appearance's `/BBox`, transformed by its `/Matrix`,
/// is scaled and moved onto `/Rect` (the form applies its own `/Matrix` before A).
fn fit_to_rect(stream: &Stream, rect: &[f64]) -> Option<Matrix> {
    let bbox = numbers(stream.dict.get(b"BBox").ok()?)?;
    let matrix = stream.dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|m| Matrix::from_operands(m));
    let m = matrix.unwrap_or(Matrix::IDENTITY).0;
    let corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])];
    let pts: Vec<(f64, f64)> =
        corners.iter().map(|&(x, y)| (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])).collect();
    let (x0, x1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    if x1 - x0 <= 0.0 || y1 - y0 <= 0.0 {
        return None;
    }
    let (sx, sy) = ((rect[2] - rect[0]).abs() / (x1 - x0), (rect[3] - rect[1]).abs() / (y1 - y0));
    let (rx, ry) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
    Some(Matrix([sx, 0.0, 0.0, sy, rx - x0 * sx, ry - y0 * sy]))
}

fn numbers(obj: &Object) -> Option<Vec<f64>> {
    let v: Vec<f64> = obj.as_array().ok()?.iter().filter_map(num).collect();
    (v.len() == 4).then_some(v)
}

struct Walker<'a, 'v, V: Visitor> {
    doc: &'a Document,
    visitor: &'v mut V,
    depth: usize,
}

impl<'a, V: Visitor> Walker<'a, '_, V> {
    fn run(&mut self, content: &[u8], res: Option<&'a Dictionary>, start: GState) {
        let mut stack: Vec<GState> = Vec::new();
        let mut gs = start;
        let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
        let mut path: Option<[f64; 4]> = None;
        for op in Content::decode_iter(content).map_while(|r| r.ok()) {
            let ops = &op.operands;
            gs.area = path;
            match op.operator.as_str() {
                "q" => stack.push(gs.clone()),
                "Q" => gs = stack.pop().unwrap_or(gs),
                "cm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                "gs" => self.ext_gstate(&mut gs, name_arg(ops), res),
                "BT" => (tm, tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
                "Tm" => {
                    tm = Matrix::from_operands(ops).unwrap_or(tm);
                    tlm = tm;
                }
                "Td" | "TD" => {
                    if let [tx, ty] = ops.iter().filter_map(num).collect::<Vec<_>>()[..] {
                        tlm = Matrix([1.0, 0.0, 0.0, 1.0, tx, ty]).then(&tlm);
                        tm = tlm;
                    }
                }
                "m" | "l" | "c" | "v" | "y" | "re" => path = extend(path, &op.operator, ops, &gs.ctm),
                "Tf" => self.font(&mut gs, ops, res),
                "Tr" => gs.render = ops.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
                "w" => gs.line_width = ops.first().and_then(num).unwrap_or(gs.line_width),
                "Tj" | "TJ" | "'" | "\"" => {
                    let at = tm.then(&gs.ctm);
                    gs.area = Some([at.0[4], at.0[5], at.0[4], at.0[5]]);
                    let size = gs.font_size * at.y_scale();
                    self.visitor.visit(&gs, Event::Text { size });
                }
                "f" | "F" | "f*" => self.visitor.visit(&gs, Event::Fill),
                "S" | "s" => self.visitor.visit(&gs, Event::Stroke),
                "B" | "B*" | "b" | "b*" => {
                    self.visitor.visit(&gs, Event::Fill);
                    self.visitor.visit(&gs, Event::Stroke);
                }
                "Do" => self.x_object(&gs, name_arg(ops), res),
                "sh" => self.shading(&gs, name_arg(ops), res),
                "BI" => self.inline_image(&gs, ops),
                other => colour_op(self.doc, other, ops, &mut gs, res),
            }
            if matches!(op.operator.as_str(), "f" | "F" | "f*" | "B" | "B*" | "b" | "b*") {
                self.pattern_fill(&gs, res);
            }
            if matches!(op.operator.as_str(), "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" | "n") {
                path = None;
            }
        }
    }

    fn ext_gstate(&mut self, gs: &mut GState, name: Option<&[u8]>, res: Option<&'a Dictionary>) {
        let Some(dict) = name.and_then(|n| resource(self.doc, res, b"ExtGState", n)).and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        let flag = |key: &[u8]| dict.get(key).ok().and_then(|o| o.as_bool().ok());
        if let Some(op) = flag(b"OP") {
            gs.op_stroke = op;
            gs.op_fill = op;
        }
        if let Some(op) = flag(b"op") {
            gs.op_fill = op;
        }
        if let Some(mode) = dict.get(b"OPM").ok().and_then(|o| o.as_i64().ok()) {
            gs.opm = mode;
        }
        if let Some(width) = dict.get(b"LW").ok().and_then(num) {
            gs.line_width = width;
        }
        if let Some(what) = transparency(dict) {
            gs.transparency = Some(what.into());
        } else if [&b"CA"[..], b"ca", b"BM", b"SMask"].iter().any(|k| dict.has(k)) {
            gs.transparency = None;
        }
    }

    fn font(&mut self, gs: &mut GState, ops: &[Object], res: Option<&'a Dictionary>) {
        gs.font_size = ops.get(1).and_then(num).unwrap_or(gs.font_size);
        let dict = name_arg(ops).and_then(|n| resource(self.doc, res, b"Font", n)).and_then(|o| o.as_dict().ok());
        if let Some(dict) = dict {
            self.visitor.visit(gs, Event::Font { dict });
        }
    }

    fn x_object(&mut self, gs: &GState, name: Option<&[u8]>, res: Option<&'a Dictionary>) {
        let Some(name) = name else { return };
        let Some(entry) = res.and_then(|r| r.get_deref(b"XObject", self.doc).ok()).and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        let id = entry.get(name).ok().and_then(|o| o.as_reference().ok());
        let Some(stream) = entry.get_deref(name, self.doc).ok().and_then(|o| o.as_stream().ok()) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(|o| o.as_name()) {
            Ok(b"Image") => {
                let name = format!("/{}", String::from_utf8_lossy(name));
                let placed = GState { area: Some(unit_square(&gs.ctm)), ..gs.clone() };
                self.visitor.visit(&placed, Event::Image { stream, id, name });
            }
            Ok(b"Form") => self.form(gs, stream, res),
            _ => {}
        }
    }

    /// A form or a tiling pattern cell: its own content under its matrix, in a saved state.
    fn form(&mut self, gs: &GState, stream: &'a Stream, res: Option<&'a Dictionary>) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let matrix = stream.dict.get(b"Matrix").ok().and_then(|o| o.as_array().ok());
        let matrix = matrix.and_then(|m| Matrix::from_operands(m)).unwrap_or(Matrix::IDENTITY);
        let own = stream.dict.get_deref(b"Resources", self.doc).ok().and_then(|o| o.as_dict().ok());
        let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        let inner = GState { ctm: matrix.then(&gs.ctm), ..gs.clone() };
        let group = stream.dict.get_deref(b"Group", self.doc).ok().and_then(|g| g.as_dict().ok());
        if group.and_then(|g| g.get(b"S").ok()).and_then(|s| s.as_name().ok()) == Some(b"Transparency") {
            self.visitor.visit(&inner, Event::Group);
        }
        self.depth += 1;
        self.run(&content, own.or(res), inner);
        self.depth -= 1;
    }

    fn shading(&mut self, gs: &GState, name: Option<&[u8]>, res: Option<&'a Dictionary>) {
        let shading = name.and_then(|n| resource(self.doc, res, b"Shading", n));
        if let Some(dict) = shading.and_then(dict_of) {
            let space = dict.get(b"ColorSpace").map_or(Space::Unknown, |cs| resolve(self.doc, cs, 0));
            self.visitor.visit(gs, Event::Shading { space });
        }
    }

    fn pattern_fill(&mut self, gs: &GState, res: Option<&'a Dictionary>) {
        let Some(name) = gs.fill.pattern.as_deref() else { return };
        let Some(pattern) = resource(self.doc, res, b"Pattern", name) else { return };
        match pattern {
            Object::Stream(s) => self.form(gs, s, res),
            Object::Dictionary(d) => {
                let shading = d.get_deref(b"Shading", self.doc).ok().and_then(dict_of);
                let space = shading.and_then(|s| s.get(b"ColorSpace").ok());
                let space = space.map_or(Space::Unknown, |cs| resolve(self.doc, cs, 0));
                self.visitor.visit(gs, Event::Shading { space });
            }
            _ => {}
        }
    }

    fn inline_image(&mut self, gs: &GState, ops: &[Object]) {
        if let Some(Object::Stream(stream)) = ops.first() {
            let placed = GState { area: Some(unit_square(&gs.ctm)), ..gs.clone() };
            self.visitor.visit(&placed, Event::Image { stream, id: None, name: "inline image".to_string() });
        }
    }
}

/// The current path's box grown by the points of a path operator, in page space. Curves count
/// their control points, which contain the curve.
fn extend(path: Option<[f64; 4]>, op: &str, ops: &[Object], ctm: &Matrix) -> Option<[f64; 4]> {
    let v: Vec<f64> = ops.iter().filter_map(num).collect();
    let points: Vec<(f64, f64)> = match (op, v.as_slice()) {
        ("re", [x, y, w, h]) => vec![(*x, *y), (x + w, y + h), (*x, y + h), (x + w, *y)],
        _ => v.chunks_exact(2).map(|p| (p[0], p[1])).collect(),
    };
    points.into_iter().map(|p| ctm.apply(p)).fold(path, grow)
}

/// A box grown to hold a point (the point's own box when there is none yet).
fn grow(b: Option<[f64; 4]>, (x, y): (f64, f64)) -> Option<[f64; 4]> {
    match b {
        None => Some([x, y, x, y]),
        Some([x0, y0, x1, y1]) => Some([x0.min(x), y0.min(y), x1.max(x), y1.max(y)]),
    }
}

/// The page-space box of the unit square under `ctm`: where an image lands.
fn unit_square(ctm: &Matrix) -> [f64; 4] {
    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|p| ctm.apply(p));
    corners.into_iter().fold(None, grow).unwrap_or_default()
}

/// What in an ExtGState makes painting transparent (ISO 32000-1, 11.6.4): a constant alpha below 1
/// (`/CA` strokes, `/ca` fills), a blend mode other than Normal or Compatible, a soft mask.
fn transparency(dict: &Dictionary) -> Option<String> {
    for key in [&b"CA"[..], b"ca"] {
        if let Some(alpha) = dict.get(key).ok().and_then(num).filter(|a| *a < 1.0) {
            return Some(format!("constant alpha /{} {alpha}", String::from_utf8_lossy(key)));
        }
    }
    let blend = match dict.get(b"BM") {
        Ok(Object::Name(n)) => Some(n.clone()),
        Ok(Object::Array(a)) => a.first().and_then(|n| n.as_name().ok()).map(<[u8]>::to_vec),
        _ => None,
    };
    if let Some(mode) = blend.filter(|m| m != b"Normal" && m != b"Compatible") {
        return Some(format!("blend mode /{}", String::from_utf8_lossy(&mode)));
    }
    match dict.get(b"SMask") {
        Ok(Object::Name(n)) if n == b"None" => None,
        Ok(_) => Some("a soft mask".to_string()),
        Err(_) => None,
    }
}

/// `g`, `rg`, `k`, `cs`, `sc`, `scn` and their stroking forms.
fn colour_op(doc: &Document, op: &str, ops: &[Object], gs: &mut GState, res: Option<&Dictionary>) {
    let nums = || ops.iter().filter_map(num).collect::<Vec<f64>>();
    let (paint, stroking) = match op {
        "g" | "G" => (Paint::new(Space::Gray, nums()), op == "G"),
        "rg" | "RG" => (Paint::new(Space::Rgb("DeviceRGB"), nums()), op == "RG"),
        "k" | "K" => (Paint::new(Space::Cmyk, nums()), op == "K"),
        "cs" | "CS" => {
            let space = name_arg(ops).map_or(Space::Unknown, |n| resolve_named(doc, n, res));
            let comps = space.initial();
            (Paint::new(space, comps), op == "CS")
        }
        "sc" | "scn" | "SC" | "SCN" => {
            let stroking = op.starts_with('S');
            let current = if stroking { &gs.stroke } else { &gs.fill };
            let pattern = ops.last().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
            (Paint { space: current.space.clone(), comps: nums(), pattern }, stroking)
        }
        _ => return,
    };
    if stroking {
        gs.stroke = paint;
    } else {
        gs.fill = paint;
    }
}

/// A named resource of a category (`Font`, `ExtGState`, …), dereferenced.
fn resource<'a>(doc: &'a Document, res: Option<&'a Dictionary>, category: &[u8], name: &[u8]) -> Option<&'a Object> {
    let table = res?.get_deref(category, doc).ok()?.as_dict().ok()?;
    table.get_deref(name, doc).ok()
}

fn dict_of(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn name_arg(ops: &[Object]) -> Option<&[u8]> {
    ops.first().and_then(|o| o.as_name().ok())
}

/// A number operand, integer or real.
pub fn num(obj: &Object) -> Option<f64> {
    obj.as_float().ok().map(f64::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// Records text sizes, image CTMs and fill colours.
    #[derive(Default)]
    struct Log {
        sizes: Vec<f64>,
        images: Vec<Matrix>,
        fills: Vec<(Vec<f64>, bool)>,
    }

    impl Visitor for Log {
        fn visit(&mut self, gs: &GState, event: Event<'_>) {
            match event {
                Event::Text { size } => self.sizes.push((size * 1000.0).round() / 1000.0),
                Event::Image { .. } => self.images.push(gs.ctm),
                Event::Fill => self.fills.push((gs.fill.comps.clone(), gs.op_fill)),
                _ => {}
            }
        }
    }

    fn walk(content: &str, res: &Dictionary, doc: &Document) -> Log {
        let mut log = Log::default();
        Walker { doc, visitor: &mut log, depth: 0 }.run(content.as_bytes(), Some(res), GState::default());
        log
    }

    fn doc_with_form(form_content: &str, matrix: Vec<Object>) -> (Document, Dictionary) {
        let mut doc = Document::with_version("1.6");
        let image = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "Image", "Width" => 10, "Height" => 10, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![0; 100],
        ));
        let form_res = dictionary! { "XObject" => dictionary! { "Im" => image } };
        let form = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "Form", "Matrix" => matrix, "Resources" => form_res },
            form_content.as_bytes().to_vec(),
        ));
        let op = doc.add_object(dictionary! { "OP" => true, "OPM" => 1 });
        let res = dictionary! { "XObject" => dictionary! { "Fm" => form }, "ExtGState" => dictionary! { "Op" => op } };
        (doc, res)
    }

    #[test]
    fn cm_premultiplies_the_ctm() {
        let (doc, res) = doc_with_form("", vec![]);
        let log = walk("q 1 0 0 1 100 200 cm 2 0 0 3 0 0 cm BT /F 10 Tf (a) Tj ET Q", &res, &doc);
        // The scale applies first, then the translation: a y-scale of 3 makes 10 pt text 30 pt.
        assert_eq!(log.sizes, vec![30.0]);
        let m = Matrix([2.0, 0.0, 0.0, 3.0, 0.0, 0.0]).then(&Matrix([1.0, 0.0, 0.0, 1.0, 100.0, 200.0]));
        assert_eq!(m.0, [2.0, 0.0, 0.0, 3.0, 100.0, 200.0]);
    }

    #[test]
    fn text_matrix_and_ctm_scale_the_font_size() {
        let (doc, res) = doc_with_form("", vec![]);
        let log = walk("0.5 0 0 0.5 0 0 cm BT /F 12 Tf 2 0 0 2 5 5 Tm (a) Tj 0 -14 Td (b) Tj ET", &res, &doc);
        assert_eq!(log.sizes, vec![12.0, 12.0]);
    }

    #[test]
    fn q_and_big_q_restore_colour_and_overprint() {
        let (doc, res) = doc_with_form("", vec![]);
        let log = walk("0 0 0 1 k q /Op gs 1 0 0 0 k 0 0 1 1 re f Q 0 0 1 1 re f", &res, &doc);
        assert_eq!(log.fills, vec![(vec![1.0, 0.0, 0.0, 0.0], true), (vec![0.0, 0.0, 0.0, 1.0], false)]);
    }

    #[test]
    fn nested_form_places_its_image_through_both_matrices() {
        let (doc, res) = doc_with_form(
            "q 50 0 0 20 0 0 cm /Im Do Q",
            vec![2.into(), 0.into(), 0.into(), 2.into(), 10.into(), 0.into()],
        );
        let log = walk("1 0 0 1 100 100 cm /Fm Do /Fm Do", &res, &doc);
        // Image square → 50×20 → form matrix ×2 (+10, 0) → page CTM (+100, +100).
        let expected = Matrix([100.0, 0.0, 0.0, 40.0, 110.0, 100.0]);
        assert_eq!(log.images, vec![expected, expected]);
    }

    #[test]
    fn a_printed_annotation_is_walked_where_it_sits() {
        let mut doc = Document::with_version("1.6");
        let appearance = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()] },
            b"1 0 0 rg BT /F 10 Tf (x) Tj ET 0 0 10 10 re f".to_vec(),
        ));
        let rect = vec![100.into(), 100.into(), 120.into(), 130.into()];
        let printed = dictionary! { "Subtype" => "Stamp", "F" => 4, "Rect" => rect.clone(),
        "AP" => dictionary! { "N" => appearance } };
        let hidden =
            dictionary! { "Subtype" => "Stamp", "F" => 6, "Rect" => rect, "AP" => dictionary! { "N" => appearance } };
        let page = doc.add_object(dictionary! { "Type" => "Page", "Annots" => vec![printed.into(), hidden.into()] });
        let mut log = Log::default();
        walk_page(&doc, page, &mut log);
        // Only the printed one; its 10-unit box is stretched to 20 × 30, so 10 pt type is 30 pt.
        assert_eq!(log.fills, vec![(vec![1.0, 0.0, 0.0], false)]);
        assert_eq!(log.sizes, vec![30.0]);
    }

    #[test]
    fn a_form_that_calls_itself_stops() {
        let mut doc = Document::with_version("1.6");
        let id = doc.new_object_id();
        let res = dictionary! { "XObject" => dictionary! { "Fm" => id } };
        let form = Stream::new(
            dictionary! { "Subtype" => "Form", "Resources" => res.clone() },
            b"0 g 0 0 1 1 re f /Fm Do".to_vec(),
        );
        doc.objects.insert(id, Object::Stream(form));
        let log = walk("/Fm Do", &res, &doc);
        assert_eq!(log.fills.len(), MAX_DEPTH);
    }
}
