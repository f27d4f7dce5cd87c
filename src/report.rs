//! What a build found: overset and short modules, missing glyphs, and per-article figures.

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

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let lines: usize = self.articles.iter().map(|a| a.lines).sum();
        let hyph: usize = self.articles.iter().map(|a| a.hyphenated).sum();
        let _ = writeln!(s, "{} articles, {} body lines, {} hyphenated line ends", self.articles.len(), lines, hyph);
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
