//! Growth models for short annual series, their prediction intervals, and the choice between them.
//!
//! A model spec goes in, a [`Fitted`] value or a [`Skipped`] reason comes out: too little data is
//! an outcome, not an error.
//!
//! | model | scale | minimum points | intervals |
//! |---|---|---|---|
//! | [`ModelKind::Linear`] | levels | 3 | OLS/WLS, Student t on n − 2 df |
//! | [`ModelKind::LogLinear`] | log | 3 | OLS/WLS on ln(value), Student t on n − 2 df |
//! | [`ModelKind::Cagr`] | log | 3 | uncertainty of the growth rate only (steady growth) |
//! | [`ModelKind::Naive`] | log | 3 | random walk without drift (last value), Student t on m df |
//! | [`ModelKind::Drift`] | log | 3 | random walk with drift, Student t on m − 1 df (m yearly changes) |
//! | [`ModelKind::Damped`] | log | 6 | ETS(A,Ad,N) variance formula, Student t on n − 5 df |
//! | [`ModelKind::LatestGrowth`] | log | 3 and a reported growth rate | random walk whose drift is one year's growth |
//! | [`ModelKind::Combination`] | log | 5 (automatic choice; 3 when requested alone) | averaged quantiles of the members (naive, drift, damped, latest growth; log-linear below 8 points) |
//!
//! Conventions shared by every model:
//!
//! - time is `t = year − first year`, so missing years are gaps, not neighbours;
//! - an [`PointKind::Estimated`] point (a full year projected from part of it) has weight
//!   [`ESTIMATED_WEIGHT`] in least-squares and likelihood fits (its variance is taken as twice a
//!   reported point's); when it is the last point, from which walk-type models start, one more
//!   year of noise is added to their band instead;
//! - a one-sided value ([`Bound::AtLeast`], [`Bound::AtMost`]) is fitted at the bound, and a note
//!   says how the first forecast year would move were the true value [`BOUND_SHIFT`] beyond it;
//! - the residual standard deviation used for intervals is never below a floor (relative terms):
//!   [`SIGMA_FLOOR_LOG`] for rounding, plus [`ESTIMATE_SD_LOG`] for the share of estimated
//!   points, since residuals cannot honestly be smaller than the errors the points carry; a note
//!   says when the floor binds (typically three points computed from one growth rate);
//! - all forecasts are in USD; log-scale models report the median (exp of the log forecast).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::obs::Bound;
use crate::series::PointKind;

mod cagr;
mod calibrate;
mod combination;
mod damped;
mod drift;
pub mod ets;
mod latest_growth;
mod linear;
mod log_linear;
mod naive;
pub mod ols;
mod pooled;
mod select;
mod sim;
mod stats;

pub use stats::t_quantiles;

pub use sim::SimPaths;
use sim::{safe_exp, Sim};

/// Weight of an estimated point in weighted least squares and in the smoothing likelihood:
/// its error variance is taken as twice that of a reported or derived point.
pub const ESTIMATED_WEIGHT: f64 = 0.5;

/// Smallest residual standard deviation used for intervals, on the log scale (0.5%; for the
/// linear model, 0.5% of the mean level). Reported figures are rounded to about three
/// significant digits and growth rates to whole percent, so a closer fit than this is an
/// artefact, typically of derived and estimated points computed from one growth rate.
pub const SIGMA_FLOOR_LOG: f64 = 0.005;

/// Assumed error of an estimated full year (a full year projected from part of it by the
/// same-period growth rate), on the log scale: about 10%, since growth over a few months often
/// differs from the full year's by around ten points. It enters the σ floor as
/// σ_floor² = [`SIGMA_FLOOR_LOG`]² + ESTIMATE_SD_LOG² · (estimated points / points): the
/// average measurement variance a residual must at least contain.
pub const ESTIMATE_SD_LOG: f64 = 0.10;

/// Prior yearly volatility (log scale) for series that contain derived or estimated points.
///
/// Such points are computed from reported growth rates, so the spread of a fit through them is
/// not an independent measure of noise (KZ-AZ's three points lie exactly on one 40% path). For
/// these series σ² is pooled with this prior, `(ν₀σ₀² + df·σ̂²) / (ν₀ + df)` on `ν₀ + df`
/// degrees of freedom: the conjugate (scaled inverse χ²) update. 0.10 is about the spread of
/// the year-to-year changes in the growth rates the sources report (KZ-CN 35% then 21%, KZ-EU
/// 3.5% then 23%: log differences of 0.11 and 0.17); it is an assumption and the report says so.
pub const PRIOR_SD_LOG: f64 = 0.10;

