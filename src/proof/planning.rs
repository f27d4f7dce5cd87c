//! Planned pages across the proofs of a session: `maquette watch` keeps the current plan while
//! every planned module still fits within one grid line, and plans again only when one does not
//! (or when the flat plan itself changed), so a one-word edit redraws its page and nothing moves.

use crate::error::Result;
use crate::fonts::FontBook;
use crate::layout::{Document, lay_out_with};
use crate::model::{Issue, Module};
use crate::plan::{self, PlanOptions, PlanReport};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// The plan of the last proof, with what it was made from.
pub struct KeptPlan {
    key: u64,
    modules: BTreeMap<usize, Vec<Module>>,
    report: PlanReport,
}

/// Lays the issue out, planning its pages, or taking `kept`'s plan when the flat plan is the
/// same and every planned module still fits; `kept` then holds the plan used. Returns the
/// document, the plan's report, and whether the pages were planned anew.
pub fn lay_out(
    issue: &mut Issue,
    book: &mut FontBook,
    kept: &mut Option<KeptPlan>,
) -> Result<(Document, PlanReport, bool)> {
    if !plan::needed(issue) {
        *kept = None;
        return Ok((lay_out_with(issue, book, None)?, PlanReport::default(), false));
    }
    let key = plan_key(issue);
    if let Some(k) = kept.as_ref().filter(|k| k.key == key) {
        let mut tried = issue.pages.clone();
        for (n, modules) in &k.modules {
            if let Some(p) = tried.get_mut(n - 1) {
                p.modules = modules.clone();
            }
        }
        let original = std::mem::replace(&mut issue.pages, tried);
        let doc = lay_out_with(issue, book, None)?;
        if still_fits(&doc, &k.modules) {
            let mut report = k.report.clone();
            report.millis = 0.0;
            return Ok((doc, report, false));
        }
        issue.pages = original;
    }
    let (report, bodies) = plan::plan(issue, book, PlanOptions::default())?;
    let mut doc = lay_out_with(issue, book, bodies)?;
    plan::note(&report, &mut doc.report);
    let modules = report.pages.iter().map(|p| (p.number, issue.pages[p.number - 1].modules.clone())).collect();
    *kept = Some(KeptPlan { key, modules, report: report.clone() });
    Ok((doc, report, true))
}

/// Whether every planned article still sets in its modules: nothing overset, its last module's
/// columns ending within a grid line of the foot.
fn still_fits(doc: &Document, modules: &BTreeMap<usize, Vec<Module>>) -> bool {
    let planned = modules.values().flatten().filter(|m| m.planned).filter_map(|m| m.def.article.as_ref());
    for slug in planned {
        let Some(a) = doc.report.articles.iter().find(|a| &a.slug == slug) else { return false };
        if a.overset_lines > 0 || a.ends.last().is_some_and(|e| e.short > 1) {
            return false;
        }
    }
    true
}

/// A hash of what decides the plan besides the text: the pages' variants, flat plans, hints,
/// teasers and hand-placed modules, and the template.
fn plan_key(issue: &Issue) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    issue.template.path.hash(&mut h);
    for p in &issue.pages {
        format!("{}|{:?}|{:?}|{:?}", p.variant, p.plan, p.teasers, p.modules).hash(&mut h);
    }
    h.finish()
}
