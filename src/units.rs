//! Lengths: every length in maquette is a number of PostScript points (1/72 inch) held in an `f64`.

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Converts millimetres to points.
pub fn mm(v: f64) -> f64 {
    v * PT_PER_MM
}

/// Converts points to millimetres.
pub fn to_mm(pt: f64) -> f64 {
    pt / PT_PER_MM
}

/// Rounds a length to 1/1000 pt so that output numbers are stable across platforms and runs.
pub fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_round_trip() {
        assert!((mm(25.4) - 72.0).abs() < 1e-9);
        assert!((to_mm(mm(280.0)) - 280.0).abs() < 1e-9);
    }
}
