//! French hyphenation: where a word may break, with house-style minimums and exceptions.

use std::collections::HashMap;
use std::sync::OnceLock;

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// The TeX hyph-utf8 French patterns (Daniel Flipo, Bernard Gaulle; MIT), compiled as shipped in
/// the `dictionaries/` folder of the `hyphenation` 0.8.4 crate: see HYPHENATION-LICENSE.txt.
/// Embedding the one file keeps the binary 7 KB heavier instead of 3 MB with `embed_all`.
static FRENCH_DICTIONARY: &[u8] = include_bytes!("fr.standard.bincode");

/// Characters after which a compound may break with no hyphen added: the word already shows one.
const BREAKING_JOINERS: &str = "-\u{2010}/–—";
/// U+2011 joins parts like a hyphen but was typed precisely to forbid the break.
const NON_BREAKING_HYPHEN: char = '\u{2011}';
const APOSTROPHES: &str = "’'ʼ";

fn patterns() -> &'static Standard {
    static DICTIONARY: OnceLock<Standard> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut dictionary = Standard::from_reader(Language::French, &mut &FRENCH_DICTIONARY[..])
            .expect("src/text/fr.standard.bincode is not a French hyphenation dictionary");
        // `Rules` applies the house minimums; the dictionary's own (2, 3) would silently
        // override a looser house style.
        dictionary.minima = (1, 1);
        dictionary
    })
}

/// A place where a word may end a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakPoint {
    /// Byte offset in the word where the second part starts.
    pub offset: usize,
    /// True: a hyphen glyph must be added at the line end; false: the word already ends in
    /// `-`, `/` or `–` there.
    pub hyphen: bool,
    /// A break before a final mute syllable (`souf-fle`, `chif-frent`): sound, but one a careful
    /// setter takes only when the line would otherwise be loose, so it costs more.
    pub weak: bool,
}

/// The house style for hyphenation.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Letters a word part needs before patterns may break it.
    pub min_word: usize,
    /// Letters that must stay before a break.
    pub left: usize,
    /// Letters that must go after a break.
    pub right: usize,
    /// Hyphenate capitalised words too.
    pub proper_nouns: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { min_word: 6, left: 2, right: 3, proper_nouns: false }
    }
}

/// Cheap enough to ask about every word on every layout pass: measured once in release on the
/// 2-core development machine, the first 5,000 words of the French prose sample (punctuation
/// included) take about 4 ms, under a microsecond a word; loading the dictionary takes 40 µs.
#[derive(Clone)]
pub struct Hyphenator {
    rules: Rules,
    /// Folded word without hyphens → letters before each allowed break; empty: never break.
    exceptions: HashMap<String, Vec<usize>>,
    /// [`Hyphenator::fingerprint`], once asked; emptied by every change.
    print: std::sync::OnceLock<u64>,
    /// The breaks of each word asked about, emptied by every change.
    seen: Seen,
}

/// Words broken so far, and where: running text asks about the same words again and again (and
/// layout sets paragraphs again), and each answer runs the patterns over the word. Behind a lock only so that a hyphenator can be shared between threads; each thread
/// sets with a copy of its own, so the lock is never waited on. A copy starts empty.
#[derive(Default)]
struct Seen(std::sync::Mutex<HashMap<String, Vec<BreakPoint>>>);

/// Words kept at most: an issue's vocabulary is a few tens of thousands; past that (a pasted
/// table of codes, say), words are broken without being kept.
const SEEN_WORDS: usize = 100_000;

impl Clone for Seen {
    fn clone(&self) -> Seen {
        Seen::default()
    }
}

impl Hyphenator {
    /// A hyphenator with the given house rules and no exceptions yet.
    pub fn new(rules: Rules) -> Self {
        Hyphenator { rules, exceptions: HashMap::new(), print: std::sync::OnceLock::new(), seen: Seen::default() }
    }

