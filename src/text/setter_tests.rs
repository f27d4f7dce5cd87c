//! Tests of paragraph setting: justification, line-end hyphens, no-break spaces, whole words.

use super::*;
use crate::fonts::FontBook;
use crate::model::Cmyk;
use crate::text::FontSet;
use crate::text::hyphenate::Rules;
use crate::text::words::breaks_of;
use crate::text::{PlacedGlyph, glyph_texts};
use std::ops::Range;

fn style(book: &mut FontBook) -> TextStyle {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let regular = book.load(&dir.join("SourceSerif4SmText-Regular.ttf")).unwrap();
    let italic = book.load(&dir.join("SourceSerif4SmText-It.ttf")).unwrap();
    let fonts = FontSet { regular, italic, bold: regular, bold_italic: italic };
    TextStyle { fonts, size: 9.0, leading: 10.8, tracking: 0.0, color: Cmyk::BLACK, uppercase: false }
}

const TEXT: &str = "Manifestement, les travailleurs de l'entreprise se sont réunis ce matin : ils demandent \
    une augmentation de 5 % et le respect des conventions collectives. \"Nous ne lâcherons rien !\" \
    disent-ils, avant de rejoindre la manifestation interprofessionnelle prévue à Bruxelles.";

fn set(text: &str, measure: f64) -> Vec<Line> {
    set_with(text, measure, &Setting::body())
}

fn set_with(text: &str, measure: f64, setting: &Setting) -> Vec<Line> {
    let mut book = FontBook::new();
    let st = style(&mut book);
    let mut shaper = Shaper::new(&book);
    let hyph = Hyphenator::new(Rules::default());
    let shape = move |_: usize| measure;
    set_paragraph(&mut shaper, &hyph, &[Span::plain(text)], &st, &shape, setting)
}

/// The words of the lines, and of `text` once normalised, without hyphens: a line ending in
/// `disent-` is hyphenated whether the hyphen was added or typed.
fn words_of(lines: &[Line], text: &str) -> (Vec<String>, Vec<String>) {
    let mut joined = String::new();
    for l in lines {
        joined.push_str(&l.text);
        if !l.hyphenated {
            joined.push(' ');
        }
    }
    let expected = crate::text::normalise::normalise(text);
    let words = |s: &str| s.replace('-', "").split_whitespace().map(str::to_string).collect::<Vec<_>>();
    (words(&joined), words(&expected))
}

#[test]
fn justified_lines_fill_the_measure_exactly() {
    let lines = set(TEXT, 136.0);
    assert!(lines.len() > 4);
    for l in &lines[..lines.len() - 1] {
        assert!((l.width - 136.0).abs() < 0.01, "{:?} is {} wide", l.text, l.width);
    }
    assert!(lines.last().unwrap().width <= 136.0 + 0.01);
}

#[test]
fn no_word_is_lost_or_doubled() {
    let (set, typed) = words_of(&set(TEXT, 120.0), TEXT);
    assert_eq!(set, typed);
}

#[test]
fn lines_past_the_drawn_ones_keep_their_text_and_no_glyphs() {
    let text = TEXT.repeat(3);
    let all = set(&text, 120.0);
    let few = set_with(&text, 120.0, &Setting { drawn_lines: 3, ..Setting::body() });
    let texts = |lines: &[Line]| lines.iter().map(|l| (l.text.clone(), l.hyphenated, l.last)).collect::<Vec<_>>();
    assert!(all.len() > 6);
    assert_eq!(texts(&all), texts(&few));
    assert!(few[..3].iter().all(|l| !l.runs.is_empty()), "the first three lines are drawn");
    assert!(few[3..].iter().all(|l| l.runs.is_empty()), "later lines are text only");
}

#[test]
fn a_paragraph_longer_than_a_part_keeps_every_word_and_is_ragged_only_at_its_seams() {
    let text = format!("{TEXT} ").repeat(PART / TEXT.len() + 20);
    let lines = set(&text, 136.0);
    let (set, typed) = words_of(&lines, &text);
    let first_difference = set.iter().zip(&typed).position(|(a, b)| a != b);
    assert_eq!((set.len(), first_difference), (typed.len(), None));
    let seams = text.len() / PART;
    assert!(seams >= 1);
    let ragged = lines[..lines.len() - 1].iter().filter(|l| (l.width - 136.0).abs() > 0.01).count();
    assert!(ragged <= seams, "{ragged} ragged lines inside the paragraph, {seams} seams");
    assert_eq!(lines.iter().filter(|l| l.last).count(), 1, "one last line, at the paragraph's end");
}

