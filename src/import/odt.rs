//! LibreOffice files (.odt, OpenDocument text): `content.xml` read paragraph by paragraph, its
//! automatic styles (and `styles.xml`'s named ones) telling emphasis and what a paragraph is.

use super::xml::{Node, parse, part};
use super::{Block, Doc, Inline};
use std::collections::BTreeMap;

/// A style: its parent, and the emphasis it sets.
#[derive(Default)]
struct Style {
    /// An automatic style (`P1`, `T2`): a paragraph's own formatting over a named style.
    automatic: bool,
    parent: Option<String>,
    italic: Option<bool>,
    bold: Option<bool>,
}

/// Reads a .odt file.
pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not an OpenDocument file ({e})"))?;
    let content = part(&mut zip, "content.xml")?.ok_or("not an OpenDocument file (no content.xml)")?;
    let content = parse(&content)?;
    let named = part(&mut zip, "styles.xml")?.map(|b| parse(&b)).transpose()?;
    let mut styles = BTreeMap::new();
    let mut lists = BTreeMap::new();
    for root in named.iter().chain(std::iter::once(&content)) {
        for section in root.nodes().filter(|n| n.name == "office:styles" || n.name == "office:automatic-styles") {
            read_styles(section, &mut styles, &mut lists);
        }
    }
    let text =
        content.child("office:body").and_then(|b| b.child("office:text")).ok_or("no office:text in content.xml")?;
    let mut reader = Reader {
        styles: &styles,
        lists: &lists,
        zip: &mut zip,
        doc: Doc::default(),
        boxes: Vec::new(),
        comments: Vec::new(),
        changes: false,
    };
    for node in text.nodes() {
        reader.block(node, 0, None);
    }
    let Reader { doc, boxes, comments, changes, .. } = reader;
    Ok(super::finish(doc, boxes, changes, comments))
}

fn read_styles(section: &Node, styles: &mut BTreeMap<String, Style>, lists: &mut BTreeMap<String, Vec<bool>>) {
    for s in section.nodes() {
        let Some(name) = s.attr("style:name") else { continue };
        if s.name == "text:list-style" {
            let levels = s.nodes().map(|l| l.name == "text:list-level-style-number").collect();
            lists.insert(name.to_string(), levels);
            continue;
        }
        let props = s.child("style:text-properties");
        let italic = props.and_then(|p| p.attr("fo:font-style")).map(|v| v == "italic" || v == "oblique");
        let bold = props
            .and_then(|p| p.attr("fo:font-weight"))
            .map(|v| v == "bold" || v.parse::<u32>().is_ok_and(|w| w >= 600));
        let parent = s.attr("style:parent-style-name").map(str::to_string);
        let automatic = section.name == "office:automatic-styles";
        styles.insert(name.to_string(), Style { automatic, parent, italic, bold });
    }
}

struct Reader<'s, 'z, 'b> {
    styles: &'s BTreeMap<String, Style>,
    lists: &'s BTreeMap<String, Vec<bool>>,
    zip: &'z mut zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
    doc: Doc,
    boxes: Vec<Block>,
    comments: Vec<String>,
    changes: bool,
}

