//! Colour spaces as a printer sees them: which plates a colour inks, and which spaces are not print colour.

use lopdf::{Dictionary, Document, Object};

/// A colour space reduced to what preflight needs to know about it.
#[derive(Clone, Debug, PartialEq)]
pub enum Space {
    /// DeviceGray: the black plate.
    Gray,
    /// CalGray or ICC-based with one component: grey that colour management separates, so that
    /// its black may come out on four plates; the label says which.
    ManagedGray(&'static str),
    /// An RGB space; the label says which (`DeviceRGB`, `CalRGB`, `ICCBased RGB`).
    Rgb(&'static str),
    /// DeviceCMYK or ICC-based with four components.
    Cmyk,
    /// CIE L*a*b*.
    Lab,
    /// A palette over a base space, with its lookup table.
    Indexed { base: Box<Space>, lookup: Vec<u8> },
    /// One colorant by name (a process plate, `All`, `None` or a spot colour).
    Separation(String),
    /// Several colorants by name.
    DeviceN(Vec<String>),
    /// A pattern (shading or tiling); its colour is checked where the pattern is drawn.
    Pattern,
    /// Anything unreadable.
    Unknown,
}

/// What a colour puts on the plates: C, M, Y, K tints and the strongest spot-colour tint.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Ink {
    /// Cyan, magenta, yellow, black, each 0..=1.
    pub cmyk: [f64; 4],
    /// Spot plates used (tint above zero) and the highest of their tints.
    pub spots: usize,
    /// Highest spot tint.
    pub spot_tint: f64,
}

/// The kind of type a colour makes, for the minimum-size rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeInk {
    /// One plate at 100 %.
    Solid,
    /// One plate below 100 %.
    Tint,
    /// Two plates or more (or a colour that will be separated into several).
    Process,
    /// No ink at all: white type reversed out of what lies beneath.
    Reversed,
}

const EPS: f64 = 0.002;

impl Space {
    /// Number of colour components of a colour in this space.
    pub fn components(&self) -> usize {
        match self {
            Space::Gray | Space::ManagedGray(_) | Space::Indexed { .. } | Space::Separation(_) => 1,
            Space::Rgb(_) | Space::Lab => 3,
            Space::Cmyk => 4,
            Space::DeviceN(names) => names.len(),
            Space::Pattern | Space::Unknown => 0,
        }
    }

    /// The colour a space starts with when `cs`/`CS` selects it.
    pub fn initial(&self) -> Vec<f64> {
        match self {
            Space::Cmyk => vec![0.0, 0.0, 0.0, 1.0],
            Space::Separation(_) | Space::DeviceN(_) => vec![1.0; self.components()],
            _ => vec![0.0; self.components()],
        }
    }

    /// The RGB label when this space is RGB, directly or as a palette's base.
    pub fn rgb(&self) -> Option<&'static str> {
        match self {
            Space::Rgb(label) => Some(label),
            Space::Indexed { base, .. } => base.rgb().map(|_| "Indexed RGB"),
            _ => None,
        }
    }

    /// Spot colorants the space names (not a process plate, `All` or `None`), directly or as a
    /// palette's base.
    pub fn spots(&self) -> Vec<&str> {
        let spot = |n: &&String| !matches!(n.as_str(), "Cyan" | "Magenta" | "Yellow" | "Black" | "All" | "None");
        match self {
            Space::Separation(name) => std::iter::once(name).filter(spot).map(String::as_str).collect(),
            Space::DeviceN(names) => names.iter().filter(spot).map(String::as_str).collect(),
            Space::Indexed { base, .. } => base.spots(),
            _ => Vec::new(),
        }
    }

    /// Whether the space is CIE Lab, directly or as a palette's base.
    pub fn is_lab(&self) -> bool {
        match self {
            Space::Lab => true,
            Space::Indexed { base, .. } => base.is_lab(),
            _ => false,
        }
    }

    /// The ink of a colour in this space, when the space maps straight onto plates.
    pub fn ink(&self, comps: &[f64]) -> Option<Ink> {
        let c = |i: usize| comps.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        match self {
            Space::Gray | Space::ManagedGray(_) => Some(Ink { cmyk: [0.0, 0.0, 0.0, 1.0 - c(0)], ..Ink::default() }),
            Space::Cmyk => Some(Ink { cmyk: [c(0), c(1), c(2), c(3)], ..Ink::default() }),
            Space::Separation(name) => Some(colorant_ink(&[(name.as_str(), c(0))])),
            Space::DeviceN(names) => {
                let pairs: Vec<(&str, f64)> = names.iter().enumerate().map(|(i, n)| (n.as_str(), c(i))).collect();
                Some(colorant_ink(&pairs))
            }
            Space::Indexed { base, lookup } => {
                let n = base.components();
                let i = comps.first().copied().unwrap_or(0.0).max(0.0) as usize;
                let entry = lookup.get(i * n..(i + 1) * n)?;
                base.ink(&entry.iter().map(|&b| f64::from(b) / 255.0).collect::<Vec<_>>())
            }
            _ => None,
        }
    }
}

