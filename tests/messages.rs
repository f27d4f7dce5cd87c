//! Reader messages (« vœux de mai »): every message of the example once in the PDF and inside its
//! box; bad rows reported by line; sets that do not fit say how many pages they need; the promo box
//! shows page 1.

mod common;

use common::{mini, root, tokens, tool};
use maquette::frame::{Item, PageFrame};
use maquette::model::Issue;
use maquette::{BuildOptions, build};
use std::path::Path;
use std::process::Command;

fn example() -> std::path::PathBuf {
    root().join("examples/ls-2026-05")
}

fn count_runs(hay: &[String], needle: &[String]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn every_message_is_in_the_pdf_exactly_once() {
    if !tool("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&example(), &BuildOptions { out: Some(tmp.path().to_path_buf()), strict: true }).unwrap();
    let issue = Issue::load(&example()).unwrap();
    let messages = issue.messages.as_ref().expect("the example has messages");
    assert!(messages.list.len() >= 50, "{}", messages.list.len());
    let report = out.document.report.messages.as_ref().unwrap();
    assert_eq!(report.placed, messages.list.len());
    let pdf = tmp.path().join("issue.pdf");
    let text = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&pdf).arg("-").output().unwrap();
    let words = tokens(&String::from_utf8_lossy(&text.stdout));
    for m in &messages.list {
        let needle = tokens(&format!("{}\n{}", m.sender, m.text));
        assert_eq!(
            count_runs(&words, &needle),
            1,
            "message of line {} ({}) is not there exactly once",
            m.row,
            m.sender
        );
    }
}

/// The ink of each text item that lies in a message's box, by the box's label.
fn message_boxes(page: &PageFrame) -> Vec<(String, [f64; 4])> {
    page.modules.iter().filter(|m| m.label.starts_with("message ")).map(|m| (m.label.clone(), m.rect)).collect()
}

#[test]
fn messages_fit_their_boxes_and_never_overlap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&example(), &BuildOptions { out: Some(tmp.path().to_path_buf()), strict: true }).unwrap();
    let issue = Issue::load(&example()).unwrap();
    let fmt = issue.template.messages.as_ref().unwrap();
    let top_margin = issue.template.margins[0];
    let mut labels = Vec::new();
    for page in &out.document.pages {
        let boxes = message_boxes(page);
        if boxes.is_empty() {
            continue;
        }
        for (i, (la, a)) in boxes.iter().enumerate() {
            labels.push(la.clone());
            for (lb, b) in &boxes[i + 1..] {
                let apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                assert!(apart, "page {}: {la} overlaps {lb}", page.number);
            }
        }
        // Below the folio, every line of text lies wholly inside a module: a message's box, an
        // article's or the promo box's. Text pushed out of a message's box would not.
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            if t.y < top_margin {
                continue;
            }
            let right = t.x + t.glyphs.last().map_or(0.0, |g| g.x + g.advance);
            // Optical margin alignment hangs a final stop, comma or hyphen out by up to 0.3 em.
            let hang = 0.3 * t.size;
            let inside = page.modules.iter().any(|m| {
                let r = m.rect;
                t.x >= r[0] - hang && right <= r[0] + r[2] + hang && t.y > r[1] && t.y <= r[1] + r[3]
            });
            assert!(inside, "page {}: « {} » lies outside every box", page.number, t.text());
            if boxes.iter().any(|(_, r)| t.x >= r[0] && t.x < r[0] + r[2] && t.y > r[1] && t.y <= r[1] + r[3]) {
                assert!(t.size >= fmt.min_size * 0.999, "page {}: « {} » at {} pt", page.number, t.text(), t.size);
            }
        }
    }
    labels.sort();
    let n = labels.len();
    labels.dedup();
    assert_eq!(labels.len(), n, "a message was placed twice");
    assert_eq!(n, issue.messages.unwrap().list.len());
}

