//! What the setter takes and gives: how to set a paragraph, the words it cuts into fragments
//! where they may break, and the lines it sets.

use super::breaker::Params;
use crate::fonts::FontId;
use crate::model::{Cmyk, Face};
use std::ops::Range;

/// How lines sit in their measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Both edges straight (body text).
    Justify,
    /// Ragged right.
    Left,
    /// Ragged left.
    Right,
    /// Centred.
    Center,
}

/// How to set one paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// Alignment.
    pub align: Align,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// First-line indent in points.
    pub indent: f64,
    /// Breaker parameters.
    pub params: Params,
    /// Demerit-bearing penalty for a hyphen the engine adds (TeX's \\hyphenpenalty).
    pub hyphen_penalty: f64,
    /// Penalty for breaking after a hyphen already in the word (TeX's \\exhyphenpenalty).
    pub explicit_hyphen_penalty: f64,
    /// Penalty for a hyphen before a final mute syllable (see `hyphenate::mute_breaks`).
    pub weak_hyphen_penalty: f64,
    /// Word-space stretch and shrink as fractions of the space.
    pub space_stretch: f64,
    /// See `space_stretch`.
    pub space_shrink: f64,
    /// Most glyph expansion (pdfTeX's hz), as a fraction: 0.02 lets glyphs widen or narrow by 2 %.
    pub expansion: f64,
    /// Hang hyphens, punctuation and guillemets into the margins (optical margin alignment).
    pub protrusion: bool,
    /// Most letter-spacing, as a fraction of the letters' width, for lines whose spaces are at
    /// their limit; 0 disables it.
    pub letterspace: f64,
    /// Lines past this many keep their text, measure and breaks but no glyphs: the layout sets
    /// this where no page of the issue could hold them, so they can only be overset, and the
    /// report needs no more than their text (see `layout::Ctx::most_drawn_lines`).
    pub drawn_lines: usize,
}

impl Setting {
    /// Justified and hyphenated body text.
    pub fn body() -> Setting {
        Setting {
            align: Align::Justify,
            hyphenate: true,
            indent: 0.0,
            // Tolerance 100 is badness at full stretch: with spaces stretching by half, no line the
            // first two passes admit has spaces over 1.5 times natural (a loose line in the report).
            // The last pass charges each loose line like a line of badness 3,000 besides its own
            // demerits, so it sets few of them before it makes them even: dearer charges cut more
            // loose lines by making the rest far looser (1e9: 4.9 %, sd 0.48 on the corpus).
            // No charge for tight lines (`tight_demerits`, spaces under 0.8 of natural once the
            // glyphs have shrunk 2 %). Measured at 1.5e6: the example's tight lines 8.9 -> 6.5 %, the
            // 16-page corpus issue's 7.2 -> 5.4 %, for 2.4 points more hyphens, three tenths of a
            // point more loose lines on the example, and four example paragraphs to cut. Left off
            // because the corpus's hyphenated line ends then pass their 25 % aim (27.2 %), and no
            // hyphen penalty brings them back without the example's tight lines passing 6.9 %
            // again; docs/typography.md has the sweep, and
            // `cargo run --release --example quality -- --sweep` sweeps it.
            params: Params { tolerance: 100.0, pretolerance: 100.0, loose_demerits: 1e7, ..Params::default() },
            // Twenty times TeX's 50. Narrow columns need hyphens, but most paragraphs here are set
            // by the emergency pass, whose loose-line costs dwarf a penalty of 50, so a low one buys
            // hyphens for nothing. At 1,000 (with the loose charge above, 1e7) the corpus comes to
            // 24.9 % hyphenated line ends from 27.6 % at 250 (3e6), loose lines 5.9 -> 5.7 %, sd
            // 0.389 -> 0.40; the example to 20.4 % from 23.1 %, loose 3.5 %, sd 0.239 -> 0.245
            // (docs/typography.md has the sweep).
            hyphen_penalty: 1000.0,
            explicit_hyphen_penalty: 50.0,
            weak_hyphen_penalty: 1100.0,
            space_stretch: 0.5,
            space_shrink: 0.3,
            expansion: 0.02,
            protrusion: true,
            letterspace: 0.03,
            drawn_lines: usize::MAX,
        }
    }

    /// Ragged display text (headlines, captions) with no hyphenation.
    pub fn ragged(align: Align) -> Setting {
        Setting { align, hyphenate: false, expansion: 0.0, protrusion: false, letterspace: 0.0, ..Setting::body() }
    }
}

/// A glyph placed on a line, in points from the line's left edge.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id.
    pub id: u16,
    /// Pen position.
    pub x: f64,
    /// Vertical offset, up.
    pub y: f64,
    /// The glyph's own advance (without justification).
    pub advance: f64,
    /// Where the characters it stands for start in its run's text; they run to the next glyph's
    /// `at` (see [`glyph_texts`]). An offset, not a string per glyph: a glyph is 32 bytes, and a
    /// 3 MB article sets three million of them before the flow knows which fit.
    pub at: u32,
}

