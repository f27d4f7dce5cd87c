//! The example issue end to end: page count and size, every word in the PDF in order, embedded
//! subset fonts, byte-identical rebuilds, and the golden layout dump.

mod common;

use common::{root, tokens, tool};
use maquette::model::{Article, Block, Issue};
use maquette::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    root().join("examples/ls-2026-05")
}

fn build_to(out: &Path) -> maquette::BuildOutcome {
    // Strict: any layout warning or preflight error fails the build.
    build(&example(), &BuildOptions { out: Some(out.to_path_buf()), strict: true }).expect("example builds strictly")
}

#[test]
fn twelve_tabloid_pages_and_one_file_each() {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = build_to(tmp.path());
    assert_eq!(outcome.document.pages.len(), 12);
    for page in &outcome.document.pages {
        let (w, h) = page.size;
        assert!((maquette::units::to_mm(w) - 280.0).abs() < 0.01);
        assert!((maquette::units::to_mm(h) - 430.0).abs() < 0.01);
    }
    for n in 1..=12 {
        let f = tmp.path().join(format!("print/LS_20260501_p{n:02}.pdf"));
        assert!(f.is_file(), "{} missing", f.display());
    }
    assert!(tmp.path().join("issue.pdf").is_file());
}

/// A cold build (empty output folder) and a warm one (the second into a folder, with the photo and
/// thumbnail cache the first left there) write the same bytes, every file.
///
/// Each build's own preflight, which takes the ink of the photos from what the press measured
/// (from the photo cache, in the warm build), finds what `maquette preflight` finds in the written
/// file, down to the highest ink of the issue.
#[test]
fn cold_and_warm_builds_are_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let cold = build_to(a.path());
    build_to(b.path());
    let cache = maquette::press::cache::folder(b.path());
    assert!(std::fs::read_dir(&cache).unwrap().count() > 0, "the first build left no photo cache");
    let warm = build_to(b.path());
    let printer = Issue::load(&example()).unwrap().printer;
    for (outcome, out) in [(&cold, a.path()), (&warm, b.path())] {
        let file = maquette::preflight::check_file(&out.join("issue.pdf"), &printer).unwrap();
        let built = &outcome.preflight;
        assert_eq!(built.findings, file.findings);
        assert!(file.darkest.as_ref().is_some_and(|d| d.percent > 200.0), "{:?}", file.darkest);
        assert_eq!(built.darkest, file.darkest);
    }
    let mut files = vec!["issue.pdf".to_string(), "report.json".to_string()];
    for e in std::fs::read_dir(a.path().join("print")).unwrap().flatten() {
        files.push(format!("print/{}", e.file_name().to_string_lossy()));
    }
    assert!(files.len() >= 14, "{files:?}");
    for rel in &files {
        let (x, y) = (std::fs::read(a.path().join(rel)).unwrap(), std::fs::read(b.path().join(rel)).unwrap());
        assert!(x == y, "{rel} differs between a cold and a warm build");
    }
}

#[test]
fn every_word_of_every_article_is_in_the_pdf_in_order() {
    if !tool("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    build_to(tmp.path());
    let issue = Issue::load(&example()).unwrap();
    let pdf = tmp.path().join("issue.pdf");
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&pdf).arg("-").output().unwrap();
    let pdf_words = tokens(&String::from_utf8_lossy(&out.stdout));
    for article in issue.articles.values() {
        // A pull quote may stand a few paragraphs from where it is written (layout::quotes), so the
        // text runs in order without the quotes, and each quote in order on its own.
        let (text, quotes) = body_text(article);
        for (what, words) in std::iter::once(("text", tokens(&text))).chain(quotes.iter().map(|q| ("quote", tokens(q))))
        {
            assert!(!words.is_empty());
            let missing = first_missing(&words, &pdf_words);
            assert!(
                missing.is_none(),
                "{} ({what}): word #{} {:?} not found in order",
                article.slug,
                missing.unwrap(),
                words[missing.unwrap()]
            );
        }
    }
}

