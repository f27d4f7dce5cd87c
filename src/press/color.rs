//! Colour for the press: photo samples converted through the output profile and held under the ink limit.
//!
//! Text, rules and tints never pass through here: the template gives them as CMYK already, and a
//! colour-managed black would come out as four inks (the profile maps RGB black to about
//! 90/51/0/95), which the printer refuses for type. Only photos are converted.

use crate::printer::{Intent, Printer};
use lcms2::{DisallowCache, Flags, PixelFormat, Profile, ThreadContext, Transform};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

/// Decoded samples, 8 bits a component, interleaved; CMYK counts ink (0 = none, 255 = solid).
#[derive(Clone, Debug)]
pub struct Samples {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// 1 grey, 3 RGB, 4 CMYK.
    pub components: u8,
    /// The samples.
    pub data: Vec<u8>,
    /// Optional alpha, one byte a pixel.
    pub alpha: Option<Vec<u8>>,
}

/// Converts RGB (or CMYK meant for another press) into the output profile's CMYK.
///
/// `source` is the profile embedded in the photo; without one RGB is taken as sRGB, as cameras and
/// phones write it. Relative colorimetric keeps in-gamut colours exact, and black-point
/// compensation maps the photo's black to the paper's darkest printable black instead of clipping
/// shadow detail; perceptual compresses the whole gamut instead.
pub fn to_output_cmyk(s: &Samples, source: Option<&[u8]>, output: &[u8], printer: &Printer) -> Result<Samples, String> {
    let t = transform(s.components, source, output, printer.intent)?;
    let mut data = vec![0u8; s.width as usize * s.height as usize * 4];
    t.transform_pixels(&s.data, &mut data);
    Ok(Samples { width: s.width, height: s.height, components: 4, data, alpha: s.alpha.clone() })
}

/// A transform that photo workers on several threads may share (lcms2's `NO_CACHE`).
type Shared = Transform<u8, u8, ThreadContext, DisallowCache>;

/// Transforms built so far in this process, by a hash of what decides them.
static BUILT: OnceLock<Mutex<HashMap<u64, Arc<Shared>>>> = OnceLock::new();

/// The transform from a photo's colours to the output profile, built once per source profile,
/// output profile and intent. Building one (lcms2 samples the whole pipeline into a lookup table)
/// costs more than converting a photo with it: on the example, whose photos were each given
/// their own, building took 1.2 of a cold build's 12.4 G instructions.
fn transform(components: u8, source: Option<&[u8]>, output: &[u8], intent: Intent) -> Result<Arc<Shared>, String> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (components, source, output, intent as u8).hash(&mut h);
    let key = h.finish();
    let built = BUILT.get_or_init(Default::default);
    if let Some(t) = built.lock().map_err(|_| "colour transforms unavailable")?.get(&key) {
        return Ok(t.clone());
    }
    let t = Arc::new(build_transform(components, source, output, intent)?);
    built.lock().map_err(|_| "colour transforms unavailable")?.insert(key, t.clone());
    Ok(t)
}

fn build_transform(components: u8, source: Option<&[u8]>, output: &[u8], intent: Intent) -> Result<Shared, String> {
    let ctx = ThreadContext::new();
    let out = Profile::new_icc_context(&ctx, output).map_err(|e| format!("output profile: {e}"))?;
    let input = match source.map(|b| Profile::new_icc_context(&ctx, b)) {
        Some(Ok(p)) if channels_of(&p) == components => p,
        _ if components == 3 => Profile::new_srgb_context(&ctx),
        _ => return Err("a CMYK photo with a foreign profile that cannot be read".into()),
    };
    let in_format = if components == 3 { PixelFormat::RGB_8 } else { PixelFormat::CMYK_8 };
    let intent = match intent {
        Intent::RelativeColorimetric => lcms2::Intent::RelativeColorimetric,
        Intent::Perceptual => lcms2::Intent::Perceptual,
    };
    let flags = Flags::BLACKPOINT_COMPENSATION | Flags::NO_CACHE;
    Transform::new_flags_context(&ctx, &input, in_format, &out, PixelFormat::CMYK_8, intent, flags)
        .map_err(|e| format!("colour transform: {e}"))
}

fn channels_of(p: &Profile<ThreadContext>) -> u8 {
    match p.color_space() {
        lcms2::ColorSpaceSignature::RgbData => 3,
        lcms2::ColorSpaceSignature::CmykData => 4,
        lcms2::ColorSpaceSignature::GrayData => 1,
        _ => 0,
    }
}

/// Holds every pixel under `limit` percent of total ink.
///
/// Black carries the detail of a newspaper photo and its density, so it is kept; the excess is
/// taken from cyan, magenta and yellow in proportion, which keeps their balance (the hue) as far as
/// the limit allows. Pixels already under the limit are untouched. Returns how many were changed.
pub fn limit_coverage(cmyk: &mut [u8], limit: f64) -> usize {
    let max = (limit * 255.0 / 100.0).floor() as u32;
    let mut changed = 0;
    for p in cmyk.chunks_exact_mut(4) {
        let (cmy, k) = (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]), u32::from(p[3]));
        if cmy + k <= max {
            continue;
        }
        changed += 1;
        if k >= max {
            p[..3].fill(0);
            p[3] = max.min(255) as u8;
            continue;
        }
        let room = max - k;
        let mut left = room;
        for c in &mut p[..3] {
            let v = (u32::from(*c) * room / cmy).min(left);
            left -= v;
            *c = v as u8;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_coverage(cmyk: &[u8]) -> f64 {
        crate::model::image::InkSums::of(cmyk).max_percent()
    }

    #[test]
    fn coverage_is_limited_keeping_black() {
        let mut px = vec![255, 255, 255, 255, 10, 20, 30, 40];
        let changed = limit_coverage(&mut px, 240.0);
        assert_eq!(changed, 1);
        assert!(max_coverage(&px) <= 240.0 + 1e-9);
        assert_eq!(px[3], 255, "black kept");
        assert_eq!(&px[4..], &[10, 20, 30, 40], "pixels under the limit untouched");
        assert_eq!(px[0], px[1], "the balance of c, m, y is kept");
    }

    #[test]
    fn srgb_converts_inside_the_ink_limit() {
        let icc =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/layouts/icc/Uncoated_FOGRA29L_TAC240_argyll.icc"))
                .unwrap();
        let printer = Printer::defaults(&[], "test");
        let s = Samples {
            width: 3,
            height: 1,
            components: 3,
            data: vec![0, 0, 0, 255, 255, 255, 200, 30, 30],
            alpha: None,
        };
        let out = to_output_cmyk(&s, None, &icc, &printer).unwrap();
        assert_eq!(&out.data[4..8], &[0, 0, 0, 0], "white is no ink");
        assert!(out.data[3] > 200, "black is mostly K: {:?}", &out.data[..4]);
        assert!(max_coverage(&out.data) <= 242.0);
        assert!(out.data[9] > out.data[8], "red has more magenta than cyan");
    }
}
