//! Rebuilds in a long-running process (`maquette watch`) reuse set bodies and page rasters; what they
//! produce must be what a fresh build produces.

mod common;

use maquette::layout::streams;
use maquette::proof::overlay::Overlays;
use maquette::proof::{ProofOptions, Session, proof};

#[test]
fn a_rebuild_with_kept_bodies_equals_a_fresh_build() {
    let (_tmp, dir) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    let opts = ProofOptions {
        out: Some(dir.join("out/proof")),
        dpi: 12.0,
        overlays: Overlays::ALL,
        contact: false,
        keep_previous: false,
        diff: false,
    };
    streams::keep_bodies();
    let mut session = Session::default();
    let first = session.proof(&dir, &opts).unwrap();
    let articles = first.document.report.articles.len();
    assert_eq!(streams::kept_bodies(), articles);

    common::edit(&dir.join("articles/hopitaux.md"), "quand Céline", "quand Martine");
    let second = session.proof(&dir, &opts).unwrap();
    // Only the edited article was set again: one more body kept, under its new text.
    assert_eq!(streams::kept_bodies(), articles + 1);
    let moved =
        (0..first.document.pages.len()).filter(|&i| first.document.pages[i] != second.document.pages[i]).count();
    assert!(moved >= 1);
    assert_eq!(second.rendered, moved, "pages redrawn should be the pages that changed");

    streams::forget_bodies();
    let fresh = proof(&dir, &ProofOptions { out: Some(dir.join("out/fresh")), ..opts.clone() }).unwrap();
    assert_eq!(fresh.document.pages, second.document.pages);
    assert_eq!(fresh.document.report, second.document.report);
    let read = |d: &str, f: &str| std::fs::read(dir.join("out").join(d).join(f)).unwrap();
    assert_eq!(read("proof", "proof.pdf"), read("fresh", "proof.pdf"));
    for page in 1..=fresh.document.pages.len() {
        let name = format!("page-{page:02}.png");
        assert_eq!(read("proof", &name), read("fresh", &name), "{name} differs from a fresh proof");
    }
}
