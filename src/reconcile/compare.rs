//! Which of several rows for the same year wins (the tolerance within which two figures are one
//! is [`crate::tolerance`]'s).

use crate::obs::{Bound, Observation};

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

/// The sign of a growth rate for the arithmetic in words: `−` for a fall, `+` otherwise.
pub(super) fn sign(g: f64) -> &'static str {
    if g < 0.0 {
        "−"
    } else {
        "+"
    }
}
