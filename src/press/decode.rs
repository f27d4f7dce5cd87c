//! A photo's stored samples decoded: JPEG (grey, RGB, or CMYK as ink amounts) or raw PNG samples.

use super::color::Samples;
use crate::model::image::{Image, Pixels};

/// Decodes the stored samples; CMYK comes out as ink amounts whatever the file's convention.
pub fn decode(img: &Image) -> std::result::Result<Samples, String> {
    // A decoder that panics on a damaged file gives an error about this file, not a crash.
    std::panic::catch_unwind(|| decode_samples(img)).unwrap_or_else(|_| Err("the decoder failed on this file".into()))
}

fn decode_samples(img: &Image) -> std::result::Result<Samples, String> {
    let (width, height) = img.stored_size();
    match &img.pixels {
        Pixels::Raw { data, components, alpha } => Ok(Samples {
            width,
            height,
            components: *components,
            data: data.as_ref().clone(),
            alpha: alpha.as_ref().map(|a| a.as_ref().clone()),
        }),
        Pixels::Jpeg { bytes, components: 4, .. } => {
            let data = crate::model::image::cmyk_jpeg_ink(bytes).ok_or("cannot decode the CMYK JPEG")?;
            Ok(Samples { width, height, components: 4, data, alpha: None })
        }
        Pixels::Jpeg { bytes, components, .. } => {
            use zune_jpeg::zune_core::{colorspace::ColorSpace, options::DecoderOptions};
            let out = if *components == 1 { ColorSpace::Luma } else { ColorSpace::RGB };
            let opts = DecoderOptions::default().jpeg_set_out_colorspace(out);
            let mut dec = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes.as_slice()), opts);
            let data = dec.decode().map_err(|e| format!("cannot decode: {e}"))?;
            Ok(Samples { width, height, components: *components, data, alpha: None })
        }
    }
}
