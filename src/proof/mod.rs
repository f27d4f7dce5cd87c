//! Proofs: the issue with overlays as PDF, page images, a contact sheet, an HTML proof, a line dump,
//! and what changed since the previous proof.
//!
//! A [`Session`] keeps what one proof can lend the next (fonts, set article bodies, page rasters), so
//! `maquette watch` redraws only the pages whose frames changed.

pub mod contact;
pub mod diff;
pub mod html;
pub mod lines;
pub mod overlay;
pub mod planning;
pub mod watch;

use crate::error::Result;
use crate::files::commit;
use crate::fonts::FontBook;
use crate::frame::PageFrame;
use crate::frame::print::Press;
use crate::layout::{Ctx, Document, Styles};
use crate::model::Issue;
use crate::pdf;
use crate::press::{self, PhotoSetup, early::Early, raster};
use crate::text::Shaper;
use crate::text::hyphenate::{Hyphenator, Rules};
use image::RgbImage;
use overlay::{LineFlags, Overlays};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Options of `maquette proof`.
#[derive(Clone, Debug)]
pub struct ProofOptions {
    /// Proof folder (default: `<issue>/out/proof`).
    pub out: Option<PathBuf>,
    /// Resolution of the page images.
    pub dpi: f64,
    /// Overlays drawn on the proof.
    pub overlays: Overlays,
    /// Write the contact sheet.
    pub contact: bool,
    /// Move the proof found in the folder to `previous/` first.
    pub keep_previous: bool,
    /// Compare with the previous proof into `diff/`.
    pub diff: bool,
}

impl Default for ProofOptions {
    fn default() -> Self {
        ProofOptions { out: None, dpi: 100.0, overlays: Overlays::ALL, contact: true, keep_previous: true, diff: false }
    }
}

/// What a proof produced.
pub struct ProofOutcome {
    /// The laid-out issue (without overlays) and its report.
    pub document: Document,
    /// The proof folder.
    pub dir: PathBuf,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Pages rasterised (the others were unchanged since the session's last proof).
    pub rendered: usize,
    /// Time spent per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// Changes since the previous proof, when asked for.
    pub diff: Option<diff::Diff>,
    /// The issue's title and number.
    pub title: String,
    /// Folders the proof depends on besides the issue's: the template's and the fonts'.
    pub deps: Vec<PathBuf>,
}

impl ProofOutcome {
    /// Stage timings on one line: `layout 120 ms, pdf 40 ms, …`.
    pub fn timing_line(&self) -> String {
        let parts: Vec<String> = self.timings.iter().map(|(k, d)| format!("{k} {} ms", d.as_millis())).collect();
        parts.join(", ")
    }
}

/// Proofs one issue once.
pub fn proof(issue_dir: &Path, opts: &ProofOptions) -> Result<ProofOutcome> {
    let dir = opts.out.clone().unwrap_or_else(|| issue_dir.join("out").join("proof"));
    let _lock = crate::files::lock_out(&dir)?;
    Session::default().proof(issue_dir, opts)
}

/// State carried from one proof to the next.
#[derive(Default)]
pub struct Session {
    book: Option<FontBook>,
    last: Option<Drawn>,
    plan: Option<planning::KeptPlan>,
}

/// The pages of the last proof as drawn: frames with overlays, their rasters and PNG files.
struct Drawn {
    key: (PathBuf, u64, Overlays),
    frames: Vec<PageFrame>,
    rasters: Vec<RgbImage>,
    pngs: Vec<Vec<u8>>,
}

impl Session {
    /// Forgets loaded fonts and drawn pages (after a font or template changed).
    pub fn forget(&mut self) {
        self.book = None;
        self.last = None;
    }

