//! Proofs: the issue with overlays as PDF, page images, a contact sheet, an HTML proof, a line dump,
//! and what changed since the previous proof.
//!
//! A [`Session`] keeps what one proof can lend the next (fonts, set article bodies, page rasters), so
//! `maquette watch` redraws only the pages whose frames changed.

pub mod contact;
pub mod diff;
mod draw;
pub mod html;
pub mod lines;
pub mod overlay;
pub mod planning;
pub mod watch;

use crate::error::Result;
use crate::files::commit;
use crate::fonts::FontBook;
use crate::frame::PageFrame;
use crate::layout::{Ctx, Document, Styles};
use crate::model::Issue;
use crate::press::{self, early::Early, raster, screen::ScreenPhotos};
use crate::text::Shaper;
use crate::text::hyphenate::{Hyphenator, Rules};
use image::RgbImage;
use overlay::{LineFlags, Overlays};
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
    screen: ScreenPhotos,
}

/// The pages of the last proof as drawn: frames with overlays, their rasters and PNG files.
struct Drawn {
    key: (PathBuf, u64, Overlays),
    frames: Vec<PageFrame>,
    rasters: Vec<RgbImage>,
    pngs: Vec<Vec<u8>>,
    /// The page images' cache busters (hashes of their PNGs).
    versions: Vec<String>,
}

/// After an edit that changed at most this many pages, each is written and drawn alone and
/// the whole proof PDF is written once they are on screen (see [`Session::proof_showing`]).
const ALONE: usize = 2;

impl Session {
    /// Forgets loaded fonts and drawn pages (after a font or template changed).
    pub fn forget(&mut self) {
        self.book = None;
        self.last = None;
    }

    /// Proofs the issue, reusing what the session holds.
    pub fn proof(&mut self, issue_dir: &Path, opts: &ProofOptions) -> Result<ProofOutcome> {
        self.proof_showing(issue_dir, opts, &mut |_| {})
    }

    /// [`Session::proof`], calling `shown` with the time since it began as soon as the page
    /// images and the HTML page are on disk. When an edit changed a page or two since the
    /// session's last proof, those pages are written as PDF and drawn alone; the line dump, the
    /// report, the contact sheet, the whole proof PDF, the previous proof and the diff come after
    /// `shown`: the page on screen needs none of them, and `watch` reloads it at once.
    pub fn proof_showing(
        &mut self,
        issue_dir: &Path,
        opts: &ProofOptions,
        shown: &mut dyn FnMut(Duration),
    ) -> Result<ProofOutcome> {
        let begun = Instant::now();
        crate::layout::kept::new_build();
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

        let key = (dir.clone(), opts.dpi.to_bits(), opts.overlays);
        let last = self.last.take().filter(|l| l.key == key);
        let same = |i: usize| last.as_ref().is_some_and(|l| l.frames.get(i) == Some(&frames[i]));
        let redraw: Vec<bool> = (0..frames.len()).map(|i| !same(i)).collect();
        let rendered = redraw.iter().filter(|r| **r).count();
        let alone = last.is_some() && rendered <= ALONE;
        let press = draw::Pressing::new(&issue, book, &early, &frames);
        let screen = (opts.dpi, &mut self.screen);
        let drawn = match alone {
            true => draw::alone(&press, screen, &redraw, last)?,
            false => draw::pages(&press, screen, &redraw, last)?,
        };
        laps.lap("draw");

        let previous = if opts.keep_previous { previous_files(&dir) } else { vec![] };
        let previous_pdf = previous.iter().find(|(p, _)| p.ends_with("proof.pdf")).map(|(_, b)| b.clone());
        let old_lines = opts.diff.then(|| lines::read(&dir.join("lines.json")).ok()).flatten();
        let old_pngs = if opts.diff && previous_pdf.is_some() { page_pngs(&dir) } else { vec![] };
        let page_images = draw::page_images(&drawn.versions);
        let mut files: Vec<File> = Vec::new();
        for (img, png) in page_images.iter().zip(&drawn.pngs).zip(&redraw).filter(|(_, r)| **r).map(|(p, _)| p) {
            files.push((dir.join(&img.file), png.clone()));
        }
        let title = format!("{} n° {}", issue.def.title, issue.def.number);
        let free = free_grid(&issue, &document);
        let html = html::page(&title, &document.pages, &page_images, (&document.report, &plan, &free), &flags);
        files.push((dir.join("index.html"), html.into_bytes()));
        commit(&files)?;
        laps.lap("write");
        shown(begun.elapsed());

        let mut later = previous;
        let dump = lines::dump(&document.pages);
        later.push((dir.join("lines.json"), to_json(&dump)?));
        later.push((dir.join("report.json"), to_json(&document.report)?));
        if opts.contact {
            later.push((dir.join("contact.png"), raster::png(&contact::sheet(&drawn.rasters, 360))?));
        }
        later.push((dir.join("proof.pdf"), press.pdf()?));
        let diff = match previous_pdf.filter(|_| opts.diff) {
            Some(old) => {
                let old = (old.as_slice(), old_pngs);
                let (d, diff_files) = since_previous(&dir, old, opts.dpi, &drawn.rasters, (old_lines, &dump))?;
                later.extend(diff_files);
                Some(d)
            }
            None => None,
        };
        commit(&later)?;
        files.extend(later);
        if diff.is_some() {
            diff::clear(&dir.join("diff"), &files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
        }
        laps.lap(if diff.is_some() { "proof pdf and diff" } else { "proof pdf" });
        self.last = Some(Drawn { key, frames, rasters: drawn.rasters, pngs: drawn.pngs, versions: drawn.versions });
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

/// Compares the new pages with the previous proof (its page images, or its PDF drawn again when
/// they are not all there at this size, and its `lines.json`, read before the new ones replaced
/// them).
fn since_previous(
    dir: &Path,
    (old_pdf, old_pngs): (&[u8], Vec<Vec<u8>>),
    dpi: f64,
    rasters: &[RgbImage],
    (old_lines, dump): (Option<lines::LineDump>, &lines::LineDump),
) -> Result<(diff::Diff, Vec<File>)> {
    let old_rasters = match old_images(old_pdf, &old_pngs, rasters) {
        Some(images) => images,
        None => raster::rasterise(old_pdf, dpi)?,
    };
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

/// The page images found in `dir`, page 1 first, up to the first missing one.
fn page_pngs(dir: &Path) -> Vec<Vec<u8>> {
    (1..).map_while(|n| std::fs::read(dir.join(format!("page-{n:02}.png"))).ok()).collect()
}

/// The previous proof's page images, decoded, when there is one for each page of its PDF and
/// each is the size the new pages are drawn at (the same resolution). They are what that proof
/// showed, photos at screen resolution included, which drawing its PDF again would not give.
fn old_images(old_pdf: &[u8], pngs: &[Vec<u8>], new: &[RgbImage]) -> Option<Vec<RgbImage>> {
    let pages = hayro::hayro_syntax::Pdf::new(std::sync::Arc::new(old_pdf.to_vec())).ok()?.pages().len();
    if pages > pngs.len() || new.is_empty() {
        return None;
    }
    let size = new[0].dimensions();
    let decode = |png: &Vec<u8>| image::load_from_memory_with_format(png, image::ImageFormat::Png).ok();
    let images: Vec<RgbImage> =
        pngs[..pages].iter().map(|p| decode(p).map(|i| i.into_rgb8())).collect::<Option<_>>()?;
    images.iter().all(|i| i.dimensions() == size).then_some(images)
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
