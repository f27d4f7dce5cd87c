//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (skipping `out/`) into a fresh temporary folder and returns it.
pub fn copy_to_temp(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dst = tmp.path().join(src.file_name().unwrap());
    copy_dir(src, &dst);
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "out") {
            continue;
        }
        let target = dst.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The small two-page fixture, copied.
pub fn mini() -> (tempfile::TempDir, PathBuf) {
    copy_to_temp(&root().join("tests/fixtures/mini"))
}

/// Whether an outside program is on PATH. When it is missing, tests that need it skip with a message
/// — unless `MAQUETTE_REQUIRE_TOOLS` is set (as CI does), when they fail.
pub fn tool(name: &str) -> bool {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("MAQUETTE_REQUIRE_TOOLS").is_some() {
            panic!("{name} is required (MAQUETTE_REQUIRE_TOOLS is set) but not installed");
        }
        eprintln!("SKIPPED: {name} is not installed");
    }
    found
}

/// Replaces `from` by `to` in a file, checking that `from` was there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Letters and digits only, lower case, hyphens dropped, digit groups joined and superior letters
/// read as letters, so « 12 000 » and "12000", « 1ᵉʳ » and "1er", or a word hyphenated across
/// lines and the word typed whole, compare equal.
pub fn tokens(text: &str) -> Vec<String> {
    let text = text.replace("-\n", "").replace(['-', '\u{2010}', '\u{00AD}'], "");
    let plain = |c: char| match c {
        '\u{1D49}' => 'e',
        '\u{2B3}' => 'r',
        '\u{2E2}' => 's',
        '\u{207F}' => 'n',
        '\u{1D48}' => 'd',
        // Subscript and superior figures of formulas and units (CO₂, m²).
        '\u{2080}'..='\u{2089}' => char::from_u32(c as u32 - 0x2080 + '0' as u32).unwrap_or(c),
        '²' => '2',
        '³' => '3',
        _ => c,
    };
    let chars: Vec<char> = text.chars().map(plain).collect();
    let mut joined = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit()
            && matches!(c, '\u{202F}' | '\u{00A0}' | ' ');
        if !between_digits {
            joined.push(c);
        }
    }
    joined.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

pub mod pages;
pub mod plates;

/// Compares a raster with a golden PNG: same size, and fewer than 0.5 % of pixels off by more than a
/// little (rasterisers round antialiasing differently between versions). `UPDATE_GOLDEN=1` rewrites it.
pub fn assert_golden(img: &image::RgbImage, name: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        img.save(&path).unwrap();
        return;
    }
    let golden = image::open(&path).unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    let golden = golden.to_rgb8();
    assert_eq!(golden.dimensions(), img.dimensions(), "{name}: size differs from the golden image");
    let off = img.pixels().zip(golden.pixels()).filter(|(a, b)| a.0.iter().zip(b.0).any(|(u, v)| u.abs_diff(v) > 40));
    let off = off.count();
    let limit = (img.width() * img.height()) as usize / 200;
    assert!(
        off <= limit,
        "{name}: {off} pixels differ from the golden image (limit {limit}); UPDATE_GOLDEN=1 rewrites it"
    );
}
