//! Column ends and subheads on the baseline grid: an article's last module ends its columns
//! together, and a subhead whose leading is not the grid's still leaves its text on the grid.

mod common;

use maquette::fonts::FontBook;
use maquette::frame::{Item, TextItem};
use maquette::model::Issue;

fn texts(issue: &Issue, page: usize) -> Vec<TextItem> {
    let mut book = FontBook::new();
    let doc = maquette::layout::lay_out(issue, &mut book).expect("lays out");
    doc.pages[page].items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t.clone()) } else { None }).collect()
}

/// Grid line of a baseline, or `None` when the baseline is off the grid.
fn grid_line(issue: &Issue, y: f64) -> Option<i64> {
    let t = &issue.template;
    let line = (y - t.line_baseline(0)) / t.baseline;
    ((line - line.round()).abs() < 1e-6).then_some(line.round() as i64)
}

/// The front article of the mini fixture with a body of `paras` paragraphs, `subhead` after the
/// second, and no photo (a photo would be sized to make the text fill the module).
fn with_body(dir: &std::path::Path, paras: usize, subhead: Option<&str>) {
    let path = dir.join("articles/une.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let front = format!("{}+++", &text[..text.find("[[photos]]").unwrap()]);
    let sentences = [
        "Les délégués ont présenté leurs revendications à la direction, qui a promis une réponse écrite.",
        "Dans les ateliers, la discussion a continué tard dans la soirée.",
        "Personne ne veut d’un accord signé à la hâte, sans consultation des équipes de nuit.",
        "La prochaine assemblée aura lieu jeudi, devant les grilles de l’usine.",
    ];
    let mut body = String::new();
    for k in 0..paras {
        if k == 2
            && let Some(s) = subhead
        {
            body.push_str(&format!("## {s}\n\n"));
        }
        let n = 1 + (k * 7) % 4;
        body.push_str(&sentences.iter().cycle().skip(k).take(n).copied().collect::<Vec<_>>().join(" "));
        body.push_str("\n\n");
    }
    std::fs::write(&path, format!("{front}\n{body}")).unwrap();
}

#[test]
fn a_short_last_module_ends_its_columns_together() {
    let (_tmp, dir) = common::mini();
    with_body(&dir, 9, None);
    let issue = Issue::load(&dir).unwrap();
    let body = issue.template.style("body").size;
    let mut ends: std::collections::BTreeMap<i64, i64> = Default::default();
    for t in texts(&issue, 0).iter().filter(|t| (t.size - body).abs() < 1e-9 && t.x < 400.0) {
        let line = grid_line(&issue, t.y).expect("body on grid");
        let col = ends.entry((t.x / 10.0).round() as i64).or_insert(0);
        *col = (*col).max(line);
    }
    // The front article's three columns (the indented lines start a little right of their column).
    let cols: Vec<i64> = ends.values().copied().collect();
    assert!(cols.len() >= 3, "text in at least three columns: {ends:?}");
    let (lo, hi) = (cols.iter().min().unwrap(), cols.iter().max().unwrap());
    assert!(hi - lo <= 1, "columns end within one grid line: {ends:?}");
}

#[test]
fn a_subhead_off_the_grid_leading_keeps_its_text_on_the_grid() {
    let (_tmp, dir) = common::mini();
    with_body(&dir, 9, Some("Un intertitre assez long pour prendre deux lignes au moins dans la colonne"));
    let mut issue = Issue::load(&dir).unwrap();
    issue.template.styles.get_mut("subhead").unwrap().leading = 13.0;
    let size = issue.template.style("subhead").size;
    let body = issue.template.style("body").size;
    let items = texts(&issue, 0);
    let heads: Vec<&TextItem> = items.iter().filter(|t| (t.size - size).abs() < 1e-9).collect();
    assert!(heads.len() >= 2, "the subhead takes two lines or more");
    for pair in heads.windows(2) {
        assert!((pair[1].y - pair[0].y - 13.0).abs() < 1e-6, "subhead lines at their own leading");
    }
    let last = heads.last().unwrap();
    let on = grid_line(&issue, last.y).expect("the subhead's last line sits on the grid");
    let under = items.iter().filter(|t| (t.size - body).abs() < 1e-9 && (t.x - last.x).abs() < 20.0 && t.y > last.y);
    let next = under.map(|t| t.y).fold(f64::INFINITY, f64::min);
    assert_eq!(grid_line(&issue, next), Some(on + 1), "its text follows on the next grid line");
    let first = heads[0].y - size;
    let above =
        items.iter().filter(|t| (t.x - last.x).abs() < 20.0 && t.y < heads[0].y).map(|t| t.y).fold(0.0, f64::max);
    assert!(first - above > issue.template.baseline * 0.5, "the rounding is absorbed above the subhead");
}
