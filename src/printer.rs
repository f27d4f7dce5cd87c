//! The printer's requirements as data: PDF/X flavour, output profile, ink limit, resolution, files.
//!
//! A printer profile is a TOML table. The house default lives in `layouts/printer.toml`; an issue
//! overrides any key in a `[printer]` table of its `issue.toml` (for example
//! `icc = "/path/to/ISOnewspaper26v4.icc"` to use the printer's own profile). Paths are relative to
//! the file that names them. Every key has a default taken from the printers' specifications, so an
//! empty table is a valid profile.

use crate::error::toml_error;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The PDF/X flavour written by `build` and expected by `preflight`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
pub enum PdfX {
    /// PDF/X-4 (PDF 1.6, ICC-based workflow; transparency allowed). The default.
    #[default]
    #[serde(rename = "PDF/X-4")]
    X4,
    /// PDF/X-1a:2001 (PDF 1.3/1.4, CMYK and grey only, no transparency).
    #[serde(rename = "PDF/X-1a:2001")]
    X1a,
}

impl PdfX {
    /// The standard's name, as people and profiles say it.
    pub fn name(self) -> &'static str {
        match self {
            PdfX::X4 => "PDF/X-4",
            PdfX::X1a => "PDF/X-1a:2001",
        }
    }

    /// The value of `/GTS_PDFXVersion`: ISO 15930-1 names the version there (`PDF/X-1:2001`) and
    /// the conformance level in `/GTS_PDFXConformance`.
    pub fn version_key(self) -> &'static str {
        match self {
            PdfX::X4 => "PDF/X-4",
            PdfX::X1a => "PDF/X-1:2001",
        }
    }

    /// The value of `/GTS_PDFXConformance`, for the flavours that have one.
    pub fn conformance(self) -> Option<&'static str> {
        match self {
            PdfX::X4 => None,
            PdfX::X1a => Some("PDF/X-1a:2001"),
        }
    }
}

/// How photos are mapped into the output profile's gamut.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Intent {
    /// Relative colorimetric with black-point compensation: in-gamut colours kept exactly.
    #[default]
    RelativeColorimetric,
    /// Perceptual: the whole gamut compressed, smoother in saturated photos.
    Perceptual,
}

/// A printer profile as written in TOML (every key optional).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterDef {
    /// A printer profile file to start from (`layouts/<name>.toml` or a path), then override.
    pub base: Option<String>,
    /// PDF/X flavour.
    pub pdfx: Option<PdfX>,
    /// Output-intent ICC profile (CMYK).
    pub icc: Option<String>,
    /// `/OutputConditionIdentifier` of the output intent.
    pub condition: Option<String>,
    /// `/Info` of the output intent: a human-readable name of the condition.
    pub condition_info: Option<String>,
    /// `/RegistryName` of the output intent.
    pub registry: Option<String>,
    /// Total area coverage limit in percent (sum of C, M, Y, K).
    pub tac: Option<f64>,
    /// Photos below this effective resolution (ppi) are warned about.
    pub warn_ppi: Option<f64>,
    /// Photos below this effective resolution (ppi) are an error.
    pub min_ppi: Option<f64>,
    /// Target resolution of photos; above 1.5 × this they are downsampled.
    pub target_ppi: Option<f64>,
    /// Bleed around the trimmed page, in mm.
    pub bleed_mm: Option<f64>,
    /// Crop marks outside the trim.
    pub crop_marks: Option<bool>,
    /// Per-page file names: `{yyyymmdd}`, `{NN}`, `{N}` replaced.
    pub file_pattern: Option<String>,
    /// The page count must be a multiple of this.
    pub page_multiple: Option<usize>,
    /// Rendering intent for photos.
    pub intent: Option<Intent>,
    /// Smallest size of solid single-colour type, in pt.
    pub min_type_solid: Option<f64>,
    /// Smallest size of tinted type, in pt.
    pub min_type_tint: Option<f64>,
    /// Smallest size of four-colour or reversed type, in pt.
    pub min_type_process: Option<f64>,
    /// Least width of a rule or frame in one ink, in pt.
    pub min_line_width: Option<f64>,
    /// Least width of a rule or frame in several inks (or white), in pt.
    pub min_line_width_process: Option<f64>,
    /// Least effective resolution of 1-bit line art (scans of drawings, logos), in ppi.
    pub min_ppi_line_art: Option<f64>,
    /// Spot colours the press has a plate for, by name; any other is an error.
    pub spots: Option<Vec<String>>,
}

