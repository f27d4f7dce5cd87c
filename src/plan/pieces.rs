//! What the planner places on a page, and the ways each can be set: every span its headline fits,
//! with its photo under the heads or on top, each with the range of module heights its text fills.

use super::measure::{Measurer, Part, PhotoMode, Variant, search};
use super::search::{Choice, Piece};
use crate::layout::flow::{self, Elem};
use crate::model::issue::PlanHint;
use crate::model::{Article, Issue, Module, ModuleDef, ModuleKind};
use std::collections::BTreeMap;

/// What a piece is.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// An article (or the part of it on this page).
    Article {
        /// Its slug.
        slug: String,
        /// Which part of its text.
        part: Part,
    },
    /// A sidebar (an article of kind `box`).
    Sidebar(String),
    /// The reader-message promo box.
    Promo,
    /// The front page's teasers.
    Teasers,
}

/// A piece with what the planner needs to turn a choice back into a module.
#[derive(Clone, Debug)]
pub struct Planned {
    /// What it is.
    pub what: What,
    /// Its rank on the page (0: the first listed).
    pub rank: usize,
    /// The variant behind each of the piece's choices (none for boxes of the issue).
    pub variants: Vec<Option<Variant>>,
}

/// The pieces of a page: the search's view (`Piece`) and the planner's (`Planned`).
pub struct Pieces {
    /// For the search.
    pub search: Vec<Piece>,
    /// For the planner.
    pub planned: Vec<Planned>,
}

/// Everything about the page the pieces are measured for.
pub struct Page<'a> {
    /// The issue.
    pub issue: &'a Issue,
    /// Set bodies, by slug.
    pub streams: &'a BTreeMap<String, Vec<Elem>>,
    /// Page number.
    pub number: usize,
    /// Hints by piece.
    pub hints: &'a BTreeMap<String, PlanHint>,
}

/// Measures the pieces `what` (in priority order) for a page.
pub fn measure(m: &mut Measurer, page: &Page, what: Vec<What>) -> Pieces {
    let mut out = Pieces { search: Vec::new(), planned: Vec::new() };
    for (rank, w) in what.into_iter().enumerate() {
        let label = label(&w);
        let hint = page.hints.get(&label);
        let (choices, variants) = match &w {
            What::Article { slug, part } => article_choices(m, page, slug, *part, rank, hint),
            What::Sidebar(slug) => sidebar_choices(m, page, slug, hint),
            What::Promo => promo_choices(m, page, hint),
            What::Teasers => teaser_choices(m, page, hint),
        };
        let with_next = false;
        out.search.push(Piece { label: label.clone(), options: choices, weight: 1.0 / (rank as f64 + 1.0), with_next });
        out.planned.push(Planned { what: w, rank, variants });
    }
    out
}

/// The name the plan gives a piece (its slug, or `promo`, `teasers`).
pub fn label(w: &What) -> String {
    match w {
        What::Article { slug, .. } | What::Sidebar(slug) => slug.clone(),
        What::Promo => "promo".into(),
        What::Teasers => "teasers".into(),
    }
}

fn spans(issue: &Issue, hint: Option<&PlanHint>) -> Vec<usize> {
    match hint.and_then(|h| h.span) {
        Some(s) => vec![s.min(issue.template.columns)],
        None => (1..=issue.template.columns).collect(),
    }
}

type Choices = (Vec<Choice>, Vec<Option<Variant>>);

/// A headline a step larger than its rank and span ask, and what the search charges for it.
const LARGER: f64 = 1.2;
const LARGER_COST: f64 = 1.0;
/// Grid lines a dropped head starts below its module's top, and what the search charges for it.
const DROP: usize = 2;
const DROP_COST: f64 = 2.0;

