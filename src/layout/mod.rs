//! Layout: modules on the page grid, text flowed through columns, page furniture; produces frames.
//!
//! [`lay_out`] reads as its steps: furniture on every page, every body set once (`streams`), each
//! article laid out onto a sheet of its own and the kept sheet laid onto its pages (`quotes` →
//! `refit` → `article`, or `boxes`), the promo box, the reader messages, then the checks on the
//! finished pages (`bounds`). What the layout found goes into the [`report::Report`].

pub mod article;
pub mod body;
mod bounds;
pub mod boxes;
pub mod column_ends;
pub mod ctx;
pub mod dropcap;
pub mod emit;
pub mod flow;
pub mod free;
pub mod headline;
pub mod heads;
pub mod justify;
pub mod kept;
pub mod measure;
pub mod messages;
pub mod pack;
pub mod page;
pub mod photos;
pub mod promo;
mod promo_fill;
pub mod quotes;
pub mod refit;
pub mod report;
mod rules;
pub mod sheet;
pub mod streams;
pub mod styles;
pub mod teasers;

pub use ctx::{Ctx, body_setting, hyphenator, module_rect};
pub use emit::{emit_line, stack};
pub use styles::Styles;

use crate::error::Result;
use crate::fonts::FontBook;
use crate::frame::{Item, PageFrame};
use crate::model::{Article, Issue, Module, ModuleKind};
use crate::text::Shaper;
use report::Report;
use sheet::Job;
use std::collections::BTreeMap;

/// The laid-out issue: one frame per page and the report.
#[derive(Clone, Debug)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<PageFrame>,
    /// What the layout found.
    pub report: Report,
}

/// Lays out the whole issue.
pub fn lay_out(issue: &Issue, book: &mut FontBook) -> Result<Document> {
    lay_out_with(issue, book, None)
}

/// Lays out the whole issue with article bodies already set (by the planner), setting only
/// those missing.
pub fn lay_out_with(issue: &Issue, book: &mut FontBook, set: Option<streams::Streams>) -> Result<Document> {
    let t = &issue.template;
    // Another issue's front page for the promo box is laid out first, with the same fonts.
    let external = match &issue.thumbnail_issue {
        Some(other) => Some(lay_out(other, book)?),
        None => None,
    };
    let styles = Styles::load(t, book)?;
    let hyph = hyphenator(&issue.hyphenation);
    let mut ctx = Ctx { issue, t, styles: &styles, shaper: Shaper::new(book), hyph };
    let mut pages: Vec<PageFrame> = issue.pages.iter().map(|p| page::furniture(&mut ctx, p)).collect();
    let mut report = Report::default();
    let placed = article_placements(issue);
    // Articles whose layout an earlier build in this process kept need no body set.
    let keys: BTreeMap<&str, Option<u64>> =
        placed.iter().map(|(slug, pl)| (*slug, kept::key(issue, &issue.articles[*slug], pl))).collect();
    let mut laid_before: BTreeMap<&str, kept::Laid> =
        keys.iter().filter_map(|(slug, key)| key.and_then(kept::get).map(|l| (*slug, l))).collect();
    let articles: Vec<_> =
        placed.keys().filter(|s| !laid_before.contains_key(*s)).map(|slug| &issue.articles[*slug]).collect();
    let env = streams::Env { issue, styles: &styles, book: ctx.shaper.book, hyph: &ctx.hyph };
    let streams = match set {
        Some(mut done) => {
            let missing: Vec<_> = articles.iter().copied().filter(|a| !done.bodies.contains_key(&a.slug)).collect();
            let more = streams::set_all(&env, &missing);
            done.bodies.extend(more.bodies);
            done.missing.extend(more.missing);
            done
        }
        None => streams::set_all(&env, &articles),
    };
    ctx.shaper.missing.extend(streams.missing);
    let mut bodies = streams.bodies;
    for (slug, placements) in placed {
        let article = &issue.articles[slug];
        ctx.shaper.context = format!("article `{slug}`");
        report.warnings.extend(body_notes(issue, article));
        // Each body goes once its article is placed (every placed article was set above): its
        // lines are in the page frames by then, and holding both for every article of a long
        // issue was most of the layout's memory.
        let laid = match laid_before.remove(slug) {
            Some(laid) => laid,
            None => {
                let stream = bodies.remove(slug).unwrap_or_default();
                lay_out_placed(&mut ctx, Job { article, stream: &stream, placements: &placements }, keys[slug])
            }
        };
        report.warnings.extend(laid.warnings);
        if laid.one_word_headline {
            report.headline_one_word_endings.push(slug.to_string());
        }
        ctx.shaper.missing.extend(laid.missing);
        laid.sheet.commit(&mut pages);
        report.articles.push(laid.report);
    }
    report.articles.sort_by_key(|a| (a.pages.first().copied(), a.slug.clone()));
    rules::draw(&ctx, &mut pages);
    // Teasers first: the front page the promo box shows carries them.
    boxes_of_kind(&mut ctx, &mut pages, &mut report, ModuleKind::Teasers, None);
    let thumb = thumbnail_page(issue, &pages, external.as_ref());
    boxes_of_kind(&mut ctx, &mut pages, &mut report, ModuleKind::Promo, thumb.as_ref());
    // Whether a module or the messages' leftover space prints it, the promo text is the issue's.
    report.warnings.extend(issue.promo.iter().flat_map(|promo| body_notes(issue, promo)));
    messages::lay_out_messages(&mut ctx, &mut pages, &mut report, thumb.as_ref());
    report.warnings.extend(bounds::overflows(&pages));
    for file in &issue.unplaced {
        report.warnings.push(format!("{file}: no module of issue.toml names this article, so it is not printed"));
    }
    for m in &ctx.shaper.missing {
        report.warnings.push(format!(
            "{}: character « {} » (U+{:04X}) is missing from font {}",
            m.context, m.ch, m.ch as u32, m.font
        ));
    }
    Ok(Document { pages, report })
}

