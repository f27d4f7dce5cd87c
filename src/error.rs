//! Errors that name the file (and line) at fault, rendered by miette in the CLI.

use std::fmt;
use std::path::{Path, PathBuf};

/// A build failure the user can act on: where it is, what is wrong, and how to mend it.
#[derive(Debug, Clone)]
pub struct Error {
    /// The file at fault, when there is one.
    pub file: Option<PathBuf>,
    /// 1-based line in that file, when known.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// A suggestion, e.g. the closest valid key.
    pub help: Option<String>,
}

/// Result with maquette's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with no file attached.
    pub fn msg(message: impl Into<String>) -> Self {
        Error { file: None, line: None, message: message.into(), help: None }
    }

    /// An error about a file.
    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error { file: Some(file.as_ref().to_path_buf()), line: None, message: message.into(), help: None }
    }

    /// Sets the 1-based line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the line from a byte offset into the file's text.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at_line(line_of(text, offset))
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An I/O failure on a file, with the OS reason.
    pub fn io(file: impl AsRef<Path>, err: std::io::Error) -> Self {
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            _ => err.to_string(),
        };
        Error::in_file(file, what)
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

impl miette::Diagnostic for Error {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

/// The closest candidate to `word` by edit distance, if close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A TOML error with its line, and the closest valid key when the key is unknown.
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().trim().to_string();
    let mut err = Error::in_file(path, message.clone());
    if let Some(span) = e.span() {
        err = err.at_offset(text, span.start);
    }
    if let Some(help) = suggest_from_message(&message) {
        err = err.with_help(help);
    }
    err
}

/// serde names the expected keys in "unknown field `x`, expected one of `a`, `b`"; pick the closest.
fn suggest_from_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (bad, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    closest(bad, names.iter().copied()).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_typo() {
        assert_eq!(closest("headlin", ["kicker", "headline", "deck"]), Some("headline"));
        assert_eq!(closest("zzzzzzzz", ["kicker", "deck"]), None);
    }

    #[test]
    fn display_names_file_and_line() {
        let e = Error::in_file("a/b.toml", "bad").at_line(3);
        assert_eq!(e.to_string(), "a/b.toml:3: bad");
    }
}
