//! What fitting gives back: a [`Fitted`] model with its [`Forecast`], or the reason it was
//! [`Skipped`]; and what a choice between models is asked ([`FitOptions`]) and answers
//! ([`Selection`]).

use serde::Serialize;

use super::kind::ModelKind;
use super::law::{Band, Law};
use super::sim::{safe_exp, Seeds, Sim, SimPaths};
use super::stats::t_quantiles;

/// A forecast: point values and 80%/95% prediction intervals, in US dollars, one entry a year.
///
/// Invariant: `lower95 ≤ lower80 ≤ point ≤ upper80 ≤ upper95`, all finite and non-negative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The years forecast.
    pub years: Vec<i32>,
    /// The point forecast: for the log-scale models the median of their distribution (the
    /// exponential of the mean log), for `linear` the mean of its symmetric band, for the
    /// combination the average of its members' points. Files keep the column name `mean` for
    /// existing scripts (the README's outputs say what it holds).
    #[serde(rename = "mean")]
    pub point: Vec<f64>,
    /// Lower end of the 80% interval.
    pub lower80: Vec<f64>,
    /// Upper end of the 80% interval.
    pub upper80: Vec<f64>,
    /// Lower end of the 95% interval.
    pub lower95: Vec<f64>,
    /// Upper end of the 95% interval.
    pub upper95: Vec<f64>,
}

impl Forecast {
    /// A band's ends in USD, for the years after `last_year` (one a step), and the first year
    /// whose straight-line band was cut at zero, if any.
    pub(super) fn from_band(band: &Band, last_year: i32) -> (Forecast, Option<i32>) {
        let steps = band.center.len();
        // Given ends (the pooled model's) need no t quantiles, whose large df would cost a root
        // search on every fit.
        let (q80, q95) = if band.ends.is_some() {
            (f64::NAN, f64::NAN)
        } else {
            t_quantiles(band.df)
        };
        let mut f = Forecast {
            years: (1..=steps as i32).map(|h| last_year + h).collect(),
            point: Vec::with_capacity(steps),
            lower80: Vec::with_capacity(steps),
            upper80: Vec::with_capacity(steps),
            lower95: Vec::with_capacity(steps),
            upper95: Vec::with_capacity(steps),
        };
        let mut clamped_from = None;
        for h in 0..steps {
            let c = band.center[h];
            let s = band.se[h];
            let ends = match &band.ends {
                Some(ends) => ends[h],
                None => [c, c - q80 * s, c + q80 * s, c - q95 * s, c + q95 * s],
            };
            let ends = if band.log {
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
            f.point.push(ends[0]);
            f.lower80.push(ends[1]);
            f.upper80.push(ends[2]);
            f.lower95.push(ends[3]);
            f.upper95.push(ends[4]);
        }
        (f, clamped_from)
    }

    /// Cuts a forecast computed for max(horizon, 1) steps back to the horizon.
    pub(super) fn truncate(&mut self, horizon: usize) {
        let f = self;
        for v in [
            &mut f.point,
            &mut f.lower80,
            &mut f.upper80,
            &mut f.lower95,
            &mut f.upper95,
        ] {
            v.truncate(horizon);
        }
        f.years.truncate(horizon);
    }
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
    pub(super) sim: Box<Sim>,
    /// For each one-sided point: (year, relative change of the first forecast year's point
    /// forecast if the value were [`BOUND_SHIFT`](super::BOUND_SHIFT) beyond the bound).
    #[serde(skip)]
    pub(super) bound_moves: Vec<(i32, f64)>,
    /// A single model fitted alone: its horizon-free law, from which [`Fitted::forecast_to`]
    /// gives any horizon. `None` for a combination and for the chosen model of an automatic
    /// selection (see [`HorizonFixed`]).
    #[serde(skip)]
    pub(super) alone: Option<Alone>,
}

/// What a single model fitted alone keeps to forecast any horizon.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Alone {
    pub law: Law,
    /// The last observed year (forecast years follow it).
    pub last_year: i32,
}

/// Why [`Fitted::forecast_to`] refused: the fit is the chosen model of an automatic selection
/// or a combination, whose band was calibrated, widened or combined for the selection's horizon
/// (the backtest compares errors up to it, a chosen model is widened to contain the combination
/// over it). Its band for another horizon is not something the fit knows; select again with
/// that horizon, or fit the model alone (`ModelChoice::Only`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HorizonFixed {
    /// The model.
    pub model: ModelKind,
    /// The horizon it was fitted for.
    pub horizon: usize,
}

