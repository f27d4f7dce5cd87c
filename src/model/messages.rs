//! Reader messages (« vœux de mai »): `messages.csv` or `messages.toml`, their formats and styles.
//!
//! A bad row never stops the build: it is left out (or loses its logo) with a warning naming its
//! line, so the treasurer's spreadsheet can be fixed while the rest of the issue is proofed.

use crate::error::toml_error;
use crate::error::{Error, Result, line_of};
use crate::model::Image;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One sellable size: columns × grid lines.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FormatDef {
    /// Columns.
    pub span: usize,
    /// Height in grid lines.
    pub lines: usize,
    /// Largest text size for this format (default: the section's `max_size`).
    #[serde(default)]
    pub max_size: Option<f64>,
}

/// The template's `[messages]` section: formats and how the text may be sized.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagesTemplate {
    /// Formats by name (`"1/32"`, `"1/16"` … `"1"`).
    pub formats: BTreeMap<String, FormatDef>,
    /// Smallest text size the fitting may use, in points.
    #[serde(default = "min_size")]
    pub min_size: f64,
    /// Largest text size.
    #[serde(default = "max_size")]
    pub max_size: f64,
    /// Step between tried sizes.
    #[serde(default = "step")]
    pub step: f64,
    /// Leading as a multiple of the size.
    #[serde(default = "leading")]
    pub leading: f64,
    /// Empty grid lines kept under each message.
    #[serde(default = "gap")]
    pub gap: usize,
}

impl MessagesTemplate {
    /// Checks the sizes: finite, positive, in order, and a step that moves (a zero step would
    /// never end the fitting).
    pub fn check(&self) -> std::result::Result<(), String> {
        let sizes = [self.min_size, self.max_size].into_iter().chain(self.formats.values().filter_map(|f| f.max_size));
        if let Some(v) = sizes.clone().find(|v| !(v.is_finite() && (3.0..=72.0).contains(v))) {
            return Err(format!("[messages]: text size {v} must be between 3 and 72 pt"));
        }
        if self.min_size > self.max_size {
            return Err(format!("[messages]: min_size {} is above max_size {}", self.min_size, self.max_size));
        }
        if !(self.step.is_finite() && (0.05..=10.0).contains(&self.step)) {
            return Err(format!("[messages]: step = {} must be between 0.05 and 10 pt", self.step));
        }
        if !(self.leading.is_finite() && (0.8..=3.0).contains(&self.leading)) {
            return Err(format!("[messages]: leading = {} must be between 0.8 and 3 (times the size)", self.leading));
        }
        Ok(())
    }
}

fn min_size() -> f64 {
    7.0
}
fn max_size() -> f64 {
    11.0
}
fn step() -> f64 {
    0.5
}
fn leading() -> f64 {
    1.18
}
fn gap() -> usize {
    1
}

/// Order of messages of the same format.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Alphabetical by sender.
    #[default]
    Sender,
    /// As listed in the file.
    Listed,
}

/// The issue's `[messages]` table: where the messages come from and which pages hold them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagesDef {
    /// File in the issue folder (default: `messages.csv`, else `messages.toml`).
    #[serde(default)]
    pub file: Option<String>,
    /// Page numbers (from 1) whose free grid cells take the messages.
    pub pages: Vec<usize>,
    /// Order within a format.
    #[serde(default)]
    pub order: Order,
    /// Fill the largest space left on the last message page with the promo box.
    #[serde(default)]
    pub fill: bool,
}

/// How a message is set off from its neighbours.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum MessageStyle {
    /// A thin rule around it.
    #[default]
    Framed,
    /// On a tint, no rule.
    Tinted,
    /// Framed, with the sender reversed out of a black band.
    Reversed,
}

impl MessageStyle {
    fn parse(s: &str) -> Option<MessageStyle> {
        match s.trim().to_lowercase().as_str() {
            "" | "framed" | "cadre" => Some(MessageStyle::Framed),
            "tinted" | "tint" | "trame" => Some(MessageStyle::Tinted),
            "reversed" | "inverse" => Some(MessageStyle::Reversed),
            _ => None,
        }
    }
}

/// A message ready for packing.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Line of its row in the source file.
    pub row: usize,
    /// Who sends it; set as the heading.
    pub sender: String,
    /// The text; line breaks separate paragraphs.
    pub text: String,
    /// Format name.
    pub format: String,
    /// Its size.
    pub size: FormatDef,
    /// Logo file in `images/`, when it was found.
    pub logo: Option<String>,
    /// Rule, tint or reversed heading.
    pub style: MessageStyle,
}

