//! Planning the pages one after the other: the free grid of each, the pieces it should carry, the
//! search, and the check of the chosen heights with the layout itself.
//!
//! **Checking.** The heights come from flowing each article's set body through a trial module;
//! the layout may still set a paragraph again (to keep a hyphen off a column's foot, or win back
//! a short column) or move a pull quote, and now and then that changes the text's height by a
//! line. So every module of a plan is laid out for real before the plan is kept; a height the
//! layout refuses (overset, or columns more than a line short) is struck from that piece's choice
//! and the page searched again, at most [`ROUNDS`] times. The plan kept is one the layout sets.

use super::copyfit;
use super::measure::{Measurer, Part, PhotoMode, trial_def};
use super::pieces::{self, Pieces, What};
use super::regions::{self, Rect};
use super::search::{Placed, Search};
use super::{PageReport, PlanReport};
use crate::error::{Error, Result};
use crate::layout::ctx::Ctx;
use crate::layout::flow::Elem;
use crate::layout::sheet::Job;
use crate::model::{FlatPlan, Issue, Module, ModuleDef, ModuleKind, Page};
use std::collections::BTreeMap;

/// Searches after a height the layout refused, at most.
const ROUNDS: usize = 12;

/// The planner's working state across pages.
pub struct Desk<'c, 'a> {
    m: Measurer<'c, 'a>,
    bodies: &'c BTreeMap<String, Vec<Elem>>,
    /// Modules of each article on the pages planned so far: (page, module).
    earlier: BTreeMap<String, Vec<(usize, Module)>>,
    /// Articles that go on to a later page: page → slugs, in the order met.
    jumps_to: BTreeMap<usize, Vec<String>>,
    /// Modules the layout has checked, and its verdict (a search after a refusal asks again).
    checked: std::collections::HashMap<String, bool>,
}

impl<'c, 'a> Desk<'c, 'a> {
    /// The issue.
    pub fn issue(&self) -> &'a Issue {
        self.m.issue()
    }

    /// An article's body as set.
    pub fn body(&self, slug: &str) -> Option<&[Elem]> {
        self.bodies.get(slug).map(Vec::as_slice)
    }

    fn ctx(&mut self) -> &mut Ctx<'a> {
        self.m.ctx()
    }

    /// The height at which an article's photo is at its natural size, at the given span.
    pub fn natural_height(
        &mut self,
        slug: &str,
        (span, photo, size): (usize, PhotoMode, Option<f64>),
    ) -> Option<usize> {
        let issue = self.issue();
        let (a, stream) = (issue.articles.get(slug)?, self.bodies.get(slug)?);
        let v = self.m.variant(a, stream, (span, photo, size), Part::WHOLE)?;
        let lines = issue.template.grid_lines();
        Some(pieces::choice_of(&v, lines, 0).natural)
    }

    /// Lines overset when the article is laid out in `m` on page `number` (after its modules on
    /// earlier pages).
    pub fn overset_in(&mut self, number: usize, slug: &str, m: &Module) -> usize {
        let r = self.lay_out(slug, number, m, None);
        r.map_or(usize::MAX, |r| r.overset_lines)
    }

    /// Lays the article out for real in `m` on page `number`, after its earlier modules (and
    /// before a stand-in module on page `then`, when its text goes on).
    fn lay_out(
        &mut self,
        slug: &str,
        number: usize,
        m: &Module,
        then: Option<usize>,
    ) -> Option<crate::layout::report::ArticleReport> {
        let issue = self.issue();
        let a = issue.articles.get(slug)?;
        let stream = self.bodies.get(slug)?;
        let mut placements: Vec<(usize, &Module)> = Vec::new();
        let before = self.earlier.get(slug).cloned().unwrap_or_default();
        placements.extend(before.iter().filter(|(p, _)| *p < number).map(|(p, x)| (*p, x)));
        placements.push((number, m));
        let stand_in = stand_in(issue);
        if let Some(to) = then {
            placements.push((to, &stand_in));
        }
        let job = Job { article: a, stream, placements: &placements };
        let ctx = self.ctx();
        let (report, _) = if a.is_box() {
            crate::layout::boxes::lay_out_box(ctx, job)
        } else {
            crate::layout::quotes::lay_out(ctx, job)
        };
        Some(report)
    }

    /// Where the article's text stands after its modules on pages before `number`: the first
    /// stream element they do not take, and the last of those pages.
    fn continues(&mut self, slug: &str, number: usize) -> Option<(usize, usize)> {
        let before: Vec<(usize, Module)> =
            self.earlier.get(slug)?.iter().filter(|(p, _)| *p < number).cloned().collect();
        let (last_page, last) = before.last()?.clone();
        let r = self.lay_out(slug, last_page, &last, Some(number))?;
        let k = before.len() - 1;
        Some((r.ends.get(k)?.next, last_page))
    }
}

