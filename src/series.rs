//! Reconciled annual series: one value a year per pair and flow, each saying how it was obtained.

use serde::Serialize;

use crate::obs::{Bound, Flow, Pair, Period, Side, Trade};

/// How an annual value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// Stated by a source for the full calendar year.
    Reported,
    /// Implied by an identity from reported figures: `prev = level / (1 + g)`.
    Derived,
    /// Projected from a partial year and its same-period growth: `full_t ≈ full_{t-1} × (1 + g)`.
    /// Carries more uncertainty than a reported year.
    Estimated,
}

impl PointKind {
    /// The spelling used in tables and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            PointKind::Reported => "reported",
            PointKind::Derived => "derived",
            PointKind::Estimated => "estimated",
        }
    }
}

/// One annual value of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Calendar year.
    pub year: i32,
    /// Value in US dollars (finite, positive). For a bound, the bound itself.
    pub value_usd: f64,
    /// Reported, derived or estimated.
    pub kind: PointKind,
    /// Exact, approximate, or a one-sided bound.
    pub bound: Bound,
    /// Ids of the observations it came from.
    pub sources: Vec<String>,
    /// The arithmetic in words, e.g. "24.2 bn / (1 + 35%)".
    pub how: String,
}

/// A growth rate reported beside (or instead of) a level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthReport {
    /// The period the growth is for (against the same period a year earlier).
    pub period: Period,
    /// Growth as a fraction (0.35 = +35%).
    pub growth: f64,
    /// The observation id.
    pub source: String,
}

/// Two or more sources that disagree on the same year, and which one was used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The year in dispute.
    pub year: i32,
    /// Every candidate: (observation id or "derived", value in USD).
    pub candidates: Vec<(String, f64)>,
    /// The candidate used.
    pub chosen: String,
    /// The rule that chose, in words.
    pub rule: String,
}

/// The reconciled annual series for one pair and flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Reporter and partner, as the trade's first row writes them (see [`crate::reconcile`]).
    pub pair: Pair,
    /// Which flow.
    pub flow: Flow,
    /// Whose statistics every figure of this series comes from.
    pub reported_by: Side,
    /// Annual values, strictly increasing by year (gaps allowed).
    pub points: Vec<Point>,
    /// Every growth rate reported for this pair and flow, oldest first.
    pub growth_reports: Vec<GrowthReport>,
    /// How partial-year figures and other rows were used (or why not), for the report.
    pub notes: Vec<String>,
    /// Inconsistencies worth a reader's attention (component sums, partial above full year...).
    pub warnings: Vec<String>,
    /// Disagreements between sources.
    pub conflicts: Vec<Conflict>,
}

impl Series {
    /// The trade the series measures, whatever the order of its codes.
    pub fn trade(&self) -> Trade {
        Trade::of(self.pair, self.flow)
    }

    /// The latest annual point, if any.
    pub fn latest(&self) -> Option<&Point> {
        self.points.last()
    }

    /// The plain numbers a model needs.
    pub fn data(&self) -> crate::model::SeriesData {
        // The months behind an estimated last point: its year's partial-year growth report.
        let estimate_months = self
            .points
            .last()
            .filter(|p| p.kind == PointKind::Estimated)
            .and_then(|last| {
                self.growth_reports
                    .iter()
                    .filter(|g| g.period.year() == last.year)
                    .filter_map(|g| g.period.months())
                    .filter(|&m| m < 12)
                    .max()
            });
        crate::model::SeriesData {
            years: self.points.iter().map(|p| p.year).collect(),
            values: self.points.iter().map(|p| p.value_usd).collect(),
            kinds: self.points.iter().map(|p| p.kind).collect(),
            bounds: self.points.iter().map(|p| p.bound).collect(),
            latest_growth: self
                .growth_reports
                .iter()
                .max_by_key(|g| (g.period.year(), g.period.months().unwrap_or(0)))
                .map(|g| (g.period.year(), g.growth)),
            estimate_months,
        }
    }
}