#[test]
fn the_promo_box_shows_page_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&example(), &BuildOptions { out: Some(tmp.path().to_path_buf()), strict: true }).unwrap();
    let pages = &out.document.pages;
    let thumbs: Vec<_> = pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| if let Item::Thumbnail(t) = i { Some(t) } else { None })
        .collect();
    assert!(!thumbs.is_empty(), "no thumbnail");
    for t in thumbs {
        assert_eq!(t.page.number, 1);
        // The thumbnail is the front page as built (its items, nameplate included).
        let front_text: Vec<String> = pages[0].items.iter().filter_map(text).collect();
        let thumb_text: Vec<String> = t.page.items.iter().filter_map(text).collect();
        assert_eq!(front_text, thumb_text);
        let ([_, _, w, h], s) = t.placed();
        assert!(s < 0.5 && w > 50.0 && h > 50.0, "scale {s}, {w} × {h}");
    }
}

fn text(i: &Item) -> Option<String> {
    if let Item::Text(t) = i { Some(t.text()) } else { None }
}

/// Adds a `[messages]` table for page 2 of the small fixture and writes `messages.csv`.
fn with_messages(dir: &Path, csv: &str, extra_pages: usize) {
    let toml = dir.join("issue.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text = text.replacen("[[pages]]", "[messages]\npages = [2]\n\n[[pages]]", 1);
    for _ in 0..extra_pages {
        text.push_str("\n[[pages]]\nvariant = \"inside\"\n");
    }
    std::fs::write(&toml, text).unwrap();
    std::fs::write(dir.join("messages.csv"), csv).unwrap();
}

#[test]
fn bad_rows_are_reported_by_line_and_the_rest_is_built() {
    let (_tmp, dir) = mini();
    let csv = "sender,text,format,logo,style\n\
               Section A,\"Bon 1er Mai\nà toutes et à tous !\",1/32,,\n\
               Section B,Salut,1/5,,\n\
               Section C,,1/16,,\n\
               Section D,Courage,1/16,absent.png,\n\
               Section E,Solidarité,1/8,,clignotant\n";
    with_messages(&dir, csv, 0);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(w.contains("messages.csv line 4: unknown format `1/5`"), "{w}");
    assert!(w.contains("messages.csv line 5: message from « Section C » has no text"), "{w}");
    assert!(w.contains("messages.csv line 6: logo `absent.png` not found"), "{w}");
    assert!(w.contains("messages.csv line 7: unknown style `clignotant`"), "{w}");
    assert_eq!(out.document.report.messages.as_ref().unwrap().placed, 2, "A and D are set");
    let err = build(&dir, &BuildOptions { strict: true, ..Default::default() }).unwrap_err();
    assert!(err.message.contains("messages.csv line 4"), "{err}");
}

#[test]
fn a_set_that_does_not_fit_says_how_many_pages_it_needs() {
    let (_tmp, dir) = mini();
    // A quarter page is 3 columns × 44 lines with a line of white under it: two fit down a page
    // (2 × 45 ≤ 105, 3 × 45 > 105) and two never sit side by side on 5 columns. Page 2's module
    // (columns 1–2, lines 0–19) leaves room for one beside it and one under it: 2 placed, and the
    // 7 others need 4 more pages.
    let mut csv = String::from("sender,text,format\n");
    for i in 0..9 {
        csv.push_str(&format!("Section {i},Bon 1er Mai,1/4\n"));
    }
    with_messages(&dir, &csv, 0);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let r = out.document.report.messages.as_ref().unwrap();
    assert_eq!((r.placed, r.pages_needed), (2, 4), "{r:?}");
    let w = out.document.report.warnings.join("\n");
    assert!(w.contains("7 of 9 messages do not fit on page 2") && w.contains("need 4 more pages"), "{w}");
}

#[test]
fn a_message_too_long_for_its_box_is_reported() {
    let (_tmp, dir) = mini();
    let long = "Vive la solidarité entre tous les travailleurs du monde entier. ".repeat(12);
    with_messages(&dir, &format!("sender,text,format\nSection longue,{long},1/32\nSection courte,Salut,1/32\n"), 0);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let w = out.document.report.warnings.join("\n");
    assert!(
        w.contains("messages.csv line 2: message from « Section longue » does not fit its 1/32 box even at 7 pt"),
        "{w}"
    );
    let r = out.document.report.messages.as_ref().unwrap();
    let sizes: Vec<f64> = r.sizes.iter().map(|s| s.1).collect();
    assert_eq!(sizes[0], 7.0);
    assert!(sizes[1] > 7.0, "{sizes:?}");
    assert!(!r.free.is_empty(), "the rest of page 2 is reported free");
}

#[test]
fn the_promo_box_can_show_another_issues_front_page() {
    let (_a, dir) = mini();
    let (_b, other) = mini();
    common::edit(&other.join("issue.toml"), "title = \"Lutte Socialiste\"", "title = \"Le Numéro d'Avril\"");
    std::fs::write(dir.join("promo.md"), "+++\nheadline = \"Placez votre message\"\n+++\nÀ partir de 15 euros.\n")
        .unwrap();
    let promo = format!(
        "[promo]\ntext = \"promo.md\"\nthumbnail = \"{}\"\n\n[[pages]]",
        other.display().to_string().replace('\\', "/")
    );
    common::edit(&dir.join("issue.toml"), "[[pages]]", &promo);
    let toml = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
    let module = "\n[[pages.modules]]\nkind = \"promo\"\ncol = 3\nspan = 3\ntop = 0\nheight = 60\n";
    std::fs::write(dir.join("issue.toml"), toml + module).unwrap();
    // The other issue names this one back: each shows the other's page 1, without looping.
    let back = format!(
        "[promo]\ntext = \"promo.md\"\nthumbnail = \"{}\"\n\n[[pages]]",
        dir.display().to_string().replace('\\', "/")
    );
    std::fs::copy(dir.join("promo.md"), other.join("promo.md")).unwrap();
    common::edit(&other.join("issue.toml"), "[[pages]]", &back);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let thumb = out.document.pages[1]
        .items
        .iter()
        .find_map(|i| if let Item::Thumbnail(t) = i { Some(t) } else { None })
        .expect("a thumbnail on page 2");
    let text: String = thumb.page.items.iter().filter_map(text).collect();
    assert!(text.contains("Le Numéro d"), "{text}");
    // Its photos are loaded under the other folder's name, so the PDF can draw them.
    let issue = Issue::load(&dir).unwrap();
    for i in &thumb.page.items {
        if let Item::Image(img) = i {
            assert!(issue.images.contains_key(&img.key), "{} not loaded", img.key);
        }
    }
    assert!(out.files.iter().all(|f| f.is_file()));
}

#[test]
fn longer_messages_get_smaller_type_and_all_stay_in_their_box() {
    let (_tmp, dir) = mini();
    let mut csv = String::from("sender,text,format\n");
    for n in 1..=8 {
        csv.push_str(&format!("Section {n},{},1/32\n", "Solidarité avec les grévistes. ".repeat(n)));
    }
    with_messages(&dir, &csv, 0);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    assert!(
        !out.document.report.warnings.iter().any(|w| w.contains("does not fit")),
        "{:?}",
        out.document.report.warnings
    );
    let sizes: Vec<f64> = out.document.report.messages.as_ref().unwrap().sizes.iter().map(|s| s.1).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert!(sizes[0] > sizes[7], "{sizes:?}");
    let page = &out.document.pages[1];
    for (label, r) in message_boxes(page) {
        let inside: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
            .filter(|t| t.x >= r[0] && t.x < r[0] + r[2] && t.y > r[1] - 20.0 && t.y < r[1] + r[3] + 20.0)
            .collect();
        assert!(!inside.is_empty(), "{label}: no text");
        for t in inside {
            assert!(t.y > r[1] && t.y <= r[1] + r[3], "{label}: « {} » outside its box", t.text());
        }
    }
}

#[test]
fn message_settings_errors_name_the_line() {
    let (_tmp, dir) = mini();
    with_messages(&dir, "sender,text,format\nA,Salut,1/32\n", 0);
    common::edit(&dir.join("issue.toml"), "pages = [2]", "pages = [2, 7]");
    let err = Issue::load(&dir).unwrap_err();
    assert!(err.message.contains("[messages] page 7 does not exist"), "{err}");
    assert_eq!(
        err.line,
        Some(
            1 + std::fs::read_to_string(dir.join("issue.toml"))
                .unwrap()
                .lines()
                .position(|l| l == "[messages]")
                .unwrap()
        )
    );
    common::edit(&dir.join("issue.toml"), "pages = [2, 7]", "pages = [2, 1, 2]");
    let err = Issue::load(&dir).unwrap_err();
    assert!(err.message.contains("[messages] names page 2 twice"), "{err}");
    common::edit(&dir.join("issue.toml"), "pages = [2, 1, 2]", "pages = [2]");
    // A template of the issue's own without the [messages] section.
    let tabloid = std::fs::read_to_string(root().join("layouts/tabloid.toml")).unwrap();
    let cut = tabloid.find("\n[messages]").unwrap();
    std::fs::create_dir_all(dir.join("layouts")).unwrap();
    std::fs::write(dir.join("layouts/tabloid.toml"), &tabloid[..cut]).unwrap();
    let err = Issue::load(&dir).unwrap_err();
    assert!(err.message.contains("has no [messages] section"), "{err}");
}

/// The small fixture with the promo text `body`, `[promo]` settings `extra` besides its text and
/// thumbnail, and a promo module at `place` (col, span, top, height lines) on page 2; built, its
/// promo box reporting nothing.
fn promo_box(body: &str, extra: &str, place: &str) -> (tempfile::TempDir, std::path::PathBuf, maquette::BuildOutcome) {
    promo_box_with(body, extra, place, |_| ())
}

/// As [`promo_box`], with `change` made to the issue folder first.
fn promo_box_with(
    body: &str,
    extra: &str,
    place: &str,
    change: impl Fn(&Path),
) -> (tempfile::TempDir, std::path::PathBuf, maquette::BuildOutcome) {
    let (tmp, dir) = mini();
    change(&dir);
    std::fs::write(dir.join("promo.md"), format!("+++\nheadline = \"Placez votre message\"\n+++\n{body}\n")).unwrap();
    let promo = format!("[promo]\ntext = \"promo.md\"\nthumbnail = true\n{extra}\n[[pages]]");
    common::edit(&dir.join("issue.toml"), "[[pages]]", &promo);
    let module = format!("\n[[pages.modules]]\nkind = \"promo\"\n{place}\n\n[printer]");
    common::edit(&dir.join("issue.toml"), "\n[printer]", &module);
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let problems = out.document.report.problems().join("\n");
    assert!(!problems.contains("promo"), "{problems}");
    (tmp, dir, out)
}

/// A cell of the promo box's price table (format, size, price) or its deadline.
fn price_cell(run: &maquette::frame::TextItem) -> bool {
    let text = run.text();
    ["€", "page", " mm", "Date limite"].iter().any(|w| text.contains(w))
}

#[test]
fn a_wide_promo_box_sets_its_text_in_balanced_columns_beside_the_pictures() {
    let body = "Chaque année, les vœux de mai rassemblent les messages de solidarité de nos lectrices \
        et de nos lecteurs, des délégations syndicales, des comités et des associations. ";
    let (_tmp, dir, out) = promo_box(&body.repeat(3), "", "col = 1\nspan = 5\ntop = 30\nheight = 30");
    let t = Issue::load(&dir).unwrap().template;
    let page = &out.document.pages[1];
    let rect = page.modules.iter().find(|m| m.label == "promo").expect("a promo box").rect;
    let thumb = page.items.iter().find_map(|i| if let Item::Thumbnail(t) = i { Some(t) } else { None }).unwrap();
    let [tx, ty, tw, th] = thumb.rect;
    let (pw, ph) = thumb.page.size;
    // The thumbnail keeps the page's proportions, so its frame fits the page, within the left two columns.
    assert!((tw / th - pw / ph).abs() < 1e-6, "{tw} × {th}");
    assert!(tx >= rect[0] && tx + tw <= t.column_x(2, 0) + t.span_width(2) && ty + th <= rect[1] + rect[3]);
    // The text under the heading: lines in columns 3–5, each within its column's measure.
    let mut columns: std::collections::BTreeMap<usize, Vec<f64>> = Default::default();
    for i in &page.items {
        let Item::Text(run) = i else { continue };
        if run.y < ty || run.x < rect[0] || run.y > rect[1] + rect[3] || price_cell(run) {
            continue;
        }
        let col = (0..5).rev().find(|&c| run.x >= t.column_x(2, c) - 1e-6).unwrap();
        assert!(col >= 2, "text beside the thumbnail in column {}: {}", col + 1, run.text());
        let end = run.x + run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
        assert!(end <= t.column_x(2, col) + t.column_width() + 0.5, "{} runs past its column", run.text());
        columns.entry(col).or_default().push(run.y);
    }
    assert!(columns.len() >= 2, "the text stays in one column: {columns:?}");
    let ends: Vec<f64> = columns.values().map(|ys| ys.iter().copied().fold(f64::MIN, f64::max)).collect();
    let spread = ends.iter().copied().fold(f64::MIN, f64::max) - ends.iter().copied().fold(f64::MAX, f64::min);
    // A line of the text's own leading (it may be set larger than the grid's).
    let mut ys: Vec<f64> = columns.values().next().unwrap().clone();
    ys.sort_by(f64::total_cmp);
    let pitch = ys.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 1.0).fold(f64::MAX, f64::min);
    let leading = pitch.min(3.0 * t.baseline).max(t.baseline);
    assert!(spread <= leading + 1e-6, "columns end {ends:?} apart by more than a line of {leading}");
}

