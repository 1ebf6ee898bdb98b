//! When two figures are one: the 2% tolerance, the one rule every comparison of amounts uses
//! (reconciliation's conflicts and sides, restated targets, duplicate rows in the input). It sits
//! below every other module so that all of them can share it without an import cycle.

/// Relative difference above which two figures for the same year are a conflict.
///
/// 2%: the sources round to one decimal of a billion (±0.05 bn), which is up to ±1.1% on a
/// 4.5 bn figure; anything beyond that is a real disagreement, not rounding.
pub const TOLERANCE: f64 = 0.02;

/// Two values name the same goal when they are within [`TOLERANCE`] of each other: "$1 billion"
/// and "$1.01 billion" are one goal, rounded differently.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

/// Two aims name the same goal: levels within [`TOLERANCE`] ([`same_value`]), or factors within
/// it with the same written base year. An absolute and a relative aim are never the same goal.
pub fn same_aim(a: &crate::obs::Aim, b: &crate::obs::Aim) -> bool {
    use crate::obs::Aim;
    match (*a, *b) {
        (Aim::Usd(x), Aim::Usd(y)) => same_value(x, y),
        (
            Aim::Multiple {
                factor: f,
                base_year: x,
            },
            Aim::Multiple {
                factor: g,
                base_year: y,
            },
        ) => same_value(f, g) && x == y,
        _ => false,
    }
}

/// The gap between two amounts relative to the larger: 0 for equal, 1 for one of them zero.
pub fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs())
}
