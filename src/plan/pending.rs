//! Geometry an editor leaves to the engine on a module placed by hand: `top = "after"` (under the
//! lowest module above it in its columns), `height = "auto"` (as tall as its text needs, photo at
//! its natural size) and `height = "fill"` (down to the next module in its columns, or the foot).

use super::measure::PhotoMode;
use super::page::Desk;
use crate::error::{Error, Result};
use crate::model::pages::check_overlap;
use crate::model::{HeightRule, Module, ModuleKind, Page};

/// The page's modules with their geometry settled, in file order.
pub fn settle(desk: &mut Desk, page: &Page) -> Result<Vec<Module>> {
    let issue = desk.issue();
    let first = issue.template.variants.get(&page.variant).map_or(0, |v| v.nameplate_lines);
    let lines = issue.template.grid_lines();
    let mut done: Vec<Module> = Vec::new();
    for (i, m) in page.modules.iter().enumerate() {
        let mut m = m.clone();
        if m.pending.top_after {
            m.top = done.iter().filter(|o| shares_columns(o, &m)).map(|o| o.top + o.height).max().unwrap_or(first);
        }
        match m.pending.height {
            Some(HeightRule::Fill) => {
                // Modules further down the file count when their top is known already.
                let later = page.modules[i + 1..].iter().filter(|o| !o.pending.top_after);
                let below = done.iter().chain(later).filter(|o| shares_columns(o, &m) && o.top > m.top);
                let foot = below.map(|o| o.top).min().unwrap_or(lines);
                m.height = foot.saturating_sub(m.top);
            }
            Some(HeightRule::Auto) => m.height = auto_height(desk, page.number, &m)?,
            None => {}
        }
        let at =
            |msg: String| Error::in_file(issue.toml_path(), format!("page {}: {msg}", page.number)).at_line(m.line);
        if m.height == 0 || m.top + m.height > lines {
            return Err(at(format!(
                "the module's text needs lines {}–{}, past the grid's {lines} lines",
                m.top,
                m.top + m.height
            )));
        }
        check_overlap(&done, &m).map_err(at)?;
        m.pending = Default::default();
        done.push(m);
    }
    Ok(done)
}

fn shares_columns(a: &Module, b: &Module) -> bool {
    a.col < b.col + b.def.span && b.col < a.col + a.def.span
}

/// The height of a module whose text decides it: its article at the module's span with its
/// photo at its natural height, then checked with the layout (a line more while overset).
fn auto_height(desk: &mut Desk, number: usize, m: &Module) -> Result<usize> {
    let issue = desk.issue();
    let lines = issue.template.grid_lines().saturating_sub(m.top);
    let Some(slug) = m.def.article.clone().filter(|_| m.def.kind != ModuleKind::Promo) else {
        return Err(Error::in_file(
            issue.toml_path(),
            "height = \"auto\" needs an article: a promo box takes the room it is given",
        )
        .at_line(m.line));
    };
    let photo = if m.def.photos == Some(false) {
        PhotoMode::None
    } else if m.def.photo_top {
        PhotoMode::Top
    } else {
        PhotoMode::Under(m.def.photo_span.unwrap_or(m.def.span))
    };
    let start = desk.natural_height(&slug, (m.def.span, photo, m.def.headline_size)).unwrap_or(lines);
    for h in start.min(lines)..=lines {
        let trial = Module { height: h, ..m.clone() };
        if desk.overset_in(number, &slug, &trial) == 0 {
            return Ok(h);
        }
    }
    Ok(lines)
}
