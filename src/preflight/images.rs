//! Images: effective resolution from their placement, and the highest ink coverage of CMYK samples.
//!
//! Coverage is exact, not sampled: every pixel is decoded and the maximum of C + M + Y + K kept.
//! A `/Decode` array maps each sample onto ink; `[1 0]` inverts it, which is how PDF marks the
//! inverted CMYK that Adobe applications write into JPEGs (flagged in the file by an APP14 marker).
//! For the usual arrays (`[0 1]` or `[1 0]` per component) inversion of an 8-bit sample is `v ^ 0xFF`,
//! so a pixel's total is a sum of four bytes and the scan stays in integers.

use super::colour::{Space, resolve};
use super::content::{Matrix, num};
use crate::model::image::cmyk_jpeg_samples;
use lopdf::{Document, Stream};

/// What preflight reads from an image dictionary.
pub struct ImageInfo {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Colour space (`Gray` for a stencil mask, which paints the fill colour).
    pub space: Space,
    /// A stencil mask paints the current fill colour.
    pub is_mask: bool,
    /// Bits per component (1 for line art and stencil masks).
    pub bits: u32,
}

impl ImageInfo {
    /// Reads the image dictionary (full or inline-image abbreviated keys).
    pub fn read(doc: &Document, stream: &Stream) -> ImageInfo {
        let d = &stream.dict;
        let get = |long: &[u8], short: &[u8]| d.get(long).or_else(|_| d.get(short)).ok();
        let int = |long, short| get(long, short).and_then(num).unwrap_or(0.0).max(0.0) as u32;
        let is_mask = get(b"ImageMask", b"IM").and_then(|o| o.as_bool().ok()).unwrap_or(false);
        let space = get(b"ColorSpace", b"CS").map_or(Space::Unknown, |cs| resolve(doc, cs, 0));
        let bits = if is_mask { 1 } else { int(b"BitsPerComponent", b"BPC") };
        ImageInfo { width: int(b"Width", b"W"), height: int(b"Height", b"H"), space, is_mask, bits }
    }

    /// Effective resolution where the CTM places the image's unit square: the lower of the two
    /// directions, pixels per inch of placed size.
    pub fn ppi(&self, ctm: &Matrix) -> f64 {
        let (w_in, h_in) = (ctm.x_scale() / 72.0, ctm.y_scale() / 72.0);
        if w_in <= 0.0 || h_in <= 0.0 {
            return f64::INFINITY;
        }
        (f64::from(self.width) / w_in).min(f64::from(self.height) / h_in)
    }
}

/// The highest total ink of any pixel, in percent, for a CMYK (or CMYK-indexed) image; `None` when
/// the image is not CMYK or its samples cannot be decoded.
pub fn max_ink(stream: &Stream, info: &ImageInfo) -> Option<f64> {
    let d = &stream.dict;
    if d.has(b"F") && !d.has(b"Filter") {
        return None; // an inline image's abbreviated filter, which lopdf's decoder does not apply
    }
    let bpc = d.get(b"BitsPerComponent").or_else(|_| d.get(b"BPC")).ok().and_then(num).unwrap_or(8.0) as u32;
    match &info.space {
        Space::Cmyk if bpc == 8 => {
            let samples = cmyk_samples(stream)?;
            if samples.len() < info.width as usize * info.height as usize * 4 {
                return None; // truncated or undecodable data: no figure rather than a wrong one
            }
            let decode = decode_array(stream, 4);
            Some(max_total(&samples, &decode) / 255.0 * 100.0)
        }
        Space::Indexed { base, lookup } if matches!(**base, Space::Cmyk) => {
            let indices = stream.decompressed_content().ok()?;
            indexed_max(&indices, bpc, lookup)
        }
        _ => None,
    }
}

/// CMYK bytes of an image: JPEGs as stored (YCCK undone, Adobe's inversion left to the `/Decode`
/// array), anything else through lopdf's filters.
fn cmyk_samples(stream: &Stream) -> Option<Vec<u8>> {
    let filters = stream.filters().unwrap_or_default();
    match filters.last() {
        Some(&b"DCTDecode") if filters.len() == 1 => cmyk_jpeg_samples(&stream.content),
        _ => stream.decompressed_content().ok(),
    }
}