#[test]
fn a_short_promo_text_is_set_larger_to_fill_its_columns() {
    let body = "Les vœux de mai rassemblent les messages de solidarité de nos lectrices et de nos lecteurs.";
    let prices = "prices = [{ format = \"1/16\", price = \"25 €\" }]\n";
    let (_tmp, dir, out) = promo_box(body, prices, "col = 1\nspan = 4\ntop = 40\nheight = 20");
    let issue = Issue::load(&dir).unwrap();
    let t = &issue.template;
    let box_text = t.styles["box_text"].size;
    let page = &out.document.pages[1];
    let rect = page.modules.iter().find(|m| m.label == "promo").expect("a promo box").rect;
    let runs: Vec<&maquette::frame::TextItem> =
        page.items.iter().filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None }).collect();
    let pitch = |r: &&maquette::frame::TextItem| r.y > rect[1] + 30.0 && r.y < rect[1] + rect[3] && !price_cell(r);
    let text: Vec<&maquette::frame::TextItem> = runs.iter().copied().filter(pitch).collect();
    // Every word is there, in order, at a size above the box text's.
    let words: String = text.iter().map(|r| r.text()).collect::<Vec<_>>().join(" ");
    let squeeze = |s: &str| s.replace(['-', ' ', '\u{a0}', '\u{202f}'], "");
    assert_eq!(squeeze(&words), squeeze(body).replace('"', ""), "{words}");
    assert!(
        text.iter().all(|r| r.size > box_text + 1.0),
        "sizes {:?}",
        text.iter().map(|r| r.size).collect::<Vec<_>>()
    );
    // Balanced through the two columns beside the pictures: each column's last line within a
    // line of the other's, and above the price list.
    let col = |r: &&maquette::frame::TextItem| (0..4).rev().find(|&c| r.x >= t.column_x(2, c) - 1e-6).unwrap();
    let cols: std::collections::BTreeSet<usize> = text.iter().map(col).collect();
    assert_eq!(cols.into_iter().collect::<Vec<_>>(), vec![2, 3]);
    let last = |c: usize| text.iter().filter(|r| col(r) == c).map(|r| r.y).fold(f64::MIN, f64::max);
    let mut ys: Vec<f64> = text.iter().filter(|r| col(r) == 2).map(|r| r.y).collect();
    ys.dedup();
    let leading = ys[1] - ys[0];
    assert!((last(2) - last(3)).abs() <= leading + 1e-6, "columns end at {} and {}", last(2), last(3));
    let price = runs.iter().filter(|r| r.text().contains('€')).map(|r| r.y).fold(f64::MAX, f64::min);
    assert!(last(3) < price - leading * 0.5, "text at {} runs into the prices at {price}", last(3));
}

