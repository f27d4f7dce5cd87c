//! Planning-time benchmark: `cargo run --release --example plan_bench`.
//!
//! Plans the June example (8 pages given as a flat plan) and, when ../shared is present, a
//! 16-page flat-plan issue made from the shared corpus (two to four articles a page); prints the
//! planning time (median of several runs), the exact pages and each page's fill.

use maquette::fonts::FontBook;
use maquette::model::Issue;
use maquette::plan::{PlanOptions, PlanReport, plan};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    bench("June example ls-2026-06", &root.join("examples/ls-2026-06"));
    let shared = root.join("../shared/assets/text/fr_articles_debian_handbook.json");
    if shared.is_file() {
        let dir = corpus_issue(&shared);
        bench("16-page corpus issue", dir.path());
    } else {
        println!("corpus issue: skipped (../shared is absent)");
    }
}

fn bench(name: &str, dir: &Path) {
    let mut times = Vec::new();
    let (mut planning, mut setting) = (Vec::new(), Vec::new());
    let mut last = PlanReport::default();
    for _ in 0..RUNS {
        let mut issue = Issue::load(dir).expect("issue loads");
        let mut book = FontBook::new();
        let t = Instant::now();
        let (report, _) = plan(&mut issue, &mut book, PlanOptions::default()).expect("plan");
        times.push(t.elapsed());
        planning.push(report.millis);
        setting.push(report.setting_millis);
        last = report;
    }
    times.sort();
    let median: Duration = times[times.len() / 2];
    let mid = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let exact = last.pages.iter().filter(|p| p.exact).count();
    println!(
        "{name}: {} pages in {:.0} ms (median of {RUNS}; fastest {:.0} ms): planning {:.0} ms, setting the \
         bodies {:.0} ms (the layout reuses them); {exact} exact",
        last.pages.len(),
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        mid(&mut planning),
        mid(&mut setting)
    );
    let fills: Vec<String> = last.pages.iter().map(|p| format!("p{} {:.0} %", p.number, p.fill * 100.0)).collect();
    println!("  fill: {}", fills.join(", "));
    for a in &last.advice {
        println!("  advice: {a}");
    }
}

/// Words of body text per page at about 85 % of a tabloid page's free grid (a grid line of a
/// column holds about six words; heads take the rest), fewer on the front page under the nameplate.
const PAGE_WORDS: [usize; 2] = [1750, 2150];

/// Writes a 16-page flat-plan issue from the corpus: two to five articles a page, in corpus order,
/// each cut at a paragraph's end to what the page has left (the first to 45 % of it).
fn corpus_issue(json: &Path) -> tempfile::TempDir {
    let text = std::fs::read_to_string(json).expect("corpus");
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("corpus json");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    let mut toml = String::from(
        "title = \"Lutte Socialiste\"\nnumber = 999\ndate = 2026-06-01\nprice = \"2 €\"\ntemplate = \"tabloid\"\n",
    );
    let mut i = 0;
    for page in 0..16 {
        let variant = if page == 0 { "front" } else { "inside" };
        let words = PAGE_WORDS[usize::from(page > 0)];
        let mut slugs = Vec::new();
        let mut left = words;
        // Two to five articles, until the page's words are there.
        while slugs.len() < 2 || (left > words / 10 && slugs.len() < 5) {
            let share = if slugs.is_empty() { words * 45 / 100 } else { left };
            let item = &items[i % items.len()];
            let title = item["title"].as_str().unwrap_or("Article").replace('"', "'");
            let body = cut(item["text"].as_str().unwrap_or(""), share);
            left = left.saturating_sub(body.split_whitespace().count());
            let slug = format!("a{i:02}");
            let md = format!("+++\nheadline = \"{}\"\n+++\n{body}\n", title.chars().take(60).collect::<String>());
            std::fs::write(root.join("articles").join(format!("{slug}.md")), md).unwrap();
            slugs.push(format!("\"{slug}\""));
            i += 1;
        }
        toml += &format!("\n[[pages]]\nvariant = \"{variant}\"\narticles = [{}]\n", slugs.join(", "));
    }
    std::fs::write(root.join("issue.toml"), toml).unwrap();
    // The issue is outside the repository: point the template search at ours.
    std::fs::create_dir_all(root.join("layouts")).unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let t = std::fs::read_to_string(repo.join("layouts/tabloid.toml")).unwrap();
    std::fs::write(root.join("layouts/tabloid.toml"), t).unwrap();
    std::os::unix::fs::symlink(repo.join("fonts"), root.join("fonts")).unwrap();
    dir
}

/// The paragraphs of `text` up to about `words` words (at least the first).
fn cut(text: &str, words: usize) -> String {
    let mut out = Vec::new();
    let mut count = 0;
    for p in text.split("\n\n") {
        let n = p.split_whitespace().count();
        if count > 0 && count + n > words {
            break;
        }
        count += n;
        out.push(p);
    }
    out.join("\n\n")
}
