//! How figures are compared and ranked: the tolerance within which two figures are one, and
//! which of several rows for the same year wins.

use crate::obs::{Bound, Observation};

/// Relative difference above which two figures for the same year are a conflict.
///
/// 2%: the sources round to one decimal of a billion (±0.05 bn), which is up to ±1.1% on a
/// 4.5 bn figure; anything beyond that is a real disagreement, not rounding.
pub const TOLERANCE: f64 = 0.02;

/// Rank of a row for "which source wins": lower is better.
pub(super) fn preference(
    o: &Observation,
) -> (u8, std::cmp::Reverse<Option<crate::obs::Date>>, &str) {
    let exactness = match o.bound {
        Bound::Exact => 0,
        Bound::Approx => 1,
        Bound::AtLeast | Bound::AtMost => 2,
    };
    (exactness, std::cmp::Reverse(o.published), o.id.as_str())
}

pub(super) const CHOICE_RULE: &str =
    "the most exact wording wins (exact, then approx, then a bound), then the latest publication, then the lowest id";

/// Two values name the same goal when they are within [`TOLERANCE`] of each other: "$1 billion"
/// and "$1.01 billion" are one goal, rounded differently.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

pub(super) fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs())
}

/// The sign of a growth rate for the arithmetic in words: `−` for a fall, `+` otherwise.
pub(super) fn sign(g: f64) -> &'static str {
    if g < 0.0 {
        "−"
    } else {
        "+"
    }
}
