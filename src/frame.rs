//! Frames: what layout hands to the PDF writer, the proofs and the golden text dumps.
//!
//! Coordinates are points from the page's top-left corner, y downwards; the writers flip them.

use crate::fonts::FontId;
use crate::model::Cmyk;
use crate::text::PlacedGlyph;

/// A run of glyphs on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextItem {
    /// Left end of the baseline.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Font.
    pub font: FontId,
    /// Size in points.
    pub size: f64,
    /// Ink.
    pub color: Cmyk,
    /// Glyphs, x from `x`.
    pub glyphs: Vec<PlacedGlyph>,
    /// Horizontal scale of the glyphs (glyph expansion, drawn with the PDF `Tz` operator); 1 = natural.
    pub hscale: f64,
}

impl TextItem {
    /// The characters of the run.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }
}

/// A photo placed in a frame and cropped to it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageItem {
    /// Key of the image in the image table.
    pub key: String,
    /// The visible frame (clip): x, y, width, height.
    pub frame: [f64; 4],
    /// Where the whole picture lands (it may overhang the frame, which then crops it).
    pub placed: [f64; 4],
}

/// A filled and/or stroked rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct RectItem {
    /// x, y, width, height.
    pub rect: [f64; 4],
    /// Fill colour.
    pub fill: Option<Cmyk>,
    /// Stroke colour and width.
    pub stroke: Option<(Cmyk, f64)>,
}

/// A straight rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleItem {
    /// Start point.
    pub from: (f64, f64),
    /// End point.
    pub to: (f64, f64),
    /// Line width.
    pub width: f64,
    /// Ink.
    pub color: Cmyk,
}

/// Something drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Text.
    Text(TextItem),
    /// Photo.
    Image(ImageItem),
    /// Rectangle (tints, frames).
    Rect(RectItem),
    /// Rule.
    Rule(RuleItem),
}

/// Where a module sits and what it holds, for proofs and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleBox {
    /// Article slug or `promo`.
    pub label: String,
    /// x, y, width, height.
    pub rect: [f64; 4],
}

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageFrame {
    /// 1-based page number.
    pub number: usize,
    /// Width and height.
    pub size: (f64, f64),
    /// Items in painting order.
    pub items: Vec<Item>,
    /// The modules' rectangles.
    pub modules: Vec<ModuleBox>,
}

/// An item moved by (dx, dy).
pub fn translate(item: &Item, dx: f64, dy: f64) -> Item {
    let mut item = item.clone();
    match &mut item {
        Item::Text(t) => {
            t.x += dx;
            t.y += dy;
        }
        Item::Image(i) => {
            for r in [&mut i.frame, &mut i.placed] {
                r[0] += dx;
                r[1] += dy;
            }
        }
        Item::Rect(r) => {
            r.rect[0] += dx;
            r.rect[1] += dy;
        }
        Item::Rule(r) => {
            r.from = (r.from.0 + dx, r.from.1 + dy);
            r.to = (r.to.0 + dx, r.to.1 + dy);
        }
    }
    item
}
