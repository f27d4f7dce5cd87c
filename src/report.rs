//! What a build found: overset and short modules, missing glyphs, and per-article figures.

use crate::text::quality::Figures;
use std::fmt::Write;

/// Figures for one article.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleReport {
    /// Slug.
    pub slug: String,
    /// Pages it appears on.
    pub pages: Vec<usize>,
    /// Words in the body.
    pub words: usize,
    /// Body lines set.
    pub lines: usize,
    /// Lines that did not fit.
    pub overset_lines: usize,
    /// The first words that did not fit.
    pub overset_text: String,
    /// Empty grid lines at the end of its last module.
    pub short_lines: usize,
    /// Lines ending in an added hyphen.
    pub hyphenated: usize,
    /// Space ratios of justified lines.
    pub space_ratios: Vec<f64>,
    /// Quality figures of the body lines.
    #[serde(default)]
    pub quality: Figures,
    /// Paragraph last lines alone at a column head.
    #[serde(default)]
    pub widows: usize,
    /// Paragraph first lines alone at a column foot.
    #[serde(default)]
    pub orphans: usize,
    /// Grid lines left blank at a column's foot so that no line stands alone there or at the
    /// next column's head (what re-breaking could not win back, see `layout::refit`).
    #[serde(default)]
    pub blank_column_lines: usize,
    /// Names the rules leave whole that follow a loose line (see `quality::unbroken_names`).
    #[serde(default)]
    pub unbroken_names: Vec<String>,
}

/// A short module is reported when more than this many grid lines stay empty.
pub const SHORT_LIMIT: usize = 3;

/// Everything a build reports.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Per article, in page order.
    pub articles: Vec<ArticleReport>,
    /// Warnings in the order found.
    pub warnings: Vec<String>,
    /// Reader messages: placed, sizes, free space (when the issue has messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<crate::layout::messages::MessagesReport>,
}

impl Report {
    /// Problems that `--strict` turns into a failure: overset text, short modules, missing glyphs.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.articles {
            if a.overset_lines > 0 {
                out.push(format!(
                    "{}: overset by {} line{} (page {}), starting « {} »",
                    a.slug,
                    a.overset_lines,
                    if a.overset_lines == 1 { "" } else { "s" },
                    a.pages.last().copied().unwrap_or(0),
                    a.overset_text
                ));
            }
            if a.short_lines > SHORT_LIMIT {
                out.push(format!(
                    "{}: module short by {} lines (page {})",
                    a.slug,
                    a.short_lines,
                    a.pages.last().copied().unwrap_or(0)
                ));
            }
        }
        out.extend(self.warnings.iter().cloned());
        out
    }

    /// Figures over the whole issue (hyphen runs are per article).
    pub fn issue_figures(&self) -> Figures {
        let mut f = Figures::default();
        let mut ratios = Vec::new();
        for a in &self.articles {
            f.add_counts(&a.quality);
            ratios.extend_from_slice(&a.space_ratios);
        }
        f.set_ratios(&ratios);
        f
    }

    /// The names after loose lines, once each, with what to do about them.
    pub fn names_hint(&self) -> Option<String> {
        let mut names: Vec<&str> = Vec::new();
        for n in self.articles.iter().flat_map(|a| &a.unbroken_names) {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        (!names.is_empty()).then(|| {
            format!("loose lines before names left whole: {} (list their breaks in hyphenation.toml)", names.join(", "))
        })
    }

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let f = self.issue_figures();
        let widows: usize = self.articles.iter().map(|a| a.widows).sum();
        let orphans: usize = self.articles.iter().map(|a| a.orphans).sum();
        let overset: usize = self.articles.iter().map(|a| a.overset_lines).sum();
        let _ = writeln!(s, "{} articles: {}", self.articles.len(), f.line());
        let blank: usize = self.articles.iter().map(|a| a.blank_column_lines).sum();
        let _ = writeln!(
            s,
            "widows {widows}, orphans {orphans}, overset lines {overset}, column lines left blank to avoid them {blank}"
        );
        if let Some(names) = self.names_hint() {
            let _ = writeln!(s, "{names}");
        }
        if let Some(m) = &self.messages {
            let _ = writeln!(s, "{}", m.summary());
        }
        for p in self.problems() {
            let _ = writeln!(s, "warning: {p}");
        }
        s
    }
}

/// The first `n` words of a text.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n).collect();
    let mut s = words.join(" ");
    if text.split_whitespace().count() > n {
        s.push('…');
    }
    s
}

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