/// A module as tall as the page, for text that goes on to a page not planned yet.
fn stand_in(issue: &Issue) -> Module {
    let t = &issue.template;
    Module::made(
        ModuleDef::at(ModuleKind::Article, None, (1, t.columns), (0, t.grid_lines())),
        (0, t.grid_lines()),
        true,
    )
}

/// Drops every module of a planned page not marked `lock`, listing its article for the planner
/// again (`maquette plan`).
pub fn unplan_unlocked(issue: &mut Issue) {
    for page in &mut issue.pages {
        let Some(plan) = page.plan.as_mut() else { continue };
        for m in page.modules.iter().filter(|m| !m.def.lock) {
            let name = match m.def.kind {
                ModuleKind::Promo => Some("promo".to_string()),
                ModuleKind::Teasers => Some("teasers".to_string()),
                _ => m.def.article.clone(),
            };
            if let Some(n) = name.filter(|n| !plan.articles.contains(n)) {
                plan.articles.push(n);
            }
        }
        page.modules.retain(|m| m.def.lock);
    }
}

/// Plans every page that asks for it, in order.
pub fn plan_pages(
    ctx: &mut Ctx,
    bodies: &BTreeMap<String, Vec<Elem>>,
) -> Result<(PlanReport, BTreeMap<usize, Vec<Module>>)> {
    let issue = ctx.issue;
    let mut desk = Desk {
        m: Measurer::new(ctx),
        bodies,
        earlier: BTreeMap::new(),
        jumps_to: BTreeMap::new(),
        checked: Default::default(),
    };
    let mut report = PlanReport::default();
    let mut made = BTreeMap::new();
    for page in &issue.pages {
        let asks = page.plan.is_some() || page.modules.iter().any(|m| !m.pending.is_settled());
        let mut modules = if asks { super::pending::settle(&mut desk, page)? } else { page.modules.clone() };
        let mut exact = true;
        if let Some(plan) = &page.plan {
            let (planned, ok, advice) = plan_page(&mut desk, page, plan, &modules)?;
            modules.extend(planned);
            exact = ok;
            report.advice.extend(advice);
        }
        for m in &modules {
            if let Some(slug) = &m.def.article {
                desk.earlier.entry(slug.clone()).or_default().push((page.number, m.clone()));
            }
        }
        if asks {
            let planned: Vec<Module> = modules.iter().filter(|m| m.planned || m.line == 0).cloned().collect();
            report.pages.push(PageReport { number: page.number, modules: planned, exact });
            made.insert(page.number, modules);
        }
    }
    report.warnings.extend(teaser_warnings(issue, &desk.earlier));
    Ok((report, made))
}

fn teaser_warnings(issue: &Issue, placed: &BTreeMap<String, Vec<(usize, Module)>>) -> Vec<String> {
    let mut out = Vec::new();
    for page in &issue.pages {
        for slug in page.teasers.iter().filter(|s| !placed.contains_key(*s)) {
            out.push(format!("page {}: the teaser for `{slug}` names an article no page carries", page.number));
        }
    }
    out
}

