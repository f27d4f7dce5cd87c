//! `maquette import`: articles written in Word, LibreOffice, a web page or plain text become
//! `articles/<slug>.md` with their front matter, and their pictures files in `images/`.
//!
//! Each reader turns its format into the same [`Doc`]: the headline, deck and byline it found,
//! blocks of Markdown text, footnotes, pictures, and what it could not keep (comments) or changed
//! (tracked changes accepted). Structure is read from what the format means, never from how a
//! paragraph looks: a heading is a heading by its built-in style or outline level (a French Word
//! names its style `Titre1`, yet writes the built-in name `heading 1` beside it). No built-in
//! style marks a kicker, so none is guessed: the editor adds it.

mod docx;
mod html;
mod odt;
mod xml;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What a reader found in a file.
#[derive(Debug, Default)]
pub struct Doc {
    /// The title (a Title style, else the first level-1 heading).
    pub headline: Option<String>,
    /// A subtitle.
    pub deck: Option<String>,
    /// A line « Par … ».
    pub byline: Option<String>,
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// Footnote texts, numbered from 1 in the order of their calls (`[^1]` in the text).
    pub notes: Vec<String>,
    /// Pictures: a file name (extension kept) and the bytes, with its caption if the file gave one.
    pub pictures: Vec<(String, Vec<u8>, String)>,
    /// What was dropped or changed, for the editor.
    pub reports: Vec<String>,
}

/// A block of the body, its text already Markdown (emphasis, links, footnote calls).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of this level (1 is the title's level).
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A quotation.
    Quote(String),
    /// A list item: numbered or not, how deep.
    Item(bool, usize, String),
    /// A table, row by row.
    Table(Vec<Vec<String>>),
}

/// An article written by `import`.
pub struct Imported {
    /// The Markdown file written.
    pub article: PathBuf,
    /// Pictures written to `images/`.
    pub pictures: Vec<PathBuf>,
    /// What the editor should know.
    pub reports: Vec<String>,
}

/// Most bytes of a file to import (a Word file with photos is mostly its photos).
const IMPORT_LIMIT: u64 = 64 << 20;

/// Imports each file into the issue folder `issue`: `articles/<slug>.md`, never over an existing
/// article unless `force`, and its pictures into `images/`.
pub fn import(files: &[PathBuf], issue: &Path, force: bool) -> Result<Vec<Imported>> {
    let mut out = Vec::new();
    for file in files {
        let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        let prose = |file: &Path| -> Result<(String, Vec<String>)> {
            let (text, note) = crate::files::read_prose(file)?;
            Ok((text, note.into_iter().collect()))
        };
        let doc = match ext.as_str() {
            "docx" => docx::read(&crate::files::read_bounded(file, IMPORT_LIMIT)?),
            "odt" => odt::read(&crate::files::read_bounded(file, IMPORT_LIMIT)?),
            "html" | "htm" => {
                let (t, reports) = prose(file)?;
                Ok(Doc { reports, ..html::read(&t, file.parent()) })
            }
            "txt" | "text" => {
                let (t, reports) = prose(file)?;
                Ok(Doc { reports, ..text(&t) })
            }
            _ => Err(format!("cannot import .{ext} files: give a .docx, .odt, .html or .txt file")),
        };
        let doc = doc.map_err(|e| Error::in_file(file, e))?;
        out.push(write(file, tidy(doc), issue, force)?);
    }
    Ok(out)
}

/// What every reader does last: text-box paragraphs go at the end, and the report says so, and
/// says that tracked changes were accepted and which comments were dropped.
fn finish(mut doc: Doc, boxes: Vec<Block>, changes: bool, comments: Vec<String>) -> Doc {
    if !boxes.is_empty() {
        doc.reports.push(format!("{} paragraph(s) of text boxes put at the end of the article", boxes.len()));
        doc.blocks.extend(boxes);
    }
    if changes {
        doc.reports.push("tracked changes accepted: insertions kept, deletions dropped".to_string());
    }
    if !comments.is_empty() {
        doc.reports.push(format!("{} comment(s) dropped: {}", comments.len(), comments.join(" / ")));
    }
    doc
}

