//! Photos made ready for the press: turned upright, resampled to what their placement needs,
//! converted to the output profile (grey stays grey), held under the ink limit, encoded as JPEG.
//!
//! The decision for each photo, in order:
//! 1. Its effective resolution is measured at the largest size it is placed on any page. Under the
//!    printer's `min_ppi` the build stops; under `warn_ppi` it warns. Above 1.5 × `target_ppi` the
//!    photo is resampled down to `target_ppi` — more pixels only make the files heavier.
//! 2. A JPEG that is already grey, or CMYK for this output profile (no embedded profile, or the
//!    same one) and under the ink limit, upright and not resampled, is passed through untouched:
//!    every re-encoding loses detail.
//! 3. Everything else is decoded, turned, resampled, converted and limited, then encoded once.
//!
//! Converting a large photo takes a tenth of a second, so results are kept in a cache folder keyed
//! by everything that decides them (the file, the profile, the intent, the limit, the size).

use super::cache::{self, source_hash};
use super::color::{self, Samples};
use super::decode::decode;
use super::early::Early;
use crate::error::{Error, Result};
use crate::frame::print::{Codec, Encoded, deflate};
use crate::frame::{Item, PageFrame};
use crate::model::image::{Image, InkSums, Orientation, Pixels};
use crate::printer::{PdfX, Printer};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// JPEG quality of converted photos: newsprint shows no difference above about 85.
const QUALITY: u8 = 90;

/// What was done to a photo, for the build report.
#[derive(Clone, Debug)]
pub struct PhotoNote {
    /// Image key.
    pub key: String,
    /// Effective resolution at its largest placement, before any resampling.
    pub ppi: f64,
    /// Warning text when the resolution is under the printer's `warn_ppi`.
    pub warning: Option<String>,
}

/// Everything photo preparation needs besides the photos.
pub struct PhotoSetup<'a> {
    /// The printer's requirements.
    pub printer: &'a Printer,
    /// The output-intent profile's bytes.
    pub icc: &'a [u8],
    /// Folder for converted photos, kept between builds.
    pub cache: Option<&'a Path>,
    /// Photos decoded while the layout ran.
    pub early: Option<&'a Early>,
}

/// The largest size, in points, at which each photo is drawn.
pub fn placements(pages: &[PageFrame]) -> BTreeMap<String, (f64, f64)> {
    let mut sizes: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    // A thumbnail of a front page draws that page's photos too (perhaps from another issue).
    for item in pages.iter().flat_map(PageFrame::painted) {
        if let Item::Image(i) = item {
            let e = sizes.entry(i.key.clone()).or_default();
            *e = (e.0.max(i.placed[2]), e.1.max(i.placed[3]));
        }
    }
    sizes
}

/// Prepares every placed photo, two at a time (one a core).
pub fn prepare_all(
    images: &BTreeMap<String, Image>,
    placed: &BTreeMap<String, (f64, f64)>,
    setup: &PhotoSetup,
) -> Result<(BTreeMap<String, Encoded>, Vec<PhotoNote>)> {
    let mut jobs: Vec<(&String, &Image, (f64, f64))> = placed
        .iter()
        .filter_map(|(k, &size)| images.get(super::backdrop::split(k).0).map(|img| (k, img, size)))
        .collect();
    // Two workers take the next photo as they come free, the largest first, so that a phone
    // photo ten times the size of the rest does not leave one core idle while the other ends
    // its share (halves in name order did).
    jobs.sort_by_key(|(k, img, _)| (std::cmp::Reverse(u64::from(img.width) * u64::from(img.height)), *k));
    let (results, _) = crate::workers::two_workers(
        jobs.len(),
        || (),
        |_, i| {
            let (k, img, size) = jobs[i];
            prepare(k, img, size, setup)
        },
    )
    .ok_or_else(|| Error::msg("photo worker failed"))?;
    // Errors and notes in name order, whichever worker met them.
    let mut results: Vec<_> = jobs.iter().map(|j| j.0).zip(results).collect();
    results.sort_by_key(|(k, _)| *k);
    let mut encoded = BTreeMap::new();
    let mut notes = Vec::new();
    for (k, r) in results {
        let (e, note) = r?;
        encoded.insert(k.clone(), e);
        notes.push(note);
    }
    Ok((encoded, notes))
}

