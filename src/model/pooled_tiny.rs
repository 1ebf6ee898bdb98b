//! The pooled model for a series of one or two annual values: what series known by that little
//! did next on the panel ([`Knowledge::tiny_class`]), when the knowledge file has those classes.
//!
//! One value has no trend and no volatility of its own: the forecast is the value plus the
//! panel's drift shrunk by the learned one-point weight, σ is the panel's prior for a flow of its
//! size, and the bands are read off the one-point windows' error table. A single value that comes
//! with the growth rate reported for its year is two values (the rate implies the year before).
//! Two values give one change: their trend and deviation enter as for longer series, with the
//! two-point class's weights, and σ is again the prior (one change is no measure of spread).
//!
//! A single value without a growth rate is still refused (too little data) when its band would
//! be wider, at some horizon from 1 to [`EVIDENCE_H`] years, than the widest band the pooled
//! model gives a three-point series of the same size (own volatility at the knowledge's cap):
//! the evidence, both bands' widths, is in the note or the reason.

use crate::knowledge::{Class, Features, Knowledge};
use crate::series::PointKind;

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::law::Z95;
use super::prep::Prep;
use super::usd::usd;
use super::walk::{anchor_note, anchor_var};

/// Horizons (1 … this) at which a single value's band is compared with a three-point series'.
pub(super) const EVIDENCE_H: usize = 10;

/// The window the forecast rests on: years and log values, and the growth rate that implied an
/// earlier year (one value with the rate reported for its year, when the file has a two-point
/// class).
struct Window {
    years: Vec<i32>,
    z: Vec<f64>,
    implied_by: Option<f64>,
}

fn window(p: &Prep<'_>, k: &Knowledge) -> Window {
    let (years, z) = (p.data.years().to_vec(), p.logs.clone());
    match p.data.latest_growth() {
        Some((year, g)) if p.n() == 1 && year == p.last_year() && k.two_points.is_some() => {
            Window {
                years: vec![year - 1, year],
                z: vec![z[0] - (1.0 + g).ln(), z[0]],
                implied_by: Some(g),
            }
        }
        _ => Window {
            years,
            z,
            implied_by: None,
        },
    }
}

/// The 95% band's width (upper / lower end) `h` years ahead, for scale `sigma` and class `c`.
fn width(c: &Class, sigma: f64, h: usize) -> f64 {
    let s = sigma * (h as f64).sqrt();
    (s * (c.at_score(h, Z95) - c.at_score(h, -Z95))).exp()
}

/// A single value's 95% band against the widest a three-point series of the same size gets, at
/// 1 … [`EVIDENCE_H`] years ahead: the words, and whether it is no wider at every horizon.
pub(super) fn one_point_evidence(k: &Knowledge, log_level: f64) -> Option<(String, bool)> {
    let one = k.one_point.as_ref()?;
    let sigma_one = k.prior_sigma(log_level);
    let sigma_three = k.sigma(Some(k.volatility.cap), 2, log_level);
    let three = k.class(3);
    let pairs: Vec<(f64, f64)> = (1..=EVIDENCE_H)
        .map(|h| (width(one, sigma_one, h), width(three, sigma_three, h)))
        .collect();
    let useful = pairs.iter().all(|(a, b)| a <= b);
    let verdict = match pairs.iter().position(|(a, b)| a > b) {
        None => format!(
            "the one-value band is no wider at any horizon from 1 to {EVIDENCE_H} years, so the \
             projection is given"
        ),
        Some(i) => format!(
            "the one-value band is wider {} year(s) ahead ({:.1} against {:.1}): a band wider than \
             any the model gives a series whose volatility it can measure is too little to go on",
            i + 1,
            pairs[i].0,
            pairs[i].1
        ),
    };
    let words = format!(
        "its 95% band spans a factor of {:.1} one year ahead, {:.1} five years ahead and {:.1} ten \
         years ahead; the widest band the pooled model gives a three-point series of this size \
         (its own volatility at the {:.0}% cap, shrunk toward the panel's) spans {:.1}, {:.1} and \
         {:.1}: {verdict}",
        pairs[0].0,
        pairs[4].0,
        pairs[EVIDENCE_H - 1].0,
        100.0 * k.volatility.cap,
        pairs[0].1,
        pairs[4].1,
        pairs[EVIDENCE_H - 1].1,
    );
    Some((words, useful))
}

