//! Typesetting quality with each refinement on and off: `cargo run --release --example quality`.
//!
//! Sets the shared French corpus (79 texts, when ../shared is present) at the tabloid body measure
//! and prints the figures docs/typography.md quotes; then builds the example issue likewise.

use maquette::layout::measure::{Variant, figures};
use maquette::model::Template;
use maquette::model::hyphenation::Microtype;
use std::path::PathBuf;

fn variants() -> Vec<(&'static str, Variant)> {
    let all = Microtype::default();
    let none = Microtype { protrusion: false, expansion: 0.0, letterspace: 0.0 };
    vec![
        ("none", Variant::with(none.clone())),
        ("protrusion", Variant::with(Microtype { protrusion: true, ..none.clone() })),
        ("expansion", Variant::with(Microtype { expansion: all.expansion, ..none.clone() })),
        ("protrusion+expansion (default)", Variant::with(all.clone())),
        ("all + letter-spacing", Variant::with(Microtype { letterspace: 0.03, ..all })),
    ]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let t = Template::load(&root.join("layouts/tabloid.toml")).expect("template");
    // ../shared beside the repository, or wherever MAQUETTE_SHARED points (e.g. from a worktree).
    let shared = std::env::var_os("MAQUETTE_SHARED").map_or(root.join("../shared"), PathBuf::from);
    let corpus = shared.join("assets/text/fr_articles_debian_handbook.json");
    let Ok(json) = std::fs::read_to_string(&corpus) else {
        println!("corpus: SKIPPED (../shared is absent)");
        return;
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("corpus json");
    let texts: Vec<&str> = items.iter().filter_map(|i| i["text"].as_str()).collect();
    println!("corpus: {} texts at {:.1} pt", texts.len(), t.column_width());
    for (name, v) in variants() {
        let f = figures(&t, &texts, &v).expect("figures");
        println!("  {name:<22} {}", f.line());
    }
}
