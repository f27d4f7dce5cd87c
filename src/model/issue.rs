//! `issue.toml`: the paper's masthead data and the pages with their modules.

use crate::error::toml_error;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;

/// A vertical position or extent: a number of baseline-grid lines, or a length such as `"85mm"`;
/// for a module's `top` also `"after"` (under the module above in the same columns), for its
/// `height` also `"auto"` (as tall as its text needs) or `"fill"` (down to the next module or the
/// page's foot).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Extent {
    /// Whole grid lines.
    Lines(usize),
    /// A length with a unit (`mm` or `pt`), rounded to whole grid lines when used.
    Length(String),
}

impl Extent {
    /// The keyword this extent is (`after`, `auto`, `fill`), if it is one.
    pub fn keyword(&self) -> Option<&str> {
        match self {
            Extent::Length(s) if matches!(s.trim(), "after" | "auto" | "fill") => Some(s.trim()),
            _ => None,
        }
    }

    /// Whole grid lines, rounding a length to the nearest line.
    pub fn lines(&self, baseline: f64) -> std::result::Result<usize, String> {
        match self {
            Extent::Lines(n) => Ok(*n),
            Extent::Length(s) => {
                let pt = parse_length(s)?;
                Ok((pt / baseline).round().max(0.0) as usize)
            }
        }
    }
}

/// Parses `"85mm"`, `"12.5 mm"` or `"240pt"` into points.
pub fn parse_length(s: &str) -> std::result::Result<f64, String> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("mm") {
        (n, crate::units::PT_PER_MM)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 1.0)
    } else {
        return Err(format!("`{s}` needs a unit: mm or pt (or give a number of grid lines)"));
    };
    let pt = num.trim().parse::<f64>().map(|v| v * factor).map_err(|_| format!("`{s}` is not a length"))?;
    // A length on a page: finite and no larger than the largest page a template allows.
    if !(pt.is_finite() && (0.0..=5000.0).contains(&pt)) {
        return Err(format!("`{s}` is not a length on a page (0 to 5000 pt, about 1.76 m)"));
    }
    Ok(pt)
}

/// What fills a module.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModuleKind {
    /// An article's headline, photos and body (or its continuation).
    #[default]
    Article,
    /// A sidebar (« Pour en savoir plus ») on a tint: its article is set as a sidebar, as
    /// `kind = "box"` in the article's own front matter asks.
    Box,
    /// The reader-message promo box.
    Promo,
    /// Teasers: the articles the page's `teasers` list names, each with the page it starts on.
    Teasers,
}

/// One rectangle of the page grid and what goes in it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleDef {
    /// What kind of module this is.
    #[serde(default)]
    pub kind: ModuleKind,
    /// The article (file stem in `articles/`) for article and box modules.
    #[serde(default)]
    pub article: Option<String>,
    /// First column, counted from 1.
    pub col: usize,
    /// Number of columns.
    pub span: usize,
    /// First grid line, counted from 0 at the top of the type area.
    pub top: Extent,
    /// Height.
    pub height: Extent,
    /// Columns the photo spans (default: all of the module's).
    #[serde(default)]
    pub photo_span: Option<usize>,
    /// Height of the photo in grid lines (default: from its aspect ratio).
    #[serde(default)]
    pub photo_lines: Option<Extent>,
    /// Show the article's photos in this module (default: only in its first module).
    #[serde(default)]
    pub photos: Option<bool>,
    /// Headline size in points, to override the template for this module.
    #[serde(default)]
    pub headline_size: Option<f64>,
    /// Put the photo at the top of the module, above the headline (a photo-topped module; the
    /// planner uses it so that two headlines never stand side by side at the same height).
    #[serde(default)]
    pub photo_top: bool,
    /// Grid lines of white between the heads and the text (the planner gives a module the few
    /// lines its text leaves, up to the template's `head_space`).
    #[serde(default)]
    pub head_space: Option<usize>,
    /// Grid lines of white above the heads, so that this module's headline does not stand beside
    /// another at the same height (a tombstone): the planner drops a head by two lines where a
    /// story must stand beside another without a photo on top.
    #[serde(default)]
    pub head_drop: Option<usize>,
    /// Kept where it is when `maquette plan` plans the page again.
    #[serde(default)]
    pub lock: bool,
}