/// Plans one page around its `kept` modules: the planned modules, whether the plan is exact, and
/// the advice when it is not.
fn plan_page(
    desk: &mut Desk,
    page: &Page,
    plan: &FlatPlan,
    kept: &[Module],
) -> Result<(Vec<Module>, bool, Vec<String>)> {
    let issue = desk.issue();
    let t = &issue.template;
    let first = t.variants.get(&page.variant).map_or(0, |v| v.nameplate_lines);
    let area = Rect { col: 0, top: first, span: t.columns, lines: t.grid_lines() - first };
    let fixed: Vec<Rect> =
        kept.iter().map(|m| Rect { col: m.col, top: m.top, span: m.def.span, lines: m.height }).collect();
    let free = regions::free(area, &fixed).map_err(|i| {
        Error::in_file(
            issue.toml_path(),
            format!(
                "page {}: the free grid around this module is not made of rectangles the planner can fill",
                page.number
            ),
        )
        .at_line(kept[i].line)
        .with_help("move the module to an edge of the page, or plan the page by hand")
    })?;
    let what = pieces_of(desk, page, plan, kept)?;
    if what.is_empty() {
        return Ok((vec![], true, vec![]));
    }
    let clock = std::time::Instant::now();
    let mut pieces = {
        let hints = &plan.hints;
        let ctx_page = pieces::Page { issue, streams: desk.bodies, number: page.number, hints };
        pieces::measure(&mut desk.m, &ctx_page, what)
    };
    keep_sidebars_with_stories(&mut pieces, plan);
    let debug = std::env::var_os("MAQUETTE_PLAN_DEBUG").is_some();
    if debug {
        let area = |f: fn(&super::search::Choice) -> usize| -> usize {
            pieces.search.iter().map(|p| p.options.iter().map(|o| o.span * f(o)).min().unwrap_or(0)).sum()
        };
        let free_area: usize = free.iter().map(|r| r.span * r.lines).sum();
        eprintln!(
            "page {}: measured in {:?}; free {free_area}, pieces min {} natural {} max {}",
            page.number,
            clock.elapsed(),
            area(|o| o.min),
            area(|o| o.natural),
            pieces.search.iter().map(|p| p.options.iter().map(|o| o.span * o.max).max().unwrap_or(0)).sum::<usize>()
        );
        for p in &pieces.search {
            let v: Vec<String> = p
                .options
                .iter()
                .map(|o| format!("{}:{}-{}-{}{}", o.span, o.min, o.natural, o.max, if o.quiet { "q" } else { "" }))
                .collect();
            eprintln!("    {:24} {}", p.label, v.join(" "));
        }
    }
    for round in 0..ROUNDS {
        let clock = std::time::Instant::now();
        let Some(placed) = tile(&pieces, &free, t.columns, t.grid_lines(), false) else { break };
        let modules = to_modules(desk, page.number, &pieces, &placed);
        let refused = verify(desk, page.number, &pieces, &placed, &modules);
        if debug {
            eprintln!(
                "  round {round}: {:?} refused {refused:?} in {:?}",
                placed.iter().map(|p| (p.piece, p.col, p.top, p.span, p.height)).collect::<Vec<_>>(),
                clock.elapsed()
            );
        }
        if refused.is_empty() {
            note_jumps(desk, page.number, &pieces, &placed);
            return Ok((modules, true, vec![]));
        }
        for (k, h) in refused {
            let p = &placed[k];
            pieces.search[p.piece].options[p.option].banned.push(h);
        }
    }
    let clock = std::time::Instant::now();
    let placed = tile(&pieces, &free, t.columns, t.grid_lines(), true).unwrap_or_default();
    if debug {
        eprintln!(
            "  soft: {:?} in {:?}",
            placed.iter().map(|p| (p.piece, p.col, p.top, p.span, p.height)).collect::<Vec<_>>(),
            clock.elapsed()
        );
    }
    let modules = to_modules(desk, page.number, &pieces, &placed);
    note_jumps(desk, page.number, &pieces, &placed);
    let advice = copyfit::advise(desk, page.number, &pieces, &placed, &free);
    Ok((modules, false, advice))
}

