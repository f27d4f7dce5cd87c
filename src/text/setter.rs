//! Sets a paragraph: normalise, split into words, hyphenate, measure, break, then place glyphs per line.

use super::TextStyle;
use super::breaker::{self, INFINITY, Item, LineShape, Params};
use super::hyphenate::Hyphenator;
use super::memo;
use super::normalise::normalise_chars;
use super::place::{LineCtx, place_line, text_line};
use super::shape::Shaper;
use super::small_caps::small_caps;
use super::types::{Align, Line, Setting};
use super::types::{Frag, Look, Word, shows_hyphen};
use super::words::{Marked, cut_wide_frags, make_word};
use crate::model::{Face, Span};

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
