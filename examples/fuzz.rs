//! The fuzz harness run long: `cargo run --release --example fuzz -- [CASES] [FIRST_SEED]`
//! (default 10,000 cases from seed 1). Prints per mutation class how many cases reached the layout
//! and the PDF writer, and every failure (a panic, or a PDF another reader refuses) with its seed,
//! so that `tests/fuzzing.rs` can replay it. A case that runs 30 s aborts the run, named.

#[path = "../tests/common/fuzz.rs"]
mod fuzz;

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let cases = args.first().copied().unwrap_or(10_000);
    let first = args.get(1).copied().unwrap_or(1);
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let qpdf = std::process::Command::new("qpdf").arg("--version").output().is_ok();
    let start = std::time::Instant::now();
    let run = fuzz::run(&root, first, cases, qpdf);
    print!("{}", fuzz::summary(&run));
    println!(
        "{} failures in {cases} cases ({:.0} s){}",
        run.failures.len(),
        start.elapsed().as_secs_f64(),
        if qpdf { "" } else { "; qpdf absent" }
    );
    for f in &run.failures {
        println!("  {f}");
    }
    if !run.failures.is_empty() {
        std::process::exit(1);
    }
}
