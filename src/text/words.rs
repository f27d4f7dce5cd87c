//! A word measured: its hyphenation points, and the width of every fragment between them as the
//! word prints wherever a line breaks it (tails and heads shaped alone, a break's own correction,
//! the hyphen's width and how far the line's last character hangs into the margin).

use super::TextStyle;
use super::hyphenate::{BreakPoint, Hyphenator};
use super::micro::right_protrusion;
use super::shape::Shaper;
use super::types::{Frag, Look, Word};
use crate::fonts::FontId;
use std::ops::Range;

/// Hyphenation points of a word; a capital that only opens a sentence does not make a proper noun,
/// so such a word is hyphenated as if it were in lower case.
pub(super) fn breaks_of(hyph: &Hyphenator, text: &str, opens_sentence: bool) -> Vec<BreakPoint> {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if opens_sentence && first.is_uppercase() && chars.clone().all(|c| !c.is_uppercase()) => {
            let lower: String = first.to_lowercase().chain(chars).collect();
            if lower.len() == text.len() { hyph.breaks(&lower) } else { hyph.breaks(text) }
        }
        _ => hyph.breaks(text),
    }
}

/// One character of a word: the character, how it is shaped, and whether it is struck through.
pub(super) type Marked = (char, Look, bool);

pub(super) fn make_word(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    chars: &[Marked],
    style: &TextStyle,
    hyphenate: bool,
    opens_sentence: bool,
) -> Word {
    let mut text = String::new();
    let mut segs: Vec<(Range<usize>, Look)> = Vec::new();
    let mut struck: Vec<Range<usize>> = Vec::new();
    for &(c, look, strike) in chars {
        let start = text.len();
        text.push(c);
        match segs.last_mut() {
            Some((r, l)) if *l == look => r.end = text.len(),
            _ => segs.push((start..text.len(), look)),
        }
        match struck.last_mut() {
            Some(r) if strike && r.end == start => r.end = text.len(),
            _ if strike => struck.push(start..text.len()),
            _ => {}
        }
    }
    let points = if hyphenate { breaks_of(hyph, &text, opens_sentence) } else { Vec::new() };
    let mut frags = Vec::with_capacity(points.len() + 1);
    let mut from = 0;
    for p in points.iter().filter(|p| p.offset > 0 && p.offset < text.len()) {
        frags.push(Frag {
            range: from..p.offset,
            width: 0.0,
            hyphen_width: 0.0,
            hyphen: p.hyphen,
            weak: p.weak,
            break_fix: 0.0,
            hang: 0.0,
            forced: false,
        });
        from = p.offset;
    }
    frags.push(Frag {
        range: from..text.len(),
        width: 0.0,
        hyphen_width: 0.0,
        hyphen: false,
        weak: false,
        break_fix: 0.0,
        hang: 0.0,
        forced: false,
    });
    let mut word = Word { text, segs, struck, tied: false, frags };
    measure_frags(shaper, &mut word, style);
    for i in 0..word.frags.len() {
        if word.frags[i].hyphen {
            let face = word.face_at(word.frags[i].range.end - 1);
            word.frags[i].hyphen_width = hyphen_width(shaper, style.fonts.get(face), style);
        }
        word.frags[i].hang = frag_hang(shaper, &word, style, i);
    }
    word
}

/// How far the last character of a line ending after fragment `i` hangs into the right margin.
fn frag_hang(shaper: &mut Shaper, word: &Word, style: &TextStyle, i: usize) -> f64 {
    let frag = &word.frags[i];
    if frag.hyphen {
        return right_protrusion('-') * frag.hyphen_width;
    }
    let Some((at, c)) = word.text[frag.range.clone()].char_indices().last() else { return 0.0 };
    let fraction = right_protrusion(c);
    if fraction == 0.0 {
        return 0.0;
    }
    let start = frag.range.start + at;
    fraction * measure_range(shaper, word, style, start..start + c.len_utf8())
}

