//! Problems that are warnings by default and errors with --strict: overset text, short modules,
//! characters missing from a font, text past its column's edge, headlines set smaller to fit. Also: a template is only a file (the A4 template works as well).

mod common;

use common::{edit, mini};
use maquette::{BuildOptions, build};

#[test]
fn overset_is_reported_with_its_first_words_and_fails_strict() {
    let (_tmp, dir) = mini();
    let long = "Une phrase de remplissage pour déborder du module. ".repeat(120);
    edit(&dir.join("articles/breve.md"), "Elle est courte.", &format!("Elle est courte. {long}Dernier mot."));
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let breve = out.document.report.articles.iter().find(|a| a.slug == "breve").unwrap();
    assert!(breve.overset_lines > 10, "{breve:?}");
    assert!(breve.overset_text.starts_with(|c: char| c.is_alphabetic()), "{breve:?}");
    let problems = out.document.report.problems().join("\n");
    assert!(problems.contains("breve: overset by"), "{problems}");
    // In the editor's units: the grid lines the module would need at its span, and the words.
    let (span, height) = breve.last_module.expect("its module");
    let needs = height + breve.overset_lines.div_ceil(span);
    assert!(
        problems.contains(&format!("needs about {needs} grid lines at span {span} and has {height}")),
        "{problems}"
    );
    assert!(problems.contains("or cut about "), "{problems}");
    let err = build(&dir, &BuildOptions { strict: true, ..Default::default() }).unwrap_err();
    assert!(err.message.contains("overset"), "{err}");
}

#[test]
fn a_short_module_is_reported() {
    let (_tmp, dir) = mini();
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let breve = out.document.report.articles.iter().find(|a| a.slug == "breve").unwrap();
    assert!(breve.short_lines > 3, "{breve:?}");
    assert!(out.document.report.problems().iter().any(|p| p.contains("breve: module short by")));
}

#[test]
fn a_missing_glyph_names_the_character_and_the_article() {
    let (_tmp, dir) = mini();
    edit(&dir.join("articles/une.md"), "La direction refuse.", "La direction refuse ☭.");
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(w.contains("article `une`") && w.contains("U+262D"), "{w}");
}

#[test]
fn a_missing_font_file_names_the_template() {
    let (tmp, dir) = mini();
    let layouts = tmp.path().join("layouts");
    std::fs::create_dir_all(&layouts).unwrap();
    let t = std::fs::read_to_string(common::root().join("layouts/tabloid.toml")).unwrap();
    std::fs::write(layouts.join("tabloid.toml"), t.replace("SourceSans3-Semibold.ttf", "Absente.ttf")).unwrap();
    std::os::unix::fs::symlink(common::root().join("fonts"), tmp.path().join("fonts")).unwrap();
    let err = build(&dir, &BuildOptions::default()).unwrap_err();
    assert!(err.message.contains("Absente.ttf"), "{err}");
    assert!(err.file.unwrap().ends_with("layouts/tabloid.toml"));
}

#[test]
fn the_a4_template_is_only_another_file() {
    let (_tmp, dir) = mini();
    let toml = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
    let head = toml.split("[[pages]]").next().unwrap().replace("template = \"tabloid\"", "template = \"a4\"");
    let pages = "[[pages]]\nvariant = \"front\"\n\n[[pages.modules]]\narticle = \"une\"\ncol = 1\nspan = 3\ntop = 10\nheight = 40\n\n\
                 [[pages.modules]]\narticle = \"breve\"\ncol = 1\nspan = 3\ntop = 51\nheight = 10\n\n\
                 [printer]\npage_multiple = 1\n";
    std::fs::write(dir.join("issue.toml"), format!("{head}{pages}")).unwrap();
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let (w, h) = out.document.pages[0].size;
    assert!((maquette::units::to_mm(w) - 210.0).abs() < 0.01 && (maquette::units::to_mm(h) - 297.0).abs() < 0.01);
    let une = out.document.report.articles.iter().find(|a| a.slug == "une").unwrap();
    assert!(une.lines > 3 && une.overset_lines == 0, "{une:?}");
}

