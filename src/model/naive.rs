//! Random walk without drift on the log scale ("naive", no change): `ln y_t = ln y_{t−1} + ε_t`.
//!
//! The forecast is the last value. σ̂ is the spread of the yearly log changes around zero,
//! σ̂² = Σ (Δz)²/k over the m changes divided by m (a change over k years has variance kσ²), on
//! m degrees of freedom since nothing is estimated from them; var_h = σ² h. Why it is a model at
//! all: on yearly series that level off or revert (many of Tourism's), every growth model
//! extrapolates a trend that is no longer there, and no change is the better guess; in the
//! combination it pulls the drift and damped paths back toward the last value (see
//! `combination::members_for` for the numbers).

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::WalkVar;
use super::prep::Prep;
use super::walk::{spread, walk_law, walk_notes};

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    // Two points give one change: σ̂ on one degree of freedom, whose Student t 95% band spans
    // ±12.7σ̂; like the other walks, it waits for a second change.
    if p.n() < 3 {
        return Err(p.too_few(
            ModelKind::Naive,
            "the band of a no-change forecast comes from how much the value moves from year to \
             year, which takes at least two yearly changes to measure",
        ));
    }
    let s = spread(p, 0.0, 0);
    // No drift: the centre is the last value, z_last + h · 0.
    let law = walk_law(p, &s, 0.0, 0.0, true, WalkVar::Shocks);
    let mut fitted = Vec::with_capacity(p.n());
    fitted.push(p.values[0]);
    fitted.extend_from_slice(&p.values[..p.n() - 1]);
    Ok(Core {
        params: vec![
            ("level".to_string(), p.values[p.n() - 1]),
            ("sigma".to_string(), s.sigma_hat),
        ],
        aicc: None,
        fitted,
        law,
        notes: walk_notes(p, &s),
    })
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points), as logs, into
/// `out[..ahead]`: the last training value.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, ahead: usize, out: &mut [f64]) {
    out[..ahead].fill(p.logs[s - 1]);
}

#[cfg(test)]
mod tests {
    use crate::model::{fit, ModelKind, Outcome, SeriesData};

    #[test]
    fn last_value_with_a_band_from_changes_around_zero() {
        // A gap (2016 to 2018): that change counts as two years of noise.
        let data = SeriesData::plain(
            vec![2015, 2016, 2018, 2019],
            vec![100.0, 110.0, 99.0, 120.0],
        )
        .unwrap();
        let Outcome::Fitted(f) = fit(&data, ModelKind::Naive, 3) else {
            panic!("four points are enough")
        };
        let ss = 1.1f64.ln().powi(2) + 0.9f64.ln().powi(2) / 2.0 + (120.0f64 / 99.0).ln().powi(2);
        let sigma = (ss / 3.0).sqrt();
        let sigma_param = f.params.iter().find(|p| p.0 == "sigma").unwrap().1;
        assert!((sigma_param - sigma).abs() < 1e-12);
        // Student t on 3 degrees of freedom: 97.5% quantile 3.182446.
        for h in 0..3 {
            assert!((f.forecast.point[h] / 120.0 - 1.0).abs() < 1e-12);
            let want = 120.0 * (3.182_446_305 * sigma * ((h + 1) as f64).sqrt()).exp();
            assert!((f.forecast.upper95[h] / want - 1.0).abs() < 1e-6);
        }
        assert_eq!(f.fitted, vec![100.0, 100.0, 110.0, 99.0]);
        assert!(f.growth.abs() < 1e-12);
        // The simulation is the same walk: the median path stays at the last value.
        let paths = f.sample_paths(f.forecast.years.len(), 4000, 1);
        let mut last: Vec<f64> = paths.column(2).to_vec();
        last.sort_by(f64::total_cmp);
        assert!((last[2000] / 120.0 - 1.0).abs() < 0.03, "{}", last[2000]);
    }

    #[test]
    fn two_points_are_too_few() {
        let data = SeriesData::plain(vec![2022, 2023], vec![10.0, 12.0]).unwrap();
        let Outcome::Skipped(s) = fit(&data, ModelKind::Naive, 3) else {
            panic!("one change gives no interval")
        };
        assert_eq!((s.need, s.got), (3, 2));
        assert!(s.reason.contains("two yearly changes"), "{}", s.reason);
    }
}
