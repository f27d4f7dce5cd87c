//! Frames: what layout hands to the PDF writer, the proofs and the golden text dumps.
//!
//! Coordinates are points from the page's top-left corner, y downwards; the writers flip them.
//! [`print`] holds what the press adds for the PDF writer: the pages as they print and their
//! pictures made ready.

pub mod print;

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
    /// The characters the glyphs stand for (see [`crate::text::glyph_texts`]).
    pub text: String,
    /// Horizontal scale of the glyphs (glyph expansion, drawn with the PDF `Tz` operator); 1 = natural.
    pub hscale: f64,
}

impl TextItem {
    /// The characters of the run, owned (tests and proofs collect them).
    pub fn text(&self) -> String {
        self.text.clone()
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
    /// The tint the picture stands on (None: paper white). A PDF/X-1a file has no transparency,
    /// so the press lays a picture's soft edges onto this colour instead of onto white.
    pub backdrop: Option<Cmyk>,
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
    /// A whole page drawn small (the promo box's front-page thumbnail).
    Thumbnail(ThumbnailItem),
}

/// A page drawn scaled into a rectangle, as vector content.
#[derive(Clone, Debug, PartialEq)]
pub struct ThumbnailItem {
    /// x, y, width, height of the picture; the page is scaled to fit and centred in it.
    pub rect: [f64; 4],
    /// The page drawn (a copy: the frame may come from another issue).
    pub page: Box<PageFrame>,
}

impl ThumbnailItem {
    /// Where the scaled page lands: x, y, width, height, and the scale.
    pub fn placed(&self) -> ([f64; 4], f64) {
        let [x, y, w, h] = self.rect;
        let (pw, ph) = self.page.size;
        let s = (w / pw).min(h / ph);
        let (dw, dh) = (pw * s, ph * s);
        ([x + (w - dw) / 2.0, y + (h - dh) / 2.0, dw, dh], s)
    }
}

/// Where a module sits and what it holds, for proofs and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleBox {
    /// Article slug or `promo`.
    pub label: String,
    /// x, y, width, height.
    pub rect: [f64; 4],
    /// Placed by the planner, not by hand.
    pub planned: bool,
}

/// A body line as placed, for proofs: where it sits and what a proofreader looks for in it.
#[derive(Clone, Debug, PartialEq)]
pub struct LineMark {
    /// Article slug.
    pub slug: String,
    /// The line's grid band: x, y, width, height.
    pub rect: [f64; 4],
    /// Paragraph number in the article's stream.
    pub para: usize,
    /// Index of the line in its paragraph.
    pub index: usize,
    /// Lines in the paragraph.
    pub count: usize,
    /// Ends with an added hyphen.
    pub hyphenated: bool,
    /// Word-space width ÷ natural space (justified lines only).
    pub space_ratio: Option<f64>,
    /// The line's text.
    pub text: String,
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
    /// Body lines of articles, in stream order per article (proofs only; writers ignore them).
    pub lines: Vec<LineMark>,
}

impl PageFrame {
    /// Every item the page paints, including those of the pages its thumbnails show (whose fonts
    /// and photos a file of this page must carry too).
    pub fn painted(&self) -> Vec<&Item> {
        let mut out = Vec::with_capacity(self.items.len());
        for item in &self.items {
            if let Item::Thumbnail(t) = item {
                out.extend(t.page.painted());
            }
            out.push(item);
        }
        out
    }
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
        Item::Thumbnail(t) => {
            t.rect[0] += dx;
            t.rect[1] += dy;
        }
    }
    item
}
