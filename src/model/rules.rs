//! The template's `[rules]`: cut-off rules between stacked modules and column rules in gutters.

use super::template::Cmyk;
use serde::Deserialize;

/// Where the engine draws rules of its own, as a template's `[rules]` table asks (none by default).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Line weight in points (0.1 to 6); the printer's `min_line_width` thickens a thinner rule.
    #[serde(default = "half_point")]
    pub weight: f64,
    /// Ink; the template's `rule` colour when absent.
    #[serde(default)]
    pub color: Option<Cmyk>,
    /// A cut-off rule above a module that stands under another (within three grid lines): the
    /// newspaper's sign that one story ends and another begins.
    #[serde(default)]
    pub cutoff: bool,
    /// A vertical rule in the gutter between two modules side by side.
    #[serde(default)]
    pub between: bool,
    /// A vertical rule in each gutter inside an article's module, wherever nothing (headline,
    /// photo, quote) crosses the gutter.
    #[serde(default)]
    pub columns: bool,
}

fn half_point() -> f64 {
    0.5
}

impl Default for Rules {
    fn default() -> Rules {
        Rules { weight: half_point(), color: None, cutoff: false, between: false, columns: false }
    }
}

impl Rules {
    /// Checks the numbers: a weight a press can print and a page can hold.
    pub fn check(&self) -> Result<(), String> {
        if !(self.weight.is_finite() && (0.1..=6.0).contains(&self.weight)) {
            return Err(format!("[rules] weight = {}: a rule's weight must be between 0.1 and 6 pt", self.weight));
        }
        match self.color {
            Some(Cmyk(c)) if c.iter().any(|v| !(v.is_finite() && (0.0..=100.0).contains(v))) => {
                Err("[rules] color: each ink must be between 0 and 100 %".into())
            }
            _ => Ok(()),
        }
    }

    /// Whether any rule is asked for.
    pub fn any(&self) -> bool {
        self.cutoff || self.between || self.columns
    }
}
