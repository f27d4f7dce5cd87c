//! Typesetting quality on the shared French corpus (79 texts) at the tabloid body measure, with
//! micro-typography on: ceilings on loose lines, hyphens, overfull lines and the spread of word
//! spaces, and the same figures must be better with the refinements than without. Skipped with a
//! visible message when ../shared (or $MAQUETTE_SHARED) is absent.

mod common;

use common::root;
use maquette::layout::measure::{Variant, bound_graphs, figures};
use maquette::model::Template;
use maquette::model::hyphenation::Microtype;
use maquette::text::breaker::bound::least_loose_share;
use maquette::text::quality::Figures;

fn corpus() -> Option<Vec<String>> {
    let shared = std::env::var_os("MAQUETTE_SHARED").map_or(root().join("../shared"), std::path::PathBuf::from);
    let path = shared.join("assets/text/fr_articles_debian_handbook.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent", path.display());
        return None;
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("corpus json");
    Some(items.iter().filter_map(|i| i["text"].as_str().map(String::from)).collect())
}

fn measure(texts: &[String], m: Microtype) -> Figures {
    let t = Template::load(&root().join("layouts/tabloid.toml")).unwrap();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    figures(&t, &refs, &Variant::with(m)).unwrap()
}

#[test]
fn corpus_figures_stay_under_their_ceilings() {
    let Some(texts) = corpus() else { return };
    assert_eq!(texts.len(), 79);
    let on = measure(&texts, Microtype::default());
    let off = measure(&texts, Microtype { protrusion: false, expansion: 0.0, letterspace: 0.0 });
    eprintln!("on:  {}\noff: {}", on.line(), off.line());
    assert!(on.lines > 10_000, "{}", on.line());
    assert_eq!(on.hyphen_runs_3, 0, "no run of three hyphenated lines");
    assert!(on.longest_hyphen_run <= 2);
    // The hyphen aim (25 %, typed hyphens at line ends included) is met: 24.9 %. Loose lines
    // (5.75 %) and the spread (sd 0.397) have ceilings a little above what the engine reaches;
    // their aims (5 %, 0.25) are not met, and the spread's cannot be by any breaking: with at most
    // 5 % of lines loose every breaking has sd >= 0.345 (docs/typography.md, `quality -- --bounds`).
    assert!(on.hyphenated_pct() <= 25.0, "{}", on.line());
    assert!(on.loose_pct() <= 6.0, "{}", on.line());
    assert!(on.sd <= 0.41, "{}", on.line());
    assert_eq!(on.overfull, 0, "paths and identifiers break at their seams: {}", on.line());
    assert!(on.loose < off.loose && on.sd < off.sd && on.mean < off.mean);
}

#[test]
fn no_setting_of_the_corpus_has_fewer_loose_lines_than_its_bound() {
    let Some(texts) = corpus() else { return };
    let t = Template::load(&root().join("layouts/tabloid.toml")).unwrap();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = Variant::with(Microtype::default());
    let graphs = bound_graphs(&t, &refs, &v, 1.0).unwrap();
    let least = 100.0 * least_loose_share(&graphs).expect("every paragraph has a breaking");
    let set = figures(&t, &refs, &v).unwrap();
    eprintln!("loose: set {:.2} %, least any breaking allows {least:.2} %", set.loose_pct());
    // Some paragraphs must have a loose line however they are broken (a short first line before
    // a name that may not break), and the engine's breaking is one of those the bound covers.
    assert!(least > 1.0, "{least}");
    assert!(set.loose_pct() >= least - 1e-9, "set {} below the bound {least}", set.loose_pct());
}