/// Lays out one placed article or box, and keeps the layout under `key` (when [`kept`] is on).
fn lay_out_placed(ctx: &mut Ctx, job: Job, key: Option<u64>) -> kept::Laid {
    let (article, placements) = (job.article, job.placements);
    let (report, sheet, warnings, one_word_headline) = if article.is_box() {
        let (report, sheet) = boxes::lay_out_box(ctx, job);
        (report, sheet, Vec::new(), false)
    } else {
        let (report, sheet) = quotes::lay_out(ctx, job);
        let warnings = headline::note(ctx, article, placements).into_iter().collect();
        (report, sheet, warnings, headline::ends_on_one_word(ctx, article, placements))
    };
    let mut laid = kept::Laid { report, sheet, warnings, one_word_headline, missing: Vec::new() };
    if let Some(key) = key {
        let here = &ctx.shaper.context;
        laid.missing = ctx.shaper.missing.iter().filter(|m| m.context == *here).cloned().collect();
        kept::put(key, &laid);
    }
    laid
}

/// Lays out every module of `kind` (the promo box, the teasers), with their warnings.
fn boxes_of_kind(
    ctx: &mut Ctx,
    pages: &mut [PageFrame],
    report: &mut Report,
    kind: ModuleKind,
    thumb: Option<&PageFrame>,
) {
    let issue = ctx.issue;
    for page in &issue.pages {
        for m in page.modules.iter().filter(|m| m.def.kind == kind) {
            let frame = &mut pages[page.number - 1];
            let warning = if kind == ModuleKind::Promo {
                ctx.shaper.context = "promo box".to_string();
                promo::lay_out_promo(ctx, page.number, m, frame, thumb)
            } else {
                ctx.shaper.context = "teasers".to_string();
                teasers::lay_out_teasers(ctx, page.number, m, frame)
            };
            report.warnings.extend(warning);
        }
    }
}

/// What an article's body holds that does not print as typed, as warnings naming its file (from
/// the issue folder) and line.
fn body_notes<'a>(issue: &Issue, article: &'a Article) -> impl Iterator<Item = String> + 'a {
    let file = article.path.strip_prefix(&issue.dir).unwrap_or(&article.path).display().to_string();
    article.notes.iter().map(move |(line, note)| format!("{file} line {line}: {note}"))
}

/// The front page the promo box shows: this issue's page 1 as laid out so far, or page 1 of the
/// issue named by `[promo] thumbnail`, its photos renamed to the keys this issue loaded them under.
fn thumbnail_page(issue: &Issue, pages: &[PageFrame], external: Option<&Document>) -> Option<PageFrame> {
    match issue.def.promo.as_ref()?.thumbnail.as_ref()? {
        crate::model::Thumbnail::Own(true) => pages.first().cloned(),
        crate::model::Thumbnail::Own(false) => None,
        crate::model::Thumbnail::Folder(folder) => {
            let mut page = external?.pages.first()?.clone();
            for item in &mut page.items {
                if let Item::Image(img) = item {
                    img.key = crate::model::image_key_for_thumbnail(folder, &img.key);
                }
            }
            Some(page)
        }
    }
}

/// The modules of each article (or box), in page order: (page number, module).
fn article_placements(issue: &Issue) -> BTreeMap<&str, Vec<(usize, &Module)>> {
    let mut map: BTreeMap<&str, Vec<(usize, &Module)>> = BTreeMap::new();
    for page in &issue.pages {
        for m in &page.modules {
            if let Some(slug) = &m.def.article {
                map.entry(slug.as_str()).or_default().push((page.number, m));
            }
        }
    }
    map
}
