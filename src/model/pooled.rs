//! The pooled model: a short series forecast with what a panel of real trade series taught
//! ([`crate::knowledge`]), not with what its own few points can say.
//!
//! The median log value `h` years ahead is `last + h μ + w h (trend − μ) − b (last − recent
//! mean) + σ √h · q_h(0)`, where μ is the panel's drift, `w` how much of the series' own trend
//! persists and `b` how much of a jump away from its recent level is undone. σ is the series'
//! own yearly volatility shrunk toward the panel's prior for its size; the 80% and 95% bands
//! are `σ √h · q_h(±1.28)` and `q_h(±1.96)`, read off the panel's table of standardised
//! errors, so they are as skewed and fat-tailed as real trade and stay bounded (the table is
//! never extrapolated). Paths map a Gaussian random walk through the same table (a Gaussian
//! copula), so a path's value in year `h` has exactly the band's distribution, and the
//! probability of reaching a target comes from the same distribution as the bands.

use crate::knowledge::{Features, Knowledge};
use crate::series::PointKind;

use super::finish::Core;
use super::fitted::Skipped;
use super::prep::Prep;
use super::walk::{anchor_note, anchor_var};

pub(super) fn fit(p: &Prep<'_>, k: &Knowledge) -> Result<Core, Skipped> {
    if p.n() < 3 {
        // One or two values: the knowledge's classes for them, if it has them.
        return super::pooled_tiny::fit(p, k);
    }
    let Own {
        features: f,
        independent,
        sigma,
    } = own(p.data.years(), &p.logs, p.data.kinds(), k);
    let class = k.class(f.n);
    let extra = anchor_var(p, sigma);
    let volatility = match f.sd {
        Some(own) if independent >= 2 => format!(
            "yearly volatility {:.0}%: its own {:.0}% over {independent} changes between reported \
             years, shrunk toward {:.0}%, the panel's for a flow of this size",
            100.0 * sigma,
            100.0 * own,
            100.0 * k.prior_sigma(f.last)
        ),
        _ => format!(
            "yearly volatility {:.0}%, the panel's for a flow of this size (its own cannot be \
             measured from reported years alone)",
            100.0 * sigma
        ),
    };
    let mut notes = vec![format!(
        "Pooled from {} real trade series ({}; values {}–{}): drift {:+.1}% a year, {:.0}% of \
         this series' own trend beyond it persists, {:.0}% of the last value's distance from \
         its recent mean is undone; {volatility}.",
        k.provenance.series,
        k.provenance.data,
        k.provenance.years.0,
        k.provenance.years.1,
        100.0 * k.drift,
        100.0 * class.trend_weight,
        100.0 * class.reversion,
    )];
    notes.extend(anchor_note(p, sigma));
    if p.n() > f.n {
        notes.push(format!(
            "Only the last {} of {} points describe the series' trend and volatility.",
            f.n,
            p.n()
        ));
    }
    Ok(Core::pooled(p, k, class, f, sigma, extra, notes))
}

/// What a series' own history says: its features, how many of its changes are independent
/// evidence of volatility, and its yearly σ after shrinkage.
struct Own {
    features: Features,
    independent: usize,
    sigma: f64,
}

fn own(years: &[i32], z: &[f64], kinds: &[PointKind], k: &Knowledge) -> Own {
    let features = Features::of(years, z);
    // Derived and estimated points are computed from reported ones with a reported rate: a
    // change that touches one is not independent evidence of how much the series moves (KZ-AZ's
    // three points lie on one 40% path). Only changes between two reported points count.
    let independent = kinds[kinds.len() - features.n..]
        .windows(2)
        .filter(|k| k.iter().all(|&k| k == PointKind::Reported))
        .count();
    let sd = features.sd.filter(|_| independent >= 2);
    let sigma = k.sigma(sd, independent, features.last);
    Own {
        features,
        independent,
        sigma,
    }
}

/// The series' own yearly volatility as the pooled model measures it ([`Features::sd`] of the
/// last [`crate::knowledge::MAX_WINDOW`] points), `None` with fewer than two changes between
/// reported years: what [`Knowledge::describes`] judges.
pub(super) fn own_sd(p: &Prep<'_>) -> Option<f64> {
    let o = own(p.data.years(), &p.logs, p.data.kinds(), p.knowledge);
    o.features.sd.filter(|_| o.independent >= 2)
}

