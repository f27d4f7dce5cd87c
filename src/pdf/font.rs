//! Subsets a font with subsetter and embeds it as a CID-keyed Type 0 font with a ToUnicode map.

use crate::error::{Error, Result};
use crate::fonts::Font;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// The glyphs of one font a document uses, with the text each stands for.
#[derive(Default)]
pub struct FontUse {
    /// Original glyph id → characters.
    pub glyphs: BTreeMap<u16, String>,
    /// Glyph ids in the subset, assigned in glyph-id order so output is deterministic.
    pub remapper: GlyphRemapper,
}

impl FontUse {
    /// Fixes the subset's glyph numbering once all uses are known.
    pub fn finish_remap(&mut self) {
        let mut r = GlyphRemapper::new();
        for &g in self.glyphs.keys() {
            r.remap(g);
        }
        self.remapper = r;
    }

    /// The subset glyph id (the CID) of an original glyph.
    pub fn cid(&self, gid: u16) -> u16 {
        self.remapper.get(gid).unwrap_or(0)
    }
}

/// Object numbers of one embedded font.
pub struct FontRefs {
    /// The Type 0 font the pages name.
    pub type0: Ref,
    /// Its CID descendant.
    pub cid: Ref,
    /// Font descriptor.
    pub descriptor: Ref,
    /// Font program stream.
    pub data: Ref,
    /// ToUnicode CMap.
    pub cmap: Ref,
}

const IDENTITY: SystemInfo = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

/// Writes the font objects.
pub fn write_font(pdf: &mut Pdf, refs: &FontRefs, font: &Font, (usage, compress): (&FontUse, bool)) -> Result<()> {
    let subset = crate::files::guarded(&font.path, "font subsetter", || {
        subsetter::subset(font.data, 0, &usage.remapper)
            .map_err(|e| Error::in_file(&font.path, format!("cannot subset the font: {e}")))
    })?;
    let program = if font.is_cff { cff_table(&subset, font)? } else { subset };
    let base = format!("{}+{}", subset_tag(font, usage), font.postscript_name);
    let base = Name(base.as_bytes());

    pdf.type0_font(refs.type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid)
        .to_unicode(refs.cmap);

    let mut cid = pdf.cid_font(refs.cid);
    cid.subtype(if font.is_cff { CidFontType::Type0 } else { CidFontType::Type2 });
    cid.base_font(base).system_info(IDENTITY).font_descriptor(refs.descriptor).default_width(0.0);
    if !font.is_cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, widths(font, usage));
    cid.finish();

    descriptor(pdf, refs, font, base);
    let compressed: std::borrow::Cow<[u8]> =
        if compress { super::deflate(&program).into() } else { program.as_slice().into() };
    let mut stream = pdf.stream(refs.data, &compressed);
    if compress {
        stream.filter(Filter::FlateDecode);
    }
    if font.is_cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), program.len() as i32);
    }
    stream.finish();

    let cmap = to_unicode(usage);
    pdf.cmap(refs.cmap, &cmap).filter(Filter::FlateDecode);
    Ok(())
}

fn descriptor(pdf: &mut Pdf, refs: &FontRefs, font: &Font, base: Name) {
    let scale = |v: f64| (v * 1000.0 / font.units_per_em) as f32;
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.italic_angle != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    let [x0, y0, x1, y1] = font.bbox;
    let mut d = pdf.font_descriptor(refs.descriptor);
    d.name(base)
        .flags(flags)
        .bbox(Rect::new(scale(x0), scale(y0), scale(x1), scale(y1)))
        .italic_angle(font.italic_angle as f32)
        .ascent(scale(font.ascender))
        .descent(scale(font.descender))
        .cap_height(scale(font.cap_height))
        .stem_v(10.0 + 0.244 * (f32::from(font.weight) - 50.0));
    if font.is_cff {
        d.font_file3(refs.data);
    } else {
        d.font_file2(refs.data);
    }
    d.finish();
}

/// Advances of the subset's glyphs in thousandths of an em, indexed by CID.
fn widths(font: &Font, usage: &FontUse) -> Vec<f32> {
    let ttf: &ttf_parser::Face = &font.face;
    usage
        .remapper
        .remapped_gids()
        .map(|old| {
            let adv = ttf.glyph_hor_advance(ttf_parser::GlyphId(old)).unwrap_or(0);
            (f64::from(adv) * 1000.0 / font.units_per_em) as f32
        })
        .collect()
}

fn to_unicode(usage: &FontUse) -> Vec<u8> {
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (&gid, text) in &usage.glyphs {
        if !text.is_empty() {
            cmap.pair_with_multiple(usage.cid(gid), text.chars());
        }
    }
    super::deflate(&cmap.finish())
}

/// PDF wants the bare CFF table of an OpenType/CFF font (FontFile3 /CIDFontType0C).
fn cff_table(otf: &[u8], font: &Font) -> Result<Vec<u8>> {
    let raw = ttf_parser::RawFace::parse(otf, 0)
        .map_err(|e| Error::in_file(&font.path, format!("subset font unreadable: {e}")))?;
    raw.table(ttf_parser::Tag::from_bytes(b"CFF "))
        .map(<[u8]>::to_vec)
        .ok_or_else(|| Error::in_file(&font.path, "subset font has no CFF table"))
}

/// Six capital letters derived from the font and its glyph set, as PDF subset names require.
fn subset_tag(font: &Font, usage: &FontUse) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in font.postscript_name.bytes().chain(usage.glyphs.keys().flat_map(|g| g.to_be_bytes())) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    (0..6).map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char).collect()
}
