//! Build-time benchmark: `cargo run --release --example bench`.
//!
//! Builds the example issue and, when ../shared is present, a 16-page issue generated from the
//! shared French corpus; prints wall time per phase, per build and per page, and the time preflight
//! takes on the whole-issue PDF (median of several runs).

use maquette::fonts::FontBook;
use maquette::layout::lay_out;
use maquette::model::Issue;
use maquette::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    bench("example ls-2026-05", &root.join("examples/ls-2026-05"));
    let shared = root.join("../shared/assets/text/fr_articles_debian_handbook.json");
    if shared.is_file() {
        let dir = corpus_issue(&shared);
        bench("16-page corpus issue", dir.path());
    } else {
        println!("corpus issue: skipped (../shared is absent)");
    }
}

/// Preflight of a PDF against the house printer profile, median of several runs.
fn bench_preflight(name: &str, pdf: &[u8]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let printer = maquette::printer::Printer::house(&maquette::model::layout_dirs(&root)).expect("printer");
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            maquette::preflight::check_bytes(pdf, &printer).expect("preflight");
            t.elapsed()
        })
        .collect();
    println!("{name}: preflight {:.1} ms for {} kB (median of {RUNS})", ms(median(times)), pdf.len() / 1024);
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, dir: &Path) {
    let out = tempfile::tempdir().expect("temp dir");
    let opts = BuildOptions { out: Some(out.path().to_path_buf()), strict: false };
    let (mut load, mut layout, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut pages = 0;
    let mut figures = String::new();
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let issue = Issue::load(dir).expect("issue loads");
        let t1 = Instant::now();
        let mut book = FontBook::new();
        let doc = lay_out(&issue, &mut book).expect("layout");
        let t2 = Instant::now();
        load.push(t1 - t0);
        layout.push(t2 - t1);
        pages = doc.pages.len();
        figures = doc.report.issue_figures().line();
        let t3 = Instant::now();
        build(dir, &opts).expect("build");
        total.push(t3.elapsed());
    }
    let pdf = std::fs::read(out.path().join("issue.pdf")).expect("issue.pdf");
    bench_preflight(name, &pdf);
    let total = median(total);
    println!(
        "{name}: {pages} pages, full build {:.1} ms ({:.1} ms/page); load {:.1} ms, layout {:.1} ms (median of {RUNS})",
        ms(total),
        ms(total) / pages as f64,
        ms(median(load)),
        ms(median(layout)),
    );
    // The texture figures (docs/typography.md quotes them for both issues).
    println!("{name}: {figures}");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Writes a 16-page issue from the corpus: two articles per page, each in a half-page module.
fn corpus_issue(json: &Path) -> tempfile::TempDir {
    let text = std::fs::read_to_string(json).expect("corpus");
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("corpus json");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    let mut toml = String::from(
        "title = \"Lutte Socialiste\"\nnumber = 999\ndate = 2026-06-01\nprice = \"2 €\"\ntemplate = \"tabloid\"\n",
    );
    for page in 0..16 {
        let variant = if page == 0 { "front" } else { "inside" };
        toml += &format!("\n[[pages]]\nvariant = \"{variant}\"\n");
        let top0 = if page == 0 { 14 } else { 0 };
        let half = (105 - top0) / 2;
        for k in 0..2 {
            let i = page * 2 + k;
            let item = &items[i % items.len()];
            let title = item["title"].as_str().unwrap_or("Article").replace('"', "'");
            let body = item["text"].as_str().unwrap_or("");
            let slug = format!("a{i:02}");
            let md = format!("+++\nheadline = \"{}\"\n+++\n{body}\n", title.chars().take(60).collect::<String>());
            std::fs::write(root.join("articles").join(format!("{slug}.md")), md).unwrap();
            let top = top0 + k * (half + 1);
            toml += &format!(
                "\n[[pages.modules]]\narticle = \"{slug}\"\ncol = 1\nspan = 5\ntop = {top}\nheight = {}\n",
                half - 1
            );
        }
    }
    std::fs::write(root.join("issue.toml"), toml).unwrap();
    // The issue is outside the repository: point the template search at ours.
    std::fs::create_dir_all(root.join("layouts")).unwrap();
    let layouts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("layouts/tabloid.toml");
    let fonts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let t = std::fs::read_to_string(layouts).unwrap();
    std::fs::write(root.join("layouts/tabloid.toml"), t).unwrap();
    std::os::unix::fs::symlink(fonts, root.join("fonts")).unwrap();
    dir
}
