//! Photos for the screen: the press's photos brought down to the pixels a proof page is drawn
//! with, so that drawing a page does not decode and convert a print-resolution photo each time.
//!
//! A proof page at 100 dpi shows a 300 ppi photo with a ninth of its pixels. The rasteriser would
//! decode the whole JPEG, convert every pixel from CMYK and then throw most of them away — on the
//! example's page 2 that is 60 of the 100 ms the page takes to draw, again at every save in
//! `watch`. Here each photo is decoded once, resampled to the device pixels it covers and kept
//! as raw samples in its own colour space (CMYK stays CMYK, so the rasteriser converts it exactly
//! as it converts the page's other inks). The kept photos live as long as the proof session and
//! are keyed by the press's bytes, so a photo the press prepares again differently is made again.
//!
//! Only the page images use these; the proof PDF keeps the press's photos (it is printed and
//! zoomed into).

use super::photo::resize;
use crate::frame::print::{Codec, Encoded, Images};
use crate::model::image::cmyk_jpeg_ink;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// Photos made for the screen, kept between the proofs of one session.
#[derive(Default)]
pub struct ScreenPhotos {
    /// Each photo with the call that last asked for it.
    kept: HashMap<Key, (Encoded, u64)>,
    calls: u64,
}

/// Screen photos kept at most: an issue's photos at 100 dpi take a few megabytes; photos let go
/// go first when an issue has more than this.
const BUDGET: usize = 64 << 20;

/// The press's photo (a hash of its bytes and its form) and the pixels it is brought down to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    bytes: u64,
    from: (u32, u32, u8),
    to: (u32, u32),
}

impl ScreenPhotos {
    /// `images` with each JPEG photo that has more pixels than `placed` (largest size in points
    /// per key) needs at `dpi` replaced by one with the pixels it covers.
    pub fn swap(&mut self, images: &Images, placed: &BTreeMap<String, (f64, f64)>, dpi: f64) -> Images {
        self.calls += 1;
        let mut out = Images::new();
        for (k, e) in images {
            let screen = placed.get(k).and_then(|&size| self.screen(e, size, dpi));
            out.insert(k.clone(), screen.unwrap_or_else(|| e.clone()));
        }
        self.shed();
        out
    }

    fn screen(&mut self, e: &Encoded, (w, h): (f64, f64), dpi: f64) -> Option<Encoded> {
        if e.codec != Codec::Jpeg || e.mask.is_some() || !(w > 0.0 && h > 0.0) {
            return None;
        }
        // Both sides keep the photo's proportions; the larger need decides.
        let scale = (w * dpi / 72.0 / f64::from(e.width)).max(h * dpi / 72.0 / f64::from(e.height));
        if !scale.is_finite() || scale >= 1.0 {
            return None;
        }
        let to =
            ((f64::from(e.width) * scale).ceil().max(1.0) as u32, (f64::from(e.height) * scale).ceil().max(1.0) as u32);
        let key = Key { bytes: hash(&e.data), from: (e.width, e.height, e.components), to };
        let made = match self.kept.get(&key) {
            Some((kept, _)) => kept.clone(),
            None => made_for_screen(e, to)?,
        };
        self.kept.insert(key, (made.clone(), self.calls));
        Some(made)
    }

    fn shed(&mut self) {
        self.shed_to(BUDGET);
    }

    /// Lets the photos asked for longest ago go while the kept ones take more than `budget` bytes.
    fn shed_to(&mut self, budget: usize) {
        let mut bytes: usize = self.kept.values().map(|(e, _)| e.data.len()).sum();
        if bytes <= budget {
            return;
        }
        let mut by_age: Vec<(u64, Key)> = self.kept.iter().map(|(k, (_, at))| (*at, *k)).collect();
        by_age.sort_unstable_by_key(|(at, _)| *at);
        for (_, key) in by_age {
            if bytes <= budget {
                break;
            }
            if let Some((e, _)) = self.kept.remove(&key) {
                bytes -= e.data.len();
            }
        }
    }
}

