//! Photos decoded while the layout runs, so that a first build does not wait for them after it.
//!
//! A photo's conversion depends on the size the layout gives it, but decoding its file does not.
//! On a first build (or after a photo is replaced) decoding is most of a large photo's cost: a
//! 16-megapixel progressive JPEG from a phone takes a third of a second on one core, which the
//! build would otherwise spend after the layout with the other core idle. So before the layout
//! starts, one thread decodes the large colour JPEGs that the photo cache holds no conversion of;
//! when the photos are prepared, the worker that reaches such a photo takes its samples from that
//! thread (waiting for it if it is not done) instead of decoding the file again.
//!
//! Only colour JPEGs are taken: they are always decoded (converted to CMYK), whereas a grey or
//! CMYK JPEG may go into the PDF untouched, and PNGs are decoded when the issue is loaded.

use super::color::Samples;
use crate::model::image::{Image, Pixels};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;
use std::thread::JoinHandle;

/// Photos smaller than this (in pixels) decode in a few milliseconds: not worth a thread.
const MIN_PIXELS: u64 = 2_000_000;

type Decoded = BTreeMap<String, Result<Samples, String>>;

/// Photos being decoded on their own thread, by image key.
#[derive(Default)]
pub struct Early {
    keys: BTreeSet<String>,
    thread: Mutex<Option<JoinHandle<Decoded>>>,
    done: Mutex<Decoded>,
}

impl Early {
    /// Starts decoding the large colour JPEGs of `images` with no conversion in `cache`, largest
    /// first. The thread owns its photos (their bytes are shared, not copied), so a build that
    /// stops early does not wait for it.
    pub fn start(images: &BTreeMap<String, Image>, cache: &Path) -> Early {
        let cached = super::cache::cached_sources(cache);
        let mut todo: Vec<(String, Image)> = images
            .iter()
            .filter(|(_, img)| matches!(img.pixels, Pixels::Jpeg { components: 3, .. }))
            .filter(|(_, img)| u64::from(img.width) * u64::from(img.height) >= MIN_PIXELS)
            .filter(|(_, img)| !cached.contains(&super::cache::source_hash(img)))
            .map(|(k, img)| (k.clone(), img.clone()))
            .collect();
        todo.sort_by_key(|(k, img)| (std::cmp::Reverse(u64::from(img.width) * u64::from(img.height)), k.clone()));
        let keys = todo.iter().map(|(k, _)| k.clone()).collect();
        let thread = (!todo.is_empty()).then(|| {
            std::thread::spawn(move || todo.into_iter().map(|(k, img)| (k, super::decode::decode(&img))).collect())
        });
        Early { keys, thread: Mutex::new(thread), done: Mutex::new(BTreeMap::new()) }
    }

    /// The samples of `key` when they were decoded early, waiting for the thread if need be.
    pub fn take(&self, key: &str) -> Option<Result<Samples, String>> {
        if !self.keys.contains(key) {
            return None;
        }
        // The first caller joins the thread; others wait on the lock until it has.
        let mut thread = self.thread.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(handle) = thread.take() {
            let decoded = handle.join().unwrap_or_default();
            self.done.lock().unwrap_or_else(|e| e.into_inner()).extend(decoded);
        }
        drop(thread);
        self.done.lock().unwrap_or_else(|e| e.into_inner()).remove(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A colour JPEG of `w` × `h` pixels, loaded as the issue would load it.
    fn jpeg(dir: &Path, name: &str, (w, h): (u32, u32)) -> Image {
        let pixels = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8])
        });
        let path = dir.join(name);
        pixels.save(&path).unwrap();
        Image::load(&path).unwrap()
    }

    #[test]
    fn large_colour_photos_are_decoded_early_as_they_would_be_later() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let images = BTreeMap::from([
            ("big.jpg".to_string(), jpeg(dir.path(), "big.jpg", (2000, 1100))),
            ("small.jpg".to_string(), jpeg(dir.path(), "small.jpg", (400, 300))),
        ]);
        let early = Early::start(&images, &cache);
        assert!(early.take("small.jpg").is_none(), "small photos are left to the photo workers");
        let samples = early.take("big.jpg").expect("decoded early").unwrap();
        let later = super::super::decode::decode(&images["big.jpg"]).unwrap();
        assert_eq!((samples.width, samples.height, samples.components), (2000, 1100, 3));
        assert!(samples.data == later.data, "the same samples either way");
        assert!(early.take("big.jpg").is_none(), "taken once");
    }

    #[test]
    fn a_photo_with_a_cached_conversion_is_not_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        std::fs::create_dir(&cache).unwrap();
        let big = jpeg(dir.path(), "big.jpg", (2000, 1100));
        let name = format!("{:016x}-{:016x}.photo", super::super::cache::source_hash(&big), 7);
        std::fs::write(cache.join(name), b"any").unwrap();
        let images = BTreeMap::from([("big.jpg".to_string(), big)]);
        assert!(Early::start(&images, &cache).take("big.jpg").is_none());
    }
}