/// Each glyph of a run with the characters it stands for (a ligature stands for several, the
/// second glyph of a cluster for none).
pub fn glyph_texts<'a>(text: &'a str, glyphs: &'a [PlacedGlyph]) -> impl Iterator<Item = (&'a PlacedGlyph, &'a str)> {
    glyphs.iter().enumerate().map(move |(i, g)| {
        let end = glyphs.get(i + 1).map_or(text.len(), |n| n.at as usize);
        (g, text.get(g.at as usize..end).unwrap_or(""))
    })
}

/// Consecutive glyphs in one font, size and colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Font.
    pub font: FontId,
    /// Size in points.
    pub size: f64,
    /// Ink.
    pub color: Cmyk,
    /// Glyphs.
    pub glyphs: Vec<PlacedGlyph>,
    /// The characters the glyphs stand for, in their order.
    pub text: String,
    /// Baseline shift, up, from the line's (a drop cap sits lower than the first line).
    pub rise: f64,
    /// For struck-through text, the line through it: centre above the baseline and thickness, in
    /// points, from the font's own metrics.
    pub strike: Option<(f64, f64)>,
}

impl Run {
    /// Adds a glyph standing for `text` at the run's end.
    pub fn push(&mut self, mut glyph: PlacedGlyph, text: &str) {
        glyph.at = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        self.glyphs.push(glyph);
    }
}

/// One set line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Glyph runs, positioned from the line's left edge.
    pub runs: Vec<Run>,
    /// The measure the line was set to.
    pub measure: f64,
    /// Width of the ink, after justification.
    pub width: f64,
    /// Ends inside a word on a hyphen or dash, added or typed (`Ceux-` / `ci`): the line ends the
    /// hyphen limit and the report count. A path broken after `/` is not hyphenated.
    pub hyphenated: bool,
    /// Word-space width ÷ natural space, for justified lines that are not a paragraph's last.
    pub space_ratio: Option<f64>,
    /// Last line of its paragraph.
    pub last: bool,
    /// The line's text (with a trailing `-` when hyphenated).
    pub text: String,
    /// Horizontal scale of its glyphs (glyph expansion; 1 = natural).
    pub hscale: f64,
    /// Letter-spacing added after each letter inside words, in points (0 almost always).
    pub track: f64,
    /// Ends inside a word that has no place to break within the measure, cut there by force
    /// (see `setter::cut_wide_frags`); the report names such words.
    pub forced: bool,
}

/// A piece of a word between two places it may break.
#[derive(Clone, Debug)]
pub(super) struct Frag {
    pub range: Range<usize>,
    pub width: f64,
    /// Width of the hyphen added when the line breaks after this fragment.
    pub hyphen_width: f64,
    /// Breaking after this fragment adds a hyphen (false: the word already has one there).
    pub hyphen: bool,
    /// The break after this fragment is a weak one (see `hyphenate::mute_breaks`).
    pub weak: bool,
    /// What a line ending after this fragment gains in width (see `measure_frags`).
    pub break_fix: f64,
    /// How far the line's last character hangs into the margin when the line breaks here.
    pub hang: f64,
    /// The break after this fragment was made by force: the word is wider than the measure.
    pub forced: bool,
}

/// A word as typed between spaces, with the faces of its characters and its fragments.
pub(super) struct Word {
    pub text: String,
    /// Stretches shaped as one, each in one face, capitals set as small capitals or not.
    pub segs: Vec<(Range<usize>, Look)>,
    /// Byte ranges of struck-through text.
    pub struck: Vec<Range<usize>>,
    /// Joined to the word before by a no-break space (U+00A0): the space between them justifies
    /// like any other but is not a break, as TeX's `~`.
    pub tied: bool,
    pub frags: Vec<Frag>,
}

/// How a stretch of a word is shaped: its face, and whether its capitals print as small capitals
/// (see `text::small_caps`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Look {
    pub face: Face,
    pub small_caps: bool,
}

/// Whether a line broken after `frag` ends in a hyphen or dash at the margin: an added hyphen or
/// one the word has. Only these stack into the ladders the hyphen limit is about; a path broken
/// after `/`, before `.` or between the humps of `CamelCase` shows nothing at the line's end.
pub(super) fn shows_hyphen(word: &Word, frag: &Frag) -> bool {
    frag.hyphen || word.text[frag.range.clone()].ends_with(['-', '\u{2010}', '–', '—'])
}

impl Word {
    pub(super) fn face_at(&self, byte: usize) -> Face {
        self.segs.iter().find(|(r, _)| r.contains(&byte)).map_or(Face::Regular, |(_, l)| l.face)
    }
}