/// Prepares one photo drawn at most `size` points large.
fn prepare(key: &str, img: &Image, size: (f64, f64), setup: &PhotoSetup) -> Result<(Encoded, PhotoNote)> {
    let p = setup.printer;
    let ppi = (f64::from(img.width) * 72.0 / size.0.max(1e-3)).min(f64::from(img.height) * 72.0 / size.1.max(1e-3));
    let file = || img.path.display().to_string();
    if ppi < p.min_ppi {
        return Err(Error::in_file(
            &img.path,
            format!("{ppi:.0} ppi at its placed size; the printer needs at least {:.0}", p.min_ppi),
        )
        .with_help(format!(
            "use a larger photo, or place it at most {:.0} mm wide",
            f64::from(img.width) / p.min_ppi * 25.4
        )));
    }
    let warning =
        (ppi < p.warn_ppi).then(|| format!("{}: {ppi:.0} ppi at its placed size (under {:.0})", file(), p.warn_ppi));
    let note = PhotoNote { key: key.to_string(), ppi, warning };
    let scale = if ppi > 1.5 * p.target_ppi { p.target_ppi / ppi } else { 1.0 };
    let target = (
        (f64::from(img.width) * scale).round().max(1.0) as u32,
        (f64::from(img.height) * scale).round().max(1.0) as u32,
    );
    let backdrop = super::backdrop::split(key).1;
    let cache_key = cache_key(img, (target, backdrop), setup);
    if let Some(hit) = setup.cache.and_then(|d| cache::read_photo(&d.join(&cache_key))) {
        return Ok((hit, note));
    }
    let decoded = setup.early.and_then(|e| e.take(key));
    let decoded = if backdrop.is_some() { None } else { decoded };
    let encoded =
        convert(img, decoded, (target, scale < 1.0), backdrop, setup).map_err(|m| Error::in_file(&img.path, m))?;
    if let Some(dir) = setup.cache {
        cache::write_photo(&dir.join(&cache_key), &encoded);
    }
    Ok((encoded, note))
}

/// Converts a photo from its file, or from `decoded` samples when they were decoded early.
fn convert(
    img: &Image,
    decoded: Option<std::result::Result<Samples, String>>,
    (target, resample): ((u32, u32), bool),
    backdrop: Option<crate::model::Cmyk>,
    setup: &PhotoSetup,
) -> std::result::Result<Encoded, String> {
    if !resample
        && img.orientation == Orientation::NoTransforms
        && let Some(e) = pass_through(img, setup)?
    {
        return Ok(e);
    }
    let mut s = decoded.unwrap_or_else(|| decode(img))?;
    s = turn(s, img.orientation);
    if resample {
        s = resize(s, target)?;
    }
    let foreign = img.icc.as_deref().map(Vec::as_slice).filter(|b| *b != setup.icc);
    if let Some(tint) = backdrop.filter(|_| s.alpha.is_some() && setup.printer.pdfx == PdfX::X1a) {
        // Onto a tint: the tint is ink, so the picture goes to the press's CMYK first.
        if s.components == 1 {
            s = grey_to_rgb(s);
        }
        if s.components == 3 || foreign.is_some() {
            s = color::to_output_cmyk(&s, foreign, setup.icc, setup.printer)?;
        }
        s = flatten_onto(s, tint);
    } else {
        if setup.printer.pdfx == PdfX::X1a {
            s = flatten(s);
        }
        if s.components != 1 && (s.components == 3 || foreign.is_some()) {
            s = color::to_output_cmyk(&s, foreign, setup.icc, setup.printer)?;
        }
    }
    // PNG holds logos and drawings, whose edges JPEG would smear; decoded pictures without a
    // file of their own (rendered thumbnails) are photos like any other.
    let png = img.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let lossless = matches!(img.pixels, Pixels::Raw { .. }) && png;
    if s.components != 4 {
        return encode(&s, lossless);
    }
    encode_within_limit(&s, setup.printer.tac, lossless)
}

