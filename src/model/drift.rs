//! Random walk with drift on the log scale: `ln y_t = ln y_{t−1} + μ + ε_t`.
//!
//! With gaps, a change over k years has mean kμ and variance kσ²; the maximum-likelihood drift
//! is then (ln y_last − ln y_first) / (t_last − t_first), the log of the compound annual growth.
//! The forecast starts from the last value: var_h = σ² (h + h²/T), T the years spanned, with a
//! Student t on m − 1 degrees of freedom (m yearly changes).

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::WalkVar;
use super::prep::Prep;
use super::sim::safe_exp;
use super::walk::{short_reason, walk_law, walk_notes, walk_stats};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    if p.n() < 3 {
        return Err(p.too_few(ModelKind::Drift, &short_reason(p)));
    }
    let s = walk_stats(p);
    let law = walk_law(
        p,
        &s,
        s.mu,
        1.0 / s.span,
        true,
        WalkVar::ShocksAndRate { span: s.span },
    );
    let mut fitted = Vec::with_capacity(p.n());
    fitted.push(p.values[0]);
    for i in 1..p.n() {
        fitted.push(safe_exp(
            p.logs[i - 1] + (p.times[i] - p.times[i - 1]) * s.mu,
        ));
    }
    Ok(Core {
        params: vec![
            ("drift_log".to_string(), s.mu),
            ("growth".to_string(), s.mu.exp() - 1.0),
            ("sigma".to_string(), s.sigma_hat),
        ],
        aicc: None,
        fitted,
        law,
        notes: walk_notes(p, &s),
    })
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, as logs, into `out[..targets.len()]`: the average yearly change of the training values carried forward.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    super::walk::trend_at_origin(p, s, 0, targets, out);
}
