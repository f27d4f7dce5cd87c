//! The `maquette` command line: a thin layer over the library.

use clap::{Parser, Subcommand};
use maquette::preflight::{self, PreflightReport};
use maquette::printer::Printer;
use maquette::proof::diff::{self, Build};
use maquette::proof::overlay::Overlays;
use maquette::proof::watch::{WatchOptions, watch};
use maquette::proof::{ProofOptions, proof};
use maquette::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes to standard output, ending quietly when the reader has gone (`maquette preflight … |
/// head`): `print!` would panic on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = write!(stdout, $($arg)*).and_then(|_| stdout.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

/// `out!` with a new line.
macro_rules! outln {
    ($($arg:tt)*) => {{
        out!($($arg)*);
        out!("\n");
    }};
}

/// Newspaper layout engine: builds an issue folder (issue.toml, articles/*.md, images/) into a
/// print-ready PDF of the whole issue and one PDF per page.
#[derive(Parser)]
#[command(name = "maquette", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the next issue's folder from the last one (or a small first issue that builds).
    ///
    /// With --from, the new issue.toml keeps the previous one's comments, paper, template,
    /// printer, promo box (showing the previous front page) and pages, each page with an empty
    /// list of articles to fill; number + 1, a month later (or --date). hyphenation.toml and
    /// promo.md are copied; [messages] is kept only for a May issue.
    New {
        /// The new issue folder.
        issue_dir: PathBuf,
        /// The previous issue folder.
        #[arg(long)]
        from: Option<PathBuf>,
        /// The cover date, YYYY-MM-DD [default: a month after the previous issue's].
        #[arg(long)]
        date: Option<String>,
    },
    /// Turn Word (.docx), LibreOffice (.odt), web-page (.html) or text (.txt) files into articles.
    ///
    /// Each becomes ISSUE/articles/<slug>.md (headline, deck and byline in its front matter;
    /// headings, emphasis, quotes, lists, footnotes, links and tables in its text) and its
    /// pictures ISSUE/images/<slug>-N.<ext>, listed as its photos. An existing article is never
    /// replaced without --force. Comments are dropped and listed; tracked changes are accepted.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The issue folder [default: the current folder].
        #[arg(long, default_value = ".")]
        issue: PathBuf,
        /// Replace an article (and its pictures) of the same name.
        #[arg(long)]
        force: bool,
    },
    /// Lay out an issue and write out/issue.pdf and out/print/<one PDF per page>.
    ///
    /// Overset text, modules left more than 3 lines short, characters missing from a font,
    /// article files no module names, lines running past their column's edge, headlines set
    /// smaller to fit, and pictures and tables typed in an article's text are reported as
    /// warnings; with --strict they are errors and nothing is written.
    Build {
        /// The issue folder (holds issue.toml, articles/, images/).
        issue_dir: PathBuf,
        /// Output folder [default: ISSUE_DIR/out].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Fail (exit 1) on any warning instead of writing the files.
        #[arg(long)]
        strict: bool,
    },
    /// Plan the pages that carry a flat plan (`articles = [...]`) and print the modules chosen.
    ///
    /// Every module of such a page not marked `lock = true` is planned again. With --write the
    /// modules go into issue.toml as ordinary modules (comments and order kept), for the editor
    /// to adjust by hand; when a page cannot be planned exactly, what to cut or add is printed.
    Plan {
        /// The issue folder.
        issue_dir: PathBuf,
        /// Write the planned modules into issue.toml.
        #[arg(long)]
        write: bool,
    },
    /// Check PDFs (ours or supplied adverts) against the printer's requirements.
    ///
    /// Checks PDF/X keys and output intent, trim boxes, embedded fonts, RGB colour, image
    /// resolution, four-colour and knocked-out black text, minimum type sizes, total ink and page
    /// count. Exit status 1 when any file has an error; warnings do not fail.
    Preflight {
        /// The PDF files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A printer profile (TOML) [default: the house profile, layouts/printer.toml].
        #[arg(long, conflicts_with = "issue")]
        printer: Option<PathBuf>,
        /// Use the printer profile of this issue folder's layouts.
        #[arg(long)]
        issue: Option<PathBuf>,
        /// Print the reports as JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Check each file as an advert booked in this format of the template (`1/8`): its
        /// TrimBox must be that size (the template of --issue, else the house template).
        #[arg(long)]
        format: Option<String>,
    },
    /// Write a proof: out/proof/proof.pdf with overlays, page PNGs, a contact sheet and index.html.
    ///
    /// The proof found in the folder is first moved to out/proof/previous/; with --diff the pages
    /// and articles that changed since then are listed and outlined in out/proof/diff/.
    Proof {
        /// The issue folder.
        issue_dir: PathBuf,
        /// Proof folder [default: ISSUE_DIR/out/proof].
        #[arg(short, long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        look: Look,
        /// Compare with the previous proof.
        #[arg(long)]
        diff: bool,
    },
    /// Rebuild the proof whenever a file of the issue, its template or a font changes, and serve it.
    Watch {
        /// The issue folder.
        issue_dir: PathBuf,
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Proof folder [default: ISSUE_DIR/out/proof].
        #[arg(short, long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        look: Look,
    },
    /// Compare two builds (two proof or build folders, or two PDFs): changed pages and articles.
    Diff {
        /// The earlier build.
        old: PathBuf,
        /// The later build.
        new: PathBuf,
        /// Where to write changes.txt and the outlined pages [default: NEW's folder/diff].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Resolution of the comparison.
        #[arg(long, default_value_t = 60.0)]
        dpi: f64,
    },
    /// Print the typesetting report of an issue as a table: per article and for the issue, body
    /// lines, hyphenated line ends, word-space ratios, loose and tight lines, widows, orphans,
    /// overset and short lines.
    ///
    /// Reads OUT/report.json when it is newer than every file of the issue folder; otherwise lays
    /// the issue out in memory (no PDF is written).
    Report {
        /// The issue folder.
        issue_dir: PathBuf,
        /// Output folder holding report.json [default: ISSUE_DIR/out].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Instead, set the article bodies again with each micro-typography refinement on and off
        /// (protrusion, expansion, letter-spacing) and print what each does to the figures.
        #[arg(long, conflicts_with = "out")]
        refinements: bool,
        /// With --refinements, set these texts in the issue's body style instead of its articles:
        /// a JSON array of strings or of objects with a `text` field, or a plain text file whose
        /// paragraphs are separated by blank lines.
        #[arg(long, requires = "refinements", value_name = "FILE")]
        texts: Option<PathBuf>,
    },
}