/// The pieces of the page, in priority order: its listed articles and boxes without a module on
/// it, then the articles an earlier page continues here.
fn pieces_of(desk: &mut Desk, page: &Page, plan: &FlatPlan, kept: &[Module]) -> Result<Vec<What>> {
    let issue = desk.issue();
    let on_page = |name: &str| {
        kept.iter().any(|m| match m.def.kind {
            ModuleKind::Promo => name == "promo",
            ModuleKind::Teasers => name == "teasers",
            _ => m.def.article.as_deref() == Some(name),
        })
    };
    let mut names: Vec<String> = plan.articles.iter().filter(|n| !on_page(n)).cloned().collect();
    for slug in desk.jumps_to.get(&page.number).cloned().unwrap_or_default() {
        if !names.contains(&slug) && !on_page(&slug) {
            names.push(slug);
        }
    }
    let mut out = Vec::new();
    for name in names {
        let what = match name.as_str() {
            "promo" => What::Promo,
            "teasers" => What::Teasers,
            slug if issue.articles.get(slug).is_some_and(|a| a.is_box()) => What::Sidebar(slug.to_string()),
            slug => {
                let to_page = plan.hints.get(slug).and_then(|h| h.jump.as_ref()).and_then(|j| j.page());
                let part = match desk.continues(slug, page.number) {
                    Some((from, from_page)) => Part { from, from_page: Some(from_page), to_page },
                    None => Part { to_page, ..Part::WHOLE },
                };
                What::Article { slug: slug.to_string(), part }
            }
        };
        out.push(what);
    }
    Ok(out)
}

/// Puts each sidebar a hint keeps `with` a story right after it, paired, so the search gives the
/// two a region of their own.
fn keep_sidebars_with_stories(pieces: &mut Pieces, plan: &FlatPlan) {
    for (slug, hint) in &plan.hints {
        let Some(with) = &hint.with else { continue };
        let find = |p: &Pieces, name: &str| p.search.iter().position(|x| x.label == name);
        let (Some(s), Some(story)) = (find(pieces, slug), find(pieces, with)) else { continue };
        let (sp, pp) = (pieces.search.remove(s), pieces.planned.remove(s));
        let at = find(pieces, with).unwrap_or(story.min(pieces.search.len())) + 1;
        pieces.search.insert(at, sp);
        pieces.planned.insert(at, pp);
        pieces.search[at - 1].with_next = true;
    }
}

/// The best tiling of the free rectangles with the pieces, in order: each rectangle takes the
/// next run of pieces. Placements are in page coordinates.
fn tile(pieces: &Pieces, free: &[Rect], columns: usize, lines: usize, soft: bool) -> Option<Vec<Placed>> {
    let n = pieces.search.len();
    let s = Search::run(&pieces.search, columns, lines, soft);
    // best[r][i]: cheapest way for rectangles r.. to take pieces i..; the run r takes is i..j.
    let k = free.len();
    let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; n + 1]; k + 1];
    best[k][n] = Some((0.0, n));
    for r in (0..k).rev() {
        let rect = free[r];
        for i in 0..=n {
            for j in i..=n {
                let Some((rest, _)) = best[r + 1][j] else { continue };
                let here = if i == j {
                    // A rectangle left empty: never in an exact plan.
                    if !soft {
                        continue;
                    }
                    super::search::empty_cost(rect.span, rect.lines)
                } else {
                    match s.cost(i, j, rect.span, rect.lines) {
                        Some(c) => c,
                        None => continue,
                    }
                };
                let total = here + rest;
                if best[r][i].is_none_or(|(c, _)| total < c - 1e-9) {
                    best[r][i] = Some((total, j));
                }
            }
        }
    }
    best[0][0]?;
    let mut out = Vec::new();
    let mut i = 0;
    for (r, rect) in free.iter().enumerate() {
        let (_, j) = best[r][i]?;
        if j > i {
            out.extend(s.placements(i, j, (rect.span, rect.lines), (rect.col, rect.top)));
        }
        i = j;
    }
    Some(out)
}

