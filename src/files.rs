//! Files on disk, written whole or not at all: the ground floor every stage that writes uses.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Writes every file under a temporary name first, then renames them all, so a failure half-way
/// never leaves a mix of new and old files or a truncated PDF in place of a good one.
pub fn commit(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut temps = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = temp_name(path);
        if let Err(e) = std::fs::write(&tmp, bytes) {
            temps.iter().for_each(|t: &PathBuf| drop(std::fs::remove_file(t)));
            return Err(Error::io(&tmp, e));
        }
        temps.push(tmp);
    }
    for ((path, _), tmp) in files.iter().zip(&temps) {
        std::fs::rename(tmp, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Keeps a file for a later build (a cache entry); a failure only costs that build time.
pub fn keep(path: &Path, bytes: Vec<u8>) {
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
    let _ = commit(&[(path.to_path_buf(), bytes)]);
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Removes the PDF files of folder `dir` that `kept` does not name: page files of an earlier
/// build of more pages (or under another pattern), which the printer must not receive beside
/// this build's. Only `.pdf` files directly in `dir` are touched; returns their names.
pub fn remove_stale_pdfs(dir: &Path, kept: &[PathBuf]) -> Result<Vec<String>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(vec![]) };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if is_pdf && entry.file_type().is_ok_and(|t| t.is_file()) && !kept.contains(&path) {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    removed.sort();
    Ok(removed)
}