/// An article's paragraphs and subheads, and its pull quotes apart.
fn body_text(a: &Article) -> (String, Vec<String>) {
    let text = |b: &Block| b.spans().iter().map(|s| s.text.as_str()).collect::<String>();
    let (quotes, rest): (Vec<&Block>, Vec<&Block>) = a.blocks.iter().partition(|b| matches!(b, Block::Quote(_)));
    (rest.into_iter().map(text).collect::<Vec<_>>().join("\n"), quotes.into_iter().map(text).collect())
}

/// Index of the first word of `needle` that cannot be matched, in order, in `hay`.
fn first_missing(needle: &[String], hay: &[String]) -> Option<usize> {
    let start = hay.iter().position(|w| *w == needle[0])?;
    let mut j = start;
    for (i, w) in needle.iter().enumerate() {
        match hay[j..].iter().position(|h| h == w) {
            Some(k) => j += k + 1,
            None => return Some(i),
        }
    }
    None
}

#[test]
fn all_fonts_are_embedded_subsets() {
    if !tool("pdffonts") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    build_to(tmp.path());
    let out = Command::new("pdffonts").arg(tmp.path().join("issue.pdf")).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(rows.len() >= 5, "{text}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "not an embedded subset with ToUnicode: {row}");
        assert!(cols[0].chars().nth(6) == Some('+'), "subset names carry a tag: {row}");
    }
}

#[test]
fn layout_matches_the_golden_dump() {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = build_to(tmp.path());
    let issue = Issue::load(&example()).unwrap();
    let dump = maquette::dump::dump(&outcome.document.pages, &issue.template);
    let golden = root().join("tests/golden/ls-2026-05.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &dump).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).expect("golden dump (run with UPDATE_GOLDEN=1 to create)");
    if dump != expected {
        let diff = dump.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "layout differs from tests/golden/ls-2026-05.txt from line {}:\n  now:    {}\n  golden: {}\n\
             review the change and run with UPDATE_GOLDEN=1 to accept it",
            diff + 1,
            dump.lines().nth(diff).unwrap_or(""),
            expected.lines().nth(diff).unwrap_or("")
        );
    }
}