/// The modules of a plan.
fn to_modules(desk: &Desk, number: usize, pieces: &Pieces, placed: &[Placed]) -> Vec<Module> {
    let issue = desk.issue();
    placed
        .iter()
        .map(|p| {
            let planned = &pieces.planned[p.piece];
            let mut def = match &planned.what {
                What::Article { slug, part } => {
                    let a = &issue.articles[slug];
                    let v = planned.variants[p.option].as_ref();
                    let photo = v.map_or(PhotoMode::None, |v| v.photo);
                    let size = v.and_then(|v| v.headline_size);
                    let mut def = trial_def(a, p.span, photo, size);
                    if part.from_page.is_some() {
                        def.photos = None;
                    }
                    let choice = &pieces.search[p.piece].options[p.option];
                    let white = p.height.saturating_sub(choice.fill).min(choice.space);
                    def.head_space = (white > 0).then_some(white);
                    def
                }
                What::Sidebar(slug) => ModuleDef::at(ModuleKind::Box, Some(slug.clone()), (1, p.span), (0, 1)),
                What::Promo => ModuleDef::at(ModuleKind::Promo, None, (1, p.span), (0, 1)),
                What::Teasers => ModuleDef::at(ModuleKind::Teasers, None, (1, p.span), (0, 1)),
            };
            def.col = p.col + 1;
            def.top = crate::model::issue::Extent::Lines(p.top);
            def.height = crate::model::issue::Extent::Lines(p.height);
            let _ = number;
            Module::made(def, (p.top, p.height), true)
        })
        .collect()
}

/// The placements the layout refuses, with the height refused: an article overset, or ending
/// more than a grid line above its module's foot; a box or teasers that do not fit.
fn verify(
    desk: &mut Desk,
    number: usize,
    pieces: &Pieces,
    placed: &[Placed],
    modules: &[Module],
) -> Vec<(usize, usize)> {
    let mut refused = Vec::new();
    for (k, (p, m)) in placed.iter().zip(modules).enumerate() {
        let what = &pieces.planned[p.piece].what;
        let key = format!("{number}|{what:?}|{:?}|{}", m.def, m.height);
        let ok = match desk.checked.get(&key) {
            Some(&ok) => ok,
            None => {
                let ok = lays_out(desk, number, what, m);
                desk.checked.insert(key, ok);
                ok
            }
        };
        if !ok {
            refused.push((k, p.height));
        }
    }
    refused
}

/// Whether the layout sets the piece in module `m` as planned.
fn lays_out(desk: &mut Desk, number: usize, what: &What, m: &Module) -> bool {
    match what {
        What::Article { slug, part } => match desk.lay_out(slug, number, m, part.to_page) {
            Some(r) if part.to_page.is_some() => r.ends.iter().rev().nth(1).is_some_and(|e| e.short == 0),
            Some(r) => r.overset_lines == 0 && r.ends.last().is_some_and(|e| e.short <= 1),
            None => false,
        },
        What::Sidebar(slug) => desk.lay_out(slug, number, m, None).is_some_and(|r| r.overset_lines == 0),
        What::Promo | What::Teasers => true,
    }
}

/// Remembers the articles of the plan that go on to a later page.
fn note_jumps(desk: &mut Desk, _number: usize, pieces: &Pieces, placed: &[Placed]) {
    for p in placed {
        if let What::Article { slug, part: crate::plan::measure::Part { to_page: Some(to), .. } } =
            &pieces.planned[p.piece].what
        {
            desk.jumps_to.entry(*to).or_default().push(slug.clone());
        }
    }
}
