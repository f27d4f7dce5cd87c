//! A fixed-seed slice of the fuzz harness (tests/common/fuzz.rs): mutated small issues run
//! through load, layout and the PDF writer in process, with no panic, no hang, and every PDF a
//! build reports readable by hayro and qpdf. `cargo run --release --example fuzz -- N` runs N cases.

mod common;
#[path = "common/fuzz.rs"]
mod fuzz;

#[test]
fn mutated_issues_never_panic_hang_or_write_an_unreadable_pdf() {
    // 60 cases, ten of each class: about a minute in a debug build.
    let qpdf = common::tool("qpdf");
    let run = fuzz::run(&common::root(), 1, 60, qpdf);
    println!("{}", fuzz::summary(&run));
    assert!(run.failures.is_empty(), "{}", run.failures.join("\n"));
    let cases: usize = run.tallies.iter().map(|t| t.cases).sum();
    let writer: usize = run.tallies.iter().map(|t| t.writer).sum();
    assert_eq!(cases, 60);
    assert!(writer * 3 >= cases, "only {writer} of {cases} cases reached the PDF writer");
}