/// How proof pages look.
#[derive(clap::Args)]
struct Look {
    /// Resolution of the page images.
    #[arg(long, default_value_t = 100.0)]
    dpi: f64,
    /// Overlays: all, none, or a list of grid, columns, baselines, modules, fit, lines.
    #[arg(long, default_value = "all", value_parser = Overlays::parse)]
    overlays: Overlays,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { issue_dir, out, strict } => run_build(issue_dir, out, strict),
        Command::Plan { issue_dir, write } => run_plan(&issue_dir, write),
        Command::New { issue_dir, from, date } => run_new(&issue_dir, from.as_deref(), date.as_deref()),
        Command::Import { files, issue, force } => run_import(&files, &issue, force),
        Command::Preflight { files, printer, issue, json, format } => {
            run_preflight(&files, printer, issue, json, format.as_deref())
        }
        Command::Proof { issue_dir, out, look, diff } => {
            let opts = ProofOptions { out, dpi: look.dpi, overlays: look.overlays, diff, ..ProofOptions::default() };
            run_proof(issue_dir, opts)
        }
        Command::Watch { issue_dir, port, out, look } => {
            let proof = ProofOptions {
                out,
                dpi: look.dpi,
                overlays: look.overlays,
                contact: false,
                keep_previous: false,
                diff: false,
            };
            report(watch(&issue_dir, &WatchOptions { port, proof }))
        }
        Command::Diff { old, new, out, dpi } => run_diff(old, new, out, dpi),
        Command::Report { issue_dir, refinements: true, texts, .. } => run_refinements(&issue_dir, texts.as_deref()),
        Command::Report { issue_dir, out, .. } => run_report(issue_dir, out),
    }
}

fn report(result: maquette::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::FAILURE
        }
    }
}