#[test]
fn an_article_no_module_names_is_reported_and_fails_strict() {
    let (_tmp, dir) = mini();
    let quiet = build(&dir, &BuildOptions::default()).unwrap();
    assert!(!quiet.document.report.warnings.iter().any(|w| w.contains("not printed")), "{:?}", quiet.document.report);
    let text = std::fs::read_to_string(dir.join("articles/breve.md")).unwrap();
    std::fs::write(dir.join("articles/oubliee.md"), text).unwrap();
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(w.contains("articles/oubliee.md: no module of issue.toml names this article"), "{w}");
    assert!(!w.contains("breve.md") && !w.contains("une.md"), "{w}");
    let err = build(&dir, &BuildOptions { strict: true, ..Default::default() }).unwrap_err();
    assert!(err.message.contains("oubliee.md"), "{err}");
}

#[test]
fn a_promo_text_kept_in_articles_is_not_unplaced() {
    let (_tmp, dir) = mini();
    let text = std::fs::read_to_string(dir.join("articles/breve.md")).unwrap();
    std::fs::write(dir.join("articles/promo.md"), text).unwrap();
    edit(&dir.join("issue.toml"), "[printer]", "[promo]\ntext = \"articles/promo.md\"\n\n[printer]");
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(!w.contains("not printed"), "{w}");
}

/// A word with no place to break, wider than the column, is cut where it reaches the column's edge
/// (no line runs into the next column) and reported with its page; `--strict` refuses it.
#[test]
fn a_word_wider_than_its_column_is_cut_at_the_edge_reported_and_fails_strict() {
    let (_tmp, dir) = mini();
    let quiet = build(&dir, &BuildOptions::default()).unwrap();
    assert!(!quiet.document.report.warnings.iter().any(|w| w.contains("right edge")), "{:?}", quiet.document.report);
    assert!(!quiet.document.report.problems().iter().any(|w| w.contains("was cut")));
    // A reference with no place to break, wider than the 48 mm column.
    let word = "REF-0000000000000000000000000000000000000000";
    edit(&dir.join("articles/une.md"), "La direction refuse.", &format!("La direction refuse. Dossier {word}."));
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.problems().join("\n");
    assert!(w.contains("une: a word wider than its column was cut 1 time where it reached the edge (page 1)"), "{w}");
    assert!(!w.contains("right edge"), "{w}");
    let une = out.document.report.articles.iter().find(|a| a.slug == "une").unwrap();
    assert_eq!(une.quality.overfull, 0, "{une:?}");
    let err = build(&dir, &BuildOptions { strict: true, ..Default::default() }).unwrap_err();
    assert!(err.message.contains("was cut"), "{err}");
}

#[test]
fn a_headline_word_wider_than_its_module_is_set_smaller_and_reported() {
    let (_tmp, dir) = mini();
    // « breve » sits in two columns on page 1; this word at the template's size does not fit them.
    let text = std::fs::read_to_string(dir.join("articles/breve.md")).unwrap();
    let old = text.lines().find(|l| l.starts_with("headline")).unwrap().to_string();
    let headline = "headline = \"Intergouvernementalisation syndicale\"";
    edit(&dir.join("articles/breve.md"), &old, headline);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(w.contains("breve: headline set at") && w.contains("« Intergouvernementalisation »"), "{w}");
    // Smaller, it stays inside the module: nothing runs past an edge.
    assert!(!w.contains("right edge"), "{w}");
    let page = &out.document.pages[0];
    let rect = page.modules.iter().find(|m| m.label == "breve").unwrap().rect;
    let run = page
        .items
        .iter()
        .find_map(|i| match i {
            maquette::frame::Item::Text(t) if t.text().contains("Intergouvernementalisation") => Some(t),
            _ => None,
        })
        .expect("the headline");
    let end = run.x + run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
    assert!(end <= rect[0] + rect[2] + 0.01, "headline ends at {end}, module at {}", rect[0] + rect[2]);
}
