//! Image XObjects: JPEGs passed through, decoded pixels deflated once per build, alpha as a soft mask.

use crate::model::image::{Image, Pixels};
use pdf_writer::{Filter, Finish, Name, Pdf, Ref};
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
    /// Encodes an image: a JPEG as it is, raw samples deflated.
    pub fn new(image: &Image) -> Encoded {
        let (width, height) = (image.width as i32, image.height as i32);
        match &image.pixels {
            Pixels::Jpeg { bytes, components, inverted } => Encoded {
                data: bytes.clone(),
                filter: Filter::DctDecode,
                width,
                height,
                components: *components,
                inverted: *inverted,
                mask: None,
            },
            Pixels::Raw { data, components, alpha } => Encoded {
                data: Arc::new(super::deflate(data)),
                filter: Filter::FlateDecode,
                width,
                height,
                components: *components,
                inverted: false,
                mask: alpha.as_ref().map(|a| super::deflate(a)),
            },
        }
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
