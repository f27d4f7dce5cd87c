//! The readable preflight report: one ✔, ⚠ or ✘ line per check, its findings, then a verdict.

use super::{Check, PreflightReport, Severity};
use std::fmt::Write;

/// Findings listed per check; a problem repeated on every page of a long file is not worth more.
const SHOWN: usize = 6;

/// What each check verifies, as the report names it.
fn title(check: Check, r: &PreflightReport) -> String {
    match check {
        Check::Pdfx => format!("{} identification and output intent", r.pdfx),
        Check::Boxes => "TrimBox on every page, inside the MediaBox".to_string(),
        Check::Fonts => "fonts embedded".to_string(),
        Check::Colour => "no RGB colour".to_string(),
        Check::Resolution => "image resolution".to_string(),
        Check::BlackText => "black text on the black plate only".to_string(),
        Check::Overprint => "100 % K text overprints".to_string(),
        Check::TypeSize => "minimum type sizes".to_string(),
        Check::Ink => match &r.darkest {
            Some(d) => format!("total ink within {:.0} % (highest {:.0} %, page {})", r.tac, d.percent, d.page),
            None => format!("total ink within {:.0} %", r.tac),
        },
        Check::PageCount => format!("page count a multiple of {}", r.page_multiple),
        Check::Spot => "no spot colour without a plate".to_string(),
        Check::Transparency => "no transparency (PDF/X-1a)".to_string(),
        Check::LineWeight => "line weights".to_string(),
        Check::Layers => "optional content (layers)".to_string(),
        Check::AdSize => format!("TrimBox the size of the {} format", r.format.as_deref().unwrap_or("booked")),
    }
}

/// Renders the report of the file `name`.
pub fn render(name: &str, r: &PreflightReport) -> String {
    let mut s = String::new();
    let plural = if r.pages == 1 { "" } else { "s" };
    let _ = writeln!(s, "{name}: {} page{plural}, checked against {} ({})", r.pages, r.printer, r.pdfx);
    for check in Check::ALL {
        if (check == Check::AdSize && r.format.is_none()) || (!r.checked && check != Check::Pdfx) {
            continue;
        }
        let found: Vec<_> = r.findings.iter().filter(|f| f.check == check).collect();
        let mark = match found.iter().map(|f| f.severity).max() {
            None => "✔",
            Some(Severity::Warning) => "⚠",
            Some(Severity::Error) => "✘",
        };
        let _ = writeln!(s, "  {mark} {}", title(check, r));
        for f in found.iter().take(SHOWN) {
            let level = if f.severity == Severity::Error { "error" } else { "warning" };
            let _ = writeln!(s, "      {level}: {}", f.message);
        }
        if found.len() > SHOWN {
            let _ = writeln!(s, "      … and {} more like these (--json lists them all)", found.len() - SHOWN);
        }
    }
    let (errors, warnings) = (r.errors().count(), r.warnings().count());
    if !r.checked {
        let _ = writeln!(s, "  FAILED: not checked further; ask for the file again");
        return s;
    }
    let verdict = if errors == 0 { "PASSED" } else { "FAILED" };
    let _ = writeln!(s, "  {verdict}: {errors} error{}, {warnings} warning{}", es(errors), es(warnings));
    s
}

fn es(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
