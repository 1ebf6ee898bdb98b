//! Compound annual growth between the end points, carried forward from the last value.
//!
//! The rate is (last / first)^(1/T) − 1. The model says growth is steady, so its band holds only
//! the uncertainty of that rate: σ̂ h / √T on the log scale (σ̂ from the spread of the yearly log
//! changes, Student t on m − 1 df), narrower than the random walk's, which adds yearly shocks.

use super::drift::{anchor_var, short_reason, walk_notes, walk_stats};
use super::sim::{safe_exp, Sim};
use super::{Band, Core, ModelKind, Prep, Skipped};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    if p.n() < 3 {
        return Err(p.too_few(ModelKind::Cagr, &short_reason(p)));
    }
    let s = walk_stats(p);
    let n = p.n();
    let z0 = p.z[n - 1];
    let extra = anchor_var(p);
    let mut center = Vec::with_capacity(p.steps());
    let mut se = Vec::with_capacity(p.steps());
    for h in 1..=p.steps() {
        let h = h as f64;
        center.push(z0 + h * s.mu);
        se.push(s.sigma * (h * h / s.span + extra).sqrt());
    }
    let fitted =
        p.t.iter()
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
        band: Band {
            log: true,
            center,
            se,
            df: s.df as f64,
            ends: None,
        },
        sim: Sim::Walk {
            z0,
            mu: s.mu,
            mu_var: 1.0 / s.span,
            anchor_var: extra,
            sigma: s.sigma,
            df: s.df,
            noise: false,
        },
        notes: walk_notes(p, &s),
    })
}
