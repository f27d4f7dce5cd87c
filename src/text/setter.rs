//! Sets a paragraph: normalise, split into words, hyphenate, measure, break, then place glyphs per line.

use super::TextStyle;
use super::breaker::{self, INFINITY, Item, LineShape, Params};
use super::hyphenate::Hyphenator;
use super::micro::right_protrusion;
use super::normalise::normalise_chars;
use super::place::{LineCtx, place_line};
use super::shape::Shaper;
use super::small_caps::small_caps;
use crate::fonts::FontId;
use crate::model::{Cmyk, Face, Span};
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
#[derive(Clone, Debug)]
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
    /// Characters it stands for.
    pub text: String,
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
    /// Baseline shift, up, from the line's (a drop cap sits lower than the first line).
    pub rise: f64,
    /// For struck-through text, the line through it: centre above the baseline and thickness, in
    /// points, from the font's own metrics.
    pub strike: Option<(f64, f64)>,
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
}

/// A piece of a word between two places it may break.
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

/// Sets `spans` into lines whose widths come from `shape`.
pub fn set_paragraph(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    spans: &[Span],
    style: &TextStyle,
    shape: &dyn LineShape,
    setting: &Setting,
) -> Vec<Line> {
    let Some(Prepared { words, space, setting, items, cuts }) = prepare(shaper, hyph, spans, style, setting) else {
        return Vec::new();
    };
    let setting = &setting;
    let params = Params { expansion: setting.expansion, letterspace: setting.letterspace, ..setting.params.clone() };
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
        lines.push(place_line(shaper, &ctx, start, end));
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
) -> Option<Prepared> {
    let words = split_words(shaper, hyph, spans, style, setting.hyphenate);
    if words.is_empty() {
        return None;
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
    prepare(shaper, hyph, spans, style, setting).map_or_else(Vec::new, |p| p.items)
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
    let mut cur: Vec<(char, Mark)> = Vec::new();
    // What separates the word being read from the one before: nothing yet, a breakable space, or
    // only no-break spaces.
    let mut gap: Option<bool> = None;
    let mut flush = |cur: &mut Vec<(char, Mark)>, words: &mut Vec<Word>, gap: &mut Option<bool>| {
        if !cur.is_empty() {
            let opens = words.last().is_none_or(|w| ends_sentence(&w.text));
            let mut word = make_word(shaper, hyph, &std::mem::take(cur), style, hyphenate, opens);
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
            cur.push((c, Mark { look: Look { face, small_caps: small.get(k) == Some(&true) }, struck }));
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

/// How a character is shaped, and whether it is struck through.
#[derive(Clone, Copy)]
struct Mark {
    look: Look,
    struck: bool,
}

fn make_word(
    shaper: &mut Shaper,
    hyph: &Hyphenator,
    chars: &[(char, Mark)],
    style: &TextStyle,
    hyphenate: bool,
    opens_sentence: bool,
) -> Word {
    let mut text = String::new();
    let mut segs: Vec<(Range<usize>, Look)> = Vec::new();
    let mut struck: Vec<Range<usize>> = Vec::new();
    for &(c, Mark { look, struck: strike }) in chars {
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

/// Width of a byte range of a word shaped by itself, as it prints at the start or end of a line.
fn measure_alone(shaper: &mut Shaper, word: &Word, style: &TextStyle, range: Range<usize>) -> f64 {
    let mut width = 0.0;
    for (seg, look) in &word.segs {
        let (a, b) = (range.start.max(seg.start), range.end.min(seg.end));
        if a < b {
            let font = style.fonts.get(look.face);
            let units = shaper.shape_as(font, look.small_caps, &word.text[a..b]).advance;
            width += shaper.book.get(font).to_pt(units, style.size);
            width += style.tracking * word.text[a..b].chars().count() as f64;
        }
    }
    width
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

/// Whether a line broken after `frag` ends in a hyphen or dash at the margin: an added hyphen or
/// one the word has. Only these stack into the ladders the hyphen limit is about; a path broken
/// after `/`, before `.` or between the humps of `CamelCase` shows nothing at the line's end.
pub(super) fn shows_hyphen(word: &Word, frag: &Frag) -> bool {
    frag.hyphen || word.text[frag.range.clone()].ends_with(['-', '\u{2010}', '–', '—'])
}

fn word_hang(word: &Word, hang: &dyn Fn(&Frag) -> f64) -> f64 {
    word.frags.last().map_or(0.0, hang)
}

impl Word {
    fn face_at(&self, byte: usize) -> Face {
        self.segs.iter().find(|(r, _)| r.contains(&byte)).map_or(Face::Regular, |(_, l)| l.face)
    }
}

#[cfg(test)]
#[path = "setter_tests.rs"]
mod tests;
