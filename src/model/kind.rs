//! The closed set of models: their names, descriptions and the fewest points each is fitted on.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Fewest points of the damped-trend model (five parameters and one degree of freedom).
pub(super) const DAMPED_MIN_POINTS: usize = 6;

/// A closed set of models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Linear trend in levels, OLS.
    Linear,
    /// Exponential growth: OLS of ln(value) on time.
    LogLinear,
    /// Compound annual growth between the end points.
    Cagr,
    /// Random walk without drift on the log scale: the last value carried forward.
    Naive,
    /// Random walk with drift on the log scale.
    Drift,
    /// Damped-trend exponential smoothing, ETS(A,Ad,N) on the log scale.
    Damped,
    /// The latest reported growth rate carried forward.
    LatestGrowth,
    /// A weighted combination of the fitted models.
    Combination,
    /// Knowledge pooled from a panel of real trade series ([`crate::knowledge`]).
    Pooled,
}

impl ModelKind {
    /// Every model, in report order (the combination last).
    pub const ALL: [ModelKind; 9] = [
        ModelKind::Pooled,
        ModelKind::Linear,
        ModelKind::LogLinear,
        ModelKind::Cagr,
        ModelKind::Naive,
        ModelKind::Drift,
        ModelKind::Damped,
        ModelKind::LatestGrowth,
        ModelKind::Combination,
    ];

    /// The spelling in reports, JSON and on the command line.
    pub fn as_str(&self) -> &'static str {
        match self {
            ModelKind::Linear => "linear",
            ModelKind::LogLinear => "log_linear",
            ModelKind::Cagr => "cagr",
            ModelKind::Naive => "naive",
            ModelKind::Drift => "drift",
            ModelKind::Damped => "damped",
            ModelKind::LatestGrowth => "latest_growth",
            ModelKind::Combination => "combination",
            ModelKind::Pooled => "pooled",
        }
    }

    /// One line in words, for reports.
    pub fn describe(&self) -> &'static str {
        match self {
            ModelKind::Linear => "straight-line trend in US dollars, fitted by least squares",
            ModelKind::LogLinear => {
                "exponential growth at a constant rate, a straight line fitted to the logarithm of the values"
            }
            ModelKind::Cagr => {
                "steady compound growth at the average rate between the first and last values; the band reflects only the uncertainty of that rate"
            }
            ModelKind::Naive => {
                "no change: the last value carried forward, with year-to-year shocks like past ones"
            }
            ModelKind::Drift => {
                "random walk with drift: each year grows at the average past rate plus a random shock like past ones"
            }
            ModelKind::Damped => {
                "damped-trend exponential smoothing of the logarithm: recent growth is followed, but fades over time"
            }
            ModelKind::LatestGrowth => {
                "the latest reported growth rate carried forward, with year-to-year shocks like past ones"
            }
            ModelKind::Combination => {
                "an equal-weight combination of the log-scale models, averaging their forecasts and interval ends"
            }
            ModelKind::Pooled => {
                "what real bilateral trade series of the same length did next: a drift shared across the panel, part of the series' own trend, part of a recent jump undone, and bands from the panel's errors at the series' own volatility"
            }
        }
    }

    /// Fewest points the model is fitted on (the latest-growth model also needs a reported
    /// growth rate; the combination needs two fitted log-scale members, and is formed
    /// automatically only from 5 points, where AICc or a backtest can weigh it). The pooled
    /// model also fits one or two points when its knowledge file has classes for them
    /// ([`crate::knowledge::Knowledge::tiny_class`]); this is the minimum without them.
    pub fn min_points(&self) -> usize {
        match self {
            ModelKind::Linear
            | ModelKind::LogLinear
            | ModelKind::Cagr
            | ModelKind::Naive
            | ModelKind::Drift
            | ModelKind::LatestGrowth
            | ModelKind::Pooled => 3,
            ModelKind::Damped => DAMPED_MIN_POINTS,
            ModelKind::Combination => 3,
        }
    }

    /// True for models fitted on the logarithm of the values.
    pub fn is_log_scale(&self) -> bool {
        !matches!(self, ModelKind::Linear)
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelKind {
    type Err = crate::obs::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| crate::obs::ParseError {
                value: s.chars().take(60).collect(),
                expected:
                    "one of pooled, linear, log_linear, cagr, naive, drift, damped, latest_growth, combination"
                        .to_string(),
            })
    }
}
