//! Proof timings on the example issue: a full proof, then the rebuild `maquette watch` does after a
//! one-word body edit and after a headline edit.
//!
//! `cargo run --release --example proof_bench`

use maquette::layout::streams;
use maquette::proof::{ProofOptions, Session};
use std::path::Path;
use std::time::Instant;

fn main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ls-2026-05");
    let tmp = std::env::temp_dir().join(format!("maquette-proof-bench-{}", std::process::id()));
    copy(&src, &tmp);
    let watch = ProofOptions { contact: false, keep_previous: false, ..ProofOptions::default() };

    let start = Instant::now();
    let full = maquette::proof::proof(&tmp, &ProofOptions::default()).expect("proof");
    println!("full proof, 8 pages at 100 dpi: {} ms ({})", start.elapsed().as_millis(), full.timing_line());

    streams::keep_bodies();
    let mut session = Session::default();
    let first = session.proof(&tmp, &watch).expect("proof");
    println!("watch, first build: {}", first.timing_line());
    let article = tmp.join("articles/hopitaux.md");
    for (what, from, to) in [
        ("one-word body edit", "quand Céline", "quand Martine"),
        ("headline edit", "on ne soigne plus : on court", "on ne soigne plus : on galope"),
    ] {
        let text = std::fs::read_to_string(&article).expect("article");
        std::fs::write(&article, text.replacen(from, to, 1)).expect("write");
        let start = Instant::now();
        let out = session.proof(&tmp, &watch).expect("proof");
        println!(
            "watch, {what}: {} ms ({}), {} page(s) redrawn",
            start.elapsed().as_millis(),
            out.timing_line(),
            out.rendered
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn copy(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read dir").flatten() {
        let (from, to) = (e.path(), dst.join(e.file_name()));
        if e.file_name() == "out" {
            continue;
        }
        if from.is_dir() {
            copy(&from, &to);
        } else {
            std::fs::copy(&from, &to).expect("copy");
        }
    }
}
