//! Exponential growth: `ln(value) = a + b t`, weighted least squares, intervals on the log scale
//! (`a + b t ± t_{n−2} σ̂ √(1 + 1/Σw + (t − t̄)²/Sxx)`), then exponentiated.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::ols;
use super::prep::Prep;

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    ols::trend_core(p, ModelKind::LogLinear, true)
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, as logs, into `out[..targets.len()]`: the weighted least-squares line of the logs.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    let l = super::stats::wls_line(&p.times[..s], &p.logs[..s], &p.weights[..s]);
    for (o, &x) in out.iter_mut().zip(targets) {
        *o = l.a + l.b * x;
    }
}
