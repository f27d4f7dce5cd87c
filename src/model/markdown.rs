//! The Markdown body of an article: blocks of styled text, and what does not print as typed.

use super::blocks::{Block, Face, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Markdown body to blocks. Constructs the brief does not name keep their text as body paragraphs
/// so nothing an author typed is lost: a list item becomes a paragraph opened by its marker (a
/// dash, the French list sign, or its number: dropping `1.` would change what the text says), code
/// keeps its text, a link is followed by its address, raw HTML keeps the text between its tags.
/// HTML comments are notes to the desk and are left out, as a browser would. Footnotes (`[^1]`) are
/// numbered in the order they are called, the call printed as a superscript figure, and their texts
/// follow the article's last paragraph, each opened by its number: a newspaper page has no foot for
/// notes of its own. A table is set as plain lines, a row a paragraph, with a note: pages have no
/// table layout. A picture in the text (`![…](…)`) is not printed, nor its description: photos are
/// placed from the front matter, where they get a frame, a caption and a credit; the warnings
/// returned (with their byte offsets in `body`) tell the editor so.
pub(super) fn parse_body(body: &str) -> (Vec<Block>, Vec<(usize, String)>) {
    let mut r = Reader::default();
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for (event, at) in Parser::new_ext(body, options).into_offset_iter() {
        r.event(event, at.start);
    }
    flush(&mut r.blocks, &mut r.spans, Block::Paragraph);
    let mut notes = std::mem::take(&mut r.notes);
    notes.sort_by_key(|(label, _)| r.calls.iter().position(|c| c == label).unwrap_or(usize::MAX));
    r.blocks.extend(notes.into_iter().map(|(_, block)| block));
    (r.blocks, r.warnings)
}

/// Where [`parse_body`] is in the Markdown: open emphasis, quotes and lists.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    italic: u32,
    bold: u32,
    struck: u32,
    /// Inside a picture's description, which is not printed.
    image: u32,
    /// What does not print as typed, with its byte offset in the body.
    warnings: Vec<(usize, String)>,
    /// Cells read so far in the current table row.
    cells: usize,
    quote: u32,
    subhead: bool,
    /// One entry per open list: the next item's number, or `None` for a bullet list.
    lists: Vec<Option<u64>>,
    /// Inside raw HTML: within a tag, within a comment (both may run over several events).
    in_tag: bool,
    in_comment: bool,
    /// Footnote labels in the order they are first called; the number of a note is its place here.
    calls: Vec<String>,
    /// Footnote texts by label, and the one being read.
    notes: Vec<(String, Block)>,
    note: Option<String>,
    /// The open link: its address, and the text read inside it so far.
    link: Option<(String, String)>,
}