/// Weight of [`PRIOR_SD_LOG`] in observations (ν₀): enough to tame one residual degree of
/// freedom (t₁'s 97.5% quantile is 12.7, t₃'s is 3.2), little against a long series.
pub const PRIOR_DF: usize = 2;

/// Relative shift used to show how a one-sided value moves a projection (+10% for a lower
/// bound, −10% for an upper bound).
pub const BOUND_SHIFT: f64 = 0.10;

/// Series of at least this many points are judged by rolling-origin backtests; shorter ones
/// by AICc (or by a stated default when AICc is undefined).
pub const BACKTEST_MIN_POINTS: usize = 8;

/// Smallest value [`SeriesData::try_new`] accepts. Models work on logarithms and turn them back
/// with `exp` clamped at e^±700 (about 10^±304): values must leave room for the forecast and its
/// bands, or the clamp would put a forecast far from the data (a series at 10^308 was forecast
/// at 10^304 with a zero-width band).
pub const MIN_VALUE: f64 = 1e-100;
/// Largest value [`SeriesData::try_new`] accepts; see [`MIN_VALUE`].
pub const MAX_VALUE: f64 = 1e100;

/// The plain numbers a model sees: one value a year, with how each was obtained.
///
/// Invariants (checked by [`SeriesData::try_new`]): equal lengths, years strictly increasing,
/// values finite and within [`MIN_VALUE`]..=[`MAX_VALUE`].
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
    /// When the last point is estimated from part of its year: how many months that part
    /// covers (`None`: not estimated, or the source did not say). January–April leaves far more
    /// of the year unknown than January–October, and the band says so (see
    /// [`SeriesData::with_estimate_months`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate_months: Option<u8>,
}