/// In PDF/X-1a (no transparency) a logo on a tinted message box is laid onto the tint: its
/// transparent corners print as the tint, not as a white rectangle. Rasterised in process.
#[test]
fn x1a_logos_on_tinted_boxes_are_flattened_onto_the_tint() {
    let (_tmp, dir) = common::copy_to_temp(&example());
    let toml = dir.join("issue.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[printer]\npdfx = \"PDF/X-1a:2001\"\n")).unwrap();
    let out = build(&dir, &BuildOptions::default()).unwrap();
    let pdf = std::fs::read(dir.join("out/issue.pdf")).unwrap();
    let dpi = 100.0;
    let k = dpi / 72.0;
    let mut seen = 0;
    for page in &out.document.pages {
        let logos: Vec<&maquette::frame::ImageItem> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Image(im) = i { Some(im) } else { None })
            .filter(|im| im.backdrop.is_some())
            .collect();
        if logos.is_empty() {
            continue;
        }
        let n = page.number;
        let img = &maquette::press::raster::rasterise_pages(&pdf, dpi, Some(&|p| p == n - 1)).unwrap()[n - 1];
        for logo in logos {
            let [x, y, _, h] = logo.frame;
            let px = |fx: f64, fy: f64| *img.get_pixel((fx * k) as u32, (fy * k) as u32);
            let corner = px(x + 1.5, y + 1.5);
            let beside = px(x - 2.0, y + h / 2.0);
            let near = corner.0.iter().zip(beside.0).all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 12);
            assert!(near, "page {n}: {} corner {corner:?}, tint beside it {beside:?}", logo.key);
            assert!(corner.0.iter().any(|&c| c < 240), "page {n}: a white corner on the tint: {corner:?}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "only {seen} logos on tints to judge");
}