    /// A hash of the rules and exceptions: two hyphenators with the same one break every word
    /// alike, so set paragraphs remembered under it (`text::memo`) stay right.
    pub fn fingerprint(&self) -> u64 {
        *self.print.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            format!("{:?}", self.rules).hash(&mut h);
            let mut exceptions: Vec<_> = self.exceptions.iter().collect();
            exceptions.sort();
            exceptions.hash(&mut h);
            h.finish()
        })
    }

    /// Exception from the list: "in-dé-pen-dance" gives explicit breaks; a word with no
    /// hyphen marked "never" may never break. Keys compare case-insensitively on the word without
    /// hyphens.
    pub fn add_exception(&mut self, word_with_breaks: &str) {
        let word = word_with_breaks.trim();
        let mut positions = Vec::new();
        let mut letters = 0;
        for c in word.chars() {
            if c != '-' {
                letters += 1;
            } else if letters > 0 && positions.last() != Some(&letters) {
                positions.push(letters);
            }
        }
        positions.retain(|&p| p < letters);
        self.exceptions.insert(exception_key(word), positions);
        self.print = std::sync::OnceLock::new();
        self.seen = Seen::default();
    }

    /// Letters a word needs before the house rules break it.
    pub fn min_word(&self) -> usize {
        self.rules.min_word
    }

    /// A word (names, brands, slogans) that must never break, whatever the patterns say.
    pub fn add_never(&mut self, word: &str) {
        self.exceptions.insert(exception_key(word.trim()), Vec::new());
        self.print = std::sync::OnceLock::new();
        self.seen = Seen::default();
    }

    /// Break points of one word as typed (may contain apostrophes ’ ', explicit hyphens, trailing
    /// punctuation like `,` `.` `»` and NBSPs are NOT included — callers pass words split at
    /// spaces, possibly with leading/trailing punctuation; ignore the punctuation when counting
    /// letters and never break inside it).
    pub fn breaks(&self, word: &str) -> Vec<BreakPoint> {
        let mut seen = self.seen.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = seen.get(word) {
            return found.clone();
        }
        let found = self.breaks_afresh(word);
        if seen.len() < SEEN_WORDS {
            seen.insert(word.to_string(), found.clone());
        }
        found
    }

    /// [`Hyphenator::breaks`], without looking at the words seen before.
    fn breaks_afresh(&self, word: &str) -> Vec<BreakPoint> {
        let Some((start, end)) = core_bounds(word) else {
            return Vec::new();
        };
        let core = &word[start..end];
        let shift = |b: BreakPoint| BreakPoint { offset: b.offset + start, ..b };
        if is_code(core) || is_figured_name(core) {
            return code_breaks(core).into_iter().map(shift).collect();
        }
        // Figures, dates and references read wrong when split across lines.
        if core.chars().any(char::is_numeric) {
            return Vec::new();
        }
        let found = match self.exceptions.get(&exception_key(core)) {
            Some(positions) => {
                exception_breaks(core, positions).into_iter().filter(|b| self.fits(core, b.offset)).collect()
            }
            None => self.compound_breaks(core),
        };
        found.into_iter().map(shift).collect()
    }

    /// Breaks after explicit joiners, and inside each part between them.
    fn compound_breaks(&self, core: &str) -> Vec<BreakPoint> {
        let mut found = Vec::new();
        let mut part_start = 0;
        for (i, c) in core.char_indices() {
            if !BREAKING_JOINERS.contains(c) && c != NON_BREAKING_HYPHEN {
                continue;
            }
            found.extend(self.part_breaks(core, part_start, i));
            part_start = i + c.len_utf8();
            if c != NON_BREAKING_HYPHEN && self.fits(core, part_start) {
                found.push(BreakPoint { offset: part_start, hyphen: false, weak: false });
            }
        }
        found.extend(self.part_breaks(core, part_start, core.len()));
        found
    }

    /// Pattern or exception breaks inside `core[start..end]`, a part without joiners.
    fn part_breaks(&self, core: &str, start: usize, end: usize) -> Vec<BreakPoint> {
        let part = &core[start..end];
        // An elided article or pronoun (`l’`, `qu’`, `aujourd’`) never breaks, nor does the
        // word right after the apostrophe: only the word after it is hyphenated.
        let elided = part.char_indices().rfind(|&(_, c)| APOSTROPHES.contains(c)).map_or(0, |(i, c)| i + c.len_utf8());
        let word = &part[elided..];
        let (offsets, weak): (Vec<usize>, Vec<usize>) = if is_acronym(word) {
            (Vec::new(), Vec::new())
        } else if let Some(positions) = self.exceptions.get(&exception_key(word)) {
            let breaks = exception_breaks(word, positions);
            let (weak, strong): (Vec<BreakPoint>, Vec<BreakPoint>) = breaks.into_iter().partition(|b| b.weak);
            (strong.into_iter().map(|b| b.offset).collect(), weak.into_iter().map(|b| b.offset).collect())
        } else if self.patterns_apply(word) {
            let strong = pattern_breaks(word);
            let weak = mute_breaks(word).into_iter().filter(|o| !strong.contains(o)).collect();
            (strong, weak)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut found: Vec<BreakPoint> = offsets
            .into_iter()
            .map(|o| (o, false))
            .chain(weak.into_iter().map(|o| (o, true)))
            .filter(|&(o, _)| self.fits(word, o) && between_letters(word, o))
            .map(|(o, weak)| BreakPoint { offset: start + elided + o, hyphen: true, weak })
            .collect();
        found.sort_by_key(|b| b.offset);
        found
    }

    fn patterns_apply(&self, word: &str) -> bool {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        letters(word) >= self.rules.min_word && (!capitalised || self.rules.proper_nouns)
    }

    /// Whether a break at `offset` leaves enough letters on each side.
    fn fits(&self, text: &str, offset: usize) -> bool {
        letters(&text[..offset]) >= self.rules.left && letters(&text[offset..]) >= self.rules.right
    }
}

