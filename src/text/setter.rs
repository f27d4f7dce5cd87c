//! Sets a paragraph: normalise, split into words, hyphenate, measure, break, then place glyphs per line.

use super::TextStyle;
use super::breaker::{self, INFINITY, Item, LineShape, Params};
use super::hyphenate::Hyphenator;
use super::memo;
use super::micro::right_protrusion;
use super::normalise::normalise_chars;
use super::place::{LineCtx, place_line, text_line};
use super::shape::Shaper;
use super::small_caps::small_caps;
use super::types::{Align, Line, Setting};
use super::types::{Frag, Look, Word, shows_hyphen};
use crate::fonts::FontId;
use crate::model::{Face, Span};
use std::ops::Range;

/// Where a line may end, in word/fragment terms.
#[derive(Clone, Copy)]
enum Cut {
    /// Between words: the next line starts at this word.
    Space(usize),
    /// Inside word `.0` after fragment `.1`.
    Hyphen(usize, usize),
    /// Not a place a line can end.
    None,
}

/// Sets `spans` into lines whose widths come from `shape`; a paragraph set before from the same
/// text, style, setting, fonts and hyphenation, at the same widths, is taken from the memo.
pub fn set_paragraph(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    shape: &dyn LineShape,
    setting: &Setting,
) -> Vec<Line> {
    if memo::budget() == 0 {
        return set_afresh(shaper, hyph, spans, style, shape, setting);
    }
    let key = memo::Key::new(shaper.book.id(), hyph.fingerprint(), spans, style, setting);
    if let Some(set) = memo::find(&key, shape) {
        for &(font, c) in &set.missing {
            shaper.note(font, c);
        }
        return set.lines.clone();
    }
    let recorder = memo::Recorder::new(shape);
    let outer = shaper.noted.replace(Vec::new());
    let lines = set_afresh(shaper, hyph, spans, style, &recorder, setting);
    let mut missing = std::mem::replace(&mut shaper.noted, outer).unwrap_or_default();
    missing.sort_unstable();
    missing.dedup();
    memo::keep(key, recorder.into_asked(), memo::Set { lines: lines.clone(), missing });
    lines
}

/// [`set_paragraph`] without the memo.
fn set_afresh(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    shape: &dyn LineShape,
    setting: &Setting,
) -> Vec<Line> {
    let Some(parts) = long_parts(spans) else { return set_part(shaper, hyph, spans, style, shape, setting) };
    let mut lines: Vec<Line> = Vec::new();
    for part in &parts {
        let done = lines.len();
        if let Some(seam) = lines.last_mut() {
            seam.last = false;
        }
        let shifted = Shifted { shape, by: done };
        let indent = if done == 0 { setting.indent } else { 0.0 };
        let part_setting = Setting { indent, drawn_lines: setting.drawn_lines.saturating_sub(done), ..setting.clone() };
        lines.extend(set_part(shaper, hyph, part, style, &shifted, &part_setting));
    }
    lines
}

/// Paragraphs are broken in parts of about this many bytes, each on its own. Knuth and Plass
/// break a paragraph whole, which keeps its words, items and break nodes in memory together: a
/// 3 MB paragraph took 710 MB. A part this long is some 1,800 lines of a newspaper column, more
/// than three pages of body text, so only a paragraph no page could hold is cut, at a space, and
/// the price is one ragged line where a part ends.
const PART: usize = 64 * 1024;

/// `spans` cut at spaces into parts of about [`PART`] bytes; None when it is shorter.
fn long_parts(spans: &[Span]) -> Option<Vec<Vec<Span>>> {
    if spans.iter().map(|s| s.text.len()).sum::<usize>() <= PART {
        return None;
    }
    let piece = |text: &str, span: &Span| Span { text: text.to_string(), face: span.face, struck: span.struck };
    let (mut parts, mut part, mut size) = (Vec::new(), Vec::new(), 0);
    for span in spans {
        let mut rest = span.text.as_str();
        while let Some(cut) = rest.char_indices().find(|&(i, c)| size + i >= PART && c == ' ').map(|(i, _)| i) {
            part.push(piece(&rest[..cut], span));
            parts.push(std::mem::take(&mut part));
            rest = &rest[cut + 1..];
            size = 0;
        }
        size += rest.len();
        part.push(piece(rest, span));
    }
    parts.push(part);
    Some(parts)
}

/// A line shape seen from line `by` on: a later part's first line is the paragraph's line `by`.
struct Shifted<'a> {
    shape: &'a dyn LineShape,
    by: usize,
}

impl LineShape for Shifted<'_> {
    fn width(&self, line: usize) -> f64 {
        self.shape.width(line + self.by)
    }

    fn hyphen_allowed(&self, line: usize) -> bool {
        self.shape.hyphen_allowed(line + self.by)
    }
}