/// A message fills its box: the white over its first line and under its last is each at most a
/// quarter of the box (its size, then the space between heading, logo and text, take the rest), so
/// no short text floats in the middle of a big box (centred as one block, the example's worst
/// left 28 %).
#[test]
fn each_message_spreads_over_its_box() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(&example(), &BuildOptions { out: Some(tmp.path().to_path_buf()), strict: false }).unwrap();
    let mut worst: f64 = 0.0;
    let mut seen = 0;
    for page in &out.document.pages {
        for (label, [x, y, w, h]) in message_boxes(page) {
            let runs: Vec<&maquette::frame::TextItem> = page
                .items
                .iter()
                .filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None })
                .filter(|r| r.x >= x && r.x <= x + w && r.y > y && r.y <= y + h)
                .collect();
            let top = runs.iter().map(|r| r.y - r.size * 0.75).fold(f64::MAX, f64::min);
            let bottom = runs.iter().map(|r| r.y + r.size * 0.25).fold(f64::MIN, f64::max);
            let share = (top - y).max(y + h - bottom) / h;
            assert!(share.is_finite(), "{label}: no text");
            worst = worst.max(share);
            seen += 1;
        }
    }
    assert!(seen >= 50, "{seen} messages");
    assert!(worst <= 0.25, "a message leaves {:.0} % of its box white at one end", worst * 100.0);
}

