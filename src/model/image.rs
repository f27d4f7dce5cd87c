//! Photos: read once, checked for corruption, described for layout (size) and for the PDF writer.

use crate::error::{Error, Result};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use image::metadata::Orientation;

/// How the pixels are stored for the PDF.
#[derive(Clone, Debug)]
pub enum Pixels {
    /// A JPEG passed to the PDF as it is (DCTDecode).
    Jpeg {
        /// The file's bytes.
        bytes: Arc<Vec<u8>>,
        /// 1 grey, 3 RGB, 4 CMYK.
        components: u8,
        /// Adobe APP14 CMYK JPEGs store inverted values.
        inverted: bool,
    },
    /// Decoded samples, interleaved, 8 bits per component.
    Raw {
        /// Samples.
        data: Arc<Vec<u8>>,
        /// 1 grey, 3 RGB, 4 CMYK.
        components: u8,
        /// Optional 8-bit alpha channel.
        alpha: Option<Arc<Vec<u8>>>,
    },
}

/// A photo ready for layout and output.
#[derive(Clone, Debug)]
pub struct Image {
    /// Where it came from.
    pub path: PathBuf,
    /// Width in pixels as it is seen, after the EXIF orientation.
    pub width: u32,
    /// Height in pixels as it is seen, after the EXIF orientation.
    pub height: u32,
    /// The samples, as stored in the file (not yet turned).
    pub pixels: Pixels,
    /// How the stored samples must be turned to be seen upright (EXIF orientation).
    pub orientation: Orientation,
    /// The colour profile embedded in the file, if any.
    pub icc: Option<Arc<Vec<u8>>>,
    /// A hash of the samples as stored, once asked (`press::cache::source_hash`): shared by
    /// the clones, so a photo is hashed once however many pages and builds show it.
    pub source: Arc<std::sync::OnceLock<u64>>,
}

impl Image {
    /// Width ÷ height.
    pub fn aspect(&self) -> f64 {
        self.width as f64 / self.height.max(1) as f64
    }

    /// Width and height of the samples as stored.
    pub fn stored_size(&self) -> (u32, u32) {
        if turns_sideways(self.orientation) { (self.height, self.width) } else { (self.width, self.height) }
    }

    /// Reads a JPEG or PNG file and checks that it is whole; in a process that keeps loaded
    /// images ([`keep_loaded`]), a file whose size and modification time are those it had when it
    /// was last read is taken from memory.
    pub fn load(path: &Path) -> Result<Image> {
        let stamp = stamp(path);
        if let Some(hit) = stamp.as_ref().and_then(|s| loaded(path, s)) {
            return Ok(hit);
        }
        let image = Image::read(path)?;
        if let Some(s) = stamp {
            keep(path, s, &image);
        }
        Ok(image)
    }

    fn read(path: &Path) -> Result<Image> {
        let bytes = crate::files::read_bounded(path, crate::files::BINARY_LIMIT)?;
        let corrupt = |why: String| Error::in_file(path, format!("corrupt image: {why}"));
        crate::files::guarded(path, "image reader", || match image::guess_format(&bytes) {
            Ok(image::ImageFormat::Jpeg) => load_jpeg(path, bytes).map_err(corrupt),
            Ok(image::ImageFormat::Png) => load_png(path, &bytes).map_err(corrupt),
            Ok(f) => Err(Error::in_file(path, format!("unsupported image format {f:?}; use JPEG or PNG"))),
            Err(_) => Err(corrupt("not a JPEG or PNG file".into())),
        })
    }
}

/// What tells a file's versions apart without reading it: its length and modification time.
type Stamp = (u64, std::time::SystemTime);

/// Images read by this process, by path, with the stamp their file had; None until
/// [`keep_loaded`]. `maquette watch` keeps them: a rebuild after an edit to an article then
/// reads no photo again. A photo replaced by another file changes its stamp (editors and
/// copies write a new modification time), and is read again.
static LOADED: std::sync::Mutex<Option<std::collections::HashMap<PathBuf, (Stamp, Image)>>> =
    std::sync::Mutex::new(None);

/// Keeps the images this process reads, for [`Image::load`] to reuse.
pub fn keep_loaded() {
    LOADED.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(Default::default);
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn loaded(path: &Path, stamp: &Stamp) -> Option<Image> {
    let guard = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    guard.as_ref()?.get(path).filter(|(s, _)| s == stamp).map(|(_, image)| image.clone())
}

fn keep(path: &Path, stamp: Stamp, image: &Image) {
    if let Some(map) = LOADED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        map.insert(path.to_path_buf(), (stamp, image.clone()));
    }
}

fn load_jpeg(path: &Path, bytes: Vec<u8>) -> std::result::Result<Image, String> {
    let mut dec = zune_jpeg::JpegDecoder::new(Cursor::new(&bytes));
    dec.decode_headers().map_err(|e| e.to_string())?;
    let info = dec.info().ok_or("no image header")?;
    check_size(u32::from(info.width), u32::from(info.height))?;
    if !ends_with_eoi(&bytes) {
        return Err("the file is truncated (no end-of-image marker)".into());
    }
    let components = info.components;
    if !matches!(components, 1 | 3 | 4) {
        return Err(format!("{components} colour components are not supported"));
    }
    let inverted = components == 4 && has_adobe_marker(&bytes);
    let orientation = dec.exif().and_then(|e| Orientation::from_exif_chunk(e)).unwrap_or(Orientation::NoTransforms);
    let icc = dec.icc_profile().map(Arc::new);
    let (w, h) = upright(u32::from(info.width), u32::from(info.height), orientation);
    let pixels = Pixels::Jpeg { bytes: Arc::new(bytes), components, inverted };
    Ok(Image { path: path.to_path_buf(), width: w, height: h, pixels, orientation, icc, source: Default::default() })
}