/// The messages of an issue and what was wrong with the rows left out.
#[derive(Clone, Debug, Default)]
pub struct Messages {
    /// The file read.
    pub source: PathBuf,
    /// Good rows, in file order.
    pub list: Vec<Message>,
    /// Problems found, each naming the file and line.
    pub warnings: Vec<String>,
}

/// A row as written, before checking.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    #[serde(default)]
    sender: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    style: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    message: Vec<toml::Spanned<Row>>,
}

/// Reads the messages file, checks each row and loads the logos into `images`.
pub fn load(
    dir: &Path,
    def: &MessagesDef,
    formats: &MessagesTemplate,
    images: &mut BTreeMap<String, Image>,
) -> Result<Messages> {
    let path = source_path(dir, def);
    let (rows, encoding) =
        if path.extension().is_some_and(|e| e == "toml") { (read_toml(&path)?, None) } else { read_csv(&path)? };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = Messages { source: path.clone(), ..Messages::default() };
    out.warnings.extend(encoding);
    for (line, row) in rows {
        match check_row(dir, &name, line, row, formats, images) {
            Ok((m, warning)) => {
                out.warnings.extend(warning);
                out.list.push(m);
            }
            Err(w) => out.warnings.push(w),
        }
    }
    Ok(out)
}

fn source_path(dir: &Path, def: &MessagesDef) -> PathBuf {
    match &def.file {
        Some(f) => dir.join(f),
        None if dir.join("messages.toml").is_file() && !dir.join("messages.csv").is_file() => dir.join("messages.toml"),
        None => dir.join("messages.csv"),
    }
}

/// Rows of the messages file, each with the line it starts on.
type Rows = Vec<(usize, Row)>;

/// CSV with a header row naming the columns `sender`, `text`, `format` and optionally `logo`,
/// `style`; each row is numbered by the line it starts on, as a spreadsheet shows it. Files saved
/// by spreadsheets on Windows (CRLF line ends, a byte-order mark) and in French locales (`;` between
/// fields) are read as well.
fn read_csv(path: &Path) -> Result<(Rows, Option<String>)> {
    let (raw, encoding) = crate::files::read_prose(path)?;
    // The CSV reader counts a CRLF record end on the next record's line; plain LF keeps the
    // line numbers right.
    let text = raw.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.contains(';') && !header.contains(',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    for needed in ["sender", "text", "format"] {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(needed)) {
            return Err(Error::in_file(path, format!("the header row has no `{needed}` column")).at_line(1).with_help(
                "the first row names the columns: sender,text,format,logo,style (logo and style are optional)",
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push((line, row_of(&headers, &record)));
    }
    Ok((rows, encoding))
}

fn row_of(headers: &csv::StringRecord, record: &csv::StringRecord) -> Row {
    let mut row = Row::default();
    for (h, v) in headers.iter().zip(record.iter()) {
        let v = v.to_string();
        match h.to_lowercase().as_str() {
            "sender" => row.sender = v,
            "text" => row.text = v,
            "format" => row.format = v,
            "logo" => row.logo = Some(v),
            "style" => row.style = Some(v),
            _ => {}
        }
    }
    row
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    let err = Error::in_file(path, format!("malformed CSV: {e}"));
    match e.position() {
        Some(p) => err.at_line(p.line() as usize),
        None => err,
    }
}

/// TOML with one `[[message]]` table per message; rows are numbered by the table's line.
fn read_toml(path: &Path) -> Result<Vec<(usize, Row)>> {
    let text = crate::files::read_text(path)?;
    let file: TomlFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    Ok(file.message.into_iter().map(|s| (line_of(&text, s.span().start), s.into_inner())).collect())
}

/// A checked message, with a warning when it lost its logo; or the warning that leaves it out.
fn check_row(
    dir: &Path,
    file: &str,
    line: usize,
    row: Row,
    formats: &MessagesTemplate,
    images: &mut BTreeMap<String, Image>,
) -> std::result::Result<(Message, Option<String>), String> {
    let at = format!("{file} line {line}");
    let sender = row.sender.trim().to_string();
    let text = row.text.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(format!("{at}: message from « {sender} » has no text; left out"));
    }
    if sender.is_empty() {
        return Err(format!("{at}: message has no sender; left out"));
    }
    let format = row.format.trim().to_string();
    let Some(&size) = formats.formats.get(&format) else {
        let known: Vec<&str> = formats.formats.keys().map(String::as_str).collect();
        return Err(format!("{at}: unknown format `{format}` (formats: {}); left out", known.join(", ")));
    };
    let style_text = row.style.unwrap_or_default();
    let Some(style) = MessageStyle::parse(&style_text) else {
        return Err(format!("{at}: unknown style `{style_text}` (framed, tinted or reversed); left out"));
    };
    let (logo, warning) = match row.logo.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()) {
        None => (None, None),
        Some(file) => match load_logo(dir, &file, images) {
            Ok(()) => (Some(file), None),
            Err(why) => (None, Some(format!("{at}: logo `{file}` {why}; message set without it"))),
        },
    };
    Ok((Message { row: line, sender, text, format, size, logo, style }, warning))
}

