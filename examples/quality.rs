//! Typesetting quality with each refinement on and off: `cargo run --release --example quality`.
//!
//! Sets the shared French corpus (79 texts, when ../shared is present) at the tabloid body measure
//! and prints the figures docs/typography.md quotes. `-- --example` sets the example issue's
//! article bodies instead; `-- --worst` lists the loosest lines, with the lines around them;
//! `-- --measure 49.8` sets at another measure (millimetres); `-- --text FILE` sets one plain text
//! file instead of the corpus, to look at one paragraph with `--worst`; `-- --bounds` prints the
//! least loose share and spread of spaces any breaking of the texts allows (text::breaker::bound);
//! `-- --sweep` sets the texts with a range of charges for tight and letter-spaced lines.

use maquette::layout::measure::{Variant, bound_graphs, figures, set_texts, variants};
use maquette::model::Template;
use maquette::model::hyphenation::{Hyphenation, Microtype};
use maquette::text::quality::{Figures, LOOSE};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut t = Template::load(&root.join("layouts/tabloid.toml")).expect("template");
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--measure MM` widens or narrows the columns (by the side margins), to compare with figures
    // measured at another measure, such as pdfTeX's at 49.8 mm.
    if let Some(mm) = args.iter().position(|a| a == "--measure").and_then(|i| args.get(i + 1)) {
        let mm: f64 = mm.parse().expect("--measure takes millimetres");
        let extra = (t.column_width() - maquette::units::mm(mm)) * t.columns as f64 / 2.0;
        t.margins[2] += extra;
        t.margins[3] += extra;
    }
    // `--text FILE` sets one plain text file, paragraphs separated by blank lines.
    if let Some(f) = args.iter().position(|a| a == "--text").and_then(|i| args.get(i + 1)) {
        let text = std::fs::read_to_string(f).expect("--text takes a readable file");
        return report(&t, f, &[text.as_str()], &args);
    }
    if args.iter().any(|a| a == "--example") {
        let bodies = example_bodies(&root.join("examples/ls-2026-05/articles"));
        let texts: Vec<&str> = bodies.iter().map(String::as_str).collect();
        return report(&t, "example article bodies", &texts, &args);
    }
    // ../shared beside the repository, or wherever MAQUETTE_SHARED points (e.g. from a worktree).
    let shared = std::env::var_os("MAQUETTE_SHARED").map_or(root.join("../shared"), PathBuf::from);
    let corpus = shared.join("assets/text/fr_articles_debian_handbook.json");
    let Ok(json) = std::fs::read_to_string(&corpus) else {
        println!("corpus: SKIPPED (../shared is absent)");
        return;
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("corpus json");
    let texts: Vec<&str> = items.iter().filter_map(|i| i["text"].as_str()).collect();
    report(&t, "corpus", &texts, &args);
}

/// The figures of each variant, or with `--worst` the loosest lines in their context.
fn report(t: &Template, name: &str, texts: &[&str], args: &[String]) {
    println!("{name}: {} texts at {:.1} pt", texts.len(), t.column_width());
    if args.iter().any(|a| a == "--worst") {
        return worst(t, texts);
    }
    if args.iter().any(|a| a == "--bounds") {
        return bounds(t, texts);
    }
    if args.iter().any(|a| a == "--histogram") {
        return histogram(t, texts);
    }
    if args.iter().any(|a| a == "--sweep") {
        return sweep(t, texts);
    }
    for (name, m) in variants() {
        let f = figures(t, texts, &Variant::with(m)).expect("figures");
        println!("  {name:<22} {}", f.line());
    }
}

/// Body paragraphs of the example's articles, without front matter, headings or quotes: what
/// `--example --worst` looks at when a change moves the example's figures.
fn example_bodies(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).expect("articles").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let s = std::fs::read_to_string(f).expect("article");
            let body = s.splitn(3, "+++").nth(2).unwrap_or("");
            body.lines().filter(|l| !l.starts_with('#') && !l.starts_with('>')).collect::<Vec<_>>().join("\n")
        })
        .collect()
}

/// The body setting with the charges for a tight line (`tight_demerits`) and a letter-spaced one
/// (`letter_demerits`) swept: what each pair trades between tight, letter-spaced and loose lines
/// and hyphens (docs/typography.md has the table).
fn sweep(t: &Template, texts: &[&str]) {
    for (tight, letters) in [(0.0, 0.0), (1e6, 0.0), (3e6, 0.0), (0.0, 1e6), (1e6, 1e6), (1e6, 1e7)] {
        let mut v = Variant::with(Microtype::default());
        v.setting.params.tight_demerits = tight;
        v.setting.params.letter_demerits = letters;
        let f = figures(t, texts, &v).expect("figures");
        let share = |n: usize| 100.0 * n as f64 / f.justified.max(1) as f64;
        println!(
            "  tight {tight:>5.0e} letters {letters:>5.0e}: tight {:.1} %, letter-spaced {:.1} % | {}",
            share(f.tight),
            share(f.letterspaced),
            f.line()
        );
    }
}

/// The 40 loosest lines with the lines around them, and where loose lines sit.
fn worst(t: &Template, texts: &[&str]) {
    let sets = set_texts(t, texts, &Variant::with(Microtype::default()), &Hyphenation::default()).expect("set");
    let lines: Vec<_> = sets.iter().flatten().collect();
    let loose = |i: usize| lines[i].space_ratio.is_some_and(|r| r > LOOSE + 1e-9);
    let all: Vec<usize> = (0..lines.len()).filter(|&i| loose(i)).collect();
    let first = all.iter().filter(|&&i| i == 0 || lines[i - 1].last).count();
    println!("loose lines: {}, of which a paragraph's first: {first}", all.len());
    let mut by_ratio = all.clone();
    by_ratio.sort_by(|&a, &b| lines[b].space_ratio.unwrap_or(0.0).total_cmp(&lines[a].space_ratio.unwrap_or(0.0)));
    for &i in by_ratio.iter().take(40) {
        let around = |k: Option<usize>| k.and_then(|k| lines.get(k)).map_or("", |l| l.text.as_str());
        println!("{:6.2} track {:+.3} pt", lines[i].space_ratio.unwrap_or(0.0), lines[i].track);
        println!("         {}\n       > {}\n         {}", around(i.checked_sub(1)), lines[i].text, around(Some(i + 1)));
    }
}

/// How the space ratios of justified lines spread, in bins of 0.1, and what the loose tail adds to
/// the standard deviation.
fn histogram(t: &Template, texts: &[&str]) {
    let sets = set_texts(t, texts, &Variant::with(Microtype::default()), &Hyphenation::default()).expect("set");
    let ratios: Vec<f64> = sets.iter().flatten().filter_map(|l| l.space_ratio).collect();
    let stats = |r: &[f64]| {
        let mut f = Figures::default();
        f.set_ratios(r);
        f
    };
    let all = stats(&ratios);
    let band: Vec<f64> = ratios.iter().copied().filter(|&r| r <= LOOSE + 1e-9).collect();
    println!(
        "justified lines {}, sd {:.3}; without loose lines {}, sd {:.3}",
        ratios.len(),
        all.sd,
        band.len(),
        stats(&band).sd
    );
    let variance = all.sd.powi(2) * ratios.len() as f64;
    let mut bins = std::collections::BTreeMap::new();
    for r in &ratios {
        let bin = bins.entry(((r * 10.0).floor() as i64).min(40)).or_insert((0usize, 0.0));
        bin.0 += 1;
        bin.1 += (r - all.mean).powi(2);
    }
    println!("  ratio  lines  share of the variance");
    for (b, (n, sum)) in bins {
        println!(
            "  {:4.1}  {:6}  {:5.1} %  {}",
            b as f64 / 10.0,
            n,
            100.0 * sum / variance,
            "#".repeat((n * 200 / ratios.len()).max(1))
        );
    }
}

/// Lower bounds over every legal breaking (text::breaker::bound): the fewest loose lines, and the
/// least spread of spaces with at most 5 % (and at most the engine's share) of lines loose; with
/// later paragraphs indented by an em as the engine sets them, and with no indent.
fn bounds(t: &Template, texts: &[&str]) {
    use maquette::text::breaker::bound::{Edge, least_loose_share, least_share, least_spread};
    let start = std::time::Instant::now();
    let v = Variant::with(Microtype::default());
    let set = figures(t, texts, &v).expect("figures");
    let share = |n: usize| 100.0 * n as f64 / set.justified.max(1) as f64;
    println!(
        "as set: loose {:.2} %, sd {:.3}, tight {:.2} %, letter-spaced {:.2} % (of justified lines)",
        set.loose_pct(),
        set.sd,
        share(set.tight),
        share(set.letterspaced)
    );
    for (name, indent) in [("indent 1 em", 1.0), ("no indent", 0.0)] {
        let graphs = bound_graphs(t, texts, &v, indent).expect("graphs");
        let edges: usize = graphs.iter().map(|g| g.len()).sum();
        let loose = least_loose_share(&graphs).expect("a breaking");
        println!("{name}: {} paragraphs, {edges} possible lines", graphs.len());
        println!("  fewest loose lines any breaking allows: {:.2} %", 100.0 * loose);
        let least = |which: fn(&Edge) -> bool| 100.0 * least_share(&graphs, which).expect("a breaking");
        println!("  fewest letter-spaced lines: {:.2} %", least(|e| e.letters));
        println!("  fewest lines letter-spaced or loose: {:.2} %", least(|e| e.letters || e.loose()));
        println!("  fewest tight lines: {:.2} %", least(Edge::tight));
        for a in [0.05, set.loose_pct() / 100.0] {
            let sd = least_spread(&graphs, a, 0.01).expect("a breaking");
            println!("  least sd with loose <= {:.1} %: {sd:.3}", 100.0 * a);
        }
    }
    println!("{:.1} s", start.elapsed().as_secs_f64());
}