/// A CMYK JPEG with its ink measured as a reader will decode it.
fn measured(e: Encoded) -> Encoded {
    if e.components != 4 || e.codec != Codec::Jpeg {
        return e;
    }
    let ink = crate::model::image::cmyk_jpeg_ink(&e.data).map(|ink| InkSums::of(&ink));
    e.with_ink(ink)
}

/// JPEG's rounding errors add up over four inks: a photo held at exactly 240 % comes back from the
/// encoder at up to 253 % in dark, busy areas (a saturated, dark photo more still). So the encoded
/// result is decoded and measured, and while it overshoots by more than 1 % the photo is limited
/// again lower (3 % at a time, then 6 %) and re-encoded.
fn encode_within_limit(s: &Samples, tac: f64, lossless: bool) -> std::result::Result<Encoded, String> {
    let mut margin = 0.0;
    loop {
        let mut limited = s.clone();
        color::limit_coverage(&mut limited.data, tac - margin);
        let e = encode(&limited, lossless)?;
        if lossless {
            return Ok(e);
        }
        let e = measured(e);
        if margin >= 60.0 || e.ink.is_none_or(|i| i.max_percent() <= tac + 1.0) {
            return Ok(e);
        }
        margin += if margin < 12.0 { 3.0 } else { 6.0 };
    }
}

/// A grey JPEG, or a CMYK JPEG made for this profile and within the ink limit, goes in as it is.
fn pass_through(img: &Image, setup: &PhotoSetup) -> std::result::Result<Option<Encoded>, String> {
    let Pixels::Jpeg { bytes, components, inverted } = &img.pixels else { return Ok(None) };
    let same_profile = img.icc.as_deref().is_none_or(|b| b.as_slice() == setup.icc);
    let ink = match components {
        1 => None,
        4 if same_profile => Some(InkSums::of(&decode(img)?.data)),
        _ => return Ok(None),
    };
    if ink.is_some_and(|i| i.max_percent() > setup.printer.tac + 0.5) {
        return Ok(None);
    }
    Ok(Some(Encoded::jpeg(bytes.clone(), img.stored_size(), *components, *inverted).with_ink(ink)))
}

/// Applies the EXIF orientation, so the picture is printed the way the camera held it.
fn turn(s: Samples, o: Orientation) -> Samples {
    if o == Orientation::NoTransforms {
        return s;
    }
    let mut img = to_dynamic(&s.data, s.width, s.height, s.components);
    img.apply_orientation(o);
    let alpha = s.alpha.map(|a| {
        let mut m = to_dynamic(&a, s.width, s.height, 1);
        m.apply_orientation(o);
        m.into_bytes()
    });
    Samples { width: img.width(), height: img.height(), components: s.components, data: img.into_bytes(), alpha }
}

/// Resamples with Catmull-Rom: sharp enough for halftone, without the ringing of Lanczos on edges.
///
/// fast_image_resize does the convolution in fixed point: on the example's 16-megapixel phone
/// photo it takes 64 ms where the image crate's took 295 ms, for the same filter (no sample off by
/// more than 4 levels in 255, 0.1 on average). Its SIMD paths are turned off: they gave the same
/// bytes on this machine, but the build promises identical PDFs on any machine, and only the
/// plain path is the same code everywhere (with AVX2 the photo took 14 ms).
pub(super) fn resize(s: Samples, (w, h): (u32, u32)) -> std::result::Result<Samples, String> {
    let data = convolve(s.data, (s.width, s.height), s.components, (w, h))?;
    let alpha = match s.alpha {
        Some(a) => Some(convolve(a, (s.width, s.height), 1, (w, h))?),
        None => None,
    };
    Ok(Samples { width: w, height: h, components: s.components, data, alpha })
}

