//! Compound annual growth between the end points, carried forward from the last value.
//!
//! The rate is (last / first)^(1/T) − 1. The model says growth is steady, so its band holds only
//! the uncertainty of that rate: σ̂ h / √T on the log scale (σ̂ from the spread of the yearly log
//! changes, Student t on m − 1 df), narrower than the random walk's, which adds yearly shocks.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::WalkVar;
use super::prep::Prep;
use super::sim::safe_exp;
use super::walk::{short_reason, walk_law, walk_notes, walk_stats};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    if p.n() < 3 {
        return Err(p.too_few(ModelKind::Cagr, &short_reason(p)));
    }
    let s = walk_stats(p);
    let n = p.n();
    let z0 = p.logs[n - 1];
    // Steady growth: no yearly shocks, only the uncertainty of the rate.
    let law = walk_law(
        p,
        &s,
        s.mu,
        1.0 / s.span,
        false,
        WalkVar::Rate { span: s.span },
    );
    let fitted = p
        .times
        .iter()
        .map(|&t| safe_exp(z0 + (t - p.t_last()) * s.mu))
        .collect();
    Ok(Core {
        params: vec![
            ("cagr".to_string(), s.mu.exp() - 1.0),
            ("years_spanned".to_string(), s.span),
            ("sigma_log_growth".to_string(), s.sigma_hat),
        ],
        aicc: None,
        fitted,
        law,
        notes: walk_notes(p, &s),
    })
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, as logs, into `out[..targets.len()]`: the compound growth between the first and last training values carried forward.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    super::walk::trend_at_origin(p, s, 0, targets, out);
}
