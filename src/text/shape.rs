//! Shaping with rustybuzz (kerning, ligatures), cached per font and string.

use crate::fonts::{FontBook, FontId};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// One shaped glyph, in font units.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal advance.
    pub advance: f64,
    /// Horizontal offset from the pen position.
    pub x_offset: f64,
    /// Vertical offset (up).
    pub y_offset: f64,
    /// Byte offset in the shaped string where this glyph's characters start.
    pub cluster: usize,
    /// Bytes of the shaped string this glyph stands for, from `cluster` (0 for the 2nd+ glyph of
    /// a cluster). An offset, not a string of its own: the shaper keeps every string it shaped,
    /// and a `String` per glyph was most of what that cost.
    pub len: u32,
    /// The shaper found it safe to break the text before this glyph's cluster: shaping the two
    /// sides apart gives the glyphs on either side of it here, exactly (HarfBuzz's
    /// `UNSAFE_TO_BREAK` flag, which kerning or a ligature across the place clears). False for
    /// the 2nd+ glyph of a cluster.
    pub safe_break: bool,
}

impl ShapedGlyph {
    /// The characters this glyph stands for in `shaped`, the string it was shaped from (empty for
    /// the 2nd+ glyph of a cluster).
    pub fn text<'s>(&self, shaped: &'s str) -> &'s str {
        shaped.get(self.cluster..self.cluster + self.len as usize).unwrap_or("")
    }
}

/// A shaped string.
#[derive(Clone, Debug, Default)]
pub struct Shaped {
    /// Glyphs in visual (= logical, for French) order.
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of advances.
    pub advance: f64,
    /// Characters of the string the font lacks (noted again each time the string is asked for,
    /// so every text that needs one is named, whichever shaped it first).
    pub missing: Vec<char>,
}

impl Shaped {
    /// Advance of the glyphs whose cluster starts in `range` of the shaped string.
    pub fn advance_of(&self, range: std::ops::Range<usize>) -> f64 {
        self.glyphs.iter().filter(|g| range.contains(&g.cluster)).map(|g| g.advance).sum()
    }

    /// Whether the shaped string may be cut at byte `at` with each side keeping its glyphs: a
    /// cluster starts there and the shaper marked it safe to break.
    pub fn breaks_cleanly_at(&self, at: usize) -> bool {
        self.glyphs.iter().find(|g| g.cluster >= at).is_some_and(|g| g.cluster == at && g.safe_break)
    }
}

/// A character a font lacks, and where it was needed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// The font file name.
    pub font: String,
    /// Who asked (article slug or page element).
    pub context: String,
}

/// Shapes strings and remembers the results; one per build.
pub struct Shaper<'a> {
    /// The fonts.
    pub book: &'a FontBook,
    /// Shaped strings by font and small-caps switch, then by the string: looked up by `&str`, so a
    /// string shaped before costs no allocation.
    cache: HashMap<(FontId, bool), HashMap<String, Rc<Shaped>>>,
    /// One shaping plan per font and small-caps switch: building a plan costs more than shaping a word.
    plans: HashMap<(FontId, bool), rustybuzz::ShapePlan>,
    /// Label of the text being set, for missing-glyph warnings.
    pub context: String,
    /// Missing glyphs found so far.
    pub missing: BTreeSet<MissingGlyph>,
    /// While a paragraph is set, every missing character noted for it, repeats included
    /// (`text::memo` keeps them with the set paragraph, to note again when it is reused).
    pub(super) noted: Option<Vec<(FontId, char)>>,
}

impl<'a> Shaper<'a> {
    /// A shaper over a font book.
    pub fn new(book: &'a FontBook) -> Self {
        Shaper {
            book,
            cache: HashMap::new(),
            plans: HashMap::new(),
            context: String::new(),
            missing: BTreeSet::new(),
            noted: None,
        }
    }

    /// Shapes `text` in `font` with the font's default features (kern, liga).
    pub fn shape(&mut self, font: FontId, text: &str) -> Rc<Shaped> {
        self.shape_as(font, false, text)
    }

    /// As [`Shaper::shape`], with capitals set as small capitals (OpenType `c2sc`) when
    /// `small_caps` is on. The glyphs stay in the same font, so the PDF embeds one subset; a
    /// font without the feature keeps its capitals.
    pub fn shape_as(&mut self, font: FontId, small_caps: bool, text: &str) -> Rc<Shaped> {
        let hit = self.cache.get(&(font, small_caps)).and_then(|strings| strings.get(text)).cloned();
        let shaped = match hit {
            Some(s) => s,
            None => {
                let shaped = Rc::new(self.shape_uncached(font, small_caps, text));
                self.cache.entry((font, small_caps)).or_default().insert(text.to_string(), shaped.clone());
                shaped
            }
        };
        for &c in &shaped.missing {
            self.note(font, c);
        }
        shaped
    }

    /// How many strings it has shaped.
    pub fn shaped(&self) -> usize {
        self.cache.values().map(HashMap::len).sum()
    }

    /// Notes that `font` lacks `ch`, for the text being set ([`Shaper::context`]).
    pub(super) fn note(&mut self, font: FontId, ch: char) {
        let f = self.book.get(font);
        let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.missing.insert(MissingGlyph { ch, font: name, context: self.context.clone() });
        if let Some(noted) = &mut self.noted {
            noted.push((font, ch));
        }
    }

    fn shape_uncached(&mut self, font: FontId, small_caps: bool, text: &str) -> Shaped {
        let f = self.book.get(font);
        let plan = self.plans.entry((font, small_caps)).or_insert_with(|| {
            let (dir, script) = (rustybuzz::Direction::LeftToRight, Some(rustybuzz::script::LATIN));
            let c2sc = rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"c2sc"), 1, ..);
            let features = if small_caps { vec![c2sc] } else { Vec::new() };
            rustybuzz::ShapePlan::new(&f.face, dir, script, None, &features)
        });
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_script(rustybuzz::script::LATIN);
        let out = rustybuzz::shape_with_plan(&f.face, plan, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut missing = Vec::new();
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
            let end = infos[i + 1..].iter().map(|g| g.cluster as usize).find(|&c| c > start).unwrap_or(text.len());
            let chars = text.get(start..end).unwrap_or("");
            if info.glyph_id == 0 {
                let f = self.book.get(font);
                for c in chars.chars().filter(|&c| !f.has_char(c)) {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
            }
            glyphs.push(ShapedGlyph {
                id: info.glyph_id as u16,
                advance: f64::from(pos.x_advance),
                x_offset: f64::from(pos.x_offset),
                y_offset: f64::from(pos.y_offset),
                cluster: start,
                len: if first_of_cluster { chars.len() as u32 } else { 0 },
                safe_break: first_of_cluster && !info.unsafe_to_break(),
            });
        }
        let advance = glyphs.iter().map(|g| g.advance).sum();
        Shaped { glyphs, advance, missing }
    }
}
