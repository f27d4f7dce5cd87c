//! Where a pull quote stands: where the author put it, or a few paragraphs away when that lets the
//! article's columns end full.
//!
//! A pull quote is the one element of a body a compositor moves freely: it repeats words the
//! article says anyway, so it need not stand beside them, and moving it shifts every column break
//! after it by the quote's height. That is the compositor's remedy for a column left short — a
//! subhead that must keep two lines of its text and finds only one at a column's foot, or a
//! paragraph that would leave a line alone — when no paragraph can be set a line longer or shorter
//! without loose lines (see [`refit`]).
//!
//! So when an article laid out as written leaves grid lines blank at a column's foot, or a quote
//! stands at the head of a column that does not open the module (a column should open on text),
//! or white under a quote, each of its quotes is tried at every slot between two paragraphs within [`REACH`] paragraphs of where it
//! was written. A slot wins if it leaves fewer lines overset, then fewer widows and orphans, then
//! fewer blank lines; among equals the nearest slot, the author's own first. Each try sets again
//! the paragraphs that gain or lose their indent (the one after a quote has none) and lays the
//! article out once more, and the tries stop at the nearest slot that leaves nothing blank: a few
//! milliseconds, spent only on articles with blank lines.

use super::body::{paragraph_lines, push_lines};
use super::ctx::Ctx;
use super::flow::{Column, Elem, ModuleFlow};
use super::refit;
use super::report::ArticleReport;
use super::sheet::{Job, Sheet};
use super::streams::measure_of;
use crate::model::{Article, Block};
use std::ops::Range;

/// How many paragraphs away from where it was written a quote may move.
pub const REACH: usize = 4;

/// Lays out `job`'s article, moving a pull quote when that fills its columns (see the module's
/// docs); returns its report and the sheet of the layout kept.
pub fn lay_out(ctx: &mut Ctx, job: Job) -> (ArticleReport, Sheet) {
    let written = refit::lay_out(ctx, job);
    if written.0.blank_column_lines + written.0.quotes_at_heads + written.0.quote_holes == 0 {
        return written;
    }
    let mut best = written;
    let mut bar = score(&best.0, 0);
    // Nearest first, so the first try that leaves nothing blank is the one to keep.
    let article = job.article;
    for m in moves(&article.blocks) {
        let moved = Article { blocks: m.order.iter().map(|&i| article.blocks[i].clone()).collect(), ..article.clone() };
        let set = restream(ctx, article, job.stream, &m.order);
        let tried = refit::lay_out(ctx, job.with(&moved, &set));
        let s = score(&tried.0, m.distance);
        if s < bar {
            let perfect = (s.0, s.1, s.2, s.3) == (0, 0, 0, 0);
            (bar, best) = (s, tried);
            if perfect {
                break;
            }
        }
    }
    best
}

/// What a layout costs, most important first: overset lines, widows and orphans, blank column
/// lines and the grid lines its last module's emptiest column ends above the foot, a quote at
/// the head of a column or white under a quote, then how far the quote moved. The columns' fill
/// comes first: it decides whether the article fills its module at all.
type Score = (usize, usize, usize, usize, usize);

fn score(r: &ArticleReport, distance: usize) -> Score {
    let short = r.ends.last().map_or(0, |e| e.short);
    (r.overset_lines, r.widows + r.orphans, r.blank_column_lines + short, r.quotes_at_heads + r.quote_holes, distance)
}

/// The pull quotes (blocks free to float) standing at the head of a column other than the
/// module's first, and the blank grid lines right under quotes: white before the next element of
/// its column, or down to the column's foot when the text goes on in a later column.
pub fn flaws(elems: &[Elem], f: &ModuleFlow, columns: &[Column]) -> (usize, usize) {
    let (mut heads, mut holes) = (0, 0);
    for q in &f.placed {
        let Elem::Block { bands, keep: 0, .. } = &elems[q.elem] else { continue };
        let Some(column) = columns.get(q.col) else { continue };
        heads += usize::from(q.col > 0 && q.band == column.bands.start);
        let end = q.band + bands;
        let next_here = f.placed.iter().filter(|p| p.col == q.col && p.band >= end).map(|p| p.band).min();
        holes += match next_here {
            Some(band) => band - end,
            None if f.placed.iter().any(|p| p.col > q.col) => column.bands.end.saturating_sub(end),
            None => 0,
        };
    }
    (heads, holes)
}

/// An order of an article's blocks with one quote moved, and by how many paragraphs.
struct Move {
    /// For each new block, its index among the written ones.
    order: Vec<usize>,
    distance: usize,
}

/// Every order of `blocks` that moves one quote to another slot between two paragraphs, within
/// [`REACH`] paragraphs of its own; nearest first.
fn moves(blocks: &[Block]) -> Vec<Move> {
    let mut out = Vec::new();
    for q in (0..blocks.len()).filter(|&i| matches!(blocks[i], Block::Quote(_))) {
        let rest: Vec<usize> = (0..blocks.len()).filter(|&i| i != q).collect();
        let kinds: Vec<&Block> = rest.iter().map(|&i| &blocks[i]).collect();
        for slot in slots(&kinds) {
            let distance = paragraphs_between(&kinds, q, slot);
            if slot == q || distance > REACH {
                continue;
            }
            let mut order = rest.clone();
            order.insert(slot, q);
            out.push(Move { order, distance });
        }
    }
    out.sort_by_key(|m| m.distance);
    out
}