/// Sets one part of a paragraph (see [`PART`]).
fn set_part(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    shape: &dyn LineShape,
    setting: &Setting,
) -> Vec<Line> {
    // The narrowest of the first lines: a word wider than that is cut to fit (see `cut_wide_frags`).
    let narrowest = (0..4).map(|i| shape.width(i)).filter(|w| *w > 0.0).fold(f64::INFINITY, f64::min);
    let Some(Prepared { words, space, setting, items, cuts }) = prepare(shaper, hyph, spans, style, setting, narrowest)
    else {
        return Vec::new();
    };
    let setting = &setting;
    let params = Params {
        expansion: setting.expansion,
        letterspace: setting.letterspace,
        tight_squeeze: tight_squeeze(setting),
        ..setting.params.clone()
    };

    let breaks = breaker::break_lines(&items, shape, &params);
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = (0, 0);
    for (i, b) in breaks.iter().enumerate() {
        let end = match cuts[b.position] {
            Cut::Space(w) => (w, 0),
            Cut::Hyphen(w, f) => (w, f + 1),
            Cut::None => (words.len(), 0),
        };
        let last = i + 1 == breaks.len();
        let indent = if i == 0 { setting.indent } else { 0.0 };
        let measure = shape.width(i);
        let ctx = LineCtx { words: &words, style, space, measure, indent, last, setting };
        lines.push(if i < setting.drawn_lines {
            place_line(shaper, &ctx, start, end)
        } else {
            text_line(&ctx, start, end)
        });
        start = end;
    }
    lines
}

/// A paragraph cut into words and items, ready to break.
struct Prepared {
    words: Vec<Word>,
    space: f64,
    setting: Setting,
    items: Vec<Item>,
    cuts: Vec<Cut>,
}

fn prepare(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    setting: &Setting,
    narrowest: f64,
) -> Option<Prepared> {
    let mut words = split_words(shaper, hyph, spans, style, setting.hyphenate);
    if words.is_empty() {
        return None;
    }
    // Justified text only: a headline is set smaller until its longest word fits (layout::headline),
    // and other display text is checked against its module on the page (layout::bounds).
    if setting.align == Align::Justify {
        for w in &mut words {
            cut_wide_frags(shaper, w, style, narrowest);
        }
    }
    let space = space_width(shaper, style);
    let setting = Setting { space_shrink: shrink_fraction(setting, space, style.size), ..setting.clone() };
    let (items, cuts) = build_items(&words, space, &setting);
    Some(Prepared { words, space, setting, items, cuts })
}

/// The breaker's items for a paragraph, exactly as [`set_paragraph`] breaks them: for bounds on
/// what any breaking of it could reach (`breaker::bound`).
pub fn paragraph_items(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    setting: &Setting,
) -> Vec<Item> {
    prepare(shaper, hyph, spans, style, setting, f64::INFINITY).map_or_else(Vec::new, |p| p.items)
}

fn space_width(shaper: &Shaper, style: &TextStyle) -> f64 {
    let f = shaper.book.get(style.fonts.regular);
    f.to_pt(f.space, style.size) + style.tracking
}

/// Normalises the paragraph, keeping each character's face, and cuts it into words at spaces.
fn split_words(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    hyphenate: bool,
) -> Vec<Word> {
    let mut chars: Vec<char> = Vec::new();
    let mut marks: Vec<(Face, bool)> = Vec::new();
    for s in spans {
        for c in s.text.chars() {
            let up: Vec<char> = if style.uppercase { c.to_uppercase().collect() } else { vec![c] };
            for u in up {
                chars.push(u);
                marks.push((s.face, s.struck));
            }
        }
    }
    let normal = normalise_chars(&chars);
    // In a style set in capitals a century's number stays in capitals, like the rest.
    let small = if style.uppercase { Vec::new() } else { small_caps(&normal.iter().map(|n| n.0).collect::<Vec<_>>()) };
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Vec<Marked> = Vec::new();
    // What separates the word being read from the one before: nothing yet, a breakable space, or
    // only no-break spaces.
    let mut gap: Option<bool> = None;
    let mut flush = |cur: &mut Vec<Marked>, words: &mut Vec<Word>, gap: &mut Option<bool>| {
        if !cur.is_empty() {
            let opens = words.last().is_none_or(|w| ends_sentence(&w.text));
            let mut word = make_word(shaper, hyph, cur, style, hyphenate, opens);
            cur.clear();
            word.tied = !words.is_empty() && *gap == Some(true);
            words.push(word);
            *gap = None;
        }
    };
    for (k, (c, src)) in normal.into_iter().enumerate() {
        if matches!(c, ' ' | '\n' | '\t' | '\r' | '\u{a0}') {
            flush(&mut cur, &mut words, &mut gap);
            gap = Some(c == '\u{a0}' && gap != Some(false));
        } else {
            let (face, struck) = marks[src.min(marks.len() - 1)];
            cur.push((c, Look { face, small_caps: small.get(k) == Some(&true) }, struck));
        }
    }
    flush(&mut cur, &mut words, &mut gap);
    words
}

/// Whether a word closes a sentence, so that the next one's capital is grammar, not a proper noun.
/// A colon does not: French goes on in small letters after it, so a capital there is a name
/// (« nos relecteurs : Daniel, Gerold… »), which the house rules do not hyphenate.
fn ends_sentence(word: &str) -> bool {
    let w = word.trim_end_matches(['»', '\u{202F}', '\u{00A0}', '"', ')', '’']);
    w.ends_with(['.', '!', '?', '…'])
}