impl Ink {
    /// Total area coverage in percent.
    pub fn total(&self) -> f64 {
        (self.cmyk.iter().sum::<f64>() + self.spot_tint * self.spots as f64) * 100.0
    }

    /// Black plate only, at 100 %.
    pub fn is_solid_black(&self) -> bool {
        self.cmyk[3] >= 1.0 - EPS && self.cmyk[..3].iter().all(|&v| v <= EPS) && self.spots == 0
    }

    /// Black-looking but laid on several plates: K at 90 % or more with some C, M or Y.
    pub fn is_four_colour_black(&self) -> bool {
        self.cmyk[3] >= 0.9 && self.cmyk[..3].iter().any(|&v| v > EPS)
    }

    /// Solid, tint, four-colour or reversed.
    pub fn type_ink(&self) -> TypeInk {
        let used: Vec<f64> = self.cmyk.iter().copied().filter(|&v| v > EPS).collect();
        let plates = used.len() + self.spots;
        match plates {
            0 => TypeInk::Reversed,
            1 => {
                let tint = used.first().copied().unwrap_or(self.spot_tint);
                if tint >= 1.0 - EPS { TypeInk::Solid } else { TypeInk::Tint }
            }
            _ => TypeInk::Process,
        }
    }
}

/// Ink of named colorants: process names go to their plate, `All` to every plate, `None` nowhere,
/// and any other name is a spot plate.
fn colorant_ink(pairs: &[(&str, f64)]) -> Ink {
    let mut ink = Ink::default();
    for &(name, tint) in pairs {
        match name {
            "Cyan" => ink.cmyk[0] = tint,
            "Magenta" => ink.cmyk[1] = tint,
            "Yellow" => ink.cmyk[2] = tint,
            "Black" => ink.cmyk[3] = tint,
            "None" => {}
            "All" => ink.cmyk = [tint; 4],
            _ if tint > EPS => {
                ink.spots += 1;
                ink.spot_tint = ink.spot_tint.max(tint);
            }
            _ => {}
        }
    }
    ink
}

/// Resolves a colour space operand: a device name, a name in the resources' `/ColorSpace`, or an array.
pub fn resolve_named(doc: &Document, name: &[u8], resources: Option<&Dictionary>) -> Space {
    match device(name) {
        Some(space) => space,
        None => {
            let entry = resources
                .and_then(|r| r.get_deref(b"ColorSpace", doc).ok())
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get_deref(name, doc).ok());
            entry.map_or(Space::Unknown, |o| resolve(doc, o, 0))
        }
    }
}

/// Resolves a colour space object as found in an image, shading or resource dictionary.
pub fn resolve(doc: &Document, obj: &Object, depth: usize) -> Space {
    let obj = doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj);
    match obj {
        Object::Name(n) => device(n).unwrap_or(Space::Unknown),
        Object::Array(items) if depth < 8 => resolve_array(doc, items, depth),
        _ => Space::Unknown,
    }
}