/// The space between each two words of a line: from the end of one word's last glyph to the
/// start of the next one's first.
fn gaps(line: &Line) -> Vec<f64> {
    let glyphs: Vec<(&PlacedGlyph, &str)> = line.runs.iter().flat_map(|r| glyph_texts(&r.text, &r.glyphs)).collect();
    let spaces = (1..glyphs.len().saturating_sub(1)).filter(|&i| glyphs[i].1 == " ");
    let glyphs: Vec<&PlacedGlyph> = glyphs.iter().map(|g| g.0).collect();
    spaces.map(|i| glyphs[i + 1].x - (glyphs[i - 1].x + glyphs[i - 1].advance)).collect()
}

#[test]
fn a_no_break_space_justifies_like_a_word_space_and_never_ends_a_line() {
    let para = "Rendez-vous le 5 mai, à midi : départ du cortège, 40 km à pied, puis le 12 mai \
        à Liège : meeting final, entrée 3 €, contre la réforme des pensions et le recul de 2 % \
        des salaires réels.";
    let mut tied_seen = 0;
    for measure in (100..=150).step_by(5) {
        let lines = set(para, f64::from(measure));
        for l in &lines {
            assert!(!l.text.ends_with(|c: char| c.is_ascii_digit()), "a line ends before its unit: {:?}", l.text);
            assert!(!l.text.starts_with([':', '%', '€']), "a line starts with {:?}", l.text);
        }
        for l in lines.iter().filter(|l| !l.last) {
            let tied: Vec<bool> =
                l.text.chars().filter(|c| [' ', '\u{a0}'].contains(c)).map(|c| c == '\u{a0}').collect();
            let widths = gaps(l);
            assert_eq!(widths.len(), tied.len(), "a no-break space is not a gap between words: {:?}", l.text);
            let Some(word) = widths.iter().zip(&tied).find(|(_, t)| !**t).map(|(w, _)| *w) else { continue };
            for (w, _) in widths.iter().zip(&tied).filter(|(_, t)| **t) {
                tied_seen += 1;
                // The same glue as a word space; kerning aside, within a tenth of a point.
                assert!((w - word).abs() < 0.1, "{:?}: a no-break space of {w} pt, a word space of {word}", l.text);
            }
        }
    }
    assert!(tied_seen > 10, "too few justified lines with a no-break space: {tied_seen}");
}

#[test]
fn a_line_ending_on_a_hyphen_is_hyphenated_and_one_ending_on_a_slash_is_not() {
    let para = "Le fichier /etc/apache2/sites-enabled/000-default.conf active le site, \
        comme le disent-ils eux-mêmes, sans redémarrer le serveur.";
    let mut seen = (false, false);
    for measure in (80..=140).step_by(4) {
        for l in set(para, f64::from(measure)).iter().filter(|l| !l.last) {
            let slash = l.text.ends_with('/');
            let dash = l.text.ends_with('-');
            assert_eq!(l.hyphenated, dash, "{:?} at {measure}", l.text);
            seen = (seen.0 | slash, seen.1 | dash);
        }
    }
    assert_eq!(seen, (true, true), "no line ended on a slash and another on a hyphen");
}

#[test]
fn a_sentence_initial_capital_does_not_block_hyphenation() {
    let hyph = Hyphenator::new(Rules::default());
    assert!(!breaks_of(&hyph, "Manifestement", true).is_empty());
    assert!(breaks_of(&hyph, "Manifestement", false).is_empty());
    assert!(ends_sentence("fin.") && ends_sentence("?»") && ends_sentence("Non !"));
    // After a colon a capital is a name.
    assert!(!ends_sentence(":") && !ends_sentence("précieuse :"));
}

