//! Word files (.docx, Office Open XML): `word/document.xml` read paragraph by paragraph, with the
//! styles, numbering, relationships, footnotes and comments parts it refers to.

use super::xml::{Child, Node, parse, part};
use super::{Block, Doc, Inline};
use std::collections::BTreeMap;

/// A paragraph style: its built-in name, lower case (`heading 1`, `title`, `quote`), and outline
/// level when it has one. The id (`Titre1` in a French Word) is only the key.
struct Style {
    name: String,
    outline: Option<u8>,
}

/// What the parts besides the body say.
struct Parts {
    styles: BTreeMap<String, Style>,
    /// Numbering id → per level, whether it counts (not bullets).
    numbering: BTreeMap<String, Vec<bool>>,
    /// Relationship id → target (a picture in `word/media/`, or a link).
    rels: BTreeMap<String, String>,
    footnotes: BTreeMap<String, Node>,
    endnotes: BTreeMap<String, Node>,
}

/// Reads a .docx file.
pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a Word file ({e})"))?;
    let body = part(&mut zip, "word/document.xml")?.ok_or("not a Word file (no word/document.xml)")?;
    let xml = |zip: &mut _, name| -> Result<Option<Node>, String> { part(zip, name)?.map(|b| parse(&b)).transpose() };
    let parts = Parts {
        styles: xml(&mut zip, "word/styles.xml")?.map(|s| styles(&s)).unwrap_or_default(),
        numbering: xml(&mut zip, "word/numbering.xml")?.map(|n| numbering(&n)).unwrap_or_default(),
        rels: xml(&mut zip, "word/_rels/document.xml.rels")?.map(|r| rels(&r)).unwrap_or_default(),
        footnotes: xml(&mut zip, "word/footnotes.xml")?.map(|n| notes(n, "w:footnote")).unwrap_or_default(),
        endnotes: xml(&mut zip, "word/endnotes.xml")?.map(|n| notes(n, "w:endnote")).unwrap_or_default(),
    };
    let document = parse(&body)?;
    let body = document.child("w:body").ok_or("no w:body in word/document.xml")?;
    let mut reader =
        Reader { parts: &parts, zip: &mut zip, doc: Doc::default(), boxes: Vec::new(), comments: 0, changes: false };
    for node in body.nodes() {
        reader.block(node);
    }
    let Reader { doc, boxes, comments, changes, .. } = reader;
    let texts = match comments {
        0 => Vec::new(),
        _ => xml(&mut zip, "word/comments.xml")?.map(|c| comment_texts(&c, "w:comment")).unwrap_or_default(),
    };
    Ok(super::finish(doc, boxes, changes, texts))
}

struct Reader<'p, 'z, 'b> {
    parts: &'p Parts,
    zip: &'z mut zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
    doc: Doc,
    /// Paragraphs of text boxes, which have no place in the flow: they go at the end.
    boxes: Vec<Block>,
    comments: usize,
    changes: bool,
}

