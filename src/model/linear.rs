//! Linear trend in levels: `value = a + b t`, weighted least squares.
//!
//! Its likelihood is turned into one of ln(value) (adding Σ ln y, the Jacobian) so that its AICc
//! compares with the log-scale models'. Bands are symmetric in USD and are cut at zero.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::ols;
use super::prep::Prep;

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    ols::trend_core(p, ModelKind::Linear, false)
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, in USD, into `out[..targets.len()]`: the weighted least-squares line, cut at zero.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    let l = super::stats::wls_line(&p.times[..s], &p.values[..s], &p.weights[..s]);
    for (o, &x) in out.iter_mut().zip(targets) {
        *o = (l.a + l.b * x).max(0.0);
    }
}