/// The pooled model's median log value `h` years after the last of `years` (what the backtest
/// scores; the same as the fitted model's point forecast, without an estimated-anchor term).
pub(super) fn median_log(
    years: &[i32],
    z: &[f64],
    kinds: &[PointKind],
    k: &Knowledge,
    h: usize,
) -> f64 {
    let o = own(years, z, kinds, k);
    let f = &o.features;
    f.location(k, h) + o.sigma * (h as f64).sqrt() * k.class(f.n).at_score(h, 0.0)
}

/// The point forecasts at backtest origin `s` (trained on the first `s` points) for the times
/// `targets`, as logs, into `out[..targets.len()]`: the pooled median `h` years ahead.
pub(super) fn at_origin(p: &Prep<'_>, s: usize, targets: &[f64], out: &mut [f64]) {
    let (years, kinds) = (&p.data.years()[..s], &p.data.kinds()[..s]);
    let (t_last, z) = (p.times[s - 1], &p.logs[..s]);
    for (o, &x) in out.iter_mut().zip(targets) {
        let h = (x - t_last).round().max(1.0) as usize;
        *o = median_log(years, z, kinds, p.knowledge, h);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{fit, ModelKind, Outcome, SeriesData};

    #[test]
    fn bands_are_ordered_positive_and_bounded() {
        // A collapse: a log-linear fit through it once gave a band of 10^28.
        let data =
            SeriesData::plain((2010..=2014).collect(), vec![5e8, 6e8, 5.5e8, 2e7, 1.5e7]).unwrap();
        let Outcome::Fitted(f) = fit(&data, ModelKind::Pooled, 6) else {
            panic!("five points are enough")
        };
        let fc = &f.forecast;
        for h in 0..6 {
            assert!(fc.lower95[h] > 0.0);
            assert!(fc.lower95[h] <= fc.lower80[h] && fc.lower80[h] <= fc.point[h]);
            assert!(fc.point[h] <= fc.upper80[h] && fc.upper80[h] <= fc.upper95[h]);
            assert!(fc.upper95[h] / fc.lower95[h] < 1000.0, "h={h}: {fc:?}");
        }
        // Trade that collapsed tends to recover part of the way: the median rises.
        assert!(fc.point[5] > 1.5e7, "{}", fc.point[5]);
    }

    #[test]
    fn paths_have_the_bands_distribution() {
        let data = SeriesData::plain(
            (2015..=2021).collect(),
            vec![10.0, 12.0, 11.0, 14.0, 13.0, 15.0, 17.0],
        )
        .unwrap();
        let Outcome::Fitted(f) = fit(&data, ModelKind::Pooled, 5) else {
            panic!("seven points are enough")
        };
        let paths = f.sample_paths(f.forecast.years.len(), 20_000, 3);
        for h in [0, 4] {
            let mut col: Vec<f64> = paths.column(h).to_vec();
            col.sort_by(f64::total_cmp);
            let q = |p: f64| col[(p * col.len() as f64) as usize];
            let fc = &f.forecast;
            assert!((q(0.5) / fc.point[h] - 1.0).abs() < 0.02, "median h={h}");
            assert!((q(0.1) / fc.lower80[h] - 1.0).abs() < 0.03, "10% h={h}");
            assert!((q(0.975) / fc.upper95[h] - 1.0).abs() < 0.05, "97.5% h={h}");
        }
    }

    #[test]
    fn a_partial_year_estimate_is_as_uncertain_as_the_months_it_rests_on() {
        use crate::obs::Bound;
        use crate::series::PointKind;
        let width = |months: Option<u8>| {
            let data = SeriesData::try_new(
                (2019..=2023).collect(),
                vec![100.0, 110.0, 105.0, 120.0, 130.0],
                vec![
                    PointKind::Reported,
                    PointKind::Reported,
                    PointKind::Reported,
                    PointKind::Reported,
                    PointKind::Estimated,
                ],
                vec![Bound::Exact; 5],
                None,
            )
            .unwrap()
            .with_estimate_months(months);
            let Outcome::Fitted(f) = fit(&data, ModelKind::Pooled, 2) else {
                panic!("five points are enough")
            };
            let note = f.notes.iter().any(|n| n.contains("full-year estimate"));
            assert!(note, "{:?}", f.notes);
            f.forecast.upper95[0] / f.forecast.lower95[0]
        };
        let (april, october, unstated) = (width(Some(4)), width(Some(10)), width(None));
        assert!(april > october * 1.02, "{april} vs {october}");
        assert!(unstated > april, "{unstated} vs {april}");
    }
}
