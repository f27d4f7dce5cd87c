//! What a printer's prepress sees in our files, checked with the programs printers use: pdfinfo
//! (PDF/X subtype, boxes), pdfimages (image colour and resolution), qpdf (structure) and
//! Ghostscript's separations (black text on the Black plate only, total ink within the limit).

mod common;

use common::plates::Plate;
use common::{edit, mini, root, tool};
use maquette::frame::Item;
use maquette::{BuildOptions, BuildOutcome, build};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The example, built once for all the tests of this file (into cargo's temporary folder for tests).
fn example() -> (&'static Path, &'static BuildOutcome) {
    static BUILT: OnceLock<(PathBuf, BuildOutcome)> = OnceLock::new();
    let (out, outcome) = BUILT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("print-example");
        let _ = std::fs::remove_dir_all(&out);
        let opts = BuildOptions { out: Some(out.clone()), strict: true };
        let outcome = build(&root().join("examples/ls-2026-05"), &opts).expect("example builds");
        (out, outcome)
    });
    (out, outcome)
}

fn page_files(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(out.join("print")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(o.status.success(), "{cmd} {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines().find_map(|l| l.strip_prefix(key)).map(str::trim).unwrap_or_else(|| panic!("no {key} in {info}"))
}

#[test]
fn every_file_is_pdf_x4_with_a_trim_box() {
    if !tool("pdfinfo") {
        return;
    }
    let (out, outcome) = example();
    let mut files = page_files(out);
    files.push(out.join("issue.pdf"));
    assert_eq!(files.len(), outcome.document.pages.len() + 1);
    for f in &files {
        let info = run("pdfinfo", &["-box", f.to_str().unwrap()]);
        assert_eq!(field(&info, "PDF subtype:"), "PDF/X-4", "{}", f.display());
        assert_eq!(field(&info, "PDF version:"), "1.6");
        assert_eq!(field(&info, "Encrypted:"), "no");
        assert_eq!(field(&info, "TrimBox:"), field(&info, "MediaBox:"), "no bleed by default");
        assert_eq!(field(&info, "Metadata Stream:"), "yes", "XMP");
    }
}

#[test]
fn images_are_cmyk_or_grey_at_print_resolution() {
    if !tool("pdfimages") {
        return;
    }
    let (out, _) = example();
    let list = run("pdfimages", &["-list", out.join("issue.pdf").to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = list.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert!(rows.len() >= 4, "{list}");
    let mut colours = Vec::new();
    for r in &rows {
        let (kind, colour, enc, ppi) = (r[2], r[5], r[8], r[12].parse::<f64>().unwrap());
        if kind == "smask" {
            continue;
        }
        assert!(colour == "cmyk" || colour == "gray", "an image in {colour}: {list}");
        assert!(ppi >= 200.0, "effective resolution {ppi} under 200 ppi: {list}");
        // Photos are resampled to 300 ppi at their largest placement; logos (lossless) may be
        // drawn smaller elsewhere, and line art wants more resolution anyway.
        assert!(enc != "jpeg" || ppi <= 451.0, "a photo at {ppi} ppi, over 1.5 × 300: {list}");
        colours.push(colour);
    }
    assert!(colours.contains(&"cmyk") && colours.contains(&"gray"), "RGB photos became CMYK, grey stayed grey");
}

#[test]
fn qpdf_finds_nothing_to_say() {
    if !tool("qpdf") {
        return;
    }
    let (out, _) = example();
    for f in page_files(out).iter().chain([&out.join("issue.pdf")]) {
        let text = run("qpdf", &["--check", f.to_str().unwrap()]);
        assert!(!text.contains("WARNING"), "{}: {text}", f.display());
    }
}

const DPI: f64 = 72.0;

fn separate(pdf: &Path, dir: &Path) -> [Plate; 4] {
    let mut plates = common::plates::separate(pdf, dir);
    ["Cyan", "Magenta", "Yellow", "Black"].map(|n| plates.remove(n).expect("a process plate"))
}

#[test]
fn separations_put_body_text_on_black_only_and_ink_under_the_limit() {
    if !tool("gs") {
        return;
    }
    let (out, outcome) = example();
    let tac = 240.0;
    let tmp = tempfile::tempdir().unwrap();
    let mut checked_lines = 0;
    for (file, page) in page_files(out).iter().zip(&outcome.document.pages) {
        let [c, m, y, k] = separate(file, tmp.path());
        let max = (0..c.ink.len())
            .map(|i| u32::from(c.ink[i]) + u32::from(m.ink[i]) + u32::from(y.ink[i]) + u32::from(k.ink[i]))
            .max()
            .unwrap();
        let max_pct = f64::from(max) * 100.0 / 255.0;
        assert!(max_pct <= tac * 1.02, "page {}: total ink {max_pct:.0} % over {tac} %", page.number);
        for (x0, y0, x1, y1) in clear_black_text(page) {
            let (mut dark, mut colour) = (0u32, 0u32);
            for py in y0..y1 {
                for px in x0..x1 {
                    dark = dark.max(u32::from(k.at(px, py)));
                    colour = colour.max(u32::from(c.at(px, py)).max(m.at(px, py).into()).max(y.at(px, py).into()));
                }
            }
            assert_eq!(colour, 0, "page {}: colour ink under black text at {x0},{y0}", page.number);
            assert!(dark > 128, "page {}: no black ink where text is at {x0},{y0}", page.number);
            checked_lines += 1;
        }
    }
    assert!(checked_lines > 500, "only {checked_lines} lines checked");
}

/// Pixel boxes of black text runs that do not touch any tint, rule or photo, shrunk by a pixel so
/// that rounding never reaches a neighbour.
fn clear_black_text(page: &maquette::frame::PageFrame) -> Vec<(u32, u32, u32, u32)> {
    let others: Vec<[f64; 4]> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect(r) => Some(r.rect),
            Item::Image(i) => Some(i.frame),
            Item::Rule(r) => Some([
                r.from.0.min(r.to.0) - 2.0,
                r.from.1.min(r.to.1) - 2.0,
                (r.to.0 - r.from.0).abs() + 4.0,
                (r.to.1 - r.from.1).abs() + 4.0,
            ]),
            Item::Text(_) | Item::Thumbnail(_) => None,
        })
        .collect();
    let px = |v: f64| (v * DPI / 72.0) as u32;
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.color == maquette::model::Cmyk::BLACK && t.glyphs.len() > 20 => {
                let w = t.glyphs.last().map_or(0.0, |g| g.x + g.advance);
                let r = [t.x, t.y - t.size * 0.7, w, t.size * 0.7];
                let clear = others.iter().all(|o| !overlaps(o, &r));
                clear
                    .then(|| (px(r[0]) + 1, px(r[1]) + 1, px(r[0] + r[2]).saturating_sub(1), px(t.y).saturating_sub(1)))
            }
            _ => None,
        })
        .collect()
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

fn mini_with_printer(table: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "page_multiple = 1", &format!("page_multiple = 1\n{table}"));
    (tmp, dir)
}