/// Width of a byte range of a word, from the shaping of each whole face segment, so kerning and
/// ligatures inside the word count as they will print.
fn measure_range(shaper: &mut Shaper, word: &Word, style: &TextStyle, range: Range<usize>) -> f64 {
    let mut width = 0.0;
    for (seg, look) in &word.segs {
        let (a, b) = (range.start.max(seg.start), range.end.min(seg.end));
        if a >= b {
            continue;
        }
        let font = style.fonts.get(look.face);
        let shaped = shaper.shape_as(font, look.small_caps, &word.text[seg.clone()]);
        let units = shaped.advance_of(a - seg.start..b - seg.start);
        width += shaper.book.get(font).to_pt(units, style.size);
        width += style.tracking * word.text[a..b].chars().count() as f64;
    }
    width
}

/// Fragment widths that add up exactly as the word prints wherever it breaks. A line that starts
/// inside a word shows the rest of it shaped on its own, so fragment widths are differences of
/// such suffixes: any tail of fragments sums to its printed width, the whole word included. A line
/// that ends inside a word shows the head shaped on its own, whose width can differ by a ligature
/// or kern across the break (the `ff` of `chauf-fent`); that difference goes into the break's own
/// width (`break_fix`), which counts only when the line ends there, like TeX's pre-break text.
fn measure_frags(shaper: &mut Shaper, word: &mut Word, style: &TextStyle) {
    if word.text.len() > LONG_WORD {
        return measure_frags_windowed(shaper, word, style);
    }
    let len = word.text.len();
    let n = word.frags.len();
    let mut suffix = vec![0.0; n + 1];
    for k in (0..n).rev() {
        suffix[k] = measure_alone(shaper, word, style, word.frags[k].range.start..len);
    }
    for k in 0..n {
        word.frags[k].width = suffix[k] - suffix[k + 1];
        if k + 1 < n {
            let head = measure_alone(shaper, word, style, 0..word.frags[k].range.end);
            word.frags[k].break_fix = head - (suffix[0] - suffix[k + 1]);
        }
    }
}

/// Cuts every fragment of `word` wider than `measure` into pieces that fit it, between
/// characters: a number of a hundred digits, a pasted hash or a URL with no seam would otherwise
/// run past the column's edge by its whole length (a 10,000-digit number ran 47,800 pt into the
/// next pages). The cuts show no hyphen and are marked, so the report names the word; the widths
/// are the characters' own, kerning across a cut being of no matter in such a word.
pub(super) fn cut_wide_frags(shaper: &mut Shaper, word: &mut Word, style: &TextStyle, measure: f64) {
    if !measure.is_finite() || word.frags.iter().all(|f| f.width <= measure) {
        return;
    }
    let mut frags = Vec::with_capacity(word.frags.len());
    for f in std::mem::take(&mut word.frags) {
        if f.width <= measure {
            frags.push(f);
            continue;
        }
        let (mut from, mut width) = (f.range.start, 0.0);
        for (i, c) in word.text[f.range.clone()].char_indices() {
            let at = f.range.start + i;
            let w = measure_alone(shaper, word, style, at..at + c.len_utf8());
            if width + w > measure && at > from {
                let (hyphen, weak, hyphen_width, break_fix, hang) = (false, false, 0.0, 0.0, 0.0);
                frags.push(Frag { range: from..at, width, forced: true, hyphen, weak, hyphen_width, break_fix, hang });
                (from, width) = (at, 0.0);
            }
            width += w;
        }
        frags.push(Frag { range: from..f.range.end, width, ..f });
    }
    word.frags = frags;
}

/// Words longer than this (in bytes) are measured in windows (`measure_frags_windowed`).
const LONG_WORD: usize = 96;
/// Characters of context on each side of a window: far more than any kern or ligature reaches.
const CONTEXT: usize = 12;