/// "one annual value (2023)" / "two annual values (2022, 2023)", and the growth rate's words.
fn rests_on(p: &Prep<'_>, w: &Window) -> String {
    let years: Vec<String> = p.data.years().iter().map(|y| y.to_string()).collect();
    match (p.n(), w.implied_by) {
        (1, Some(g)) => format!(
            "one annual value ({}) and the growth of {:+.1}% reported for it, which implies the \
             {} value",
            years[0],
            100.0 * g,
            w.years[0]
        ),
        (1, None) => format!("one annual value ({})", years[0]),
        _ => format!("two annual values ({})", years.join(", ")),
    }
}

/// Fits the pooled model to a series of one or two values, or says why not.
pub(super) fn fit(p: &Prep<'_>, k: &Knowledge) -> Result<Core, Skipped> {
    let w = window(p, k);
    let Some(class) = k.tiny_class(w.z.len()) else {
        return Err(p.too_few(
            ModelKind::Pooled,
            "the pooled model compares the last value with the recent ones and the series' own \
             volatility with the panel's, which takes at least two yearly changes (or a knowledge \
             file with classes for one and two points)",
        ));
    };
    let f = Features::of(&w.years, &w.z);
    let sigma = k.prior_sigma(f.last);
    let evidence = match (f.n, one_point_evidence(k, f.last)) {
        (1, Some((words, useful))) => {
            if !useful {
                return Err(p.skip(
                    ModelKind::Pooled,
                    2,
                    format!(
                        "one annual value without a growth rate, and {words}. Another year's \
                         value, or the growth rate reported with this one, would help"
                    ),
                ));
            }
            Some(words)
        }
        _ => None,
    };
    let own = if f.n == 1 {
        format!(
            "there is no trend or volatility of its own to measure, so the forecast is the value \
             plus the panel's drift shrunk to {:+.1}% a year ({:.0}% of {:+.1}%)",
            100.0 * k.drift * (1.0 - class.trend_weight),
            100.0 * (1.0 - class.trend_weight),
            100.0 * k.drift
        )
    } else {
        format!(
            "their one change ({:+.1}% a year) is no measure of volatility; the forecast is the \
             last value plus the panel's drift of {:+.1}% a year, {:.0}% of the series' own change \
             beyond it persists and {:.0}% of the last value's distance from the two values' mean \
             is undone",
            100.0 * (f.trend.exp() - 1.0),
            100.0 * k.drift,
            100.0 * class.trend_weight,
            100.0 * class.reversion
        )
    };
    let mut notes = vec![format!(
        "Rests on {} only: {own}. The yearly volatility is {:.0}%, the panel's for a flow of this \
         size ({}), and the bands are how wrong such forecasts were on {} windows of {} of {} \
         real trade series ({}; values {}–{}).",
        rests_on(p, &w),
        100.0 * sigma,
        usd(f.last.exp()),
        class.windows,
        if f.n == 1 { "one value" } else { "two values" },
        k.provenance.series,
        k.provenance.data,
        k.provenance.years.0,
        k.provenance.years.1,
    )];
    if let Some(words) = evidence {
        notes.push(format!("One value is enough here: {words}."));
    }
    notes.extend(anchor_note(p, sigma));
    if p.data.kinds().iter().any(|&k| k != PointKind::Reported) {
        notes.push(
            "A derived or estimated value is computed from a reported rate: the projection rests \
             on fewer reported figures than values."
                .to_string(),
        );
    }
    Ok(Core::pooled(
        p,
        k,
        class,
        f,
        sigma,
        anchor_var(p, sigma),
        notes,
    ))
}

/// Why the pooled model for one or two values, in words: what it rests on and what it does.
pub(super) fn reason(p: &Prep<'_>) -> String {
    let k = p.knowledge;
    let w = window(p, k);
    let mut reason = format!(
        "pooled, resting on {} only: a series this short cannot show how it moves, so the forecast \
         is what real trade series known by as little did next on the panel ({} series, {}, \
         {}–{}), with bands from how wrong that was.",
        rests_on(p, &w),
        k.provenance.series,
        k.provenance.data,
        k.provenance.years.0,
        k.provenance.years.1,
    );
    if w.z.len() == 1 {
        if let Some((words, _)) = one_point_evidence(k, w.z[0]) {
            reason.push_str(&format!(" One value is enough here: {words}."));
        }
    }
    reason
}

#[cfg(test)]
mod tests {
    use crate::knowledge::Knowledge;
    use crate::model::{fit, select_with, FitOptions, ModelChoice, ModelKind, Outcome, SeriesData};
    use crate::obs::Bound;
    use crate::series::PointKind;

    fn auto(horizon: usize) -> FitOptions {
        FitOptions {
            horizon,
            seed: 1,
            choice: ModelChoice::Auto,
        }
    }