impl SeriesData {
    /// Checks the invariants: equal lengths, years strictly increasing, values finite and
    /// positive, growth (if any) finite and above −100%. Every problem is listed in the error.
    ///
    /// ```
    /// use tradecast::model::SeriesData;
    /// use tradecast::obs::Bound;
    /// use tradecast::series::PointKind;
    ///
    /// let ok = SeriesData::try_new(vec![2021, 2022], vec![1.0, 2.0],
    ///     vec![PointKind::Reported; 2], vec![Bound::Exact; 2], Some((2022, 1.0)));
    /// assert!(ok.is_ok());
    /// let bad = SeriesData::try_new(vec![2022, 2021], vec![1.0, -2.0],
    ///     vec![PointKind::Reported; 2], vec![Bound::Exact; 2], None);
    /// let message = bad.unwrap_err().to_string();
    /// assert!(message.contains("strictly increasing") && message.contains("positive"));
    /// ```
    pub fn try_new(
        years: Vec<i32>,
        values: Vec<f64>,
        kinds: Vec<PointKind>,
        bounds: Vec<Bound>,
        latest_growth: Option<(i32, f64)>,
    ) -> crate::Result<Self> {
        let mut problems = Vec::new();
        let n = years.len();
        if values.len() != n || kinds.len() != n || bounds.len() != n {
            problems.push(format!(
                "lengths differ: {n} years, {} values, {} kinds, {} bounds; give one of each per year",
                values.len(),
                kinds.len(),
                bounds.len()
            ));
        }
        for (i, pair) in years.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                problems.push(format!(
                    "years must be strictly increasing: position {} has {} after {}",
                    i + 1,
                    pair[1],
                    pair[0]
                ));
            }
        }
        for (i, v) in values.iter().enumerate() {
            if !(v.is_finite() && (MIN_VALUE..=MAX_VALUE).contains(v)) {
                let year = years.get(i).map_or("?".to_string(), |y| y.to_string());
                problems.push(format!(
                    "value {v} at position {i} (year {year}) must be finite and positive (USD), \
                     within {MIN_VALUE:e} to {MAX_VALUE:e}"
                ));
            }
        }
        if let Some((year, g)) = latest_growth {
            if !(g.is_finite() && g > -1.0) {
                problems.push(format!(
                    "growth {g} for {year} must be a finite fraction above -1 (0.35 = +35%)"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(crate::Error::Argument(format!(
                "series data rejected: {}",
                problems.join("; ")
            )));
        }
        Ok(SeriesData {
            years,
            values,
            kinds,
            bounds,
            latest_growth,
            estimate_months: None,
        })
    }

    /// Records the months (1–11) of the partial year the last, estimated point rests on. The
    /// full-year estimate's extra log variance is then ((12 − m)/12)² of a year's (the unknown
    /// share of the year, moving as a year does); with no months stated it is a whole year's.
    pub fn with_estimate_months(mut self, months: Option<u8>) -> Self {
        self.estimate_months = months.filter(|m| (1..12).contains(m));
        self
    }

    /// Plain reported, exact values with no growth rate (panels, tests).
    ///
    /// ```
    /// let d = tradecast::model::SeriesData::plain(vec![2020, 2021, 2023], vec![5.0, 6.0, 7.5]).unwrap();
    /// assert_eq!(d.len(), 3);
    /// ```
    pub fn plain(years: Vec<i32>, values: Vec<f64>) -> crate::Result<Self> {
        let n = years.len();
        SeriesData::try_new(
            years,
            values,
            vec![PointKind::Reported; n],
            vec![Bound::Exact; n],
            None,
        )
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// True with no points.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
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
    /// automatically only from 5 points, where AICc or a backtest can weigh it).
    pub fn min_points(&self) -> usize {
        match self {
            ModelKind::Linear
            | ModelKind::LogLinear
            | ModelKind::Cagr
            | ModelKind::Naive
            | ModelKind::Drift
            | ModelKind::LatestGrowth
            | ModelKind::Pooled => 3,
            ModelKind::Damped => damped::MIN_POINTS,
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

/// A forecast: point values and 80%/95% prediction intervals, in US dollars, one entry a year.
///
/// Invariant: `lower95 ≤ lower80 ≤ mean ≤ upper80 ≤ upper95`, all finite and non-negative.
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
    /// AICc of the likelihood of ln(values), comparable across the models that have one
    /// (the linear model's includes the Jacobian −Σ ln y); `None` for models without a
    /// likelihood of all points, or with too few points for the small-sample correction.
    pub aicc: Option<f64>,
    /// In-sample fitted values in USD, one per observed year.
    pub fitted: Vec<f64>,
    /// Projected average annual growth, as a fraction: from the last observed value to the
    /// last forecast year's point forecast (to the first year's when the horizon is 0).
    pub growth: f64,
    /// The forecast with 80%/95% intervals.
    pub forecast: Forecast,
    /// Caveats in words (bounds, estimated points, very wide intervals...).
    pub notes: Vec<String>,
    /// How the model simulates.
    #[serde(skip)]
    sim: Box<Sim>,
    /// For each one-sided point: (year, relative change of the first forecast year's point
    /// forecast if the value were [`BOUND_SHIFT`] beyond the bound).
    #[serde(skip)]
    bound_moves: Vec<(i32, f64)>,
}

impl Fitted {
    /// `n_paths` simulated future paths (rows) over the forecast years (columns), in USD,
    /// with both parameter and noise uncertainty; the same seed gives the same paths.
    ///
    /// What is simulated, by model: OLS models draw σ, then intercept and slope, then noise;
    /// walks draw σ, then the drift (and the starting level when the last point is estimated),
    /// then yearly shocks (none for CAGR); damped smoothing draws σ and the shocks, holding
    /// α, β, φ at their estimates; a combination is a mixture: consecutive blocks of rows follow
    /// each member in proportion to its weight.
    pub fn sample_paths(&self, n_paths: usize, seed: u64) -> ndarray::Array2<f64> {
        self.simulate(n_paths, seed).into_usd()
    }

    /// The same paths as [`Fitted::sample_paths`], kept on the model's own scale (logarithms for
    /// log-scale models): the cheap way to ask when each path first reaches a target.
    pub fn simulate(&self, n_paths: usize, seed: u64) -> SimPaths {
        self.sim.simulate(n_paths, self.forecast.years.len(), seed)
    }

    /// For each of the paths of [`Fitted::simulate`], the index of the first forecast year at or
    /// above `target_usd`, or `None` if it never gets there: the same answer as
    /// [`SimPaths::first_crossings`], without keeping the paths (what batch runs use).
    pub fn first_crossings(
        &self,
        n_paths: usize,
        seed: u64,
        target_usd: f64,
    ) -> Vec<Option<usize>> {
        self.sim
            .first_crossings(n_paths, self.forecast.years.len(), seed, target_usd)
    }
}

/// The result of trying one model.
// Boxing `Fitted` would change the shape other modules match on; outcomes are few per series.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Fitted.
    Fitted(Fitted),
    /// Not fitted, and why.
    Skipped(Skipped),
}

impl Outcome {
    /// The model tried.
    pub fn model(&self) -> ModelKind {
        match self {
            Outcome::Fitted(f) => f.model,
            Outcome::Skipped(s) => s.model,
        }
    }

    /// The fit, if there is one.
    pub fn fitted(&self) -> Option<&Fitted> {
        match self {
            Outcome::Fitted(f) => Some(f),
            Outcome::Skipped(_) => None,
        }
    }
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
///
/// The rule, stated again in [`Selection::reason`] with its numbers:
///
/// - 3 to 7 points: the pooled model ([`crate::knowledge`]): a few points cannot show how a
///   trade flow moves, a panel of real trade series can. On the real bilateral trade panels of
///   `shared/realtrade` (5 points, h = 6) it scores sMAPE 38.80 against 40.24 for no change,
///   where the earlier choice (log-linear, or AICc between the models) scored 46.77;
/// - 8 points or more: rolling-origin backtest (training sets of 6 points and up, the last ten
///   origins, 1 to 3 years ahead) of every single model (CAGR and the linear trend aside) and of
///   the equal-weight combination of the naive, drift, damped (and latest-growth) models; the
///   pooled model is kept unless the best of the series' own choices (the combination, or a
///   single model whose MASE is at least 50% below the combination's) has a MASE at least 25%
///   below the pooled model's; that model's point forecast then gets the pooled model's bands
///   around it. Without pooled knowledge the own choice's bands are widened by how far its
///   errors at up to 10 past origins exceeded the spread it predicted (never narrowed);
/// - fewer than 3 points: nothing is fitted, and the reason says what data would help.
///
/// Why the combination is the series' own default: on the project's synthetic benchmark panel
/// (`shared/bench/generate_panel.py`, first 1000 series, 8 to 30 points, the last 3 held out),
/// always taking the best-scoring single model gave sMAPE 11.8% (80%/95% coverage 67%/85%),
/// always combining 11.2% (82%/94%); on the real yearly series of M1, Tourism and M3
/// (`scripts/accuracy.sh`) dropping log-linear from the combination of long series, adding the
/// naive model to it and a 50% margin did better (see `SINGLE_MARGIN` in select.rs and
/// `MEMBERS` and `members_for` in combination.rs).
///
/// ```
/// use tradecast::model::{select, FitOptions, ModelChoice, ModelKind, SeriesData};
///
/// let data = SeriesData::plain(
///     (2014..=2023).collect(),
///     vec![4.1, 4.52, 4.96, 5.37, 4.21, 4.48, 5.06, 5.58, 6.05, 6.61],
/// ).unwrap();
/// let options = FitOptions { horizon: 5, seed: 42, choice: ModelChoice::Auto };
/// let selection = select(&data, &options);
/// let chosen = selection.chosen.as_ref().expect("ten points are enough");
/// assert_eq!(chosen.forecast.years, vec![2024, 2025, 2026, 2027, 2028]);
/// for h in 0..5 {
///     let f = &chosen.forecast;
///     assert!(f.lower95[h] <= f.lower80[h] && f.lower80[h] <= f.mean[h]);
///     assert!(f.mean[h] <= f.upper80[h] && f.upper80[h] <= f.upper95[h]);
/// }
/// assert!(selection.reason.contains("MASE"));
///
/// // One model only; too few points is an outcome, not an error.
/// let two = SeriesData::plain(vec![2022, 2023], vec![10.0, 12.0]).unwrap();
/// let only = FitOptions { choice: ModelChoice::Only(ModelKind::LogLinear), ..options };
/// let selection = select(&two, &only);
/// assert!(selection.chosen.is_none());
/// assert!(selection.reason.contains("needs 3"));
///
/// // Simulated paths for target tracking, reproducible for a seed.
/// let paths = chosen.sample_paths(1000, 7);
/// assert_eq!(paths.dim(), (1000, 5));
/// assert_eq!(paths, chosen.sample_paths(1000, 7));
/// ```
pub fn select(data: &SeriesData, options: &FitOptions) -> Selection {
    select::select(data, options, crate::knowledge::Knowledge::builtin())
}

/// [`select`] with pooled knowledge of one's own (see [`crate::knowledge::learn`]) instead of
/// the built-in file.
pub fn select_with(
    data: &SeriesData,
    options: &FitOptions,
    knowledge: &crate::knowledge::Knowledge,
) -> Selection {
    select::select(data, options, knowledge)
}

/// Fits one single model (not the combination) to `data`, with notes on one-sided values.
pub fn fit(data: &SeriesData, kind: ModelKind, horizon: usize) -> Outcome {
    if kind == ModelKind::Combination {
        return select::select(
            data,
            &FitOptions {
                horizon,
                seed: 0,
                choice: ModelChoice::Only(ModelKind::Combination),
            },
            crate::knowledge::Knowledge::builtin(),
        )
        .candidates
        .into_iter()
        .find(|o| o.model() == ModelKind::Combination)
        .unwrap_or_else(|| {
            Outcome::Skipped(Skipped {
                model: kind,
                need: 3,
                got: data.len(),
                reason: "no log-scale model could be fitted".into(),
            })
        });
    }
    let prep = Prep::new(data, data.values.clone(), horizon);
    select::fit_single(&prep, kind)
}

// ---------------------------------------------------------------------------------------------
// Shared machinery for the model files.

/// A series prepared for fitting: times, values, logs and weights.
pub(crate) struct Prep<'a> {
    pub data: &'a SeriesData,
    /// Values (USD); a copy so that a one-sided value can be shifted for the sensitivity note.
    pub v: Vec<f64>,
    /// ln(values).
    pub z: Vec<f64>,
    /// t = year − first year.
    pub t: Vec<f64>,
    /// Least-squares weights (1, or [`ESTIMATED_WEIGHT`] for estimated points).
    pub w: Vec<f64>,
    /// Years forecast (the requested horizon).
    pub horizon: usize,
    /// Pooled knowledge, for the pooled model.
    pub knowledge: &'a crate::knowledge::Knowledge,
}

impl<'a> Prep<'a> {
    pub(crate) fn new(data: &'a SeriesData, v: Vec<f64>, horizon: usize) -> Self {
        let first = data.years.first().copied().unwrap_or(0);
        Prep {
            data,
            z: v.iter().map(|x| x.ln()).collect(),
            v,
            t: data.years.iter().map(|y| f64::from(y - first)).collect(),
            w: data
                .kinds
                .iter()
                .map(|k| match k {
                    PointKind::Estimated => ESTIMATED_WEIGHT,
                    PointKind::Reported | PointKind::Derived => 1.0,
                })
                .collect(),
            horizon,
            knowledge: crate::knowledge::Knowledge::builtin(),
        }
    }

    pub fn n(&self) -> usize {
        self.v.len()
    }

    /// Forecast steps computed internally: at least one, so growth is defined at horizon 0.
    pub fn steps(&self) -> usize {
        self.horizon.max(1)
    }

    pub fn t_last(&self) -> f64 {
        self.t.last().copied().unwrap_or(0.0)
    }

    pub fn last_year(&self) -> i32 {
        self.data.years.last().copied().unwrap_or(0)
    }

    /// Forecast times t for h = 1..=steps.
    pub fn forecast_t(&self) -> Vec<f64> {
        (1..=self.steps())
            .map(|h| self.t_last() + h as f64)
            .collect()
    }

    /// Years of estimated points, for notes.
    pub fn estimated_years(&self) -> Vec<i32> {
        self.data
            .kinds
            .iter()
            .zip(&self.data.years)
            .filter(|(k, _)| **k == PointKind::Estimated)
            .map(|(_, y)| *y)
            .collect()
    }

    /// The least residual standard deviation (log scale) the intervals may use.
    pub fn sigma_floor(&self) -> f64 {
        let n = self.n().max(1) as f64;
        let k = self.estimated_years().len() as f64;
        (SIGMA_FLOOR_LOG * SIGMA_FLOOR_LOG + ESTIMATE_SD_LOG * ESTIMATE_SD_LOG * k / n).sqrt()
    }

    /// True when some points were derived or estimated from growth rates rather than reported.
    pub fn has_constructed_points(&self) -> bool {
        self.data.kinds.iter().any(|k| *k != PointKind::Reported)
    }

    /// σ and degrees of freedom for intervals and simulation, from a residual σ̂ on `df` degrees
    /// of freedom: pooled with [`PRIOR_SD_LOG`] when the series has derived or estimated points,
    /// and never below the floor. `scale` turns log-scale figures into the model's units.
    pub fn predictive(&self, sigma_hat: f64, df: usize, scale: f64) -> (f64, usize) {
        let floor = self.sigma_floor() * scale;
        if self.has_constructed_points() {
            let s0 = PRIOR_SD_LOG * scale;
            let nu = PRIOR_DF as f64;
            let pooled =
                ((nu * s0 * s0 + df as f64 * sigma_hat * sigma_hat) / (nu + df as f64)).sqrt();
            (pooled.max(floor), df + PRIOR_DF)
        } else {
            (sigma_hat.max(floor), df)
        }
    }

    /// The note saying the prior was used, with its numbers.
    pub fn prior_note(&self, sigma_hat: f64, df: usize, sigma: f64, what: &str) -> Option<String> {
        // Log-scale spreads read as numbers; a spread in USD reads as an amount.
        let show = |s: f64| {
            if what.contains("USD") {
                crate::fmt::usd(s)
            } else {
                format!("{s:.3}")
            }
        };
        self.has_constructed_points().then(|| {
            format!(
                "Derived or estimated points come from reported growth rates, so the spread around \
                 the fit ({what} {} on {df} degree(s) of freedom) understates the noise; \
                 the band pools it with an assumed yearly volatility of {:.0}% worth {PRIOR_DF} \
                 observations: σ = {} on {} degrees of freedom.",
                show(sigma_hat),
                100.0 * PRIOR_SD_LOG,
                show(sigma),
                df + PRIOR_DF
            )
        })
    }

    pub fn last_is_estimated(&self) -> bool {
        self.data.kinds.last() == Some(&PointKind::Estimated)
    }

    /// Σ ln(values): the Jacobian term that turns a likelihood of levels into one of logs.
    pub fn sum_log(&self) -> f64 {
        self.z.iter().sum()
    }

    pub fn skip(&self, model: ModelKind, need: usize, reason: impl Into<String>) -> Skipped {
        Skipped {
            model,
            need,
            got: self.n(),
            reason: reason.into(),
        }
    }

    /// The standard "too few points" outcome.
    pub fn too_few(&self, model: ModelKind, why: &str) -> Skipped {
        let need = model.min_points();
        self.skip(
            model,
            need,
            format!("needs {need} points, got {}: {why}", self.n()),
        )
    }
}

/// A predictive distribution per forecast step: centre ± t_df quantile × se, on the log scale
/// (then exponentiated) or in levels (then clamped at zero).
pub(crate) struct Band {
    pub log: bool,
    pub center: Vec<f64>,
    pub se: Vec<f64>,
    pub df: f64,
    /// Log-scale ends given directly (median, 80% low/high, 95% low/high), for bands that are
    /// not centre ± t quantile × se (the pooled model's skewed ones).
    pub ends: Option<Vec<[f64; 5]>>,
}

/// What a model file returns before the shared finishing.
pub(crate) struct Core {
    pub params: Vec<(String, f64)>,
    pub aicc: Option<f64>,
    pub fitted: Vec<f64>,
    pub band: Band,
    pub sim: Sim,
    pub notes: Vec<String>,
}

/// Note for a σ̂ raised to the floor (`floor` on the model's scale).
pub(crate) fn floor_note(p: &Prep<'_>, sigma_hat: f64, floor: f64, what: &str) -> Option<String> {
    let estimated = p.estimated_years().len();
    let why = if estimated == 0 {
        "about the rounding of reported figures".to_string()
    } else {
        format!(
            "rounding plus an assumed {:.0}% error in {estimated} estimated value(s)",
            100.0 * ESTIMATE_SD_LOG
        )
    };
    (sigma_hat < floor).then(|| {
        format!(
            "The residual spread {what} ({sigma_hat:.3}) is below the floor of {floor:.3} ({why}), \
             so the floor is used for the intervals: the points follow one growth path almost \
             exactly, which often means derived or estimated points were computed from a single \
             growth rate."
        )
    })
}

impl Core {
    /// Forecast in USD, growth, and the notes every model shares.
    pub(crate) fn finish(self, p: &Prep<'_>, model: ModelKind) -> Fitted {
        let steps = p.steps();
        let (q80, q95) = t_quantiles(self.band.df);
        let mut f = Forecast {
            years: (1..=steps as i32).map(|h| p.last_year() + h).collect(),
            mean: Vec::with_capacity(steps),
            lower80: Vec::with_capacity(steps),
            upper80: Vec::with_capacity(steps),
            lower95: Vec::with_capacity(steps),
            upper95: Vec::with_capacity(steps),
        };
        let mut clamped_from = None;
        for h in 0..steps {
            let c = self.band.center[h];
            let s = self.band.se[h];
            let ends = match &self.band.ends {
                Some(ends) => ends[h],
                None => [c, c - q80 * s, c + q80 * s, c - q95 * s, c + q95 * s],
            };
            let ends = if self.band.log {
                ends.map(safe_exp)
            } else {
                if ends[3] < 0.0 && clamped_from.is_none() {
                    clamped_from = Some(f.years[h]);
                }
                ends.map(|x| {
                    if x.is_finite() {
                        x.max(0.0)
                    } else {
                        f64::MAX.sqrt()
                    }
                })
            };
            f.mean.push(ends[0]);
            f.lower80.push(ends[1]);
            f.upper80.push(ends[2]);
            f.lower95.push(ends[3]);
            f.upper95.push(ends[4]);
        }
        let mut notes = self.notes;
        if let Some(year) = clamped_from {
            notes.push(format!(
                "The straight-line band falls below zero from {year}; trade cannot be negative, \
                 so those ends are shown as 0."
            ));
        }
        let last = p.v.last().copied().unwrap_or(1.0);
        let growth = growth_rate(last, f.mean[steps - 1], steps);
        wide_note(&f, p.n(), &mut notes);
        let mut fitted = Fitted {
            model,
            params: self.params,
            aicc: self.aicc,
            fitted: self.fitted,
            growth,
            forecast: f,
            notes,
            sim: Box::new(self.sim),
            bound_moves: Vec::new(),
        };
        truncate(&mut fitted, p.horizon);
        fitted
    }
}

/// Average annual growth from `from` to `to` over `years` years, finite.
pub(crate) fn growth_rate(from: f64, to: f64, years: usize) -> f64 {
    let g = (to / from).powf(1.0 / years.max(1) as f64) - 1.0;
    if g.is_finite() {
        g
    } else if to > from {
        f64::MAX.sqrt()
    } else {
        -1.0
    }
}

/// Adds a note when the first year's 95% band spans more than a factor of two.
pub(crate) fn wide_note(f: &Forecast, n: usize, notes: &mut Vec<String>) {
    if let (Some(&lo), Some(&hi)) = (f.lower95.first(), f.upper95.first()) {
        if lo <= 0.0 || hi / lo > 2.0 {
            let factor = hi / lo;
            // Wild series give factors of 10^100 and more: scientific, and never "inf".
            let ratio = if lo <= 0.0 {
                "down to zero".to_string()
            } else if factor < 1e6 {
                format!("a factor of {factor:.1}")
            } else if factor.is_finite() {
                format!("a factor of {factor:.1e}")
            } else {
                "a factor beyond 1e308".to_string()
            };
            notes.push(format!(
                "Very wide intervals: the 95% band for {} runs from {} to {} ({ratio}); \
                 {n} points say little about how much the series varies.",
                f.years[0],
                usd(lo),
                usd(hi)
            ));
        }
    }
}

/// Cuts a forecast computed for max(horizon, 1) steps back to the horizon.
fn truncate(fitted: &mut Fitted, horizon: usize) {
    let f = &mut fitted.forecast;
    for v in [
        &mut f.mean,
        &mut f.lower80,
        &mut f.upper80,
        &mut f.lower95,
        &mut f.upper95,
    ] {
        v.truncate(horizon);
    }
    f.years.truncate(horizon);
}

/// A USD amount in words for notes: 4 significant digits with a scale word.
pub(crate) fn usd(x: f64) -> String {
    crate::fmt::usd(x)
}
