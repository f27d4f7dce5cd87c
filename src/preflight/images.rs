//! Images: effective resolution from their placement, and the highest ink coverage of CMYK samples.
//!
//! Coverage is exact, not sampled: every pixel is decoded and the maximum of C + M + Y + K kept.
//! A `/Decode` array maps each sample onto ink; `[1 0]` inverts it, which is how PDF marks the
//! inverted CMYK that Adobe applications write into JPEGs (flagged in the file by an APP14 marker).
//! For the usual arrays (`[0 1]` or `[1 0]` per component) inversion of an 8-bit sample is `v ^ 0xFF`,
//! so a pixel's total is a sum of four bytes and the scan stays in integers.

use super::colour::{Space, resolve};
use super::content::{Matrix, num};
use crate::model::image::{InkSums, cmyk_jpeg_samples, has_adobe_marker};
use lopdf::{Document, Stream};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// What a build knows of the images it has just written: the ink the press measured of each CMYK
/// JPEG it encoded, by the JPEG's bytes. The build's preflight takes an image's ink from here
/// instead of decoding the JPEG a second time; the figure is the same, since the press measured it
/// with the decoder this module uses. A stream it does not know is decoded as in any other file.
#[derive(Default)]
pub struct Known {
    ink: HashMap<(usize, u64), InkSums>,
}

impl Known {
    /// From each JPEG's bytes and its measured ink.
    pub fn new<'a>(jpegs: impl IntoIterator<Item = (&'a [u8], InkSums)>) -> Known {
        Known { ink: jpegs.into_iter().map(|(bytes, ink)| (key(bytes), ink)).collect() }
    }

    fn ink(&self, bytes: &[u8]) -> Option<InkSums> {
        if self.ink.is_empty() {
            return None;
        }
        self.ink.get(&key(bytes)).copied()
    }
}

/// The length and a hash of a stream's bytes.
fn key(bytes: &[u8]) -> (usize, u64) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    (bytes.len(), h.finish())
}

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
pub fn max_ink(stream: &Stream, info: &ImageInfo, known: &Known) -> Option<f64> {
    let d = &stream.dict;
    if d.has(b"F") && !d.has(b"Filter") {
        return None; // an inline image's abbreviated filter, which lopdf's decoder does not apply
    }
    let bpc = d.get(b"BitsPerComponent").or_else(|_| d.get(b"BPC")).ok().and_then(num).unwrap_or(8.0) as u32;
    match &info.space {
        Space::Cmyk if bpc == 8 => {
            let decode = decode_array(stream, 4);
            let needed = info.width as usize * info.height as usize * 4;
            if let Some((samples, total)) = known_total(stream, &decode, known) {
                return (samples >= needed).then(|| f64::from(total) / 255.0 * 100.0);
            }
            let samples = cmyk_samples(stream)?;
            if samples.len() < needed {
                return None; // truncated or undecodable data: no figure rather than a wrong one
            }
            Some(max_total(&samples, &decode) / 255.0 * 100.0)
        }
        Space::Indexed { base, lookup } if matches!(**base, Space::Cmyk) => {
            let indices = stream.decompressed_content().ok()?;
            indexed_max(&indices, bpc, lookup)
        }
        _ => None,
    }
}