fn run_proof(issue_dir: PathBuf, opts: ProofOptions) -> ExitCode {
    let start = std::time::Instant::now();
    report(proof(&issue_dir, &opts).map(|outcome| {
        eprint!("{}", outcome.document.report.summary());
        eprintln!(
            "proof of {} pages in {} ms ({})",
            outcome.document.pages.len(),
            start.elapsed().as_millis(),
            outcome.timing_line()
        );
        if let Some(d) = &outcome.diff {
            eprint!("since the previous proof: {}", d.summary());
        } else if opts.diff {
            eprintln!("no previous proof to compare with");
        }
        eprintln!("  {}", outcome.dir.join("index.html").display());
    }))
}

fn run_diff(old: PathBuf, new: PathBuf, out: Option<PathBuf>, dpi: f64) -> ExitCode {
    report((|| {
        let (a, b) = (Build::locate(&old)?, Build::locate(&new)?);
        let (d, images) = diff::diff_builds(&a, &b, dpi)?;
        let dir = out.unwrap_or_else(|| b.pdf.parent().unwrap_or(std::path::Path::new(".")).join("diff"));
        let files = diff::files(&dir, &d, &images)?;
        maquette::files::commit(&files)?;
        diff::clear(&dir, &files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
        out!("{}", d.summary());
        eprintln!("  {}", dir.display());
        Ok(())
    })())
}

fn run_new(issue_dir: &Path, from: Option<&Path>, date: Option<&str>) -> ExitCode {
    let date = match date.map(parse_date).transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("--date {}: {e}", date.unwrap_or_default());
            return ExitCode::FAILURE;
        }
    };
    report(maquette::start::new_issue(issue_dir, from, date).map(|started| {
        for w in &started.warnings {
            eprintln!("warning: {w}");
        }
        for f in &started.files {
            eprintln!("  wrote {}", f.display());
        }
        eprintln!("next: write the articles into {}, list them in issue.toml", issue_dir.join("articles").display());
    }))
}

fn run_import(files: &[PathBuf], issue: &Path, force: bool) -> ExitCode {
    report(maquette::import::import(files, issue, force).map(|imported| {
        for i in &imported {
            eprintln!("  wrote {}", i.article.display());
            for p in &i.pictures {
                eprintln!("  wrote {}", p.display());
            }
            for r in &i.reports {
                eprintln!("  note: {r}");
            }
        }
        eprintln!("next: name the articles in issue.toml (a page's `articles = [...]`), then build or watch");
    }))
}

/// `2026-07-01` as a date.
fn parse_date(s: &str) -> Result<maquette::model::Date, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u16>().ok());
    match (parts.len(), num(0), num(1), num(2)) {
        (3, Some(year), Some(month), Some(day)) if (1..=12).contains(&month) && (1..=31).contains(&day) => {
            Ok(maquette::model::Date { year, month: month as u8, day: day as u8 })
        }
        _ => Err("a date is written YYYY-MM-DD".to_string()),
    }
}

fn run_plan(issue_dir: &Path, write: bool) -> ExitCode {
    report(maquette::plan::command(issue_dir, write).map(|(plan, text)| {
        out!("{text}");
        for line in plan.advice.iter().chain(&plan.warnings) {
            eprintln!("warning: {line}");
        }
        eprintln!("{}", plan.summary());
        if write {
            eprintln!("  wrote the modules into {}", issue_dir.join("issue.toml").display());
        }
    }))
}

