//! The latest reported growth rate carried forward from the last value.
//!
//! Uses `SeriesData::latest_growth`, not only the levels. One year's growth is a noisy guide to
//! future growth: the band is that of a random walk whose drift is uncertain by one year's
//! shock, var_h = σ̂² (h + h²), σ̂ from the spread of the series' yearly log changes (Student t
//! on m − 1 df). So it needs three points: with fewer, nothing measures that spread, and an
//! interval would be an assumption rather than an estimate.

use super::drift::{anchor_var, short_reason, walk_notes, walk_stats};
use super::sim::{safe_exp, Sim};
use super::{Band, Core, ModelKind, Prep, Skipped};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    let Some((year, g)) = p.data.latest_growth else {
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
    let z0 = p.z[n - 1];
    let extra = anchor_var(p);
    let mut center = Vec::with_capacity(p.steps());
    let mut se = Vec::with_capacity(p.steps());
    for h in 1..=p.steps() {
        let h = h as f64;
        center.push(z0 + h * mu);
        se.push(s.sigma * (h + h * h + extra).sqrt());
    }
    let mut fitted = Vec::with_capacity(n);
    fitted.push(p.v[0]);
    for i in 1..n {
        fitted.push(safe_exp(p.z[i - 1] + (p.t[i] - p.t[i - 1]) * mu));
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
        band: Band {
            log: true,
            center,
            se,
            df: s.df as f64,
            ends: None,
        },
        sim: Sim::Walk {
            z0,
            mu,
            mu_var: 1.0,
            anchor_var: extra,
            sigma: s.sigma,
            df: s.df,
            noise: true,
        },
        notes,
    })
}