/// A complete printer profile with every default filled in.
#[derive(Clone, Debug, Serialize)]
pub struct Printer {
    /// Where the profile came from (for messages).
    pub source: String,
    /// PDF/X flavour.
    pub pdfx: PdfX,
    /// The output-intent ICC profile file.
    pub icc: PathBuf,
    /// `/OutputConditionIdentifier`.
    pub condition: String,
    /// `/Info` of the output intent.
    pub condition_info: String,
    /// `/RegistryName`.
    pub registry: String,
    /// Total area coverage limit, percent.
    pub tac: f64,
    /// Warn below this effective ppi.
    pub warn_ppi: f64,
    /// Error below this effective ppi.
    pub min_ppi: f64,
    /// Target ppi for photos (downsampled above 1.5 × this).
    pub target_ppi: f64,
    /// Bleed in mm.
    pub bleed_mm: f64,
    /// Crop marks on or off.
    pub crop_marks: bool,
    /// Per-page file-name pattern, when the printer imposes one (else the issue's).
    pub file_pattern: Option<String>,
    /// Page multiple (signatures).
    pub page_multiple: usize,
    /// Rendering intent for photos.
    pub intent: Intent,
    /// Minimum size of solid single-colour type, pt.
    pub min_type_solid: f64,
    /// Minimum size of tinted type, pt.
    pub min_type_tint: f64,
    /// Minimum size of four-colour or reversed type, pt.
    pub min_type_process: f64,
    /// Least width of a rule or frame in one ink, pt.
    pub min_line_width: f64,
    /// Least width of a rule or frame in several inks (or white), pt.
    pub min_line_width_process: f64,
    /// Least effective resolution of 1-bit line art, ppi.
    pub min_ppi_line_art: f64,
    /// Spot colours the press has a plate for (none on a four-colour newspaper press).
    pub spots: Vec<String>,
}

/// The default output profile, shipped in `layouts/icc/` with its licence.
pub const DEFAULT_ICC: &str = "icc/Uncoated_FOGRA29L_TAC240_argyll.icc";

impl Printer {
    /// The house profile: `printer.toml` found in a layouts folder, else the built-in defaults.
    pub fn house(layout_dirs: &[PathBuf]) -> Result<Printer> {
        match layout_dirs.iter().map(|d| d.join("printer.toml")).find(|p| p.is_file()) {
            Some(path) => Printer::from_file(&path, layout_dirs),
            None => Ok(Printer::resolve(PrinterDef::default(), None, layout_dirs, "built-in defaults")),
        }
    }

    /// Reads a printer profile file (which may itself name a `base`).
    pub fn from_file(path: &Path, layout_dirs: &[PathBuf]) -> Result<Printer> {
        let text = crate::files::read_text(path)?;
        let def: PrinterDef = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
        Printer::from_def(def, path, layout_dirs)
    }

    /// Completes a definition read from `file`: its `base` first, then its own keys on top.
    pub fn from_def(def: PrinterDef, file: &Path, layout_dirs: &[PathBuf]) -> Result<Printer> {
        Printer::over(def, None, file, layout_dirs)
    }

    /// The profile of an issue: the `[printer]` table of `issue.toml` over its `base` or, without
    /// one, over the house profile.
    pub fn for_issue(def: Option<PrinterDef>, toml_path: &Path, layout_dirs: &[PathBuf]) -> Result<Printer> {
        let house = Printer::house(layout_dirs)?;
        match def {
            Some(def) => Printer::over(def, Some(house), toml_path, layout_dirs),
            None => Ok(house),
        }
    }

    fn over(def: PrinterDef, fallback: Option<Printer>, file: &Path, layout_dirs: &[PathBuf]) -> Result<Printer> {
        let dir = file.parent().unwrap_or(Path::new("."));
        let base = match &def.base {
            Some(name) => Some(Printer::from_file(&find_base(name, dir, layout_dirs, file)?, layout_dirs)?),
            None => fallback,
        };
        let printer = Printer::resolve_over(def, base, dir, layout_dirs, &file.display().to_string());
        printer.check().map_err(|m| Error::in_file(file, m))?;
        Ok(printer)
    }