impl Reader<'_, '_, '_> {
    /// A block element; `depth` and `list` are those of the list it sits in, if any.
    fn block(&mut self, node: &Node, depth: usize, list: Option<&str>) {
        match node.name.as_str() {
            "text:h" => {
                let level = node.attr("text:outline-level").and_then(|l| l.parse().ok()).unwrap_or(1u8);
                let text = self.inline(node);
                if !text.trim().is_empty() {
                    self.doc.blocks.push(Block::Heading(level.clamp(1, 9), text));
                }
            }
            "text:p" => self.paragraph(node, depth, list),
            "text:list" => {
                let style = node.attr("text:style-name").or(list).map(str::to_string);
                for item in node.nodes().filter(|i| i.name == "text:list-item" || i.name == "text:list-header") {
                    for child in item.nodes() {
                        let inner = if child.name == "text:list" { depth + 1 } else { depth };
                        self.block(child, inner, Some(style.as_deref().unwrap_or("")));
                    }
                }
            }
            "table:table" => {
                let mut rows = Vec::new();
                node.descendants("table:table-row", &mut rows);
                let rows = rows.into_iter().map(|r| self.row(r)).collect();
                self.doc.blocks.push(Block::Table(rows));
            }
            "text:tracked-changes" => self.changes = true,
            "text:section" | "text:index-body" => node.nodes().for_each(|n| self.block(n, depth, list)),
            _ => {}
        }
    }

    fn row(&mut self, row: &Node) -> Vec<String> {
        let cells = row.nodes().filter(|c| c.name == "table:table-cell");
        cells
            .map(|c| {
                let texts: Vec<String> = c.nodes().filter(|p| p.name == "text:p").map(|p| self.inline(p)).collect();
                texts.join(" ").trim().to_string()
            })
            .collect()
    }

    fn paragraph(&mut self, p: &Node, depth: usize, list: Option<&str>) {
        let style = p.attr("text:style-name").unwrap_or("");
        let kind = self.kind(style);
        let text = self.inline(p);
        if text.trim().is_empty() {
            return;
        }
        let plain = || super::clean(&p.text());
        match (kind.as_str(), list) {
            (_, Some(list)) => {
                let ordered = self.lists.get(list).and_then(|l| l.get(depth).copied()).unwrap_or(false);
                self.doc.blocks.push(Block::Item(ordered, depth.min(3), text));
            }
            ("Title", _) => self.doc.headline = Some(plain()),
            ("Subtitle", _) => self.doc.deck = Some(plain()),
            ("Quotations" | "Quote", _) => self.doc.blocks.push(Block::Quote(text)),
            _ => self.doc.blocks.push(Block::Para(text)),
        }
    }

    /// The named style an automatic one derives from (`P3` → `Quotations`).
    fn kind(&self, style: &str) -> String {
        let mut name = style;
        for _ in 0..16 {
            match self.styles.get(name) {
                Some(Style { automatic: true, parent: Some(parent), .. }) => name = parent,
                _ => break,
            }
        }
        name.to_string()
    }

    /// Emphasis a style sets, through its parents.
    fn emphasis(&self, style: &str, (italic, bold): (bool, bool)) -> (bool, bool) {
        let (mut i, mut b) = (None, None);
        let mut name = Some(style);
        for _ in 0..16 {
            let Some(s) = name.and_then(|n| self.styles.get(n)) else { break };
            i = i.or(s.italic);
            b = b.or(s.bold);
            name = s.parent.as_deref();
        }
        (i.unwrap_or(italic), b.unwrap_or(bold))
    }

    fn inline(&mut self, node: &Node) -> String {
        let mut inline = Inline::default();
        let base = self.emphasis(node.attr("text:style-name").unwrap_or(""), (false, false));
        self.spans(node, base, &mut inline);
        inline.take()
    }

    fn spans(&mut self, node: &Node, look: (bool, bool), inline: &mut Inline) {
        for child in &node.children {
            let n = match child {
                super::xml::Child::Text(t) => {
                    inline.text(t, look.0, look.1);
                    continue;
                }
                super::xml::Child::Node(n) => n,
            };
            match n.name.as_str() {
                "text:span" => {
                    let inner = self.emphasis(n.attr("text:style-name").unwrap_or(""), look);
                    self.spans(n, inner, inline);
                }
                "text:a" => {
                    let mut link = Inline::default();
                    self.spans(n, look, &mut link);
                    let text = link.take();
                    match n.attr("xlink:href") {
                        Some(url) if !text.is_empty() => inline.raw(&format!("[{text}]({url})")),
                        _ => inline.raw(&text),
                    }
                }
                "text:s" => {
                    let count = n.attr("text:c").and_then(|c| c.parse().ok()).unwrap_or(1usize).min(8);
                    inline.text(&" ".repeat(count), look.0, look.1);
                }
                "text:tab" | "text:line-break" => inline.text(" ", look.0, look.1),
                "text:note" => {
                    let body = n.child("text:note-body");
                    let texts: Vec<String> =
                        body.map(|b| b.nodes().map(|p| self.inline(p)).collect()).unwrap_or_default();
                    self.doc.notes.push(texts.join(" ").trim().to_string());
                    inline.raw(&format!("[^{}]", self.doc.notes.len()));
                }
                "office:annotation" => {
                    let texts: Vec<String> = n.nodes().filter(|p| p.name == "text:p").map(|p| p.text()).collect();
                    self.comments
                        .push(format!("« {} »", super::clean(&texts.join(" ")).chars().take(60).collect::<String>()));
                }
                "draw:frame" | "draw:a" => self.frame(n),
                "text:change-start" | "text:change-end" | "text:change" => self.changes = true,
                "text:bookmark" | "text:bookmark-start" | "text:bookmark-end" | "text:soft-page-break" => {}
                _ => self.spans(n, look, inline),
            }
        }
    }

    /// A picture (its bytes from `Pictures/`) or a text box (its paragraphs, for the end).
    fn frame(&mut self, frame: &Node) {
        if let Some(text_box) = frame.child("draw:text-box") {
            for p in text_box.nodes() {
                let text = self.inline(p);
                if !text.trim().is_empty() {
                    self.boxes.push(Block::Para(text));
                }
            }
            return;
        }
        let Some(href) = frame.child("draw:image").and_then(|i| i.attr("xlink:href")) else { return };
        let caption =
            frame.child("svg:desc").or_else(|| frame.child("svg:title")).map(|d| d.text()).unwrap_or_default();
        if let Ok(Some(bytes)) = part(self.zip, href) {
            let name = href.rsplit('/').next().unwrap_or("picture").to_string();
            self.doc.pictures.push((name, bytes, caption));
        }
    }
}