/// `measure_frags` for a long word (a URL, a pasted string, a line of digits): shaping every
/// suffix and head costs time and memory quadratic in its length (a 10,000-letter word took 33 s
/// and 2.4 GB). Kerning and ligatures reach a few characters only, so a fragment's width is its
/// difference of suffixes cut `CONTEXT` characters past its end, and a break's fix compares a
/// head of `CONTEXT` characters shaped alone with the same characters in context: the same
/// figures wherever shaping is local, in time linear in the word.
fn measure_frags_windowed(shaper: &mut Shaper, word: &mut Word, style: &TextStyle) {
    let text = word.text.as_str();
    let back = |i: usize| text[..i].char_indices().rev().nth(CONTEXT - 1).map_or(0, |(j, _)| j);
    let ahead = |i: usize| text[i..].char_indices().nth(CONTEXT).map_or(text.len(), |(j, _)| i + j);
    let windows: Vec<(Range<usize>, usize, usize)> =
        word.frags.iter().map(|f| (f.range.clone(), back(f.range.end), ahead(f.range.end))).collect();
    let n = windows.len();
    for (k, (r, from, tail)) in windows.into_iter().enumerate() {
        // The fragment's width as it prints with what follows it on the line.
        let next = measure_alone(shaper, word, style, r.end..tail);
        word.frags[k].width = measure_alone(shaper, word, style, r.start..tail) - next;
        if k + 1 < n {
            let head = measure_alone(shaper, word, style, from..r.end);
            let in_context = measure_alone(shaper, word, style, from..tail) - next;
            word.frags[k].break_fix = head - in_context;
        }
    }
}

/// Width of a byte range of a word shaped by itself, as it prints at the start or end of a line.
pub(super) fn measure_alone(shaper: &mut Shaper, word: &Word, style: &TextStyle, range: Range<usize>) -> f64 {
    let mut width = 0.0;
    for (seg, look) in &word.segs {
        let (a, b) = (range.start.max(seg.start), range.end.min(seg.end));
        if a < b {
            let font = style.fonts.get(look.face);
            let text = &word.text[seg.clone()];
            let units = piece_advance(shaper, (font, look.small_caps), text, a - seg.start..b - seg.start);
            width += shaper.book.get(font).to_pt(units, style.size);
            width += style.tracking * word.text[a..b].chars().count() as f64;
        }
    }
    width
}

/// The advance of `piece` of `text` shaped by itself, in font units.
///
/// Measuring a word's fragments shapes each of its tails and heads alone (`measure_frags`): 2n − 1
/// shapings of a word with n fragments, most of a cold build's setting time. Where the whole
/// text's shaping shows that it breaks cleanly at both ends of the piece (HarfBuzz's
/// `UNSAFE_TO_BREAK` is clear there: no kerning, ligature or other lookup reaches across), the
/// piece shaped alone has exactly the glyphs and advances of that stretch of the whole, so their
/// sum is taken from it: the same integers summed, the same width to the bit. Elsewhere (a kern
/// across a hyphenation point, the `ff` of `chauf-fent`) the piece is shaped by itself as before.
fn piece_advance(shaper: &mut Shaper, (font, small_caps): (FontId, bool), text: &str, piece: Range<usize>) -> f64 {
    if piece.start > 0 || piece.end < text.len() {
        let whole = shaper.shape_as(font, small_caps, text);
        let clean = |at: usize| at == 0 || at == text.len() || whole.breaks_cleanly_at(at);
        if clean(piece.start) && clean(piece.end) {
            return whole.advance_of(piece);
        }
    }
    shaper.shape_as(font, small_caps, &text[piece]).advance
}

fn hyphen_width(shaper: &mut Shaper, font: FontId, style: &TextStyle) -> f64 {
    let shaped = shaper.shape(font, "-");
    shaper.book.get(font).to_pt(shaped.advance, style.size) + style.tracking
}
