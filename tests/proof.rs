//! Proofs: overlays and contact sheet against golden images, the HTML proof's article list, and the
//! diff of two proofs after a one-word edit.

mod common;

use image::RgbImage;
use maquette::proof::overlay::Overlays;
use maquette::proof::{ProofOptions, proof};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// An original paragraph, repeated to make a story too long for its module.
const FILLER: &str = "Les délégués ont présenté leurs revendications devant l'assemblée du personnel, \
    puis chacun a pris la parole pour raconter ses conditions de travail, ses horaires coupés et \
    les salaires qui ne suivent plus les loyers ni les factures d'énergie.";

/// The mini fixture with `une` overset (a long text) and `breve` short (it is already).
fn fit_fixture() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = common::mini();
    let path = dir.join("articles/une.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for _ in 0..40 {
        text.push_str("\n\n");
        text.push_str(FILLER);
    }
    std::fs::write(&path, text).unwrap();
    (tmp, dir)
}

fn opts(out: &Path, dpi: f64) -> ProofOptions {
    ProofOptions { out: Some(out.to_path_buf()), dpi, ..ProofOptions::default() }
}

fn png(path: &Path) -> RgbImage {
    image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgb8()
}

fn count(img: &RgbImage, pred: impl Fn([u8; 3]) -> bool) -> usize {
    img.pixels().filter(|p| pred(p.0)).count()
}

#[test]
fn overlays_and_contact_sheet_match_golden_images() {
    let (_tmp, dir) = fit_fixture();
    let out = dir.join("out/proof");
    let outcome = proof(&dir, &opts(&out, 24.0)).unwrap();
    assert_eq!(outcome.rendered, 2);
    for name in ["page-01.png", "page-02.png", "contact.png"] {
        common::assert_golden(&png(&out.join(name)), &format!("proof-mini-{name}"));
    }
    // The overset module is outlined in red (the nameplate is red too: count what the proof adds).
    let red = |p: [u8; 3]| p[0] > 200 && p[1] < 80 && p[2] < 80;
    let with = count(&png(&out.join("page-01.png")), red);
    let plain_dir = dir.join("out/plain");
    proof(&dir, &ProofOptions { overlays: Overlays::NONE, ..opts(&plain_dir, 24.0) }).unwrap();
    let without = count(&png(&plain_dir.join("page-01.png")), red);
    assert!(with > without + 200, "{with} red pixels with overlays, {without} without");
}

#[test]
fn overlay_names_parse() {
    assert_eq!(Overlays::parse("all").unwrap(), Overlays::ALL);
    let o = Overlays::parse("grid,fit").unwrap();
    assert!(o.columns && o.baselines && o.fit && !o.modules && !o.lines);
    let e = Overlays::parse("grid,colour").unwrap_err();
    assert!(e.contains("colour"), "{e}");
}

/// The article data embedded in index.html.
fn html_articles(html: &str) -> Vec<serde_json::Value> {
    let start = html.find("const DATA = ").expect("data in the page") + "const DATA = ".len();
    let end = start + html[start..].find(";\nconst VERSION").expect("end of data");
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    data["articles"].as_array().unwrap().clone()
}