impl ModuleDef {
    /// A module of `kind` at column `col` (from 1) spanning `span`, from grid line `top` for
    /// `height` lines, with nothing else asked.
    pub fn at(
        kind: ModuleKind,
        article: Option<String>,
        (col, span): (usize, usize),
        (top, height): (usize, usize),
    ) -> ModuleDef {
        ModuleDef {
            kind,
            article,
            col,
            span,
            top: Extent::Lines(top),
            height: Extent::Lines(height),
            photo_span: None,
            photo_lines: None,
            photos: None,
            headline_size: None,
            photo_top: false,
            head_space: None,
            head_drop: None,
            lock: false,
        }
    }
}

/// One page and its modules.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageDef {
    /// Template variant: `front` or `inside`.
    pub variant: String,
    /// The modules, in reading order.
    #[serde(default)]
    pub modules: Vec<toml::Spanned<ModuleDef>>,
    /// The flat plan: articles (slugs, or `promo`, or `teasers`) the engine places on this page,
    /// most important first, around the modules placed by hand.
    #[serde(default)]
    pub articles: Option<toml::Spanned<Vec<String>>>,
    /// Hints for the planner, one table per article.
    #[serde(default)]
    pub plan: Vec<toml::Spanned<PlanHint>>,
    /// Articles announced on this page (« Lire en page 5 »), with the page they start on.
    #[serde(default)]
    pub teasers: Vec<String>,
}

/// What an editor asks of one planned article (`[[pages.plan]]`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanHint {
    /// The article (or `promo`, `teasers`) the hint is about.
    pub article: String,
    /// Columns it must span.
    #[serde(default)]
    pub span: Option<usize>,
    /// `false`: leave its photos out on this page.
    #[serde(default)]
    pub photo: Option<bool>,
    /// At least this many lines of its text on this page (with `jump`).
    #[serde(default)]
    pub min_lines: Option<usize>,
    /// Keep it against this article (a sidebar beside or under its story).
    #[serde(default)]
    pub with: Option<String>,
    /// Continue the article on a later page: `"p5"` (or `5`).
    #[serde(default)]
    pub jump: Option<JumpTo>,
}

/// The page an article continues on.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum JumpTo {
    /// A page number.
    Page(usize),
    /// `"p5"`.
    Named(String),
}

impl JumpTo {
    /// The page number, from 1.
    pub fn page(&self) -> Option<usize> {
        match self {
            JumpTo::Page(n) => Some(*n),
            JumpTo::Named(s) => s.trim().trim_start_matches(['p', 'P']).parse().ok(),
        }
    }
}

/// The promo box's text and picture.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromoDef {
    /// Markdown file with the heading (front matter `headline`) and the text.
    pub text: String,
    /// Picture shown in the box, in `images/`.
    #[serde(default)]
    pub image: Option<String>,
    /// A thumbnail of a front page: `true` for this issue's page 1, or an issue folder (relative to
    /// this one) whose page 1 is drawn.
    #[serde(default)]
    pub thumbnail: Option<Thumbnail>,
    /// Last day to place a message.
    #[serde(default)]
    pub deadline: Option<toml::value::Datetime>,
    /// Price list: `[{ format = "1/16", price = "25 €" }, …]`.
    #[serde(default)]
    pub prices: Vec<Price>,
}

/// Which front page the promo box shows.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Thumbnail {
    /// `true`: this issue's own page 1.
    Own(bool),
    /// Another issue folder, e.g. `"../ls-2026-04"`.
    Folder(String),
}

/// One line of the promo box's price list.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Message format (`1/16`).
    pub format: String,
    /// Price as printed.
    pub price: String,
}

