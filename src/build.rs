//! The `build` pipeline: load → lay out → write PDFs, replacing earlier output only when all succeeded.

use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::frame::PageFrame;
use crate::layout::{Document, lay_out};
use crate::model::Issue;
use crate::pdf;
use crate::preflight::{self, PreflightReport};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Options of `maquette build`.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output folder (default: `<issue>/out`).
    pub out: Option<PathBuf>,
    /// Fail on any warning (overset, short modules, missing glyphs, unplaced articles) instead.
    pub strict: bool,
}

/// What a build produced.
#[derive(Debug)]
pub struct BuildOutcome {
    /// The laid-out document and its report.
    pub document: Document,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Preflight of the whole-issue PDF against the printer profile.
    pub preflight: PreflightReport,
}

/// Builds an issue folder into `out/issue.pdf` and `out/print/<pattern>.pdf`.
pub fn build(issue_dir: &Path, opts: &BuildOptions) -> Result<BuildOutcome> {
    let issue = Issue::load(issue_dir)?;
    let icc = issue.printer.icc_bytes()?;
    let out = opts.out.clone().unwrap_or_else(|| issue_dir.join("out"));
    let early = pdf::early::Early::start(&issue.images, &photo_cache(&out));
    let mut book = FontBook::new();
    let mut document = lay_out(&issue, &mut book)?;
    let setup = pdf::PrintSetup::new(&issue.printer, &icc);
    let photos = (icc.as_slice(), &setup, &early);
    let (print_pages, images, warnings) = prepare_photos(&issue, &document.pages, &book, photos, &out)?;
    document.report.warnings.extend(warnings);
    if opts.strict {
        let problems = document.report.problems();
        if !problems.is_empty() {
            return Err(Error::msg(format!(
                "--strict: {} problem{} found, nothing written:\n  {}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                problems.join("\n  ")
            )));
        }
    }
    let press = Press { pages: &print_pages, images: &images, setup: &setup };
    let (files, preflight) = write_outputs(&issue, &document, &book, &press, &out, opts.strict)?;
    Ok(BuildOutcome { document, files, preflight })
}

/// The pages as the press gets them, with the photos they place.
struct Press<'a> {
    pages: &'a [PageFrame],
    images: &'a BTreeMap<String, pdf::Encoded>,
    setup: &'a pdf::PrintSetup,
}

/// Pages for the press, their photos by key, and warnings about the photos.
type PressParts<'a> = (Cow<'a, [PageFrame]>, BTreeMap<String, pdf::Encoded>, Vec<String>);

/// The pages for the press, their thumbnails of front pages rendered into pictures (see
/// [`crate::thumbs`]; the document keeps the vector ones for proofs), and their photos converted
/// (cached in `out/.cache/photos`), with warnings about low resolutions.
fn prepare_photos<'a>(
    issue: &Issue,
    pages: &'a [PageFrame],
    book: &FontBook,
    (icc, setup, early): (&[u8], &pdf::PrintSetup, &pdf::early::Early),
    out: &Path,
) -> Result<PressParts<'a>> {
    let cache = photo_cache(out);
    let (mut encoded, mut warnings) = press_photos(issue, &issue.images, pages, (icc, Some(early)), &cache)?;
    if !crate::thumbs::has_thumbnails(pages) {
        return Ok((Cow::Borrowed(pages), encoded, warnings));
    }
    let mut print_pages = pages.to_vec();
    let pictures = crate::thumbs::rasterise_thumbnails(&mut print_pages, issue, book, (&encoded, setup), &cache)?;
    let (rendered, more) = press_photos(issue, &pictures, &print_pages, (icc, None), &cache)?;
    encoded.extend(rendered);
    warnings.extend(more);
    Ok((Cow::Owned(print_pages), encoded, warnings))
}

/// Where converted photos are kept between builds.
pub fn photo_cache(out: &Path) -> PathBuf {
    out.join(".cache").join("photos")
}

/// The photos placed on `pages`, converted for the press (taking those `early` decoded while the
/// layout ran), with warnings about low resolutions.
pub fn press_photos(
    issue: &Issue,
    images: &BTreeMap<String, crate::model::Image>,
    pages: &[PageFrame],
    (icc, early): (&[u8], Option<&pdf::early::Early>),
    cache: &Path,
) -> Result<(BTreeMap<String, pdf::Encoded>, Vec<String>)> {
    let setup = pdf::photo::PhotoSetup { printer: &issue.printer, icc, cache: Some(cache), early };
    let placed = pdf::photo::placements(pages);
    let (encoded, notes) = pdf::photo::prepare_all(images, &placed, &setup)?;
    Ok((encoded, notes.into_iter().filter_map(|n| n.warning).collect()))
}

fn write_outputs(
    issue: &Issue,
    doc: &Document,
    book: &FontBook,
    press: &Press,
    out: &Path,
    strict: bool,
) -> Result<(Vec<PathBuf>, PreflightReport)> {
    let images = press.images;
    let d = issue.date;
    let meta = pdf::Meta {
        title: format!("{} n° {}", issue.def.title, issue.def.number),
        date: (d.year, d.month, d.day),
        print: press.setup.clone(),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let json = serde_json::to_vec_pretty(&doc.report).map_err(|e| Error::msg(e.to_string()))?;
    files.push((out.join("report.json"), json));
    let all: Vec<_> = press.pages.iter().collect();
    // The whole issue on one core, the single pages on the other: the build's two largest jobs.
    let (whole, singles) = std::thread::scope(|s| {
        let whole = s.spawn(|| pdf::write(&all, book, images, &meta));
        let singles: Vec<_> = press.pages.iter().map(|p| pdf::write(&[p], book, images, &meta)).collect();
        (whole.join(), singles)
    });
    let whole = whole.map_err(|_| Error::msg("the PDF writer stopped unexpectedly"))?;
    let whole = whole?;
    let report = preflight_gate(&whole, &issue.printer, strict)?;
    files.push((out.join("issue.pdf"), whole));
    for (page, bytes) in press.pages.iter().zip(singles) {
        files.push((out.join("print").join(issue.page_file_name(page.number)), bytes?));
    }
    commit(&files)?;
    Ok((files.into_iter().map(|(p, _)| p).collect(), report))
}

/// Preflights the whole-issue PDF; with `strict`, an error-level finding stops the build.
fn preflight_gate(pdf: &[u8], printer: &crate::printer::Printer, strict: bool) -> Result<PreflightReport> {
    let report = preflight::check_bytes(pdf, printer)?;
    if strict && !report.passed() {
        let lines: Vec<String> = report.errors().map(|f| f.message.clone()).collect();
        return Err(Error::msg(format!(
            "--strict: preflight found {} error{}, nothing written:\n  {}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" },
            lines.join("\n  ")
        )));
    }
    Ok(report)
}

/// Writes every file under a temporary name first, then renames them all, so a failure half-way
/// never leaves a mix of new and old files or a truncated PDF in place of a good one.
pub fn commit(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut temps = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = temp_name(path);
        if let Err(e) = std::fs::write(&tmp, bytes) {
            temps.iter().for_each(|t: &PathBuf| drop(std::fs::remove_file(t)));
            return Err(Error::io(&tmp, e));
        }
        temps.push(tmp);
    }
    for ((path, _), tmp) in files.iter().zip(&temps) {
        std::fs::rename(tmp, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}
