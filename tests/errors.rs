//! Bad input gives a clear message naming the file (and line), a non-zero exit, and no panic; an
//! earlier good output is left untouched.

mod common;

use common::{copy_to_temp, edit, mini, root};
use maquette::{BuildOptions, build};
use std::path::Path;
use std::process::Command;

fn fails(dir: &Path) -> maquette::Error {
    build(dir, &BuildOptions::default()).expect_err("the build should fail")
}

fn file_name(e: &maquette::Error) -> String {
    e.file.as_ref().and_then(|f| f.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn the_fixture_builds() {
    let (_tmp, dir) = mini();
    let out = build(&dir, &BuildOptions::default()).expect("fixture builds");
    assert_eq!(out.document.pages.len(), 2);
}

#[test]
fn broken_toml_names_file_and_line() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "price = \"2 €\"", "price = \"2 €");
    let e = fails(&dir);
    assert_eq!(file_name(&e), "issue.toml");
    assert_eq!(e.line, Some(5), "{e}");
}

#[test]
fn unknown_front_matter_key_suggests_the_closest() {
    let (_tmp, dir) = mini();
    edit(&dir.join("articles/une.md"), "byline =", "bylin =");
    let e = fails(&dir);
    assert_eq!(file_name(&e), "une.md");
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("bylin"), "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `byline`?"));
}

#[test]
fn missing_article_names_the_module_line() {
    let (_tmp, dir) = mini();
    std::fs::remove_file(dir.join("articles/breve.md")).unwrap();
    let e = fails(&dir);
    assert_eq!(file_name(&e), "issue.toml");
    assert_eq!(e.line, Some(18), "{e}");
    assert!(e.message.contains("breve"), "{e}");
}

#[test]
fn missing_image_names_the_article_line() {
    let (_tmp, dir) = mini();
    std::fs::remove_file(dir.join("images/champ.jpg")).unwrap();
    let e = fails(&dir);
    assert_eq!(file_name(&e), "une.md");
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.message.contains("champ.jpg"), "{e}");
}

#[test]
fn corrupt_images_are_reported() {
    for bad in ["corrupt_not_an_image.jpg", "corrupt_truncated.jpg"] {
        let (_tmp, dir) = mini();
        edit(&dir.join("articles/une.md"), "champ.jpg", bad);
        let e = fails(&dir);
        assert_eq!(file_name(&e), bad);
        assert!(e.message.contains("corrupt image"), "{e}");
    }
}

#[test]
fn unknown_template_lists_the_known_ones() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "template = \"tabloid\"", "template = \"tabloide\"");
    let e = fails(&dir);
    assert_eq!(file_name(&e), "issue.toml");
    assert_eq!(e.line, Some(6), "{e}");
    let help = e.help.as_deref().unwrap_or("");
    assert!(help.contains("did you mean `tabloid`") && help.contains("a4"), "{e:?}");
    // The printer profile and the ICC folder live in layouts/ too but are not templates.
    assert!(!help.contains("printer") && !help.contains("icc"), "{e:?}");
}

#[test]
fn module_outside_the_grid() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "col = 4\nspan = 2", "col = 5\nspan = 2");
    let e = fails(&dir);
    assert_eq!(e.line, Some(18), "{e}");
    assert!(e.message.contains("outside the grid"), "{e}");
}

#[test]
fn overlapping_modules() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "col = 4\nspan = 2", "col = 3\nspan = 2");
    let e = fails(&dir);
    assert_eq!(e.line, Some(18), "{e}");
    assert!(e.message.contains("overlaps the module defined at line 11"), "{e}");
}

#[test]
fn a_failed_build_leaves_the_earlier_output_untouched() {
    let (_tmp, dir) = mini();
    build(&dir, &BuildOptions::default()).unwrap();
    let pdf = dir.join("out/issue.pdf");
    let before = std::fs::read(&pdf).unwrap();
    edit(&dir.join("articles/une.md"), "champ.jpg", "corrupt_truncated.jpg");
    fails(&dir);
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("out")).unwrap().filter_map(|e| e.ok()).collect();
    assert!(leftovers.iter().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")));
}

