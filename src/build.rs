//! The `build` pipeline: load → lay out → prepare for the press → write → preflight → commit,
//! replacing earlier output only when all succeeded.

use crate::error::{Error, Result};
use crate::files::Staged;
use crate::fonts::FontBook;
use crate::frame::PageFrame;
use crate::frame::print::Press;
use crate::layout::{Document, lay_out_with};
use crate::model::Issue;
use crate::pdf::{self, Meta};
use crate::plan::{self, PlanOptions, PlanReport};
use crate::preflight::{self, PreflightReport};
use crate::press::{self, PhotoSetup, early::Early};
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
    /// Page files of an earlier build removed from `print/` (more pages then, or another pattern).
    pub removed: Vec<String>,
    /// Preflight of the whole-issue PDF against the printer profile.
    pub preflight: PreflightReport,
    /// What the planner did (empty when no page has a flat plan).
    pub plan: PlanReport,
}

/// Builds an issue folder into `out/issue.pdf` and `out/print/<pattern>.pdf`.
pub fn build(issue_dir: &Path, opts: &BuildOptions) -> Result<BuildOutcome> {
    build_with(issue_dir, opts, &mut |_| {})
}

/// The build's phases, in order, as [`build_with`] names them when each ends.
pub const PHASES: [&str; 8] = ["load", "plan", "lay out", "press", "thumbnails", "write", "preflight", "commit"];

/// [`build`], calling `phase_done` with the name of each phase (see [`PHASES`]) as it ends, so a
/// benchmark can read the clock, the CPU time and the memory high-water mark between them.
pub fn build_with(issue_dir: &Path, opts: &BuildOptions, phase_done: &mut dyn FnMut(&str)) -> Result<BuildOutcome> {
    let mut issue = Issue::load(issue_dir)?;
    let icc = issue.printer.icc_bytes()?;
    let out = opts.out.clone().unwrap_or_else(|| issue_dir.join("out"));
    let _lock = crate::files::lock_out(&out)?;
    let cache = press::cache::folder(&out);
    let early = Early::start(&issue.images, &cache);
    let mut book = FontBook::new();
    phase_done(PHASES[0]);
    let (planned, bodies) = plan::plan(&mut issue, &mut book, PlanOptions::default())?;
    phase_done(PHASES[1]);
    let mut document = lay_out_with(&issue, &mut book, bodies)?;
    plan::note(&planned, &mut document.report);
    phase_done(PHASES[2]);
    let print = pdf::PrintSetup::new(&issue.printer, &icc);
    let setup = PhotoSetup { printer: &issue.printer, icc: &icc, cache: Some(&cache), early: Some(&early) };
    let mut press = press::prepare(&document.pages, &issue, &setup)?;
    phase_done(PHASES[3]);
    print_thumbnails(&mut press, &issue, &book, (&setup, &print))?;
    phase_done(PHASES[4]);
    document.report.warnings.extend(std::mem::take(&mut press.warnings));
    if opts.strict {
        strict_gate(&document)?;
    }
    let meta = meta(&issue, print);
    let singles: Vec<PathBuf> =
        press.pages.iter().map(|p| out.join("print").join(issue.page_file_name(p.number))).collect();
    let mut staged = Staged::default();
    let whole = write_pdfs(&press, (&book, &meta), (&singles, &mut staged))?;
    phase_done(PHASES[5]);
    let known = preflight::Known::new(press.images.values().filter_map(|e| Some((e.data.as_slice(), e.ink?))));
    let report = preflight_gate(&whole, (&issue.printer, &known), opts.strict)?;
    phase_done(PHASES[6]);
    let json = serde_json::to_vec_pretty(&document.report).map_err(|e| Error::msg(e.to_string()))?;
    let mut parts = vec![("report.json", json)];
    if !planned.is_empty() {
        parts.push(("plan.toml", plan::toml::plan_file(&planned).into_bytes()));
    }
    parts.push(("issue.pdf", whole));
    let mut files = Vec::new();
    for (name, bytes) in parts {
        files.push(out.join(name));
        staged.stage(&out.join(name), &bytes)?;
    }
    staged.commit()?;
    files.extend(singles);
    let removed = crate::files::remove_stale_pdfs(&out.join("print"), &files)?;
    phase_done(PHASES[7]);
    Ok(BuildOutcome { document, files, removed, preflight: report, plan: planned })
}

