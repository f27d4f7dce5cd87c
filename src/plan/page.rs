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
const ROUNDS: usize = 16;

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
        let r = self.lay_out(slug, number, m, None, true);
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
        quotes: bool,
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
        if a.is_box() {
            return Some(crate::layout::boxes::lay_out_box(ctx, job).0);
        }
        // Moving a pull quote (quotes::lay_out) costs a layout per move and only ever takes
        // blank column lines away; the planner asks for it when the article as written does
        // not pass (`lays_out`), and never against a stand-in, whose own blank lines it would
        // chase.
        if quotes && then.is_none() {
            return Some(crate::layout::quotes::lay_out(ctx, job).0);
        }
        Some(crate::layout::refit::lay_out(ctx, job).0)
    }

    /// Where the article's text stands after its modules on pages before `number`: the first
    /// stream element they do not take, and the last of those pages.
    fn continues(&mut self, slug: &str, number: usize) -> Option<(usize, usize)> {
        let before: Vec<(usize, Module)> =
            self.earlier.get(slug)?.iter().filter(|(p, _)| *p < number).cloned().collect();
        let (last_page, last) = before.last()?.clone();
        let r = self.lay_out(slug, last_page, &last, Some(number), false)?;
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
        let (mut exact, mut possible, mut fill) = (true, true, 0.0);
        if let Some(plan) = &page.plan {
            let done = plan_page(&mut desk, page, plan, &modules)?;
            modules.extend(done.modules);
            (exact, possible, fill) = (done.exact, done.possible, done.fill);
            report.advice.extend(done.advice);
        }
        for m in &modules {
            if let Some(slug) = &m.def.article {
                desk.earlier.entry(slug.clone()).or_default().push((page.number, m.clone()));
            }
        }
        if asks {
            let planned: Vec<Module> = modules.iter().filter(|m| m.planned || m.line == 0).cloned().collect();
            report.pages.push(PageReport { number: page.number, modules: planned, exact, possible, fill });
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

/// One page planned.
struct PageDone {
    modules: Vec<Module>,
    exact: bool,
    possible: bool,
    fill: f64,
    advice: Vec<String>,
}

/// Plans one page around its `kept` modules: the planned modules, whether the plan is exact, how
/// full the page is, and the advice when the plan is not exact.
fn plan_page(desk: &mut Desk, page: &Page, plan: &FlatPlan, kept: &[Module]) -> Result<PageDone> {
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
        return Ok(PageDone { modules: vec![], exact: true, possible: true, fill: 0.0, advice: vec![] });
    }
    let mut pieces = {
        let hints = &plan.hints;
        let ctx_page = pieces::Page { issue, streams: desk.bodies, number: page.number, hints };
        pieces::measure(&mut desk.m, &ctx_page, what)
    };
    keep_sidebars_with_stories(&mut pieces, plan);
    let free_area: usize = free.iter().map(|r| r.span * r.lines).sum();
    // The smallest area each piece takes at its natural size, among the ways it fits the page
    // (one too tall for any span counts at its least overset).
    let lines = t.grid_lines();
    let natural: usize = pieces
        .search
        .iter()
        .map(|p| {
            let fits = p.options.iter().filter(|o| o.min <= lines).map(|o| o.span * o.natural).min();
            fits.or_else(|| p.options.iter().map(|o| o.span * o.min).min()).unwrap_or(0)
        })
        .sum();
    let fill = natural as f64 / free_area.max(1) as f64;
    let mut spans_refused: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    // The first search runs over every height the texts allow: finding nothing proves that its
    // search space holds no plan under the house rules (later rounds only narrow the heights).
    let mut possible = false;
    for _ in 0..ROUNDS {
        let Some(placed) = tile(&pieces, &free, (t.columns, t.grid_lines(), stack_gap(t)), false) else { break };
        possible = true;
        let modules = to_modules(desk, page.number, &pieces, &placed);
        let refused = verify(desk, page.number, &pieces, &placed, &modules);
        if refused.is_empty() {
            note_jumps(desk, page.number, &pieces, &placed);
            return Ok(PageDone { modules, exact: true, possible: true, fill, advice: vec![] });
        }
        for (k, h) in refused {
            let p = placed[k];
            pieces.search[p.piece].options[p.option].banned.push(h);
            learn(desk, page.number, &mut pieces, p);
            // A span refused again and again (a short text balanced badly over many columns)
            // is given up for that piece, rather than asked about height after height.
            let span_refused = spans_refused.entry((p.piece, p.span)).or_insert(0);
            *span_refused += 1;
            if *span_refused >= SPAN_REFUSALS {
                for o in pieces.search[p.piece].options.iter_mut().filter(|o| o.span == p.span) {
                    o.banned.extend(o.min..=o.max);
                }
            }
        }
    }
    let placed = tile(&pieces, &free, (t.columns, t.grid_lines(), stack_gap(t)), true).unwrap_or_default();
    let modules = to_modules(desk, page.number, &pieces, &placed);
    note_jumps(desk, page.number, &pieces, &placed);
    let advice = copyfit::advise(desk, page.number, &pieces, &placed, &free);
    Ok(PageDone { modules, exact: false, possible, fill, advice })
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

/// Blank grid lines between stacked modules: one for the cut-off rule where the template draws
/// them (a rule squeezed on the seam would touch the descenders above and the kicker below).
fn stack_gap(t: &crate::model::Template) -> usize {
    usize::from(t.rules.cutoff)
}

/// The best tiling of the free rectangles with the pieces, in order: each rectangle takes the
/// next run of pieces. Placements are in page coordinates.
fn tile(
    pieces: &Pieces,
    free: &[Rect],
    (columns, lines, gap): (usize, usize, usize),
    soft: bool,
) -> Option<Vec<Placed>> {
    let n = pieces.search.len();
    let s = Search::run(&pieces.search, columns, lines, soft, gap);
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
                    let white = match choice.white.get(&p.height) {
                        Some(&w) => w,
                        None => p.height.saturating_sub(choice.fill).min(choice.space),
                    };
                    def.head_space = (white > 0).then_some(white);
                    def.head_drop = (choice.drop > 0).then_some(choice.drop);
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
        let ok = checked(desk, number, &pieces.planned[p.piece].what, m);
        if !ok {
            refused.push((k, p.height));
        }
    }
    refused
}

/// Asks the layout about every height of a piece's choice once it has refused one of them,
/// rather than guess again: a height it refuses is struck, and one it takes with a line or two of
/// white under the heads is remembered with that white (a few layouts of one article).
fn learn(desk: &mut Desk, number: usize, pieces: &mut Pieces, p: Placed) {
    let (min, max, space, refusals) = {
        let c = &mut pieces.search[p.piece].options[p.option];
        c.refusals += 1;
        (c.min, c.max, c.space, c.refusals)
    };
    let what = pieces.planned[p.piece].what.clone();
    // Around the refused height; the whole range once a choice is refused again.
    let near =
        if refusals > 1 { min..=max } else { p.height.saturating_sub(NEAR).max(min)..=(p.height + NEAR).min(max) };
    for h in near {
        let c = &pieces.search[p.piece].options[p.option];
        if c.banned.contains(&h) || (c.white.contains_key(&h) && h != p.height) {
            continue;
        }
        let mut found = None;
        // White under the heads is for stories without a photo; a photo takes the slack itself.
        let whites = if pieces.planned[p.piece].variants[p.option].as_ref().is_some_and(|v| v.photo_range.is_some()) {
            0
        } else {
            space.min(h - min)
        };
        for white in 0..=whites {
            pieces.search[p.piece].options[p.option].white.insert(h, white);
            let trial = Placed { col: 0, top: 0, height: h, ..p };
            let m = to_modules(desk, number, pieces, &[trial]).remove(0);
            if checked(desk, number, &what, &m) {
                found = Some(white);
                break;
            }
        }
        let choice = &mut pieces.search[p.piece].options[p.option];
        match found {
            Some(w) => drop(choice.white.insert(h, w)),
            None => {
                choice.white.remove(&h);
                choice.banned.push(h);
            }
        }
        // The twin (the same choice with its head dropped, or not) sets the same text two lines
        // lower or higher: it fares the same.
        if let Some(t) = pieces.search[p.piece].options[p.option].twin {
            let drop = pieces.search[p.piece].options[p.option].drop;
            let twin = &mut pieces.search[p.piece].options[t];
            if let Some(th) = (h + twin.drop).checked_sub(drop) {
                match found {
                    Some(w) => drop_into(&mut twin.white, th, w),
                    None => twin.banned.push(th),
                }
            }
        }
    }
}

fn drop_into(white: &mut std::collections::BTreeMap<usize, usize>, h: usize, w: usize) {
    white.insert(h, w);
}

/// Refusals after which a piece gives up a span.
const SPAN_REFUSALS: usize = 3;

/// Heights around a refused one that the layout is asked about at once.
const NEAR: usize = 3;

/// The layout's verdict on module `m`, asked once.
fn checked(desk: &mut Desk, number: usize, what: &What, m: &Module) -> bool {
    let key = format!("{number}|{what:?}|{:?}|{}", m.def, m.height);
    if let Some(&ok) = desk.checked.get(&key) {
        return ok;
    }
    let ok = lays_out(desk, number, what, m);
    desk.checked.insert(key, ok);
    ok
}

/// Whether the layout sets the piece in module `m` as planned.
fn lays_out(desk: &mut Desk, number: usize, what: &What, m: &Module) -> bool {
    match what {
        What::Article { slug, part } => {
            let passes = |r: &crate::layout::report::ArticleReport| match part.to_page {
                Some(_) => r.ends.iter().rev().nth(1).is_some_and(|e| e.short <= 1),
                // As `--strict` judges it: no more grid lines left empty in all than the report allows.
                None => {
                    r.overset_lines == 0
                        && r.ends.last().is_some_and(|e| e.short <= 1)
                        && r.short_lines <= crate::layout::report::SHORT_LIMIT
                }
            };
            [false, true]
                .into_iter()
                .any(|quotes| desk.lay_out(slug, number, m, part.to_page, quotes).is_some_and(|r| passes(&r)))
        }
        What::Sidebar(slug) => desk.lay_out(slug, number, m, None, false).is_some_and(|r| r.overset_lines == 0),
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