fn run_build(issue_dir: PathBuf, out: Option<PathBuf>, strict: bool) -> ExitCode {
    let start = std::time::Instant::now();
    match build(&issue_dir, &BuildOptions { out, strict }) {
        Ok(outcome) => {
            if !outcome.plan.is_empty() {
                eprintln!("{}", outcome.plan.summary());
            }
            eprint!("{}", outcome.document.report.summary());
            if !outcome.preflight.findings.is_empty() {
                eprint!("{}", preflight::render("preflight of issue.pdf", &outcome.preflight));
            }
            eprintln!(
                "wrote {} files ({} pages) in {} ms",
                outcome.files.len(),
                outcome.document.pages.len(),
                start.elapsed().as_millis()
            );
            for f in outcome.files.iter().filter(|f| f.ends_with("issue.pdf")) {
                eprintln!("  {}", f.display());
            }
            if !outcome.removed.is_empty() {
                eprintln!("  removed from print/ (an earlier build's pages): {}", outcome.removed.join(", "));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::FAILURE
        }
    }
}

fn run_preflight(
    files: &[PathBuf],
    printer: Option<PathBuf>,
    issue: Option<PathBuf>,
    json: bool,
    format: Option<&str>,
) -> ExitCode {
    let booking = format.map(|name| {
        maquette::model::advert_format(issue.as_deref(), name)
            .map(|size| preflight::Booking { format: name.to_string(), size })
    });
    let (printer, booking) = match (load_printer(printer, issue), booking.transpose()) {
        (Ok(p), Ok(b)) => (p, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitCode::FAILURE;
        }
    };
    let results: Vec<(&Path, maquette::Result<PreflightReport>)> =
        files.iter().map(|f| (f.as_path(), preflight::check_file_as(f, &printer, booking.as_ref()))).collect();
    if json {
        print_json(&results);
    } else {
        for (file, result) in &results {
            match result {
                Ok(report) => out!("{}", preflight::render(&file.display().to_string(), report)),
                Err(e) => eprintln!("{:?}", miette::Report::new(e.clone())),
            }
        }
    }
    let mut failed = results.iter().any(|(_, r)| r.as_ref().map_or(true, |rep| !rep.passed()));
    let singles = results.iter().filter(|(_, r)| r.as_ref().is_ok_and(|rep| rep.pages == 1)).count();
    if singles > 1 && singles == results.len() {
        let ok = singles.is_multiple_of(printer.page_multiple);
        let mark = if ok { "✔" } else { "✘" };
        eprintln!("{mark} {singles} one-page files: the set must be a multiple of {}", printer.page_multiple);
        failed |= !ok;
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The profile named by --printer, else --issue's (its [printer] table over the house profile), else the
/// house profile of the current folder's layouts.
fn load_printer(printer: Option<PathBuf>, issue: Option<PathBuf>) -> maquette::Result<Printer> {
    let dirs = maquette::model::layout_dirs(issue.as_deref().unwrap_or(Path::new(".")));
    match (printer, issue) {
        (Some(file), _) => Printer::from_file(&file, &dirs),
        (None, Some(dir)) => {
            let toml = dir.join("issue.toml");
            let (def, _) = maquette::model::IssueDef::load(&toml)?;
            Printer::for_issue(def.printer, &toml, &dirs)
        }
        (None, None) => Printer::house(&dirs),
    }
}

fn print_json(results: &[(&Path, maquette::Result<PreflightReport>)]) {
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|(file, result)| match result {
            Ok(report) => serde_json::json!({ "file": file, "passed": report.passed(), "report": report }),
            Err(e) => serde_json::json!({ "file": file, "passed": false, "error": e.to_string() }),
        })
        .collect();
    outln!("{}", serde_json::to_string_pretty(&items).unwrap_or_default());
}

fn run_report(issue_dir: PathBuf, out: Option<PathBuf>) -> ExitCode {
    match maquette::report::for_issue(&issue_dir, out.as_deref()) {
        Ok((report, from_file)) => {
            let source = if from_file { "out/report.json" } else { "a fresh layout (report.json absent or stale)" };
            outln!("from {source}");
            out!("{}", maquette::report::table(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::FAILURE
        }
    }
}

fn run_refinements(issue_dir: &Path, texts: Option<&Path>) -> ExitCode {
    use maquette::layout::measure;
    report((|| {
        let mut issue = maquette::model::Issue::load(issue_dir)?;
        let measure = issue.template.column_width();
        let table = match texts {
            Some(file) => {
                let texts = measure::read_texts(file)?;
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let rows = measure::texts_refinements(&issue, &refs)?;
                let what = format!("{} texts of {}", texts.len(), file.display());
                maquette::report::refinements_table(&what, measure, &rows)
            }
            None => {
                let rows = measure::issue_refinements(&mut issue)?;
                let what = format!("the {} article bodies of {}", issue.articles.len(), issue_dir.display());
                maquette::report::refinements_table(&what, measure, &rows)
            }
        };
        out!("{table}");
        Ok(())
    })())
}
