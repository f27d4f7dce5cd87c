//! The plan as TOML: `out/plan.toml` (the geometry the build chose), and `maquette plan --write`,
//! which puts the planned modules into `issue.toml` as ordinary modules, keeping the file's
//! comments and order (toml_edit), so the editor can adjust them by hand.

use super::PlanReport;
use crate::error::{Error, Result};
use crate::model::issue::Extent;
use crate::model::{Module, ModuleKind};
use std::fmt::Write;
use std::path::Path;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

/// `out/plan.toml`: the planned pages' modules, as they would be written into `issue.toml`.
pub fn plan_file(report: &PlanReport) -> String {
    let mut s = String::from(
        "# The modules maquette planned, as `maquette plan ISSUE_DIR --write` puts them into issue.toml.\n",
    );
    for page in &report.pages {
        let _ = writeln!(s, "\n# page {}{}", page.number, if page.exact { "" } else { " (not exact: see the advice)" });
        for m in &page.modules {
            let _ = writeln!(s, "[[page_{}.modules]]", page.number);
            for (k, v) in module_table(m).iter() {
                let _ = writeln!(s, "{k} = {}", v.to_string().trim());
            }
        }
    }
    s
}

/// The keys of a module table, in the order an editor writes them.
fn module_table(m: &Module) -> Table {
    let mut t = Table::new();
    let d = &m.def;
    match d.kind {
        ModuleKind::Article => {}
        ModuleKind::Box => t["kind"] = value("box"),
        ModuleKind::Promo => t["kind"] = value("promo"),
        ModuleKind::Teasers => t["kind"] = value("teasers"),
    }
    if let Some(a) = &d.article {
        t["article"] = value(a.as_str());
    }
    t["col"] = value(d.col as i64);
    t["span"] = value(d.span as i64);
    t["top"] = value(m.top as i64);
    t["height"] = value(m.height as i64);
    if let Some(p) = d.photo_span {
        t["photo_span"] = value(p as i64);
    }
    if let Some(Extent::Lines(n)) = &d.photo_lines {
        t["photo_lines"] = value(*n as i64);
    }
    if d.photo_top {
        t["photo_top"] = value(true);
    }
    if let Some(p) = d.photos {
        t["photos"] = value(p);
    }
    if let Some(n) = d.head_drop {
        t["head_drop"] = value(n as i64);
    }
    if let Some(n) = d.head_space {
        t["head_space"] = value(n as i64);
    }
    if let Some(h) = d.headline_size {
        t["headline_size"] = value(h);
    }
    t
}

/// Puts the planned modules into `issue.toml`: on each planned page, the modules not locked are
/// replaced by the plan's; everything else in the file (comments, order, other keys) is kept.
pub fn write_into(path: &Path, report: &PlanReport) -> Result<()> {
    let text = crate::files::read_text(path)?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map_or(1, |s| crate::error::line_of(&text, s.start));
        Error::in_file(path, e.message().to_string()).at_line(line)
    })?;
    let Some(pages) = doc.get_mut("pages").and_then(Item::as_array_of_tables_mut) else {
        return Err(Error::in_file(path, "no [[pages]] to write the plan into"));
    };
    for page in &report.pages {
        let Some(table) = pages.get_mut(page.number - 1) else { continue };
        write_page(table, &page.modules);
    }
    crate::files::commit(&[(path.to_path_buf(), doc.to_string().into_bytes())])
}

fn write_page(page: &mut Table, planned: &[Module]) {
    let mut modules = match page.remove("modules") {
        Some(Item::ArrayOfTables(a)) => a,
        _ => ArrayOfTables::new(),
    };
    modules.retain(|t| t.get("lock").and_then(Item::as_bool).unwrap_or(false) || !is_planned(t, planned));
    for m in planned.iter().filter(|m| m.planned) {
        modules.push(module_table(m));
    }
    page.insert("modules", Item::ArrayOfTables(modules));
}

/// Whether a module table of the file is one the plan replaces: an unlocked module of an
/// article (or box of the issue) the plan places on the page again.
fn is_planned(t: &Table, planned: &[Module]) -> bool {
    let article = t.get("article").and_then(Item::as_str);
    let kind = t.get("kind").and_then(Item::as_str).unwrap_or("article");
    planned.iter().any(|m| match m.def.kind {
        ModuleKind::Promo => kind == "promo",
        ModuleKind::Teasers => kind == "teasers",
        _ => article.is_some() && m.def.article.as_deref() == article,
    })
}
