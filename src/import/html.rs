//! Web pages (.html): the `<article>` or `<main>` element, else `<body>`, parsed with html5ever
//! (through scraper), which mends a page as a browser does.

use super::{Block, Doc, Inline};
use scraper::{ElementRef, Html, Node, Selector};
use std::path::Path;

/// Reads a web page; pictures are read from `dir` (where the page was saved) when they are there.
pub fn read(source: &str, dir: Option<&Path>) -> Doc {
    let page = Html::parse_document(source);
    let mut doc = Doc::default();
    let root =
        ["article", "main", "body"].iter().filter_map(|s| Selector::parse(s).ok()).find_map(|s| page.select(&s).next());
    let Some(root) = root else { return doc };
    let mut reader = Reader { doc: &mut doc, dir };
    reader.blocks(root, 0);
    doc
}

struct Reader<'d, 'p> {
    doc: &'d mut Doc,
    dir: Option<&'p Path>,
}

impl Reader<'_, '_> {
    fn blocks(&mut self, el: ElementRef, depth: usize) {
        let mut loose = Inline::default();
        for child in el.children() {
            match ElementRef::wrap(child) {
                Some(e) if self.block(e, depth) => {
                    self.flush(&mut loose);
                }
                Some(e) => inline(e, (false, false), &mut loose),
                None => {
                    if let Node::Text(t) = child.value() {
                        loose.text(t, false, false);
                    }
                }
            }
        }
        self.flush(&mut loose);
    }

    /// Text found between blocks, as a paragraph of its own.
    fn flush(&mut self, loose: &mut Inline) {
        let text = loose.take();
        if !text.trim().is_empty() {
            self.doc.blocks.push(Block::Para(text.trim().to_string()));
        }
    }

    /// Handles a block element; false for an inline one.
    fn block(&mut self, e: ElementRef, depth: usize) -> bool {
        let class = e.value().attr("class").unwrap_or("").to_lowercase();
        let text = || {
            let mut i = Inline::default();
            inline_children(e, (false, false), &mut i);
            i.take().trim().to_string()
        };
        match e.value().name() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = e.value().name()[1..].parse().unwrap_or(2);
                self.doc.blocks.push(Block::Heading(level, text()));
            }
            "p" if class.contains("byline") || class.contains("author") => self.doc.byline = Some(plain(e)),
            "p" if ["deck", "lead", "standfirst", "chapo"].iter().any(|c| class.contains(c)) => {
                self.doc.deck = Some(plain(e))
            }
            "p" => self.doc.blocks.push(Block::Para(text())),
            "blockquote" => {
                let quote = e.text().collect::<String>();
                self.doc.blocks.push(Block::Quote(super::escape(quote.trim())));
            }
            "ul" | "ol" => {
                let ordered = e.value().name() == "ol";
                for li in e.children().filter_map(ElementRef::wrap).filter(|li| li.value().name() == "li") {
                    let mut i = Inline::default();
                    for c in li.children() {
                        match ElementRef::wrap(c) {
                            Some(list) if matches!(list.value().name(), "ul" | "ol") => {}
                            Some(other) => inline(other, (false, false), &mut i),
                            None => {
                                if let Node::Text(t) = c.value() {
                                    i.text(t, false, false);
                                }
                            }
                        }
                    }
                    self.doc.blocks.push(Block::Item(ordered, depth.min(3), i.take().trim().to_string()));
                    for nested in
                        li.children().filter_map(ElementRef::wrap).filter(|l| matches!(l.value().name(), "ul" | "ol"))
                    {
                        self.block(nested, depth + 1);
                    }
                }
            }
            "table" => {
                let rows = Selector::parse("tr").map(|s| e.select(&s).map(row).collect()).unwrap_or_default();
                self.doc.blocks.push(Block::Table(rows));
            }
            "img" => self.picture(e, ""),
            "figure" => {
                let caption = Selector::parse("figcaption").ok().and_then(|s| e.select(&s).next()).map(plain);
                match Selector::parse("img").ok().and_then(|s| e.select(&s).next()) {
                    Some(img) => self.picture(img, caption.as_deref().unwrap_or("")),
                    None => self.blocks(e, depth),
                }
            }
            "script" | "style" | "nav" | "noscript" | "template" | "form" | "button" => {}
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" => self.blocks(e, depth),
            _ => return false,
        }
        true
    }

    /// A picture saved beside the page; one that is not there is reported.
    fn picture(&mut self, img: ElementRef, caption: &str) {
        let Some(src) = img.value().attr("src") else { return };
        let caption = if caption.is_empty() { img.value().attr("alt").unwrap_or("") } else { caption };
        let local =
            self.dir.map(|d| d.join(src)).filter(|p| !src.contains("://") && !src.contains("..") && p.is_file());
        match local.and_then(|p| crate::files::read_bounded(&p, crate::files::BINARY_LIMIT).ok()) {
            Some(bytes) => {
                let name = src.rsplit('/').next().unwrap_or("picture").to_string();
                self.doc.pictures.push((name, bytes, super::clean(caption)));
            }
            None => self.doc.reports.push(format!("picture {src} not found beside the page: not imported")),
        }
    }
}

fn row(tr: ElementRef) -> Vec<String> {
    let cells = tr.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th"));
    cells.map(|c| super::escape(plain(c).trim())).collect()
}

fn plain(e: ElementRef) -> String {
    super::clean(&e.text().collect::<String>())
}

fn inline(e: ElementRef, look: (bool, bool), out: &mut Inline) {
    let look = match e.value().name() {
        "em" | "i" | "cite" => (true, look.1),
        "strong" | "b" => (look.0, true),
        "br" => {
            out.text(" ", look.0, look.1);
            return;
        }
        "script" | "style" => return,
        "a" => {
            let mut link = Inline::default();
            inline_children(e, look, &mut link);
            let text = link.take();
            match e.value().attr("href") {
                Some(url) if url.starts_with("http") && !text.is_empty() => out.raw(&format!("[{text}]({url})")),
                _ => out.raw(&text),
            }
            return;
        }
        _ => look,
    };
    inline_children(e, look, out);
}

fn inline_children(e: ElementRef, look: (bool, bool), out: &mut Inline) {
    for child in e.children() {
        match ElementRef::wrap(child) {
            Some(el) => inline(el, look, out),
            None => {
                if let Node::Text(t) = child.value() {
                    out.text(t, look.0, look.1);
                }
            }
        }
    }
}
