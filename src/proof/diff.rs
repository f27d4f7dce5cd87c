//! Compares two builds: which pages changed and where, and which articles' lines changed.
//!
//! Pages are compared as rasters. Each page is cut into small square cells; a cell changed when any
//! pixel in it differs by more than a small tolerance (so antialiasing noise does not count). Changed
//! cells close to each other are grouped (a breadth-first walk that joins cells up to `JOIN` cells
//! apart), and each group's bounding box is one changed region, outlined in red on the new page.

use super::lines::{self, LineChange, LineDump};
use crate::error::{Error, Result};
use crate::press::raster;
use image::{Rgb, RgbImage};
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write;
use std::path::{Path, PathBuf};

const CELL: u32 = 6;
const TOLERANCE: u8 = 48;
const JOIN: i64 = 3;
const RED: Rgb<u8> = Rgb([230, 0, 0]);

/// A changed page: its number and the changed regions, in pixels (x, y, width, height).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageDiff {
    /// 1-based page number.
    pub page: usize,
    /// Changed regions.
    pub regions: Vec<[u32; 4]>,
}

/// What changed between two builds.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// Changed pages (pages present in only one build count as wholly changed).
    pub pages: Vec<PageDiff>,
    /// Pages in each build.
    pub page_counts: (usize, usize),
    /// Articles whose lines changed (empty when either build has no line dump).
    pub articles: BTreeMap<String, LineChange>,
    /// Whether both builds had line dumps.
    pub compared_lines: bool,
}

impl Diff {
    /// A few lines for the terminal and `changes.txt`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let pages: Vec<String> = self.pages.iter().map(|p| p.page.to_string()).collect();
        if pages.is_empty() {
            let _ = writeln!(s, "no page changed");
        } else {
            let _ = writeln!(s, "changed pages: {}", pages.join(", "));
        }
        if self.page_counts.0 != self.page_counts.1 {
            let _ = writeln!(s, "page count: {} → {}", self.page_counts.0, self.page_counts.1);
        }
        if !self.compared_lines {
            let _ = writeln!(s, "(no lines.json beside both builds: articles not compared)");
        }
        for (slug, change) in &self.articles {
            let what = match change {
                LineChange::Added => "new article",
                LineChange::Removed => "article removed",
                LineChange::Text => "text or line breaks changed",
                LineChange::Moved => "same lines, moved",
            };
            let _ = writeln!(s, "  {slug}: {what}");
        }
        s
    }
}

/// Compares two sets of page rasters (page 1 first).
pub fn compare_pages(old: &[RgbImage], new: &[RgbImage]) -> Vec<PageDiff> {
    let mut out = Vec::new();
    for i in 0..old.len().max(new.len()) {
        let regions = match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => changed_regions(a, b),
            (_, Some(b)) => vec![[0, 0, b.width(), b.height()]],
            (Some(a), None) => vec![[0, 0, a.width(), a.height()]],
            (None, None) => vec![],
        };
        if !regions.is_empty() {
            out.push(PageDiff { page: i + 1, regions });
        }
    }
    out
}

/// The changed regions between two rasters of one page (the whole page when their sizes differ).
pub fn changed_regions(a: &RgbImage, b: &RgbImage) -> Vec<[u32; 4]> {
    if a.dimensions() != b.dimensions() {
        return vec![[0, 0, b.width(), b.height()]];
    }
    let (cw, ch) = (a.width().div_ceil(CELL) as i64, a.height().div_ceil(CELL) as i64);
    let mut changed = vec![false; (cw * ch) as usize];
    for (x, y, p) in a.enumerate_pixels() {
        let q = b.get_pixel(x, y);
        if p.0.iter().zip(q.0).any(|(u, v)| u.abs_diff(v) > TOLERANCE) {
            changed[((y / CELL) as i64 * cw + (x / CELL) as i64) as usize] = true;
        }
    }
    let mut seen = vec![false; changed.len()];
    let mut regions = Vec::new();
    for start in 0..changed.len() {
        if !changed[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let (mut x0, mut y0, mut x1, mut y1) = (i64::MAX, i64::MAX, 0, 0);
        let mut queue = VecDeque::from([start as i64]);
        while let Some(c) = queue.pop_front() {
            let (cx, cy) = (c % cw, c / cw);
            (x0, y0, x1, y1) = (x0.min(cx), y0.min(cy), x1.max(cx), y1.max(cy));
            for ny in (cy - JOIN).max(0)..=(cy + JOIN).min(ch - 1) {
                for nx in (cx - JOIN).max(0)..=(cx + JOIN).min(cw - 1) {
                    let n = (ny * cw + nx) as usize;
                    if changed[n] && !seen[n] {
                        seen[n] = true;
                        queue.push_back(n as i64);
                    }
                }
            }
        }
        let x = (x0 as u32) * CELL;
        let y = (y0 as u32) * CELL;
        let w = ((x1 as u32 + 1) * CELL).min(a.width()) - x;
        let h = ((y1 as u32 + 1) * CELL).min(a.height()) - y;
        regions.push([x, y, w, h]);
    }
    regions.sort();
    regions
}

/// A copy of `img` with each region outlined in red, a few pixels outside it.
pub fn outline(img: &RgbImage, regions: &[[u32; 4]]) -> RgbImage {
    let mut out = img.clone();
    let (w, h) = (i64::from(img.width()), i64::from(img.height()));
    for &[x, y, rw, rh] in regions {
        let (x0, y0) = (i64::from(x) - 3, i64::from(y) - 3);
        let (x1, y1) = (i64::from(x + rw) + 2, i64::from(y + rh) + 2);
        for t in 0..3 {
            for px in x0 - t..=x1 + t {
                for py in [y0 - t, y1 + t] {
                    put(&mut out, px, py, w, h);
                }
            }
            for py in y0 - t..=y1 + t {
                for px in [x0 - t, x1 + t] {
                    put(&mut out, px, py, w, h);
                }
            }
        }
    }
    out
}

fn put(img: &mut RgbImage, x: i64, y: i64, w: i64, h: i64) {
    if (0..w).contains(&x) && (0..h).contains(&y) {
        img.put_pixel(x as u32, y as u32, RED);
    }
}

/// One side of a comparison: a PDF and, when found beside it, its line dump.
pub struct Build {
    /// The PDF.
    pub pdf: PathBuf,
    /// Its `lines.json`.
    pub lines: Option<LineDump>,
}

impl Build {
    /// A PDF, or a folder holding `proof.pdf` (a proof folder), `issue.pdf` (a build folder) or
    /// `proof/proof.pdf`, first found.
    pub fn locate(path: &Path) -> Result<Build> {
        let pdf = if path.is_dir() {
            ["proof.pdf", "issue.pdf", "proof/proof.pdf"]
                .iter()
                .map(|f| path.join(f))
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    Error::in_file(path, "no proof.pdf, issue.pdf or proof/proof.pdf in this folder")
                        .with_help("give two output folders of `maquette proof` or `maquette build`, or two PDFs")
                })?
        } else if path.is_file() {
            path.to_path_buf()
        } else {
            return Err(Error::in_file(path, "no such file or folder"));
        };
        let dump = pdf.with_file_name("lines.json");
        let lines = if dump.is_file() { Some(lines::read(&dump)?) } else { None };
        Ok(Build { pdf, lines })
    }
}

