//! Image XObjects: JPEGs passed through, decoded pixels deflated once per build, alpha as a soft mask.

use pdf_writer::{Filter, Finish, Name, Pdf, Ref};
use std::path::Path;
use std::sync::Arc;

/// An image stream ready to be written into any number of PDFs.
pub struct Encoded {
    data: Arc<Vec<u8>>,
    filter: Filter,
    width: i32,
    height: i32,
    components: u8,
    inverted: bool,
    mask: Option<Vec<u8>>,
}

impl Encoded {
    /// A JPEG stream; `inverted` for Adobe CMYK JPEGs, which store 255 for no ink.
    pub fn jpeg(bytes: Arc<Vec<u8>>, (w, h): (u32, u32), components: u8, inverted: bool) -> Encoded {
        let (width, height) = (w as i32, h as i32);
        Encoded { data: bytes, filter: Filter::DctDecode, width, height, components, inverted, mask: None }
    }

    /// Raw samples, deflated (lossless: logos and drawings keep their edges).
    pub fn flate(samples: &[u8], (w, h): (u32, u32), components: u8) -> Encoded {
        let data = Arc::new(super::deflate(samples));
        let (width, height) = (w as i32, h as i32);
        Encoded { data, filter: Filter::FlateDecode, width, height, components, inverted: false, mask: None }
    }

    /// Adds a deflated alpha channel, written as a soft mask.
    pub fn with_mask(mut self, deflated_alpha: Vec<u8>) -> Encoded {
        self.mask = Some(deflated_alpha);
        self
    }

    /// The highest total ink of a CMYK JPEG as a reader will decode it, in percent.
    pub fn max_coverage(&self) -> Option<f64> {
        if self.components != 4 || self.filter != Filter::DctDecode {
            return None;
        }
        let ink = crate::model::image::cmyk_jpeg_ink(&self.data)?;
        Some(super::color::max_coverage(&ink))
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width as u32, self.height as u32)
    }

    /// 1 grey, 3 RGB, 4 CMYK.
    pub fn components(&self) -> u8 {
        self.components
    }

    /// Reads a stream kept by [`Encoded::write_cache`]; `None` when absent or unreadable.
    pub fn read_cache(path: &Path) -> Option<Encoded> {
        let bytes = std::fs::read(path).ok()?;
        let (head, rest) = bytes.split_at(bytes.iter().position(|&b| b == b'\n')? + 1);
        let head = std::str::from_utf8(head).ok()?;
        let f: Vec<i64> =
            head.trim().strip_prefix("maquette-photo ")?.split(' ').map(|v| v.parse().ok()).collect::<Option<_>>()?;
        let [flate, width, height, components, inverted, data_len, mask_len] = f[..] else { return None };
        // Both lengths must match exactly, so that a file cut short is not read as a smaller mask.
        let (data, mask) = rest.split_at_checked(data_len as usize)?;
        if mask.len() as i64 != mask_len {
            return None;
        }
        Some(Encoded {
            data: Arc::new(data.to_vec()),
            filter: if flate == 1 { Filter::FlateDecode } else { Filter::DctDecode },
            width: width as i32,
            height: height as i32,
            components: components as u8,
            inverted: inverted == 1,
            mask: (!mask.is_empty()).then(|| mask.to_vec()),
        })
    }

    /// Keeps the stream for the next build; a failure only costs the next build time.
    pub fn write_cache(&self, path: &Path) {
        let flate = i32::from(self.filter == Filter::FlateDecode);
        let head = format!(
            "maquette-photo {flate} {} {} {} {} {} {}\n",
            self.width,
            self.height,
            self.components,
            i32::from(self.inverted),
            self.data.len(),
            self.mask.as_ref().map_or(0, Vec::len)
        );
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.data);
        bytes.extend_from_slice(self.mask.as_deref().unwrap_or_default());
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
        let _ = crate::build::commit(&[(path.to_path_buf(), bytes)]);
    }

    /// Writes the XObject at `id` (and its soft mask at `mask` when it has alpha).
    pub fn write(&self, pdf: &mut Pdf, id: Ref, mask: Ref) {
        let mut x = pdf.image_xobject(id, &self.data);
        x.filter(self.filter);
        x.width(self.width).height(self.height).bits_per_component(8);
        x.color_space_name(space(self.components));
        if self.inverted {
            x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
        }
        if self.mask.is_some() {
            x.s_mask(mask);
        }
        x.finish();
        if let Some(alpha) = &self.mask {
            let mut m = pdf.image_xobject(mask, alpha);
            m.filter(Filter::FlateDecode);
            m.width(self.width).height(self.height).bits_per_component(8);
            m.color_space_name(Name(b"DeviceGray"));
            m.finish();
        }
    }
}

fn space(components: u8) -> Name<'static> {
    match components {
        1 => Name(b"DeviceGray"),
        4 => Name(b"DeviceCMYK"),
        _ => Name(b"DeviceRGB"),
    }
}