#[test]
fn body_lines_sit_on_the_baseline_grid() {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = build_to(tmp.path());
    let issue = Issue::load(&example()).unwrap();
    let t = &issue.template;
    let body = t.style("body").size;
    let mut checked = 0;
    for page in &outcome.document.pages {
        for item in &page.items {
            if let maquette::frame::Item::Text(text) = item
                && (text.size - body).abs() < 1e-9
            {
                let line = (text.y - t.line_baseline(0)) / t.baseline;
                assert!(
                    (line - line.round()).abs() < 1e-6,
                    "p{} off grid at y={}: {}",
                    page.number,
                    text.y,
                    text.text()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
}

/// No column ends on a hyphen when its paragraph goes on (half a word would wait for the reader in
/// the next column), and no paragraph's last line is hyphenated.
#[test]
fn no_column_foot_and_no_paragraph_end_is_hyphenated() {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = build_to(tmp.path());
    let mut feet = 0;
    for page in &outcome.document.pages {
        // Each column of each article: its lines by left edge, the lowest one its foot.
        let mut columns: std::collections::BTreeMap<(&str, i64), &maquette::frame::LineMark> = Default::default();
        for l in &page.lines {
            assert!(
                !(l.hyphenated && l.index + 1 == l.count),
                "p{}: paragraph ends on a hyphen: {}",
                page.number,
                l.text
            );
            let foot = columns.entry((l.slug.as_str(), l.rect[0].round() as i64)).or_insert(l);
            if l.rect[1] > foot.rect[1] {
                *foot = l;
            }
        }
        for l in columns.values() {
            assert!(!l.hyphenated, "p{}: {} column ends on a hyphen: {}", page.number, l.slug, l.text);
            feet += 1;
        }
    }
    assert!(feet > 50, "{feet} column feet");
}

/// The aims of the typography work, which the example meets (docs/typography.md): no overfull
/// line, no run of three hyphens, at most 5 % loose lines and 25 % hyphenated line ends, a spread
/// of word spaces (sd) of at most 0.25, no widow or orphan; and every name next to a loose line is
/// in the issue's hyphenation.toml.
#[test]
fn the_example_meets_the_typography_aims() {
    let tmp = tempfile::tempdir().unwrap();
    let report = build_to(tmp.path()).document.report;
    let f = report.issue_figures();
    assert!(f.lines > 2000, "{}", f.line());
    assert_eq!(f.overfull, 0, "{}", f.line());
    assert_eq!(f.hyphen_runs_3, 0, "{}", f.line());
    assert!(f.loose_pct() <= 5.0, "{}", f.line());
    assert!(f.hyphenated_pct() <= 25.0, "{}", f.line());
    assert!(f.sd <= 0.25, "{}", f.line());
    let names: Vec<&String> = report.articles.iter().flat_map(|a| &a.unbroken_names).collect();
    assert!(names.is_empty(), "names to list in hyphenation.toml: {names:?}");
    let widows: usize = report.articles.iter().map(|a| a.widows + a.orphans).sum();
    assert_eq!(widows, 0, "widows and orphans");
    // Nor by leaving a column short: where re-breaking cannot win the lines back at this measure,
    // a pull quote moves (layout::quotes); energie-factures and usine-fermeture need it.
    let blank: Vec<(&str, usize)> = report
        .articles
        .iter()
        .filter(|a| a.blank_column_lines > 0)
        .map(|a| (a.slug.as_str(), a.blank_column_lines))
        .collect();
    assert!(blank.is_empty(), "column lines left blank: {blank:?}");
}

/// Sidebars are set flush left (the template's `ragged` box style) and counted in the report like
/// any text: lines and hyphens, but no space ratios, since no line of theirs is justified.
#[test]
fn sidebars_are_ragged_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let report = build_to(tmp.path()).document.report;
    let agenda = report.articles.iter().find(|a| a.slug == "agenda-mai").expect("agenda in the report");
    assert!(agenda.quality.lines > 30, "{}", agenda.quality.line());
    assert_eq!(agenda.quality.justified, 0, "{}", agenda.quality.line());
    assert!(agenda.space_ratios.is_empty());
    assert_eq!(agenda.overset_lines, 0);
}

/// Display lines (headlines, box headings: text of 14 pt and more) grouped into blocks: the runs
/// of one size at one left edge whose baselines follow each other within a line and a half.
fn display_blocks(page: &maquette::frame::PageFrame) -> Vec<Vec<String>> {
    let mut runs: Vec<(i64, i64, f64, String)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            maquette::frame::Item::Text(t) if t.size >= 14.0 => {
                Some(((t.x * 10.0).round() as i64, (t.size * 100.0).round() as i64, t.y, t.text()))
            }
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut last: Option<(i64, i64, f64)> = None;
    for (x, size, y, text) in runs {
        let follows = last.is_some_and(|(lx, ls, ly)| lx == x && ls == size && y - ly < size as f64 / 100.0 * 1.5);
        if !follows {
            blocks.push(Vec::new());
        }
        blocks.last_mut().unwrap().push(text);
        last = Some((x, size, y));
    }
    blocks
}

#[test]
fn no_headline_ends_on_a_single_word() {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = build_to(tmp.path());
    // Reader-message pages hold senders' names, not headlines.
    let issue = Issue::load(&example()).unwrap();
    let message_pages = issue.def.messages.as_ref().map(|m| m.pages.clone()).unwrap_or_default();
    let mut headlines = 0;
    for page in outcome.document.pages.iter().filter(|p| !message_pages.contains(&p.number)) {
        for block in display_blocks(page).into_iter().filter(|b| b.len() > 1) {
            headlines += 1;
            let last = block.last().unwrap();
            assert!(
                last.split_whitespace().count() > 1,
                "page {}: « {} » ends on one word",
                page.number,
                block.join(" / ")
            );
        }
    }
    assert!(headlines >= 10, "only {headlines} headlines of several lines found");
    // The report says the same.
    assert!(
        outcome.document.report.headline_one_word_endings.is_empty(),
        "{:?}",
        outcome.document.report.headline_one_word_endings
    );
    assert!(outcome.document.report.summary().contains("headlines ending on one word 0"));
}
