//! An article's body as data: blocks (paragraphs, subheads, pull quotes) of runs of text in a face.

/// Which face of a style a run of text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Upright.
    Regular,
    /// `*italic*`.
    Italic,
    /// `**bold**`.
    Bold,
    /// Both.
    BoldItalic,
}

impl Face {
    pub(super) fn with(self, italic: bool, bold: bool) -> Face {
        match (italic, bold) {
            (false, false) => Face::Regular,
            (true, false) => Face::Italic,
            (false, true) => Face::Bold,
            (true, true) => Face::BoldItalic,
        }
    }
}

/// A run of text in one face.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// The text as typed (normalised later, when it is set).
    pub text: String,
    /// Its face.
    pub face: Face,
    /// `~~struck through~~`: printed with a line through it, since a struck word is still meant
    /// to be read (« le ~~licenciement~~ plan social »).
    pub struck: bool,
}

impl Span {
    /// A regular run.
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), face: Face::Regular, struck: false }
    }
}

/// A block of the body.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A paragraph of body text.
    Paragraph(Vec<Span>),
    /// A `##` subhead (intertitre).
    Subhead(Vec<Span>),
    /// A `>` pull quote.
    Quote(Vec<Span>),
}

impl Block {
    /// The block's runs.
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Paragraph(s) | Block::Subhead(s) | Block::Quote(s) => s,
        }
    }
}
