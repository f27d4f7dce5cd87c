//! Text that runs past the right edge of its column or module, found on the laid-out pages.
//!
//! A word that cannot break and is wider than its measure (a long number, an address with no
//! seam, a headline word at a large size) is set on a line of its own and overflows: into the
//! gutter and the next column, or out of its box. The breakers report such lines as overfull in
//! the figures, but only the pages say where a line was finally put, after every try of the
//! layout, so the check runs on them: body lines against their column (the band each proof mark
//! records), everything else against the module it starts in. Text outside every module (folio,
//! nameplate) is the template's own and is not checked.

use crate::frame::{Item, PageFrame, TextItem};

/// How far a glyph may pass the edge: optical margin alignment hangs a hyphen or a full stop
/// into the margin by up to 0.7 of its width, about 2 pt at body size.
const HANG: f64 = 2.5;

/// One warning per line that runs past its edge.
pub fn overflows(pages: &[PageFrame]) -> Vec<String> {
    let mut out = Vec::new();
    for page in pages {
        let mut seen = Vec::new();
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let Some((label, edge, what)) = bound(page, run) else { continue };
            let over = right_end(run) - edge;
            if over > HANG && !seen.contains(&(run.y, edge)) {
                seen.push((run.y, edge));
                out.push(format!(
                    "{label}: « {} » runs {over:.1} pt past the right edge of its {what} (page {}); a word that \
                     long cannot break there: shorten it or give it a place to break",
                    quoted(run),
                    page.number
                ));
            }
        }
    }
    out
}

/// The label, right edge and kind of the area `run` must stay in: the body line band it sits
/// on, or else the module that holds its start.
fn bound(page: &PageFrame, run: &TextItem) -> Option<(String, f64, &'static str)> {
    let inside = |r: &[f64; 4]| run.x >= r[0] - 0.5 && run.x < r[0] + r[2] && run.y > r[1] && run.y <= r[1] + r[3];
    if let Some(m) = page.lines.iter().find(|l| inside(&l.rect)) {
        return Some((m.slug.clone(), m.rect[0] + m.rect[2], "column"));
    }
    let m = page.modules.iter().find(|m| inside(&m.rect))?;
    Some((m.label.clone(), m.rect[0] + m.rect[2], "module"))
}

fn right_end(run: &TextItem) -> f64 {
    run.x + run.glyphs.last().map_or(0.0, |g| g.x + g.advance)
}

/// The run's text, cut to a quotable length (the overflowing word is at its end).
fn quoted(run: &TextItem) -> String {
    let text = &run.text;
    let chars: Vec<char> = text.trim().chars().collect();
    match chars.len() {
        n if n > 60 => format!("…{}", chars[n - 60..].iter().collect::<String>()),
        _ => chars.into_iter().collect(),
    }
}
