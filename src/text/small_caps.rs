//! Which letters French sets in small capitals: the Roman numerals of centuries and millennia.
//!
//! The Imprimerie nationale's rules set a century's number in small capitals (« le XIXᵉ siècle »,
//! read `xixᵉ`), so that it does not shout in running text, but keep full capitals for the
//! numbers of regimes, dynasties and sovereigns (« la Vᵉ République », « François Iᵉʳ »), whose
//! noun is capitalised. So a Roman ordinal is marked only when `siècle` or `millénaire` follows,
//! directly or after other such ordinals and the words that join them (« du XVIIᵉ au XIXᵉ
//! siècle », « XIXᵉ-XXᵉ siècles »). The ordinal's ending is already a superior letter (the
//! normaliser's `ordinals` pass), which is how an ordinal is told from a word such as `Ce`.

/// Words that may stand between a century's number and `siècle`.
const JOINS: [&str; 6] = ["et", "ou", "au", "à", "–", "-"];

/// Nouns whose Roman ordinal is set in small capitals.
const NOUNS: [&str; 4] = ["siècle", "siècles", "millénaire", "millénaires"];

/// For each character of normalised text, whether it is a capital to set as a small capital.
pub fn small_caps(chars: &[char]) -> Vec<bool> {
    let mut marks = vec![false; chars.len()];
    // Most paragraphs have no ordinal at all: they need no cutting into words.
    if !chars.contains(&'\u{1D49}') {
        return marks;
    }
    let words = words(chars);
    for (k, w) in words.iter().enumerate() {
        let numerals = ordinals(&chars[w.clone()]);
        if !numerals.is_empty() && century_follows(chars, &words[k + 1..]) {
            for r in numerals {
                marks[w.start + r.start..w.start + r.end].fill(true);
            }
        }
    }
    marks
}

/// Character ranges of the words, without the punctuation around them.
fn words(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let end = (i..chars.len()).find(|&k| chars[k].is_whitespace()).unwrap_or(chars.len());
        let trim = |c: &char| matches!(c, ',' | ';' | '.' | '(' | ')' | '«' | '»' | '\u{202F}');
        let start = (i..end).find(|&k| !trim(&chars[k])).unwrap_or(end);
        let stop = (start..end).rev().find(|&k| !trim(&chars[k])).map_or(start, |k| k + 1);
        if start < stop {
            out.push(start..stop);
        }
        i = end + 1;
    }
    out
}

/// The Roman numerals of the ordinals a word holds (`XIXᵉ`, or both of `XIXᵉ-XXᵉ`), as ranges of
/// the word; empty when the word is anything else.
fn ordinals(word: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for part in word.split(|&c| c == '-' || c == '–') {
        match part.split_last() {
            Some((&'\u{1D49}', numeral)) if !numeral.is_empty() && numeral.iter().all(|c| "IVXLCDM".contains(*c)) => {
                out.push(from..from + numeral.len());
            }
            _ => return Vec::new(),
        }
        from += part.len() + 1;
    }
    out
}

/// Whether `siècle` (or `millénaire`) comes next, past other ordinals and the words joining them.
fn century_follows(chars: &[char], rest: &[std::ops::Range<usize>]) -> bool {
    for w in rest.iter().take(4) {
        let word: String = chars[w.clone()].iter().collect();
        if NOUNS.contains(&word.as_str()) {
            return true;
        }
        if !JOINS.contains(&word.as_str()) && ordinals(&chars[w.clone()]).is_empty() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::small_caps;
    use crate::text::normalise::normalise;

    /// The marked letters of `text` after normalisation, each marked run as one string.
    fn marked(text: &str) -> Vec<String> {
        let chars: Vec<char> = normalise(text).chars().collect();
        let marks = small_caps(&chars);
        let mut runs: Vec<String> = Vec::new();
        for (i, (&c, &m)) in chars.iter().zip(&marks).enumerate() {
            match runs.last_mut() {
                Some(r) if m && i > 0 && marks[i - 1] => r.push(c),
                _ if m => runs.push(c.to_string()),
                _ => {}
            }
        }
        runs
    }

    #[test]
    fn centuries_and_millennia() {
        assert_eq!(marked("Au XIXe siècle, la grève."), ["XIX"]);
        assert_eq!(marked("du XVIIe au XIXe siècle"), ["XVII", "XIX"]);
        assert_eq!(marked("les XIXe et XXe siècles"), ["XIX", "XX"]);
        assert_eq!(marked("aux XIXe-XXe siècles"), ["XIX", "XX"]);
        assert_eq!(marked("(IIIe millénaire)"), ["III"]);
    }

    #[test]
    fn regimes_sovereigns_and_words_stay_capitals() {
        assert!(marked("la Ve République, François Ier, Louis XIV").is_empty());
        assert!(marked("le XIXe congrès du siècle").is_empty());
        assert!(marked("Le siècle. Ce siècle-là, XIX siècles").is_empty());
        assert!(marked("la IIe Internationale, au siècle dernier").is_empty());
    }
}
