//! Image XObjects: JPEGs passed through, decoded pixels deflated, alpha as a soft mask.

use crate::model::image::{Image, Pixels};
use pdf_writer::{Filter, Finish, Name, Pdf, Ref};

/// Writes an image XObject at `id` (and its soft mask at `mask` when it has alpha).
pub fn write_image(pdf: &mut Pdf, id: Ref, mask: Ref, image: &Image) {
    let (w, h) = (image.width as i32, image.height as i32);
    match &image.pixels {
        Pixels::Jpeg { bytes, components, inverted } => {
            let mut x = pdf.image_xobject(id, bytes);
            x.filter(Filter::DctDecode);
            x.width(w).height(h).bits_per_component(8);
            x.color_space_name(space(*components));
            if *inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
            x.finish();
        }
        Pixels::Raw { data, components, alpha } => {
            let deflated = miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
            let mut x = pdf.image_xobject(id, &deflated);
            x.filter(Filter::FlateDecode);
            x.width(w).height(h).bits_per_component(8);
            x.color_space_name(space(*components));
            if alpha.is_some() {
                x.s_mask(mask);
            }
            x.finish();
            if let Some(alpha) = alpha {
                let deflated = miniz_oxide::deflate::compress_to_vec_zlib(alpha, 6);
                let mut m = pdf.image_xobject(mask, &deflated);
                m.filter(Filter::FlateDecode);
                m.width(w).height(h).bits_per_component(8);
                m.color_space_name(Name(b"DeviceGray"));
                m.finish();
            }
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