/// The whole of `issue.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueDef {
    /// The paper's name, as in the nameplate.
    pub title: String,
    /// Issue number.
    pub number: u32,
    /// Cover date.
    pub date: toml::value::Datetime,
    /// Cover price, as printed.
    pub price: String,
    /// Template name (a file `layouts/<name>.toml`).
    pub template: String,
    /// A line under the nameplate (motto).
    #[serde(default)]
    pub tagline: Option<String>,
    /// Per-page file names: `{yyyymmdd}`, `{NN}` (two-digit page), `{N}` are replaced.
    #[serde(default = "default_pattern")]
    pub file_pattern: String,
    /// The promo box.
    #[serde(default)]
    pub promo: Option<PromoDef>,
    /// Overrides of the house printer profile (`layouts/printer.toml`).
    #[serde(default)]
    pub printer: Option<crate::printer::PrinterDef>,
    /// Reader messages and the pages that hold them.
    #[serde(default)]
    pub messages: Option<crate::model::messages::MessagesDef>,
    /// The pages, from page 1.
    pub pages: Vec<PageDef>,
}

fn default_pattern() -> String {
    "LS_{yyyymmdd}_p{NN}.pdf".to_string()
}

/// A calendar date taken from the TOML date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Date {
    /// `1er mai 2026`, as French dates are written.
    pub fn french(self) -> String {
        let day = if self.day == 1 { "1er".to_string() } else { self.day.to_string() };
        format!("{day} {} {}", self.month_name(), self.year)
    }

    /// `mai 2026`.
    pub fn month_year(self) -> String {
        format!("{} {}", self.month_name(), self.year)
    }

    fn month_name(self) -> &'static str {
        MONTHS[(self.month.clamp(1, 12) - 1) as usize]
    }

    /// `20260501`.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl IssueDef {
    /// Reads `issue.toml`.
    pub fn load(path: &Path) -> Result<(IssueDef, String)> {
        let text = crate::files::read_text(path)?;
        let def: IssueDef = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
        if def.pages.is_empty() {
            return Err(Error::in_file(path, "the issue has no pages ([[pages]])"));
        }
        def.cover_date().map_err(|m| Error::in_file(path, m))?;
        crate::printer::check_file_pattern(&def.file_pattern).map_err(|m| {
            let line = text.find("file_pattern").map_or(1, |o| crate::error::line_of(&text, o));
            Error::in_file(path, m).at_line(line)
        })?;
        Ok((def, text))
    }

    /// The cover date; it must be a plain date.
    pub fn cover_date(&self) -> std::result::Result<Date, String> {
        match self.date.date {
            Some(d) => Ok(Date { year: d.year, month: d.month, day: d.day }),
            None => Err("`date` must be a date such as 2026-05-01".to_string()),
        }
    }

    /// File name of page `n` (1-based) from the issue's pattern.
    pub fn page_file_name(&self, n: usize) -> String {
        self.page_file_name_with(&self.file_pattern, n)
    }

    /// File name of page `n` (1-based) from `pattern`.
    pub fn page_file_name_with(&self, pattern: &str, n: usize) -> String {
        let date = self.cover_date().map(Date::compact).unwrap_or_default();
        pattern.replace("{yyyymmdd}", &date).replace("{NN}", &format!("{n:02}")).replace("{N}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_need_units() {
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(parse_length("12 pt").unwrap(), 12.0);
        assert!(parse_length("12").is_err());
        for bad in ["NaN mm", "inf pt", "-3mm", "1e9mm"] {
            assert!(parse_length(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn extents_round_to_grid_lines() {
        assert_eq!(Extent::Lines(7).lines(10.8).unwrap(), 7);
        assert_eq!(Extent::Length("38.1mm".into()).lines(10.8).unwrap(), 10);
    }

    #[test]
    fn french_dates() {
        let d = Date { year: 2026, month: 5, day: 1 };
        assert_eq!(d.french(), "1er mai 2026");
        assert_eq!(d.compact(), "20260501");
    }
}
