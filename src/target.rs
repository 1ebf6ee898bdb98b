//! Target tracking (DESIGN §7): when will a stated target be reached, and is the pair on track?
//!
//! The status follows the UN SDG progress assessment (the ratio of the actual growth rate to the
//! rate required to reach the target by its deadline), extended with the probability, from
//! simulated paths of the chosen model, of reaching it by the deadline. The rule is written out
//! in words in every [`Assessment`].

use ndarray::ArrayView2;
use serde::Serialize;

use crate::fmt::{pct, usd};
use crate::model::Selection;
use crate::obs::{Bound, Date, Target};
use crate::series::{PointKind, Series};

/// The target status: a closed set, so every output handles every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The latest value already meets the target.
    Achieved,
    /// Recent growth is at least 95% of the required rate and the model gives at least even odds.
    OnTrack,
    /// Recent growth is 60–95% of the required rate, or the model gives less than even odds.
    NeedsAcceleration,
    /// Recent growth is below 60% of the required rate, or negative.
    OffTrack,
    /// Too little data to judge.
    InsufficientData,
}

impl Status {
    /// The spelling in tables and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::OffTrack => "off_track",
            Status::InsufficientData => "insufficient_data",
        }
    }
}

/// SDG thresholds on the ratio of recent to required growth.
pub const ON_TRACK_RATIO: f64 = 0.95;
/// Below this ratio a target is off track.
pub const OFF_TRACK_RATIO: f64 = 0.60;
/// A target with no deadline is judged against this many years after the as-of year.
pub const IMPLIED_DEADLINE_YEARS: i32 = 5;

/// Percentiles of the first year simulated paths reach the target; `None` = not within the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrossingYears {
    /// 10th percentile.
    pub p10: Option<i32>,
    /// Median.
    pub p50: Option<i32>,
    /// 90th percentile.
    pub p90: Option<i32>,
    /// Share of paths that never reach the target within the horizon.
    pub never_share: f64,
    /// Last simulated year.
    pub horizon_end: i32,
}

/// Options for [`assess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessOptions {
    /// The date the assessment is made (decides "within 5 years" and the implied deadline).
    pub as_of: Date,
    /// Number of simulated paths.
    pub paths: usize,
    /// Seed for the simulation.
    pub seed: u64,
}

/// The latest value a target is measured from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latest {
    /// Year.
    pub year: i32,
    /// Value in USD.
    pub value_usd: f64,
    /// Reported, derived or estimated.
    pub kind: PointKind,
    /// Exact, approx or a bound.
    pub bound: Bound,
}

/// Everything known about one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The target as stated.
    pub target: Target,
    /// The status.
    pub status: Status,
    /// The rule, in words, with the numbers that decided it.
    pub rule: String,
    /// The latest annual value, if the pair has a series.
    pub latest: Option<Latest>,
    /// The year the status is judged against: the deadline, or the implied one.
    pub judged_by: i32,
    /// Whether `judged_by` is the stated deadline (false: implied, `as_of + 5`).
    pub deadline_stated: bool,
    /// First year the point forecast reaches the target.
    pub point_crossing: Option<i32>,
    /// Spread of the crossing year across simulated paths.
    pub crossing: Option<CrossingYears>,
    /// Probability of reaching the target by the deadline (stated or implied).
    pub probability_by_deadline: Option<f64>,
    /// Probability of reaching it within 5 and 10 years of the as-of year: ((year, p), (year, p)).
    pub probability_within: Vec<(i32, f64)>,
    /// Annual growth required from the latest value to reach the target by `judged_by`.
    pub required_growth: Option<f64>,
    /// CAGR over the last (up to four) observed years.
    pub recent_growth: Option<f64>,
    /// The chosen model's projected annual growth.
    pub projected_growth: Option<f64>,
    /// Things a reader must know (bounds, estimates, no deadline...).
    pub caveats: Vec<String>,
}

/// First year a path reaches `target` (`values[j] >= target`), or `None`.
pub fn first_crossing(years: &[i32], values: &[f64], target: f64) -> Option<i32> {
    years
        .iter()
        .zip(values)
        .find(|(_, &v)| v >= target)
        .map(|(&y, _)| y)
}

