//! A plain-text dump of the layout (page, column, baseline, text of each line), for golden tests.

use crate::frame::{Item, PageFrame};
use crate::model::Template;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One line per text baseline: `p<page> c<column> y<baseline in pt> <text>`, pages in order, then
/// top to bottom and left to right.
pub fn dump(pages: &[PageFrame], t: &Template) -> String {
    let mut out = String::new();
    for page in pages {
        let mut lines: BTreeMap<(i64, usize, i64), String> = BTreeMap::new();
        for item in &page.items {
            if let Item::Text(text) = item {
                let col = column_of(t, page.number, text.x);
                let y = (text.y * 100.0).round() as i64;
                let x = (text.x * 100.0).round() as i64;
                lines.entry((y, col, x)).or_default().push_str(&text.text);
            }
        }
        let mut by_line: BTreeMap<(usize, i64), Vec<String>> = BTreeMap::new();
        for ((y, col, _), text) in lines {
            by_line.entry((col, y)).or_default().push(text);
        }
        let mut rows: Vec<((i64, usize), String)> =
            by_line.into_iter().map(|((col, y), parts)| ((y, col), parts.join(" | "))).collect();
        rows.sort();
        for ((y, col), text) in rows {
            let _ = writeln!(out, "p{} c{} y{:.2} {}", page.number, col + 1, y as f64 / 100.0, text.trim_end());
        }
    }
    out
}

fn column_of(t: &Template, page: usize, x: f64) -> usize {
    let rel = x - t.content_left(page);
    let pitch = t.column_width() + t.gutter;
    ((rel + t.gutter / 2.0) / pitch).floor().clamp(0.0, (t.columns - 1) as f64) as usize
}
