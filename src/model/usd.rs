//! Amounts of US dollars in the words of the models' notes.

/// A USD amount in words for notes: 4 significant digits with a scale word.
pub(crate) fn usd(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    if x >= 1e18 {
        // A million trillion and beyond: only wild extrapolations get here.
        return format!("{:.3e} trillion", x / 1e12);
    }
    let (v, unit) = if x >= 1e12 {
        (x / 1e12, " trillion")
    } else if x >= 1e9 {
        (x / 1e9, " bn")
    } else if x >= 1e6 {
        (x / 1e6, " m")
    } else {
        (x, "")
    };
    // Four significant digits.
    let decimals = if v >= 1000.0 {
        0
    } else if v >= 100.0 {
        1
    } else if v >= 10.0 {
        2
    } else {
        3
    };
    format!("{v:.decimals$}{unit}")
}