#[test]
fn bleed_and_crop_marks_enlarge_the_media_around_the_trim() {
    if !tool("pdfinfo") {
        return;
    }
    let (_tmp, dir) = mini_with_printer("bleed_mm = 3\ncrop_marks = true");
    let out = dir.join("out");
    build(&dir, &BuildOptions::default()).expect("builds");
    let info = run("pdfinfo", &["-box", out.join("issue.pdf").to_str().unwrap()]);
    let nums = |key: &str| -> Vec<f64> { field(&info, key).split_whitespace().map(|v| v.parse().unwrap()).collect() };
    let (media, trim, bleed) = (nums("MediaBox:"), nums("TrimBox:"), nums("BleedBox:"));
    let mm = 72.0 / 25.4;
    assert!((trim[2] - trim[0] - 280.0 * mm).abs() < 0.1, "trim is the tabloid page: {trim:?}");
    assert!((trim[0] - bleed[0] - 3.0 * mm).abs() < 0.05, "3 mm bleed: {bleed:?} {trim:?}");
    assert!(media[0] < bleed[0] && media[2] > bleed[2], "room for the marks: {media:?}");
}

#[test]
fn pdf_x1a_is_pdf_1_3_without_transparency() {
    if !tool("pdfinfo") || !tool("pdfimages") {
        return;
    }
    let (_tmp, dir) = mini_with_printer("pdfx = \"PDF/X-1a:2001\"");
    build(&dir, &BuildOptions::default()).expect("builds");
    let pdf = dir.join("out/issue.pdf");
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert_eq!(field(&info, "PDF version:"), "1.3");
    // ISO 15930-1: the version key says PDF/X-1:2001, the conformance key the `a`.
    assert_eq!(field(&info, "PDF subtype:"), "PDF/X-1:2001");
    let bytes = std::fs::read(&pdf).unwrap();
    let has = |s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
    assert!(has(b"/GTS_PDFXConformance (PDF/X-1a:2001)"), "no conformance key");
    let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(!list.contains("smask") && !list.contains(" rgb "), "{list}");
}