    /// The per-page file name pattern: the printer's when it imposes one, else the issue's.
    pub fn pattern<'a>(&'a self, issue_pattern: &'a str) -> &'a str {
        self.file_pattern.as_deref().unwrap_or(issue_pattern)
    }

    /// Bleed in points.
    pub fn bleed(&self) -> f64 {
        crate::units::mm(self.bleed_mm)
    }

    fn resolve(def: PrinterDef, dir: Option<&Path>, dirs: &[PathBuf], source: &str) -> Printer {
        let defaults = Printer::defaults(dirs, source);
        Printer::resolve_over(def, Some(defaults), dir.unwrap_or(Path::new(".")), dirs, source)
    }

    fn resolve_over(def: PrinterDef, base: Option<Printer>, dir: &Path, dirs: &[PathBuf], source: &str) -> Printer {
        let b = base.unwrap_or_else(|| Printer::defaults(dirs, source));
        Printer {
            source: source.to_string(),
            pdfx: def.pdfx.unwrap_or(b.pdfx),
            icc: def.icc.map(|p| dir.join(p)).unwrap_or(b.icc),
            condition: def.condition.unwrap_or(b.condition),
            condition_info: def.condition_info.unwrap_or(b.condition_info),
            registry: def.registry.unwrap_or(b.registry),
            tac: def.tac.unwrap_or(b.tac),
            warn_ppi: def.warn_ppi.unwrap_or(b.warn_ppi),
            min_ppi: def.min_ppi.unwrap_or(b.min_ppi),
            target_ppi: def.target_ppi.unwrap_or(b.target_ppi),
            bleed_mm: def.bleed_mm.unwrap_or(b.bleed_mm),
            crop_marks: def.crop_marks.unwrap_or(b.crop_marks),
            file_pattern: def.file_pattern.or(b.file_pattern),
            page_multiple: def.page_multiple.unwrap_or(b.page_multiple),
            intent: def.intent.unwrap_or(b.intent),
            min_type_solid: def.min_type_solid.unwrap_or(b.min_type_solid),
            min_type_tint: def.min_type_tint.unwrap_or(b.min_type_tint),
            min_type_process: def.min_type_process.unwrap_or(b.min_type_process),
            min_line_width: def.min_line_width.unwrap_or(b.min_line_width),
            min_line_width_process: def.min_line_width_process.unwrap_or(b.min_line_width_process),
            min_ppi_line_art: def.min_ppi_line_art.unwrap_or(b.min_ppi_line_art),
            spots: def.spots.unwrap_or(b.spots),
        }
    }

    /// The values of print.md: PDF/X-4, TAC 240 %, 200/100 ppi, no bleed, no marks, multiple of 4.
    pub fn defaults(dirs: &[PathBuf], source: &str) -> Printer {
        let icc = dirs.iter().map(|d| d.join(DEFAULT_ICC)).find(|p| p.is_file());
        Printer {
            source: source.to_string(),
            pdfx: PdfX::X4,
            icc: icc.unwrap_or_else(|| PathBuf::from("layouts").join(DEFAULT_ICC)),
            condition: "FOGRA29L".to_string(),
            condition_info: "Uncoated FOGRA29L (newsprint stand-in), TAC 240 %".to_string(),
            registry: "http://www.color.org".to_string(),
            tac: 240.0,
            warn_ppi: 200.0,
            min_ppi: 100.0,
            target_ppi: 300.0,
            bleed_mm: 0.0,
            crop_marks: false,
            file_pattern: None,
            page_multiple: 4,
            intent: Intent::RelativeColorimetric,
            min_type_solid: 6.0,
            min_type_tint: 8.0,
            min_type_process: 10.0,
            min_line_width: 0.5,
            min_line_width_process: 1.5,
            min_ppi_line_art: 600.0,
            spots: Vec::new(),
        }
    }

