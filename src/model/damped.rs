//! Damped-trend exponential smoothing, ETS(A,Ad,N), on the log scale (see [`super::ets`]).
//!
//! Minimum 6 points: five parameters are estimated (α, β, φ, l₀, b₀), and σ̂² = SSE/(n − 5)
//! needs at least one degree of freedom left. Intervals use the ETS variance formula with that
//! σ̂ and Student t quantiles on n − 5 df, wider than statsmodels' (σ² = SSE/n, normal) on
//! purpose for short series. AICc counts k = 6 (with σ), so it exists from 8 points.

use super::ets::{self, AadnBounds, AadnFit};
use super::finish::{floor_note, Core};
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::Law;
use super::ols::{aicc, estimated_note};
use super::prep::Prep;
use super::sim::safe_exp;

/// Fewest points for the damped model.
pub(super) const MIN_POINTS: usize = super::kind::DAMPED_MIN_POINTS;

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    let n = p.n();
    if n < MIN_POINTS {
        return Err(p.too_few(
            ModelKind::Damped,
            "five parameters (α, β, φ and the initial level and trend) leave no degree of \
             freedom for the spread with fewer than 6 points",
        ));
    }
    let fit = ets::fit(&p.times, &p.logs, &p.weights)
        .ok_or_else(|| p.skip(ModelKind::Damped, MIN_POINTS, "the smoothing fit failed"))?;
    Ok(core_from(p, &fit))
}

fn core_from(p: &Prep<'_>, fit: &AadnFit) -> Core {
    let n = p.n();
    let df = n - 5;
    let sigma_hat = (fit.sse / df as f64).sqrt();
    let floor = p.sigma_floor();
    let (sigma, df) = p.predictive(sigma_hat, df, 1.0);
    let nf = n as f64;
    let var = (fit.sse / nf).max(floor * floor);
    let sum_ln_w: f64 = p.weights.iter().map(|w| w.ln()).sum();
    let loglik =
        -0.5 * nf * (2.0 * std::f64::consts::PI * var).ln() - 0.5 * fit.sse / var + 0.5 * sum_ln_w;
    let a = fit.params;
    let mut notes = vec![
        "α, β and φ are estimated by maximum likelihood; their own uncertainty is not in the band."
            .to_string(),
    ];
    match p.prior_note(sigma_hat, n - 5, sigma, "σ̂ on the log scale") {
        Some(note) => notes.push(note),
        None => notes.extend(floor_note(p, sigma_hat, floor, "on the log scale")),
    }
    notes.extend(estimated_note(p));
    Core {
        params: vec![
            ("alpha".to_string(), a.alpha),
            ("beta".to_string(), a.beta),
            ("phi".to_string(), a.phi),
            ("level0".to_string(), a.level0),
            ("trend0".to_string(), a.trend0),
            ("sigma".to_string(), sigma_hat),
        ],
        aicc: aicc(loglik, 6, n),
        fitted: fit.fitted.iter().map(|&x| safe_exp(x)).collect(),
        law: Law::Ets {
            // The final state and parameters; the fitted values are kept above, in USD.
            fit: AadnFit {
                fitted: Vec::new(),
                ..*fit
            },
            sigma,
            df,
        },
        notes,
    }
}

/// The model on `p` with the full-sample α, β, φ (`smoothing`) and fresh initial states, for
/// calibrating the band at past origins; `None` if the fit fails. `p` must have at least
/// [`MIN_POINTS`].
///
/// Holding the smoothing parameters fixed makes each origin one least-squares solve instead of a
/// search (the search at ten origins was half of batch time). They were estimated with the
/// later years in view, which can only make the origins' errors look smaller, so the widening
/// errs on the narrow side, not the wide one.
pub(super) fn refit(p: &Prep<'_>, smoothing: [f64; 3]) -> Option<Core> {
    let [alpha, beta, phi] = smoothing;
    let fit = ets::with_smoothing(&p.times, &p.logs, &p.weights, alpha, beta, phi)?;
    Some(core_from(p, &fit))
}

/// Log-scale point forecasts at `targets` (times after the last of `t`) from a refit on a
/// training prefix, and the α, β, φ used. With `smoothing` they are held fixed and only the
/// initial states are re-estimated; without, they are searched, warm-started from the
/// full-sample optimum `start`.
pub(super) fn refit_forecast(
    t: &[f64],
    z: &[f64],
    w: &[f64],
    start: [f64; 3],
    smoothing: Option<[f64; 3]>,
    targets: &[f64],
) -> Option<(Vec<f64>, [f64; 3])> {
    let fit = match smoothing {
        Some([alpha, beta, phi]) => ets::with_smoothing(t, z, w, alpha, beta, phi)?,
        None => ets::fit_within(t, z, w, AadnBounds::STATSMODELS, Some(start))?,
    };
    let last = *t.last()?;
    let forecasts = targets
        .iter()
        .map(|&x| fit.forecast(((x - last).round() as usize).max(1)))
        .collect();
    let a = fit.params;
    Some((forecasts, [a.alpha, a.beta, a.phi]))
}

/// The damped model at backtest origins: α, β, φ are searched once, at the first origin (from
/// the full-sample optimum); later origins keep them and re-estimate only the states, as
/// statsforecast's cross-validation does with refit=False. No later data enters a training fit,
/// and the searches, half of batch time when every origin had one, drop to one a series.
pub(super) struct DampedOrigins {
    /// Where the search starts (unit-interval parameters).
    start: [f64; 3],
    /// What the search found, once it ran.
    searched: Option<[f64; 3]>,
}

impl DampedOrigins {
    /// From the full-sample fit's α, β, φ, if the damped model was fitted.
    pub(super) fn new(smoothing: Option<[f64; 3]>) -> DampedOrigins {
        let start = smoothing.map(|[alpha, beta, phi]| {
            let params = ets::AadnParams {
                alpha,
                beta,
                phi,
                level0: 0.0,
                trend0: 0.0,
            };
            ets::unit_start(&params, AadnBounds::STATSMODELS)
        });
        DampedOrigins {
            start: start.unwrap_or([0.5, 0.1, 0.5]),
            searched: None,
        }
    }
}

impl DampedOrigins {
    /// The point forecasts at backtest origin `s` (trained on the first `s` points) for the
    /// times `targets`, as logs, into `out[..targets.len()]` (the last training value when the
    /// refit fails).
    pub(super) fn at_origin(&mut self, p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
        let ahead = targets.len();
        let (t, z, w) = (&p.times[..s], &p.logs[..s], &p.weights[..s]);
        match refit_forecast(t, z, w, self.start, self.searched, targets) {
            Some((f, searched)) => {
                out[..ahead].copy_from_slice(&f);
                self.searched = Some(searched);
            }
            None => out[..ahead].fill(z[s - 1]),
        }
    }
}