/// Glyph ids and advances of the letters `X` and `I` on a line, in order.
fn roman_glyphs(line: &Line) -> Vec<(u16, f64)> {
    line.runs
        .iter()
        .flat_map(|r| glyph_texts(&r.text, &r.glyphs))
        .filter(|(_, text)| *text == "X" || *text == "I")
        .map(|(g, _)| (g.id, g.advance))
        .collect()
}

#[test]
fn a_centurys_number_prints_in_small_capitals_and_a_sovereigns_does_not() {
    let century = set("Au XIXe siècle.", 300.0);
    let king = set("Louis XIX régnait.", 300.0);
    let (small, full) = (roman_glyphs(&century[0]), roman_glyphs(&king[0]));
    assert_eq!((small.len(), full.len()), (3, 3), "{century:?} {king:?}");
    // Other glyphs, narrower, and still read as the capitals they stand for.
    assert_ne!(small[0].0, full[0].0);
    assert!(small[0].1 < full[0].1 * 0.95, "small X {} vs capital X {}", small[0].1, full[0].1);
    assert_eq!(century[0].text, "Au XIX\u{1D49} siècle.");
}

/// A word's widths taken from slices of its whole shaping where the shaper marks the place safe
/// to break (`words::piece_advance`) are the widths of each head and tail shaped alone, to the bit: every
/// word of the example issue in every face the fonts folder has, measured both ways.
#[test]
fn clean_breaks_measure_as_pieces_shaped_alone() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    for e in std::fs::read_dir(root.join("examples/ls-2026-05/articles")).unwrap().flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap());
        text.push(' ');
    }
    let mut book = FontBook::new();
    let mut faces = Vec::new();
    for e in std::fs::read_dir(root.join("fonts")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "ttf") {
            faces.push(book.load(&e.path()).unwrap());
        }
    }
    faces.sort_unstable();
    let hyph = Hyphenator::new(Rules::default());
    let (mut words, mut sliced) = (0, 0);
    for &font in &faces {
        let fonts = FontSet { regular: font, italic: font, bold: font, bold_italic: font };
        let st = TextStyle { fonts, size: 9.5, leading: 11.0, tracking: 0.1, color: Cmyk::BLACK, uppercase: false };
        let mut shaper = Shaper::new(&book);
        for w in split_words(&mut shaper, &hyph, &[Span::plain(&text)], &st, true) {
            for (seg, look) in &w.segs {
                let whole = shaper.shape_as(font, look.small_caps, &w.text[seg.clone()]);
                let inside = w.frags[1..].iter().map(|f| f.range.start).filter(|&at| at > seg.start && at < seg.end);
                sliced += inside.filter(|&at| whole.breaks_cleanly_at(at - seg.start)).count();
            }
            // Each face stretch of the range shaped by itself, as the setter did before.
            let alone = |shaper: &mut Shaper, r: Range<usize>| {
                let mut width = 0.0;
                for (seg, look) in &w.segs {
                    let (a, b) = (r.start.max(seg.start), r.end.min(seg.end));
                    if a < b {
                        let units = shaper.shape_as(font, look.small_caps, &w.text[a..b]).advance;
                        width += book.get(font).to_pt(units, st.size);
                        width += st.tracking * w.text[a..b].chars().count() as f64;
                    }
                }
                width
            };
            let n = w.frags.len();
            let suffix: Vec<f64> = (0..n).map(|k| alone(&mut shaper, w.frags[k].range.start..w.text.len())).collect();
            for k in 0..n {
                let width = suffix[k] - suffix.get(k + 1).copied().unwrap_or(0.0);
                assert_eq!(w.frags[k].width.to_bits(), width.to_bits(), "{:?} fragment {k}", w.text);
                if k + 1 < n {
                    let fix = alone(&mut shaper, 0..w.frags[k].range.end) - (suffix[0] - suffix[k + 1]);
                    assert_eq!(w.frags[k].break_fix.to_bits(), fix.to_bits(), "{:?} break {k}", w.text);
                }
            }
            words += 1;
        }
    }
    assert!(words > 20_000, "{words} words measured");
    assert!(sliced > 10_000, "only {sliced} breaks were taken from the whole word's shaping");
}
