//! Micro-typography: how far characters hang into the margins (optical margin alignment) and how a
//! justified line shares its leftover width between glyph expansion, word spaces and letter-spacing.
//!
//! **Protrusion.** A column edge looks straight to the eye when light characters (hyphens, commas,
//! full stops, guillemets) hang partly outside it, as pdfTeX's `\rpcode`/`\lpcode` do; the fractions
//! below are those of microtype's default set for the characters French text ends lines with.
//!
//! **Expansion** (pdfTeX's "hz", Hàn Thế Thành's thesis §3). Glyphs may be widened or narrowed by a
//! few per cent, drawn in the PDF with a horizontal scale (`Tz`). pdfTeX shares one adjustment
//! ratio between glyphs and spaces; here the glyphs take the slack first, up to their limit, and
//! the spaces only what is left. Two per cent on the letters is below what a reader sees, while the
//! eye measures word spaces against each other, so spending the letters first keeps most lines'
//! spaces at their natural width (docs/typography.md has the figures).
//!
//! **Letter-spacing** is the last resort: only a line whose spaces would pass their full stretch
//! (or still overflow at full shrink) is letter-spaced, within a few per cent of the letters'
//! width; on such a line the letters take their room before the spaces take the rest.

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

/// Shares the slack of a justified line: glyph expansion first, up to its limit; then the spaces,
/// up to their own limit. Only a line whose spaces would pass that limit is letter-spaced (the last
/// resort), and on such a line the letters take what they can (±3 % of their width) before the
/// spaces take the rest: the line needs letter-spacing anyway, and a letter-spaced line whose
/// spaces stay near natural matches its neighbours, where spaces at 1.3–1.5 times natural beside
/// lines at 1.0 are what the eye sees as a loose line. Sharing the excess with the spaces in
/// proportion to their room, as before, left the example's space ratios at sd 0.255; letters
/// first, with the same breaks and the same letter-spaced lines, gives 0.234 (docs/typography.md).
/// Past both limits the spaces take the rest (stretch may pass its limit, shrink may not).
pub fn fill(i: &FillInput) -> Fill {
    let space_room = i.gaps * i.space * if i.slack >= 0.0 { i.stretch } else { i.shrink };
    let glyph_room = i.glyphs * i.expansion;
    let ratio = if glyph_room > 0.0 { i.slack / glyph_room } else { 0.0 };
    let hscale = 1.0 + ratio.clamp(-1.0, 1.0) * i.expansion;
    let mut rest = i.slack - (hscale - 1.0) * i.glyphs;
    let mut track = 0.0;
    // Beyond their full stretch (or shrink) spaces hand the excess to letter-spacing, within limits.
    let over = if rest >= 0.0 { rest - space_room } else { rest + space_room };
    let excess_side = (rest >= 0.0 && over > 0.0) || (rest < 0.0 && over < 0.0) || i.gaps == 0.0;
    if excess_side && i.letter_gaps > 0.0 && i.letterspace > 0.0 {
        let cap = i.glyphs * i.letterspace;
        let spent = rest.clamp(-cap, cap);
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
    fn glyphs_take_the_slack_before_spaces() {
        let i = input(2.0);
        let f = fill(&i);
        assert!((f.hscale - (1.0 + 2.0 / 120.0)).abs() < 1e-9);
        assert!(f.space_adjust.abs() < 1e-9 && f.track == 0.0);
        let i = input(4.0);
        let f = fill(&i);
        assert!((f.hscale - 1.02).abs() < 1e-9);
        assert!((f.space_adjust - 1.6 / 5.0).abs() < 1e-9);
        assert!((width(&i, &f) - 4.0).abs() < 1e-9);
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
    fn letter_spaced_lines_give_the_letters_their_room_first() {
        // 2.4 pt to glyphs, 6 pt of room in the spaces and 3.6 pt in the letters: 8 pt to spend,
        // 3.6 between letters and 4.4 in the spaces.
        let i = input(10.4);
        let f = fill(&i);
        let letters = f.track * i.letter_gaps;
        assert!((letters - 3.6).abs() < 1e-9, "letters took {letters}");
        assert!((f.space_adjust - 4.4 / 5.0).abs() < 1e-9, "spaces took {}", f.space_adjust);
        assert!((width(&i, &f) - 10.4).abs() < 1e-9);
        // Within the spaces' room the letters are left alone.
        assert_eq!(fill(&input(8.0)).track, 0.0);
        // Tight lines the same way: letters first, spaces short of their limit.
        let f = fill(&input(-7.0));
        assert!((f.track * i.letter_gaps + 3.6).abs() < 1e-9);
        assert!(f.space_adjust > -i.space * i.shrink);
    }

    #[test]
    fn spaces_never_shrink_past_their_limit() {
        let f = fill(&FillInput { letterspace: 0.0, ..input(-30.0) });
        assert!((f.hscale - 0.98).abs() < 1e-9);
        assert!((f.space_adjust + 0.6).abs() < 1e-9);
    }
}
