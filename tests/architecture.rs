//! The stages import each other one way only: reads the `crate::` paths of every file under `src/`
//! and fails on an import that runs back up the pipeline or closes a cycle between stages.
//!
//! A stage is a top-level module of the library (`src/layout/…` is `layout`, `src/files.rs` is
//! `files`). docs/architecture.md explains the order below.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages from the ground up: a stage may import only stages on lower floors.
const FLOORS: &[&[&str]] = &[
    &["error", "units", "workers"],
    &["files"],
    &["fonts", "printer"],
    &["model"],
    &["text"],
    &["frame"],
    &["layout"],
    &["press", "dump", "plan"],
    &["pdf", "preflight"],
    &["build", "proof", "report", "start", "import"],
];

/// (stage of the file, stage it names, file) for every `crate::` path in `src/`.
fn imports() -> Vec<(String, String, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let stage = first.trim_end_matches(".rs").to_string();
        if stage == "lib" || stage == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for target in crate_paths(&text) {
            if target != stage {
                out.push((stage.clone(), target, rel.to_path_buf()));
            }
        }
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The first name after each `crate::` outside comments, and each name of a `crate::{a, b::c}`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                out.extend(inner.split(',').map(|p| ident(p.trim())).filter(|s| !s.is_empty()));
            } else {
                out.insert(ident(rest));
            }
        }
    }
    out
}

/// The stage a path's first name belongs to: the crate root re-exports `Error` and `Result`.
fn ident(s: &str) -> String {
    let name: String = s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    match name.as_str() {
        "Error" | "Result" => "error".to_string(),
        _ => name,
    }
}

fn floor_of(stage: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&stage))
}

#[test]
fn every_stage_has_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".rs").to_string();
        if name != "lib" && name != "main" && floor_of(&name).is_none() {
            unknown.push(name);
        }
    }
    assert!(unknown.is_empty(), "stages missing from FLOORS (and docs/architecture.md): {unknown:?}");
}

#[test]
fn imports_only_run_down_the_pipeline() {
    let mut wrong = Vec::new();
    for (from, to, file) in imports() {
        match (floor_of(&from), floor_of(&to)) {
            (Some(a), Some(b)) if b < a => {}
            _ => wrong.push(format!("{} ({from}) imports crate::{to}", file.display())),
        }
    }
    assert!(wrong.is_empty(), "imports that run back up or sideways:\n  {}", wrong.join("\n  "));
}

#[test]
fn nothing_below_the_commands_imports_build_or_proof() {
    let low = ["pdf", "press", "layout", "text", "model", "preflight", "files", "frame"];
    let bad: Vec<String> = imports()
        .into_iter()
        .filter(|(from, to, _)| low.contains(&from.as_str()) && (to == "build" || to == "proof"))
        .map(|(_, to, file)| format!("{} imports crate::{to}", file.display()))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn no_cycle_between_stages() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to, _) in imports() {
        graph.entry(from).or_default().insert(to);
    }
    // A stage on a cycle reaches itself.
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = graph[start].iter().collect();
        while let Some(s) = todo.pop() {
            assert_ne!(s, start, "stage `{start}` imports itself through {seen:?}");
            if seen.insert(s.clone()) {
                todo.extend(graph.get(s).into_iter().flatten());
            }
        }
    }
}

#[test]
fn the_reader_sees_grouped_and_inline_paths() {
    let text =
        "use crate::{error::Error, frame};\nfn f() { crate::layout::lay_out(); }\n// crate::proof in a comment\n";
    let got: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(got, ["error", "frame", "layout"]);
}
