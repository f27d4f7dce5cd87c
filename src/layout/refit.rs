//! Lays an article out, then again with some paragraphs broken differently, until no column ends
//! on a hyphen and no column is left short to avoid a widow or an orphan.
//!
//! **Column ends.** Bodies are set before they are flowed, so which line ends a column is only
//! known afterwards (see [`column_ends`]): the paragraphs whose lines end a column with a hyphen
//! are set again with a hyphen refused on those lines, and the article is laid out again.
//!
//! **Widows and orphans.** The flow never leaves a paragraph's single line alone at a column's
//! foot or head; it ends the column a line early instead (`flow::ModuleFlow::gave_up`). That line
//! is then won back the way a compositor does it, by making a paragraph of that column one line
//! longer or shorter (TeX's `\looseness`): the paragraphs of the short column, nearest first, and
//! the one that was split, are each tried at +1 and −1 line. A try is kept only if the paragraph
//! really changes by that line without setting a loose line it did not have, and the article then
//! loses fewer grid lines to short columns without more overset; otherwise it is undone. The
//! search is bounded (a few rounds, a handful of tries each), and each try is one more layout of
//! one article, well under a millisecond.
//!
//! **What it wins, measured.** At the tabloid measure (about 31 characters) nothing, on the
//! example or the corpus: every paragraph next to a short column needs the breaker's emergency
//! pass already, and one line more or less there sets two to six lines with spaces of 1.7 to 2.9
//! times their natural width. Between one blank grid line at a column's foot and a paragraph of
//! rivers, the short column is the lesser fault, so the rule stays strict: it can act only on
//! paragraphs that set within tolerance. What it leaves, `flow::absorb` moves above a subhead of
//! the column, or a pull quote moved elsewhere fills ([`super::quotes`]; on the example none is
//! left). Trying earlier
//! paragraphs of the article as well (one line more where the last line is nearly full, one less
//! where it is short, since either shifts the short column by a line) was measured too, with
//! looseness let into the emergency pass: of 30 such tries on the example none changed by a line
//! without new loose lines or a new short column, and the build took 200 ms longer, so it was
//! not kept. The lines left blank are counted in the report (`blank_column_lines`).

use super::article::{self, Laid};
use super::body::stream_lines;
use super::column_ends::{self, Resets};
use super::ctx::Ctx;
use super::flow::Elem;
use super::report::ArticleReport;
use super::sheet::{Job, Sheet};
use crate::text::quality::{LOOSE, unbroken_names};
use std::borrow::Cow;

/// Rounds of end-hyphen fixing, as before this module existed.
const HYPHEN_ROUNDS: usize = 4;
/// Short columns won back, at most, per article.
const WIDOW_ROUNDS: usize = 4;
/// The shortest last line a try may leave, as a fraction of the measure.
const SHORTEST_LAST: f64 = 0.2;
/// Paragraphs tried per short column.
const CANDIDATES: usize = 4;

/// Lays out `job`'s article (see the module's documentation); returns its report and the sheet of
/// the layout kept.
pub fn lay_out(ctx: &mut Ctx, job: Job) -> (ArticleReport, Sheet) {
    let mut resets = Resets::default();
    let (mut stream, mut laid) = settle_hyphens(ctx, job, Cow::Borrowed(job.stream), &mut resets);
    for _ in 0..WIDOW_ROUNDS {
        let short: Vec<usize> = laid.gave_up.iter().map(|g| g.0).collect();
        let Some(found) =
            short.into_iter().find_map(|elem| win_back(ctx, job.with_stream(&stream), &laid, elem, &resets))
        else {
            break;
        };
        (stream, laid, resets) = found;
    }
    // Figures only the kept layout needs, so not counted for every try.
    let unbroken_names = unbroken_names(stream_lines(&stream), &ctx.hyph);
    let report = ArticleReport { blank_column_lines: cost(&laid).1, unbroken_names, ..laid.report };
    (report, laid.sheet)
}

/// Grid lines lost to short columns, overset lines: what a try must not make worse.
fn cost(laid: &Laid) -> (usize, usize) {
    (laid.report.overset_lines, laid.gave_up.iter().map(|g| g.1).sum())
}