/// Indices at which a quote may be inserted into `blocks`: between two paragraphs, so never at
/// the article's head (the deck is there) or its end (where it would read as an afterword), nor
/// beside a subhead, which must stand with its text.
fn slots(blocks: &[&Block]) -> Vec<usize> {
    let para = |i: usize| matches!(blocks.get(i), Some(Block::Paragraph(_)));
    (1..blocks.len()).filter(|&i| para(i - 1) && para(i)).collect()
}

/// Paragraphs between insertion points `a` and `b` of `blocks`.
fn paragraphs_between(blocks: &[&Block], a: usize, b: usize) -> usize {
    let (lo, hi) = (a.min(b), a.max(b));
    blocks[lo..hi].iter().filter(|b| matches!(b, Block::Paragraph(_))).count()
}

/// The stream of the article's blocks in `order`, from the stream as written: a paragraph keeps its
/// lines unless it gains or loses its indent (a paragraph after a quote has none), so a try sets
/// at most two paragraphs again.
fn restream(ctx: &mut Ctx, article: &Article, stream: &[Elem], order: &[usize]) -> Vec<Elem> {
    let (width, style) = measure_of(ctx.issue, article);
    let blocks = &article.blocks;
    let chunks = chunks(blocks, stream);
    let follows_para = |prev: Option<usize>| prev.is_some_and(|k| matches!(blocks[k], Block::Paragraph(_)));
    let mut out = Vec::with_capacity(stream.len());
    for (j, &i) in order.iter().enumerate() {
        let indented = follows_para(j.checked_sub(1).map(|p| order[p]));
        match &blocks[i] {
            Block::Paragraph(spans) if i > 0 && indented != follows_para(Some(i - 1)) => {
                push_lines(&mut out, paragraph_lines(ctx, spans, width, style, indented), j);
            }
            _ => out.extend(stream[chunks[i].clone()].iter().cloned().map(|e| match e {
                Elem::Line { line, index, count, .. } => Elem::Line { line, para: j, index, count },
                other => other,
            })),
        }
    }
    out
}

/// The elements each block of `blocks` became in `stream`: a paragraph its lines, a subhead its
/// blank line and block, a quote its block (see `article::body_stream`).
fn chunks(blocks: &[Block], stream: &[Elem]) -> Vec<Range<usize>> {
    let mut at = 0;
    let mut out = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let len = match b {
            Block::Paragraph(_) => {
                stream[at..].iter().take_while(|e| matches!(e, Elem::Line { para, .. } if *para == i)).count()
            }
            Block::Subhead(_) => 2,
            Block::Quote(_) => 1,
        };
        let end = (at + len).min(stream.len());
        out.push(at..end);
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn p() -> Block {
        Block::Paragraph(vec![Span::plain("texte")])
    }

    fn q() -> Block {
        Block::Quote(vec![Span::plain("citation")])
    }

    fn kinds(blocks: &[Block], order: &[usize]) -> String {
        let kind = |b: &Block| match b {
            Block::Paragraph(_) => 'p',
            Block::Subhead(_) => 's',
            Block::Quote(_) => 'q',
        };
        order.iter().map(|&i| kind(&blocks[i])).collect()
    }

    #[test]
    fn a_quote_moves_only_between_two_paragraphs_and_not_to_the_head() {
        let blocks = [p(), p(), Block::Subhead(vec![Span::plain("inter")]), p(), p(), p()];
        assert_eq!(slots(&blocks.iter().collect::<Vec<_>>()), vec![1, 4, 5]);
    }

    #[test]
    fn moves_stay_within_reach_nearest_first_and_skip_the_written_slot() {
        let mut blocks: Vec<Block> = (0..10).map(|_| p()).collect();
        blocks.insert(5, q());
        let moved = moves(&blocks);
        let shapes: Vec<String> = moved.iter().map(|m| kinds(&blocks, &m.order)).collect();
        assert!(!shapes.contains(&"pppppqppppp".to_string()), "the written slot is not a move");
        // Slots after paragraphs 1 to 9, less the written one.
        assert_eq!(moved.len(), 8, "{shapes:?}");
        assert_eq!(moved.iter().map(|m| m.distance).collect::<Vec<_>>(), [1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!(shapes[0], "ppppqpppppp", "the nearest slot first");
        assert!(moved.iter().all(|m| m.order.len() == 11));
    }

    #[test]
    fn each_block_finds_its_elements_in_the_stream() {
        let line = |para: usize, index: usize, count: usize| {
            let text = format!("p{para}l{index}");
            let (measure, width, hscale, track) = (100.0, 100.0, 1.0, 0.0);
            let (hyphenated, space_ratio, last) = (false, None, index + 1 == count);
            let line = crate::text::Line {
                runs: vec![],
                measure,
                width,
                hyphenated,
                space_ratio,
                last,
                text,
                hscale,
                track,
                forced: false,
            };
            Elem::Line { line, para, index, count }
        };
        let quote = Elem::Block { bands: 4, items: vec![], text: "citation".into(), keep: 0 };
        let sub = Elem::Block { bands: 1, items: vec![], text: "inter".into(), keep: 2 };
        let blocks = [p(), q(), Block::Subhead(vec![Span::plain("inter")]), p()];
        let stream = [line(0, 0, 2), line(0, 1, 2), quote, Elem::Gap, sub, line(3, 0, 1)];
        assert_eq!(chunks(&blocks, &stream), vec![0..2, 2..3, 3..5, 5..6]);
    }
}