    /// Proofs the issue, reusing what the session holds.
    pub fn proof(&mut self, issue_dir: &Path, opts: &ProofOptions) -> Result<ProofOutcome> {
        let mut laps = Laps::new();
        let mut issue = Issue::load(issue_dir)?;
        let dir = opts.out.clone().unwrap_or_else(|| issue_dir.join("out").join("proof"));
        let cache = press::cache::folder(&issue_dir.join("out"));
        let early = Early::start(&issue.images, &cache);
        let book = self.book.get_or_insert_with(FontBook::new);
        let (document, plan, replanned) = planning::lay_out(&mut issue, book, &mut self.plan)?;
        laps.lap(if replanned { "plan and layout" } else { "layout" });
        let marks: Vec<_> = document.pages.iter().flat_map(|p| &p.lines).collect();
        let flags = overlay::flag_lines(&marks);
        let frames = decorate_all(&issue, book, &document, &flags, opts.overlays)?;
        let whole = proof_pdf(&issue, book, &frames, &early)?;
        laps.lap("pdf");

        let key = (dir.clone(), opts.dpi.to_bits(), opts.overlays);
        let last = self.last.take().filter(|l| l.key == key);
        let same = |i: usize| last.as_ref().is_some_and(|l| l.frames.get(i) == Some(&frames[i]));
        let redraw: Vec<bool> = (0..frames.len()).map(|i| !same(i)).collect();
        let (rasters, pngs) = draw_pages(&whole, opts.dpi, &redraw, last)?;
        let rendered = redraw.iter().filter(|r| **r).count();
        laps.lap("raster");

        let mut files: Vec<File> = Vec::new();
        let previous = if opts.keep_previous { previous_files(&dir) } else { vec![] };
        let previous_pdf = previous.iter().find(|(p, _)| p.ends_with("proof.pdf")).map(|(_, b)| b.clone());
        files.extend(previous);
        let page_images = page_images(&pngs);
        for (img, png) in page_images.iter().zip(&pngs).zip(&redraw).filter(|(_, r)| **r).map(|(p, _)| p) {
            files.push((dir.join(&img.file), png.clone()));
        }
        if opts.contact {
            files.push((dir.join("contact.png"), raster::png(&contact::sheet(&rasters, 360))?));
        }
        let title = format!("{} n° {}", issue.def.title, issue.def.number);
        let free = free_grid(&issue, &document);
        let html = html::page(&title, &document.pages, &page_images, (&document.report, &plan, &free), &flags);
        files.push((dir.join("index.html"), html.into_bytes()));
        let dump = lines::dump(&document.pages);
        files.push((dir.join("lines.json"), to_json(&dump)?));
        files.push((dir.join("report.json"), to_json(&document.report)?));
        files.push((dir.join("proof.pdf"), whole));
        let diff = match previous_pdf.filter(|_| opts.diff) {
            Some(old) => {
                let (d, diff_files) = since_previous(&dir, &old, opts.dpi, &rasters, &dump)?;
                files.extend(diff_files);
                laps.lap("diff");
                Some(d)
            }
            None => None,
        };
        commit(&files)?;
        if diff.is_some() {
            diff::clear(&dir.join("diff"), &files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
        }
        laps.lap("write");
        self.last = Some(Drawn { key, frames, rasters, pngs });
        let files = files.into_iter().map(|(p, _)| p).collect();
        let layouts = issue.template.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let deps = vec![layouts, issue.template.fonts_dir.clone()];
        Ok(ProofOutcome { document, dir, files, rendered, timings: laps.done, diff, title, deps })
    }
}

/// Each page's free grid lines, per column.
fn free_grid(issue: &Issue, doc: &Document) -> Vec<(usize, Vec<usize>)> {
    let t = &issue.template;
    doc.pages
        .iter()
        .zip(&issue.pages)
        .map(|(frame, page)| {
            let first = t.variants.get(&page.variant).map_or(0, |v| v.nameplate_lines);
            (frame.number, crate::layout::free::free_lines(t, frame, first))
        })
        .collect()
}

/// A file to write: path and bytes.
type File = (PathBuf, Vec<u8>);

/// Stage timings.
struct Laps {
    start: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn new() -> Laps {
        Laps { start: Instant::now(), done: Vec::new() }
    }

