//! Relative targets ("double trade by 2030", "increase it by 50%"): the level such a goal
//! implies, factor × its base year's value on the side the target is judged on, and what is
//! missing when that year has no figure.
//!
//! The base year is the one written in `targets.csv`, or else the last full year known when the
//! goal was stated: the latest year before the statement's year with a reported or derived
//! figure of the judged side's own (not estimated, not borrowed from another side) that was
//! published by the statement's date (figures with no publication date count as known). Once the level is known, a relative
//! target is assessed exactly as an absolute one.

use serde::Serialize;

use crate::fmt::usd;
use crate::obs::{Aim, Bound, Date, Observation, Side, Target};
use crate::series::{Point, PointKind, Series};

/// The base of a relative target: the year whose value its factor multiplies, and that value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Base {
    /// The multiple of the base year's value (2 = double).
    pub factor: f64,
    /// The base year.
    pub year: i32,
    /// Its value in USD on `side` (for a bound, the bound itself).
    pub value_usd: f64,
    /// Whose statistics the value comes from: the side the target is judged on.
    pub side: Side,
    /// Reported, derived or estimated.
    pub kind: PointKind,
    /// Exact, approx or a bound.
    pub bound: Bound,
    /// For a base year the side lacks, the side its value was borrowed from (scaled; see
    /// [`crate::reconcile`]); `None` for the side's own figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borrowed_from: Option<Side>,
    /// True when `base_year` was written in `targets.csv`; false when it is the last full year
    /// known when the goal was stated.
    pub written: bool,
}

impl Base {
    /// The level the target implies: factor × the base year's value.
    pub fn level_usd(&self) -> f64 {
        self.factor * self.value_usd
    }

    /// Whose statistics the base value comes from, in words: `KZ's statistics`.
    pub fn side_words(&self) -> String {
        side_words(self.side)
    }
}

/// The level `target` aims at in USD, with its base for a relative target.
///
/// `series` is the judged side's; `observations` tell when its figures were published (empty:
/// every figure counts as known whenever the goal was stated). `Err` holds the
/// `insufficient_data` rule when a relative target's base year has no figure.
pub(super) fn level(
    target: &Target,
    series: &Series,
    observations: &[Observation],
) -> Result<(f64, Option<Base>), String> {
    let (factor, base_year) = match target.aim {
        Aim::Usd(v) => return Ok((v, None)),
        Aim::Multiple { factor, base_year } => (factor, base_year),
    };
    let point = match (base_year, target.stated) {
        (Some(y), _) => series.points.iter().find(|p| p.year == y),
        (None, Some(d)) => series.points.iter().rfind(|p| {
            p.kind != PointKind::Estimated
                && p.borrowed_from.is_none()
                && p.year < d.year()
                && known_by(p, d, observations)
        }),
        // The loader refuses a relative target with neither a base year nor a date.
        (None, None) => None,
    };
    let Some(p) = point else {
        return Err(missing_base_rule(target, factor, series.reported_by));
    };
    let base = Base {
        factor,
        year: p.year,
        value_usd: p.value_usd,
        side: series.reported_by,
        kind: p.kind,
        bound: p.bound,
        borrowed_from: p.borrowed_from,
        written: base_year.is_some(),
    };
    Ok((base.level_usd(), Some(base)))
}

/// Whether a point had been published by `date`: one of its figures had (or is undated).
fn known_by(point: &Point, date: Date, observations: &[Observation]) -> bool {
    observations.is_empty()
        || point.sources.iter().any(|id| {
            observations
                .iter()
                .find(|o| &o.id == id)
                .is_none_or(|o| o.published.is_none_or(|p| p <= date))
        })
}

/// Whose statistics, in words.
fn side_words(side: Side) -> String {
    match side {
        Side::Of(code) => format!("{code}'s statistics"),
        Side::Unknown => "the figures of unrecorded origin".into(),
    }
}

/// The rule when a relative target's base year has no figure on the judged side.
fn missing_base_rule(target: &Target, factor: f64, side: Side) -> String {
    let (pair, flow, on) = (target.pair, target.flow, side_words(side));
    match (target.aim, target.stated) {
        (
            Aim::Multiple {
                base_year: Some(y), ..
            },
            _,
        ) => format!(
            "insufficient_data: the target is {factor}× the {y} value on {on}, which have no \
             full-year {flow} figure for {pair} in {y}, so its level is unknown. Data that would \
             help: the full-year {y} {flow} figure for {pair} from {on}, or a base_year in \
             targets.csv for a year that has one."
        ),
        (_, Some(d)) => format!(
            "insufficient_data: the target is {factor}× the value of the last full year known \
             when it was stated ({d}), and {on} have no full-year {flow} figure for {pair} for a \
             year before {} published by then, so its level is unknown. Data that would help: \
             the full-year {} {flow} figure for {pair} from {on} as published by {d}, or the \
             base year written in targets.csv (base_year).",
            d.year(),
            d.year() - 1
        ),
        _ => format!(
            "insufficient_data: the target is {factor}× a base year's value, but it has neither a \
             base_year nor a stated date. Data that would help: the base year in targets.csv \
             (base_year)."
        ),
    }
}

/// What a reader must know about the base value: borrowed from another side, a bound, or an
/// estimate.
pub(super) fn base_caveats(base: &Base) -> Vec<String> {
    let what = format!("The base value ({}, {})", base.year, usd(base.value_usd));
    if let Some(from) = base.borrowed_from {
        return vec![format!(
            "{what} is not {}'s own figure: it is borrowed from {} and scaled to this side, so \
             the implied level ({}) is only as good as that scaling.",
            base.side,
            side_words(from),
            usd(base.level_usd())
        )];
    }
    match (base.kind, base.bound) {
        (_, Bound::AtLeast) => vec![format!(
            "{what} is a lower bound: the true base is higher, so the implied level ({}) is \
             understated.",
            usd(base.level_usd())
        )],
        (_, Bound::AtMost) => vec![format!(
            "{what} is an upper bound: the true base is lower, so the implied level ({}) is \
             overstated.",
            usd(base.level_usd())
        )],
        (PointKind::Estimated, _) => vec![format!(
            "{what} is estimated from a partial year, not reported: the implied level moves with it."
        )],
        _ => Vec::new(),
    }
}
