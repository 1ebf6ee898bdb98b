//! Growth models for short annual series, their prediction intervals, and the choice between them.
//!
//! A model spec goes in, a [`Fitted`] value or a [`Skipped`] reason comes out: too little data is
//! an outcome, not an error.

use serde::Serialize;

use crate::obs::Bound;
use crate::series::PointKind;

/// The plain numbers a model sees: one value a year, with how each was obtained.
///
/// Invariants (checked by [`SeriesData::try_new`]): equal lengths, years strictly increasing,
/// values finite and positive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesData {
    /// Calendar years, strictly increasing (gaps allowed).
    pub years: Vec<i32>,
    /// Values in US dollars, finite and positive.
    pub values: Vec<f64>,
    /// How each value was obtained (estimated points weigh less).
    pub kinds: Vec<PointKind>,
    /// Exact, approximate, or a bound (a lower bound is censored, not exact).
    pub bounds: Vec<Bound>,
    /// The latest reported growth rate: (year, growth as a fraction).
    pub latest_growth: Option<(i32, f64)>,
}

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
    /// Random walk with drift on the log scale.
    Drift,
    /// Damped-trend exponential smoothing, ETS(A,Ad,N) on the log scale.
    Damped,
    /// The latest reported growth rate carried forward.
    LatestGrowth,
    /// A weighted combination of the fitted models.
    Combination,
}

/// A forecast: point values and 80%/95% prediction intervals, in US dollars, one entry a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The years forecast.
    pub years: Vec<i32>,
    /// Point forecast (median on the log scale for log models).
    pub mean: Vec<f64>,
    /// Lower end of the 80% interval.
    pub lower80: Vec<f64>,
    /// Upper end of the 80% interval.
    pub upper80: Vec<f64>,
    /// Lower end of the 95% interval.
    pub lower95: Vec<f64>,
    /// Upper end of the 95% interval.
    pub upper95: Vec<f64>,
}

/// Why a model was not fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// The model.
    pub model: ModelKind,
    /// Points it needs.
    pub need: usize,
    /// Points it got.
    pub got: usize,
    /// In words.
    pub reason: String,
}

/// A fitted model: its parameters, fit quality, forecast and what it can simulate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fitted {
    /// Which model.
    pub model: ModelKind,
    /// Named parameters, for the report (e.g. ("slope", 0.246)).
    pub params: Vec<(String, f64)>,
    /// AICc on the log scale, where comparable across models; `None` otherwise.
    pub aicc: Option<f64>,
    /// In-sample fitted values in USD, one per observed year.
    pub fitted: Vec<f64>,
    /// Projected average annual growth over the horizon, as a fraction.
    pub growth: f64,
    /// The forecast with 80%/95% intervals.
    pub forecast: Forecast,
    /// Caveats in words (bounds, estimated points, very wide intervals...).
    pub notes: Vec<String>,
}

impl Fitted {
    /// `n_paths` simulated future paths (rows) over the forecast years (columns), in USD,
    /// with both parameter and noise uncertainty; the same seed gives the same paths.
    pub fn sample_paths(&self, n_paths: usize, seed: u64) -> ndarray::Array2<f64> {
        let _ = (n_paths, seed);
        todo!("model helper")
    }
}

/// The result of trying one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Fitted.
    Fitted(Fitted),
    /// Not fitted, and why.
    Skipped(Skipped),
}

/// Which models to fit and how to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelChoice {
    /// Fit every candidate, choose (or combine) automatically.
    Auto,
    /// Use this model only.
    Only(ModelKind),
}

/// Options for [`select`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitOptions {
    /// Years to forecast after the last observed year.
    pub horizon: usize,
    /// Seed for every simulation.
    pub seed: u64,
    /// Which model(s).
    pub choice: ModelChoice,
}

/// Every candidate's outcome, and the chosen forecast with the reason for the choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selection {
    /// Every model tried, fitted or skipped.
    pub candidates: Vec<Outcome>,
    /// The chosen (or combined) model; `None` when nothing could be fitted.
    pub chosen: Option<Fitted>,
    /// Why this model (or why none), in words.
    pub reason: String,
}

/// Fit every candidate model to `data` and choose.
pub fn select(data: &SeriesData, options: &FitOptions) -> Selection {
    let _ = (data, options);
    todo!("model helper")
}

impl ModelKind {
    /// snake_case name (placeholder until the models branch lands).
    pub fn as_str(&self) -> &'static str {
        match self {
            ModelKind::Linear => "linear",
            ModelKind::LogLinear => "log_linear",
            ModelKind::Cagr => "cagr",
            ModelKind::Drift => "drift",
            ModelKind::Damped => "damped",
            ModelKind::LatestGrowth => "latest_growth",
            ModelKind::Combination => "combination",
        }
    }
    /// Every model.
    pub const ALL: [ModelKind; 7] = [
        ModelKind::Linear,
        ModelKind::LogLinear,
        ModelKind::Cagr,
        ModelKind::Drift,
        ModelKind::Damped,
        ModelKind::LatestGrowth,
        ModelKind::Combination,
    ];
    /// One line in words.
    pub fn describe(&self) -> &'static str {
        self.as_str()
    }
}
