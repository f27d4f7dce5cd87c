//! Image XObjects: a picture the press made ready, written as it is, its alpha as a soft mask.

use crate::frame::print::{Codec, Encoded};
use pdf_writer::{Filter, Finish, Name, Pdf, Ref};

/// Writes the XObject at `id` (and its soft mask at `mask` when it has alpha).
pub fn write(pdf: &mut Pdf, img: &Encoded, id: Ref, mask: Ref) {
    let (width, height) = (img.width as i32, img.height as i32);
    let mut x = pdf.image_xobject(id, &img.data);
    if let Some(f) = filter(img.codec) {
        x.filter(f);
    }
    x.width(width).height(height).bits_per_component(8);
    x.color_space_name(space(img.components));
    if img.inverted {
        x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
    if img.mask.is_some() {
        x.s_mask(mask);
    }
    x.finish();
    if let Some(alpha) = &img.mask {
        let mut m = pdf.image_xobject(mask, alpha);
        m.filter(Filter::FlateDecode);
        m.width(width).height(height).bits_per_component(8);
        m.color_space_name(Name(b"DeviceGray"));
        m.finish();
    }
}

fn filter(codec: Codec) -> Option<Filter> {
    match codec {
        Codec::Jpeg => Some(Filter::DctDecode),
        Codec::Flate => Some(Filter::FlateDecode),
        Codec::Raw => None,
    }
}

fn space(components: u8) -> Name<'static> {
    match components {
        1 => Name(b"DeviceGray"),
        4 => Name(b"DeviceCMYK"),
        _ => Name(b"DeviceRGB"),
    }
}