/// Paths, addresses, file names and identifiers: `/etc/apt/sources.list`, `en_US.UTF-8`,
/// `AllowAccessFromWebToFollowingIPAddresses`. They hold no French words to hyphenate, and a hyphen
/// added inside one would read as part of it, so they break only at their own seams, with no hyphen
/// (the usual rule for addresses set in running text). Without these breaks a single path wider
/// than a 31-character column leaves its line overfull, and the line before it stretched to a gap.
fn is_code(core: &str) -> bool {
    let chars: Vec<char> = core.chars().collect();
    let seam = chars
        .windows(3)
        .any(|w| w[0].is_alphanumeric() && matches!(w[1], '/' | '_' | '.' | '@' | ':') && w[2].is_alphanumeric());
    let humps = chars.windows(2).filter(|w| w[0].is_lowercase() && w[1].is_uppercase()).count();
    (seam && chars.iter().any(|c| matches!(c, '/' | '_' | '@'))) || humps >= 2 || dotted_name(&chars)
}

/// `libapache2-mod-security2`, `localhost:5901`: names that mix letters and figures across a
/// hyphen or colon. The figures rule out hyphenating them, but unbroken they are the widest words a
/// column meets (and the loosest lines beside them), so they break at their seams like code. Dates
/// and ranges (`1914-1918`, `10:30`) have no letters and stay whole.
fn is_figured_name(core: &str) -> bool {
    let chars: Vec<char> = core.chars().collect();
    chars.iter().any(|c| c.is_numeric())
        && chars.iter().any(|c| c.is_alphabetic())
        && chars.windows(3).any(|w| w[0].is_alphanumeric() && matches!(w[1], '-' | ':') && w[2].is_alphanumeric())
}

/// `ports.conf`, `debian.org`: a dot between letters with at least three on each side (so `c.-à-d`,
/// `U.S.A` and decimal figures stay whole).
fn dotted_name(chars: &[char]) -> bool {
    chars.iter().enumerate().any(|(i, &c)| {
        c == '.'
            && chars[..i].iter().rev().take_while(|c| c.is_alphanumeric()).count() >= 3
            && chars[i + 1..].iter().take_while(|c| c.is_alphanumeric()).count() >= 3
            && chars[..i].iter().chain(&chars[i + 1..]).any(|c| c.is_alphabetic())
    })
}