/// Lays out, setting again the paragraphs that end a column on a hyphen, a few rounds; each
/// round starts again from the job with the new stream.
fn settle_hyphens<'s>(
    ctx: &mut Ctx,
    job: Job,
    mut stream: Cow<'s, [Elem]>,
    resets: &mut Resets,
) -> (Cow<'s, [Elem]>, Laid) {
    let dropcap = job.article.front.dropcap.lines();
    for round in 1.. {
        let laid = article::lay_out_article(ctx, job.with_stream(&stream));
        let ends = column_ends::hyphenated_ends(&stream, &laid.at);
        if ends.is_empty() || round == HYPHEN_ROUNDS {
            return (stream, laid);
        }
        for (para, lines) in ends {
            resets.forbid.entry(para).or_default().extend(lines);
        }
        stream = Cow::Owned(column_ends::reset(ctx, job.article, &stream, resets, dropcap));
    }
    unreachable!("the loop returns by its last round")
}

/// Tries the paragraphs around the column that ended early before element `elem`, at one line
/// more and one less; the first that wins lines back without harm is returned.
fn win_back<'s>(
    ctx: &mut Ctx,
    job: Job,
    laid: &Laid,
    elem: usize,
    resets: &Resets,
) -> Option<(Cow<'s, [Elem]>, Laid, Resets)> {
    let before = cost(laid);
    let dropcap = job.article.front.dropcap.lines();
    for para in candidates(job.stream, laid, elem) {
        for delta in [1, -1] {
            let mut tried = resets.clone();
            let loose = tried.looseness.entry(para).or_insert(0);
            *loose += delta;
            let set = column_ends::reset(ctx, job.article, job.stream, &tried, dropcap);
            if !changed_cleanly(job.stream, &set, para, delta) {
                continue;
            }
            let (set, after) = settle_hyphens(ctx, job, Cow::Owned(set), &mut tried);
            let now = cost(&after);
            if now.0 <= before.0 && now.1 < before.1 {
                return Some((Cow::Owned(set.into_owned()), after, tried));
            }
        }
    }
    None
}

/// Paragraphs to try for the column left short before `elem`: those placed in that column,
/// nearest first, then the paragraph of `elem` itself.
fn candidates(stream: &[Elem], laid: &Laid, elem: usize) -> Vec<usize> {
    let para_of = |i: usize| match &stream[i] {
        Elem::Line { para, .. } => Some(*para),
        _ => None,
    };
    let Some(col) = (0..elem).rev().find_map(|i| laid.at[i]) else { return Vec::new() };
    let mut out: Vec<usize> = Vec::new();
    for i in (0..elem).rev().take_while(|&i| laid.at[i].is_none_or(|c| c == col)) {
        if let Some(p) = para_of(i).filter(|p| !out.contains(p)) {
            out.push(p);
        }
    }
    out.truncate(CANDIDATES);
    if let Some(p) = para_of(elem).filter(|p| !out.contains(p)) {
        out.push(p);
    }
    out
}

/// Whether paragraph `para` came out exactly `delta` lines longer with no more loose lines.
fn changed_cleanly(old: &[Elem], new: &[Elem], para: usize, delta: i32) -> bool {
    let lines = |s: &[Elem]| {
        let r = column_ends::para_range(s, para);
        let loose = s[r.clone()]
            .iter()
            .filter(|e| matches!(e, Elem::Line { line, .. } if line.space_ratio.is_some_and(|x| x > LOOSE + 1e-9)))
            .count();
        (r.len() as i32, loose)
    };
    let ((n0, l0), (n1, l1)) = (lines(old), lines(new));
    n1 == n0 + delta && l1 <= l0 && !short_last_line(new, para)
}

/// A last line under a fifth of the measure, which a line won this way tends to be ("res." alone
/// under "factu-"): it reads as a mistake, worse than the short column it saves.
fn short_last_line(stream: &[Elem], para: usize) -> bool {
    let last = column_ends::para_range(stream, para).last().map(|i| &stream[i]);
    matches!(last, Some(Elem::Line { line, .. }) if line.width < SHORTEST_LAST * line.measure)
}
