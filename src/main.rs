//! The `maquette` command line: a thin layer over the library.

use clap::{Parser, Subcommand};
use maquette::{BuildOptions, build};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Lay out an issue and write out/issue.pdf and out/print/<one PDF per page>.
    ///
    /// Overset text, modules left more than 3 lines short and characters missing from a font are
    /// reported as warnings; with --strict they are errors and nothing is written.
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { issue_dir, out, strict } => run_build(issue_dir, out, strict),
        Command::Report { issue_dir, out } => run_report(issue_dir, out),
    }
}

fn run_build(issue_dir: PathBuf, out: Option<PathBuf>, strict: bool) -> ExitCode {
    let start = std::time::Instant::now();
    match build(&issue_dir, &BuildOptions { out, strict }) {
        Ok(outcome) => {
            eprint!("{}", outcome.document.report.summary());
            eprintln!(
                "wrote {} files ({} pages) in {} ms",
                outcome.files.len(),
                outcome.document.pages.len(),
                start.elapsed().as_millis()
            );
            for f in outcome.files.iter().filter(|f| f.ends_with("issue.pdf")) {
                eprintln!("  {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::FAILURE
        }
    }
}

fn run_report(issue_dir: PathBuf, out: Option<PathBuf>) -> ExitCode {
    match maquette::report::for_issue(&issue_dir, out.as_deref()) {
        Ok((report, from_file)) => {
            let source = if from_file { "out/report.json" } else { "a fresh layout (report.json absent or stale)" };
            println!("from {source}");
            print!("{}", maquette::report::table(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::FAILURE
        }
    }
}
