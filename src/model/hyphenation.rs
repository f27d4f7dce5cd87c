//! The issue's `hyphenation.toml`: words with their own breaks or never broken, and the
//! micro-typography switches for body text.
//!
//! ```toml
//! # Breaks marked with hyphens; a word written without any never breaks.
//! words = ["Ja-naö-zen", "Vooruit"]
//! # Capitalised words (proper nouns) are not hyphenated unless listed with breaks above.
//!
//! [microtype]
//! protrusion = true   # hang hyphens, punctuation and guillemets into the margins
//! expansion = 0.02    # glyphs may widen or narrow by up to 2 %
//! letterspace = 0.03  # last resort for lines whose spaces are at their limit (default 0.03; 0: off)
//! ```

use crate::error::toml_error;
use crate::error::{Error, Result, line_of};
use serde::Deserialize;
use std::path::Path;

/// Micro-typography switches for body text.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Microtype {
    /// Optical margin alignment.
    pub protrusion: bool,
    /// Most glyph expansion, as a fraction (0 turns it off).
    pub expansion: f64,
    /// Most letter-spacing, as a fraction of the letters' width (0 turns it off).
    pub letterspace: f64,
}

impl Default for Microtype {
    fn default() -> Self {
        Microtype { protrusion: true, expansion: 0.02, letterspace: 0.03 }
    }
}

/// What `hyphenation.toml` says.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Hyphenation {
    /// Words with their breaks marked by `-`; a word with no `-` never breaks.
    #[serde(default)]
    pub words: Vec<String>,
    /// Micro-typography switches.
    #[serde(default)]
    pub microtype: Microtype,
}

impl Hyphenation {
    /// Reads `hyphenation.toml` from the issue folder; its absence means no exceptions and the
    /// default switches.
    pub fn load(dir: &Path) -> Result<Hyphenation> {
        let path = dir.join("hyphenation.toml");
        if !path.is_file() {
            return Ok(Hyphenation::default());
        }
        let text = crate::files::read_text(&path)?;
        let h: Hyphenation = toml::from_str(&text).map_err(|e| toml_error(&path, &text, &e))?;
        let m = &h.microtype;
        if !(0.0..=0.05).contains(&m.expansion) || !(0.0..=0.05).contains(&m.letterspace) {
            let line = text.find("[microtype]").map_or(1, |o| line_of(&text, o));
            return Err(Error::in_file(&path, "expansion and letterspace must be between 0 and 0.05")
                .at_line(line)
                .with_help("e.g. expansion = 0.02 for ±2 %"));
        }
        for w in &h.words {
            if w.trim().is_empty() || w.contains(char::is_whitespace) {
                let line = text.find(w.as_str()).map_or(1, |o| line_of(&text, o));
                return Err(Error::in_file(&path, format!("`{w}` is not a single word")).at_line(line));
            }
        }
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_switches() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hyphenation.toml"), "words = [\"Ja-naö-zen\"]\n[microtype]\nexpansion = 0\n")
            .unwrap();
        let h = Hyphenation::load(dir.path()).unwrap();
        assert_eq!(h.words, vec!["Ja-naö-zen".to_string()]);
        assert_eq!(h.microtype.expansion, 0.0);
        assert!(h.microtype.protrusion);
    }

    #[test]
    fn bad_values_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hyphenation.toml"), "words = []\n\n[microtype]\nexpansion = 0.5\n").unwrap();
        let e = Hyphenation::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("hyphenation.toml") && e.contains("0.05"), "{e}");
    }
}
