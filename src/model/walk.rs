//! What the walk models (naive, drift, CAGR, latest growth) share: a log-scale walk from the last
//! value, `z_h = z_last + h μ + noise`, the spread of the yearly log changes it is judged by, the
//! extra variance of an estimated starting point, and their notes.

use super::finish::floor_note;
use super::law::{Law, WalkVar};
use super::prep::{Prep, ESTIMATED_WEIGHT};
use super::sim::Walk;

/// Drift, residual σ̂ of the yearly log changes, and the number of changes m.
pub(super) struct WalkStats {
    pub mu: f64,
    pub sigma_hat: f64,
    pub sigma: f64,
    /// Degrees of freedom of `sigma_hat` (changes − 1 with an estimated drift, changes without).
    pub resid_df: usize,
    /// Degrees of freedom of `sigma` (`resid_df`, plus the prior's when it is pooled).
    pub df: usize,
    pub span: f64,
}

/// Needs at least three points (two changes, one degree of freedom for σ̂).
pub(super) fn walk_stats(p: &Prep<'_>) -> WalkStats {
    let mu = (p.logs[p.n() - 1] - p.logs[0]) / (p.t_last() - p.times[0]);
    spread(p, mu, 1)
}

/// The spread of the yearly log changes around a drift `mu`, of which `fitted` parameters
/// (1 for an estimated drift, 0 for the naive model's fixed zero) were estimated from them.
pub(super) fn spread(p: &Prep<'_>, mu: f64, fitted: usize) -> WalkStats {
    let n = p.n();
    let mut ss = 0.0;
    for i in 1..n {
        let k = p.times[i] - p.times[i - 1];
        let e = p.logs[i] - p.logs[i - 1] - k * mu;
        ss += e * e / k;
    }
    let resid_df = n - 1 - fitted;
    let sigma_hat = (ss / resid_df as f64).sqrt();
    let (sigma, df) = p.predictive(sigma_hat, resid_df, 1.0);
    WalkStats {
        mu,
        sigma_hat,
        sigma,
        resid_df,
        df,
        span: p.t_last() - p.times[0],
    }
}

/// Extra variance (in units of σ², σ the model's yearly volatility) of the starting point when
/// it is an estimate: (sd / σ)², where sd is the estimate's own log standard deviation
/// ([`SeriesData::estimate_log_sd`](crate::series::SeriesData::estimate_log_sd), from the
/// nowcast that made it), or the nowcast's typical one for the months it rests on
/// ([`crate::nowcast::estimate_log_sd`]); a whole year's (1/[`ESTIMATED_WEIGHT`] − 1 = 1) when
/// neither is known.
pub(super) fn anchor_var(p: &Prep<'_>, sigma: f64) -> f64 {
    if !p.last_is_estimated() {
        return 0.0;
    }
    match estimate_sd(p) {
        Some(sd) if sigma > 0.0 => (sd / sigma).powi(2),
        _ => 1.0 / ESTIMATED_WEIGHT - 1.0,
    }
}

/// The log standard deviation of an estimated last point, if known (see [`anchor_var`]).
fn estimate_sd(p: &Prep<'_>) -> Option<f64> {
    p.data.estimate_log_sd().or_else(|| {
        p.data
            .estimate_months()
            .map(|m| crate::nowcast::estimate_log_sd(p.knowledge, m, true))
    })
}

/// The note on an estimated last value: where it comes from and what it adds to the band.
pub(super) fn anchor_note(p: &Prep<'_>, sigma: f64) -> Option<String> {
    if !p.last_is_estimated() {
        return None;
    }
    let extra = anchor_var(p, sigma);
    Some(match (p.data.estimate_months(), estimate_sd(p)) {
        (Some(m), Some(sd)) => format!(
            "The last value ({}) is a full-year estimate from {m} month(s) of data; its \
             uncertainty (±{:.1}% at one standard deviation, learned from real monthly trade) \
             adds {extra:.2} of a year's volatility to the band.",
            p.last_year(),
            100.0 * sd
        ),
        _ => format!(
            "The last value ({}) is a full-year estimate from part of the year (the source does \
             not say which months); a whole year's volatility ({extra}) is added to the band.",
            p.last_year()
        ),
    })
}

/// Notes shared by the walk-type models.
pub(super) fn walk_notes(p: &Prep<'_>, s: &WalkStats) -> Vec<String> {
    let mut notes = Vec::new();
    match p.prior_note(s.sigma_hat, s.resid_df, s.sigma, "σ̂ of yearly log changes") {
        Some(note) => notes.push(note),
        None => notes.extend(floor_note(
            p,
            s.sigma_hat,
            p.sigma_floor(),
            "of yearly log changes",
        )),
    }
    notes.extend(anchor_note(p, s.sigma));
    let earlier: Vec<String> = p
        .estimated_years()
        .into_iter()
        .filter(|&y| y != p.last_year())
        .map(|y| y.to_string())
        .collect();
    if !earlier.is_empty() {
        notes.push(format!(
            "Estimated value(s) for {} enter the yearly growth rates unweighted.",
            earlier.join(", ")
        ));
    }
    notes
}

/// A short reason for series too short for walk-type models.
pub(super) fn short_reason(p: &Prep<'_>) -> String {
    if p.n() == 2 {
        let g = ((p.logs[1] - p.logs[0]) / (p.times[1] - p.times[0])).exp() - 1.0;
        format!(
            "the two values imply {:.1}% a year, but one growth rate gives no estimate of how much \
             growth varies, so no interval could be stated",
            100.0 * g
        )
    } else {
        "a growth rate and its variability need at least two yearly changes".to_string()
    }
}

/// The law of a walk from the last value with drift `mu`: centre `z_last + h μ`, standard error
/// `σ √(var(h) + anchor)` where `var` is the model's variance in units of σ² before the starting
/// point's own (`anchor_var`); the simulation draws μ with variance `σ² · mu_var` and yearly
/// shocks when `noise` is on.
pub(super) fn walk_law(
    p: &Prep<'_>,
    s: &WalkStats,
    mu: f64,
    mu_var: f64,
    noise: bool,
    var: WalkVar,
) -> Law {
    Law::Walk {
        walk: Walk {
            z0: p.logs[p.n() - 1],
            mu,
            mu_var,
            anchor_var: anchor_var(p, s.sigma),
            sigma: s.sigma,
            df: s.df,
            noise,
        },
        var,
    }
}

/// The point forecasts of a walk with drift at backtest origin `s` (trained on the first `s`
/// points) for the times `targets`, as logs, into `out[..targets.len()]`: the last training
/// value plus the average yearly change since point `from` (the drift and CAGR models: the
/// first point; the latest-growth model: the one before the last, since the growth rates
/// reported in the past are not in the data).
pub(super) fn trend_at_origin(
    p: &Prep<'_>,
    s: usize,
    from: usize,
    targets: &[f64],
    out: &mut [f64],
) {
    let (t, z) = (&p.times[..s], &p.logs[..s]);
    let t_last = t[s - 1];
    let mu = (z[s - 1] - z[from]) / (t_last - t[from]);
    for (o, &x) in out.iter_mut().zip(targets) {
        *o = z[s - 1] + (x - t_last) * mu;
    }
}
