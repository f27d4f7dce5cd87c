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
