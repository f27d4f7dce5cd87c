//! `maquette report`: the layout's figures as a table, from `out/report.json` or a fresh layout, and
//! what each micro-typography refinement does.

use crate::layout::report::{ArticleReport, Report};
use crate::text::quality::Figures;
use std::fmt::Write;

/// The report as a table: one row per article, then the issue.
pub fn table(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<24} {:>5} {:>5} {:>4} {:>5} {:>5} {:>5} {:>5} {:>6} {:>5} {:>3} {:>3} {:>5} {:>4} {:>5}",
        "article",
        "lines",
        "hyph",
        "run",
        "mean",
        "sd",
        "p95",
        "max",
        "loose",
        "tight",
        "wid",
        "orp",
        "blank",
        "over",
        "short"
    );
    for a in &r.articles {
        row(&mut s, &a.slug, &a.quality, [a.widows, a.orphans, a.blank_column_lines, a.overset_lines, a.short_lines]);
    }
    let sum = |f: fn(&ArticleReport) -> usize| r.articles.iter().map(f).sum::<usize>();
    let totals = [
        sum(|a| a.widows),
        sum(|a| a.orphans),
        sum(|a| a.blank_column_lines),
        sum(|a| a.overset_lines),
        sum(|a| a.short_lines),
    ];
    row(&mut s, "ISSUE", &r.issue_figures(), totals);
    if let Some(names) = r.names_hint() {
        let _ = writeln!(s, "{names}");
    }
    for p in r.problems() {
        let _ = writeln!(s, "warning: {p}");
    }
    s
}

fn row(s: &mut String, name: &str, f: &Figures, [widows, orphans, blank, overset, short]: [usize; 5]) {
    // Ragged text (sidebars) has no justified line, so no space ratios to speak of.
    let ratio = |x: f64| if f.justified > 0 { format!("{x:.2}") } else { "—".to_string() };
    let _ = writeln!(
        s,
        "{:<24} {:>5} {:>4.0}% {:>4} {:>5} {:>5} {:>5} {:>5} {:>5.1}% {:>5} {:>3} {:>3} {:>5} {:>4} {:>5}",
        name.chars().take(24).collect::<String>(),
        f.lines,
        f.hyphenated_pct(),
        f.longest_hyphen_run,
        ratio(f.mean),
        ratio(f.sd),
        ratio(f.p95),
        ratio(f.max),
        f.loose_pct(),
        f.tight,
        widows,
        orphans,
        blank,
        overset,
        short
    );
}

/// The report of an issue for `maquette report`: `out/report.json` when it is newer than every
/// input file of the issue folder (so it describes what is on disk), else a fresh layout in memory,
/// which writes nothing. Returns the report and whether it was read from the file.
pub fn for_issue(dir: &std::path::Path, out: Option<&std::path::Path>) -> crate::error::Result<(Report, bool)> {
    let out = out.map_or_else(|| dir.join("out"), std::path::Path::to_path_buf);
    let json = out.join("report.json");
    if let Some(report) = fresh_report(dir, &out, &json) {
        return Ok((report, true));
    }
    let issue = crate::model::Issue::load(dir)?;
    let mut book = crate::fonts::FontBook::new();
    let doc = crate::layout::lay_out(&issue, &mut book)?;
    Ok((doc.report, false))
}

fn fresh_report(dir: &std::path::Path, out: &std::path::Path, json: &std::path::Path) -> Option<Report> {
    let written = std::fs::metadata(json).ok()?.modified().ok()?;
    let newest = newest_input(dir, out)?;
    if newest > written {
        return None;
    }
    serde_json::from_slice(&std::fs::read(json).ok()?).ok()
}

/// The latest modification time of the files under `dir`, leaving out the output folder.
fn newest_input(dir: &std::path::Path, out: &std::path::Path) -> Option<std::time::SystemTime> {
    let mut newest = std::fs::metadata(dir).ok()?.modified().ok()?;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path == out {
            continue;
        }
        let t = if path.is_dir() { newest_input(&path, out) } else { entry.metadata().ok()?.modified().ok() };
        newest = newest.max(t?);
    }
    Some(newest)
}

/// What each micro-typography refinement does, as `maquette report --refinements` prints it: one
/// row per variant, over the texts `what` names, set at `measure` points.
pub fn refinements_table(what: &str, measure: f64, rows: &[(&str, Figures)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{what}, set at the body measure ({measure:.1} pt) outside the pages, by refinement:");
    let _ = writeln!(
        s,
        "{:<30} {:>6} {:>5} {:>4} {:>5} {:>5} {:>5} {:>6} {:>6} {:>5} {:>6} {:>4}",
        "refinement", "lines", "hyph", "run", "mean", "sd", "p95", "max", "loose", "tight", "spaced", "over"
    );
    for (name, f) in rows {
        let _ = writeln!(
            s,
            "{:<30} {:>6} {:>4.1}% {:>4} {:>5.2} {:>5.3} {:>5.2} {:>6.2} {:>5.1}% {:>5} {:>6} {:>4}",
            name,
            f.lines,
            f.hyphenated_pct(),
            f.longest_hyphen_run,
            f.mean,
            f.sd,
            f.p95,
            f.max,
            f.loose_pct(),
            f.tight,
            f.letterspaced,
            f.overfull
        );
    }
    s
}
