//! The press's cache folder (`OUT/.cache/photos`): converted photos and rendered thumbnails kept
//! between builds, named by a hash of everything that decides them, so deleting it is always safe.

use crate::files;
use crate::frame::print::{Codec, Encoded};
use crate::model::image::{Image, InkSums, Pixels};
use image::RgbImage;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where converted photos are kept between builds of the output folder `out`.
pub fn folder(out: &Path) -> PathBuf {
    out.join(".cache").join("photos")
}

/// Reads a stream kept by [`write_photo`]; `None` when absent, unreadable or of an older form.
pub fn read_photo(path: &Path) -> Option<Encoded> {
    let bytes = std::fs::read(path).ok()?;
    let (head, rest) = bytes.split_at(bytes.iter().position(|&b| b == b'\n')? + 1);
    let head = std::str::from_utf8(head).ok()?;
    let f: Vec<i64> =
        head.trim().strip_prefix("maquette-photo ")?.split(' ').map(|v| v.parse().ok()).collect::<Option<_>>()?;
    let [flate, width, height, components, inverted, data_len, mask_len, least, most, samples] = f[..] else {
        return None;
    };
    // Both lengths must match exactly, so that a file cut short is not read as a smaller mask.
    let (data, mask) = rest.split_at_checked(usize::try_from(data_len).ok()?)?;
    if mask.len() as i64 != mask_len {
        return None;
    }
    Some(Encoded {
        data: Arc::new(data.to_vec()),
        codec: if flate == 1 { Codec::Flate } else { Codec::Jpeg },
        width: u32::try_from(width).ok()?,
        height: u32::try_from(height).ok()?,
        components: u8::try_from(components).ok()?,
        inverted: inverted == 1,
        mask: (!mask.is_empty()).then(|| mask.to_vec()),
        ink: read_ink(least, most, samples),
    })
}

/// The measured ink of a kept CMYK JPEG (`-1 -1 -1` when there is none), within its range.
fn read_ink(least: i64, most: i64, samples: i64) -> Option<InkSums> {
    let (least, most) = (u16::try_from(least).ok()?, u16::try_from(most).ok()?);
    (least <= most && most <= 1020).then_some(InkSums { least, most, samples: usize::try_from(samples).ok()? })
}

/// Keeps a converted photo for the next build; a failure only costs the next build time.
pub fn write_photo(path: &Path, e: &Encoded) {
    let flate = match e.codec {
        Codec::Jpeg => 0,
        Codec::Flate => 1,
        // Screen-resolution samples live in memory only.
        Codec::Raw => return,
    };
    let ink = e.ink.map_or("-1 -1 -1".to_string(), |i| format!("{} {} {}", i.least, i.most, i.samples));
    let head = format!(
        "maquette-photo {flate} {} {} {} {} {} {} {ink}\n",
        e.width,
        e.height,
        e.components,
        i32::from(e.inverted),
        e.data.len(),
        e.mask.as_ref().map_or(0, Vec::len)
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&e.data);
    bytes.extend_from_slice(e.mask.as_deref().unwrap_or_default());
    files::keep(path, bytes);
}

/// A kept rendering: a line `maquette-raster WIDTH HEIGHT`, then the RGB samples.
pub fn read_raster(path: &Path) -> Option<RgbImage> {
    let bytes = std::fs::read(path).ok()?;
    let (head, rest) = bytes.split_at(bytes.iter().position(|&b| b == b'\n')? + 1);
    let head = std::str::from_utf8(head).ok()?.trim().strip_prefix("maquette-raster ")?;
    let (w, h) = head.split_once(' ')?;
    let (w, h): (u32, u32) = (w.parse().ok()?, h.parse().ok()?);
    // Exactly the samples of that size: a file cut short or grown is rendered again.
    if rest.len() as u64 != u64::from(w) * u64::from(h) * 3 {
        return None;
    }
    RgbImage::from_raw(w, h, rest.to_vec())
}

/// Keeps a rendering for the next build, written as the photos are.
pub fn write_raster(path: &Path, raster: &RgbImage) {
    let mut bytes = format!("maquette-raster {} {}\n", raster.width(), raster.height()).into_bytes();
    bytes.extend_from_slice(raster.as_raw());
    files::keep(path, bytes);
}

/// A hash of a photo's samples as stored.
pub fn source_hash(img: &Image) -> u64 {
    *img.source.get_or_init(|| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match &img.pixels {
            Pixels::Jpeg { bytes, .. } => bytes.hash(&mut h),
            Pixels::Raw { data, alpha, .. } => (data, alpha).hash(&mut h),
        }
        h.finish()
    })
}

/// The source hashes of the photos with a conversion in the cache folder.
pub fn cached_sources(cache: &Path) -> std::collections::BTreeSet<u64> {
    let Ok(entries) = std::fs::read_dir(cache) else { return Default::default() };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let (source, _) = name.strip_suffix(".photo")?.split_once('-')?;
            u64::from_str_radix(source, 16).ok()
        })
        .collect()
}
