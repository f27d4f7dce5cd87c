//! Files on disk, written whole or not at all: the ground floor every stage that writes uses.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Writes every file under a temporary name first, then renames them all, so a failure half-way
/// never leaves a mix of new and old files or a truncated PDF in place of a good one.
pub fn commit(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut staged = Staged::default();
    for (path, bytes) in files {
        staged.stage(path, bytes)?;
    }
    staged.commit()
}

/// Files written under temporary names as they are made, and renamed into place together by
/// [`Staged::commit`]: a build need not hold every page file in memory until the last is made
/// (at 64 pages they were 13 MB), and the earlier output stays whole until the end. Dropped
/// without a commit (an error, a failed check), it removes its temporary files.
#[derive(Default)]
pub struct Staged {
    /// Each file's place and its temporary name, in the order staged.
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Writes `bytes` under a temporary name beside `path`.
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = temp_name(path);
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        self.files.push((path.to_path_buf(), tmp));
        Ok(())
    }

    /// Renames every staged file into place, in the order staged.
    pub fn commit(mut self) -> Result<()> {
        let files = std::mem::take(&mut self.files);
        for (i, (path, tmp)) in files.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, path) {
                self.files = files[i + 1..].to_vec();
                return Err(Error::io(path, e));
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (_, tmp) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// An output folder held by this process while it writes there: an OS lock on a file in it, so
/// that two builds, proofs or watches into one folder cannot interleave their renames. The OS
/// releases it when the holder ends, however it ends, so a killed build leaves no stale lock.
#[derive(Debug)]
pub struct OutLock {
    _file: std::fs::File,
}

/// Takes the lock of output folder `out` (creating it), or says that another maquette command
/// holds it.
pub fn lock_out(out: &Path) -> Result<OutLock> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let path = out.join(".maquette-lock");
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path);
    let file = file.map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(OutLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(Error::in_file(out, "another maquette command (build, proof or watch) is writing into this folder")
                .with_help("wait until it ends (or stop that watch), or write this one elsewhere with -o"))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
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

/// The list of page files a build wrote into a print folder, one name a line, kept beside that
/// folder (not in it: the folder is what goes to the printer) and read by the next build: what it
/// wrote before and does not write again is stale and removed. A file the build never wrote (a PDF
/// put there by hand, a printer's proof) is never touched.
pub const MANIFEST: &str = ".maquette-print-files";

/// Removes the page files of print folder `dir` that the previous build wrote (its manifest) and
/// this one did not (`kept`): page files of an earlier build of more pages, or under another
/// pattern, which the printer must not receive beside this build's. Then writes the new manifest.
/// Returns the names removed. A folder from before manifests (none there) has its PDFs judged
/// by name instead: those the build could have written, `.pdf` files directly in `dir`.
pub fn remove_stale_pdfs(dir: &Path, kept: &[PathBuf]) -> Result<Vec<String>> {
    let manifest = dir.parent().unwrap_or(dir).join(MANIFEST);
    let written: Vec<String> = match std::fs::read_to_string(&manifest) {
        Ok(text) => text.lines().map(str::to_string).collect(),
        Err(_) => old_pdfs(dir),
    };
    let kept_names: Vec<String> = kept
        .iter()
        .filter(|p| p.parent() == Some(dir))
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let mut removed = Vec::new();
    for name in written {
        // Only plain names: a manifest edited to name `../x` removes nothing outside the folder.
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != ".";
        let path = dir.join(&name);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if plain && is_file && !kept_names.contains(&name) {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(name);
        }
    }
    removed.sort();
    if dir.is_dir() {
        let mut list = kept_names.join("\n");
        list.push('\n');
        std::fs::write(&manifest, list).map_err(|e| Error::io(&manifest, e))?;
    }
    Ok(removed)
}

/// PDF files directly in `dir`: what a build before manifests may have written there.
fn old_pdfs(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Runs `f`, which reads `path` through a library (a decoder, a font parser); a panic inside it
/// becomes an error naming the file, so one broken photo or font stops the build with a message
/// rather than a crash. The libraries are sound Rust: a panic leaves no shared state half-changed.
pub fn guarded<T>(path: &Path, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::in_file(path, format!("the {what} failed on this file ({why}); save it again or replace it")))
        }
    }
}

/// Most bytes read from a text file of the issue (an article, issue.toml, a template, the
/// messages): 8 MB is over a million words, years of the paper. A 3 MB article builds in 74 MB
/// (128 MB as one paragraph): lines no page could hold keep no glyphs (`Setting::drawn_lines`),
/// and paragraphs are broken in parts (`text::setter`).
pub const TEXT_LIMIT: u64 = 8 << 20;

/// Most bytes read from a photo, a font or a PDF to check.
pub const BINARY_LIMIT: u64 = 256 << 20;

/// Reads a whole file of at most `limit` bytes: a regular file (not a device or a pipe, which
/// may never end), refused with its size when larger.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::in_file(path, "not a regular file (a folder, a device or a pipe)"));
    }
    let too_big =
        |size: u64| Error::in_file(path, format!("the file is {} MB; at most {} MB is read", size >> 20, limit >> 20));
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a text an editor writes by hand or exports (an article, `promo.md`, the messages CSV):
/// UTF-8 as [`read_text`] reads it; a file that is not (a word processor's or a French
/// spreadsheet's Windows default, Windows-1252, or UTF-16 with its byte-order mark, as Notepad
/// saves « Unicode ») is decoded all the same, with a warning naming the file and what it was
/// read as, so the build goes on and the editor knows what to re-save. Settings files (TOML) stay
/// strict: a misread number there would not show.
pub fn read_prose(path: &Path) -> Result<(String, Option<String>)> {
    let bytes = read_bounded(path, TEXT_LIMIT)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (encoding, bom) = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((e, n)) => (e, n),
        None if std::str::from_utf8(&bytes).is_ok() => (encoding_rs::UTF_8, 0),
        None => (encoding_rs::WINDOWS_1252, 0),
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    let note = (encoding != encoding_rs::UTF_8).then(|| {
        format!("{name}: not UTF-8; read as {} (save it as UTF-8 to be sure of every character)", encoding.name())
    });
    Ok((text.into_owned(), note))
}

/// Reads a text file of the issue: bounded by [`TEXT_LIMIT`], UTF-8 (a byte-order mark is
/// dropped). Text saved in another encoding is refused at the line of its first foreign byte, with
/// how to save it as UTF-8, rather than guessed at.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bounded(path, TEXT_LIMIT)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::in_file(
                path,
                format!("not UTF-8 text: byte 0x{:02X} on this line (an accent saved as Windows-1252 or Latin-1?)", body[at]),
            )
            .at_line(line)
            .with_help("save the file as UTF-8 (LibreOffice: Save As, Edit filter settings, Character set Unicode (UTF-8); Notepad: Save As, Encoding UTF-8)"))
        }
    }
}
