//! Rebuilds reuse what earlier ones made: set bodies and page rasters in a long-running process
//! (`maquette watch`), converted photos and rendered thumbnails in `out/.cache`. What they produce
//! must be what a fresh build produces.

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
    let read = |d: &str, f: &str| std::fs::read(dir.join("out").join(d).join(f)).unwrap();
    let old_pdf = read("proof", "proof.pdf");
    let mut at_shown = None;
    let second = session
        .proof_showing(&dir, &opts, &mut |_| at_shown = Some((read("proof", "index.html"), read("proof", "proof.pdf"))))
        .unwrap();
    // The page is shown (its image and the HTML page on disk) before the proof PDF is written.
    let (html, pdf) = at_shown.expect("the proof never said its pages were shown");
    assert_eq!(html, read("proof", "index.html"));
    assert_eq!(pdf, old_pdf);
    assert_ne!(read("proof", "proof.pdf"), old_pdf);
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
    assert!(read("proof", "proof.pdf") == read("fresh", "proof.pdf"), "proof.pdf differs from a fresh proof");
    for page in 1..=fresh.document.pages.len() {
        let name = format!("page-{page:02}.png");
        assert!(read("proof", &name) == read("fresh", &name), "{name} differs from a fresh proof");
    }
}

#[test]
fn a_build_from_the_cache_equals_a_fresh_one_and_survives_a_damaged_cache() {
    let (_tmp, dir) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    let build = |out: &str| {
        let opts = maquette::BuildOptions { out: Some(dir.join(out)), strict: false };
        maquette::build(&dir, &opts).unwrap();
        std::fs::read(dir.join(out).join("issue.pdf")).unwrap()
    };
    let fresh = build("out");
    let cache = dir.join("out/.cache/photos");
    let kept = |ext: &str| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        v.sort();
        v
    };
    // The front page's thumbnail in the promo boxes, and every converted photo, were kept.
    assert!(!kept("raster").is_empty(), "no rendered thumbnail kept");
    assert!(kept("photo").len() >= 4, "converted photos kept: {:?}", kept("photo"));
    assert_eq!(build("out"), fresh, "a build from the cache differs from a fresh one");
    // Cut short: within the samples, or within a logo's mask at the end.
    for (i, file) in kept("raster").iter().chain(&kept("photo")).enumerate() {
        let bytes = std::fs::read(file).unwrap();
        let keep = if i % 2 == 0 { bytes.len() / 3 } else { bytes.len() - 1 };
        std::fs::write(file, &bytes[..keep]).unwrap();
    }
    assert_eq!(build("out"), fresh, "a damaged cache changed the output");
}

#[test]
fn a_page_drawn_alone_shows_a_photo_placed_twice_as_the_whole_proof_does() {
    let (_tmp, dir) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    // The front page's photo, four columns wide there, goes in a three-column article too.
    common::edit(&dir.join("articles/climat-emplois.md"), "file = \"life.jpg\"", "file = \"seeding.jpg\"");
    let opts = ProofOptions {
        out: Some(dir.join("out/proof")),
        dpi: 30.0,
        overlays: Overlays::NONE,
        contact: false,
        keep_previous: false,
        diff: false,
    };
    let mut session = Session::default();
    session.proof(&dir, &opts).unwrap();
    common::edit(&dir.join("articles/climat-emplois.md"), "classeur rouge", "classeur vert");
    let second = session.proof(&dir, &opts).unwrap();
    assert!((1..=2).contains(&second.rendered), "the edit should redraw its page alone");
    let fresh = proof(&dir, &ProofOptions { out: Some(dir.join("out/fresh")), ..opts.clone() }).unwrap();
    let read = |d: &str, f: &str| std::fs::read(dir.join("out").join(d).join(f)).unwrap();
    assert!(read("proof", "proof.pdf") == read("fresh", "proof.pdf"), "proof.pdf differs from a fresh proof");
    for page in 1..=fresh.document.pages.len() {
        let name = format!("page-{page:02}.png");
        assert!(read("proof", &name) == read("fresh", &name), "{name} differs from a fresh proof");
    }
}
