//! The proof's page images: the pages written as PDF with photos at screen resolution (the whole
//! issue, or only the pages an edit changed) and drawn on both cores, the others taken from the
//! proof before; and the proof PDF, with the press's photos.

use super::Drawn;
use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::frame::PageFrame;
use crate::frame::print::Press;
use crate::model::Issue;
use crate::pdf;
use crate::press::screen::ScreenPhotos;
use crate::press::{self, PhotoSetup, early::Early, raster};
use image::RgbImage;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// What writing proof pages as PDF needs. The whole issue is made ready for the press once and
/// written twice (page images, proof PDF) when both are needed.
pub(super) struct Pressing<'a> {
    issue: &'a Issue,
    book: &'a FontBook,
    early: &'a Early,
    /// Every page of the proof.
    frames: &'a [PageFrame],
    /// The largest size of each photo over the whole issue ([`press::photo::placements`]).
    issue_wide: BTreeMap<String, (f64, f64)>,
    whole: OnceCell<Press<'a>>,
}

impl<'a> Pressing<'a> {
    pub fn new(issue: &'a Issue, book: &'a FontBook, early: &'a Early, frames: &'a [PageFrame]) -> Pressing<'a> {
        let issue_wide = press::photo::placements(frames);
        Pressing { issue, book, early, frames, issue_wide, whole: OnceCell::new() }
    }

    /// The proof PDF. It shows the photos as they will print: converted through the same
    /// profile, with the front-page thumbnails kept as vector pages (sharp at any zoom).
    pub fn pdf(&self) -> Result<Vec<u8>> {
        self.write(self.whole()?, false)
    }

    /// Page `page` (0-based), or every page, as a PDF for drawing at `dpi` in memory: each photo
    /// brought down to the pixels it covers there (see [`press::screen`]), nothing deflated.
    pub fn screen_pdf(&self, page: Option<usize>, dpi: f64, screen: &mut ScreenPhotos) -> Result<Vec<u8>> {
        let alone;
        let press = match page {
            Some(i) => {
                alone = self.prepare(&self.frames[i..=i])?;
                &alone
            }
            None => self.whole()?,
        };
        let placed = press::sized(&press.pages, Some(&self.issue_wide));
        let images = screen.swap(&press.images, &placed, dpi);
        let drawn = Press { pages: Cow::Borrowed(&press.pages), images, warnings: Vec::new() };
        self.write(&drawn, true)
    }

    fn whole(&self) -> Result<&Press<'a>> {
        match self.whole.get() {
            Some(press) => Ok(press),
            None => {
                let press = self.prepare(self.frames)?;
                Ok(self.whole.get_or_init(|| press))
            }
        }
    }

    fn prepare<'p>(&self, frames: &'p [PageFrame]) -> Result<Press<'p>> {
        let issue = self.issue;
        let icc = issue.printer.icc_bytes()?;
        let cache = press::cache::folder(&issue.dir.join("out"));
        let setup = PhotoSetup { printer: &issue.printer, icc: &icc, cache: Some(&cache), early: Some(self.early) };
        press::prepare_among(frames, Some(&self.issue_wide), issue, &setup)
    }

    fn write(&self, press: &Press, in_memory: bool) -> Result<Vec<u8>> {
        let issue = self.issue;
        let icc = issue.printer.icc_bytes()?;
        let print = match in_memory {
            true => pdf::PrintSetup::in_memory(&issue.printer, &icc),
            false => pdf::PrintSetup::new(&issue.printer, &icc),
        };
        let meta = pdf::Meta {
            title: format!("{} n° {} — proof", issue.def.title, issue.def.number),
            date: (issue.date.year, issue.date.month, issue.date.day),
            print,
        };
        pdf::write(press, self.book, &meta)
    }
}

/// The pages as drawn: rasters, their PNGs and the PNGs' cache busters.
pub(super) struct Pages {
    pub rasters: Vec<RgbImage>,
    pub pngs: Vec<Vec<u8>>,
    pub versions: Vec<String>,
}

/// Draws the pages `redraw` marks from a PDF of the whole issue and takes the others from `last`.
pub(super) fn pages(
    press: &Pressing,
    (dpi, screen): (f64, &mut ScreenPhotos),
    redraw: &[bool],
    last: Option<Drawn>,
) -> Result<Pages> {
    let pdf = press.screen_pdf(None, dpi, screen)?;
    let rasters = raster::rasterise_on_two_cores(&pdf, dpi, redraw)?;
    finish(rasters, redraw, last)
}

/// Draws each page `redraw` marks from a PDF of that page alone, and takes the others from `last`.
pub(super) fn alone(
    press: &Pressing,
    (dpi, screen): (f64, &mut ScreenPhotos),
    redraw: &[bool],
    last: Option<Drawn>,
) -> Result<Pages> {
    let mut rasters = vec![RgbImage::new(0, 0); redraw.len()];
    for i in (0..redraw.len()).filter(|&i| redraw[i]) {
        let pdf = press.screen_pdf(Some(i), dpi, screen)?;
        rasters[i] = raster::rasterise_pages(&pdf, dpi, None)?.pop().unwrap_or_default();
    }
    finish(rasters, redraw, last)
}

/// Encodes the new rasters as PNG on both cores and fills in the pages `last` kept.
fn finish(mut rasters: Vec<RgbImage>, redraw: &[bool], last: Option<Drawn>) -> Result<Pages> {
    let fresh: Vec<usize> = (0..redraw.len()).filter(|&i| redraw[i]).collect();
    let encode = |k: usize| -> Result<Vec<(usize, Vec<u8>)>> {
        fresh.iter().skip(k).step_by(2).map(|&i| Ok((i, raster::png(&rasters[i])?))).collect()
    };
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| encode(1));
        (encode(0), other.join())
    });
    let b = b.map_err(|_| Error::msg("the PNG encoder stopped unexpectedly"))??;
    let mut pngs = vec![Vec::new(); redraw.len()];
    let mut versions = vec![String::new(); redraw.len()];
    for (i, png) in a?.into_iter().chain(b) {
        versions[i] = version(&png);
        pngs[i] = png;
    }
    let Some(mut last) = last else { return Ok(Pages { rasters, pngs, versions }) };
    let kept = last.rasters.len().min(last.pngs.len()).min(last.versions.len());
    for i in (0..redraw.len()).filter(|&i| !redraw[i] && i < kept) {
        rasters[i] = std::mem::take(&mut last.rasters[i]);
        pngs[i] = std::mem::take(&mut last.pngs[i]);
        versions[i] = std::mem::take(&mut last.versions[i]);
    }
    Ok(Pages { rasters, pngs, versions })
}

/// A PNG's cache buster: its hash, so the browser fetches a page image again only when it changed.
fn version(png: &[u8]) -> String {
    let mut h = std::hash::DefaultHasher::new();
    png.hash(&mut h);
    format!("{:012x}", h.finish() >> 16)
}

/// The page images as the HTML proof names them.
pub(super) fn page_images(versions: &[String]) -> Vec<super::html::PageImage> {
    let image = |(i, v): (usize, &String)| super::html::PageImage {
        n: i + 1,
        file: format!("page-{:02}.png", i + 1),
        v: v.clone(),
    };
    versions.iter().enumerate().map(image).collect()
}
