//! Number formatting shared by notes, reports and charts: fixed rules, so outputs are byte-stable.
//!
//! The one place money is written: [`usd`] for text and tables, [`usd_label`] (shorter, with a
//! dollar sign) for chart labels, [`bounded`] and [`bounded_label`] for a value with its bound's
//! mark.
//!
//! And the one CSV dialect: [`csv_builder`] (the `csv` crate, quoting only where needed, lines
//! ending in `\n`) and [`neutralise`] (CSV injection), used by the report's files and batch's.

use crate::obs::{Aim, Bound};

/// A USD amount in words for people: `24.2 bn`, `328.6 m`, `950 k`; four significant digits,
/// trailing zeros dropped. Non-finite values print as `n/a`.
pub fn usd(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let (scaled, unit) = scale(value.abs());
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{} {unit}", sig4(scaled))
}

/// A value with its bound's mark, the one wording for bounds in tables and notes: `> 460 m` (the
/// source said more than), `< 2 bn`, `≈ 644 m`, `460 m` (exact). The marks are [`Bound::symbol`].
pub fn bounded(value: f64, bound: Bound) -> String {
    format!("{}{}", bound.symbol(), usd(value))
}

/// [`bounded`] in the short label form, for chart labels: `> $460 m`, `≈ $644 m`.
pub fn bounded_label(value: f64, bound: Bound) -> String {
    format!("{}{}", bound.symbol(), usd_label(value))
}

/// The short label form of a USD amount, for chart labels where space is tight: a dollar sign and
/// three significant digits at most, trailing zeros dropped: 644e6 → "$644 m", 4.5e9 → "$4.5 bn",
/// 18_634e6 → "$18.6 bn". Same units as [`usd`].
pub fn usd_label(v: f64) -> String {
    let (x, unit) = scale(v.abs());
    let suffix = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let decimals = if x >= 100.0 {
        0
    } else if x >= 10.0 {
        1
    } else {
        2
    };
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if x >= 1000.0 {
        s = group_thousands(x.round() as i64);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${s}{suffix}")
}

/// Groups digits in threes: 12345 → "12,345".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The unit that reads best for a magnitude: (value divided by the unit, unit name).
pub fn scale(magnitude: f64) -> (f64, &'static str) {
    if magnitude >= 1e12 {
        (magnitude / 1e12, "tn")
    } else if magnitude >= 1e9 {
        (magnitude / 1e9, "bn")
    } else if magnitude >= 1e6 {
        (magnitude / 1e6, "m")
    } else if magnitude >= 1e3 {
        (magnitude / 1e3, "k")
    } else {
        (magnitude, "")
    }
}

/// Four significant digits, trailing zeros (and a trailing point) removed: 17.925 → "17.93", 460.0 → "460".
pub fn sig4(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 { "0".into() } else { "n/a".into() };
    }
    if x.abs() >= 1e6 {
        // From usd(), a million units of its largest scale (10^18 USD and more): only wild
        // extrapolations get here, and they must not print as 100-digit numbers.
        return format!("{x:.3e}");
    }
    let digits = x.abs().log10().floor() as i32 + 1;
    let decimals = (4 - digits).clamp(0, 6) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A fraction as a signed percentage with one decimal: 0.35 → "+35.0%".
pub fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "n/a".into();
    }
    let p = fraction * 100.0;
    // Avoid "-0.0%".
    let p = if p.abs() < 0.05 { 0.0 } else { p };
    format!("{p:+.1}%")
}

/// The one CSV dialect of every file tradecast writes: the `csv` crate's writer, fields quoted
/// only when necessary (a comma, a quote or a line break), records ending in `\n`.
pub fn csv_builder() -> csv::WriterBuilder {
    let mut b = csv::WriterBuilder::new();
    b.quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'));
    b
}

/// `text` with a leading `'` if a spreadsheet would run it as a formula (and it is not a number).
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    if risky {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A target's aim in words: `1 bn` for a level; `2× the 2023 value` for a multiple of a
/// written base year, `2× the base-year value` when the base year is inferred.
pub fn aim(aim: &Aim) -> String {
    match *aim {
        Aim::Usd(v) => usd(v),
        Aim::Multiple {
            factor,
            base_year: Some(y),
        } => format!("{factor}× the {y} value"),
        Aim::Multiple {
            factor,
            base_year: None,
        } => format!("{factor}× the base-year value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_well() {
        assert_eq!(usd(24.2e9), "24.2 bn");
        assert_eq!(usd(24.2e9 / 1.35), "17.93 bn");
        assert_eq!(usd(460e6), "460 m");
        assert_eq!(usd(460e6 / 1.4), "328.6 m");
        assert_eq!(usd(1e9), "1 bn");
        assert_eq!(usd(f64::NAN), "n/a");
        assert_eq!(pct(0.35), "+35.0%");
        assert_eq!(pct(-0.0001), "+0.0%");
        assert_eq!(usd(3.1e147), "3.100e135 tn");
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(usd_label(644e6), "$644 m");
        assert_eq!(usd_label(4.5e9), "$4.5 bn");
        assert_eq!(usd_label(41.4e9), "$41.4 bn");
        assert_eq!(usd_label(1e9), "$1 bn");
        assert_eq!(usd_label(18_634e6), "$18.6 bn");
        assert_eq!(usd_label(2_500e9), "$2.5 tn");
        assert_eq!(usd_label(950e3), "$950 k");
        assert_eq!(usd_label(-950e3), "-$950 k");
        assert_eq!(group_thousands(-12_345), "-12,345");
        assert_eq!(bounded(460e6, Bound::AtLeast), "> 460 m");
        assert_eq!(bounded(644e6, Bound::Approx), "≈ 644 m");
        assert_eq!(bounded(1e9, Bound::Exact), "1 bn");
        assert_eq!(bounded_label(460e6, Bound::AtLeast), "> $460 m");
    }
}
