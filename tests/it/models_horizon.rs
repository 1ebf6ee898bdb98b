//! Fitting is separate from forecasting: a single model fitted alone gives any horizon from one
//! fit ([`Fitted::forecast_to`]) bit for bit as a fit made for that horizon does, and its paths
//! for a shorter horizon are the first years of a longer one's. An automatic selection's choice
//! was made for its horizon and says so.

use tradecast::model::{select, FitOptions, Fitted, Forecast, ModelChoice, ModelKind, SeriesData};
use tradecast::obs::Bound;
use tradecast::series::PointKind;

const LONG: usize = 12;

fn only(kind: ModelKind, horizon: usize) -> FitOptions {
    FitOptions {
        horizon,
        seed: 42,
        choice: ModelChoice::Only(kind),
    }
}

/// Series that reach every band's branches: a plain one, one with a reported growth rate, an
/// estimated last value from four months, gaps and a lower bound, and a falling straight line
/// whose level band is cut at zero.
fn series() -> Vec<(&'static str, SeriesData)> {
    let years: Vec<i32> = (2014..=2023).collect();
    let values = vec![4.1, 4.52, 4.96, 5.37, 4.21, 4.48, 5.06, 5.58, 6.05, 6.61];
    let mut kinds = vec![PointKind::Reported; 10];
    kinds[9] = PointKind::Estimated;
    let mut bounds = vec![Bound::Exact; 10];
    bounds[3] = Bound::AtLeast;
    vec![
        (
            "plain",
            SeriesData::plain(years.clone(), values.clone()).unwrap(),
        ),
        (
            "growth rate",
            SeriesData::try_new(
                years.clone(),
                values.clone(),
                vec![PointKind::Reported; 10],
                vec![Bound::Exact; 10],
                Some((2023, 0.093)),
            )
            .unwrap(),
        ),
        (
            "estimated, bounded",
            SeriesData::try_new(years, values, kinds, bounds, Some((2023, 0.05)))
                .unwrap()
                .with_estimate_months(Some(4)),
        ),
        (
            "gaps, falling",
            SeriesData::plain(
                vec![2010, 2011, 2013, 2014, 2015, 2017, 2018, 2019],
                vec![90.0, 84.0, 70.0, 66.0, 55.0, 41.0, 37.0, 30.0],
            )
            .unwrap(),
        ),
    ]
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// `a` equals the first `h` years of `b`, bit for bit.
fn assert_prefix(a: &Forecast, b: &Forecast, h: usize, what: &str) {
    assert_eq!(a.years, b.years[..h], "{what}: years");
    for (x, y, end) in [
        (&a.point, &b.point, "point"),
        (&a.lower80, &b.lower80, "lower80"),
        (&a.upper80, &b.upper80, "upper80"),
        (&a.lower95, &b.lower95, "lower95"),
        (&a.upper95, &b.upper95, "upper95"),
    ] {
        assert_eq!(bits(x), bits(&y[..h]), "{what}: {end}");
    }
}

fn alone(data: &SeriesData, kind: ModelKind, horizon: usize) -> Option<Fitted> {
    select(data, &only(kind, horizon)).chosen
}

#[test]
fn forecast_to_is_the_fit_for_that_horizon_bit_for_bit() {
    let mut checked = 0;
    for (name, data) in series() {
        for kind in ModelKind::ALL {
            if kind == ModelKind::Combination {
                continue;
            }
            let Some(long) = alone(&data, kind, LONG) else {
                continue;
            };
            if (name, kind) == ("gaps, falling", ModelKind::Linear) {
                let cut = long.notes.iter().any(|n| n.contains("below zero"));
                assert!(cut, "the clamped branch is reached: {:?}", long.notes);
            }
            if name == "estimated, bounded" && kind == ModelKind::Drift {
                let anchor = long.notes.iter().any(|n| n.contains("4 month(s)"));
                assert!(
                    anchor,
                    "the estimated anchor is in the band: {:?}",
                    long.notes
                );
            }
            for h in 0..=LONG {
                let what = format!("{name}, {kind}, h = {h}");
                let to = long.forecast_to(h).unwrap();
                assert_prefix(&to, &long.forecast, h, &what);
                // And a fit made for h years gives the same forecast.
                let fit_h = alone(&data, kind, h).unwrap();
                assert_eq!(fit_h.forecast, to, "{what}: fit for h");
                assert_eq!(
                    fit_h.forecast_to(LONG).unwrap(),
                    long.forecast,
                    "{what}: back"
                );
            }
            checked += 1;
        }
    }
    // Every single model on every series, but latest growth on the two without a rate.
    assert_eq!(checked, 4 * 8 - 2);
}

#[test]
fn shorter_simulations_are_the_first_years_of_longer_ones() {
    for (name, data) in series() {
        for kind in ModelKind::ALL {
            let Some(f) = alone(&data, kind, LONG) else {
                continue;
            };
            let long = f.sample_paths(LONG, 101, 9);
            for h in 1..=LONG {
                let short = f.sample_paths(h, 101, 9);
                assert_eq!(
                    bits(short.as_slice().unwrap()),
                    bits(
                        long.slice(ndarray::s![.., ..h])
                            .to_owned()
                            .as_slice()
                            .unwrap()
                    ),
                    "{name}, {kind}, h = {h}"
                );
            }
            // A fit for a shorter horizon simulates the same paths past its own years: a
            // single model's law does not depend on the horizon it was fitted for.
            if kind != ModelKind::Combination {
                let short_fit = alone(&data, kind, 3).unwrap();
                assert_eq!(short_fit.sample_paths(LONG, 101, 9), long, "{name}, {kind}");
                assert_eq!(
                    short_fit.first_crossings(LONG, 101, 9, 8.0),
                    f.first_crossings(LONG, 101, 9, 8.0),
                    "{name}, {kind}"
                );
            }
        }
    }
}

#[test]
fn an_automatic_choice_keeps_its_horizon() {
    for (name, data) in series() {
        let options = FitOptions {
            choice: ModelChoice::Auto,
            ..only(ModelKind::Drift, 6)
        };
        let selection = select(&data, &options);
        let chosen = selection.chosen.unwrap();
        let err = chosen.forecast_to(LONG).unwrap_err();
        assert_eq!((err.model, err.horizon), (chosen.model, 6), "{name}");
        assert!(err.to_string().contains("fit the model alone"), "{err}");
        // Its candidates are single models fitted alone, and still answer.
        for f in selection.candidates.iter().filter_map(|o| o.fitted()) {
            let answer = f.forecast_to(LONG);
            assert_eq!(answer.is_ok(), f.model != ModelKind::Combination, "{name}");
        }
    }
}
