//! What a model file returns ([`Core`]: a band per forecast year, a simulation, notes) and the
//! finishing every model shares: the forecast in USD, its growth, and the common notes.

use super::fitted::{Fitted, Forecast};
use super::kind::ModelKind;
use super::prep::{Prep, ESTIMATE_SD_LOG};
use super::sim::{safe_exp, Sim};
use super::stats::t_quantiles;
use super::usd::usd;

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
            point: Vec::with_capacity(steps),
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
            f.point.push(ends[0]);
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
        let last = p.values.last().copied().unwrap_or(1.0);
        let growth = growth_rate(last, f.point[steps - 1], steps);
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
