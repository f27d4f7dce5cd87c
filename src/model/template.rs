//! Page templates read from `layouts/*.toml`: page size, grid and the named text styles.

use crate::error::toml_error;
use crate::error::{Error, Result};
use crate::units::mm;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A process colour in percent of cyan, magenta, yellow and black (0–100).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Default)]
pub struct Cmyk(pub [f64; 4]);

impl Cmyk {
    /// 100 % black, the only colour text and rules should print in.
    pub const BLACK: Cmyk = Cmyk([0.0, 0.0, 0.0, 100.0]);
    /// No ink.
    pub const WHITE: Cmyk = Cmyk([0.0, 0.0, 0.0, 0.0]);

    /// Components as fractions 0–1, the form PDF operators take.
    pub fn fractions(self) -> [f32; 4] {
        self.0.map(|v| (v / 100.0).clamp(0.0, 1.0) as f32)
    }

    /// Total area coverage in percent.
    pub fn tac(self) -> f64 {
        self.0.iter().sum()
    }

    /// True when only the black plate carries ink.
    pub fn is_k_only(self) -> bool {
        self.0[..3].iter().all(|&v| v == 0.0)
    }

    /// Black built from more than one ink (« rich black »): deep on large areas, but type and thin
    /// rules in it blur as soon as the plates are a hair out of register.
    pub fn is_rich_black(self) -> bool {
        self.0[3] >= 90.0 && !self.is_k_only()
    }
}

/// A text style: fonts, size, leading, tracking and colour.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Font file of the regular face, relative to the fonts folder.
    pub font: String,
    /// Italic face; falls back to `font`.
    #[serde(default)]
    pub italic: Option<String>,
    /// Bold face; falls back to `font`.
    #[serde(default)]
    pub bold: Option<String>,
    /// Bold italic face; falls back to `bold`, then `font`.
    #[serde(default)]
    pub bold_italic: Option<String>,
    /// Type size in points.
    pub size: f64,
    /// Distance between baselines in points.
    pub leading: f64,
    /// Letter spacing in thousandths of an em.
    #[serde(default)]
    pub tracking: f64,
    /// Ink colour.
    #[serde(default = "black")]
    pub color: Cmyk,
    /// Set running text in this style flush left, ragged right, instead of justified (read for
    /// `box_text`: narrow sidebars of short entries with bold lead-ins justify badly).
    #[serde(default)]
    pub ragged: bool,
    /// Set the text in capitals.
    #[serde(default)]
    pub uppercase: bool,
    /// First-line indent of a paragraph that follows another, in ems of this style (0 to 4;
    /// 1 by default; 0 for lists of entries such as an agenda, where each entry opens flush).
    #[serde(default = "one")]
    pub indent: f64,
}

fn one() -> f64 {
    1.0
}

impl Style {
    /// Checks the numbers a template gives a style: finite and within what a page can print.
    fn check(&self, name: &str) -> std::result::Result<(), String> {
        let within = |what: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("style `{name}`: {what} = {v} must be between {lo} and {hi}"))
            }
        };
        within("size", self.size, 1.0, 300.0)?;
        within("leading", self.leading, 1.0, 400.0)?;
        within("tracking", self.tracking, -300.0, 1000.0)?;
        within("indent", self.indent, 0.0, 4.0)
    }
}

fn default_head_space() -> usize {
    3
}

fn black() -> Cmyk {
    Cmyk::BLACK
}

/// Lengths of the page and its margins, in millimetres as written in the file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageDef {
    width: f64,
    height: f64,
    margin_top: f64,
    margin_bottom: f64,
    margin_inside: f64,
    margin_outside: f64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GridDef {
    columns: usize,
    gutter: f64,
    baseline: f64,
}

/// What a page variant adds to the grid.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Grid lines taken by the nameplate at the top (front page).
    #[serde(default)]
    pub nameplate_lines: usize,
    /// Whether the folio line is printed in the top margin.
    #[serde(default)]
    pub folio: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateDef {
    name: String,
    page: PageDef,
    grid: GridDef,
    variants: BTreeMap<String, Variant>,
    colors: BTreeMap<String, Cmyk>,
    styles: BTreeMap<String, Style>,
    #[serde(default)]
    headline_sizes: Vec<f64>,
    #[serde(default)]
    headline_rank: Vec<f64>,
    #[serde(default = "default_head_space")]
    head_space: usize,
    #[serde(default)]
    messages: Option<crate::model::messages::MessagesTemplate>,
    #[serde(default)]
    rules: super::rules::Rules,
}