    fn lap(&mut self, name: &'static str) {
        self.done.push((name, self.start.elapsed()));
        self.start = Instant::now();
    }
}

/// The proof shows the photos as they will print: converted through the same profile, with the
/// front-page thumbnails kept as vector pages (sharp at any zoom).
fn proof_pdf(issue: &Issue, book: &FontBook, frames: &[PageFrame], early: &Early) -> Result<Vec<u8>> {
    let icc = issue.printer.icc_bytes()?;
    let meta = pdf::Meta {
        title: format!("{} n° {} — proof", issue.def.title, issue.def.number),
        date: (issue.date.year, issue.date.month, issue.date.day),
        print: pdf::PrintSetup::new(&issue.printer, &icc),
    };
    let cache = press::cache::folder(&issue.dir.join("out"));
    let setup = PhotoSetup { printer: &issue.printer, icc: &icc, cache: Some(&cache), early: Some(early) };
    let press: Press = press::prepare(frames, issue, &setup)?;
    pdf::write(&press, book, &meta)
}

/// Compares the new pages with the previous proof (its PDF and the `lines.json` still in `dir`).
fn since_previous(
    dir: &Path,
    old_pdf: &[u8],
    dpi: f64,
    rasters: &[RgbImage],
    dump: &lines::LineDump,
) -> Result<(diff::Diff, Vec<File>)> {
    let old_lines = lines::read(&dir.join("lines.json")).ok();
    let old_rasters = raster::rasterise(old_pdf, dpi)?;
    let (d, outlined) = diff::diff_rasters(&old_rasters, rasters, old_lines.as_ref(), Some(dump));
    let files = diff::files(&dir.join("diff"), &d, &outlined)?;
    Ok((d, files))
}

fn decorate_all(
    issue: &Issue,
    book: &mut FontBook,
    doc: &Document,
    flags: &[LineFlags],
    on: Overlays,
) -> Result<Vec<PageFrame>> {
    let styles = Styles::load(&issue.template, book)?;
    let hyph = Hyphenator::new(Rules::default());
    let mut ctx = Ctx { issue, t: &issue.template, styles: &styles, shaper: Shaper::new(book), hyph };
    let mut start = 0;
    let mut out = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mine = &flags[start..start + page.lines.len()];
        start += page.lines.len();
        out.push(overlay::decorate(&mut ctx, page, &doc.report, mine, on));
    }
    Ok(out)
}

/// Rasterises the pages marked in `redraw` (on both cores) and takes the others from `last`.
fn draw_pages(pdf: &[u8], dpi: f64, redraw: &[bool], last: Option<Drawn>) -> Result<(Vec<RgbImage>, Vec<Vec<u8>>)> {
    let half = |k: usize| {
        let wanted = move |i: usize| redraw[i] && redraw[..i].iter().filter(|r| **r).count() % 2 == k;
        let rasters = raster::rasterise_pages(pdf, dpi, Some(&wanted))?;
        let pngs = rasters.iter().map(|r| if r.width() == 0 { Ok(vec![]) } else { raster::png(r) });
        Ok::<_, crate::Error>((rasters.clone(), pngs.collect::<Result<Vec<_>>>()?))
    };
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| half(1));
        (half(0), other.join())
    });
    let (mut rasters, mut pngs) = a?;
    let (r1, p1) = b.map_err(|_| crate::Error::msg("the rasteriser stopped unexpectedly"))??;
    let (mut old_r, mut old_p) = last.map(|l| (l.rasters, l.pngs)).unwrap_or_default();
    for i in 0..redraw.len() {
        if r1[i].width() > 0 {
            rasters[i] = r1[i].clone();
            pngs[i] = p1[i].clone();
        } else if !redraw[i] {
            rasters[i] = std::mem::take(&mut old_r[i]);
            pngs[i] = std::mem::take(&mut old_p[i]);
        }
    }
    Ok((rasters, pngs))
}

fn page_images(pngs: &[Vec<u8>]) -> Vec<html::PageImage> {
    pngs.iter()
        .enumerate()
        .map(|(i, png)| {
            let mut h = std::hash::DefaultHasher::new();
            png.hash(&mut h);
            html::PageImage {
                n: i + 1,
                file: format!("page-{:02}.png", i + 1),
                v: format!("{:012x}", h.finish() >> 16),
            }
        })
        .collect()
}

/// The proof found in `dir`, to be kept in `dir/previous/`.
fn previous_files(dir: &Path) -> Vec<File> {
    ["proof.pdf", "lines.json", "report.json"]
        .iter()
        .filter_map(|f| std::fs::read(dir.join(f)).ok().map(|b| (dir.join("previous").join(f), b)))
        .collect()
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(|e| crate::Error::msg(e.to_string()))
}
