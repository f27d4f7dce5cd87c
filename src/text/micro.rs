//! Micro-typography: how far characters hang into the margins (optical margin alignment) and how a
//! justified line shares its leftover width between glyph expansion, word spaces and letter-spacing.
//!
//! **Protrusion.** A column edge looks straight to the eye when light characters (hyphens, commas,
//! full stops, guillemets) hang partly outside it, as pdfTeX's `\rpcode`/`\lpcode` do; the fractions
//! below are those of microtype's default set for the characters French text ends lines with.
//!
//! **Expansion** (pdfTeX's "hz", Hàn Thế Thành's thesis §3). Glyphs may be widened or narrowed by a
//! few per cent; the breaker counts that as extra stretch and shrink of every box, so a line that
//! would be loose can take up part of its slack in the letters. Placement then uses the same
//! adjustment ratio for glyphs and spaces, as TeX does for all the stretch of a line, and the PDF
//! draws the glyphs with a horizontal scale (`Tz`).
//!
//! **Letter-spacing** is the last resort: only a line whose spaces would pass their full stretch
//! (or still overflow at full shrink) gets the excess spread between its letters, within a few per
//! cent of the letters' width.

/// Fraction of a character's advance that hangs into the right margin at a line's end.
pub fn right_protrusion(c: char) -> f64 {
    match c {
        '-' | '\u{2010}' | '.' | ',' => 0.7,
        '»' | '\u{203A}' => 0.5,
        '–' | ';' | ':' => 0.5,
        '’' | '\'' | '"' | '”' => 0.7,
        '!' | '?' => 0.2,
        ')' => 0.1,
        '—' => 0.2,
        _ => 0.0,
    }
}

/// Fraction of a character's advance that hangs into the left margin at a line's start.
pub fn left_protrusion(c: char) -> f64 {
    match c {
        '«' | '\u{2039}' => 0.5,
        '“' | '‘' | '"' | '\'' => 0.7,
        '—' | '–' => 0.2,
        '(' => 0.1,
        _ => 0.0,
    }
}

/// How one justified line is stretched or shrunk to its measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fill {
    /// Horizontal scale of the glyphs (1 = natural).
    pub hscale: f64,
    /// Added to each word space, in points.
    pub space_adjust: f64,
    /// Added after each letter inside a word, in points.
    pub track: f64,
}

/// What [`fill`] needs to know about a line.
#[derive(Clone, Copy, Debug)]
pub struct FillInput {
    /// Measure minus natural width (> 0: the line must grow).
    pub slack: f64,
    /// Total advance of the glyphs.
    pub glyphs: f64,
    /// Number of word spaces.
    pub gaps: f64,
    /// Gaps between letters inside words, for letter-spacing.
    pub letter_gaps: f64,
    /// The natural word space.
    pub space: f64,
    /// Space stretch and shrink, as fractions of the space.
    pub stretch: f64,
    /// See `stretch`.
    pub shrink: f64,
    /// Most glyph expansion, as a fraction (0.02 = ±2 %).
    pub expansion: f64,
    /// Most letter-spacing, as a fraction of the glyphs' width.
    pub letterspace: f64,
}

/// Shares the slack of a justified line: one ratio for spaces and glyph expansion (the breaker's),
/// glyphs capped at their expansion limit, spaces taking the rest up to their own limit (stretch
/// may pass it, shrink may not), and letter-spacing only for what spaces could not take.
pub fn fill(i: &FillInput) -> Fill {
    let (space_room, glyph_room) = if i.slack >= 0.0 {
        (i.gaps * i.space * i.stretch, i.glyphs * i.expansion)
    } else {
        (i.gaps * i.space * i.shrink, i.glyphs * i.expansion)
    };
    let room = space_room + glyph_room;
    let ratio = if room > 0.0 { i.slack / room } else { 0.0 };
    let hscale = 1.0 + ratio.clamp(-1.0, 1.0) * i.expansion;
    let mut rest = i.slack - (hscale - 1.0) * i.glyphs;
    let mut track = 0.0;
    // Beyond their full stretch (or shrink) spaces hand the excess to letter-spacing, within limits.
    let over = if rest >= 0.0 { rest - space_room } else { rest + space_room };
    let excess_side = (rest >= 0.0 && over > 0.0) || (rest < 0.0 && over < 0.0) || i.gaps == 0.0;
    if excess_side && i.letter_gaps > 0.0 && i.letterspace > 0.0 {
        let cap = i.glyphs * i.letterspace;
        let spent = over.clamp(-cap, cap);
        track = spent / i.letter_gaps;
        rest -= spent;
    }
    let mut space_adjust = if i.gaps > 0.0 { rest / i.gaps } else { 0.0 };
    // Spaces never shrink past their limit: a line that still does not fit overhangs its measure.
    space_adjust = space_adjust.max(-i.space * i.shrink);
    Fill { hscale, space_adjust, track }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(slack: f64) -> FillInput {
        FillInput {
            slack,
            glyphs: 120.0,
            gaps: 5.0,
            letter_gaps: 25.0,
            space: 2.0,
            stretch: 0.6,
            shrink: 0.3,
            expansion: 0.02,
            letterspace: 0.03,
        }
    }

    fn width(i: &FillInput, f: &Fill) -> f64 {
        (f.hscale - 1.0) * i.glyphs + f.space_adjust * i.gaps + f.track * i.letter_gaps
    }

    #[test]
    fn glyphs_and_spaces_share_one_ratio() {
        let i = input(3.0);
        let f = fill(&i);
        let r = (f.hscale - 1.0) / 0.02;
        assert!((r - f.space_adjust / (2.0 * 0.6)).abs() < 1e-9);
        assert!((width(&i, &f) - 3.0).abs() < 1e-9);
        assert_eq!(f.track, 0.0);
    }

    #[test]
    fn letter_spacing_only_past_full_stretch_and_capped() {
        let i = input(20.0);
        let f = fill(&i);
        assert!((f.hscale - 1.02).abs() < 1e-9);
        assert!(f.track > 0.0 && f.track * 25.0 <= 120.0 * 0.03 + 1e-9);
        assert!((width(&i, &f) - 20.0).abs() < 1e-9);
    }

    #[test]
    fn spaces_never_shrink_past_their_limit() {
        let f = fill(&FillInput { letterspace: 0.0, ..input(-30.0) });
        assert!((f.hscale - 0.98).abs() < 1e-9);
        assert!((f.space_adjust + 0.6).abs() < 1e-9);
    }
}
