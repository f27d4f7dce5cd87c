//! Places the glyphs of one broken line: shapes its pieces of words, shares the leftover width of a
//! justified line between expansion, spaces and letter-spacing, and hangs edge characters outside.

use super::TextStyle;
use super::micro::{Fill, FillInput, fill, left_protrusion, right_protrusion};
use super::shape::Shaper;
use super::types::{Align, Line, PlacedGlyph, Run, Setting, Word, shows_hyphen};
use crate::fonts::FontId;
use std::ops::Range;

/// What placing a line needs besides its words.
pub struct LineCtx<'a> {
    pub words: &'a [Word],
    pub style: &'a TextStyle,
    pub space: f64,
    pub measure: f64,
    pub indent: f64,
    pub last: bool,
    pub setting: &'a Setting,
}

/// A stretch of one word on a line: the word, its byte range, whether a hyphen is added after it,
/// and whether the line ends inside the word on a hyphen or dash, added or typed.
struct Piece {
    word: usize,
    range: Range<usize>,
    hyphen: bool,
    shows_hyphen: bool,
}

fn pieces(words: &[Word], start: (usize, usize), end: (usize, usize)) -> Vec<Piece> {
    let mut out = Vec::new();
    let last_word = if end.1 > 0 { end.0 } else { end.0.saturating_sub(1) };
    let first = start.0;
    for (w, word) in words.iter().enumerate().take(last_word + 1).skip(first) {
        let f0 = if w == start.0 { start.1 } else { 0 };
        let f1 = if w == end.0 && end.1 > 0 { end.1 } else { word.frags.len() };
        if f0 >= f1 {
            continue;
        }
        let range = word.frags[f0].range.start..word.frags[f1 - 1].range.end;
        let split = f1 < word.frags.len();
        let hyphen = split && word.frags[f1 - 1].hyphen;
        let shows_hyphen = split && shows_hyphen(word, &word.frags[f1 - 1]);
        out.push(Piece { word: w, range, hyphen, shows_hyphen });
    }
    out
}

struct ShapedPiece {
    /// Each glyph with its font, whether it is struck through and the characters it stands for.
    glyphs: Vec<(FontId, PlacedGlyph, bool, String)>,
    advance: f64,
    first: Option<char>,
    last: Option<char>,
}

/// How far the line's first and last characters hang out, in points.
fn protrusions(shaped: &[ShapedPiece], ctx: &LineCtx) -> (f64, f64) {
    if ctx.setting.align != Align::Justify || !ctx.setting.protrusion {
        return (0.0, 0.0);
    }
    let adv = |g: Option<&(FontId, PlacedGlyph, bool, String)>| g.map_or(0.0, |g| g.1.advance);
    let left = match shaped.first() {
        Some(p) if ctx.indent == 0.0 => p.first.map_or(0.0, left_protrusion) * adv(p.glyphs.first()),
        _ => 0.0,
    };
    let right = match shaped.last() {
        Some(p) if !ctx.last => p.last.map_or(0.0, right_protrusion) * adv(p.glyphs.last()),
        _ => 0.0,
    };
    (left, right)
}

/// A line no page can hold (see `Setting::drawn_lines`): its text as [`place_line`] would give
/// it, at full measure, without shaping a glyph.
pub fn text_line(ctx: &LineCtx, start: (usize, usize), end: (usize, usize)) -> Line {
    let pieces = pieces(ctx.words, start, end);
    let mut text = String::new();
    for (i, p) in pieces.iter().enumerate() {
        let word = &ctx.words[p.word];
        if i > 0 {
            text.push(if word.tied { '\u{a0}' } else { ' ' });
        }
        text.push_str(&word.text[p.range.clone()]);
        if p.hyphen {
            text.push('-');
        }
    }
    Line {
        runs: Vec::new(),
        measure: ctx.measure,
        width: ctx.measure,
        hyphenated: pieces.last().is_some_and(|p| p.shows_hyphen),
        space_ratio: None,
        last: ctx.last,
        text,
        hscale: 1.0,
        track: 0.0,
        forced: end.1 > 0 && ctx.words.get(end.0).is_some_and(|w| w.frags[end.1 - 1].forced),
    }
}

