//! The XML of Word and LibreOffice files as a tree: quick-xml reads the events, this keeps them,
//! so that the readers can ask a paragraph for its style and its runs in any order.

use quick_xml::events::Event;

/// An element: its qualified name as written (`w:p`, `text:h`), attributes and children.
#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

/// What an element holds.
#[derive(Debug)]
pub enum Child {
    Node(Node),
    Text(String),
}

/// Elements nest at most this deep; deeper is not a document an editor saved.
const DEPTH: usize = 256;

impl Node {
    /// An attribute's value by qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| if let Child::Node(n) = c { Some(n) } else { None })
    }

    /// The first child element of that name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.nodes().find(|n| n.name == name)
    }

    /// Every element of that name below this one, in document order.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for n in self.nodes() {
            if n.name == name {
                out.push(n);
            }
            n.descendants(name, out);
        }
    }

    /// All the text below this element.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::Node(n) => s.push_str(&n.text()),
            }
        }
        s
    }
}

/// Parses a whole XML part into its root element.
pub fn parse(bytes: &[u8]) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| format!("broken XML: {e}"))?;
        match event {
            Event::Start(e) => {
                if stack.len() > DEPTH {
                    return Err(format!("XML nested over {DEPTH} deep"));
                }
                stack.push(element(&e)?);
            }
            Event::Empty(e) => push(&mut stack, Child::Node(element(&e)?)),
            Event::End(_) => {
                let node = stack.pop().filter(|_| !stack.is_empty()).ok_or("broken XML: an end tag too many")?;
                push(&mut stack, Child::Node(node));
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| format!("broken XML: {e}"))?;
                push(&mut stack, Child::Text(text.into_owned()));
            }
            Event::CData(t) => push(&mut stack, Child::Text(String::from_utf8_lossy(&t).into_owned())),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut root = stack.into_iter().next().unwrap_or_default();
    root.nodes().next().ok_or_else(|| "no XML element".to_string())?;
    let first = root.children.drain(..).find_map(|c| if let Child::Node(n) = c { Some(n) } else { None });
    first.ok_or_else(|| "no XML element".to_string())
}

fn push(stack: &mut [Node], child: Child) {
    if let Some(top) = stack.last_mut() {
        top.children.push(child);
    }
}

fn element(e: &quick_xml::events::BytesStart) -> Result<Node, String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("broken XML attribute: {e}"))?;
        let value = a.unescape_value().map_err(|e| format!("broken XML attribute: {e}"))?;
        attrs.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), value.into_owned()));
    }
    Ok(Node { name, attrs, children: Vec::new() })
}

/// A part of a zip container (a .docx or .odt), bounded in size.
pub fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read;
    let Ok(file) = zip.by_name(name) else { return Ok(None) };
    if file.size() > PART_LIMIT {
        return Err(format!("{name} inside the file is {} MB, over {} MB", file.size() >> 20, PART_LIMIT >> 20));
    }
    let mut bytes = Vec::new();
    file.take(PART_LIMIT + 1).read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(bytes))
}

/// Most bytes of one part once unpacked (a zip can say anything of its sizes: the read is capped
/// too).
const PART_LIMIT: u64 = 128 << 20;
