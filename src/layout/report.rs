//! What the layout found: overset and short modules, missing glyphs, and per-article figures.

use super::body::stream_lines;
use super::flow::Elem;
use crate::model::{Article, Module};
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
    /// Pull quotes standing at the head of a column that does not open their module.
    #[serde(default)]
    pub quotes_at_heads: usize,
    /// Blank grid lines right under a pull quote (white between it and the text that follows in
    /// its column, or at the column's foot when the text goes on in the next).
    #[serde(default)]
    pub quote_holes: usize,
    /// Blank grid lines at the foot of its last module while its photo stopped short of a height
    /// that would still have taken the whole text (see `photos::fit_photo`).
    #[serde(default)]
    pub photo_slack: usize,
    /// Names the rules leave whole that follow a loose line (see `quality::unbroken_names`).
    #[serde(default)]
    pub unbroken_names: Vec<String>,
    /// How each module ended, in order (for the planner, which checks the heights it chose).
    #[serde(skip)]
    pub ends: Vec<ModuleEnd>,
    /// Span and height of its last module, for advice in grid lines.
    #[serde(skip)]
    pub last_module: Option<(usize, usize)>,
}

/// How an article's text ended in one of its modules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModuleEnd {
    /// The first element of the body stream the module did not take.
    pub next: usize,
    /// Grid lines left empty at the foot of its shortest column.
    pub short: usize,
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
    pub messages: Option<MessagesReport>,
    /// Articles whose headline ends on a line of one word.
    #[serde(default)]
    pub headline_one_word_endings: Vec<String>,
}

impl Report {
    /// Problems that `--strict` turns into a failure: overset text, short modules, missing glyphs.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.articles {
            if a.overset_lines > 0 {
                out.push(format!(
                    "{}: overset by {} line{}{} (page {}), starting « {} »",
                    a.slug,
                    a.overset_lines,
                    if a.overset_lines == 1 { "" } else { "s" },
                    a.copyfit(),
                    a.pages.last().copied().unwrap_or(0),
                    a.overset_text
                ));
            }
            if a.quality.forced > 0 {
                out.push(format!(
                    "{}: a word wider than its column was cut {} time{} where it reached the edge (page {}); \
                     shorten it or give it a place to break (a space, a hyphen)",
                    a.slug,
                    a.quality.forced,
                    if a.quality.forced == 1 { "" } else { "s" },
                    a.pages.first().copied().unwrap_or(0)
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
        let heads: usize = self.articles.iter().map(|a| a.quotes_at_heads).sum();
        let holes: usize = self.articles.iter().map(|a| a.quote_holes).sum();
        let slack: usize = self.articles.iter().map(|a| a.photo_slack).sum();
        let _ = writeln!(
            s,
            "headlines ending on one word {}, pull quotes opening a column {heads}, blank lines under pull quotes \
             {holes}, blank lines beside a photo that could grow {slack}",
            self.headline_one_word_endings.len()
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

/// What a laid-out article reports: its lines and their figures, overset and short lines.
pub fn article_report(
    article: &Article,
    placements: &[(usize, &Module)],
    stream: &[Elem],
    next: usize,
    free: usize,
) -> ArticleReport {
    let lines = stream_lines(stream);
    let overset: Vec<&Elem> = stream[next..].iter().filter(|e| !matches!(e, Elem::Gap)).collect();
    let overset_text: String = overset.iter().map(|e| e.text()).collect::<Vec<_>>().join(" ");
    ArticleReport {
        slug: article.slug.clone(),
        pages: placements.iter().map(|(p, _)| *p).collect(),
        words: article.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.split_whitespace().count()).sum(),
        lines: lines.len(),
        overset_lines: overset.len(),
        overset_text: first_words(&overset_text, 8),
        short_lines: if next >= stream.len() { free } else { 0 },
        hyphenated: lines.iter().filter(|l| l.hyphenated).count(),
        space_ratios: lines.iter().filter_map(|l| l.space_ratio).collect(),
        quality: Figures::of(lines.iter().copied()),
        widows: 0,
        orphans: 0,
        blank_column_lines: 0,
        quotes_at_heads: 0,
        quote_holes: 0,
        photo_slack: 0,
        unbroken_names: Vec::new(),
        ends: Vec::new(),
        last_module: placements.last().map(|(_, m)| (m.def.span, m.height)),
    }
}

impl ArticleReport {
    /// What overset text asks of the last module, in the editor's units: `: needs about 65 grid
    /// lines at span 3 and has 60, or cut about 85 words`. Overset lines are counted over the
    /// columns, so a module of `span` columns takes them in a `span`-th as many grid lines.
    pub fn copyfit(&self) -> String {
        let Some((span, height)) = self.last_module.filter(|(s, _)| *s > 0) else { return String::new() };
        let more = self.overset_lines.div_ceil(span);
        let per_line = self.words as f64 / self.lines.max(1) as f64;
        let words = ((self.overset_lines as f64 * per_line / 5.0).round() as usize * 5).max(5);
        format!(
            ": needs about {} grid lines at span {span} and has {height}, or cut about {words} words",
            height + more
        )
    }
}

/// What the message pages hold, for `report.json`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MessagesReport {
    /// Messages read (good rows).
    pub messages: usize,
    /// Messages placed.
    pub placed: usize,
    /// More pages the messages left out would need (0 when all fit).
    pub pages_needed: usize,
    /// Text size each message was set at, by its source line.
    pub sizes: Vec<(usize, f64)>,
    /// Space left free on the message pages, large enough to sell.
    pub free: Vec<FreeArea>,
    /// The space the promo box filled, when `fill` is set.
    pub promo: Option<FreeArea>,
}

/// A free rectangle of a page's grid.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FreeArea {
    /// Page number.
    pub page: usize,
    /// First column, from 1.
    pub col: usize,
    /// First grid line, from 0.
    pub top: usize,
    /// Columns.
    pub span: usize,
    /// Grid lines.
    pub lines: usize,
    /// Width and height in millimetres.
    pub mm: (f64, f64),
}

impl MessagesReport {
    /// One line for the terminal, and one per free area.
    pub fn summary(&self) -> String {
        let mut s = format!("{} of {} reader messages placed", self.placed, self.messages);
        if self.pages_needed > 0 {
            s += &format!("; {} more page(s) needed", self.pages_needed);
        }
        for a in &self.free {
            s += &format!(
                "\nfree: page {}, column{} {}, lines {}–{} ({} × {} mm)",
                a.page,
                if a.span == 1 { String::new() } else { "s".into() },
                if a.span == 1 { a.col.to_string() } else { format!("{}–{}", a.col, a.col + a.span - 1) },
                a.top,
                a.top + a.lines - 1,
                a.mm.0,
                a.mm.1
            );
        }
        s
    }
}