/// A strict build stopped by the preflight, after every page file was made, leaves the print
/// folder as the build before left it: no new page, no temporary file.
#[test]
fn a_build_stopped_after_its_page_files_leaves_the_print_folder_as_it_was() {
    let (_tmp, dir) = copy_to_temp(&root().join("examples/ls-2026-05"));
    build(&dir, &BuildOptions { out: None, strict: true }).unwrap();
    let print = dir.join("out/print");
    // Each file's name and a hash of its bytes.
    let files = |dir: &Path| {
        use std::hash::{Hash, Hasher};
        let hash = |bytes: Vec<u8>| {
            let mut h = std::hash::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        };
        let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), hash(std::fs::read(e.path()).unwrap())))
            .collect();
        v.sort();
        v
    };
    let before = files(&print);
    assert!(!before.is_empty());
    // Body type under the printer's least size: the written file fails its preflight.
    let toml = dir.join("issue.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[printer]\nmin_type_solid = 30\n")).unwrap();
    let e = build(&dir, &BuildOptions { out: None, strict: true }).expect_err("preflight stops it");
    assert!(e.message.contains("preflight found"), "{e}");
    assert_eq!(files(&print), before);
}

#[test]
fn the_cli_exits_non_zero_with_the_file_name_and_no_panic() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "template = \"tabloid\"", "template = \"nope\"");
    let out = Command::new(env!("CARGO_BIN_EXE_maquette")).arg("build").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("issue.toml:6"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_promo_module_without_promo_text_is_an_error() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "article = \"breve\"\ncol = 4", "kind = \"promo\"\ncol = 4");
    let e = fails(&dir);
    assert_eq!(e.line, Some(18), "{e}");
    assert!(e.message.contains("[promo]"), "{e}");
}

#[test]
fn a_file_pattern_without_page_number_is_an_error() {
    let (_tmp, dir) = mini();
    edit(&dir.join("issue.toml"), "template = \"tabloid\"", "template = \"tabloid\"\nfile_pattern = \"LS.pdf\"");
    let e = fails(&dir);
    assert_eq!(e.line, Some(7), "{e}");
}

#[test]
fn a_page_file_pattern_cannot_leave_the_print_folder() {
    for pattern in ["../x-{NN}.pdf", "/tmp/x-{NN}.pdf", "print/x-{NN}.pdf", "x\u{0}-{NN}.pdf"] {
        let (_tmp, dir) = mini();
        let escaped = pattern.replace('\u{0}', "\\u0000");
        edit(&dir.join("issue.toml"), "price = \"2 €\"", &format!("price = \"2 €\"\nfile_pattern = \"{escaped}\""));
        let e = fails(&dir);
        assert_eq!(file_name(&e), "issue.toml", "{pattern}: {e}");
        assert_eq!(e.line, Some(6), "{pattern}: {e}");
        assert!(e.to_string().contains("plain file name"), "{pattern}: {e}");
    }
}

/// The build removes the page files it wrote before and does not write again (here, under an
/// earlier file pattern), and nothing else: a file put in the print folder by hand stays.
#[test]
fn page_files_of_an_earlier_build_are_removed_and_nothing_else() {
    let (_tmp, dir) = mini();
    let out = dir.join("out");
    let first = build(&dir, &BuildOptions { out: Some(out.clone()), strict: false }).unwrap();
    let print = out.join("print");
    let old: Vec<String> =
        first.files.iter().filter(|p| p.parent() == Some(print.as_path())).map(|p| name(p)).collect();
    assert_eq!(old.len(), 2, "{old:?}");
    std::fs::write(print.join("bat-imprimeur.pdf"), b"%PDF-1.4 the printer's proof").unwrap();
    std::fs::write(print.join("notes.txt"), b"kept").unwrap();
    edit(&dir.join("issue.toml"), "template = \"tabloid\"", "template = \"tabloid\"\nfile_pattern = \"LS-{NN}.pdf\"");
    let outcome = build(&dir, &BuildOptions { out: Some(out.clone()), strict: false }).unwrap();
    let mut removed = old.clone();
    removed.sort();
    assert_eq!(outcome.removed, removed, "the pages under the old pattern");
    assert!(old.iter().all(|n| !print.join(n).exists()), "an earlier page file stays beside the new ones");
    assert!(print.join("bat-imprimeur.pdf").exists(), "a PDF the build did not write is removed");
    assert!(print.join("notes.txt").exists());
    assert!(print.join("LS-01.pdf").exists() && print.join("LS-02.pdf").exists());
}