fn convolve(data: Vec<u8>, (w, h): (u32, u32), components: u8, to: (u32, u32)) -> std::result::Result<Vec<u8>, String> {
    use fast_image_resize as fr;
    let pixel = match components {
        1 => fr::PixelType::U8,
        4 => fr::PixelType::U8x4,
        _ => fr::PixelType::U8x3,
    };
    let src = fr::images::Image::from_vec_u8(w, h, data, pixel).map_err(|e| format!("resampling: {e}"))?;
    let mut dst = fr::images::Image::new(to.0, to.1, pixel);
    let mut resizer = fr::Resizer::new();
    // SAFETY: `None` is the plain Rust path, which every CPU runs.
    unsafe { resizer.set_cpu_extensions(fr::CpuExtensions::None) };
    // A fourth channel is black ink, not alpha: nothing is premultiplied.
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom)).use_alpha(false);
    resizer.resize(&src, &mut dst, &options).map_err(|e| format!("resampling: {e}"))?;
    Ok(dst.into_vec())
}

/// Four channels travel as RGBA: the image crate's geometry does not care what they mean.
fn to_dynamic(data: &[u8], w: u32, h: u32, components: u8) -> image::DynamicImage {
    let v = data.to_vec();
    let img = match components {
        1 => image::GrayImage::from_raw(w, h, v).map(image::DynamicImage::ImageLuma8),
        4 => image::RgbaImage::from_raw(w, h, v).map(image::DynamicImage::ImageRgba8),
        _ => image::RgbImage::from_raw(w, h, v).map(image::DynamicImage::ImageRgb8),
    };
    img.unwrap_or_else(|| image::DynamicImage::new_luma8(w, h))
}

/// A CMYK picture's soft edges laid onto the inks of `tint` (PDF/X-1a has no transparency).
fn flatten_onto(mut s: Samples, tint: crate::model::Cmyk) -> Samples {
    let Some(alpha) = s.alpha.take() else { return s };
    let under = tint.0.map(|v| (v.clamp(0.0, 100.0) * 2.55).round() as u32);
    for (px, &a) in s.data.chunks_exact_mut(4).zip(&alpha) {
        for (v, u) in px.iter_mut().zip(under) {
            *v = ((u32::from(*v) * u32::from(a) + u * (255 - u32::from(a))) / 255) as u8;
        }
    }
    s
}

/// Grey samples as RGB, for a conversion that needs colour input.
fn grey_to_rgb(s: Samples) -> Samples {
    let data = s.data.iter().flat_map(|&g| [g, g, g]).collect();
    Samples { components: 3, data, ..s }
}

/// PDF/X-1a has no transparency: a soft-edged PNG is laid onto paper white first.
fn flatten(mut s: Samples) -> Samples {
    let Some(alpha) = s.alpha.take() else { return s };
    let n = s.components as usize;
    for (px, &a) in s.data.chunks_exact_mut(n).zip(&alpha) {
        for v in px {
            let paper = if n == 4 { 0 } else { 255 };
            *v = ((u32::from(*v) * u32::from(a) + paper * (255 - u32::from(a))) / 255) as u8;
        }
    }
    s
}

fn encode(s: &Samples, lossless: bool) -> std::result::Result<Encoded, String> {
    if lossless {
        let e = Encoded::flate(&s.data, (s.width, s.height), s.components);
        return Ok(match &s.alpha {
            Some(a) => e.with_mask(deflate(a)),
            None => e,
        });
    }
    let (w, h) = (u16::try_from(s.width), u16::try_from(s.height));
    let (Ok(w), Ok(h)) = (w, h) else { return Err("larger than 65,535 pixels after resampling".into()) };
    let mut out = Vec::new();
    let kind = if s.components == 1 { jpeg_encoder::ColorType::Luma } else { jpeg_encoder::ColorType::Cmyk };
    jpeg_encoder::Encoder::new(&mut out, QUALITY)
        .encode(&s.data, w, h, kind)
        .map_err(|e| format!("JPEG encoding: {e}"))?;
    let mut e = Encoded::jpeg(std::sync::Arc::new(out), (s.width, s.height), s.components, s.components == 4);
    if let Some(a) = &s.alpha {
        e = e.with_mask(deflate(a));
    }
    Ok(e)
}

