//! The pages of `issue.toml`: modules placed on the grid (checked against it and each other), the
//! geometry left to the engine (`top = "after"`, `height = "auto"` / `"fill"`), and flat plans.

use super::issue::{ModuleDef, PageDef};
use super::{FlatPlan, HeightRule, IssueDef, Module, ModuleKind, Page, Pending, Template};
use crate::error::{Error, Result, line_of};
use std::path::Path;

/// Reads the pages: each module placed and checked, each flat plan with its hints.
pub fn place_pages(def: &IssueDef, t: &Template, path: &Path, text: &str) -> Result<Vec<Page>> {
    let mut pages = Vec::new();
    for (i, p) in def.pages.iter().enumerate() {
        let variant = t.variants.get(&p.variant).ok_or_else(|| {
            let names: Vec<&str> = t.variants.keys().map(String::as_str).collect();
            Error::in_file(path, format!("page {}: unknown variant `{}`", i + 1, p.variant)).with_help(format!(
                "the template `{}` has: {}",
                t.name,
                names.join(", ")
            ))
        })?;
        let mut modules: Vec<Module> = Vec::new();
        for m in &p.modules {
            let line = line_of(text, m.span().start);
            let at = |msg: String| Error::in_file(path, format!("page {}: {msg}", i + 1)).at_line(line);
            let module = place_module(m.get_ref(), t, variant.nameplate_lines, line).map_err(at)?;
            if module.pending.is_settled() {
                let settled: Vec<Module> = modules.iter().filter(|o| o.pending.is_settled()).cloned().collect();
                check_overlap(&settled, &module).map_err(at)?;
            }
            modules.push(module);
        }
        let plan = flat_plan(p, i + 1, path, text)?;
        pages.push(Page { number: i + 1, variant: p.variant.clone(), modules, plan, teasers: p.teasers.clone() });
    }
    Ok(pages)
}

/// The page's `articles` list and `[[pages.plan]]` hints, checked against each other.
fn flat_plan(p: &PageDef, number: usize, path: &Path, text: &str) -> Result<Option<FlatPlan>> {
    let list = match &p.articles {
        Some(list) => list,
        None if p.plan.is_empty() => return Ok(None),
        None => {
            let line = line_of(text, p.plan[0].span().start);
            return Err(Error::in_file(path, format!("page {number}: [[pages.plan]] hints, but no `articles` list"))
                .at_line(line)
                .with_help("list the articles to plan: articles = [\"slug\", …]"));
        }
    };
    let line = line_of(text, list.span().start);
    let mut plan = FlatPlan { articles: Vec::new(), hints: Default::default(), line };
    for slug in list.get_ref() {
        if plan.articles.contains(slug) {
            return Err(Error::in_file(path, format!("page {number}: `{slug}` is listed twice")).at_line(line));
        }
        plan.articles.push(slug.clone());
    }
    for h in &p.plan {
        let hline = line_of(text, h.span().start);
        let hint = h.get_ref();
        let err = |m: String| Error::in_file(path, format!("page {number}: {m}")).at_line(hline);
        if !plan.articles.contains(&hint.article) {
            return Err(err(format!("a hint for `{}`, which the page's `articles` does not list", hint.article)));
        }
        if let Some(with) = &hint.with
            && !plan.articles.contains(with)
        {
            return Err(err(format!("`with = \"{with}\"`: the page's `articles` does not list it")));
        }
        if let Some(j) = &hint.jump {
            match j.page() {
                Some(to) if to > number => {}
                _ => return Err(err(format!("`jump` must name a later page (\"p{}\" or more)", number + 1))),
            }
        }
        if hint.span == Some(0) {
            return Err(err("`span` must be at least 1".into()));
        }
        plan.hints.insert(hint.article.clone(), hint.clone());
    }
    Ok(Some(plan))
}

/// A module as written: its geometry in grid lines, or what the engine must find.
pub fn place_module(
    m: &ModuleDef,
    t: &Template,
    first_line: usize,
    line: usize,
) -> std::result::Result<Module, String> {
    let (cols, lines) = (t.columns, t.grid_lines());
    let pending = Pending {
        top_after: match m.top.keyword() {
            Some("after") => true,
            Some(k) => return Err(format!("top = \"{k}\": a top is a grid line, a length, or \"after\"")),
            None => false,
        },
        height: match m.height.keyword() {
            Some("auto") => Some(HeightRule::Auto),
            Some("fill") => Some(HeightRule::Fill),
            Some(k) => return Err(format!("height = \"{k}\": a height is grid lines, a length, \"auto\" or \"fill\"")),
            None => None,
        },
    };
    let top = if pending.top_after { first_line } else { m.top.lines(t.baseline)? };
    let height = if pending.height.is_some() { 1 } else { m.height.lines(t.baseline)? };
    if m.col == 0 || m.span == 0 || m.col - 1 + m.span > cols {
        return Err(format!("module at column {} spanning {} is outside the grid of {cols} columns", m.col, m.span));
    }
    if height == 0 || top + height > lines {
        return Err(format!("module from line {top} of height {height} is outside the grid of {lines} lines"));
    }
    if top < first_line {
        return Err(format!("module starts at line {top}, inside the nameplate (lines 0–{})", first_line - 1));
    }
    if !matches!(m.kind, ModuleKind::Promo | ModuleKind::Teasers) && m.article.is_none() {
        return Err("module names no `article`".into());
    }
    if let Some(n) = m.head_drop.filter(|&n| n > 10) {
        return Err(format!("head_drop = {n}: at most 10 grid lines of white above the heads"));
    }
    if let Some(n) = m.head_space.filter(|&n| n > 10) {
        return Err(format!("head_space = {n}: at most 10 grid lines of white under the heads"));
    }
    if let Some(size) = m.headline_size
        && !(4.0..=200.0).contains(&size)
    {
        return Err(format!("headline_size = {size}: a headline size must be between 4 and 200 pt"));
    }
    Ok(Module { def: m.clone(), col: m.col - 1, top, height, line, pending, planned: false })
}

/// An error when `m` overlaps a module of `placed`.
pub fn check_overlap(placed: &[Module], m: &Module) -> std::result::Result<(), String> {
    let span = |x: &Module| (x.col, x.col + x.def.span, x.top, x.top + x.height);
    let (c0, c1, t0, t1) = span(m);
    for other in placed {
        let (o0, o1, u0, u1) = span(other);
        if c0 < o1 && o0 < c1 && t0 < u1 && u0 < t1 {
            let by = if other.planned {
                "the planned module".to_string()
            } else {
                format!("the module defined at line {}", other.line)
            };
            return Err(format!("module overlaps {by} (columns {}–{}, lines {}–{})", o0 + 1, o1, u0, u1 - 1));
        }
    }
    Ok(())
}
