//! The press: turns the references in the frames into print-ready resources — photos decoded,
//! turned upright, resampled, converted to the press's CMYK under its ink limit and cached;
//! front-page thumbnails rasterised into pictures; rules and frames brought to the printer's least
//! line width; and pages rasterised for proofs.
//!
//! It reads frames and the issue's images and hands the PDF writer a [`Press`] (pages and
//! pictures). It never writes PDF itself: where a thumbnail needs its page as PDF to rasterise,
//! the build writes that page and hands the bytes back (see [`thumbs`]).

pub mod backdrop;
pub mod cache;
pub mod color;
pub mod decode;
pub mod early;
pub mod photo;
pub mod raster;
pub mod rules;
pub mod screen;
pub mod thumbs;

use crate::error::Result;
use crate::frame::PageFrame;
use crate::frame::print::{Images, Press};
use crate::model::{Image, Issue};
pub use photo::PhotoSetup;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The pages for the press with the issue's photos they place made ready (taking those
/// `setup.early` decoded while the layout ran), and warnings about low resolutions.
pub fn prepare<'p>(pages: &'p [PageFrame], issue: &Issue, setup: &PhotoSetup) -> Result<Press<'p>> {
    let pages = backdrop::onto_tints(Cow::Borrowed(pages), &issue.images, &issue.printer);
    let (images, warnings) = pictures(&issue.images, &pages, setup)?;
    let pages = rules::thickened(pages, &issue.printer);
    Ok(Press { pages, images, warnings })
}

/// The pictures of `images` that `pages` place, made ready for the press, with warnings about
/// their resolution, in key order.
pub fn pictures(
    images: &BTreeMap<String, Image>,
    pages: &[PageFrame],
    setup: &PhotoSetup,
) -> Result<(Images, Vec<String>)> {
    let placed = photo::placements(pages);
    let (encoded, notes) = photo::prepare_all(images, &placed, setup)?;
    Ok((encoded, notes.into_iter().filter_map(|n| n.warning).collect()))
}