/// Shapes the line's pieces for real and spreads the leftover width (see [`super::micro`]).
pub fn place_line(shaper: &mut Shaper, ctx: &LineCtx, start: (usize, usize), end: (usize, usize)) -> Line {
    let pieces = pieces(ctx.words, start, end);
    let shaped: Vec<ShapedPiece> = pieces.iter().map(|p| shape_piece(shaper, ctx, p)).collect();
    let gaps = pieces.len().saturating_sub(1) as f64;
    let glyphs: f64 = shaped.iter().map(|p| p.advance).sum();
    let natural = ctx.indent + glyphs + gaps * ctx.space;
    let (lp, rp) = protrusions(&shaped, ctx);
    let justify = ctx.setting.align == Align::Justify;
    let f = if justify { fill_line(ctx, &shaped, natural, glyphs, gaps, lp + rp) } else { Fill::natural() };
    let set_width = glyphs * f.hscale + f.track * letter_gaps(&shaped) + gaps * (ctx.space + f.space_adjust);
    let width = ctx.indent + set_width - lp - rp;
    let mut x = ctx.indent - lp
        + match ctx.setting.align {
            Align::Right => ctx.measure - width,
            Align::Center => (ctx.measure - width) / 2.0,
            _ => 0.0,
        };
    let mut runs: Vec<Run> = Vec::new();
    let mut text = String::new();
    let mut struck_before = false;
    for (i, piece) in shaped.into_iter().enumerate() {
        if i > 0 {
            let font = ctx.style.fonts.regular;
            let space = space_glyph(shaper, font, ctx.style, x, f.hscale);
            // A space is struck when the words on both sides are, so the line runs on unbroken.
            let struck = struck_before && piece.glyphs.first().is_some_and(|g| g.2);
            push_glyph(&mut runs, shaper, ctx.style, (font, space, struck), " ");
            text.push(if ctx.words[pieces[i].word].tied { '\u{a0}' } else { ' ' });
            x += ctx.space + f.space_adjust;
        }
        let n = piece.glyphs.len();
        struck_before = piece.glyphs.last().is_some_and(|g| g.2);
        for (k, (font, mut g, struck, chars)) in piece.glyphs.into_iter().enumerate() {
            g.x = x + g.x * f.hscale + f.track * k as f64;
            g.advance *= f.hscale;
            text.push_str(&chars);
            push_glyph(&mut runs, shaper, ctx.style, (font, g, struck), &chars);
        }
        x += piece.advance * f.hscale + f.track * n.saturating_sub(1) as f64;
    }
    // Lines are kept until the flow has placed them all (an overset article's too): no slack.
    for run in &mut runs {
        run.glyphs.shrink_to_fit();
        run.text.shrink_to_fit();
    }
    let hyphenated = pieces.last().is_some_and(|p| p.shows_hyphen);
    let justified = gaps > 0.0 && justify && !ctx.last;
    let space_ratio = justified.then(|| (ctx.space + f.space_adjust) / ctx.space);
    Line {
        runs,
        measure: ctx.measure,
        width,
        hyphenated,
        space_ratio,
        last: ctx.last,
        text,
        hscale: f.hscale,
        track: f.track,
        forced: end.1 > 0 && ctx.words.get(end.0).is_some_and(|w| w.frags[end.1 - 1].forced),
    }
}

fn letter_gaps(shaped: &[ShapedPiece]) -> f64 {
    shaped.iter().map(|p| p.glyphs.len().saturating_sub(1) as f64).sum()
}

fn fill_line(ctx: &LineCtx, shaped: &[ShapedPiece], natural: f64, glyphs: f64, gaps: f64, hang: f64) -> Fill {
    let mut slack = ctx.measure + hang - natural;
    if ctx.last {
        // The last line keeps natural spaces; it only shrinks when it must.
        slack = slack.min(0.0);
    }
    let s = ctx.setting;
    let input = FillInput {
        slack,
        glyphs,
        gaps,
        letter_gaps: letter_gaps(shaped),
        space: ctx.space,
        stretch: s.space_stretch,
        shrink: s.space_shrink,
        expansion: s.expansion,
        letterspace: s.letterspace,
    };
    fill(&input)
}