impl Reader<'_, '_, '_> {
    fn block(&mut self, node: &Node) {
        match node.name.as_str() {
            "w:p" => {
                if let Some(b) = self.paragraph(node) {
                    self.doc.blocks.push(b);
                }
            }
            "w:tbl" => {
                let rows = node.nodes().filter(|r| r.name == "w:tr").map(|r| self.row(r)).collect();
                self.doc.blocks.push(Block::Table(rows));
            }
            "w:sdt" | "w:sdtContent" | "w:customXml" | "w:ins" => node.nodes().for_each(|n| self.block(n)),
            _ => {}
        }
    }

    fn row(&mut self, row: &Node) -> Vec<String> {
        let cells = row.nodes().filter(|c| c.name == "w:tc");
        cells
            .map(|c| {
                let mut inline = Inline::default();
                for p in c.nodes().filter(|p| p.name == "w:p") {
                    self.runs(p, &mut inline);
                    inline.text(" ", false, false);
                }
                inline.take().trim().to_string()
            })
            .collect()
    }

    /// A paragraph as a block, or as the title, subtitle or nothing.
    fn paragraph(&mut self, p: &Node) -> Option<Block> {
        let props = p.child("w:pPr");
        let style = props.and_then(|pr| pr.child("w:pStyle")).and_then(|s| s.attr("w:val"));
        let style = style.and_then(|id| self.parts.styles.get(id));
        let name = style.map_or("", |s| s.name.as_str());
        let own_outline = props.and_then(|pr| pr.child("w:outlineLvl")).and_then(|o| o.attr("w:val")?.parse().ok());
        let outline = own_outline.or(style.and_then(|s| s.outline)).filter(|&o| o < 9);
        let mut inline = Inline::default();
        self.runs(p, &mut inline);
        let text = inline.take();
        if text.trim().is_empty() {
            return None;
        }
        let plain = || plain_text(p);
        let numbering = props.and_then(|pr| pr.child("w:numPr"));
        match name {
            "title" => self.doc.headline = Some(plain()),
            "subtitle" => self.doc.deck = Some(plain()),
            _ if outline.is_some() || name.starts_with("heading ") => {
                let level = outline.map_or_else(|| name[8..].trim().parse().unwrap_or(2), |o| o + 1);
                return Some(Block::Heading(level, text));
            }
            _ if name.contains("quot") || name == "block text" => return Some(Block::Quote(text)),
            _ if numbering.is_some() || name.starts_with("list") => {
                let level = numbering.and_then(|n| n.child("w:ilvl")).and_then(|l| l.attr("w:val")?.parse().ok());
                let id = numbering.and_then(|n| n.child("w:numId")).and_then(|l| l.attr("w:val"));
                let ordered =
                    id.and_then(|id| self.parts.numbering.get(id)).and_then(|l| l.get(level.unwrap_or(0)).copied());
                return Some(Block::Item(ordered.unwrap_or(name.contains("number")), level.unwrap_or(0).min(3), text));
            }
            _ => return Some(Block::Para(text)),
        }
        None
    }

    /// The runs of a paragraph (and of the links, insertions and fields inside it), in order.
    fn runs(&mut self, node: &Node, inline: &mut Inline) {
        for n in node.nodes() {
            match n.name.as_str() {
                "w:r" => self.run(n, inline),
                "w:hyperlink" => {
                    let target = n.attr("r:id").and_then(|id| self.parts.rels.get(id)).cloned();
                    let mut inner = Inline::default();
                    self.runs(n, &mut inner);
                    let text = inner.take();
                    match target {
                        Some(url) if !text.is_empty() => inline.raw(&format!("[{text}]({url})")),
                        _ => inline.raw(&text),
                    }
                }
                "w:ins" | "w:moveTo" => {
                    self.changes = true;
                    self.runs(n, inline);
                }
                "w:del" | "w:moveFrom" => self.changes = true,
                "w:smartTag" | "w:sdt" | "w:sdtContent" | "w:fldSimple" | "w:customXml" => self.runs(n, inline),
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Node, inline: &mut Inline) {
        let props = r.child("w:rPr");
        let on = |key: &str| {
            props.and_then(|p| p.child(key)).is_some_and(|e| !matches!(e.attr("w:val"), Some("0" | "false" | "none")))
        };
        let (italic, bold) = (on("w:i"), on("w:b"));
        for c in r.nodes() {
            match c.name.as_str() {
                "w:t" => inline.text(&c.text(), italic, bold),
                "w:tab" | "w:br" | "w:cr" => inline.text(" ", italic, bold),
                "w:noBreakHyphen" => inline.text("-", italic, bold),
                "w:footnoteReference" | "w:endnoteReference" => {
                    let notes =
                        if c.name == "w:footnoteReference" { &self.parts.footnotes } else { &self.parts.endnotes };
                    if let Some(note) = c.attr("w:id").and_then(|id| notes.get(id)) {
                        let mut text = Inline::default();
                        for p in note.nodes().filter(|p| p.name == "w:p") {
                            self.runs(p, &mut text);
                            text.text(" ", false, false);
                        }
                        self.doc.notes.push(text.take().trim().to_string());
                        inline.raw(&format!("[^{}]", self.doc.notes.len()));
                    }
                }
                "w:commentReference" => self.comments += 1,
                "w:drawing" | "w:pict" | "mc:AlternateContent" => self.drawing(c),
                _ => {}
            }
        }
    }

    /// A picture (its bytes from `word/media/`) or a text box (its paragraphs, for the end).
    fn drawing(&mut self, node: &Node) {
        let mut boxes = Vec::new();
        node.descendants("w:txbxContent", &mut boxes);
        if let Some(content) = boxes.first() {
            for p in content.nodes().filter(|p| p.name == "w:p") {
                if let Some(b) = self.paragraph(p) {
                    self.boxes.push(b);
                }
            }
            return;
        }
        let mut blips = Vec::new();
        node.descendants("a:blip", &mut blips);
        node.descendants("v:imagedata", &mut blips);
        let id = blips.first().and_then(|b| b.attr("r:embed").or_else(|| b.attr("r:id")));
        let Some(target) = id.and_then(|id| self.parts.rels.get(id)) else { return };
        let mut props = Vec::new();
        node.descendants("wp:docPr", &mut props);
        let caption = props.first().and_then(|p| p.attr("descr")).unwrap_or("").to_string();
        let path = format!("word/{}", target.trim_start_matches('/').trim_start_matches("word/"));
        if let Ok(Some(bytes)) = part(self.zip, &path) {
            let name = target.rsplit('/').next().unwrap_or("picture").to_string();
            if !self.doc.pictures.iter().any(|(n, _, _)| *n == name) {
                self.doc.pictures.push((name, bytes, caption));
            }
        }
    }
}

/// A paragraph's text without emphasis: for the headline and deck, which the front matter holds.
fn plain_text(p: &Node) -> String {
    let mut ts = Vec::new();
    p.descendants("w:t", &mut ts);
    ts.iter().map(|t| t.text()).collect()
}

fn styles(root: &Node) -> BTreeMap<String, Style> {
    let mut out = BTreeMap::new();
    for s in root.nodes().filter(|s| s.name == "w:style") {
        let Some(id) = s.attr("w:styleId") else { continue };
        let name = s.child("w:name").and_then(|n| n.attr("w:val")).unwrap_or("").to_lowercase();
        let outline =
            s.child("w:pPr").and_then(|p| p.child("w:outlineLvl")).and_then(|o| o.attr("w:val")?.parse().ok());
        out.insert(id.to_string(), Style { name, outline });
    }
    out
}

fn numbering(root: &Node) -> BTreeMap<String, Vec<bool>> {
    let abstracts: BTreeMap<&str, Vec<bool>> = root
        .nodes()
        .filter(|a| a.name == "w:abstractNum")
        .filter_map(|a| {
            let levels = a.nodes().filter(|l| l.name == "w:lvl");
            let counts = levels.map(|l| {
                l.child("w:numFmt").and_then(|f| f.attr("w:val")).is_some_and(|f| f != "bullet" && f != "none")
            });
            Some((a.attr("w:abstractNumId")?, counts.collect()))
        })
        .collect();
    root.nodes()
        .filter(|n| n.name == "w:num")
        .filter_map(|n| {
            let abstract_id = n.child("w:abstractNumId")?.attr("w:val")?;
            Some((n.attr("w:numId")?.to_string(), abstracts.get(abstract_id)?.clone()))
        })
        .collect()
}

fn rels(root: &Node) -> BTreeMap<String, String> {
    root.nodes().filter_map(|r| Some((r.attr("Id")?.to_string(), r.attr("Target")?.to_string()))).collect()
}

fn notes(root: Node, name: &str) -> BTreeMap<String, Node> {
    let mut out = BTreeMap::new();
    for c in root.children {
        if let Child::Node(n) = c
            && n.name == name
            && let Some(id) = n.attr("w:id").map(str::to_string)
        {
            out.insert(id, n);
        }
    }
    out
}

/// The first words of each comment, for the report.
pub fn comment_texts(root: &Node, name: &str) -> Vec<String> {
    let mut comments = Vec::new();
    root.descendants(name, &mut comments);
    comments
        .iter()
        .map(|c| {
            let text = super::clean(&c.text());
            let short: String = text.chars().take(60).collect();
            if short.len() < text.len() { format!("« {short}… »") } else { format!("« {short} »") }
        })
        .collect()
}
