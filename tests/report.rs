//! `maquette report`: the table of an issue's figures, and `--refinements`, which sets the
//! bodies (or texts given with `--texts`) with each micro-typography refinement on and off.

mod common;

use common::mini;
use std::path::Path;
use std::process::{Command, Output};

const PROSE: &str = "Dans les ateliers de la région, les délégués syndicaux ont passé la semaine à \
recueillir les témoignages des travailleuses et des travailleurs. Leurs conclusions sont simples : \
les cadences augmentent, les effectifs diminuent et les salaires ne suivent plus l’inflation. La \
direction parle de « modernisation », mais personne sur le terrain ne voit autre chose qu’une \
intensification du travail.\n\nLes assemblées générales organisées dans chaque équipe ont voté à une \
large majorité un cahier de revendications : embauche des intérimaires, revalorisation des primes \
de nuit, respect des pauses et transparence sur les comptes de l’entreprise. Les représentants du \
personnel demandent l’ouverture immédiate de négociations.\n\nSi rien ne bouge d’ici la fin du \
mois, une journée d’action sera proposée aux trois sites du groupe, en lien avec les autres \
entreprises du secteur qui connaissent les mêmes difficultés.";

fn maquette(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_maquette")).arg("report").arg(dir).args(args).output().unwrap()
}

/// One row of the refinements table: its name and its eleven figures.
struct Row {
    name: String,
    lines: f64,
    sd: f64,
    loose: f64,
    spaced: f64,
    overfull: f64,
}

fn rows(stdout: &[u8]) -> Vec<Row> {
    let text = String::from_utf8_lossy(stdout);
    let body = text.lines().skip_while(|l| !l.starts_with("refinement ")).skip(1);
    body.map(|l| {
        let t: Vec<&str> = l.split_whitespace().collect();
        let (name, f) = t.split_at(t.len() - 11);
        let n = |i: usize| f[i].trim_end_matches('%').parse::<f64>().unwrap_or_else(|_| panic!("{l}"));
        Row { name: name.join(" "), lines: n(0), sd: n(4), loose: n(7), spaced: n(9), overfull: n(10) }
    })
    .collect()
}

fn names(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

const VARIANTS: [&str; 6] =
    ["none", "protrusion", "expansion", "letter-spacing", "protrusion+expansion", "all three (default)"];

#[test]
fn refinements_set_the_issue_bodies_each_way_and_all_three_set_them_best() {
    let (_tmp, dir) = mini();
    let une = dir.join("articles/une.md");
    let text = std::fs::read_to_string(&une).unwrap();
    std::fs::write(&une, format!("{text}\n{PROSE}\n")).unwrap();
    let out = maquette(&["--refinements"], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("the 2 article bodies of"), "{stdout}");
    let rows = rows(&out.stdout);
    assert_eq!(names(&rows), VARIANTS, "{stdout}");
    let (none, all) = (&rows[0], &rows[5]);
    assert!(none.lines > 20.0 && rows.iter().all(|r| r.overfull == 0.0), "{stdout}");
    assert!(all.sd < none.sd && all.loose < none.loose, "{stdout}");
    assert!(all.lines <= none.lines, "refinements set the text tighter: {stdout}");
    // Only the letter-spacing variants letter-space.
    let spaced: Vec<bool> = rows.iter().map(|r| r.spaced > 0.0).collect();
    assert_eq!(spaced, [false, false, false, true, false, true], "{stdout}");
    // The issue's own report.json is not touched: nothing is written.
    assert!(!dir.join("out").exists());
}

#[test]
fn an_issue_with_its_own_switches_gets_its_own_row() {
    let (_tmp, dir) = mini();
    std::fs::write(dir.join("hyphenation.toml"), "words = []\n[microtype]\nletterspace = 0\n").unwrap();
    let out = maquette(&["--refinements"], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 7);
    let own = &rows[6];
    assert_eq!(own.name, "this issue (hyphenation.toml)");
    assert_eq!(own.spaced, 0.0, "letter-spacing is off in this issue");
    assert_eq!(own.lines, rows[4].lines, "protrusion and expansion on, as the issue asks");
}

#[test]
fn texts_from_a_json_array_or_a_plain_file_are_set_in_the_issue_style() {
    let (tmp, dir) = mini();
    let json = tmp.path().join("texts.json");
    let paragraphs: Vec<&str> = PROSE.split("\n\n").collect();
    let items = serde_json::json!([{ "text": paragraphs[0] }, paragraphs[1], { "title": "x", "text": paragraphs[2] }]);
    std::fs::write(&json, items.to_string()).unwrap();
    let out = maquette(&["--refinements", "--texts", json.to_str().unwrap()], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 texts of"));
    let from_json = rows(&out.stdout);
    assert_eq!(names(&from_json), VARIANTS);

    // The same paragraphs as one plain text: the later two are indented, so the lines may differ,
    // but every variant sets them.
    let txt = tmp.path().join("texts.txt");
    std::fs::write(&txt, PROSE).unwrap();
    let out = maquette(&["--refinements", "--texts", txt.to_str().unwrap()], &dir);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 texts of"));
    let from_txt = rows(&out.stdout);
    for (a, b) in from_json.iter().zip(&from_txt) {
        assert!(a.lines > 10.0 && (a.lines - b.lines).abs() <= 3.0, "{} {} {}", a.name, a.lines, b.lines);
    }
}

#[test]
fn bad_texts_are_named_with_their_line_and_fail() {
    let (tmp, dir) = mini();
    let json = tmp.path().join("broken.json");
    std::fs::write(&json, "[\n  \"un texte\",\n  { \"text\": 3 }\n]\n").unwrap();
    let out = maquette(&["--refinements", "--texts", json.to_str().unwrap()], &dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("broken.json") && err.contains("item 2"), "{err}");

    std::fs::write(&json, "[\n  \"un texte\",\n  oops\n]\n").unwrap();
    let out = maquette(&["--refinements", "--texts", json.to_str().unwrap()], &dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("broken.json") && err.contains(":3"), "{err}");

    let out = maquette(&["--refinements", "--texts", "absent.json"], &dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("absent.json"), "{err}");

    // --texts means nothing without --refinements.
    let out = maquette(&["--texts", json.to_str().unwrap()], &dir);
    assert!(!out.status.success());
}

#[test]
fn the_report_table_lists_each_article_and_the_issue() {
    let (_tmp, dir) = mini();
    let out = maquette(&[], &dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("from a fresh layout"), "{stdout}");
    let firsts: Vec<&str> = stdout.lines().skip(2).filter_map(|l| l.split_whitespace().next()).collect();
    assert!(firsts.contains(&"une") && firsts.contains(&"breve") && firsts.contains(&"ISSUE"), "{stdout}");
}