impl Reader {
    /// Reads one event starting at byte `at` of the body: pictures and tables first, since they
    /// are reported, then the markup that prints.
    fn event(&mut self, event: Event, at: usize) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.warnings.push((
                    at,
                    format!(
                        "the picture `{dest_url}` in the text is not printed: photos go in the front matter, \
                         as [[photos]] with file = \"{dest_url}\", a caption and a credit"
                    ),
                ));
                self.image += 1;
            }
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            Event::Start(Tag::Table(_)) => self.warnings.push((
                at,
                "the table is set as plain lines, a row a line and its cells separated by « – »: pages have \
                 no table layout; a list or a sidebar may read better"
                    .to_string(),
            )),
            _ if self.image > 0 => {}
            event => self.markup(event),
        }
    }

    fn markup(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Emphasis) => self.italic += 1,
            Event::End(TagEnd::Emphasis) => self.italic = self.italic.saturating_sub(1),
            Event::Start(Tag::Strong) => self.bold += 1,
            Event::End(TagEnd::Strong) => self.bold = self.bold.saturating_sub(1),
            Event::Start(Tag::Strikethrough) => self.struck += 1,
            Event::End(TagEnd::Strikethrough) => self.struck = self.struck.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => self.quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => self.quote = self.quote.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => self.subhead = true,
            Event::Start(Tag::List(start)) => self.lists.push(start),
            Event::End(TagEnd::List(_)) => _ = self.lists.pop(),
            Event::Start(Tag::Item) => self.item_marker(),
            Event::Start(Tag::TableHead) => (self.bold, self.cells) = (self.bold + 1, 0),
            Event::Start(Tag::TableRow) => self.cells = 0,
            Event::Start(Tag::TableCell) => {
                if self.cells > 0 {
                    push_text(&mut self.spans, " – ", Face::Regular);
                }
                self.cells += 1;
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                self.bold = self.bold.saturating_sub(u32::from(matches!(event, Event::End(TagEnd::TableHead))));
                flush(&mut self.blocks, &mut self.spans, Block::Paragraph);
            }
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::Start(Tag::Link { dest_url, .. }) => self.link = Some((dest_url.to_string(), String::new())),
            Event::End(TagEnd::Link) => {
                if let Some(address) = self.link.take().and_then(|(url, text)| printed_address(&url, &text)) {
                    push_text(&mut self.spans, &format!(" ({address})"), Face::Regular);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let text = self.html_text(&t);
                self.text(&text);
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut self.spans, " ", Face::Regular),
            Event::FootnoteReference(label) => {
                let n = self.call(&label);
                push_text(&mut self.spans, &superscript(n), Face::Regular);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flush(&mut self.blocks, &mut self.spans, Block::Paragraph);
                let n = self.call(&label);
                push_text(&mut self.spans, &format!("{n}.\u{a0}"), Face::Regular);
                self.note = Some(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(last) = self.spans.last_mut() {
                    last.text.truncate(last.text.trim_end().len());
                }
                let mut block = Vec::new();
                flush(&mut block, &mut self.spans, Block::Paragraph);
                let label = self.note.take().unwrap_or_default();
                self.notes.extend(block.into_iter().map(|b| (label.clone(), b)));
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut self.blocks, &mut self.spans, Block::Subhead);
                self.subhead = false;
            }
            Event::End(TagEnd::Paragraph) if self.note.is_some() => push_text(&mut self.spans, " ", Face::Regular),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::HtmlBlock) if !self.subhead => {
                let make = if self.quote > 0 { Block::Quote } else { Block::Paragraph };
                flush(&mut self.blocks, &mut self.spans, make);
            }
            _ => {}
        }
    }

    /// The number of footnote `label`, given at its first call (or at its text, when never called).
    fn call(&mut self, label: &str) -> usize {
        match self.calls.iter().position(|c| c == label) {
            Some(i) => i + 1,
            None => {
                self.calls.push(label.to_string());
                self.calls.len()
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((_, read)) = &mut self.link {
            read.push_str(text);
        }
        push_span(&mut self.spans, text, Face::Regular.with(self.italic > 0, self.bold > 0), self.struck > 0);
    }

    /// Opens a list item with its marker, held to the first word by a no-break space.
    fn item_marker(&mut self) {
        let make = if self.quote > 0 { Block::Quote } else { Block::Paragraph };
        flush(&mut self.blocks, &mut self.spans, make);
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                *n += 1;
                format!("{}.\u{a0}", *n - 1)
            }
            _ => "–\u{a0}".to_string(),
        };
        push_text(&mut self.spans, &marker, Face::Regular);
    }

    /// The text of raw HTML: what lies between its tags, without comments.
    fn html_text(&mut self, html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            if self.in_comment {
                let Some(end) = rest.find("-->") else { break };
                (self.in_comment, rest) = (false, &rest[end + 3..]);
            } else if !self.in_tag && rest.starts_with("<!--") {
                (self.in_comment, rest) = (true, &rest[4..]);
            } else {
                match c {
                    '<' => self.in_tag = true,
                    '>' if self.in_tag => self.in_tag = false,
                    '\n' if !self.in_tag => out.push(' '),
                    _ if !self.in_tag => out.push(c),
                    _ => {}
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }
}

/// What a link prints after its text: its address, since paper cannot be clicked. Not when the
/// text already is the address (`<https://…>`, or typed out with or without its scheme), nor for
/// a link within the page (`#…`), which has nothing to print. A web address keeps its scheme: it
/// is what tells the normaliser not to treat its `?` or `:` as French punctuation.
fn printed_address(url: &str, text: &str) -> Option<String> {
    let url = url.trim();
    let bare = |s: &str| {
        let s = s.trim();
        let s = ["https://", "http://", "mailto:"].iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s);
        s.strip_suffix('/').unwrap_or(s).to_string()
    };
    let address = url.strip_prefix("mailto:").unwrap_or(url);
    (!address.is_empty() && !url.starts_with('#') && bare(url) != bare(text)).then(|| address.to_string())
}

/// A footnote number in superscript figures (the body fonts have them), so that a call reads as
/// a note and not as a figure of the sentence.
fn superscript(n: usize) -> String {
    const FIGURES: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().chars().map(|c| FIGURES[c.to_digit(10).unwrap_or(0) as usize]).collect()
}

fn push_text(spans: &mut Vec<Span>, text: &str, face: Face) {
    push_span(spans, text, face, false);
}

fn push_span(spans: &mut Vec<Span>, text: &str, face: Face, struck: bool) {
    match spans.last_mut() {
        Some(last) if last.face == face && last.struck == struck => last.text.push_str(text),
        _ => spans.push(Span { text: text.to_string(), face, struck }),
    }
}