/// The style names every template must define.
pub const STYLE_NAMES: &[&str] = &[
    "nameplate",
    "folio",
    "kicker",
    "headline",
    "deck",
    "byline",
    "body",
    "subhead",
    "quote",
    "caption",
    "credit",
    "box_heading",
    "box_text",
    "jump",
];

/// The colour names every template must define.
pub const COLOR_NAMES: &[&str] = &["rule", "box_tint", "promo_tint", "nameplate_band"];

/// A loaded template with all lengths in points.
#[derive(Clone, Debug)]
pub struct Template {
    /// Name as written in the file.
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Folder that font file names are resolved against.
    pub fonts_dir: PathBuf,
    /// Page width and height.
    pub page_size: (f64, f64),
    /// Top, bottom, inside and outside margins.
    pub margins: [f64; 4],
    /// Number of columns.
    pub columns: usize,
    /// Space between columns.
    pub gutter: f64,
    /// Baseline grid pitch.
    pub baseline: f64,
    /// Named page variants (`front`, `inside`).
    pub variants: BTreeMap<String, Variant>,
    /// Named colours.
    pub colors: BTreeMap<String, Cmyk>,
    /// Named text styles.
    pub styles: BTreeMap<String, Style>,
    /// Headline size by module span (first entry: one column); the headline style's size when absent.
    pub headline_sizes: Vec<f64>,
    /// Share of that size a planned article's headline gets by its rank on the page (first entry:
    /// the page's first article), so the page shows what matters most first.
    pub headline_rank: Vec<f64>,
    /// Most grid lines of white the planner may put between an article's heads and its text,
    /// when the text leaves the module that much room and its photo is at its largest.
    pub head_space: usize,
    /// Reader-message formats (`[messages]`), when the template sells them.
    pub messages: Option<crate::model::messages::MessagesTemplate>,
    /// Cut-off and column rules the engine draws (`[rules]`).
    pub rules: super::rules::Rules,
}

impl Template {
    /// Reads and checks a template file.
    pub fn load(path: &Path) -> Result<Template> {
        let text = crate::files::read_text(path)?;
        let def: TemplateDef = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
        let fonts_dir = fonts_dir_for(path);
        let t = Template {
            name: def.name,
            path: path.to_path_buf(),
            fonts_dir,
            page_size: (mm(def.page.width), mm(def.page.height)),
            margins: [
                mm(def.page.margin_top),
                mm(def.page.margin_bottom),
                mm(def.page.margin_inside),
                mm(def.page.margin_outside),
            ],
            columns: def.grid.columns,
            gutter: mm(def.grid.gutter),
            baseline: def.grid.baseline,
            variants: def.variants,
            colors: def.colors,
            styles: def.styles,
            headline_sizes: def.headline_sizes,
            headline_rank: if def.headline_rank.is_empty() { vec![1.0, 0.85, 0.75, 0.7] } else { def.headline_rank },
            head_space: def.head_space,
            messages: def.messages,
            rules: def.rules,
        };
        t.check()?;
        Ok(t)
    }

    fn check(&self) -> Result<()> {
        let err = |m: String| Err(Error::in_file(&self.path, m));
        let page = [self.page_size.0, self.page_size.1];
        if let Some(v) = page.iter().find(|v| !(v.is_finite() && (50.0..=5000.0).contains(*v))) {
            return err(format!("page size {v} pt: width and height must be between 50 and 5000 pt"));
        }
        let [top, bottom, inside, outside] = self.margins;
        let lengths = [top, bottom, inside, outside, self.gutter];
        if let Some(v) = lengths.iter().find(|v| !(v.is_finite() && (0.0..=1000.0).contains(*v))) {
            return err(format!("margin or gutter {v} pt: each must be between 0 and 1000 pt"));
        }
        let grid =
            (1..=24).contains(&self.columns) && self.baseline.is_finite() && (2.0..=100.0).contains(&self.baseline);
        if !grid {
            return err("the grid needs 1 to 24 columns and a baseline between 2 and 100 pt".into());
        }
        if let Some(v) = self.headline_sizes.iter().find(|v| !(v.is_finite() && (4.0..=300.0).contains(*v))) {
            return err(format!("headline_sizes: {v} must be between 4 and 300 pt"));
        }
        if let Some(m) = &self.messages {
            m.check().or_else(err)?;
        }
        self.rules.check().or_else(err)?;
        let colours = self.colors.iter().map(|(n, c)| (format!("colour `{n}`"), c));
        let inks = colours.chain(self.styles.iter().map(|(n, s)| (format!("style `{n}`: color"), &s.color)));
        for (what, Cmyk(c)) in inks {
            if c.iter().any(|v| !(v.is_finite() && (0.0..=100.0).contains(v))) {
                return err(format!("{what} = {c:?}: each ink must be between 0 and 100 %"));
            }
        }
        if self.column_width() <= 0.0 || self.grid_lines() == 0 {
            return err("margins and gutters leave no room for the columns".into());
        }
        if self.head_space > 10 {
            return err(format!("head_space = {}: at most 10 grid lines", self.head_space));
        }
        if let Some(r) = self.headline_rank.iter().find(|r| !(0.3..=2.0).contains(*r)) {
            return err(format!("headline_rank = {r}: each share must be between 0.3 and 2"));
        }
        for name in STYLE_NAMES {
            if !self.styles.contains_key(*name) {
                return err(format!("style `{name}` is missing"));
            }
        }
        for (name, style) in &self.styles {
            style.check(name).or_else(err)?;
        }
        for name in COLOR_NAMES {
            if !self.colors.contains_key(*name) {
                return err(format!("colour `{name}` is missing"));
            }
        }
        self.check_black()
    }

