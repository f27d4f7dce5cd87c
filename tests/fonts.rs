//! Any TrueType or OpenType-CFF font a template names works, not only the shipped ones.

mod common;

use common::{mini, tool};
use maquette::{BuildOptions, build};
use std::process::Command;

#[test]
fn an_otf_cff_font_is_shaped_and_embedded() {
    let (tmp, dir) = mini();
    let layouts = tmp.path().join("layouts");
    let fonts = tmp.path().join("fonts");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::create_dir_all(&fonts).unwrap();
    for entry in std::fs::read_dir(common::root().join("fonts")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, fonts.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(common::root().join("tests/fixtures/fonts/SourceSans3-It.otf"), fonts.join("SourceSans3-It.otf"))
        .unwrap();
    let t = std::fs::read_to_string(common::root().join("layouts/tabloid.toml")).unwrap();
    let t = t.replace("font = \"SourceSerif4SmText-Regular.ttf\"", "font = \"SourceSans3-It.otf\"");
    std::fs::write(layouts.join("tabloid.toml"), t).unwrap();
    let out = build(&dir, &BuildOptions::default()).expect("builds with an OTF body font");
    assert!(out.document.report.warnings.is_empty(), "{:?}", out.document.report.warnings);
    if !tool("pdffonts") {
        return;
    }
    let listing = Command::new("pdffonts").arg(dir.join("out/issue.pdf")).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    let row = listing.lines().find(|l| l.contains("SourceSans3-It")).expect("the OTF font is in the PDF");
    assert!(row.contains("CID Type 0C"), "{row}");
    let text = Command::new("pdftotext").arg(dir.join("out/issue.pdf")).arg("-").output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("augmentation"), "text extractable from the CFF font");
}