/// A name for the converted photo that changes whenever anything deciding it changes: the hash
/// of the source, then the hash of the rest, so that [`cached_sources`] can tell which sources
/// have a conversion without knowing their placed sizes.
fn cache_key(img: &Image, (target, backdrop): ((u32, u32), Option<crate::model::Cmyk>), setup: &PhotoSetup) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Bumped whenever the conversion itself changes, so old cached results are not reused.
    (env!("CARGO_PKG_VERSION"), "photo-v6").hash(&mut h);
    setup.icc.hash(&mut h);
    let p = setup.printer;
    (format!("{:?}{:?}{}{:?}", p.intent, p.pdfx, p.tac, backdrop), target, QUALITY).hash(&mut h);
    format!("{:016x}-{:016x}.photo", source_hash(img), h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(name: &str) -> Option<Image> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ls-2026-05/images").join(name);
        Image::load(&p).ok()
    }

    #[test]
    fn ycck_jpeg_decodes_to_ink_amounts() {
        let img = shared("une-avril.jpg").expect("example photo");
        let s = decode(&img).unwrap();
        let totals: Vec<u32> = s.data.chunks_exact(4).map(|p| p.iter().map(|&v| u32::from(v)).sum()).collect();
        let lightest = totals.iter().min().unwrap();
        let mean = totals.iter().map(|&t| f64::from(t)).sum::<f64>() / totals.len() as f64;
        assert!(*lightest < 40, "a light area holds almost no ink: {lightest}");
        assert!(mean > 60.0 && mean < 700.0, "a photo, not a blank or solid: mean {mean}");
    }

    #[test]
    fn exif_orientation_turns_the_picture_upright() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/images/amis-exif6.jpg");
        let img = Image::load(&p).unwrap();
        let (sw, sh) = img.stored_size();
        assert_eq!((img.width, img.height), (sh, sw), "layout sees the turned size");
        assert!(img.height > img.width, "the picture is a portrait once turned");
        let turned = turn(decode(&img).unwrap(), img.orientation);
        assert_eq!((turned.width, turned.height), (img.width, img.height));
        let plain = decode(&img).unwrap();
        // Orientation 6 means "turn 90° clockwise": the stored bottom-left pixel becomes the top-left.
        let px = |s: &Samples, x: u32, y: u32| {
            let i = ((y * s.width + x) * 3) as usize;
            s.data[i..i + 3].to_vec()
        };
        assert_eq!(px(&turned, 0, 0), px(&plain, 0, plain.height - 1));
    }

    #[test]
    fn high_resolution_photos_are_resampled_to_the_target() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/images/champ.jpg");
        let img = Image::load(&p).unwrap();
        let icc =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts").join(crate::printer::DEFAULT_ICC))
                .unwrap();
        let printer = Printer::defaults(&[], "test");
        let setup = PhotoSetup { printer: &printer, icc: &icc, cache: None, early: None };
        // 1400 px drawn 2 inches wide is 700 ppi: far above 1.5 × 300, so it comes out at 300.
        let (e, note) = prepare("champ", &img, (144.0, 81.0), &setup).unwrap();
        assert!((note.ppi - 700.0).abs() < 1.0, "{}", note.ppi);
        assert_eq!(e.components(), 4, "an RGB photo becomes CMYK");
        assert_eq!(e.size(), (600, 338));
        // Drawn 5 inches wide it is 280 ppi: kept as it is.
        let (e, _) = prepare("champ", &img, (360.0, 202.5), &setup).unwrap();
        assert_eq!(e.size(), (1400, 788));
        // Drawn 15 inches wide it is 93 ppi: refused.
        assert!(prepare("champ", &img, (1080.0, 608.0), &setup).is_err());
    }
}
