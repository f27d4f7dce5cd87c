//! The page planner: turns each page's flat plan (the articles it should carry, most important
//! first) into modules on the grid, and settles the geometry an editor left to the engine
//! (`top = "after"`, `height = "auto"` or `"fill"`).
//!
//! It runs between loading and layout: it measures each article at every span as the layout will
//! set it (`measure`), tiles the free grid of each page with them (`search`, `regions`), checks the
//! chosen heights with the layout itself (`verify`), and when no tiling leaves nothing overset
//! and no column more than a grid line short, plans the nearest one and says in words what to cut
//! or add (`copyfit`). The modules it makes are ordinary modules: `maquette plan --write` puts them
//! into `issue.toml` for the editor to adjust (`toml`).

pub mod copyfit;
pub mod measure;
mod page;
mod pending;
pub mod pieces;
pub mod regions;
pub mod search;
pub mod toml;

use crate::error::Result;
use crate::fonts::FontBook;
use crate::layout::ctx::{Ctx, hyphenator};
use crate::layout::streams::{self, Streams};
use crate::layout::styles::Styles;
use crate::model::{Issue, Module};
use crate::text::Shaper;
use std::collections::BTreeMap;

/// How far the planner may go.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions {
    /// Plan again every module of a planned page not marked `lock = true` (`maquette plan`);
    /// otherwise modules with geometry stay as they are and only the listed articles without a
    /// module are planned (`maquette build`).
    pub replan: bool,
}

/// What the planner did.
#[derive(Clone, Debug, Default)]
pub struct PlanReport {
    /// Per planned page.
    pub pages: Vec<PageReport>,
    /// What to cut or add, in the editor's units, when a page could not be planned exactly.
    pub advice: Vec<String>,
    /// Other findings (a teaser for an article no page carries …).
    pub warnings: Vec<String>,
    /// Time spent planning, in milliseconds, setting the bodies aside.
    pub millis: f64,
    /// Time spent setting the articles' bodies at the column measure, in milliseconds: work the
    /// layout would do anyway, and reuses.
    pub setting_millis: f64,
}

/// One planned page.
#[derive(Clone, Debug, Default)]
pub struct PageReport {
    /// Page number.
    pub number: usize,
    /// The modules the planner made (or settled), in reading order.
    pub modules: Vec<Module>,
    /// Whether the plan is exact: nothing overset, no column more than one grid line short.
    pub exact: bool,
    /// Whether the search space (guillotine plans keeping the priority order, see `search`) holds
    /// a plan meeting the house rules with the heights the texts allow; false when the exhaustive
    /// search found none, so only cutting or adding text (or moving an article) makes it exact.
    pub possible: bool,
    /// How much of the page's free grid its pieces take at their natural size (photos at their
    /// own proportions, no white under the heads): 0.9 is nine tenths.
    pub fill: f64,
}

impl PlanReport {
    /// Whether the issue had anything to plan.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// A line for the terminal.
    pub fn summary(&self) -> String {
        let exact = self.pages.iter().filter(|p| p.exact).count();
        let modules: usize = self.pages.iter().map(|p| p.modules.len()).sum();
        format!(
            "planned {modules} modules on {} page{} in {:.0} ms ({exact} exact; the text set first in {:.0} ms)",
            self.pages.len(),
            if self.pages.len() == 1 { "" } else { "s" },
            self.millis,
            self.setting_millis
        )
    }
}

/// `maquette plan`: plans the issue folder's pages again (all but locked modules) and returns
/// the report and the plan as TOML; with `write`, puts the modules into `issue.toml`.
pub fn command(dir: &std::path::Path, write: bool) -> Result<(PlanReport, String)> {
    let mut issue = Issue::load(dir)?;
    let mut book = FontBook::new();
    let (report, _) = plan(&mut issue, &mut book, PlanOptions { replan: true })?;
    if write && !report.is_empty() {
        toml::write_into(&issue.toml_path(), &report)?;
    }
    let text = toml::plan_file(&report);
    Ok((report, text))
}

/// Whether any page of the issue leaves something to the planner.
pub fn needed(issue: &Issue) -> bool {
    issue.pages.iter().any(|p| p.plan.is_some() || p.modules.iter().any(|m| !m.pending.is_settled()))
}

/// Plans the issue's pages and puts the modules it made into `issue`. Returns the report, and
/// the article bodies it set (the layout takes them instead of setting them again).
pub fn plan(issue: &mut Issue, book: &mut FontBook, opts: PlanOptions) -> Result<(PlanReport, Option<Streams>)> {
    if !needed(issue) {
        return Ok((PlanReport::default(), None));
    }
    let start = std::time::Instant::now();
    if opts.replan {
        page::unplan_unlocked(issue);
    }
    // Another issue's front page shown in the promo box is planned too, as its own build would.
    if let Some(other) = issue.thumbnail_issue.as_mut() {
        plan(other, book, opts)?;
    }
    let styles = Styles::load(&issue.template, book)?;
    let set;
    let (report, made, streams) = {
        let frozen: &Issue = issue;
        let hyph = hyphenator(&frozen.hyphenation);
        let mut ctx = Ctx { issue: frozen, t: &frozen.template, styles: &styles, shaper: Shaper::new(book), hyph };
        let articles: Vec<_> = frozen.articles.values().collect();
        let env = streams::Env { issue: frozen, styles: &styles, book: ctx.shaper.book, hyph: &ctx.hyph };
        let streams = streams::set_all(&env, &articles);
        set = start.elapsed();
        let (report, made) = page::plan_pages(&mut ctx, &streams.bodies)?;
        (report, made, streams)
    };
    apply(issue, made);
    let mut report = report;
    report.setting_millis = set.as_secs_f64() * 1000.0;
    report.millis = (start.elapsed() - set).as_secs_f64() * 1000.0;
    Ok((report, Some(streams)))
}

/// Adds the planner's findings to the layout's report: its advice and warnings, and any planned
/// module whose columns the layout left more than a grid line short.
pub fn note(plan: &PlanReport, report: &mut crate::layout::report::Report) {
    report.warnings.extend(plan.advice.iter().cloned());
    report.warnings.extend(plan.warnings.iter().cloned());
    for page in &plan.pages {
        for m in page.modules.iter().filter(|m| m.planned) {
            let Some(slug) = &m.def.article else { continue };
            let Some(a) = report.articles.iter().find(|a| &a.slug == slug) else { continue };
            let k = a.pages.iter().position(|&p| p == page.number);
            let short = k.and_then(|k| a.ends.get(k)).map_or(0, |e| e.short);
            if short > 1 && k.is_some_and(|k| k + 1 == a.pages.len()) {
                report.warnings.push(format!(
                    "page {}: {slug}: its columns end {short} grid lines above the planned module's foot",
                    page.number
                ));
            }
        }
    }
}

/// Puts the planned and settled modules into the issue's pages.
fn apply(issue: &mut Issue, made: BTreeMap<usize, Vec<Module>>) {
    for (number, modules) in made {
        if let Some(page) = issue.pages.get_mut(number - 1) {
            page.modules = modules;
        }
    }
}