/// Hyphenation points of a word; a capital that only opens a sentence does not make a proper noun,
/// so such a word is hyphenated as if it were in lower case.
fn breaks_of(hyph: &Hyphenator, text: &str, opens_sentence: bool) -> Vec<super::hyphenate::BreakPoint> {
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
type Marked = (char, Look, bool);

fn make_word(
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
fn cut_wide_frags(shaper: &mut Shaper, word: &mut Word, style: &TextStyle, measure: f64) {
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
fn measure_alone(shaper: &mut Shaper, word: &Word, style: &TextStyle, range: Range<usize>) -> f64 {
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

/// Narrowest word space, in ems. TeX's own is 0.22 em; a font with a narrow space (Source Sans: 0.2 em)
/// shrunk by the usual third comes out at 0.14 em, where words visibly run together — and where
/// text extractors (pdftotext, copy and paste) stop seeing a space at all.
pub const MIN_SPACE_EM: f64 = 0.16;

/// How much of the space may shrink: the setting's fraction, or less when that would take the space
/// under [`MIN_SPACE_EM`].
pub fn shrink_fraction(setting: &Setting, space: f64, size: f64) -> f64 {
    if space <= 0.0 {
        return 0.0;
    }
    setting.space_shrink.min(1.0 - MIN_SPACE_EM * size / space).max(0.0)
}

/// The Knuth–Plass item list, with the word/fragment cut each breakable item stands for.
fn build_items(words: &[Word], space: f64, setting: &Setting) -> (Vec<Item>, Vec<Cut>) {
    let ragged = setting.align != Align::Justify;
    let (stretch, shrink) =
        if ragged { (space * 6.0, 0.0) } else { (space * setting.space_stretch, space * setting.space_shrink) };
    let mut items = Vec::with_capacity(words.len() * 4);
    let mut cuts = Vec::with_capacity(words.len() * 4);
    if setting.indent > 0.0 {
        // Glue that neither stretches nor shrinks, not a box: glyph expansion and letter-spacing
        // lend every box stretch, and an indent has no letters to give it.
        items.push(Item::Glue { width: setting.indent, stretch: 0.0, shrink: 0.0 });
        cuts.push(Cut::None);
    }
    let hang = |frag: &Frag| if setting.protrusion && !ragged { frag.hang } else { 0.0 };
    for (w, word) in words.iter().enumerate() {
        if w > 0 && word.tied {
            // Plain TeX's `~`: glue behind an infinite penalty, so it is no break (§868). Ragged
            // text's glue stretch stands for the rag at a line's end, which a space that cannot
            // end a line does not add to.
            let stretch = if ragged { 0.0 } else { stretch };
            items.extend([
                Item::Penalty { width: 0.0, penalty: INFINITY, flagged: false },
                Item::Glue { width: space, stretch, shrink },
            ]);
            cuts.extend([Cut::None, Cut::None]);
        } else if w > 0 {
            // A line ending after a word whose last character hangs out may hold that much more:
            // the break moves to a penalty of negative width, and the glue after it, no longer
            // preceded by a box, is not a break of its own (§868).
            let h = word_hang(&words[w - 1], &hang);
            if h > 0.0 {
                items.push(Item::Penalty { width: -h, penalty: 0.0, flagged: false });
                cuts.push(Cut::Space(w));
            }
            items.push(Item::Glue { width: space, stretch, shrink });
            cuts.push(Cut::Space(w));
        }
        for (f, frag) in word.frags.iter().enumerate() {
            items.push(Item::Box { width: frag.width });
            cuts.push(Cut::None);
            if f + 1 < word.frags.len() {
                let penalty = match (frag.hyphen, frag.weak) {
                    (true, true) => setting.weak_hyphen_penalty,
                    (true, false) => setting.hyphen_penalty,
                    (false, _) => setting.explicit_hyphen_penalty,
                };
                items.push(Item::Penalty {
                    width: frag.hyphen_width + frag.break_fix - hang(frag),
                    penalty,
                    flagged: shows_hyphen(word, frag),
                });
                cuts.push(Cut::Hyphen(w, f));
            }
        }
    }
    items.push(Item::Glue { width: 0.0, stretch: 1e6, shrink: 0.0 });
    cuts.push(Cut::None);
    items.push(Item::Penalty { width: 0.0, penalty: -INFINITY, flagged: false });
    cuts.push(Cut::None);
    (items, cuts)
}

/// The share of the spaces' shrink past which the report calls a line tight (spaces under
/// `quality::TIGHT` of natural): 2/3 of the body's shrink of 0.3.
fn tight_squeeze(setting: &Setting) -> f64 {
    if setting.space_shrink > 0.0 { (1.0 - super::quality::TIGHT) / setting.space_shrink } else { f64::INFINITY }
}

fn word_hang(word: &Word, hang: &dyn Fn(&Frag) -> f64) -> f64 {
    word.frags.last().map_or(0.0, hang)
}

#[cfg(test)]
#[path = "setter_tests.rs"]
mod tests;
