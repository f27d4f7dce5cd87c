//! Text: French normalisation, shaping, hyphenation and Knuth–Plass line breaking into set lines.

pub mod breaker;
pub mod hyphenate;
pub mod memo;
pub mod micro;
pub mod normalise;
mod place;
pub mod quality;
pub mod setter;
pub mod shape;
pub mod small_caps;
pub mod types;
mod words;

use crate::fonts::FontId;
use crate::model::{Cmyk, Face};
pub use setter::set_paragraph;
pub use shape::Shaper;
pub use types::{Align, Line, PlacedGlyph, Run, Setting, glyph_texts};

/// The four faces of a style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FontSet {
    /// Upright.
    pub regular: FontId,
    /// Italic.
    pub italic: FontId,
    /// Bold.
    pub bold: FontId,
    /// Bold italic.
    pub bold_italic: FontId,
}

impl FontSet {
    /// The font for a face.
    pub fn get(&self, face: Face) -> FontId {
        match face {
            Face::Regular => self.regular,
            Face::Italic => self.italic,
            Face::Bold => self.bold,
            Face::BoldItalic => self.bold_italic,
        }
    }
}

/// A template style with its fonts loaded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Faces.
    pub fonts: FontSet,
    /// Size in points.
    pub size: f64,
    /// Baseline-to-baseline distance.
    pub leading: f64,
    /// Letter spacing in points, added after each character.
    pub tracking: f64,
    /// Ink.
    pub color: Cmyk,
    /// Set in capitals.
    pub uppercase: bool,
}