/// How many samples a JPEG the build made decodes to, and the highest per-pixel total of what
/// `/Decode` makes of them, from what the press measured: when `/Decode` inverts all four
/// components or none (the only arrays the writer makes). A reader's samples are the ink itself
/// when Adobe's marker and `/Decode` agree (both invert, or neither), and 255 − ink otherwise,
/// whose darkest pixel is the lightest pixel of ink.
fn known_total(stream: &Stream, decode: &Option<Vec<bool>>, known: &Known) -> Option<(usize, u16)> {
    if stream.filters().ok()? != [b"DCTDecode"] {
        return None;
    }
    let ink = known.ink(&stream.content)?;
    let inverted = match decode.as_deref()? {
        [false, false, false, false] => false,
        [true, true, true, true] => true,
        _ => return None,
    };
    let as_ink = inverted == has_adobe_marker(&stream.content);
    Some((ink.samples, if as_ink { ink.most } else { 1020 - ink.least }))
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

    use lopdf::dictionary;

    /// A CMYK JPEG stream of varied ink, as the writer makes it (`/Decode` inverted or not), with
    /// or without Adobe's marker (cut out of the file: the decoder then reads the samples as they are).
    fn cmyk_stream(decode_inverted: bool, marker: bool) -> (Stream, ImageInfo) {
        let pixels: Vec<u8> = (0..64u32).flat_map(|i| [i as u8 * 4, 200 - i as u8, 30, (i * i % 255) as u8]).collect();
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 90).encode(&pixels, 8, 8, jpeg_encoder::ColorType::Cmyk).unwrap();
        assert!(has_adobe_marker(&jpeg), "the encoder marks its CMYK as Adobe's");
        if !marker {
            let at = jpeg.windows(2).position(|w| w == [0xFF, 0xEE]).unwrap();
            let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
            jpeg.drain(at..at + 2 + len);
            assert!(!has_adobe_marker(&jpeg));
        }
        let d = if decode_inverted { [1, 0] } else { [0, 1] };
        let decode: Vec<lopdf::Object> = d.repeat(4).into_iter().map(lopdf::Object::Integer).collect();
        let dict = dictionary! {
            "Width" => 8, "Height" => 8, "BitsPerComponent" => 8, "ColorSpace" => "DeviceCMYK",
            "Filter" => "DCTDecode", "Decode" => decode,
        };
        let info = ImageInfo { width: 8, height: 8, space: Space::Cmyk, is_mask: false, bits: 8 };
        (Stream::new(dict, jpeg), info)
    }

    /// The build's preflight takes a JPEG's ink from what the press measured (the sums of
    /// `cmyk_jpeg_ink`): the figure must be the one decoding the stream gives, for either
    /// `/Decode` and with or without the marker.
    #[test]
    fn known_ink_is_the_decoded_figure() {
        for (inverted, marker) in [(true, true), (false, true), (true, false), (false, false)] {
            let (stream, info) = cmyk_stream(inverted, marker);
            let decoded = max_ink(&stream, &info, &Known::default()).expect("measured");
            let sums = InkSums::of(&crate::model::image::cmyk_jpeg_ink(&stream.content).unwrap());
            let known = Known::new([(stream.content.as_slice(), sums)]);
            assert!(known_total(&stream, &decode_array(&stream, 4), &known).is_some(), "taken from what is known");
            assert_eq!(max_ink(&stream, &info, &known), Some(decoded), "decode inverted {inverted}, marker {marker}");
        }
    }

    /// And it does take it from there: a different figure recorded for the same bytes shows.
    #[test]
    fn known_ink_is_used_only_for_the_same_bytes() {
        let (stream, info) = cmyk_stream(true, true);
        let planted = InkSums { least: 0, most: 510, samples: 256 };
        let known = Known::new([(stream.content.as_slice(), planted)]);
        assert_eq!(max_ink(&stream, &info, &known), Some(200.0));
        let (other, _) = cmyk_stream(false, false);
        assert_ne!(max_ink(&other, &info, &known), Some(200.0), "another stream is decoded");
        // Too few samples for the image's size: no figure, as when decoding.
        let short = Known::new([(stream.content.as_slice(), InkSums { samples: 255, ..planted })]);
        assert_eq!(max_ink(&stream, &info, &short), None);
    }

    #[test]
    fn ppi_takes_the_worse_direction() {
        let info = ImageInfo { width: 300, height: 150, space: Space::Gray, is_mask: false, bits: 8 };
        // 300 px across 72 pt = 300 ppi; 150 px down 144 pt = 75 ppi.
        assert_eq!(info.ppi(&Matrix([72.0, 0.0, 0.0, 144.0, 0.0, 0.0])), 75.0);
    }
}