/// Compares two builds at `dpi`; returns the comparison and the outlined new pages.
pub fn diff_builds(old: &Build, new: &Build, dpi: f64) -> Result<(Diff, Vec<(usize, RgbImage)>)> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
    let a = raster::rasterise(&read(&old.pdf)?, dpi).map_err(|e| Error::in_file(&old.pdf, e.to_string()))?;
    let b = raster::rasterise(&read(&new.pdf)?, dpi).map_err(|e| Error::in_file(&new.pdf, e.to_string()))?;
    Ok(diff_rasters(&a, &b, old.lines.as_ref(), new.lines.as_ref()))
}

/// Compares rasters and line dumps already in hand.
pub fn diff_rasters(
    old: &[RgbImage],
    new: &[RgbImage],
    old_lines: Option<&LineDump>,
    new_lines: Option<&LineDump>,
) -> (Diff, Vec<(usize, RgbImage)>) {
    let pages = compare_pages(old, new);
    let images =
        pages.iter().filter_map(|p| new.get(p.page - 1).map(|img| (p.page, outline(img, &p.regions)))).collect();
    let (articles, compared_lines) = match (old_lines, new_lines) {
        (Some(a), Some(b)) => (lines::compare(a, b), true),
        _ => (BTreeMap::new(), false),
    };
    (Diff { pages, page_counts: (old.len(), new.len()), articles, compared_lines }, images)
}

/// The files a diff writes into `dir`: `changes.txt` and `page-NN.png` per changed page.
pub fn files(dir: &Path, diff: &Diff, images: &[(usize, RgbImage)]) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut out = vec![(dir.join("changes.txt"), diff.summary().into_bytes())];
    for (page, img) in images {
        out.push((dir.join(format!("page-{page:02}.png")), raster::png(img)?));
    }
    Ok(out)
}

/// Removes the page images an earlier diff left in `dir`, except those in `keep` (just written).
pub fn clear(dir: &Path, keep: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("page-") && name.ends_with(".png") && !keep.contains(&e.path()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank() -> RgbImage {
        RgbImage::from_pixel(200, 100, Rgb([255, 255, 255]))
    }

    #[test]
    fn separate_changes_make_separate_regions() {
        let a = blank();
        let mut b = blank();
        for x in 10..20 {
            b.put_pixel(x, 10, Rgb([0, 0, 0]));
        }
        b.put_pixel(150, 80, Rgb([0, 0, 0]));
        b.put_pixel(5, 90, Rgb([250, 250, 250])); // antialiasing noise: below the tolerance
        let r = changed_regions(&a, &b);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0][0] <= 10 && r[0][0] + r[0][2] >= 20 && r[0][1] <= 10, "{r:?}");
        assert!(r[1][0] <= 150 && r[1][0] + r[1][2] > 150, "{r:?}");
        assert!(changed_regions(&a, &a).is_empty());
    }

    #[test]
    fn a_page_only_in_one_build_changed_whole() {
        let pages = compare_pages(&[blank()], &[blank(), blank()]);
        assert_eq!(pages, vec![PageDiff { page: 2, regions: vec![[0, 0, 200, 100]] }]);
    }
}
