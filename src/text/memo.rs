//! Set paragraphs remembered by what they were set from, so setting one again costs a lookup.
//!
//! Layout sets the same paragraph many times: a headline is balanced by bisecting its measure,
//! refits set a story again with other hyphen rules, the planner measures an article at every
//! span it tries, the messages are set at each trial size, and `maquette watch` sets the whole
//! issue again after an edit that touched one paragraph. Setting is a pure function of the
//! paragraph's text, style and setting, the fonts, the hyphenation rules, and the width (and
//! hyphen permission) of each line the breaker asked about. The memo keeps each set paragraph
//! with the first five and the answers the line shape gave; a later request with the same five
//! whose shape gives the same answers to the same questions gets a copy of the lines. The shape is asked again rather than hashed, because it is a function
//! (a column's lines, then those beside a photo), not a value.
//!
//! Characters the fonts lack are noted when a paragraph is set; the memo keeps those notes with
//! it and notes them again, for the text now being set, when it is reused.
//!
//! The memo holds at most [`budget`] bytes of lines, dropping the least recently used half when
//! it is full. It is off (budget 0) unless a long-running process turns it on: `maquette watch`
//! keeps a whole issue's paragraphs between builds. In a one-shot build a third of the requests
//! find their paragraph (the bisection's steps, a refit's tries), but those are cheap ones, and
//! the copies cost memory. Measured against the commit the speed work started from (medians of
//! 5): with a 4 MB memo, cold CPU per page 0.94 of it on the example and 0.84 on the 64-page
//! corpus issue (0.99 and 0.95 without), but the 16-page corpus issue peaked at 44.6 MB instead
//! of 38.8, past its 40 MB aim; with 1 MB, 41.5 MB and no CPU gained on it.

use super::TextStyle;
use super::breaker::LineShape;
use super::types::{Line, Setting};
use crate::fonts::FontId;
use crate::model::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a set paragraph depends on besides its line shape: the font book, the hyphenation
/// rules, the text with its faces, the style and the setting.
#[derive(Clone, PartialEq)]
pub(super) struct Key {
    book: u64,
    hyph: u64,
    spans: Vec<Span>,
    style: TextStyle,
    setting: Setting,
}

impl Key {
    pub(super) fn new(book: u64, hyph: u64, spans: &[Span], style: &TextStyle, setting: &Setting) -> Key {
        Key { book, hyph, spans: spans.to_vec(), style: *style, setting: setting.clone() }
    }

    /// Where the memo files it: the text and what most often tells settings apart. Entries
    /// under one hash are compared whole, so a collision costs a comparison, never a wrong
    /// paragraph.
    fn hash(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        (self.book, self.hyph, self.style.size.to_bits(), self.setting.indent.to_bits()).hash(&mut h);
        for s in &self.spans {
            (&s.text, s.face, s.struck).hash(&mut h);
        }
        h.finish()
    }
}

/// The answers a line shape gave while a paragraph was set: the width of each line asked
/// about, and whether it may end in a hyphen.
#[derive(Default)]
pub(super) struct Asked {
    widths: Vec<Option<f64>>,
    hyphens: Vec<Option<bool>>,
}

impl Asked {
    fn agrees(&self, shape: &dyn LineShape) -> bool {
        let same = |i: usize, w: &Option<f64>| w.is_none_or(|w| shape.width(i).to_bits() == w.to_bits());
        self.widths.iter().enumerate().all(|(i, w)| same(i, w))
            && self.hyphens.iter().enumerate().all(|(i, h)| h.is_none_or(|h| shape.hyphen_allowed(i) == h))
    }
}

/// A line shape that writes down what it was asked (each line once: the breaker asks often).
pub(super) struct Recorder<'a> {
    shape: &'a dyn LineShape,
    asked: RefCell<Asked>,
}

impl<'a> Recorder<'a> {
    pub(super) fn new(shape: &'a dyn LineShape) -> Self {
        Recorder { shape, asked: RefCell::new(Asked::default()) }
    }

    pub(super) fn into_asked(self) -> Asked {
        self.asked.into_inner()
    }
}

/// `slots[i]`, filled by `ask` the first time.
fn answer<T: Copy>(slots: &mut Vec<Option<T>>, i: usize, ask: impl FnOnce() -> T) -> T {
    if slots.len() <= i {
        slots.resize(i + 1, None);
    }
    *slots[i].get_or_insert_with(ask)
}

