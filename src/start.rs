//! `maquette new`: the next issue's folder, started from the last one (or from nothing).
//!
//! A month's issue starts from the one before: the same paper, template, printer, hyphenation
//! list and promo box, and the same pages, now waiting for this month's articles. The previous
//! `issue.toml` is rewritten with toml_edit so its comments and order stay; each page keeps its
//! variant and its hand-placed promo box, and gets an empty flat plan (`articles = []`) to fill.

use crate::error::{Error, Result};
use crate::model::issue::Date;
use std::path::{Path, PathBuf};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// What `new` made: the folder and what the editor should look at.
#[derive(Debug, Default)]
pub struct Started {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Things to check (a promo deadline already past …).
    pub warnings: Vec<String>,
}

/// Files of an issue folder carried to the next issue when present.
const CARRIED: [&str; 2] = ["hyphenation.toml", "promo.md"];

/// Starts issue folder `dir` (which must not hold an `issue.toml` yet) from the issue in `from`,
/// or as a small issue that builds; dated `date`, else a month after `from`'s (else today).
pub fn new_issue(dir: &Path, from: Option<&Path>, date: Option<Date>) -> Result<Started> {
    let target = dir.join("issue.toml");
    if target.exists() {
        return Err(Error::in_file(&target, "an issue is already there; choose a new folder"));
    }
    let mut started = Started::default();
    let toml = match from {
        Some(prev) => next_toml(prev, dir, date, &mut started)?,
        None => first_toml(date.unwrap_or_else(today)),
    };
    std::fs::create_dir_all(dir.join("articles")).map_err(|e| Error::io(dir, e))?;
    std::fs::create_dir_all(dir.join("images")).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(target, toml.into_bytes())];
    match from {
        Some(prev) => files.extend(carried(prev, dir)?),
        None => files.push((dir.join("articles/bienvenue.md"), WELCOME.as_bytes().to_vec())),
    }
    crate::files::commit(&files)?;
    started.files = files.into_iter().map(|(p, _)| p).collect();
    Ok(started)
}

/// The files of the previous issue that the next one keeps, and the promo's photo.
fn carried(prev: &Path, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut out = Vec::new();
    for name in CARRIED {
        let from = prev.join(name);
        if from.is_file() {
            out.push((dir.join(name), crate::files::read_bounded(&from, crate::files::TEXT_LIMIT)?));
        }
    }
    Ok(out)
}

/// The previous issue.toml made the next one's.
fn next_toml(prev: &Path, dir: &Path, date: Option<Date>, started: &mut Started) -> Result<String> {
    let path = prev.join("issue.toml");
    // Loading checks the previous issue whole, so the new one starts from something that builds.
    let (def, text) = crate::model::IssueDef::load(&path)?;
    let old = def.cover_date().map_err(|m| Error::in_file(&path, m))?;
    let new = date.unwrap_or_else(|| month_after(old));
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| Error::in_file(&path, e.to_string()))?;
    doc["number"] = value(i64::from(def.number) + 1);
    doc["date"] = value(toml_date(new));
    if new.month != 5 {
        doc.remove("messages");
    }
    if let Some(promo) = doc.get_mut("promo").and_then(Item::as_table_mut) {
        promo_forward(promo, prev, dir, new, started);
    }
    if let Some(pages) = doc.get_mut("pages").and_then(Item::as_array_of_tables_mut) {
        for page in pages.iter_mut() {
            skeleton(page);
        }
    }
    Ok(doc.to_string())
}

/// The promo box shows the previous issue's front page, and its deadline is checked.
fn promo_forward(promo: &mut Table, prev: &Path, dir: &Path, new: Date, started: &mut Started) {
    let rel = relative(prev, dir);
    promo["thumbnail"] = value(rel);
    if promo.contains_key("image") {
        promo.remove("image");
    }
    let deadline = promo.get("deadline").and_then(|d| d.as_datetime()).and_then(|d| d.date);
    if let Some(d) = deadline.filter(|d| (d.year, d.month, d.day) < (new.year, new.month, new.day)) {
        started.warnings.push(format!(
            "the promo's deadline {:04}-{:02}-{:02} is before this issue's date: change `deadline` in [promo]",
            d.year, d.month, d.day
        ));
    }
}