/// Orientations 5–8 store the picture on its side.
fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

fn upright(w: u32, h: u32, o: Orientation) -> (u32, u32) {
    if turns_sideways(o) { (h, w) } else { (w, h) }
}

/// A whole JPEG ends with FF D9, possibly followed by padding.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Whether a JPEG carries Adobe's APP14 segment, whose four-component samples are stored inverted.
pub fn has_adobe_marker(bytes: &[u8]) -> bool {
    bytes.windows(7).take(4096).any(|w| w[..2] == [0xFF, 0xEE] && &w[4..7] == b"Ado")
}

/// The samples of a four-component JPEG as stored, the way libjpeg returns them: YCCK undone,
/// Adobe's inversion not (in a PDF, that is the `/Decode` array's job). jpeg-decoder inverts every
/// channel of such files, assuming Adobe's storage, so its output is turned back.
pub fn cmyk_jpeg_samples(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut data = jpeg_decoder::Decoder::new(bytes).decode().ok()?;
    data.iter_mut().for_each(|v| *v = 255 - *v);
    Some(data)
}

/// Ink amounts (0 none, 255 solid) of a four-component JPEG, whichever of the three storages it
/// uses: plain CMYK, or Adobe's inverted CMYK or YCCK (marked by an APP14 segment).
pub fn cmyk_jpeg_ink(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut data = cmyk_jpeg_samples(bytes)?;
    if has_adobe_marker(bytes) {
        data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    Some(data)
}

/// The least and the greatest total ink of any pixel of a four-component JPEG (sums of four ink
/// amounts, 0..=1020), and how many samples it decodes to: what the press measures of every CMYK
/// JPEG it encodes, so that the build's preflight can check the written file without decoding
/// the JPEG again (`preflight::Known`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InkSums {
    /// The lightest pixel's total.
    pub least: u16,
    /// The darkest pixel's total.
    pub most: u16,
    /// Decoded samples, four a pixel.
    pub samples: usize,
}

impl InkSums {
    /// The sums of ink amounts as [`cmyk_jpeg_ink`] returns them.
    pub fn of(ink: &[u8]) -> InkSums {
        let (mut least, mut most) = (u16::MAX, 0);
        for p in ink.chunks_exact(4) {
            let t = u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2]) + u16::from(p[3]);
            (least, most) = (least.min(t), most.max(t));
        }
        InkSums { least: least.min(most), most, samples: ink.len() }
    }

    /// The highest total ink in percent, as `press::color::max_coverage` gives it.
    pub fn max_percent(&self) -> f64 {
        f64::from(self.most) * 100.0 / 255.0
    }
}

/// Most pixels on a side, and in all, of a photo: a 24 × 24 cm print at 600 ppi, and a
/// 100-megapixel camera. Checked from the header, before any pixel is decoded, so a small file
/// that declares a huge picture costs nothing.
const MAX_SIDE: u32 = 20_000;
const MAX_PIXELS: u64 = 100_000_000;

fn check_size(w: u32, h: u32) -> std::result::Result<(), String> {
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w} × {h} pixels: at most {MAX_SIDE} on a side and {} megapixels are read; scale the photo down",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn load_png(path: &Path, bytes: &[u8]) -> std::result::Result<Image, String> {
    use image::ImageDecoder;
    let mut dec = image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let icc = dec.icc_profile().ok().flatten().map(Arc::new);
    let orientation = dec.orientation().unwrap_or(Orientation::NoTransforms);
    let (w, h) = dec.dimensions();
    check_size(w, h)?;
    let img = image::DynamicImage::from_decoder(dec).map_err(|e| e.to_string())?;
    let (width, height) = (img.width(), img.height());
    let has_alpha = img.color().has_alpha();
    let grey = !img.color().has_color();
    let (data, components, alpha) = match (grey, has_alpha) {
        (true, false) => (img.into_luma8().into_raw(), 1, None),
        (false, false) => (img.into_rgb8().into_raw(), 3, None),
        (_, true) => {
            let rgba = img.into_rgba8().into_raw();
            let alpha: Vec<u8> = rgba.chunks_exact(4).map(|p| p[3]).collect();
            let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            (rgb, 3, Some(Arc::new(alpha)))
        }
    };
    let pixels = Pixels::Raw { data: Arc::new(data), components, alpha };
    let (width, height) = upright(width, height, orientation);
    Ok(Image { path: path.to_path_buf(), width, height, pixels, orientation, icc, source: Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_image_is_read_again_once_its_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.png");
        let save = |side: u32| image::RgbImage::new(side, side).save(&path).unwrap();
        keep_loaded();
        save(3);
        assert_eq!(Image::load(&path).unwrap().width, 3);
        assert_eq!(Image::load(&path).unwrap().width, 3, "a kept image read back wrong");
        save(5);
        assert_eq!(Image::load(&path).unwrap().width, 5, "a replaced photo was taken from memory");
    }

    #[test]
    fn eoi_detection() {
        assert!(ends_with_eoi(&[1, 2, 0xFF, 0xD9]));
        assert!(!ends_with_eoi(&[1, 2, 0xFF, 0xD8]));
    }
}
