//! Template styles resolved to loaded fonts.

use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::model::{Style, Template};
use crate::text::{FontSet, TextStyle};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every style of a template with its fonts loaded.
pub struct Styles {
    map: BTreeMap<String, TextStyle>,
}

impl Styles {
    /// Loads the fonts each style names, from the template's fonts folder (or an absolute path).
    pub fn load(t: &Template, book: &mut FontBook) -> Result<Styles> {
        let mut map = BTreeMap::new();
        for (name, style) in &t.styles {
            map.insert(name.clone(), resolve(t, name, style, book)?);
        }
        Ok(Styles { map })
    }

    /// A style by name (every required name exists once the template is loaded).
    pub fn get(&self, name: &str) -> TextStyle {
        self.map[name]
    }

    /// A style the template may leave out (`figure`).
    pub fn optional(&self, name: &str) -> Option<TextStyle> {
        self.map.get(name).copied()
    }
}

fn resolve(t: &Template, name: &str, s: &Style, book: &mut FontBook) -> Result<TextStyle> {
    let mut load = |file: &str| {
        let path = font_path(t, file);
        if !path.is_file() {
            return Err(Error::in_file(&t.path, format!("style `{name}`: font file `{file}` not found"))
                .with_help(format!("fonts are looked up in {}", t.fonts_dir.display())));
        }
        book.load(&path)
    };
    let regular = load(&s.font)?;
    let italic = s.italic.as_deref().map(&mut load).transpose()?.unwrap_or(regular);
    let bold = s.bold.as_deref().map(&mut load).transpose()?.unwrap_or(regular);
    let bold_italic = s.bold_italic.as_deref().map(&mut load).transpose()?.unwrap_or(bold);
    Ok(TextStyle {
        fonts: FontSet { regular, italic, bold, bold_italic },
        size: s.size,
        leading: s.leading,
        tracking: s.tracking / 1000.0 * s.size,
        color: s.color,
        uppercase: s.uppercase,
    })
}

fn font_path(t: &Template, file: &str) -> PathBuf {
    let p = PathBuf::from(file);
    if p.is_absolute() { p } else { t.fonts_dir.join(p) }
}
