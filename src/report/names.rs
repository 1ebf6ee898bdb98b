//! Display names of models and target statuses: the one table every output reads.
//!
//! Each name has one form per audience:
//!
//! - `code`: the machine spelling ([`ModelKind::as_str`], [`Status::as_str`]): JSON, CSV, history,
//!   the CLI's model column (it is what `--model` accepts).
//! - `short` (models) / `words` (statuses): tables for people — `report.md`, the CLI's status column.
//! - `long` (models): titles — the chart subtitle; `point` (models): what the point forecast is,
//!   for the chart's legend.
//!
//! A new model or status is named here once; the `match`es make the compiler ask for it.

use crate::model::ModelKind;
use crate::target::Status;

/// How a model is named in each output (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelName {
    /// `log_linear`.
    pub code: &'static str,
    /// `log-linear`.
    pub short: &'static str,
    /// `exponential growth (log-linear trend)`.
    pub long: &'static str,
    /// What its point forecast is (`Forecast::point`): `median` for the log-scale models,
    /// `mean` for the linear trend, `average of models` for the combination. The chart's legend.
    pub point: &'static str,
}

/// The names of `kind`.
pub fn model(kind: ModelKind) -> ModelName {
    use ModelKind as M;
    let (short, long) = match kind {
        M::Linear => ("linear", "linear trend"),
        M::LogLinear => ("log-linear", "exponential growth (log-linear trend)"),
        M::Cagr => ("cagr", "compound annual growth"),
        M::Naive => ("naive", "no change (random walk without drift)"),
        M::Drift => ("drift", "random walk with drift"),
        M::Damped => ("damped", "damped trend (ETS A,Ad,N)"),
        M::LatestGrowth => ("latest-growth", "latest reported growth carried forward"),
        M::Combination => ("combination", "combination of models"),
        M::Pooled => ("pooled", "pooled from real trade series"),
    };
    let point = match kind {
        M::Linear => "mean",
        M::Combination => "average of models",
        _ => "median",
    };
    ModelName {
        code: kind.as_str(),
        short,
        long,
        point,
    }
}

/// How a target status is named in each output (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusName {
    /// `needs_acceleration`.
    pub code: &'static str,
    /// `needs acceleration`.
    pub words: &'static str,
}

/// The names of `status`.
pub fn status(status: Status) -> StatusName {
    let words = match status {
        Status::Achieved => "achieved",
        Status::OnTrack => "on track",
        Status::NeedsAcceleration => "needs acceleration",
        Status::OffTrack => "off track",
        Status::InsufficientData => "insufficient data",
        Status::Superseded => "superseded",
    };
    StatusName {
        code: status.as_str(),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_the_codes_hyphenated() {
        // report.md has always written the code with hyphens; the table keeps that promise.
        for kind in ModelKind::ALL {
            let n = model(kind);
            assert_eq!(n.short, n.code.replace('_', "-"), "{kind:?}");
        }
    }

    #[test]
    fn status_words_are_the_codes_spaced() {
        for s in [
            Status::Achieved,
            Status::OnTrack,
            Status::NeedsAcceleration,
            Status::OffTrack,
            Status::InsufficientData,
            Status::Superseded,
        ] {
            let n = status(s);
            assert_eq!(n.words, n.code.replace('_', " "), "{s:?}");
        }
    }
}