    fn one(growth: Option<(i32, f64)>) -> SeriesData {
        SeriesData::try_new(
            vec![2023],
            vec![4.5e9],
            vec![PointKind::Reported],
            vec![Bound::Exact],
            growth,
        )
        .unwrap()
    }

    #[test]
    fn one_value_gets_a_bounded_band_marked_as_resting_on_it() {
        let k = Knowledge::builtin();
        let sel = select_with(&one(None), &auto(10), k);
        let f = sel.chosen.expect("the built-in file has a one-point class");
        assert_eq!(f.model, ModelKind::Pooled);
        assert!(
            sel.reason.contains("one annual value (2023)"),
            "{}",
            sel.reason
        );
        // The evidence is in the reason: both bands' widths, and the verdict.
        assert!(sel.reason.contains("three-point series"), "{}", sel.reason);
        assert!(
            f.notes[0].starts_with("Rests on one annual value"),
            "{:?}",
            f.notes
        );
        let fc = &f.forecast;
        // The drift, shrunk: the median grows by less than the panel's drift a year.
        let c = k.one_point.as_ref().unwrap();
        let g = (fc.point[0] / 4.5e9).ln();
        assert!(g > 0.0 && g < k.drift, "{g}");
        assert!(
            (g - k.drift * (1.0 - c.trend_weight)
                - k.prior_sigma(4.5e9f64.ln()) * c.at_score(1, 0.0))
            .abs()
                < 1e-9
        );
        for h in 0..10 {
            assert!(fc.lower95[h] > 0.0 && fc.lower95[h] < fc.lower80[h]);
            assert!(fc.lower80[h] < fc.point[h] && fc.point[h] < fc.upper80[h]);
            assert!(fc.upper80[h] < fc.upper95[h]);
            assert!(fc.upper95[h] / fc.lower95[h] < 100.0, "h={h}: {fc:?}");
        }
        // Wider further ahead.
        assert!(fc.upper95[9] / fc.lower95[9] > fc.upper95[0] / fc.lower95[0]);
    }

    #[test]
    fn a_band_wider_than_a_three_point_series_gets_is_too_little_data_with_the_evidence() {
        let mut k = Knowledge::builtin().clone();
        let c = k.one_point.as_mut().unwrap();
        for q in &mut c.quantiles {
            q.iter_mut().for_each(|x| *x *= 3.0);
        }
        let sel = select_with(&one(None), &auto(5), &k);
        assert!(sel.chosen.is_none());
        assert!(sel.reason.contains("No model"), "{}", sel.reason);
        assert!(
            sel.reason
                .contains("The pooled model: one annual value without a growth rate")
                && sel.reason.contains("is wider 1 year(s) ahead"),
            "{}",
            sel.reason
        );
        // With the growth rate reported for that year it is two values, and the band is the
        // two-point class's.
        let sel = select_with(&one(Some((2023, 0.2))), &auto(5), &k);
        let f = sel.chosen.expect("one value with its growth rate");
        assert!(
            f.notes[0].contains("growth of +20.0% reported for it, which implies the 2022 value"),
            "{:?}",
            f.notes
        );
    }

    #[test]
    fn two_values_use_the_two_point_class_and_files_without_the_classes_refuse_as_before() {
        let data = SeriesData::plain(vec![2022, 2023], vec![10.0, 12.0]).unwrap();
        let Outcome::Fitted(f) = fit(&data, ModelKind::Pooled, 3) else {
            panic!("the built-in file has a two-point class")
        };
        assert!(
            f.notes[0].starts_with("Rests on two annual values (2022, 2023)"),
            "{:?}",
            f.notes
        );
        let k = Knowledge::builtin();
        let c = k.two_points.as_ref().unwrap();
        // last + μ + w (Δ − μ) − b Δ/2, then the table's median.
        let d = (1.2f64).ln();
        let loc = 12f64.ln() + k.drift + c.trend_weight * (d - k.drift) - c.reversion * d / 2.0;
        let median = loc + k.prior_sigma(12f64.ln()) * c.at_score(1, 0.0);
        assert!((f.forecast.point[0].ln() - median).abs() < 1e-9);
        // A file learned before the classes existed: too few points, as before.
        let old = Knowledge {
            one_point: None,
            two_points: None,
            ..k.clone()
        };
        for data in [data, one(None)] {
            let sel = select_with(&data, &auto(3), &old);
            assert!(sel.chosen.is_none());
            let pooled = sel
                .candidates
                .iter()
                .find(|o| o.model() == ModelKind::Pooled);
            let Some(Outcome::Skipped(s)) = pooled else {
                panic!("{pooled:?}")
            };
            assert_eq!(s.need, 3);
        }
    }
}