/// When each simulated path first reaches a target: how many paths cross in each forecast year.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossings {
    years: Vec<i32>,
    /// Paths whose first crossing is `years[j]`.
    counts: Vec<usize>,
    n_paths: usize,
}

impl Crossings {
    /// From each path's first crossing (an index into `years`, `None` for never), as
    /// [`SimPaths::first_crossings`](crate::model::SimPaths::first_crossings) gives them.
    pub fn from_first(years: &[i32], first: &[Option<usize>]) -> Self {
        let mut counts = vec![0; years.len()];
        for j in first.iter().flatten() {
            counts[*j] += 1;
        }
        Crossings {
            years: years.to_vec(),
            counts,
            n_paths: first.len(),
        }
    }

    /// From paths in USD (rows) over forecast `years` (columns).
    pub fn from_paths(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> Self {
        let first: Vec<Option<usize>> = paths
            .rows()
            .into_iter()
            .map(|row| row.iter().position(|&v| v >= target))
            .collect();
        Self::from_first(years, &first)
    }

    /// Crossing-year percentiles.
    ///
    /// A path that never reaches the target counts as "later than the horizon", so a
    /// percentile that falls among those paths is `None`. Raising the target can only delay
    /// each path's crossing, so every percentile is monotone in the target.
    pub fn percentiles(&self) -> CrossingYears {
        let n = self.n_paths;
        let pick = |q: f64| -> Option<i32> {
            if n == 0 {
                return None;
            }
            // Nearest-rank percentile: deterministic and never interpolates between years.
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
            let mut seen = 0;
            self.years.iter().zip(&self.counts).find_map(|(&y, &c)| {
                seen += c;
                (seen >= rank).then_some(y)
            })
        };
        let crossed: usize = self.counts.iter().sum();
        CrossingYears {
            p10: pick(0.10),
            p50: pick(0.50),
            p90: pick(0.90),
            never_share: if n == 0 {
                1.0
            } else {
                (n - crossed) as f64 / n as f64
            },
            horizon_end: self.years.last().copied().unwrap_or(0),
        }
    }

    /// Share of paths at or above the target in some year up to and including `year`.
    pub fn probability_by(&self, year: i32) -> f64 {
        if self.n_paths == 0 {
            return 0.0;
        }
        let hits: usize = self
            .years
            .iter()
            .zip(&self.counts)
            .take_while(|(&y, _)| y <= year)
            .map(|(_, &c)| c)
            .sum();
        hits as f64 / self.n_paths as f64
    }
}

/// Crossing-year percentiles over simulated paths (rows) for forecast `years` (columns); see
/// [`Crossings::percentiles`].
pub fn crossing_years(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> CrossingYears {
    Crossings::from_paths(paths, years, target).percentiles()
}

/// Share of paths at or above `target` in some year up to and including `year`.
pub fn probability_by(paths: ArrayView2<'_, f64>, years: &[i32], target: f64, year: i32) -> f64 {
    Crossings::from_paths(paths, years, target).probability_by(year)
}

/// Compound annual growth needed to go from `from` to `to` in `years` years.
pub fn required_growth(from: f64, to: f64, years: i32) -> Option<f64> {
    (years > 0 && from > 0.0 && to > 0.0).then(|| (to / from).powf(1.0 / f64::from(years)) - 1.0)
}

/// CAGR over the last up-to-four observed points (three intervals) of a series.
pub fn recent_growth(series: &Series) -> Option<f64> {
    let pts = &series.points;
    let last = pts.last()?;
    let first = &pts[pts.len().saturating_sub(4)];
    required_growth(first.value_usd, last.value_usd, last.year - first.year)
}

/// The last year a target assessment needs simulated: ten years after the as-of year, and the deadline.
pub fn horizon_end(target: &Target, as_of: Date) -> i32 {
    let ten = as_of.year() + 10;
    target.deadline.map_or(ten, |d| d.max(ten))
}

/// Assess one target against its pair's series and the chosen model.
///
/// `selection` must have been made with a horizon reaching [`horizon_end`]; years beyond the
/// forecast count as "not within the horizon".
pub fn assess(
    target: &Target,
    series: Option<&Series>,
    selection: Option<&Selection>,
    options: &AssessOptions,
) -> Assessment {
    let as_of_year = options.as_of.year();
    let (judged_by, deadline_stated) = match target.deadline {
        Some(d) => (d, true),
        None => (as_of_year + IMPLIED_DEADLINE_YEARS, false),
    };
    let mut a = Assessment {
        target: target.clone(),
        status: Status::InsufficientData,
        rule: String::new(),
        latest: None,
        judged_by,
        deadline_stated,
        point_crossing: None,
        crossing: None,
        probability_by_deadline: None,
        probability_within: Vec::new(),
        required_growth: None,
        recent_growth: None,
        projected_growth: None,
        caveats: Vec::new(),
    };
    if !deadline_stated {
        a.caveats.push(format!(
            "No deadline was stated: the status judges progress against an implied deadline of {judged_by} \
             ({IMPLIED_DEADLINE_YEARS} years after the as-of year); probabilities within 5 and 10 years are shown."
        ));
    }
    let Some(series) = series.filter(|s| !s.points.is_empty()) else {
        a.rule = format!(
            "insufficient_data: there is no annual {} series for {}. Data that would help: any full-year {} \
             figure for {}, ideally several years, or a year's figure with its growth rate.",
            target.flow, target.pair, target.flow, target.pair
        );
        return a;
    };
    let latest = series
        .points
        .last()
        .cloned()
        .expect("non-empty checked above");
    a.latest = Some(Latest {
        year: latest.year,
        value_usd: latest.value_usd,
        kind: latest.kind,
        bound: latest.bound,
    });
    match (latest.kind, latest.bound) {
        (_, Bound::AtLeast) => a.caveats.push(format!(
            "The latest value ({}, {}) is a lower bound: the true value is higher, so required growth is overstated \
             and the crossing may come earlier.",
            latest.year,
            usd(latest.value_usd)
        )),
        (PointKind::Estimated, _) => a.caveats.push(format!(
            "The latest value ({}, {}) is estimated from a partial year, not reported.",
            latest.year,
            usd(latest.value_usd)
        )),
        _ => {}
    }
    if latest.how.contains("rests on a bound") {
        a.caveats.push(format!(
            "The {} value rests on a lower bound: if that bound is exceeded, the series is higher than shown.",
            latest.year
        ));
    }
    a.recent_growth = recent_growth(series);
    a.required_growth =
        required_growth(latest.value_usd, target.value_usd, judged_by - latest.year);

    if latest.value_usd >= target.value_usd {
        a.status = Status::Achieved;
        a.rule = format!(
            "achieved: the latest value ({} in {}) already meets the target of {}.",
            usd(latest.value_usd),
            latest.year,
            usd(target.value_usd)
        );
        return a;
    }

    let Some(fitted) = selection.and_then(|s| s.chosen.as_ref()) else {
        let got = series.points.len();
        a.rule = format!(
            "insufficient_data: {got} annual point(s) for {} {} ({}), too few to fit a growth model. Data that would \
             help: full-year figures for earlier years, or the growth rate reported with the {} figure (it implies \
             the year before).",
            target.pair,
            target.flow,
            series.points.iter().map(|p| p.year.to_string()).collect::<Vec<_>>().join(", "),
            latest.year
        );
        return a;
    };
    let forecast = &fitted.forecast;
    a.projected_growth = Some(fitted.growth);
    a.point_crossing = first_crossing(&forecast.years, &forecast.mean, target.value_usd);
    let first = fitted.first_crossings(options.paths, options.seed, target.value_usd);
    let crossings = Crossings::from_first(&forecast.years, &first);
    a.crossing = Some(crossings.percentiles());
    let p_deadline = crossings.probability_by(judged_by);
    a.probability_by_deadline = Some(p_deadline);
    a.probability_within = [5, 10]
        .iter()
        .map(|k| {
            let y = as_of_year + k;
            (y, crossings.probability_by(y))
        })
        .collect();

    let required = a.required_growth.unwrap_or(0.0);
    let recent = a.recent_growth;
    let deadline_words = if deadline_stated {
        format!("the deadline {judged_by}")
    } else {
        format!("the implied deadline {judged_by}")
    };
    let (status, why) = match recent {
        None => (
            Status::InsufficientData,
            "insufficient_data: only one annual value, so there is no recent growth rate to compare.".to_string(),
        ),
        Some(r) if judged_by <= latest.year => (
            Status::OffTrack,
            format!(
                "off_track: {deadline_words} is not after the latest data year {} and the target was not met \
                 (recent growth {}).",
                latest.year,
                pct(r)
            ),
        ),
        Some(r) if r <= 0.0 => (
            Status::OffTrack,
            format!("off_track: recent growth is {} (not positive) while {} a year is required.", pct(r), pct(required)),
        ),
        Some(r) => {
            let ratio = r / required;
            let numbers = format!(
                "recent growth {} is {:.0}% of the {} a year required by {deadline_words}; the model gives a {:.0}% \
                 probability of reaching it by then",
                pct(r),
                ratio * 100.0,
                pct(required),
                p_deadline * 100.0
            );
            if ratio >= ON_TRACK_RATIO && p_deadline >= 0.5 {
                (Status::OnTrack, format!("on_track: {numbers} (on track needs ≥ 95% and ≥ 50%)."))
            } else if ratio >= OFF_TRACK_RATIO {
                (
                    Status::NeedsAcceleration,
                    format!("needs_acceleration: {numbers} (on track needs ≥ 95% and ≥ 50%; off track is below 60%)."),
                )
            } else {
                (Status::OffTrack, format!("off_track: {numbers} (off track is below 60%)."))
            }
        }
    };
    a.status = status;
    a.rule = why;
    a
}

/// The status rules in words, for report footers and `--help`.
pub const RULES: &str = "Status rules (after the UN SDG progress assessment: actual versus required growth). \
required = the compound annual growth needed from the latest value to reach the target by the deadline; \
recent = the CAGR over the last (up to four) annual values; P = the share of simulated paths of the chosen \
model that reach the target by the deadline. achieved: the latest value meets the target. on_track: recent ≥ 95% \
of required and P ≥ 50%. needs_acceleration: recent 60–95% of required, or ≥ 95% with P < 50%. off_track: recent \
below 60% of required, or not positive, or the deadline passed. insufficient_data: no series, or too few points \
to fit a model. A target with no deadline is judged against an implied deadline five years after the as-of year.";

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn forty_percent_from_329m_crosses_1bn_in_2025() {
        // DESIGN §5: 329 → 460 → 644 → 902 → 1262 at a steady 40% a year.
        let years: Vec<i32> = (2021..=2026).collect();
        let values: Vec<f64> = (0..6).map(|k| 329e6 * 1.4f64.powi(k)).collect();
        assert_eq!(first_crossing(&years, &values, 1e9), Some(2025));
        assert_eq!(first_crossing(&years, &values, 1e12), None);
    }

    #[test]
    fn percentiles_treat_never_as_after_the_horizon() {
        let years = [2024, 2025, 2026];
        // Five paths: cross in 2024, 2025, 2026, never, never.
        let paths = Array2::from_shape_vec(
            (5, 3),
            vec![
                2.0, 2.0, 2.0, 0.0, 2.0, 2.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            ],
        )
        .unwrap();
        let c = crossing_years(paths.view(), &years, 1.0);
        assert_eq!((c.p10, c.p50, c.p90), (Some(2024), Some(2026), None));
        assert!((c.never_share - 0.4).abs() < 1e-12);
        assert!((probability_by(paths.view(), &years, 1.0, 2025) - 0.4).abs() < 1e-12);
        assert_eq!(probability_by(paths.view(), &years, 1.0, 2023), 0.0);
    }

    #[test]
    fn required_growth_is_the_cagr_to_the_target() {
        let g = required_growth(644e6, 1e9, 2).unwrap();
        assert!((644e6 * (1.0 + g) * (1.0 + g) - 1e9).abs() < 1.0);
        assert_eq!(required_growth(1.0, 2.0, 0), None);
    }
}