/// A raster of `rect` (points) of page `page` (from 1) of `pdf` at `dpi`.
fn crop(pdf: &[u8], page: usize, rect: [f64; 4], dpi: f64) -> image::RgbImage {
    let img = &maquette::press::raster::rasterise_pages(pdf, dpi, Some(&|p| p == page - 1)).unwrap()[page - 1];
    let k = dpi / 72.0;
    let [x, y, w, h] = rect.map(|v| (v * k).round() as u32);
    image::imageops::crop_imm(img, x, y, w.min(img.width() - x), h.min(img.height() - y)).to_image()
}

/// The promo box and a headline as they print, against golden low-resolution pictures
/// (`UPDATE_GOLDEN=1` rewrites them after a reviewed change).
#[test]
fn the_promo_box_and_a_headline_match_their_golden_pictures() {
    let body = "Chaque année, les vœux de mai rassemblent les messages de solidarité de nos lectrices \
        et de nos lecteurs. Écrivez à redaction@lutte-socialiste.example avant le 9 avril.";
    let prices = "prices = [{ format = \"1/16\", price = \"25 €\" }, { format = \"1/8\", price = \"45 €\" }]\n";
    let (_tmp, dir, out) = promo_box_with(body, prices, "col = 1\nspan = 5\ntop = 60\nheight = 30", |dir| {
        // A headline of several lines, balanced, never ending on one word.
        let une = dir.join("articles/une.md");
        common::edit(&une, "Un titre pour les essais", "Les délégués syndicaux préparent la grève du 24 juin");
    });
    let pdf = std::fs::read(dir.join("out/issue.pdf")).unwrap();
    let page = &out.document.pages[1];
    let promo = page.modules.iter().find(|m| m.label == "promo").expect("a promo box").rect;
    common::assert_golden(&crop(&pdf, 2, promo, 40.0), "promo-box.png");
    let first = &out.document.pages[0];
    let lead = first.modules.iter().find(|m| m.label == "une").expect("the lead").rect;
    let heads = [lead[0], lead[1], lead[2], lead[3].min(120.0)];
    common::assert_golden(&crop(&pdf, 1, heads, 60.0), "headline.png");
}

