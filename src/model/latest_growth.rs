//! The latest reported growth rate carried forward from the last value.
//!
//! Uses `SeriesData::latest_growth`, not only the levels. One year's growth is a noisy guide to
//! future growth: the band is that of a random walk whose drift is uncertain by one year's
//! shock, var_h = σ̂² (h + h²), σ̂ from the spread of the series' yearly log changes (Student t
//! on m − 1 df). So it needs three points: with fewer, nothing measures that spread, and an
//! interval would be an assumption rather than an estimate.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::WalkVar;
use super::prep::Prep;
use super::sim::safe_exp;
use super::walk::{short_reason, walk_law, walk_notes, walk_stats};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    let Some((year, g)) = p.data.latest_growth() else {
        return Err(p.skip(
            ModelKind::LatestGrowth,
            3,
            "no growth rate was reported for this series",
        ));
    };
    if p.n() < 3 {
        let why = if p.n() == 2 {
            short_reason(p)
        } else {
            format!(
                "{} level(s) and a growth rate of {:.1}% give a path, but nothing to estimate its \
                 uncertainty from",
                p.n(),
                100.0 * g
            )
        };
        return Err(p.too_few(ModelKind::LatestGrowth, &why));
    }
    let s = walk_stats(p);
    let mu = (1.0 + g).ln();
    let n = p.n();
    // The one year's rate is as uncertain as one year's shock: μ's variance is σ².
    let law = walk_law(p, &s, mu, 1.0, true, WalkVar::ShocksAndOneYear);
    let mut fitted = Vec::with_capacity(n);
    fitted.push(p.values[0]);
    for i in 1..n {
        fitted.push(safe_exp(p.logs[i - 1] + (p.times[i] - p.times[i - 1]) * mu));
    }
    let mut notes = vec![format!(
        "Carries forward the {:.1}% growth reported for {year}; the band treats that one year's \
         rate as uncertain by one year's shock (σ̂ = {:.3} on the log scale, from the series' \
         yearly changes).",
        100.0 * g,
        s.sigma
    )];
    if year != p.last_year() {
        notes.push(format!(
            "The growth rate is for {year}, not for the last year of the series ({}).",
            p.last_year()
        ));
    }
    notes.extend(walk_notes(p, &s));
    Ok(Core {
        params: vec![
            ("growth".to_string(), g),
            ("growth_year".to_string(), f64::from(year)),
            ("sigma".to_string(), s.sigma_hat),
        ],
        aicc: None,
        fitted,
        law,
        notes,
    })
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, as logs, into `out[..targets.len()]`: the growth between the last two training years carried forward.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    super::walk::trend_at_origin(p, s, s - 2, targets, out);
}
