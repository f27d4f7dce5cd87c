//! Ghostscript's separations (`tiffsep`), read back plate by plate: what a press's RIP would put
//! on each printing plate, to hold the engine and preflight against.

use std::collections::BTreeMap;
use std::path::Path;

/// One 8-bit plate as Ghostscript's tiffsep writes it: 255 is no ink, 0 is solid.
pub struct Plate {
    pub width: u32,
    /// Ink per pixel, 0 (none) to 255 (solid), rows from the top.
    pub ink: Vec<u8>,
}

impl Plate {
    fn read(path: &Path) -> Plate {
        let img = image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).into_luma8();
        Plate { width: img.width(), ink: img.into_raw().into_iter().map(|v| 255 - v).collect() }
    }

    /// Ink at pixel (x, y) from the top-left.
    pub fn at(&self, x: u32, y: u32) -> u8 {
        self.ink[(y * self.width + x) as usize]
    }
}

/// The first page of `pdf` separated at 72 dpi into `dir`: every plate by colorant name (the four
/// process plates, and one more per spot colour the page uses).
pub fn separate(pdf: &Path, dir: &Path) -> BTreeMap<String, Plate> {
    let pattern = dir.join("p.tif");
    let out = std::process::Command::new("gs")
        .args(["-q", "-dFirstPage=1", "-dLastPage=1", "-sDEVICE=tiffsep", "-r72", "-o"])
        .arg(&pattern)
        .arg(pdf)
        .output()
        .expect("gs runs");
    assert!(out.status.success(), "gs: {}", String::from_utf8_lossy(&out.stderr));
    let mut plates = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(colorant) = name.strip_prefix("p(").and_then(|n| n.strip_suffix(").tif")) {
            plates.insert(colorant.to_string(), Plate::read(&entry.path()));
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    plates
}