/// A square logo stands beside the text in a wide box (where it sets the text no smaller than
/// above it); a wide logo in the same box stays above the text, as a heading would.
#[test]
fn a_logo_stands_beside_or_above_the_text_by_its_shape() {
    for (file, width, beside) in [("carre.png", 400, true), ("large.png", 1000, false)] {
        let (_tmp, dir) = mini();
        let logo = image::RgbaImage::from_pixel(width, 400, image::Rgba([200, 30, 30, 255]));
        logo.save(dir.join("images").join(file)).unwrap();
        let text = "Nous serons au cortège du premier mai, avec nos banderoles et nos familles. ".repeat(6);
        with_messages(&dir, &format!("sender,text,format,logo\nSection,\"{text}\",1/2,{file}\n"), 0);
        let out = build(&dir, &BuildOptions::default()).unwrap();
        let page = &out.document.pages[1];
        let boxes = message_boxes(page);
        let [(label, [x, y, w, h])] = &boxes[..] else { panic!("one message on page 2") };
        let (x, y, w, h) = (*x, *y, *w, *h);
        let inside = |px: f64, py: f64| px >= x && px <= x + w && py >= y && py <= y + h;
        let logo = page
            .items
            .iter()
            .find_map(|i| match i {
                Item::Image(im) if inside(im.frame[0], im.frame[1]) => Some(im),
                _ => None,
            })
            .expect("the logo in its box");
        let [lx, ly, lw, lh] = logo.frame;
        // The text's runs: those under the heading's band, or beside the logo.
        let runs: Vec<&maquette::frame::TextItem> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None })
            .filter(|r| inside(r.x, r.y) && r.text().contains("cortège"))
            .collect();
        assert!(!runs.is_empty(), "{label}: no text");
        let text_left = runs.iter().map(|r| r.x).fold(f64::MAX, f64::min);
        let text_top = runs.iter().map(|r| r.y - r.size * 0.75).fold(f64::MAX, f64::min);
        let text_bottom = runs.iter().map(|r| r.y).fold(f64::MIN, f64::max);
        if beside {
            assert!(lx + lw <= text_left + 0.01, "{label}: square logo not left of the text");
            assert!(ly < text_bottom && ly + lh > text_top, "{label}: square logo not level with the text");
        } else {
            assert!(ly + lh <= text_top + 0.01, "{label}: wide logo not above the text");
        }
        let warnings = &out.document.report.warnings;
        assert!(warnings.iter().all(|w| !w.contains("does not fit")), "{warnings:?}");
    }
}