/// With `--strict`, any problem the layout or the press found stops the build.
fn strict_gate(document: &Document) -> Result<()> {
    let problems = document.report.problems();
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::msg(format!(
        "--strict: {} problem{} found, nothing written:\n  {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.join("\n  ")
    )))
}

/// Replaces the front-page thumbnails of the press's pages by pictures of those pages: each
/// page is written alone as PDF here (the press never writes PDF), rasterised by the press, and
/// made ready like any photo. The layout's own frames keep the vector thumbnails, for proofs.
fn print_thumbnails(
    press: &mut Press,
    issue: &Issue,
    book: &FontBook,
    setups: (&PhotoSetup, &pdf::PrintSetup),
) -> Result<()> {
    let (setup, print) = setups;
    let thumbs = press::thumbs::find(&press.pages, issue);
    if thumbs.is_empty() {
        return Ok(());
    }
    let print = pdf::PrintSetup { bleed: 0.0, crop_marks: false, ..print.clone() };
    let meta = Meta { title: "thumbnail".to_string(), ..meta(issue, print) };
    let cache = setup.cache.unwrap_or(Path::new("."));
    let mut pictures = BTreeMap::new();
    for t in &thumbs {
        let bytes = pdf::write_pages(&[t.shows], &press.images, book, &meta)?;
        pictures.insert(t.key.clone(), press::thumbs::picture(&bytes, t, issue, cache)?);
    }
    let keys: Vec<String> = thumbs.into_iter().map(|t| t.key).collect();
    let mut pages = std::mem::take(&mut press.pages).into_owned();
    press::thumbs::replace(&mut pages, keys.into_iter());
    let later = PhotoSetup { early: None, ..*setup };
    let (rendered, warnings) = press::pictures(&pictures, &pages, &later)?;
    // The thumbnails' frames are new strokes: as thick as the press prints, like every other.
    press.pages = press::rules::thickened(pages.into(), &issue.printer).into_owned().into();
    press.images.extend(rendered);
    press.warnings.extend(warnings);
    Ok(())
}

/// The writer's document data: the issue's title and number, its cover date, the printer's PDF/X.
fn meta(issue: &Issue, print: pdf::PrintSetup) -> Meta {
    let d = issue.date;
    Meta { title: format!("{} n° {}", issue.def.title, issue.def.number), date: (d.year, d.month, d.day), print }
}

/// The whole issue as PDF, and each page alone staged under its name in `names` as it is made.
fn write_pdfs(
    press: &Press,
    (book, meta): (&FontBook, &Meta),
    (names, staged): (&[PathBuf], &mut Staged),
) -> Result<Vec<u8>> {
    // The whole issue on one core, the single pages on the other: the build's two largest jobs.
    let (whole, singles) = std::thread::scope(|s| {
        let whole = s.spawn(|| pdf::write(press, book, meta));
        let single =
            |(p, name): (&PageFrame, &PathBuf)| staged.stage(name, &pdf::write_pages(&[p], &press.images, book, meta)?);
        let singles: Result<()> = press.pages.iter().zip(names).try_for_each(single);
        (whole.join(), singles)
    });
    singles?;
    whole.map_err(|_| Error::msg("the PDF writer stopped unexpectedly"))?
}

/// Preflights the whole-issue PDF, taking the ink of the photos the press made from what it
/// measured; with `strict`, an error-level finding stops the build.
fn preflight_gate(
    pdf: &[u8],
    (printer, known): (&crate::printer::Printer, &preflight::Known),
    strict: bool,
) -> Result<PreflightReport> {
    let report = preflight::check_built(pdf, printer, known)?;
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