/// For each component, whether `/Decode` inverts it (`[1 0]`); `None` for other arrays.
fn decode_array(stream: &Stream, n: usize) -> Option<Vec<bool>> {
    let Ok(arr) = stream.dict.get(b"Decode").and_then(|o| o.as_array()) else {
        return Some(vec![false; n]);
    };
    let v: Vec<f64> = arr.iter().filter_map(num).collect();
    (v.len() == 2 * n)
        .then(|| v.chunks(2).map(|p| if p == [1.0, 0.0] { Some(true) } else { (p == [0.0, 1.0]).then_some(false) }))?
        .collect()
}

/// Largest per-pixel sum of four samples (0..=1020), honouring `/Decode`.
fn max_total(samples: &[u8], decode: &Option<Vec<bool>>) -> f64 {
    match decode {
        Some(inv) => {
            let masks: Vec<u8> = inv.iter().map(|&i| if i { 0xFF } else { 0 }).collect();
            let (m0, m1, m2, m3) = (masks[0], masks[1], masks[2], masks[3]);
            let sum =
                |p: &[u8]| u16::from(p[0] ^ m0) + u16::from(p[1] ^ m1) + u16::from(p[2] ^ m2) + u16::from(p[3] ^ m3);
            f64::from(samples.chunks_exact(4).map(sum).max().unwrap_or(0))
        }
        // An unusual Decode range: take it at face value (0..1 per component).
        None => f64::from(samples.chunks_exact(4).map(|p| p.iter().map(|&v| u16::from(v)).sum()).max().unwrap_or(0)),
    }
}

/// Highest ink among the palette entries an indexed image actually uses.
fn indexed_max(indices: &[u8], bpc: u32, lookup: &[u8]) -> Option<f64> {
    let mut used = [false; 256];
    match bpc {
        8 => indices.iter().for_each(|&i| used[usize::from(i)] = true),
        1 | 2 | 4 => {
            let per = 8 / bpc;
            for &byte in indices {
                for k in 0..per {
                    let shift = 8 - bpc * (k + 1);
                    used[usize::from((byte >> shift) & ((1 << bpc) - 1) as u8)] = true;
                }
            }
        }
        _ => return None,
    }
    let entry_total = |i: usize| lookup.get(i * 4..i * 4 + 4).map(|e| e.iter().map(|&v| f64::from(v)).sum::<f64>());
    let max = (0..256).filter(|&i| used[i]).filter_map(entry_total).fold(0.0, f64::max);
    Some(max / 255.0 * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_decode_flips_each_component() {
        let samples = [0u8, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30, 40];
        assert_eq!(max_total(&samples, &Some(vec![false; 4])), 1020.0);
        // Inverted, the all-zero pixel is the one with full ink.
        assert_eq!(max_total(&samples[8..], &Some(vec![true; 4])), 1020.0 - 100.0);
    }

    /// Adobe-style CMYK JPEGs store inverted samples, whether plain CMYK or YCCK: both must come
    /// back as the same inverted samples, for `/Decode [1 0 …]` to turn into ink.
    #[test]
    fn cmyk_and_ycck_jpegs_decode_to_the_same_samples() {
        let ink = [200u8, 100, 50, 20];
        let pixels = ink.repeat(64);
        for colour in [jpeg_encoder::ColorType::Cmyk, jpeg_encoder::ColorType::CmykAsYcck] {
            let mut jpeg = Vec::new();
            jpeg_encoder::Encoder::new(&mut jpeg, 100).encode(&pixels, 8, 8, colour).unwrap();
            let samples = cmyk_jpeg_samples(&jpeg).expect("decodes");
            for (s, i) in samples[..4].iter().zip(ink) {
                assert!((i16::from(255 - s) - i16::from(i)).abs() <= 2, "{colour:?}: {:?}", &samples[..4]);
            }
        }
    }

    #[test]
    fn ppi_takes_the_worse_direction() {
        let info = ImageInfo { width: 300, height: 150, space: Space::Gray, is_mask: false, bits: 8 };
        // 300 px across 72 pt = 300 ppi; 150 px down 144 pt = 75 ppi.
        assert_eq!(info.ppi(&Matrix([72.0, 0.0, 0.0, 144.0, 0.0, 0.0])), 75.0);
    }
}
