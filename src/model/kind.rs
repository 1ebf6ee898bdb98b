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

    /// Every single model (all but the combination), in report order: what `auto` fits, and
    /// what `--model` may name alone.
    pub fn singles() -> impl Iterator<Item = ModelKind> {
        ModelKind::ALL
            .into_iter()
            .filter(|k| *k != ModelKind::Combination)
    }

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
                expected: format!("one of {}", ModelKind::ALL.map(|k| k.as_str()).join(", ")),
            })
    }
}