    /// Rejects values no printer could mean.
    fn check(&self) -> std::result::Result<(), String> {
        if !(100.0..=400.0).contains(&self.tac) {
            return Err(format!("`tac` = {} is not an ink limit: give a percentage such as 240 or 220", self.tac));
        }
        let sizes = [
            ("warn_ppi", self.warn_ppi, 10.0, 2400.0),
            ("min_ppi", self.min_ppi, 10.0, 2400.0),
            ("target_ppi", self.target_ppi, 10.0, 2400.0),
            ("min_type_solid", self.min_type_solid, 0.0, 72.0),
            ("min_type_tint", self.min_type_tint, 0.0, 72.0),
            ("min_type_process", self.min_type_process, 0.0, 72.0),
            ("min_line_width", self.min_line_width, 0.0, 5.0),
            ("min_line_width_process", self.min_line_width_process, 0.0, 5.0),
            ("min_ppi_line_art", self.min_ppi_line_art, 10.0, 4800.0),
        ];
        if let Some((name, v, lo, hi)) = sizes.iter().find(|(_, v, lo, hi)| !(v.is_finite() && (*lo..=*hi).contains(v)))
        {
            return Err(format!("`{name}` = {v} must be between {lo} and {hi}"));
        }
        if self.min_ppi > self.warn_ppi {
            return Err(format!("`min_ppi` ({}) is above `warn_ppi` ({})", self.min_ppi, self.warn_ppi));
        }
        if let Some(p) = &self.file_pattern {
            check_file_pattern(p)?;
        }
        if self.page_multiple == 0 {
            return Err("`page_multiple` must be 1 or more".to_string());
        }
        if !(0.0..=20.0).contains(&self.bleed_mm) {
            return Err(format!("`bleed_mm` = {} is out of range (0 to 20 mm)", self.bleed_mm));
        }
        Ok(())
    }

    /// Reads the output-intent profile.
    pub fn icc_bytes(&self) -> Result<Vec<u8>> {
        let bytes = std::fs::read(&self.icc).map_err(|e| {
            Error::io(&self.icc, e).with_help(format!("the printer profile ({}) names this ICC file", self.source))
        })?;
        if bytes.len() < 132 || &bytes[36..40] != b"acsp" {
            return Err(Error::in_file(&self.icc, "not an ICC profile"));
        }
        if &bytes[16..20] != b"CMYK" {
            return Err(Error::in_file(&self.icc, "the output intent must be a CMYK profile"));
        }
        Ok(bytes)
    }
}

fn find_base(name: &str, dir: &Path, layout_dirs: &[PathBuf], file: &Path) -> Result<PathBuf> {
    let direct = dir.join(name);
    if direct.is_file() {
        return Ok(direct);
    }
    layout_dirs.iter().map(|d| d.join(format!("{name}.toml"))).find(|p| p.is_file()).ok_or_else(|| {
        Error::in_file(
            file,
            format!("printer profile `{name}` not found (looked for {name}.toml in the layouts folders)"),
        )
    })
}

/// A page-file pattern must name a plain file inside `OUT/print/` and number the pages: no
/// folder, no `..`, no control character, a page number.
pub fn check_file_pattern(p: &str) -> std::result::Result<(), String> {
    if !p.contains("{NN}") && !p.contains("{N}") {
        return Err(format!("file_pattern `{p}` has no page number: use {{NN}} or {{N}}"));
    }
    if p.contains(['/', '\\']) || p.contains("..") || p.chars().any(char::is_control) || p.len() > 200 {
        return Err(format!(
            "file_pattern `{}` must be a plain file name (no folder, no `..`, no control character, at most \
             200 bytes): page files are written into OUT/print/",
            p.escape_debug()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_table_gives_print_md_defaults() {
        let p = Printer::resolve(PrinterDef::default(), None, &[], "test");
        assert_eq!(p.pdfx, PdfX::X4);
        assert_eq!(p.tac, 240.0);
        assert_eq!(p.page_multiple, 4);
        assert_eq!((p.warn_ppi, p.min_ppi), (200.0, 100.0));
        assert!(!p.crop_marks);
    }

    #[test]
    fn keys_override_the_base() {
        let def: PrinterDef = toml::from_str("tac = 220\npdfx = \"PDF/X-1a:2001\"").unwrap();
        let p = Printer::resolve(def, None, &[], "test");
        assert_eq!(p.tac, 220.0);
        assert_eq!(p.pdfx, PdfX::X1a);
        assert_eq!(p.warn_ppi, 200.0);
    }

    #[test]
    fn absurd_ink_limit_is_refused() {
        let def: PrinterDef = toml::from_str("tac = 24").unwrap();
        assert!(Printer::resolve(def, None, &[], "test").check().is_err());
    }
}