impl Fill {
    fn natural() -> Fill {
        Fill { hscale: 1.0, space_adjust: 0.0, track: 0.0 }
    }
}

/// Glyphs of one piece, x from the piece's start; tracking is added after every glyph.
fn shape_piece(shaper: &mut Shaper, ctx: &LineCtx, piece: &Piece) -> ShapedPiece {
    let word = &ctx.words[piece.word];
    let mut parts: Vec<(FontId, bool, String, bool)> = Vec::new();
    for (seg, look) in &word.segs {
        let (a, b) = (piece.range.start.max(seg.start), piece.range.end.min(seg.end));
        if a >= b {
            continue;
        }
        for (r, struck) in struck_parts(word, a..b) {
            parts.push((ctx.style.fonts.get(look.face), look.small_caps, word.text[r].to_string(), struck));
        }
    }
    if piece.hyphen {
        let (font, struck) = parts.last().map_or((ctx.style.fonts.regular, false), |p| (p.0, p.3));
        parts.push((font, false, "-".to_string(), struck));
    }
    let first = parts.first().and_then(|p| p.2.chars().next());
    let last = parts.last().and_then(|p| p.2.chars().last());
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    for (font, small_caps, text, struck) in parts {
        let shaped = shaper.shape_as(font, small_caps, &text);
        let f = shaper.book.get(font);
        for g in &shaped.glyphs {
            let advance = f.to_pt(g.advance, ctx.style.size);
            let placed = PlacedGlyph {
                id: g.id,
                x: x + f.to_pt(g.x_offset, ctx.style.size),
                y: f.to_pt(g.y_offset, ctx.style.size),
                advance,
                at: 0,
            };
            glyphs.push((font, placed, struck, g.text(&text).to_string()));
            x += advance + if g.len == 0 { 0.0 } else { ctx.style.tracking };
        }
    }
    ShapedPiece { glyphs, advance: x, first, last }
}

/// `range` cut where struck-through text starts or stops, each part with whether it is struck.
fn struck_parts(word: &Word, range: Range<usize>) -> Vec<(Range<usize>, bool)> {
    let mut cuts = vec![range.start, range.end];
    for r in &word.struck {
        cuts.extend([r.start, r.end].into_iter().filter(|c| range.contains(c)));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let struck = |at: usize| word.struck.iter().any(|r| r.contains(&at));
    cuts.windows(2).map(|w| (w[0]..w[1], struck(w[0]))).collect()
}

fn space_glyph(shaper: &mut Shaper, font: FontId, style: &TextStyle, x: f64, hscale: f64) -> PlacedGlyph {
    let shaped = shaper.shape(font, " ");
    let f = shaper.book.get(font);
    let (id, advance) = shaped.glyphs.first().map_or((0, 0.0), |g| (g.id, f.to_pt(g.advance, style.size)));
    PlacedGlyph { id, x, y: 0.0, advance: advance * hscale, at: 0 }
}

fn push_glyph(
    runs: &mut Vec<Run>,
    shaper: &Shaper,
    style: &TextStyle,
    (font, g, struck): (FontId, PlacedGlyph, bool),
    text: &str,
) {
    match runs.last_mut() {
        Some(r) if r.font == font && r.strike.is_some() == struck => r.push(g, text),
        _ => {
            let f = shaper.book.get(font);
            let strike = struck.then(|| (f.to_pt(f.strikeout.0, style.size), f.to_pt(f.strikeout.1, style.size)));
            let mut run = Run {
                font,
                size: style.size,
                color: style.color,
                glyphs: Vec::new(),
                text: String::new(),
                rise: 0.0,
                strike,
            };
            run.push(g, text);
            runs.push(run);
        }
    }
}
