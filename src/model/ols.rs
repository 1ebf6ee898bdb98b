//! Weighted least squares of a series on time, the engine behind [`ModelKind::Linear`] and
//! [`ModelKind::LogLinear`].
//!
//! One least-squares path: the closed-form weighted fit of `stats::wls_line` gives the
//! coefficients here and in the backtest's refits alike, with σ̂, standard errors, leverage and
//! prediction intervals from the same sums. The coefficients used to come from linfa-linear and
//! the rest was recomputed in closed form; routing the backtest's refits through linfa as well
//! made batch 11% slower (40,000 series with targets, one thread, three runs alternating with
//! the previous release: mean 4.51 s against 4.07 s; session 4). linfa-linear stays as the
//! test's oracle: `closed_form_equals_linfa` (tests/it/models_props.rs) holds the two to 1e-9
//! relative on random weighted series.

use super::finish::{floor_note, Core};
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::Law;
use super::prep::{Prep, ESTIMATED_WEIGHT};
use super::sim::safe_exp;
use super::stats::{se_new_observation, t_quantiles, wls_line};

/// A fitted line `y = intercept + slope · t` with everything needed for inference.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFit {
    /// Intercept at t = 0.
    pub intercept: f64,
    /// Slope per unit of t (per year).
    pub slope: f64,
    /// Residual standard error σ̂ = √(RSS / (n − 2)), RSS weighted.
    pub sigma: f64,
    /// Residual degrees of freedom, n − 2.
    pub df: usize,
    /// Weighted residual sum of squares.
    pub rss: f64,
    /// Standard error of the intercept.
    pub se_intercept: f64,
    /// Standard error of the slope.
    pub se_slope: f64,
    /// Number of observations.
    pub n: usize,
    sw: f64,
    tbar: f64,
    sxx: f64,
    sum_ln_w: f64,
}

/// One prediction interval: point value and the 80% and 95% ends, on the scale of the fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Point prediction.
    pub mean: f64,
    /// Lower end of the 80% interval.
    pub lower80: f64,
    /// Upper end of the 80% interval.
    pub upper80: f64,
    /// Lower end of the 95% interval.
    pub lower95: f64,
    /// Upper end of the 95% interval.
    pub upper95: f64,
}

/// Fits `y = a + b t` by weighted least squares (weights `w`, e.g. 0.5 for estimated points).
/// Returns `None` with fewer than three points or fewer than two distinct times.
pub fn fit_line(t: &[f64], y: &[f64], w: &[f64]) -> Option<LineFit> {
    let n = t.len();
    if n < 3 || y.len() != n || w.len() != n {
        return None;
    }
    let closed = wls_line(t, y, w);
    if closed.sxx <= 0.0 || !closed.sxx.is_finite() {
        return None;
    }
    let (intercept, slope) = (closed.a, closed.b);
    let mut rss = 0.0;
    let mut sum_ln_w = 0.0;
    for i in 0..n {
        let e = y[i] - intercept - slope * t[i];
        rss += w[i] * e * e;
        sum_ln_w += w[i].ln();
    }
    let df = n - 2;
    let sigma = (rss / df as f64).sqrt();
    Some(LineFit {
        intercept,
        slope,
        sigma,
        df,
        rss,
        se_intercept: sigma * (1.0 / closed.sw + closed.tbar * closed.tbar / closed.sxx).sqrt(),
        se_slope: sigma / closed.sxx.sqrt(),
        n,
        sw: closed.sw,
        tbar: closed.tbar,
        sxx: closed.sxx,
        sum_ln_w,
    })
}

impl LineFit {
    /// The fitted line at time `t`.
    pub fn predict(&self, t: f64) -> f64 {
        self.intercept + self.slope * t
    }

    /// Standard error of a new observation (weight 1) at time `t`, given a residual standard
    /// error `sigma` (σ̂, or σ̂ raised to a floor): σ √(1 + 1/Σw + (t − t̄)² / Sxx).
    pub fn se_prediction(&self, t: f64, sigma: f64) -> f64 {
        se_new_observation(sigma, self.sw, self.tbar, self.sxx, t)
    }

    /// The 80% and 95% prediction intervals at time `t` with Student t quantiles on n − 2
    /// degrees of freedom.
    pub fn interval(&self, t: f64, sigma: f64) -> Interval {
        let (q80, q95) = t_quantiles(self.df as f64);
        let mean = self.predict(t);
        let se = self.se_prediction(t, sigma);
        Interval {
            mean,
            lower80: mean - q80 * se,
            upper80: mean + q80 * se,
            lower95: mean - q95 * se,
            upper95: mean + q95 * se,
        }
    }

