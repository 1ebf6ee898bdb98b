//! What a model file returns ([`Core`]: parameters, its horizon-free [`Law`], notes) and the
//! finishing every model shares: the forecast in USD for the horizon asked, its growth, and the
//! common notes.

use super::fitted::{Alone, Fitted, Forecast};
use super::kind::ModelKind;
use super::law::Law;
use super::prep::{Prep, ESTIMATE_SD_LOG};
use super::usd::usd;

/// What a model file returns before the shared finishing.
pub(crate) struct Core {
    pub params: Vec<(String, f64)>,
    pub aicc: Option<f64>,
    pub fitted: Vec<f64>,
    /// The fitted state the band and the simulation come from, for any horizon.
    pub law: Law,
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
        let (f, clamped_from) = Forecast::from_band(&self.law.band(steps), p.last_year());
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
            sim: Box::new(self.law.sim(steps)),
            bound_moves: Vec::new(),
            alone: Some(Alone {
                law: self.law,
                last_year: p.last_year(),
            }),
        };
        fitted.forecast.truncate(p.horizon);
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
            let points = if n == 1 {
                "one point says".to_string()
            } else {
                format!("{n} points say")
            };
            notes.push(format!(
                "Very wide intervals: the 95% band for {} runs from {} to {} ({ratio}); \
                 {points} little about how much the series varies.",
                f.years[0],
                usd(lo),
                usd(hi)
            ));
        }
    }
}

impl Core {
    /// The fitted pooled model: its parameters, the law its bands and paths come from, and its notes
    /// (shared by the 3+ point classes and the 1- and 2-point ones, `pooled_tiny`).
    pub(super) fn pooled(
        p: &Prep<'_>,
        k: &crate::knowledge::Knowledge,
        class: &crate::knowledge::Class,
        features: crate::knowledge::Features,
        sigma: f64,
        anchor_var: f64,
        notes: Vec<String>,
    ) -> Core {
        Core {
            params: vec![
                ("drift".to_string(), k.drift),
                ("trend_weight".to_string(), class.trend_weight),
                ("reversion".to_string(), class.reversion),
                ("sigma".to_string(), sigma),
            ],
            aicc: None,
            fitted: p.values.clone(),
            law: Law::Pooled {
                features,
                drift: k.drift,
                class: class.clone(),
                sigma,
                anchor_var,
            },
            notes,
        }
    }
}