fn article_choices(
    m: &mut Measurer,
    page: &Page,
    slug: &str,
    part: Part,
    rank: usize,
    hint: Option<&PlanHint>,
) -> Choices {
    let (issue, a) = (page.issue, &page.issue.articles[slug]);
    let stream = &page.streams[slug];
    let mut out: Choices = (Vec::new(), Vec::new());
    for span in spans(issue, hint) {
        let asked = part.from_page.is_none().then(|| issue.template.headline_size_for(span, rank));
        // The headline may also be set a step larger, its slack taken by the heads.
        // (A photo takes slack better: only a story without one tries it.)
        let photoless = photo_modes(issue, a, span, part, hint) == [PhotoMode::None];
        let sizes: Vec<Option<f64>> = match asked {
            Some(s) if photoless => vec![Some(s), Some((s * LARGER * 2.0).round() / 2.0)],
            other => vec![other],
        };
        for (step, size, photo) in sizes
            .iter()
            .enumerate()
            .flat_map(|(k, &s)| photo_modes(issue, a, span, part, hint).into_iter().map(move |p| (k, s, p)))
        {
            let Some(v) = m.variant(a, stream, (span, photo, size), part) else { continue };
            let min_lines = hint.and_then(|h| h.min_lines).unwrap_or(0);
            let mut choice = choice_of(&v, issue.template.grid_lines(), issue.template.head_space);
            if v.jumps {
                choice.min = choice.min.max(v.head + min_lines.div_ceil(span));
            }
            if photo == PhotoMode::Top {
                choice.cost += 0.5;
            }
            choice.cost += LARGER_COST * step as f64;
            if let PhotoMode::Under(p) = photo
                && p < span
            {
                choice.cost += 0.8;
            }
            // The same with its head dropped, to stand beside another story's head (a story with
            // a photo stands beside one with its photo on top instead).
            let room = choice.min + DROP <= issue.template.grid_lines();
            if photoless && room && !choice.quiet && !choice.open && part.from_page.is_none() {
                let lower = |h: usize| (h + DROP).min(issue.template.grid_lines());
                let dropped = Choice {
                    min: lower(choice.min),
                    max: lower(choice.max),
                    natural: lower(choice.natural),
                    fill: lower(choice.fill),
                    drop: DROP,
                    banned: choice.banned.iter().map(|&h| lower(h)).collect(),
                    cost: choice.cost + DROP_COST,
                    twin: Some(out.0.len() + 1),
                    ..choice.clone()
                };
                out.0.push(dropped);
                out.1.push(Some(v.clone()));
                choice.twin = Some(out.0.len() - 1);
            }
            out.0.push(choice);
            out.1.push(Some(v));
        }
    }
    out
}

/// The photo placements worth trying: under the heads across the module (or as wide as the
/// photo's pixels allow at the printer's `warn_ppi`), and on top when it can span the module.
fn photo_modes(issue: &Issue, a: &Article, span: usize, part: Part, hint: Option<&PlanHint>) -> Vec<PhotoMode> {
    let wanted = hint.and_then(|h| h.photo).unwrap_or(true);
    let photos: Vec<_> = a.front.photos.iter().filter_map(|p| issue.images.get(&p.file)).collect();
    if part.from_page.is_some() || photos.is_empty() || !wanted {
        return vec![PhotoMode::None];
    }
    let t = &issue.template;
    let widest_pt =
        photos.iter().map(|i| f64::from(i.width) * 72.0 / issue.printer.warn_ppi.max(1.0)).fold(f64::MAX, f64::min);
    let most = (1..=span).rev().find(|&p| t.span_width(p) <= widest_pt + 0.5);
    let Some(p) = most else { return vec![PhotoMode::None] };
    let mut modes = vec![PhotoMode::Under(p)];
    // A narrower photo leaves a wide module more room for its text.
    if span >= 4 && p + 1 >= span {
        modes.push(PhotoMode::Under(span - 2));
    }
    if p == span && photos.len() == 1 {
        modes.push(PhotoMode::Top);
    }
    modes
}

/// Heights of a variant the layout would leave short. White under the heads only moves the same
/// columns down, so a module `w` lines taller with `w` lines of white ends as short as the one it
/// grew from: when no height from `fill` to `max` ends flush, none with white does either.
fn short_heights(v: &Variant, max: usize) -> Vec<usize> {
    let flush = (v.fill..=v.max).any(|h| !v.short_at.contains(&h));
    if flush { v.short_at.clone() } else { (v.min..=max).collect() }
}

