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
    prepare_among(pages, None, issue, setup)
}

/// [`prepare`] for some pages of an issue: each photo is made for its largest size in `issue_wide`
/// (the whole issue's [`photo::placements`]) as well, so a page written alone gets the pictures the
/// whole issue's file gives it.
pub fn prepare_among<'p>(
    pages: &'p [PageFrame],
    issue_wide: Option<&BTreeMap<String, (f64, f64)>>,
    issue: &Issue,
    setup: &PhotoSetup,
) -> Result<Press<'p>> {
    let pages = backdrop::onto_tints(Cow::Borrowed(pages), &issue.images, &issue.printer);
    let (images, warnings) = made_ready(&issue.images, &sized(&pages, issue_wide), setup)?;
    let pages = rules::thickened(pages, &issue.printer);
    Ok(Press { pages, images, warnings })
}

/// The largest size of each photo `pages` place, grown to its size in `issue_wide` (looked up by
/// the photo's own key, whatever tint it is laid onto).
pub fn sized(pages: &[PageFrame], issue_wide: Option<&BTreeMap<String, (f64, f64)>>) -> BTreeMap<String, (f64, f64)> {
    let mut placed = photo::placements(pages);
    for (k, size) in placed.iter_mut() {
        if let Some(wide) = issue_wide.and_then(|w| w.get(backdrop::split(k).0)) {
            *size = (size.0.max(wide.0), size.1.max(wide.1));
        }
    }
    placed
}

/// The pictures of `images` that `pages` place, made ready for the press, with warnings about
/// their resolution, in key order.
pub fn pictures(
    images: &BTreeMap<String, Image>,
    pages: &[PageFrame],
    setup: &PhotoSetup,
) -> Result<(Images, Vec<String>)> {
    made_ready(images, &photo::placements(pages), setup)
}

/// The pictures of `images` placed at most at the sizes `placed` gives, made ready, with the
/// warnings about their resolution.
fn made_ready(
    images: &BTreeMap<String, Image>,
    placed: &BTreeMap<String, (f64, f64)>,
    setup: &PhotoSetup,
) -> Result<(Images, Vec<String>)> {
    let (encoded, notes) = photo::prepare_all(images, placed, setup)?;
    Ok((encoded, notes.into_iter().filter_map(|n| n.warning).collect()))
}