/// Plain text: the first line is the headline, blank lines part paragraphs.
fn text(s: &str) -> Doc {
    let mut doc = Doc::default();
    let s = s.replace("\r\n", "\n");
    let mut paras = s.split("\n\n").map(clean).filter(|p| !p.is_empty());
    if let Some(first) = paras.next() {
        doc.blocks.push(Block::Heading(1, escape(&first)));
    }
    doc.blocks.extend(paras.map(|p| Block::Para(escape(&p))));
    doc
}

/// Takes the headline (the first level-1 heading, when no title was marked) and a byline
/// (a short paragraph « Par … » before the body's middle) out of the blocks, and cleans the text.
fn tidy(mut doc: Doc) -> Doc {
    if doc.headline.is_none()
        && let Some(i) = doc.blocks.iter().position(|b| matches!(b, Block::Heading(1, _)))
        && let Block::Heading(_, h) = doc.blocks.remove(i)
    {
        doc.headline = Some(h);
    }
    let byline = doc.blocks.iter().take(6).position(|b| {
        matches!(b, Block::Para(p) if p.len() < 100 && (p.starts_with("Par ") || p.starts_with("*Par ") || p.starts_with("par ")))
    });
    if doc.byline.is_none()
        && let Some(i) = byline
        && let Block::Para(p) = doc.blocks.remove(i)
    {
        doc.byline = Some(p.trim_matches('*').to_string());
    }
    for block in &mut doc.blocks {
        match block {
            Block::Heading(_, t) | Block::Para(t) | Block::Quote(t) | Block::Item(_, _, t) => *t = clean(t),
            Block::Table(rows) => rows.iter_mut().flatten().for_each(|c| *c = clean(c)),
        }
    }
    doc.blocks.retain(|b| !matches!(b, Block::Para(t) | Block::Quote(t) if t.is_empty()));
    for t in doc.headline.iter_mut().chain(&mut doc.deck).chain(&mut doc.byline).chain(&mut doc.notes) {
        *t = clean(t);
    }
    doc
}

/// Paste habits: soft hyphens and zero-width characters out, manual line breaks, tabs and runs
/// of spaces made one space (a no-break space is kept: French punctuation needs it).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' | '\u{b}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Text as Markdown reads it literally.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '\\' | '<' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs of text with their emphasis, joined as Markdown: `*italic*`, `**bold**`. Spaces at the
/// edge of an emphasised run move outside its markers, where Markdown wants them.
#[derive(Default)]
pub struct Inline {
    out: String,
    runs: Vec<(String, bool, bool)>,
}

impl Inline {
    /// Adds text (not yet escaped) in the given emphasis.
    pub fn text(&mut self, text: &str, italic: bool, bold: bool) {
        match self.runs.last_mut() {
            Some(last) if last.1 == italic && last.2 == bold => last.0.push_str(&escape(text)),
            _ => self.runs.push((escape(text), italic, bold)),
        }
    }

    /// Adds Markdown as it is (a link, a footnote call).
    pub fn raw(&mut self, md: &str) {
        self.runs.push((md.to_string(), false, false));
        self.flush();
    }

    fn flush(&mut self) {
        for (text, italic, bold) in self.runs.drain(..) {
            let marks = match (italic, bold) {
                (true, true) => "***",
                (false, true) => "**",
                (true, false) => "*",
                _ => "",
            };
            let core = text.trim();
            if marks.is_empty() || core.is_empty() {
                self.out.push_str(&text);
                continue;
            }
            let (lead, trail) = (&text[..text.len() - text.trim_start().len()], &text[text.trim_end().len()..]);
            self.out.push_str(&format!("{lead}{marks}{core}{marks}{trail}"));
        }
    }

    /// The Markdown so far, and a fresh start.
    pub fn take(&mut self) -> String {
        self.flush();
        std::mem::take(&mut self.out)
    }
}

/// The file name an article gets: the headline's words, lower case, accents off, joined by `-`.
pub fn slug(title: &str) -> String {
    let plain: String = title
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            c if c.is_alphanumeric() => c.to_lowercase().next().unwrap_or('-'),
            _ => '-',
        })
        .collect();
    let words: Vec<&str> = plain.split('-').filter(|w| !w.is_empty()).take(6).collect();
    if words.is_empty() { "article".to_string() } else { words.join("-") }
}

