//! Model dispatch, in one place: a [`ModelKind`] turned into its fit ([`core_for`], and
//! [`fit_single`] with the notes on one-sided values) and into its point forecast at a
//! backtest origin ([`origin_forecast`]).

use crate::obs::Bound;

pub(super) use super::damped::DampedOrigins;
use super::finish::Core;
use super::fitted::{Outcome, Skipped};
use super::kind::ModelKind;
use super::prep::{Prep, BOUND_SHIFT};
use super::sim::safe_exp;
use super::usd::usd;
use super::{cagr, damped, drift, latest_growth, linear, log_linear, naive, pooled};

pub(super) fn core_for(p: &Prep<'_>, kind: ModelKind) -> Result<Core, Skipped> {
    match kind {
        ModelKind::Linear => linear::fit(p),
        ModelKind::LogLinear => log_linear::fit(p),
        ModelKind::Cagr => cagr::fit(p),
        ModelKind::Naive => naive::fit(p),
        ModelKind::Drift => drift::fit(p),
        ModelKind::Damped => damped::fit(p),
        ModelKind::LatestGrowth => latest_growth::fit(p),
        ModelKind::Pooled => pooled::fit(p, p.knowledge),
        ModelKind::Combination => Err(p.skip(kind, 3, "a combination is not a single model")),
    }
}

/// A single model refitted at a past origin for the band calibration: as [`core_for`], except
/// that the damped model keeps the full-sample α, β, φ `smoothing` (see `damped::refit`);
/// `None` when it does not fit.
pub(super) fn refit_core(
    q: &Prep<'_>,
    kind: ModelKind,
    smoothing: Option<[f64; 3]>,
) -> Option<Core> {
    if kind == ModelKind::Damped {
        damped::refit(q, smoothing?)
    } else {
        core_for(q, kind).ok()
    }
}

/// The first forecast year's point value of a core, in USD.
fn first_point(core: &Core) -> f64 {
    let band = core.law.band(1);
    let c = band.center[0];
    if band.log {
        safe_exp(c)
    } else {
        c.max(0.0)
    }
}

/// Fits one single model, with the sensitivity notes for one-sided values.
pub(super) fn fit_single(p: &Prep<'_>, kind: ModelKind) -> Outcome {
    let core = match core_for(p, kind) {
        Ok(core) => core,
        Err(skipped) => return Outcome::Skipped(skipped),
    };
    let base = first_point(&core);
    let mut fitted = core.finish(p, kind);
    for (i, bound) in p.data.bounds().iter().enumerate() {
        let (factor, words, direction) = match bound {
            Bound::AtLeast => (1.0 + BOUND_SHIFT, "a lower bound (at least", "higher"),
            Bound::AtMost => (1.0 - BOUND_SHIFT, "an upper bound (at most", "lower"),
            Bound::Exact | Bound::Approx => continue,
        };
        let mut v = p.values.clone();
        v[i] *= factor;
        let mut shifted = Prep::new(p.data, v, p.horizon);
        shifted.knowledge = p.knowledge;
        let year = p.data.years()[i];
        match core_for(&shifted, kind) {
            Ok(core) => {
                let moved = first_point(&core);
                if !(base > 0.0 && moved.is_finite()) {
                    // A straight line cut at zero: no relative change to state (0/0 was NaN%).
                    fitted.notes.push(format!(
                        "The {year} value is {words} {}) and is fitted as if exact: were it {:.0}% \
                         {direction}, this model's {} forecast would be {} instead of {}.",
                        usd(p.values[i]),
                        100.0 * BOUND_SHIFT,
                        p.last_year() + 1,
                        usd(moved),
                        usd(base),
                    ));
                    continue;
                }
                let change = moved / base - 1.0;
                fitted.bound_moves.push((year, change));
                if change.abs() < 0.0005 {
                    // Models that start from the last value ignore an earlier bound entirely.
                    fitted.notes.push(format!(
                        "The {year} value is {words} {}); this model's forecast does not depend on it.",
                        usd(p.values[i])
                    ));
                    continue;
                }
                fitted.notes.push(format!(
                    "The {year} value is {words} {}) and is fitted as if exact: were it {:.0}% \
                     {direction}, this model's {} forecast would be {} instead of {} ({:+.1}%).",
                    usd(p.values[i]),
                    100.0 * BOUND_SHIFT,
                    p.last_year() + 1,
                    usd(moved),
                    usd(base),
                    100.0 * change
                ));
            }
            Err(_) => fitted.notes.push(format!(
                "The {year} value is {words} {}) and is fitted as if exact.",
                usd(p.values[i])
            )),
        }
    }
    Outcome::Fitted(fitted)
}

/// A single model's point forecasts at backtest origin `s` (trained on the first `s` points) for
/// the times `targets`, written to `out[..targets.len()]`: logs for the log-scale models, USD
/// for the linear trend. Each model's file owns its own (`at_origin`); the combination is
/// averaged by the caller from its members'.
pub(super) fn origin_forecast(
    p: &Prep<'_>,
    kind: ModelKind,
    s: usize,
    targets: &[f64],
    damped: &mut DampedOrigins,
    out: &mut [f64],
) {
    match kind {
        ModelKind::Linear => linear::at_origin(p, s, targets, out),
        ModelKind::LogLinear => log_linear::at_origin(p, s, targets, out),
        ModelKind::Naive => naive::at_origin(p, s, targets.len(), out),
        ModelKind::Cagr => cagr::at_origin(p, s, targets, out),
        ModelKind::Drift => drift::at_origin(p, s, targets, out),
        ModelKind::LatestGrowth => latest_growth::at_origin(p, s, targets, out),
        ModelKind::Damped => damped.at_origin(p, s, targets, out),
        ModelKind::Pooled => pooled::at_origin(p, s, targets, out),
        ModelKind::Combination => {}
    }
}