#[test]
fn the_printers_own_profile_is_one_line_away() {
    let (_tmp, dir) = mini_with_printer("icc = \"profils/presse.icc\"\ncondition = \"ISOnewspaper26v4\"");
    std::fs::create_dir_all(dir.join("profils")).unwrap();
    let err = build(&dir, &BuildOptions::default()).expect_err("the profile is missing");
    assert!(err.file.as_ref().is_some_and(|f| f.ends_with("profils/presse.icc")), "{err:?}");
    std::fs::copy(root().join("layouts").join(maquette::printer::DEFAULT_ICC), dir.join("profils/presse.icc")).unwrap();
    build(&dir, &BuildOptions::default()).expect("builds with the printer's profile");
    let bytes = std::fs::read(dir.join("out/issue.pdf")).unwrap();
    assert!(bytes.windows(16).any(|w| w == b"ISOnewspaper26v4"), "the condition is named in the output intent");
}

#[test]
fn a_page_count_off_the_signature_is_an_error_that_says_the_count() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "page_multiple = 1", "page_multiple = 4");
    let err = build(&dir, &BuildOptions::default()).expect_err("2 pages are not a multiple of 4");
    assert!(err.message.contains("2 pages") && err.message.contains("multiple of 4"), "{}", err.message);
    assert!(err.file.as_ref().is_some_and(|f| f.ends_with("issue.toml")));
}

#[test]
fn a_photo_too_small_for_print_stops_the_build_naming_it() {
    let (_tmp, dir) = mini();
    edit(&dir.join("articles/une.md"), "file = \"champ.jpg\"", "file = \"champ-400.jpg\"");
    let err = build(&dir, &BuildOptions::default()).expect_err("under 100 ppi");
    assert!(err.file.as_ref().is_some_and(|f| f.ends_with("champ-400.jpg")), "{err:?}");
    assert!(err.message.contains("ppi"), "{}", err.message);
    assert!(!dir.join("out/issue.pdf").exists(), "nothing written");
}

#[test]
fn rich_black_type_in_a_template_is_refused() {
    let (tmp, dir) = mini();
    let layouts = tmp.path().join("layouts");
    std::fs::create_dir_all(&layouts).unwrap();
    let t = std::fs::read_to_string(root().join("layouts/tabloid.toml")).unwrap();
    let folio = "[styles.folio]\n";
    assert!(t.contains(folio));
    std::fs::write(layouts.join("tabloid.toml"), t.replacen(folio, "[styles.folio]\ncolor = [60, 40, 40, 100]\n", 1))
        .unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), tmp.path().join("fonts")).unwrap();
    let err = build(&dir, &BuildOptions::default()).expect_err("rich black type");
    assert!(err.message.contains("rich black"), "{}", err.message);
    assert!(err.file.as_ref().is_some_and(|f| f.ends_with("layouts/tabloid.toml")));
}
