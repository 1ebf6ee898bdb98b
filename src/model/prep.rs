//! A series prepared for fitting ([`Prep`]), and the conventions every model shares: weights of
//! estimated points, the σ floor, the prior for constructed points.

use crate::knowledge::Knowledge;
use crate::series::{PointKind, SeriesData};

use super::fitted::Skipped;
use super::kind::ModelKind;

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
/// A series prepared for fitting: times, values, logs and weights.
pub(crate) struct Prep<'a> {
    pub data: &'a SeriesData,
    /// Values (USD); a copy so that a one-sided value can be shifted for the sensitivity note.
    pub values: Vec<f64>,
    /// ln(values).
    pub logs: Vec<f64>,
    /// Times: t = year − first year, so missing years are gaps.
    pub times: Vec<f64>,
    /// Least-squares weights (1, or [`ESTIMATED_WEIGHT`] for estimated points).
    pub weights: Vec<f64>,
    /// Years forecast (the requested horizon).
    pub horizon: usize,
    /// Pooled knowledge, for the pooled model.
    pub knowledge: &'a Knowledge,
}

impl<'a> Prep<'a> {
    pub(crate) fn new(data: &'a SeriesData, values: Vec<f64>, horizon: usize) -> Self {
        let first = data.years().first().copied().unwrap_or(0);
        Prep {
            data,
            logs: values.iter().map(|x| x.ln()).collect(),
            values,
            times: data.years().iter().map(|y| f64::from(y - first)).collect(),
            weights: data
                .kinds()
                .iter()
                .map(|k| match k {
                    PointKind::Estimated => ESTIMATED_WEIGHT,
                    PointKind::Reported | PointKind::Derived => 1.0,
                })
                .collect(),
            horizon,
            knowledge: Knowledge::builtin(),
        }
    }

    pub fn n(&self) -> usize {
        self.values.len()
    }

    /// Forecast steps computed internally: at least one, so growth is defined at horizon 0.
    pub fn steps(&self) -> usize {
        self.horizon.max(1)
    }

    pub fn t_last(&self) -> f64 {
        self.times.last().copied().unwrap_or(0.0)
    }

    pub fn last_year(&self) -> i32 {
        self.data.years().last().copied().unwrap_or(0)
    }

    /// Years of estimated points, for notes.
    pub fn estimated_years(&self) -> Vec<i32> {
        self.data
            .kinds()
            .iter()
            .zip(self.data.years())
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
        self.data.kinds().iter().any(|k| *k != PointKind::Reported)
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
        self.data.kinds().last() == Some(&PointKind::Estimated)
    }

    /// Σ ln(values): the Jacobian term that turns a likelihood of levels into one of logs.
    pub fn sum_log(&self) -> f64 {
        self.logs.iter().sum()
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