/// Device spaces by full or inline-image abbreviated name.
fn device(name: &[u8]) -> Option<Space> {
    Some(match name {
        b"DeviceGray" | b"G" => Space::Gray,
        b"CalGray" => Space::ManagedGray("CalGray"),
        b"DeviceRGB" | b"RGB" => Space::Rgb("DeviceRGB"),
        b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
        b"Pattern" => Space::Pattern,
        _ => return None,
    })
}

fn resolve_array(doc: &Document, items: &[Object], depth: usize) -> Space {
    let family = items.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
    let arg = |i: usize| items.get(i).map(|o| doc.dereference(o).map(|(_, o)| o).unwrap_or(o));
    match family {
        b"DeviceGray" | b"G" => Space::Gray,
        b"CalGray" => Space::ManagedGray("CalGray"),
        b"DeviceRGB" | b"RGB" => Space::Rgb("DeviceRGB"),
        b"CalRGB" => Space::Rgb("CalRGB"),
        b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
        b"Lab" => Space::Lab,
        b"ICCBased" => icc_space(arg(1)),
        b"Indexed" | b"I" => Space::Indexed {
            base: Box::new(items.get(1).map_or(Space::Unknown, |b| resolve(doc, b, depth + 1))),
            lookup: arg(3).map(lookup_bytes).unwrap_or_default(),
        },
        b"Separation" => Space::Separation(arg(1).and_then(name_of).unwrap_or_default()),
        b"DeviceN" => {
            let names = arg(1).and_then(|o| o.as_array().ok()).map(|a| a.iter().filter_map(name_of).collect());
            Space::DeviceN(names.unwrap_or_default())
        }
        b"Pattern" => Space::Pattern,
        _ => Space::Unknown,
    }
}

fn icc_space(stream: Option<&Object>) -> Space {
    let n = stream.and_then(|o| o.as_stream().ok()).and_then(|s| s.dict.get(b"N").ok()).and_then(|n| n.as_i64().ok());
    match n {
        Some(1) => Space::ManagedGray("ICCBased grey"),
        Some(3) => Space::Rgb("ICCBased RGB"),
        Some(4) => Space::Cmyk,
        _ => Space::Unknown,
    }
}

fn lookup_bytes(obj: &Object) -> Vec<u8> {
    match obj {
        Object::String(bytes, _) => bytes.clone(),
        Object::Stream(s) => s.decompressed_content().unwrap_or_else(|_| s.content.clone()),
        _ => Vec::new(),
    }
}

fn name_of(obj: &Object) -> Option<String> {
    obj.as_name().ok().map(|n| String::from_utf8_lossy(n).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_ink_classes() {
        let cmyk = |c: [f64; 4]| Space::Cmyk.ink(&c).unwrap();
        assert_eq!(cmyk([0.0, 0.0, 0.0, 1.0]).type_ink(), TypeInk::Solid);
        assert_eq!(cmyk([0.0, 0.0, 0.0, 0.5]).type_ink(), TypeInk::Tint);
        assert_eq!(cmyk([0.6, 0.4, 0.4, 1.0]).type_ink(), TypeInk::Process);
        assert_eq!(cmyk([0.0; 4]).type_ink(), TypeInk::Reversed);
        assert!(cmyk([0.6, 0.4, 0.4, 1.0]).is_four_colour_black());
        assert_eq!(Space::Gray.ink(&[0.0]).unwrap().type_ink(), TypeInk::Solid);
    }

    #[test]
    fn indexed_rgb_is_rgb_and_indexed_cmyk_has_ink() {
        let rgb = Space::Indexed { base: Box::new(Space::Rgb("DeviceRGB")), lookup: vec![0; 6] };
        assert_eq!(rgb.rgb(), Some("Indexed RGB"));
        let cmyk = Space::Indexed { base: Box::new(Space::Cmyk), lookup: vec![0, 0, 0, 0, 255, 255, 255, 255] };
        assert_eq!(cmyk.ink(&[1.0]).unwrap().total(), 400.0);
    }

    #[test]
    fn registration_colour_inks_every_plate() {
        assert_eq!(Space::Separation("All".into()).ink(&[1.0]).unwrap().total(), 400.0);
        assert_eq!(Space::Separation("PANTONE 485".into()).ink(&[1.0]).unwrap().type_ink(), TypeInk::Solid);
    }
}