    /// Gaussian log-likelihood at the maximum (σ² = RSS/n, raised to `min_var` so that an exact
    /// fit does not give an infinite likelihood), including the weights' ½ Σ ln w term.
    pub fn loglik(&self, min_var: f64) -> f64 {
        let n = self.n as f64;
        let var = (self.rss / n).max(min_var);
        -0.5 * n * ((2.0 * std::f64::consts::PI).ln() + var.ln()) - 0.5 * self.rss / var
            + 0.5 * self.sum_ln_w
    }

    /// Σw, weighted mean of t and Σ w (t − t̄)², for simulation with parameter uncertainty.
    pub(crate) fn moments(&self) -> (f64, f64, f64) {
        (self.sw, self.tbar, self.sxx)
    }
}

/// AICc = −2 ℓ + 2k + 2k(k+1)/(n − k − 1); `None` when n − k − 1 ≤ 0 (too few points for the
/// small-sample correction to exist, which is the honest answer rather than a huge number).
pub fn aicc(loglik: f64, k: usize, n: usize) -> Option<f64> {
    if n <= k + 1 || !loglik.is_finite() {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    Some(-2.0 * loglik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0))
}

/// The shared body of the linear and log-linear models.
pub(crate) fn trend_core(p: &Prep<'_>, model: ModelKind, log: bool) -> Result<Core, Skipped> {
    if p.n() < 3 {
        return Err(p.too_few(
            model,
            "a line has two parameters, so a third point is the least that shows how far the values stray from it",
        ));
    }
    let y: &[f64] = if log { &p.logs } else { &p.values };
    let fit = fit_line(&p.times, y, &p.weights).ok_or_else(|| {
        p.skip(
            model,
            3,
            "the least-squares line could not be computed (values too extreme)",
        )
    })?;
    let sw: f64 = p.weights.iter().sum();
    let scale = if log {
        1.0
    } else {
        p.values
            .iter()
            .zip(&p.weights)
            .map(|(v, w)| v * w)
            .sum::<f64>()
            / sw
    };
    let floor = p.sigma_floor() * scale;
    let (sigma, df) = p.predictive(fit.sigma, fit.df, scale);
    let mut loglik = fit.loglik(floor * floor);
    if !log {
        // The density of ln y is the density of y times y: ℓ_log = ℓ_levels + Σ ln y.
        loglik += p.sum_log();
    }
    let mut params = vec![
        ("intercept".to_string(), fit.intercept),
        ("slope".to_string(), fit.slope),
    ];
    if log {
        params.push(("growth".to_string(), fit.slope.exp() - 1.0));
    }
    params.extend([
        ("sigma".to_string(), fit.sigma),
        ("se_intercept".to_string(), fit.se_intercept),
        ("se_slope".to_string(), fit.se_slope),
    ]);
    let fitted = p
        .times
        .iter()
        .map(|&t| {
            let x = fit.predict(t);
            if log {
                safe_exp(x)
            } else {
                x.max(0.0)
            }
        })
        .collect();
    let mut notes = Vec::new();
    let what = if log { "on the log scale" } else { "in USD" };
    match p.prior_note(fit.sigma, fit.df, sigma, &format!("σ̂ {what}")) {
        Some(note) => notes.push(note),
        None => notes.extend(floor_note(p, fit.sigma, floor, what)),
    }
    notes.extend(estimated_note(p));
    let (sw, tbar, sxx) = fit.moments();
    Ok(Core {
        params,
        aicc: aicc(loglik, 3, p.n()),
        fitted,
        law: Law::Line {
            log,
            intercept: fit.intercept,
            slope: fit.slope,
            sw,
            tbar,
            sxx,
            sigma,
            df,
            t_last: p.t_last(),
        },
        notes,
    })
}

/// The note for weighted fits with estimated points.
pub(crate) fn estimated_note(p: &Prep<'_>) -> Option<String> {
    let years = p.estimated_years();
    (!years.is_empty()).then(|| {
        let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        format!(
            "Estimated value(s) for {} weigh {} of a reported one in the fit: a full year \
             projected from part of it is less certain.",
            list.join(", "),
            ESTIMATED_WEIGHT
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_points_is_none() {
        assert!(fit_line(&[0.0, 1.0], &[1.0, 2.0], &[1.0, 1.0]).is_none());
    }
}
