//! Copyfitting: when no plan of a page leaves nothing overset and no column more than a grid line
//! short, the nearest plan is laid out and the editor is told, in words and grid lines, what would
//! make it fit — the sub-editor's arithmetic the engine can do for them.
//!
//! Words are counted from the article's own setting: its words over its body lines at the column
//! measure give the words a grid line holds, so "cut about 85 words" is the text of the lines that
//! did not fit. Lines short are counted per column, as the page shows them.

use super::page::Desk;
use super::pieces::{Pieces, What};
use super::regions::Rect;
use super::search::Placed;
use crate::layout::flow::Elem;

/// Advice for a page planned as near as possible: one line per article that does not fit, per
/// module left short, per rectangle left empty.
pub fn advise(desk: &mut Desk, number: usize, pieces: &Pieces, placed: &[Placed], free: &[Rect]) -> Vec<String> {
    let mut out = Vec::new();
    let last = pieces.planned.iter().max_by_key(|p| p.rank).map(|p| super::pieces::label(&p.what));
    for p in placed {
        let choice = &pieces.search[p.piece].options[p.option];
        let name = super::pieces::label(&pieces.planned[p.piece].what);
        let per_line = words_per_line(desk, &pieces.planned[p.piece].what);
        if p.height < choice.min && !choice.open {
            let lines = (choice.min - p.height) * p.span;
            let mut s = format!(
                "page {number}: {name} needs {} grid lines at span {} and has {}: cut about {} words",
                choice.min,
                p.span,
                p.height,
                round5(lines as f64 * per_line)
            );
            if has_photo(desk, &pieces.planned[p.piece].what) {
                s += ", or drop its photo (photo = false in [[pages.plan]])";
            }
            if let Some(other) = last.as_ref().filter(|l| **l != name) {
                s += &format!(", or move {other} to another page");
            }
            out.push(s);
        } else if p.height > choice.max && !choice.open {
            let lines = p.height - choice.max;
            out.push(format!(
                "page {number}: {lines} grid lines free under {name} in column{} {}: add about {} words or a brief",
                if p.span == 1 { "" } else { "s" },
                columns(p.col, p.span),
                round5((lines * p.span) as f64 * per_line)
            ));
        }
    }
    for r in free.iter().filter(|r| !placed.iter().any(|p| inside(p, r))) {
        out.push(format!(
            "page {number}: column{} {} lines {}–{} are empty: add about {} words or a brief",
            if r.span == 1 { "" } else { "s" },
            columns(r.col, r.span),
            r.top,
            r.top + r.lines - 1,
            round5((r.lines * r.span) as f64 * 5.0)
        ));
    }
    out
}

fn inside(p: &Placed, r: &Rect) -> bool {
    p.col >= r.col && p.col < r.col + r.span && p.top >= r.top && p.top < r.top + r.lines
}

fn columns(col: usize, span: usize) -> String {
    if span == 1 { format!("{}", col + 1) } else { format!("{}–{}", col + 1, col + span) }
}

/// Words a grid line of the article's body holds (five for a box of the issue).
fn words_per_line(desk: &Desk, what: &What) -> f64 {
    let slug = match what {
        What::Article { slug, .. } | What::Sidebar(slug) => slug,
        _ => return 5.0,
    };
    let issue = desk.issue();
    let Some(a) = issue.articles.get(slug) else { return 5.0 };
    let words: usize = a.blocks.iter().flat_map(|b| b.spans()).map(|s| s.text.split_whitespace().count()).sum();
    let lines = desk.body(slug).map_or(0, |s| s.iter().filter(|e| matches!(e, Elem::Line { .. })).count());
    if lines == 0 { 5.0 } else { words as f64 / lines as f64 }
}

fn has_photo(desk: &Desk, what: &What) -> bool {
    matches!(what, What::Article { slug, part } if part.from_page.is_none()
        && desk.issue().articles.get(slug).is_some_and(|a| !a.front.photos.is_empty()))
}

/// Rounds a word count to the nearest five (at least five): the editor's unit.
fn round5(words: f64) -> usize {
    ((words / 5.0).round() as usize).max(1) * 5
}
