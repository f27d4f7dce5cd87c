//! Chemical formulas and squared or cubed units typed on a keyboard: `CO2` → CO₂, `50 m2` → 50 m².

use super::Tok;

/// Formulas a newspaper prints, whose figures are set as subscripts. A list rather than a rule,
/// since `B2`, `A4` or `F16` are names, not formulas.
const FORMULAS: [&str; 10] = ["CO2", "H2O", "CH4", "N2O", "NO2", "SO2", "O2", "O3", "H2", "NOx"];

/// Units whose last figure is an exponent when they follow a number (`50 m2`, `3 km2`, `2 cm3`).
const POWERS: [&str; 8] = ["m2", "m3", "km2", "cm2", "cm3", "mm2", "dm3", "hm3"];

/// Subscript figures for the formulas, superior ² and ³ for the units. A word typed inside an
/// address is left as typed; a unit counts only after a figure and a space (`m2` alone may be a
/// name).
pub(super) fn formulas(mut toks: Vec<Tok>) -> Vec<Tok> {
    super::for_each_word(&mut toks, |toks, range, word| {
        if FORMULAS.contains(&word) {
            for t in &mut toks[range] {
                t.c = subscript(t.c);
            }
        } else if POWERS.contains(&word) && after_number(toks, range.start) {
            let last = &mut toks[range.end - 1];
            last.c = if last.c == '2' { '²' } else { '³' };
        }
    });
    toks
}

fn subscript(c: char) -> char {
    match c.to_digit(10) {
        Some(d) => char::from_u32(0x2080 + d).unwrap_or(c),
        None => c,
    }
}

/// Whether the word at `i` follows a figure and a space (`50 m2`, `1 500 m2`).
fn after_number(toks: &[Tok], i: usize) -> bool {
    i >= 2 && toks[i - 1].c.is_whitespace() && toks[i - 2].c.is_ascii_digit()
}