/// The photo decoded, resampled to `to` and stored raw: it is drawn in memory, where inflating
/// would only cost time.
fn made_for_screen(e: &Encoded, to: (u32, u32)) -> Option<Encoded> {
    let data = match e.components {
        4 => cmyk_jpeg_ink(&e.data)?,
        1 => image::load_from_memory_with_format(&e.data, image::ImageFormat::Jpeg).ok()?.into_luma8().into_raw(),
        3 => image::load_from_memory_with_format(&e.data, image::ImageFormat::Jpeg).ok()?.into_rgb8().into_raw(),
        _ => return None,
    };
    let expected = e.width as usize * e.height as usize * usize::from(e.components);
    if data.len() != expected {
        return None;
    }
    let samples =
        super::color::Samples { width: e.width, height: e.height, components: e.components, data, alpha: None };
    let small = resize(samples, to).ok()?;
    Some(Encoded::raw(small.data, to, e.components))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn cmyk_jpeg(w: u32, h: u32) -> Encoded {
        let mut px = Vec::new();
        for y in 0..h {
            for x in 0..w {
                px.extend([(x * 255 / w) as u8, (y * 255 / h) as u8, 40, 10]);
            }
        }
        let mut bytes = Vec::new();
        let enc = jpeg_encoder::Encoder::new(&mut bytes, 95);
        enc.encode(&px, w as u16, h as u16, jpeg_encoder::ColorType::Cmyk).expect("jpeg");
        Encoded::jpeg(Arc::new(bytes), (w, h), 4, false)
    }

    #[test]
    fn a_photo_larger_than_the_screen_needs_is_brought_down_once() {
        let mut screen = ScreenPhotos::default();
        let images = Images::from([("a".to_string(), cmyk_jpeg(300, 200))]);
        // 72 points at 36 dpi: 36 pixels across, the height following the proportions.
        let placed = BTreeMap::from([("a".to_string(), (72.0, 48.0))]);
        let first = screen.swap(&images, &placed, 36.0);
        let a = &first["a"];
        assert_eq!((a.codec, a.size(), a.components), (Codec::Raw, (36, 24), 4));
        let again = screen.swap(&images, &placed, 36.0);
        assert!(Arc::ptr_eq(&again["a"].data, &a.data), "the second proof takes the kept photo");
        // At print resolution the press's photo is already what the page needs.
        let sharp = screen.swap(&images, &placed, 400.0);
        assert!(Arc::ptr_eq(&sharp["a"].data, &images["a"].data));
    }

    #[test]
    fn the_photos_asked_for_longest_ago_go_first() {
        let mut screen = ScreenPhotos::default();
        let photo = |n: u32| (n.to_string(), cmyk_jpeg(64 + n, 64));
        let placed = |n: u32| BTreeMap::from([(n.to_string(), (1.0, 1.0))]);
        for n in 0..3 {
            screen.swap(&Images::from([photo(n)]), &placed(n), 72.0);
        }
        screen.swap(&Images::from([photo(0)]), &placed(0), 72.0);
        assert_eq!(screen.kept.len(), 3);
        // With room for two, photo 1 (asked for longest ago) goes.
        let two = screen.kept.values().map(|(e, _)| e.data.len()).max().unwrap_or(0) * 2;
        screen.shed_to(two);
        let mut left: Vec<u64> = screen.kept.values().map(|(_, at)| *at).collect();
        left.sort_unstable();
        assert_eq!(left, [3, 4]);
    }

    #[test]
    fn the_small_photo_keeps_its_inks() {
        let mut screen = ScreenPhotos::default();
        let images = Images::from([("a".to_string(), cmyk_jpeg(64, 64))]);
        let placed = BTreeMap::from([("a".to_string(), (72.0, 72.0))]);
        let small = &screen.swap(&images, &placed, 36.0)["a"];
        let raw = &small.data;
        // Middle pixel: cyan and magenta about half, yellow 40, black 10 (JPEG and resampling
        // move them a little).
        let mid = &raw[(18 * 36 + 18) * 4..][..4];
        for (got, want) in mid.iter().zip([128u8, 128, 40, 10]) {
            assert!(got.abs_diff(want) <= 8, "{mid:?}");
        }
    }
}