fn name(p: &std::path::Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_photo_declaring_a_huge_picture_is_refused_before_decoding() {
    let (_tmp, dir) = mini();
    let path = dir.join("images/champ.jpg");
    let mut bytes = std::fs::read(&path).unwrap();
    // The frame header (SOF0 or SOF2): FF Cx, length, precision, height, width.
    let sof = bytes.windows(2).position(|w| w[0] == 0xFF && matches!(w[1], 0xC0 | 0xC2)).expect("a frame header");
    bytes[sof + 5..sof + 9].copy_from_slice(&[0x3E, 0x80, 0x3E, 0x80]);
    std::fs::write(&path, bytes).unwrap();
    let e = fails(&dir);
    assert_eq!(file_name(&e), "champ.jpg", "{e}");
    assert!(e.message.contains("16000 × 16000"), "{e}");
}

/// The text with é written as Windows-1252 does (0xE9) and every other character kept if ASCII.
fn as_windows_1252(text: &str) -> Vec<u8> {
    text.chars().filter_map(|c| if c == 'é' { Some(0xE9) } else { c.is_ascii().then_some(c as u8) }).collect()
}

#[test]
fn an_article_saved_as_windows_1252_is_read_with_a_warning() {
    let (_tmp, dir) = mini();
    let path = dir.join("articles/une.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, as_windows_1252(&text)).unwrap();
    let out = build(&dir, &BuildOptions::default()).expect("builds");
    let warning = out.document.report.warnings.iter().find(|w| w.contains("une.md")).expect("a warning names the file");
    assert!(warning.contains("windows-1252") && warning.contains("UTF-8"), "{warning}");
    let printed: String = out
        .document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            maquette::frame::Item::Text(t) => Some(t.text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(printed.contains('é') && !printed.contains('\u{fffd}'), "the accents are printed: {printed}");
}

#[test]
fn a_settings_file_saved_as_windows_1252_names_the_line_and_says_how_to_fix_it() {
    let (_tmp, dir) = mini();
    let path = dir.join("issue.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!("{text}\n# Numéro de mai\n");
    let at = text.lines().position(|l| l.contains('é')).expect("an accent") + 1;
    std::fs::write(&path, as_windows_1252(&text)).unwrap();
    let e = fails(&dir);
    assert_eq!(file_name(&e), "issue.toml");
    assert_eq!(e.line, Some(at), "{e}");
    assert!(e.message.contains("not UTF-8") && e.help.as_deref().is_some_and(|h| h.contains("UTF-8")), "{e:?}");
}

#[test]
fn a_device_named_as_an_article_is_refused_not_read() {
    let (_tmp, dir) = mini();
    let path = dir.join("articles/une.md");
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    let e = fails(&dir);
    assert_eq!(file_name(&e), "une.md");
    assert!(e.message.contains("not a regular file"), "{e:?}");
}

#[test]
fn numbers_that_are_not_sizes_are_refused_where_they_are_read() {
    // (file under the issue folder, text replaced, replacement, what the message names)
    let cases = [
        ("layouts/tabloid.toml", "size = 38\n", "size = nan\n", "size"),
        ("layouts/tabloid.toml", "size = 38\n", "size = -4\n", "size"),
        ("layouts/tabloid.toml", "baseline = ", "baseline = -", "baseline"),
        ("layouts/tabloid.toml", "step = ", "step = 0 #", "step"),
        ("layouts/tabloid.toml", "headline_sizes = [", "headline_sizes = [0, ", "headline_sizes"),
        ("layouts/tabloid.toml", "weight = 0.5\n", "weight = nan\n", "[rules] weight"),
        ("layouts/tabloid.toml", "rule = [0, 0, 0, 100]", "rule = [0, 0, 0, 1e9]", "colour `rule`"),
    ];
    for (file, from, to, names) in cases {
        let (_tmp, dir) = mini();
        let layouts = dir.join("layouts");
        std::fs::create_dir_all(&layouts).unwrap();
        let text = std::fs::read_to_string(common::root().join("layouts/tabloid.toml")).unwrap();
        assert!(text.contains(from), "the template has no `{from}`");
        std::fs::write(dir.join(file), text.replacen(from, to, 1)).unwrap();
        std::os::unix::fs::symlink(common::root().join("fonts"), dir.join("fonts")).ok();
        let e = fails(&dir);
        assert_eq!(file_name(&e), "tabloid.toml", "{to}: {e}");
        assert!(e.message.contains(names), "{to}: {e}");
    }
}

#[test]
fn a_build_into_a_folder_another_command_holds_is_refused_and_the_output_kept() {
    let (_tmp, dir) = mini();
    maquette::build(&dir, &maquette::BuildOptions::default()).unwrap();
    let pdf = std::fs::read(dir.join("out/issue.pdf")).unwrap();
    let held = maquette::files::lock_out(&dir.join("out")).unwrap();
    let e = fails(&dir);
    assert!(e.message.contains("another maquette command"), "{e}");
    assert_eq!(std::fs::read(dir.join("out/issue.pdf")).unwrap(), pdf, "the earlier output is untouched");
    drop(held);
    maquette::build(&dir, &maquette::BuildOptions::default()).unwrap();
}