fn load_logo(dir: &Path, file: &str, images: &mut BTreeMap<String, Image>) -> std::result::Result<(), String> {
    if images.contains_key(file) {
        return Ok(());
    }
    let path = dir.join("images").join(file);
    if !path.is_file() {
        return Err(format!("not found (looked for {})", path.display()));
    }
    let image = Image::load(&path).map_err(|e| format!("cannot be read ({e})"))?;
    images.insert(file.to_string(), image);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats() -> MessagesTemplate {
        toml::from_str("[formats]\n\"1/32\" = { span = 1, lines = 14 }\n\"1/8\" = { span = 2, lines = 29 }\n").unwrap()
    }

    #[test]
    fn bad_csv_rows_are_reported_by_line_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        let csv = "sender,text,format,logo\n\
                   Comité A,\"Bon 1er Mai\nà toutes et tous\",1/32,\n\
                   Comité B,Salut,1/3,\n\
                   Comité C,,1/8,\n\
                   Comité D,Courage,1/8,absent.png\n";
        std::fs::write(dir.path().join("messages.csv"), csv).unwrap();
        let def = MessagesDef { file: None, pages: vec![1], order: Order::Sender, fill: false };
        let m = load(dir.path(), &def, &formats(), &mut BTreeMap::new()).unwrap();
        let senders: Vec<&str> = m.list.iter().map(|m| m.sender.as_str()).collect();
        assert_eq!(senders, ["Comité A", "Comité D"]);
        assert_eq!(m.list[0].text, "Bon 1er Mai\nà toutes et tous");
        assert_eq!(m.warnings.len(), 3, "{:?}", m.warnings);
        assert!(m.warnings[0].starts_with("messages.csv line 4: unknown format `1/3`"), "{}", m.warnings[0]);
        assert!(m.warnings[1].starts_with("messages.csv line 5:"), "{}", m.warnings[1]);
        assert!(m.warnings[2].contains("line 6: logo `absent.png` not found"), "{}", m.warnings[2]);
        assert_eq!(m.list[1].logo, None);
    }

    #[test]
    fn spreadsheet_csv_with_crlf_bom_and_semicolons_keeps_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "\u{feff}sender;text;format\r\nA;\"Bon 1er Mai\r\nà tous\";1/32\r\nB;Salut;1/9\r\nC;Salut;1/8\r\n";
        std::fs::write(dir.path().join("messages.csv"), csv).unwrap();
        let def = MessagesDef { file: None, pages: vec![1], order: Order::Sender, fill: false };
        let m = load(dir.path(), &def, &formats(), &mut BTreeMap::new()).unwrap();
        let rows: Vec<(usize, &str)> = m.list.iter().map(|m| (m.row, m.sender.as_str())).collect();
        assert_eq!(rows, [(2, "A"), (5, "C")]);
        assert_eq!(m.list[0].text, "Bon 1er Mai\nà tous");
        assert!(m.warnings[0].starts_with("messages.csv line 4: unknown format `1/9`"), "{:?}", m.warnings);
    }

    #[test]
    fn toml_rows_are_numbered_by_their_table() {
        let dir = tempfile::tempdir().unwrap();
        let text = "[[message]]\nsender = \"A\"\ntext = \"Salut\"\nformat = \"1/32\"\n\n\
                    [[message]]\nsender = \"B\"\ntext = \"Salut\"\nformat = \"2\"\n";
        std::fs::write(dir.path().join("messages.toml"), text).unwrap();
        let def = MessagesDef { file: None, pages: vec![1], order: Order::Listed, fill: false };
        let m = load(dir.path(), &def, &formats(), &mut BTreeMap::new()).unwrap();
        assert_eq!(m.list.len(), 1);
        assert!(m.warnings[0].starts_with("messages.toml line 6: unknown format `2`"), "{:?}", m.warnings);
    }
}
