//! Font files: loaded once, parsed by ttf-parser, shaped by rustybuzz, embedded by the PDF writer.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The bytes of a font file, leaked once per content for the whole process: a build makes a
/// new book, and `watch` builds again at every change (the fuzz harness thousands of times), so
/// leaking once per book grew the process by the fonts' size (5 MB) each time. Keyed by length
/// and a hash of the bytes, compared in full before reuse.
fn leaked(bytes: Vec<u8>) -> &'static [u8] {
    use std::hash::{Hash, Hasher};
    static LEAKED: std::sync::Mutex<Vec<(u64, &'static [u8])>> = std::sync::Mutex::new(Vec::new());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let key = h.finish();
    let mut all = LEAKED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, data)) = all.iter().find(|(k, d)| *k == key && **d == bytes[..]) {
        return data;
    }
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    all.push((key, data));
    data
}

/// Index of a font in a [`FontBook`].
pub type FontId = usize;

/// A loaded font and the metrics layout and PDF output need, in font units.
pub struct Font {
    /// The file it came from.
    pub path: PathBuf,
    /// The file's bytes; fonts live for the whole process, so they are leaked once per content.
    pub data: &'static [u8],
    /// Face for shaping.
    pub face: rustybuzz::Face<'static>,
    /// Units per em.
    pub units_per_em: f64,
    /// Ascender (positive, up).
    pub ascender: f64,
    /// Descender (negative, down).
    pub descender: f64,
    /// Height of capitals.
    pub cap_height: f64,
    /// Advance of the space glyph.
    pub space: f64,
    /// Where a strike-through line goes: its centre above the baseline, and its thickness.
    pub strikeout: (f64, f64),
    /// PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// Outlines in a CFF table (.otf) rather than glyf (.ttf).
    pub is_cff: bool,
    /// Italic angle in degrees.
    pub italic_angle: f64,
    /// Weight class (400 regular, 700 bold).
    pub weight: u16,
    /// Font bounding box (x0, y0, x1, y1).
    pub bbox: [f64; 4],
}

impl Font {
    /// Converts font units at `size` points to points.
    pub fn to_pt(&self, units: f64, size: f64) -> f64 {
        units * size / self.units_per_em
    }

    /// Whether the font has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// All fonts of a build, each file loaded once.
pub struct FontBook {
    fonts: Vec<Font>,
    by_path: HashMap<PathBuf, FontId>,
    /// Unique to this book in the process: a [`FontId`] means a font only within its book, so
    /// what is remembered by font id (`text::memo`) is remembered by book too.
    id: u64,
}

impl Default for FontBook {
    fn default() -> Self {
        static BOOKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = BOOKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        FontBook { fonts: Vec::new(), by_path: HashMap::new(), id }
    }
}

impl FontBook {
    /// An empty book.
    pub fn new() -> Self {
        FontBook::default()
    }

    /// This book's number, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Loads a font file (TrueType or OpenType/CFF), or returns the one already loaded.
    pub fn load(&mut self, path: &Path) -> Result<FontId> {
        if let Some(&id) = self.by_path.get(path) {
            return Ok(id);
        }
        let bytes = crate::files::read_bounded(path, crate::files::BINARY_LIMIT)?;
        let data = leaked(bytes);
        let font = crate::files::guarded(path, "font reader", || parse(path, data))?;
        self.fonts.push(font);
        let id = self.fonts.len() - 1;
        self.by_path.insert(path.to_path_buf(), id);
        Ok(id)
    }

    /// The font with this id.
    pub fn get(&self, id: FontId) -> &Font {
        &self.fonts[id]
    }

    /// Number of fonts loaded.
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    /// True when no font is loaded.
    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }
}

fn parse(path: &Path, data: &'static [u8]) -> Result<Font> {
    let bad = |why: &str| Error::in_file(path, format!("not a usable font: {why}"));
    let face = rustybuzz::Face::from_slice(data, 0).ok_or_else(|| bad("cannot parse it as TrueType or OpenType"))?;
    let ttf: &ttf_parser::Face = &face;
    if ttf.tables().cff2.is_some() && ttf.tables().cff.is_none() {
        return Err(bad("CFF2 outlines are not supported; use a static .ttf or .otf"));
    }
    let units_per_em = f64::from(ttf.units_per_em());
    let space = ttf.glyph_index(' ').and_then(|g| ttf.glyph_hor_advance(g)).map_or(units_per_em * 0.25, f64::from);
    // OS/2 gives the top of the stroke. Fonts without the table get a line at about half the
    // x-height, 0.05 em thick, as common text faces have it.
    let strikeout = ttf.strikeout_metrics().map_or((units_per_em * 0.25, units_per_em * 0.05), |m| {
        (f64::from(m.position) - f64::from(m.thickness) / 2.0, f64::from(m.thickness))
    });
    let b = ttf.global_bounding_box();
    let postscript_name = ttf
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let postscript_name: String = postscript_name.chars().filter(|c| c.is_ascii_graphic()).collect();
    Ok(Font {
        path: path.to_path_buf(),
        data,
        units_per_em,
        ascender: f64::from(ttf.ascender()),
        descender: f64::from(ttf.descender()),
        cap_height: ttf.capital_height().map_or(units_per_em * 0.7, f64::from),
        space,
        strikeout,
        postscript_name,
        is_cff: ttf.tables().cff.is_some(),
        italic_angle: f64::from(ttf.italic_angle()),
        weight: ttf.weight().to_number(),
        bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(f64::from),
        face,
    })
}