    /// Rich black is for large areas only: never for type, nor for rules.
    fn check_black(&self) -> Result<()> {
        let rich = |c: &Cmyk| c.is_rich_black();
        let text = self.styles.iter().find(|(_, s)| rich(&s.color)).map(|(n, _)| format!("text style `{n}`"));
        let rule = self.colors.get("rule").filter(|c| rich(c)).map(|_| "colour `rule`".to_string());
        match text.or(rule) {
            Some(what) => Err(Error::in_file(&self.path, format!("{what} is a rich black (black with colour inks)"))
                .with_help("type and rules print in 100 % K only, [0, 0, 0, 100]; keep rich black for large areas")),
            None => Ok(()),
        }
    }

    /// The headline size of a planned module of `span` columns for the page's `rank`-th article
    /// (from 0), in half points.
    pub fn headline_size_for(&self, span: usize, rank: usize) -> f64 {
        let base = self.headline_sizes.get(span.saturating_sub(1)).copied().unwrap_or(self.styles["headline"].size);
        let share = self.headline_rank.get(rank).or(self.headline_rank.last()).copied().unwrap_or(1.0);
        (base * share * 2.0).round() / 2.0
    }

    /// A style by name; every name in [`STYLE_NAMES`] is present after loading.
    pub fn style(&self, name: &str) -> &Style {
        &self.styles[name]
    }

    /// A colour by name; every name in [`COLOR_NAMES`] is present after loading.
    pub fn color(&self, name: &str) -> Cmyk {
        self.colors[name]
    }

    /// Width of the type area.
    pub fn content_width(&self) -> f64 {
        self.page_size.0 - self.margins[2] - self.margins[3]
    }

    /// Width of one column.
    pub fn column_width(&self) -> f64 {
        let n = self.columns as f64;
        (self.content_width() - (n - 1.0) * self.gutter) / n
    }

    /// Width of `span` adjacent columns and their gutters.
    pub fn span_width(&self, span: usize) -> f64 {
        let s = span as f64;
        s * self.column_width() + (s - 1.0).max(0.0) * self.gutter
    }

    /// Number of whole baseline-grid lines in the type area.
    pub fn grid_lines(&self) -> usize {
        let h = self.page_size.1 - self.margins[0] - self.margins[1];
        (h / self.baseline + 1e-6).floor().max(0.0) as usize
    }

    /// Left edge of the type area on a page: inside margin on the binding side.
    pub fn content_left(&self, page_number: usize) -> f64 {
        if page_number.is_multiple_of(2) { self.margins[3] } else { self.margins[2] }
    }

    /// Left edge of column `col` (0-based).
    pub fn column_x(&self, page_number: usize, col: usize) -> f64 {
        self.content_left(page_number) + col as f64 * (self.column_width() + self.gutter)
    }

    /// Top of grid line `line` (0-based); the line's band runs one baseline down from there.
    pub fn line_top(&self, line: usize) -> f64 {
        self.margins[0] + line as f64 * self.baseline
    }

    /// Baseline of grid line `line`: the band's bottom less the body descent, so body text sits in its band.
    pub fn line_baseline(&self, line: usize) -> f64 {
        self.line_top(line + 1) - self.baseline * 0.25
    }
}

/// Fonts are looked up in a `fonts/` folder beside the template's `layouts/` folder.
fn fonts_dir_for(template: &Path) -> PathBuf {
    let dir = template.parent().unwrap_or(Path::new("."));
    dir.parent().unwrap_or(dir).join("fonts")
}