impl LineShape for Recorder<'_> {
    fn width(&self, line: usize) -> f64 {
        answer(&mut self.asked.borrow_mut().widths, line, || self.shape.width(line))
    }

    fn hyphen_allowed(&self, line: usize) -> bool {
        answer(&mut self.asked.borrow_mut().hyphens, line, || self.shape.hyphen_allowed(line))
    }
}

/// A set paragraph as remembered.
pub(super) struct Set {
    pub lines: Vec<Line>,
    /// Characters noted missing while it was set, each once.
    pub missing: Vec<(FontId, char)>,
}

struct Entry {
    key: Key,
    asked: Asked,
    set: Arc<Set>,
    bytes: usize,
    used: u64,
}

#[derive(Default)]
struct Memo {
    entries: HashMap<u64, Vec<Entry>>,
    bytes: usize,
    clock: u64,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);
static BUDGET: AtomicUsize = AtomicUsize::new(0);

/// The most bytes of lines the memo holds.
pub fn budget() -> usize {
    BUDGET.load(Ordering::Relaxed)
}

/// Sets the memo's budget (see [`budget`]); 0 turns it off and empties it.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
    if bytes == 0 {
        forget();
    }
}

/// Empties the memo.
pub fn forget() {
    *MEMO.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// Bytes of lines the memo holds now.
pub fn held() -> usize {
    MEMO.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map_or(0, |m| m.bytes)
}

/// The set paragraph remembered under `key` whose shape answers agree with `shape`'s.
pub(super) fn find(key: &Key, shape: &dyn LineShape) -> Option<Arc<Set>> {
    let hash = key.hash();
    let mut guard = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = guard.as_mut()?;
    memo.clock += 1;
    let clock = memo.clock;
    let entry = memo.entries.get_mut(&hash)?.iter_mut().find(|e| e.key == *key && e.asked.agrees(shape))?;
    entry.used = clock;

    Some(Arc::clone(&entry.set))
}

/// Remembers a set paragraph, with the answers its shape gave.
pub(super) fn keep(key: Key, asked: Asked, set: Set) {
    let budget = budget();
    let bytes = size_of(&set.lines) + key.spans.iter().map(|s| s.text.len()).sum::<usize>();
    if bytes > budget / 4 {
        return;
    }
    let hash = key.hash();
    let mut guard = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = guard.get_or_insert_with(Memo::default);
    memo.clock += 1;
    memo.bytes += bytes;
    let entry = Entry { key, asked, set: Arc::new(set), bytes, used: memo.clock };
    memo.entries.entry(hash).or_default().push(entry);
    if memo.bytes > budget {
        memo.shed(budget / 2);
    }
}

impl Memo {
    /// Drops the least recently used entries until at most `keep` bytes are left.
    fn shed(&mut self, keep: usize) {
        let mut ages: Vec<(u64, usize)> = self.entries.values().flatten().map(|e| (e.used, e.bytes)).collect();
        ages.sort_unstable_by_key(|&(used, _)| std::cmp::Reverse(used));
        let (mut total, mut cutoff) = (0, 0);
        for (used, bytes) in ages {
            total += bytes;
            if total > keep {
                cutoff = used;
                break;
            }
        }
        for list in self.entries.values_mut() {
            list.retain(|e| e.used > cutoff);
        }
        self.entries.retain(|_, list| !list.is_empty());
        self.bytes = self.entries.values().flatten().map(|e| e.bytes).sum();
    }
}

/// Roughly what a paragraph's lines take in memory.
fn size_of(lines: &[Line]) -> usize {
    let run = |r: &super::Run| std::mem::size_of_val(r) + r.glyphs.len() * 32 + r.text.len();
    lines.iter().map(|l| std::mem::size_of::<Line>() + l.text.len() + l.runs.iter().map(run).sum::<usize>()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::model::Cmyk;
    use crate::text::hyphenate::{Hyphenator, Rules};
    use crate::text::{FontSet, Shaper, set_paragraph};

    const TEXT: &str = "Les délégués ont voté la grève à l'unanimité : trois jours d'arrêt en juin, \
        puis une manifestation nationale à Bruxelles si la direction ne revient pas sur le plan ☭.";

    /// Sets TEXT with a new shaper (nothing shaped yet) named `context`; the lines, how many
    /// strings the shaper had to shape, and the characters it noted missing.
    fn set(
        book: &FontBook,
        hyph: &Hyphenator,
        shape: &dyn LineShape,
        context: &str,
    ) -> (Vec<Line>, usize, Vec<String>) {
        let mut shaper = Shaper::new(book);
        shaper.context = context.to_string();
        let lines = set_paragraph(&mut shaper, hyph, &[Span::plain(TEXT)], &STYLE, shape, &Setting::body());
        let missing = shaper.missing.iter().map(|m| format!("{} {}", m.context, m.ch)).collect();
        (lines, shaper.shaped(), missing)
    }

    /// The book's only font, in every face.
    const STYLE: TextStyle = TextStyle {
        fonts: FontSet { regular: 0, italic: 0, bold: 0, bold_italic: 0 },
        size: 9.0,
        leading: 10.8,
        tracking: 0.0,
        color: Cmyk::BLACK,
        uppercase: false,
    };

    fn book() -> FontBook {
        // On for this test process (watch turns it on the same way); other tests set the same
        // paragraphs whether it is on or not.
        set_budget(64 << 20);
        let mut book = FontBook::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        assert_eq!(book.load(&dir.join("SourceSerif4SmText-Regular.ttf")).unwrap(), 0);
        book
    }

    #[test]
    fn a_paragraph_set_again_at_the_same_widths_is_reused_with_its_missing_characters() {
        let (book, hyph) = (book(), Hyphenator::new(Rules::default()));
        let column = |_: usize| 120.0;
        let (first, shaped, missing) = set(&book, &hyph, &column, "article `a`");
        assert!(shaped > 0 && first.len() > 3);
        assert_eq!(missing, ["article `a` ☭"]);
        let (again, shaped, missing) = set(&book, &hyph, &column, "article `b`");
        assert_eq!(again, first);
        assert_eq!(shaped, 0, "the second setting shaped again: the memo was not used");
        assert_eq!(missing, ["article `b` ☭"], "the reused paragraph names its missing character for its own text");
    }

    #[test]
    fn another_width_on_any_line_asked_about_sets_the_paragraph_afresh() {
        let (book, hyph) = (book(), Hyphenator::new(Rules::default()));
        let (first, _, _) = set(&book, &hyph, &|_: usize| 120.0, "a");
        // Beside a photo from the fourth line on: the breaker asked about that line.
        let beside = |line: usize| if line >= 3 { 80.0 } else { 120.0 };
        let (other, shaped, _) = set(&book, &hyph, &beside, "a");
        assert!(shaped > 0, "set from the memo although a line's width changed");
        assert_ne!(other, first);
        assert!(other[3..other.len() - 1].iter().all(|l| (l.measure - 80.0).abs() < 1e-9));
    }

    #[test]
    fn new_hyphenation_rules_or_another_font_book_set_the_paragraph_afresh() {
        let (book, mut hyph) = (book(), Hyphenator::new(Rules::default()));
        let column = |_: usize| 100.0;
        let (first, _, _) = set(&book, &hyph, &column, "a");
        let word = first.iter().find(|l| l.hyphenated).map(|l| l.text.split(' ').next_back().unwrap().to_string());
        hyph.add_never("manifestation");
        hyph.add_never("nationale");
        hyph.add_never("unanimité");
        if let Some(w) = &word {
            hyph.add_never(w.trim_end_matches('-'));
        }
        let (_, shaped, _) = set(&book, &hyph, &column, "a");
        assert!(shaped > 0, "set from the memo although the hyphenation rules changed");
        let (_, shaped, _) = set(&self::book(), &Hyphenator::new(Rules::default()), &column, "a");
        assert!(shaped > 0, "set from the memo with another font book");
    }

    #[test]
    fn a_full_memo_drops_what_was_used_longest_ago() {
        let entry = |used: u64| Entry {
            key: Key::new(1, 1, &[Span::plain(used.to_string())], &STYLE, &Setting::body()),
            asked: Asked::default(),
            set: Arc::new(Set { lines: Vec::new(), missing: Vec::new() }),
            bytes: 100,
            used,
        };
        let mut memo = Memo { entries: HashMap::new(), bytes: 1000, clock: 10 };
        for used in 1..=10 {
            memo.entries.entry(used % 3).or_default().push(entry(used));
        }
        memo.shed(450);
        let mut left: Vec<u64> = memo.entries.values().flatten().map(|e| e.used).collect();
        left.sort_unstable();
        assert_eq!(left, [7, 8, 9, 10]);
        assert_eq!(memo.bytes, 400);
    }
}