/// The search's view of a variant: its heights, and the height where its photo is natural.
pub fn choice_of(v: &Variant, lines: usize, space: usize) -> Choice {
    let natural = match v.photo_range {
        Some((lo, nat, hi)) if hi > lo && v.fill > v.min => {
            v.min + ((nat - lo) as f64 / (hi - lo) as f64 * (v.fill - v.min) as f64).round() as usize
        }
        _ => v.min,
    };
    let max = (v.max + if v.jumps { 0 } else { space }).min(lines.max(v.min));
    Choice {
        span: v.span,
        min: v.min,
        max,
        natural,
        fill: v.fill,
        space: if v.jumps { 0 } else { space },
        drop: 0,
        twin: None,
        refusals: 0,
        cost: 0.0,
        quiet: v.quiet,
        open: v.jumps,
        banned: short_heights(v, max),
        white: Default::default(),
    }
}

fn sidebar_choices(m: &mut Measurer, page: &Page, slug: &str, hint: Option<&PlanHint>) -> Choices {
    let (issue, a) = (page.issue, &page.issue.articles[slug]);
    let stream = &page.streams[slug];
    let lines = issue.template.grid_lines();
    let mut out: Choices = (Vec::new(), Vec::new());
    for span in spans(issue, hint).into_iter().filter(|&s| s <= 3) {
        let fits = |h: usize, ctx: &mut crate::layout::ctx::Ctx| {
            let module =
                Module::made(ModuleDef::at(ModuleKind::Box, Some(slug.into()), (1, span), (0, h)), (0, h), true);
            let columns = crate::layout::boxes::heading_and_columns(ctx, a, 2, &module, &mut Vec::new());
            flow::flow(stream, 0, &columns).next >= stream.len()
        };
        let Some(min) = search(2, lines, |h| fits(h, m.ctx())) else { continue };
        let choice = Choice {
            span,
            min,
            max: min + 1,
            natural: min,
            fill: min,
            space: 0,
            drop: 0,
            twin: None,
            refusals: 0,
            cost: 0.0,
            quiet: true,
            open: false,
            banned: vec![],
            white: Default::default(),
        };
        out.0.push(choice);
        out.1.push(None);
    }
    out
}

fn promo_choices(m: &mut Measurer, page: &Page, hint: Option<&PlanHint>) -> Choices {
    let issue = page.issue;
    let lines = issue.template.grid_lines();
    let mut out: Choices = (Vec::new(), Vec::new());
    let size = issue.template.page_size;
    let blank = crate::frame::PageFrame { number: 1, size, items: vec![], modules: vec![], lines: vec![] };
    let thumb = issue.def.promo.as_ref().and_then(|p| p.thumbnail.as_ref()).map(|_| &blank);
    for span in spans(issue, hint) {
        let fits = |h: usize, ctx: &mut crate::layout::ctx::Ctx| {
            let module = Module::made(ModuleDef::at(ModuleKind::Promo, None, (1, span), (0, h)), (0, h), true);
            crate::layout::promo::fits(ctx, page.number, &module, thumb)
        };
        let Some(min) = search(8, lines, |h| fits(h, m.ctx())) else { continue };
        // The box sets its text larger to fill whatever room it gets; the smaller the better.
        let choice = Choice {
            span,
            min,
            max: lines,
            natural: min,
            fill: lines,
            space: 0,
            drop: 0,
            twin: None,
            refusals: 0,
            cost: 0.0,
            quiet: true,
            open: false,
            banned: vec![],
            white: Default::default(),
        };
        out.0.push(choice);
        out.1.push(None);
    }
    out
}

fn teaser_choices(m: &mut Measurer, page: &Page, hint: Option<&PlanHint>) -> Choices {
    let mut out: Choices = (Vec::new(), Vec::new());
    for span in spans(page.issue, hint) {
        let min = crate::layout::teasers::lines_needed(m.ctx(), page.number, span);
        let choice = Choice {
            span,
            min,
            max: min + 3,
            natural: min,
            fill: min + 3,
            space: 0,
            drop: 0,
            twin: None,
            refusals: 0,
            cost: 0.0,
            quiet: true,
            open: false,
            banned: vec![],
            white: Default::default(),
        };
        out.0.push(choice);
        out.1.push(None);
    }
    out
}