fn flush(blocks: &mut Vec<Block>, spans: &mut Vec<Span>, make: impl Fn(Vec<Span>) -> Block) {
    let taken = std::mem::take(spans);
    if taken.iter().any(|s| !s.text.trim().is_empty()) {
        blocks.push(make(taken));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use crate::model::Article;
    use std::path::Path;

    fn parse(text: &str) -> Result<Article> {
        Article::parse(Path::new("articles/a.md"), text)
    }

    fn texts(a: &Article) -> Vec<String> {
        a.blocks.iter().map(|b| b.spans().iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn list_items_keep_their_markers() {
        let a = parse("+++\nheadline = \"T\"\n+++\n- pain\n- roses\n\n3. trois\n4. quatre\n   - dedans\n").unwrap();
        let nb = '\u{a0}';
        let want = [format!("–{nb}pain"), format!("–{nb}roses"), format!("3.{nb}trois"), format!("4.{nb}quatre")];
        assert_eq!(texts(&a)[..4], want);
        assert_eq!(texts(&a)[4], format!("–{nb}dedans"));
    }

    #[test]
    fn raw_html_keeps_its_text_and_drops_comments() {
        let body = "+++\nheadline = \"T\"\n+++\n<div class=\"x\">Texte <b>gras</b></div>\n\n\
            <!--\nnote à la rédaction\n-->\n\nSuite <span>ici</span> <!-- caché --> fin.\n";
        let a = parse(body).unwrap();
        let all = texts(&a).join("|");
        assert!(all.contains("Texte gras") && all.contains("Suite ici") && all.contains("fin."), "{all}");
        assert!(!all.contains("note") && !all.contains("caché") && !all.contains('<'), "{all}");
    }

    #[test]
    fn footnotes_are_numbered_by_call_and_follow_the_text() {
        let body = "+++\nheadline = \"T\"\n+++\nUn fait[^b] et un autre[^a].\n\n\
            [^a]: Source A.\n[^b]: Source B,\n    sur deux lignes.\n\nFin.\n";
        let a = parse(body).unwrap();
        let nb = '\u{a0}';
        let all = texts(&a);
        assert_eq!(all[0], "Un fait¹ et un autre².");
        assert_eq!(all[1], "Fin.");
        assert_eq!(all[2..], [format!("1.{nb}Source B, sur deux lignes."), format!("2.{nb}Source A.")]);
    }

    #[test]
    fn links_print_their_address_unless_the_text_is_the_address() {
        let body = "+++\nheadline = \"T\"\n+++\nLire [le *rapport*](https://exemple.org/rapport/) ou \
            <https://exemple.org>, écrire à [la rédaction](mailto:redaction@exemple.org), voir \
            [plus haut](#debut) et [exemple.org](http://exemple.org/).\n";
        let a = parse(body).unwrap();
        assert_eq!(
            texts(&a)[0],
            "Lire le rapport (https://exemple.org/rapport/) ou https://exemple.org, écrire à la rédaction \
             (redaction@exemple.org), voir plus haut et exemple.org."
        );
        assert_eq!(a.blocks[0].spans()[1], Span { text: "rapport".into(), face: Face::Italic, struck: false });
    }

    #[test]
    fn struck_text_keeps_its_words_without_the_tildes() {
        let a = parse("+++\nheadline = \"T\"\n+++\nLe ~~licenciement~~ *plan ~~social~~*.\n").unwrap();
        let spans = a.blocks[0].spans();
        assert_eq!(texts(&a)[0], "Le licenciement plan social.");
        let struck: Vec<_> = spans.iter().filter(|s| s.struck).map(|s| (s.text.as_str(), s.face)).collect();
        assert_eq!(struck, [("licenciement", Face::Regular), ("social", Face::Italic)]);
    }

    #[test]
    fn a_picture_in_the_text_is_left_out_with_a_note_naming_its_line() {
        let a = parse("+++\nheadline = \"T\"\n+++\nAvant.\n\n![La manif](images/manif.jpg) Après.\n").unwrap();
        assert_eq!(texts(&a), ["Avant.", " Après."]);
        assert_eq!(a.notes.len(), 1);
        assert_eq!(a.notes[0].0, 6);
        assert!(a.notes[0].1.contains("`images/manif.jpg`") && a.notes[0].1.contains("[[photos]]"), "{:?}", a.notes);
    }

    #[test]
    fn a_table_is_set_a_row_a_paragraph_with_a_note() {
        let body = "+++\nheadline = \"T\"\n+++\nAvant.\n\n| Poste | Salaire |\n|---|---|\n| Caissière | 2 070 € |\n";
        let a = parse(body).unwrap();
        assert_eq!(texts(&a), ["Avant.", "Poste – Salaire", "Caissière – 2 070 €"]);
        assert_eq!(a.blocks[1].spans()[0].face, Face::Bold);
        assert_eq!(a.notes.len(), 1);
        assert_eq!(a.notes[0].0, 6);
        assert!(a.notes[0].1.contains("table"), "{:?}", a.notes);
    }
}