fn write(file: &Path, doc: Doc, issue: &Path, force: bool) -> Result<Imported> {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let headline = doc.headline.clone().unwrap_or_else(|| stem.clone());
    let slug = slug(&headline);
    let article = issue.join("articles").join(format!("{slug}.md"));
    if article.exists() && !force {
        return Err(Error::in_file(&article, "an article of that name exists already")
            .with_help("give --force to replace it, or rename the file you import"));
    }
    let mut files = Vec::new();
    let mut photos = Vec::new();
    for (i, (name, bytes, caption)) in doc.pictures.iter().enumerate() {
        let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        let target = issue.join("images").join(format!("{slug}-{}.{ext}", i + 1));
        if target.exists() && !force {
            return Err(Error::in_file(&target, "a picture of that name exists already")
                .with_help("give --force to replace it"));
        }
        photos.push((target.file_name().unwrap_or_default().to_string_lossy().into_owned(), caption.clone()));
        files.push((target, bytes.clone()));
    }
    let pictures = files.iter().map(|(p, _)| p.clone()).collect();
    files.push((article.clone(), markdown(&doc, &headline, &photos).into_bytes()));
    // All or nothing: an article never names a picture that was not written.
    crate::files::commit(&files)?;
    Ok(Imported { article, pictures, reports: doc.reports })
}

/// The article file: TOML front matter, then the body in Markdown.
pub fn markdown(doc: &Doc, headline: &str, photos: &[(String, String)]) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut s = String::from("+++\n");
    s += &format!("headline = {}\n", quoted(headline));
    for (key, value) in [("deck", &doc.deck), ("byline", &doc.byline)] {
        if let Some(v) = value {
            s += &format!("{key} = {}\n", quoted(v));
        }
    }
    for (file, caption) in photos {
        s += &format!("\n[[photos]]\nfile = {}\ncaption = {}\ncredit = \"\"\n", quoted(file), quoted(caption));
    }
    s += "+++\n";
    let mut previous: Option<&Block> = None;
    for block in &doc.blocks {
        let list = matches!(block, Block::Item(..));
        if !(list && matches!(previous, Some(Block::Item(..)))) && previous.is_some() {
            s.push('\n');
        }
        match block {
            Block::Heading(level, t) => s += &format!("{} {t}\n", "#".repeat((*level).clamp(2, 3) as usize)),
            Block::Para(t) => s += &format!("{t}\n"),
            Block::Quote(t) => s += &format!("> {t}\n"),
            Block::Item(ordered, depth, t) => {
                s += &format!("{}{} {t}\n", "  ".repeat(*depth), if *ordered { "1." } else { "-" })
            }
            Block::Table(rows) => s += &table(rows),
        }
        previous = Some(block);
    }
    for (i, note) in doc.notes.iter().enumerate() {
        s += &format!("\n[^{}]: {note}\n", i + 1);
    }
    s
}

fn table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let line = |r: &[String]| {
        let cells: Vec<String> =
            (0..width).map(|i| r.get(i).map_or(String::new(), |c| c.replace('|', "\\|"))).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut s = String::new();
    for (i, r) in rows.iter().enumerate() {
        s += &line(r);
        if i == 0 {
            s += &format!("|{}\n", " --- |".repeat(width));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_habits_are_cleaned_and_no_break_spaces_kept() {
        assert_eq!(clean("mani\u{ad}fes\u{200b}tation  du\n1er\tmai\u{a0}!"), "manifestation du 1er mai\u{a0}!");
    }

    #[test]
    fn emphasis_keeps_its_spaces_outside_the_markers() {
        let mut i = Inline::default();
        i.text("Le ", false, false);
        i.text("Soir ", true, false);
        i.text("titre", false, false);
        assert_eq!(i.take(), "Le *Soir* titre");
    }

    #[test]
    fn slugs_are_plain_words() {
        assert_eq!(slug("Grève à l'hôpital : « on tient »"), "greve-a-l-hopital-on-tient");
    }

    #[test]
    fn plain_text_gives_a_headline_a_byline_and_paragraphs() {
        let doc = tidy(text("Le titre\n\nPar Marie Dupont\n\nPremier  paragraphe\nsur deux lignes.\n\nSecond."));
        assert_eq!(doc.headline.as_deref(), Some("Le titre"));
        assert_eq!(doc.byline.as_deref(), Some("Par Marie Dupont"));
        assert_eq!(
            doc.blocks,
            vec![Block::Para("Premier paragraphe sur deux lignes.".into()), Block::Para("Second.".into())]
        );
    }
}