#[test]
fn html_proof_lists_every_article_with_its_status() {
    let (_tmp, dir) = fit_fixture();
    let out = dir.join("out/proof");
    let outcome = proof(&dir, &ProofOptions { contact: false, ..opts(&out, 20.0) }).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let rows = html_articles(&html);
    let report = &outcome.document.report;
    let slugs: BTreeSet<&str> = rows.iter().map(|r| r["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, BTreeSet::from(["breve", "une"]));
    let row = |slug: &str| rows.iter().find(|r| r["slug"] == slug).unwrap();
    let une = report.articles.iter().find(|a| a.slug == "une").unwrap();
    let breve = report.articles.iter().find(|a| a.slug == "breve").unwrap();
    assert!(une.overset_lines > 0 && breve.short_lines > maquette::layout::report::SHORT_LIMIT);
    assert_eq!(row("une")["status"], format!("overset by {}", une.overset_lines));
    assert_eq!(row("breve")["status"], format!("short by {}", breve.short_lines));
    assert_eq!(row("une")["words"], une.words);
    assert_eq!(row("une")["hyphens"], une.hyphenated);
    // Each article links to the pages it sits on, with one highlight box per module.
    assert_eq!(row("breve")["pages"], serde_json::json!([1, 2]));
    assert_eq!(row("breve")["boxes"].as_array().unwrap().len(), 2);
    for page in ["page-01.png", "page-02.png"] {
        assert!(html.contains(page), "{page} not in the page");
        assert!(out.join(page).is_file(), "{page} missing");
    }
}

#[test]
fn diff_finds_exactly_the_pages_a_one_word_edit_touched() {
    let (_tmp, dir) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    let out = dir.join("out/proof");
    let fast = ProofOptions { contact: false, ..opts(&out, 24.0) };
    let before = proof(&dir, &fast).unwrap();
    let article = before.document.report.articles.iter().find(|a| a.pages.first() == Some(&3)).unwrap();
    let slug = article.slug.clone();
    let path = dir.join("articles").join(format!("{slug}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    // A long word found once in the file, between two spaces there (not before punctuation a
    // narrow space joins), on one of the article's last lines on page 3.
    let word = before.document.pages[2]
        .lines
        .iter()
        .rev()
        .filter(|l| l.slug == slug)
        .flat_map(|l| l.text.split_whitespace())
        .find(|w| {
            let spaced = format!(" {w} ");
            w.chars().count() > 6
                && w.chars().all(char::is_alphabetic)
                && text.matches(*w).count() == 1
                && text.contains(&spaced)
        })
        .expect("a word to edit")
        .to_string();
    common::edit(&path, &format!(" {word} "), " mot ");
    let after = proof(&dir, &ProofOptions { diff: true, ..fast }).unwrap();
    let diff = after.diff.expect("a diff against the previous proof");

    let touched: Vec<usize> =
        (0..8).filter(|&i| before.document.pages[i] != after.document.pages[i]).map(|i| i + 1).collect();
    let found: Vec<usize> = diff.pages.iter().map(|p| p.page).collect();
    assert!(touched.contains(&3), "{touched:?}");
    assert!(touched.iter().all(|p| article.pages.contains(p)), "pages of other articles moved: {touched:?}");
    assert_eq!(found, touched);
    assert!(diff.articles.contains_key(&slug), "{:?}", diff.articles);
    assert!(diff.articles.keys().all(|s| *s == slug), "{:?}", diff.articles);
    for p in &found {
        assert!(out.join(format!("diff/page-{p:02}.png")).is_file());
    }
    assert!(out.join("previous/proof.pdf").is_file());

    // The command line compares the two proof folders the same way.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_maquette"))
        .args(["diff", "--dpi", "24"])
        .arg(out.join("previous"))
        .arg(&out)
        .arg("-o")
        .arg(dir.join("out/cli-diff"))
        .output()
        .unwrap();
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    let pages: Vec<String> = found.iter().map(|p| p.to_string()).collect();
    let stdout = String::from_utf8_lossy(&cli.stdout);
    assert!(stdout.contains(&format!("changed pages: {}", pages.join(", "))), "{stdout}");
    assert!(stdout.contains(&slug), "{stdout}");
}

#[test]
fn unchanged_proof_has_no_differences() {
    let (_tmp, dir) = common::mini();
    let out = dir.join("out/proof");
    let o = ProofOptions { contact: false, ..opts(&out, 20.0) };
    proof(&dir, &o).unwrap();
    let again = proof(&dir, &ProofOptions { diff: true, ..o }).unwrap();
    let diff = again.diff.unwrap();
    assert!(diff.pages.is_empty(), "{:?}", diff.pages);
    assert!(diff.articles.is_empty());
    assert!(diff.summary().contains("no page changed"));
}

#[test]
fn proof_command_writes_every_file_and_rejects_unknown_overlays() {
    let (_tmp, dir) = common::mini();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_maquette")).args(args).arg(&dir).output().unwrap()
    };
    let ok = run(&["proof", "--dpi", "20", "--overlays", "grid,fit"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let out = dir.join("out/proof");
    for f in ["proof.pdf", "page-01.png", "page-02.png", "contact.png", "index.html", "lines.json", "report.json"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(String::from_utf8_lossy(&ok.stderr).contains("proof of 2 pages"));
    let bad = run(&["proof", "--overlays", "grid,colour"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown overlay `colour`"));
}

/// Each image XObject's dictionary in a PDF written by maquette, as text.
fn image_dicts(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Subtype /Image")
        .map(|(at, _)| {
            let start = text[..at].rfind("<<").unwrap_or(0);
            let end = text[at..].find("stream").map_or(text.len(), |e| at + e);
            text[start..end].to_string()
        })
        .collect()
}

#[test]
fn page_images_draw_photos_at_screen_resolution_and_the_proof_pdf_keeps_the_press_photos() {
    let (_tmp, dir) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    let out = dir.join("out/proof");
    let o = ProofOptions { contact: false, ..opts(&out, 24.0) };
    proof(&dir, &o).unwrap();
    // The proof PDF is printed and zoomed into: its photos are the press's, compressed as written
    // for the printer, never the raw samples the page images are drawn from.
    let dicts = image_dicts(&std::fs::read(out.join("proof.pdf")).unwrap());
    assert!(dicts.iter().any(|d| d.contains("/DCTDecode")), "no photo in the proof PDF");
    assert!(dicts.iter().all(|d| d.contains("/Filter")), "a raw picture in the proof PDF");
    // Proofing again compares with the page images the last proof showed (not its PDF drawn
    // again): page 2's image blanked out is the one change found.
    let page2 = out.join("page-02.png");
    let (w, h) = png(&page2).dimensions();
    RgbImage::from_pixel(w, h, image::Rgb([255, 255, 255])).save(&page2).unwrap();
    let again = proof(&dir, &ProofOptions { diff: true, ..o }).unwrap();
    let found: Vec<usize> = again.diff.unwrap().pages.iter().map(|p| p.page).collect();
    assert_eq!(found, [2]);
}
