//! The issues the benchmark builds, each in a folder of its own that it may edit: a copy of the
//! example, and issues of 16 or 64 pages generated from the shared French corpus.

use maquette::fonts::FontBook;
use std::path::{Path, PathBuf};

/// An issue folder the benchmark owns.
pub struct Issue {
    pub name: String,
    pub pages: usize,
    /// The texture figures of its layout (docs/typography.md quotes them).
    pub figures: Option<String>,
    dir: tempfile::TempDir,
    /// Each article's file and text as written, to edit one word and put it back.
    articles: Vec<(PathBuf, String)>,
}

impl Issue {
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The `k`-th one-word edit of every article: even edits change a word, odd ones put it back,
    /// so every build follows a change.
    pub fn edit_every_article(&self, k: usize) {
        for (path, text) in &self.articles {
            std::fs::write(path, if k.is_multiple_of(2) { one_word_changed(text) } else { text.clone() })
                .expect("edit");
        }
    }

    /// The `k`-th one-word edit of the first article (as `edit_every_article`).
    pub fn edit_one_article(&self, k: usize) {
        let (path, text) = &self.articles[0];
        std::fs::write(path, if k.is_multiple_of(2) { one_word_changed(text) } else { text.clone() }).expect("edit");
    }

    fn new(name: &str, dir: tempfile::TempDir) -> Issue {
        let mut articles: Vec<(PathBuf, String)> = std::fs::read_dir(dir.path().join("articles"))
            .expect("articles")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| {
                let t = std::fs::read_to_string(&p).expect("article");
                (p, t)
            })
            .collect();
        articles.sort();
        // Laid out in a child, so this process stays small (see `timed`).
        let exe = std::env::current_exe().expect("current exe");
        let o = std::process::Command::new(exe).arg("--figures").arg(dir.path()).output().expect("figures");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        let (pages, figures) = text.trim().split_once('\t').expect("pages and figures");
        let pages = pages.parse().expect("pages");
        Issue { name: name.to_string(), pages, figures: Some(figures.to_string()), dir, articles }
    }
}

/// In the child: the issue's page count and texture figures, tab-separated.
pub fn print_figures(dir: &Path) {
    let issue = maquette::model::Issue::load(dir).expect("issue loads");
    let doc = maquette::layout::lay_out(&issue, &mut FontBook::new()).expect("layout");
    println!("{}\t{}", doc.pages.len(), doc.report.issue_figures().line());
}

/// The article with the first word of seven letters or more of its body replaced by another.
fn one_word_changed(text: &str) -> String {
    let body = text.rfind("+++\n").map_or(0, |i| i + 4);
    let mut start = None;
    for (i, c) in text[body..].char_indices() {
        let i = body + i;
        if c.is_alphabetic() {
            let s = *start.get_or_insert(i);
            if text[s..i].chars().count() + 1 >= 7 && !text[i + c.len_utf8()..].starts_with(char::is_alphabetic) {
                return format!("{}quelconque{}", &text[..s], &text[i + c.len_utf8()..]);
            }
        } else {
            start = None;
        }
    }
    format!("{text} mot")
}

/// A copy of the example issue.
pub fn example_issue() -> Issue {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/ls-2026-05");
    let dir = tempfile::tempdir().expect("temp dir");
    copy(&src, dir.path());
    ours(dir.path());
    Issue::new("example ls-2026-05", dir)
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

/// An issue of `pages` pages from the corpus: two articles per page, each in a half-page module.
pub fn corpus_issue(json: &Path, pages: usize) -> Issue {
    let text = std::fs::read_to_string(json).expect("corpus");
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("corpus json");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    let mut toml = String::from(
        "title = \"Lutte Socialiste\"\nnumber = 999\ndate = 2026-06-01\nprice = \"2 €\"\ntemplate = \"tabloid\"\n",
    );
    for page in 0..pages {
        let variant = if page == 0 { "front" } else { "inside" };
        toml += &format!("\n[[pages]]\nvariant = \"{variant}\"\n");
        let top0 = if page == 0 { 14 } else { 0 };
        let half = (105 - top0) / 2;
        for k in 0..2 {
            let i = page * 2 + k;
            let item = &items[i % items.len()];
            let title = item["title"].as_str().unwrap_or("Article").replace('"', "'");
            let body = item["text"].as_str().unwrap_or("");
            let slug = format!("a{i:03}");
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
    ours(root);
    Issue::new(&format!("{pages}-page corpus issue"), dir)
}

/// The issue is outside the repository: it gets this checkout's templates, printer profile and
/// fonts, so that two binaries compared read the same input (not each its own repository's).
fn ours(root: &Path) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy(&repo.join("layouts"), &root.join("layouts"));
    std::os::unix::fs::symlink(repo.join("fonts"), root.join("fonts")).expect("fonts link");
}