impl std::fmt::Display for HorizonFixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} forecast was chosen, calibrated or combined for a horizon of {} year(s); \
             select again with the new horizon, or fit the model alone",
            self.model.as_str(),
            self.horizon
        )
    }
}

impl std::error::Error for HorizonFixed {}

impl Fitted {
    /// `n_paths` simulated future paths (rows) over `horizon` years (columns), in USD, with both
    /// parameter and noise uncertainty; the same seed gives the same paths, and a shorter
    /// horizon the first columns of a longer one's.
    ///
    /// What is simulated, by model: OLS models draw σ, then intercept and slope, then noise;
    /// walks draw σ, then the drift (and the starting level when the last point is estimated),
    /// then yearly shocks (none for CAGR); damped smoothing draws σ and the shocks, holding
    /// α, β, φ at their estimates; a combination is a mixture: consecutive blocks of rows follow
    /// each member in proportion to its weight.
    ///
    /// Past the forecast's years, a single model fitted alone simulates its own law. The chosen
    /// model of an automatic selection was calibrated for the selection's horizon: its paths
    /// past it keep that widening, and a pooled band keeps its last year's location and scale,
    /// so ask for at most `forecast.years.len()` years of it.
    pub fn sample_paths(
        &self,
        horizon: usize,
        n_paths: usize,
        seed: impl Into<Seeds>,
    ) -> ndarray::Array2<f64> {
        self.simulate(horizon, n_paths, seed).into_usd()
    }

    /// The same paths as [`Fitted::sample_paths`], kept on the model's own scale (logarithms for
    /// log-scale models): the cheap way to ask when each path first reaches a target.
    pub fn simulate(&self, horizon: usize, n_paths: usize, seed: impl Into<Seeds>) -> SimPaths {
        self.sim_for(horizon)
            .simulate(n_paths, horizon, seed.into())
    }

    /// For each of the paths of [`Fitted::simulate`], the index of the first forecast year at or
    /// above `target_usd`, or `None` if it never gets there: the same answer as
    /// [`SimPaths::first_crossings`], without keeping the paths (what batch runs use).
    pub fn first_crossings(
        &self,
        horizon: usize,
        n_paths: usize,
        seed: impl Into<Seeds>,
        target_usd: f64,
    ) -> Vec<Option<usize>> {
        self.sim_for(horizon)
            .first_crossings(n_paths, horizon, seed.into(), target_usd)
    }

    /// The forecast for `horizon` years of a single model fitted alone, bit for bit the first
    /// `horizon` years of a fit made with a longer horizon (its parameters do not depend on the
    /// horizon). Only the forecast: notes and growth stay those of the fit's own horizon.
    ///
    /// # Errors
    ///
    /// [`HorizonFixed`] for a combination and for the chosen model of an automatic selection:
    /// both were shaped for the selection's horizon, and an uncalibrated band would not be
    /// the same kind of answer.
    pub fn forecast_to(&self, horizon: usize) -> Result<Forecast, HorizonFixed> {
        let Some(alone) = &self.alone else {
            return Err(HorizonFixed {
                model: self.model,
                horizon: self.forecast.years.len(),
            });
        };
        let (mut f, _) = Forecast::from_band(&alone.law.band(horizon.max(1)), alone.last_year);
        f.truncate(horizon);
        Ok(f)
    }

    /// The simulation for `horizon` years: the fit's own, or, past the years it was built for,
    /// one from the law of a model fitted alone.
    fn sim_for(&self, horizon: usize) -> std::borrow::Cow<'_, Sim> {
        match &self.alone {
            Some(alone) if horizon > self.forecast.years.len().max(1) => {
                std::borrow::Cow::Owned(alone.law.sim(horizon))
            }
            _ => std::borrow::Cow::Borrowed(&self.sim),
        }
    }

    /// Drops the horizon-free law: this fit is now shaped for its horizon (chosen, calibrated).
    pub(super) fn fix_horizon(&mut self) {
        self.alone = None;
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

/// Options for [`select`](super::select()).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitOptions {
    /// Years to forecast after the last observed year. An automatic choice depends on it: the
    /// band calibration compares backtest errors up to it, a model chosen over the combination
    /// is widened to contain it over these years, and growth is measured to the last of them.
    /// A single model fitted alone does not ([`Fitted::forecast_to`] gives other horizons).
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