/// A page of the previous issue as an empty page of the next: its variant, its promo box (placed
/// by hand, or named in its flat plan), and an otherwise empty flat plan.
fn skeleton(page: &mut Table) {
    let keep_promo = |m: &Table| m.get("kind").and_then(Item::as_str) == Some("promo");
    let listed_promo =
        page.get("articles").and_then(Item::as_array).is_some_and(|a| a.iter().any(|v| v.as_str() == Some("promo")));
    // The comment over a page told last month's contents.
    page.decor_mut().set_prefix("\n");
    let promo: Vec<Table> = page
        .get("modules")
        .and_then(Item::as_array_of_tables)
        .map(|ms| ms.iter().filter(|m| keep_promo(m)).cloned().collect())
        .unwrap_or_default();
    for key in ["modules", "plan", "teasers", "articles"] {
        page.remove(key);
    }
    let mut articles = Array::new();
    if listed_promo {
        articles.push("promo");
    }
    page["articles"] = value(articles);
    if let Some(mut key) = page.key_mut("articles") {
        key.leaf_decor_mut().set_prefix("# this page's articles, most important first\n");
    }
    if !promo.is_empty() {
        let mut list = toml_edit::ArrayOfTables::new();
        promo.into_iter().for_each(|m| list.push(m));
        page["modules"] = Item::ArrayOfTables(list);
    }
}

/// `to` seen from `from` when both sit in one folder (`../ls-2026-05`), else its absolute path.
fn relative(to: &Path, from: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (to, from) = (abs(to), abs(from));
    match (to.parent(), from.parent(), to.file_name()) {
        (Some(a), Some(b), Some(name)) if a == b => format!("../{}", name.to_string_lossy()),
        _ => to.to_string_lossy().into_owned(),
    }
}

/// The same day a month later (the 28th at most, so every month has it).
pub fn month_after(d: Date) -> Date {
    let (year, month) = if d.month == 12 { (d.year + 1, 1) } else { (d.year, d.month + 1) };
    Date { year, month, day: d.day.min(28) }
}

fn toml_date(d: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date { year: d.year, month: d.month, day: d.day }),
        time: None,
        offset: None,
    }
}

/// The first day of next month, from the system clock (days since 1970 to a civil date, after
/// Howard Hinnant's `civil_from_days`).
fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    month_after(Date { year, month, day: 1 })
}

/// A small issue that builds: four pages, one article to read and replace.
fn first_toml(date: Date) -> String {
    format!(
        r#"# A new paper: four tabloid pages given as a flat plan. List each page's articles (files in
# articles/, without .md), most important first, and maquette makes the pages.
title = "Mon journal"
number = 1
date = {:04}-{:02}-{:02}
price = "2 €"
template = "tabloid"
file_pattern = "journal_{{yyyymmdd}}_p{{NN}}.pdf"

[[pages]]
variant = "front"
articles = ["bienvenue"]

[[pages]]
variant = "inside"
articles = []

[[pages]]
variant = "inside"
articles = []

[[pages]]
variant = "inside"
articles = []
"#,
        date.year, date.month, date.day
    )
}

const WELCOME: &str = r#"+++
kicker = "Premier numéro"
headline = "Bienvenue dans votre journal"
byline = "La rédaction"
+++
Cet article montre la forme d'un texte : l'en-tête entre les deux lignes de trois signes plus donne le surtitre, le titre et la signature ; le texte suit, un paragraphe par bloc, séparés par une ligne vide.

Remplacez-le par vos propres articles, un fichier par article dans le dossier articles, puis nommez-les dans la liste de chaque page du fichier issue.toml, le plus important d'abord. La commande maquette build fait les pages, et maquette proof les montre avant l'envoi à l'imprimeur.

## Un intertitre

Les guillemets droits deviennent des guillemets français, les espaces fines se placent d'elles-mêmes devant les deux-points, et les nombres restent sur la ligne de leur unité : 40 km, 12 000 exemplaires, le 1er mai.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_after_keeps_the_day_within_every_month() {
        assert_eq!(month_after(Date { year: 2026, month: 12, day: 1 }), Date { year: 2027, month: 1, day: 1 });
        assert_eq!(month_after(Date { year: 2026, month: 1, day: 31 }), Date { year: 2026, month: 2, day: 28 });
    }

    #[test]
    fn today_is_a_date() {
        let d = today();
        assert!((2024..2200).contains(&d.year) && (1..=12).contains(&d.month) && d.day == 1);
    }
}
