//! `maquette new`: the next issue from the last one, and a first issue, both building.

mod common;

use maquette::model::Issue;
use maquette::start::new_issue;
use maquette::{BuildOptions, build};

#[test]
fn the_next_issue_keeps_the_paper_and_empties_the_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("ls-2026-05");
    let (_keep, may) = common::copy_to_temp(&common::root().join("examples/ls-2026-05"));
    std::fs::rename(&may, &prev).unwrap();
    let dir = tmp.path().join("ls-2026-06");
    let started = new_issue(&dir, Some(&prev), None).unwrap();
    assert!(started.files.iter().any(|f| f.ends_with("hyphenation.toml")));
    let before = Issue::load(&prev).unwrap();
    let issue = Issue::load(&dir).unwrap();
    assert_eq!(issue.def.number, before.def.number + 1);
    assert_eq!(issue.def.cover_date().unwrap(), maquette::model::Date { year: 2026, month: 6, day: 1 });
    assert_eq!(issue.pages.len(), before.pages.len());
    assert!(issue.articles.is_empty(), "no article is carried over");
    assert!(issue.def.messages.is_none(), "reader messages belong to May issues only");
    assert_eq!(issue.template.name, before.template.name);
    let text = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
    let old = std::fs::read_to_string(prev.join("issue.toml")).unwrap();
    assert_eq!(text.lines().next(), old.lines().next(), "the file's opening comment is kept");
    assert!(text.contains("thumbnail = \"../ls-2026-05\""), "the promo shows the previous front page");
    let out = build(&dir, &BuildOptions::default()).expect("the new issue builds");
    assert_eq!(out.document.pages.len(), before.pages.len());
    assert!(new_issue(&dir, Some(&prev), None).is_err(), "an existing issue is never overwritten");
}

#[test]
fn a_first_issue_builds_with_its_welcome_article() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("premier");
    let date = maquette::model::Date { year: 2027, month: 1, day: 1 };
    new_issue(&dir, None, Some(date)).unwrap();
    let issue = Issue::load(&dir).unwrap();
    assert_eq!(issue.def.cover_date().unwrap(), date);
    assert!(issue.articles.contains_key("bienvenue"));
    let out = build(&dir, &BuildOptions::default()).expect("the first issue builds");
    assert_eq!(out.document.pages.len(), 4);
    assert_eq!(out.document.report.articles[0].overset_lines, 0);
}
