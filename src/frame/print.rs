//! What the press hands the PDF writer: the pages as they print, and every picture they place made
//! ready for the press (converted, resampled, encoded).
//!
//! These are data only. The press fills them ([`crate::press::prepare`]); the writer reads them and
//! decides nothing, so it never needs the press's logic (photo conversion, caches, rasterising).

use super::PageFrame;
use crate::model::image::InkSums;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Pictures ready for the press, by image key.
pub type Images = BTreeMap<String, Encoded>;

/// The pages for the press and their pictures.
#[derive(Debug)]
pub struct Press<'a> {
    /// Pages as they print: a front-page thumbnail is a picture here, where the layout's own frames
    /// keep it as vector content for proofs.
    pub pages: Cow<'a, [PageFrame]>,
    /// Every picture the pages place (and the pages their thumbnails show), by key.
    pub images: Images,
    /// What the press found (resolutions under the printer's warning threshold), in key order.
    pub warnings: Vec<String>,
}

/// How an image stream's samples are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// JPEG (`DCTDecode`): photos.
    Jpeg,
    /// Deflate (`FlateDecode`): lossless samples, for logos and drawings.
    Flate,
    /// Samples as they are, for pictures that are only drawn in memory and never written to a
    /// file (proof pages' photos at screen resolution).
    Raw,
}

/// An image stream ready to be written into any number of PDFs.
#[derive(Clone, Debug)]
pub struct Encoded {
    /// The compressed samples.
    pub data: Arc<Vec<u8>>,
    /// How they are compressed.
    pub codec: Codec,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// 1 grey, 3 RGB, 4 CMYK.
    pub components: u8,
    /// Adobe CMYK JPEGs store 255 for no ink: the writer gives such a stream an inverted decode.
    pub inverted: bool,
    /// A deflated alpha channel, one byte a pixel, written as a soft mask.
    pub mask: Option<Vec<u8>>,
    /// For a CMYK JPEG, its ink as a reader decodes it, when the press measured it (it does for
    /// every one it makes): the build's preflight takes it from here instead of decoding again.
    pub ink: Option<InkSums>,
}

impl Encoded {
    /// A JPEG stream; `inverted` for Adobe CMYK JPEGs, which store 255 for no ink.
    pub fn jpeg(bytes: Arc<Vec<u8>>, (width, height): (u32, u32), components: u8, inverted: bool) -> Encoded {
        Encoded { data: bytes, codec: Codec::Jpeg, width, height, components, inverted, mask: None, ink: None }
    }

    /// Raw samples, deflated (lossless: logos and drawings keep their edges).
    pub fn flate(samples: &[u8], (width, height): (u32, u32), components: u8) -> Encoded {
        let data = Arc::new(deflate(samples));
        Encoded { data, codec: Codec::Flate, width, height, components, inverted: false, mask: None, ink: None }
    }

    /// Raw samples, not compressed.
    pub fn raw(samples: Vec<u8>, (width, height): (u32, u32), components: u8) -> Encoded {
        let data = Arc::new(samples);
        Encoded { data, codec: Codec::Raw, width, height, components, inverted: false, mask: None, ink: None }
    }

    /// Adds a deflated alpha channel, written as a soft mask.
    pub fn with_mask(mut self, deflated_alpha: Vec<u8>) -> Encoded {
        self.mask = Some(deflated_alpha);
        self
    }

    /// Records the ink the press measured of this CMYK JPEG.
    pub fn with_ink(mut self, ink: Option<InkSums>) -> Encoded {
        self.ink = ink;
        self
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// 1 grey, 3 RGB, 4 CMYK.
    pub fn components(&self) -> u8 {
        self.components
    }
}

/// Zlib at a low level, for every stream of the files: page streams and font programs are small,
/// and build time matters more to the editors than a few kilobytes. One function for the press and
/// the writer, so a picture's stream is the same bytes whichever makes it.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 1)
}