/// Seams of a code word: after `/`, `-`, `_`, `@` and `:`, before `.`, and before a capital that
/// follows a small letter; at least two characters stay on the line and three go to the next.
fn code_breaks(core: &str) -> Vec<BreakPoint> {
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let mut found = Vec::new();
    for k in 2..chars.len().saturating_sub(2) {
        let (prev, (offset, c)) = (chars[k - 1].1, chars[k]);
        let after_seam =
            matches!(prev, '/' | '-' | '_' | '@' | ':' | '\u{2010}') && !matches!(c, '/' | '-' | '_' | '.' | ':');
        let before_dot = c == '.' && prev.is_alphanumeric();
        let hump = prev.is_lowercase() && c.is_uppercase();
        if after_seam || before_dot || hump {
            found.push(BreakPoint { offset, hyphen: false, weak: false });
        }
    }
    found
}

/// The span from the first to the last letter or digit: surrounding punctuation never breaks.
fn core_bounds(word: &str) -> Option<(usize, usize)> {
    let start = word.char_indices().find(|(_, c)| c.is_alphanumeric())?.0;
    let (last, c) = word.char_indices().rfind(|(_, c)| c.is_alphanumeric())?;
    Some((start, last + c.len_utf8()))
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

fn between_letters(word: &str, offset: usize) -> bool {
    let before = word[..offset].chars().next_back();
    let after = word[offset..].chars().next();
    before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
}

fn is_acronym(word: &str) -> bool {
    letters(word) >= 2 && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// Pattern breaks of `word` in its own byte offsets. Folding one char at a time keeps the way
/// back: lowercasing can change a letter's length in bytes (`Ⱥ` → `ⱥ`), which the crate only
/// corrects for `İ`.
fn pattern_breaks(word: &str) -> Vec<usize> {
    let mut folded = String::with_capacity(word.len());
    let mut origins = Vec::with_capacity(word.len());
    for (i, c) in word.char_indices() {
        origins.push((folded.len(), i));
        folded.push(fold(c));
    }
    let back = |o: usize| origins.binary_search_by_key(&o, |&(f, _)| f).ok();
    let breaks = patterns().hyphenate(&folded).breaks;
    breaks.into_iter().filter_map(|o| back(o).map(|k| origins[k].1)).collect()
}

/// Breaks before a final mute syllable. The French patterns leave `souffle`, `chiffrent`,
/// `ensemble` whole there (the old rule against carrying a mute syllable over), which in a
/// 31-character column forces a loose line whenever such a word falls at a line's end. Newspapers
/// accept these breaks; we find them by hyphenating the word with its mute ending made sounding
/// (`-e`, `-es`, `-ent` → `-a`, `-as`, `-ant`, same length in bytes) and keeping the breaks inside
/// the part both spellings share. They are offered as weak breaks, at a higher penalty.
fn mute_breaks(word: &str) -> Vec<usize> {
    let lower = word.to_lowercase();
    let cut = ["ent", "es", "e"].iter().find(|end| lower.ends_with(*end)).map(|end| word.len() - end.len());
    let Some(cut) = cut.filter(|&c| word.is_char_boundary(c) && word.is_char_boundary(c + 1)) else {
        return Vec::new();
    };
    let sounding = format!("{}a{}", &word[..cut], &word[cut + 1..]);
    pattern_breaks(&sounding).into_iter().filter(|&o| o <= cut).collect()
}

fn fold(c: char) -> char {
    match c {
        '\'' | 'ʼ' => '’',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

fn exception_key(word: &str) -> String {
    word.chars().filter(|&c| c != '-').map(fold).collect()
}

/// Breaks of `text` after the given numbers of non-hyphen characters; a break that falls right
/// after a typed hyphen needs no added one.
fn exception_breaks(text: &str, positions: &[usize]) -> Vec<BreakPoint> {
    // A listed name breaks only where no common word would do: at the weak penalty.
    let name = text.chars().next().is_some_and(char::is_uppercase);
    let mut seen = 0;
    let mut found = Vec::new();
    for (i, c) in text.char_indices() {
        if c == '-' {
            continue;
        }
        if seen > 0 && positions.contains(&seen) {
            found.push(BreakPoint { offset: i, hyphen: !text[..i].ends_with('-'), weak: name });
        }
        seen += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words asked about again get the answer they got, and an exception or a word never to break,
    /// added after, is heard at once: the words seen before are forgotten.
    #[test]
    fn words_seen_before_follow_new_exceptions() {
        let mut h = Hyphenator::new(Rules::default());
        let first = marked(&h, "indépendance");
        assert_eq!(marked(&h, "indépendance"), first);
        assert_eq!(marked(&h.clone(), "indépendance"), first, "a copy breaks alike");
        h.add_exception("in-dépendance");
        assert_eq!(marked(&h, "indépendance"), "in=dépendance");
        h.add_never("indépendance");
        assert_eq!(marked(&h, "indépendance"), "indépendance");
        assert_ne!(first, "indépendance", "the patterns break it");
    }

    /// The word with `=` where a hyphen is added, `~` for a weak break (before a mute syllable)
    /// and `|` where the word breaks after its own joiner.
    fn marked(hyphenator: &Hyphenator, word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in hyphenator.breaks(word) {
            out.push_str(&word[last..b.offset]);
            out.push(match (b.hyphen, b.weak) {
                (true, true) => '~',
                (true, false) => '=',
                (false, _) => '|',
            });
            last = b.offset;
        }
        out + &word[last..]
    }

    fn check(hyphenator: &Hyphenator, cases: &[(&str, &str)]) {
        for (word, expected) in cases {
            assert_eq!(marked(hyphenator, word), *expected, "word: {word}");
        }
    }

    #[test]
    fn default_rules() {
        // The plain words agree with LibreOffice's hyph_fr.dic under the same minimums (checked
        // on 6,481 distinct words of French prose). `travailleurs`: the patterns never split
        // the `ill` that sounds [j].
        check(
            &Hyphenator::new(Rules::default()),
            &[
                ("indépendance", "in=dé=pen=dance"),
                ("manifestation", "ma=ni=fes=ta=tion"),
                ("travailleurs", "tra=vailleurs"),
                ("gouvernement", "gou=ver=ne=ment"),
                ("syndicats", "syn=di=cats"),
                ("l’indépendance", "l’in=dé=pen=dance"),
                ("l'indépendance", "l'in=dé=pen=dance"),
                ("aujourd’hui", "aujourd’hui"),
                ("qu’aujourd’hui", "qu’aujourd’hui"),
                ("anti-émeutes", "anti-|émeu~tes"),
                ("anti-capitalistes", "anti-|ca=pi=ta=lis~tes"),
                ("c’est-à-dire", "c’est-|à-|dire"),
                ("va-t-il", "va-|t-il"),
                ("et/ou", "et/ou"),
                ("porte\u{2011}monnaie", "porte\u{2011}mon=naie"),
                ("travailleurs,", "tra=vailleurs,"),
                ("«travailleurs»", "«tra=vailleurs»"),
                ("(gouvernement).", "(gou=ver=ne=ment)."),
                ("Janaözen", "Janaözen"),
                ("Manifestation", "Manifestation"),
                ("Jean-Pierre", "Jean-|Pierre"),
                ("FGTB", "FGTB"),
                ("RAID-10", "RAID-10"),
                ("1914–1918", "1914–1918"),
                ("payer", "payer"),
                ("voter", "voter"),
                ("abriter", "abri=ter"),
                ("", ""),
                ("«»", "«»"),
            ],
        );
    }

    #[test]
    fn byte_offsets_and_flags() {
        let hyphenator = Hyphenator::new(Rules::default());
        let offsets: Vec<usize> = hyphenator.breaks("indépendance").iter().map(|b| b.offset).collect();
        assert_eq!(offsets, [2, 5, 8], "é takes two bytes");
        let quoted = hyphenator.breaks("«travailleurs»");
        assert_eq!(quoted, [BreakPoint { offset: 5, hyphen: true, weak: false }]);
        let compound = hyphenator.breaks("anti-émeutes");
        let weak = BreakPoint { offset: 10, hyphen: true, weak: true };
        assert_eq!(compound, [BreakPoint { offset: 5, hyphen: false, weak: false }, weak]);
    }

    #[test]
    fn mute_syllables_give_weak_breaks() {
        let h = Hyphenator::new(Rules::default());
        check(
            &h,
            &[
                ("souffle", "souf~fle"),
                ("chiffrent", "chif~frent"),
                ("ensemble", "en=sem~ble"),
                ("concentre", "concen~tre"),
                ("possible", "pos=si~ble"),
                // Two letters after the break are too few, mute or not.
                ("hausse", "hausse"),
                ("patiemment", "pa=tiem=ment"),
            ],
        );
    }

    #[test]
    fn code_breaks_at_its_seams_without_hyphens() {
        let h = Hyphenator::new(Rules::default());
        check(
            &h,
            &[
                ("/etc/apache2/sites-enabled/000-default.conf", "/etc/|apache2/|sites-|enabled/|000-|default|.conf"),
                ("(/var/lib/exim4/config.autogenerated)", "(/var/|lib/|exim4/|config|.autogenerated)"),
                ("en_US.UTF-8", "en_|US|.UTF-8"),
                ("AllowAccessFromWeb", "Allow|Access|From|Web"),
                ("ports.conf", "ports|.conf"),
                ("libapache2-mod-security2)", "libapache2-|mod-|security2)"),
                ("localhost:5901:localhost:5900", "localhost:|5901:|localhost:|5900"),
                // Not code: figures, dates, abbreviations and ordinary compounds.
                ("2025-2026", "2025-2026"),
                ("10:30", "10:30"),
                ("COVID-19", "COVID-19"),
                ("c.-à-d.", "c.-à-d."),
                ("McDonald", "McDonald"),
            ],
        );
    }

    #[test]
    fn exceptions_and_never() {
        let mut hyphenator = Hyphenator::new(Rules::default());
        hyphenator.add_exception("Ja-na-ö-zen");
        hyphenator.add_exception("TRA-VAIL-LEURS");
        hyphenator.add_exception("a-bri-ter");
        hyphenator.add_never("gouvernement");
        hyphenator.add_never("indépendance");
        check(
            &hyphenator,
            &[
                // Listed names break at the weak penalty, common words at the usual one.
                ("Janaözen", "Ja~na~ö~zen"),
                ("travailleurs,", "tra=vail=leurs,"),
                ("Travailleurs", "Tra~vail~leurs"),
                ("Saint-Janaözen", "Saint-|Ja~na~ö~zen"),
                ("abriter", "abri=ter"),
                ("gouvernement", "gouvernement"),
                ("l’indépendance", "l’indépendance"),
                ("manifestation", "ma=ni=fes=ta=tion"),
            ],
        );
    }

    #[test]
    fn house_rules() {
        let proper = Rules { proper_nouns: true, ..Rules::default() };
        check(&Hyphenator::new(proper), &[("Manifestation", "Ma=ni=fes=ta=tion"), ("UNESCO", "UNESCO")]);
        let strict = Rules { left: 3, right: 4, ..Rules::default() };
        check(&Hyphenator::new(strict), &[("manifestation", "mani=fes=ta=tion")]);
        let loose = Rules { min_word: 4, ..Rules::default() };
        check(&Hyphenator::new(loose), &[("parler", "par=ler"), ("voter", "vo=ter")]);
    }

    #[test]
    fn minimums_hold_on_a_sample() {
        let hyphenator = Hyphenator::new(Rules::default());
        let sample = "Les travailleurs réclament aujourd’hui l’indépendance syndicale face au \
            gouvernement : grèves, manifestations, occupations d’entreprises, solidarité \
            internationale, revendications salariales, augmentation générale, démocratiquement";
        for word in sample.split_whitespace() {
            for b in hyphenator.breaks(word) {
                assert!(letters(&word[..b.offset]) >= 2, "{word} at {}", b.offset);
                assert!(letters(&word[b.offset..]) >= 3, "{word} at {}", b.offset);
            }
        }
    }

    const FRENCHISH: &str = "[a-zàéèêîôûçœA-ZÀÉȺİ’'\\-/–«»,.\u{2011}]{0,30}";

    proptest! {
        #[test]
        fn offsets_are_ordered_char_boundaries(word in prop_oneof!["\\PC{0,24}", FRENCHISH]) {
            let hyphenator = Hyphenator::new(Rules { proper_nouns: true, ..Rules::default() });
            let breaks = hyphenator.breaks(&word);
            prop_assert!(breaks.windows(2).all(|w| w[0].offset < w[1].offset));
            prop_assert!(breaks.iter().all(|b| b.offset > 0 && b.offset < word.len()));
            prop_assert!(breaks.iter().all(|b| word.is_char_boundary(b.offset)));
        }
    }
}
