//! `articles/<slug>.md`: TOML front matter between `+++` lines, then a Markdown body.

pub use super::blocks::{Block, Face, Span};
use crate::error::toml_error;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A photo named in the front matter.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// File in the issue's `images/` folder.
    pub file: String,
    /// Caption (légende).
    #[serde(default)]
    pub caption: String,
    /// Credit line.
    #[serde(default)]
    pub credit: String,
}

/// The front matter keys.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Surtitre above the headline.
    #[serde(default)]
    pub kicker: Option<String>,
    /// Headline (titre); for a box, its heading.
    #[serde(default)]
    pub headline: String,
    /// Chapô.
    #[serde(default)]
    pub deck: Option<String>,
    /// Signature.
    #[serde(default)]
    pub byline: Option<String>,
    /// Section (rubrique).
    #[serde(default)]
    pub section: Option<String>,
    /// `box` for a sidebar; articles leave it out.
    #[serde(default)]
    pub kind: Option<String>,
    /// Photos with caption and credit.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Open the first paragraph with a drop cap: `true` (three lines deep) or a number of lines.
    #[serde(default)]
    pub dropcap: DropCap,
}

/// `dropcap = true` or `dropcap = 2`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum DropCap {
    /// On (three lines) or off.
    Flag(bool),
    /// Lines deep.
    Lines(usize),
}

impl Default for DropCap {
    fn default() -> Self {
        DropCap::Flag(false)
    }
}

impl DropCap {
    /// How many lines deep (0: none); at least two when on.
    pub fn lines(self) -> usize {
        match self {
            DropCap::Flag(false) => 0,
            DropCap::Flag(true) => 3,
            DropCap::Lines(n) => {
                if n == 0 {
                    0
                } else {
                    n.clamp(2, 6)
                }
            }
        }
    }
}

/// A parsed article file.
#[derive(Clone, Debug)]
pub struct Article {
    /// File stem.
    pub slug: String,
    /// The file.
    pub path: PathBuf,
    /// Front matter.
    pub front: FrontMatter,
    /// Body blocks in order.
    pub blocks: Vec<Block>,
    /// 1-based line of each photo's `file` key, for error messages.
    pub photo_lines: Vec<usize>,
    /// What the body holds that does not print as typed, with its line: warnings for the build.
    pub notes: Vec<(usize, String)>,
}

impl Article {
    /// Reads and parses an article file.
    pub fn load(path: &Path) -> Result<Article> {
        let text = crate::files::read_text(path)?;
        Article::parse(path, &text)
    }

    /// Parses an article's text; `path` is used for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Article> {
        let (front_text, front_start, body) = split_front_matter(path, text)?;
        let front: FrontMatter = toml::from_str(front_text).map_err(|e| {
            let mut err = toml_error(path, front_text, &e);
            err.line = err.line.map(|l| l + crate::error::line_of(text, front_start) - 1);
            err
        })?;
        if let Some(kind) = &front.kind
            && kind != "box"
        {
            let line = crate::error::line_of(text, front_start + front_text.find("kind").unwrap_or(0));
            return Err(Error::in_file(path, format!("unknown kind `{kind}`"))
                .at_line(line)
                .with_help("the only kind is `box`, for a sidebar; articles leave `kind` out"));
        }
        let photo_lines = key_lines(text, front_start, front_text, "file");
        let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let (blocks, notes) = super::markdown::parse_body(body);
        let body_start = text.len() - body.len();
        let notes = notes.into_iter().map(|(at, note)| (crate::error::line_of(text, body_start + at), note)).collect();
        Ok(Article { slug, path: path.to_path_buf(), front, blocks, photo_lines, notes })
    }

    /// True for a sidebar box.
    pub fn is_box(&self) -> bool {
        self.front.kind.as_deref() == Some("box")
    }
}

/// Splits `+++`-fenced front matter from the body; returns (front, byte offset of front, body).
fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, usize, &'a str)> {
    let missing = || {
        Error::in_file(path, "the article has no front matter")
            .at_line(1)
            .with_help("start the file with a line `+++`, the TOML keys (headline = \"…\"), and another `+++`")
    };
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[text_start..];
    let first_nl = rest.find('\n').ok_or_else(missing)?;
    if rest[..first_nl].trim() != "+++" {
        return Err(missing());
    }
    let front_start = text_start + first_nl + 1;
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim() == "+++" {
            return Ok((&text[front_start..pos], front_start, &text[pos + line.len()..]));
        }
        pos += line.len();
    }
    Err(Error::in_file(path, "the front matter is not closed by a `+++` line").at_line(1))
}

/// Lines where `key = ` starts, in order, within the front matter.
fn key_lines(text: &str, front_start: usize, front: &str, key: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for line in front.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            lines.push(crate::error::line_of(text, front_start + pos));
        }
        pos += line.len();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Article> {
        Article::parse(Path::new("articles/a.md"), text)
    }

    #[test]
    fn reads_front_matter_and_blocks() {
        let a = parse("+++\nheadline = \"Titre\"\n+++\nUn *mot* et **gras**.\n\n## Inter\n\n> Citation\n").unwrap();
        assert_eq!(a.front.headline, "Titre");
        assert_eq!(a.blocks.len(), 3);
        assert_eq!(a.blocks[0].spans()[1], Span { text: "mot".into(), face: Face::Italic, struck: false });
        assert_eq!(a.blocks[0].spans()[3].face, Face::Bold);
        assert!(matches!(a.blocks[1], Block::Subhead(_)));
        assert!(matches!(a.blocks[2], Block::Quote(_)));
    }

    #[test]
    fn unknown_key_names_line_and_closest_key() {
        let err = parse("+++\nheadline = \"T\"\nbyilne = \"X\"\n+++\nTexte\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("byilne"), "{err}");
        assert_eq!(err.help.as_deref(), Some("did you mean `byline`?"));
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        assert!(parse("Juste du texte\n").is_err());
        assert!(parse("+++\nheadline = \"T\"\nTexte\n").is_err());
    }

    #[test]
    fn photo_lines_are_recorded() {
        let a = parse("+++\nheadline = \"T\"\n[[photos]]\nfile = \"a.jpg\"\n+++\nx\n").unwrap();
        assert_eq!(a.photo_lines, vec![4]);
    }
}
