//! Reader-message benchmark: `cargo run --release --example bench_messages`.
//!
//! Prints the time to pack 100 messages of mixed formats onto 4 tabloid pages (the packer alone),
//! and the time the example issue's messages add to its layout (packing, fitting each text to its
//! box by binary search on the size, drawing); medians of several runs.

use maquette::fonts::FontBook;
use maquette::layout::lay_out;
use maquette::layout::pack::{Grid, Piece, pack};
use maquette::model::Issue;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const RUNS: usize = 21;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let issue = Issue::load(&root.join("examples/ls-2026-05")).expect("example loads");
    let fmt = issue.template.messages.clone().expect("tabloid has message formats");
    let (cols, lines) = (issue.template.columns, issue.template.grid_lines());

    // 100 messages, mostly small as the list usually is, filling 137 of the 140 1/32 slots of 4 pages.
    let mix = [("1/4", 1), ("1/8", 5), ("1/16", 14), ("1/32", 80)];
    let mut pieces = Vec::new();
    for (name, n) in mix {
        let f = fmt.formats[name];
        pieces.extend(std::iter::repeat_n(Piece { span: f.span, lines: f.lines }, n));
    }
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..RUNS {
        let grids = vec![Grid::new(cols, lines); 4];
        let t = Instant::now();
        let p = pack(grids, &pieces, fmt.gap);
        times.push(t.elapsed());
        result = Some(p);
    }
    let p = result.unwrap();
    let free: usize = p.grids.iter().flat_map(|g| g.free_rects()).map(|c| c.area()).sum();
    println!(
        "packing {} messages on 4 pages: {:.3} ms (median of {RUNS}); {} placed, {} more pages needed, {:.1} % of the grid free",
        pieces.len(),
        ms(median(times)),
        p.placed.len(),
        p.extra_pages,
        100.0 * free as f64 / (4 * cols * lines) as f64
    );

    let n = issue.messages.as_ref().map_or(0, |m| m.list.len());
    let mut bare = Issue::load(&root.join("examples/ls-2026-05")).expect("example loads");
    bare.messages = None;
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        with.push(time_layout(&issue));
        without.push(time_layout(&bare));
    }
    let (w, wo) = (ms(median(with)), ms(median(without)));
    println!(
        "example layout: {w:.1} ms with its {n} messages, {wo:.1} ms without: {:.1} ms for the messages ({:.2} ms each: packing, size search, drawing)",
        w - wo,
        (w - wo) / n.max(1) as f64
    );
}

fn time_layout(issue: &Issue) -> Duration {
    let mut book = FontBook::new();
    let t = Instant::now();
    lay_out(issue, &mut book).expect("layout");
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
