//! Property tests for the reconciliation identities (DESIGN §4).

use proptest::prelude::*;
use tradecast::obs::{Bound, Flow, Observation, Period, Side};
use tradecast::reconcile::reconcile;
use tradecast::series::PointKind;

fn obs(
    id: &str,
    period: Period,
    value: Option<f64>,
    growth: Option<f64>,
    bound: Bound,
) -> Observation {
    Observation {
        id: id.into(),
        pair: "KZ-CN".parse().unwrap(),
        flow: Flow::Turnover,
        period,
        value_usd: value,
        growth,
        bound,
        published: Some("2024-01-01".parse().unwrap()),
        source: "prop".into(),
        quote: "q".into(),
        note: String::new(),
        line: 2,
        reported_by: Side::Unknown,
        converted: None,
    }
}

proptest! {
    /// prev × (1 + g) == level for every derived point.
    #[test]
    fn derived_previous_year_times_growth_is_the_level(
        level in 1e3f64..1e13, g in -0.95f64..10.0, year in 1950i32..2100,
    ) {
        let s = &reconcile(&[obs("a", Period::Year(year), Some(level), Some(g), Bound::Exact)])[0];
        prop_assert_eq!(s.points.len(), 2);
        let prev = &s.points[0];
        prop_assert_eq!((prev.year, prev.kind), (year - 1, PointKind::Derived));
        prop_assert!((prev.value_usd * (1.0 + g) / level - 1.0).abs() < 1e-12);
    }

    /// full_t = full_{t-1} × (1 + g) for an estimate from a same-period growth with no level,
    /// whatever its months.
    #[test]
    fn a_growth_without_a_level_applies_to_the_year_before(
        full in 1e3f64..1e13, g in -0.95f64..10.0, last in 1u8..12, year in 1950i32..2100,
    ) {
        let rows = [
            obs("full", Period::Year(year - 1), Some(full), None, Bound::Exact),
            obs("ytd", Period::Months { year, first: 1, last }, None, Some(g), Bound::Exact),
        ];
        let s = &reconcile(&rows)[0];
        let est = s.points.iter().find(|p| p.year == year).unwrap();
        prop_assert_eq!(est.kind, PointKind::Estimated);
        prop_assert!((est.value_usd / (full * (1.0 + g)) - 1.0).abs() < 1e-12);
        prop_assert_eq!(est.sources.clone(), vec!["full".to_string(), "ytd".to_string()]);
    }

    /// A year-to-date level is a floor: the full year estimated from it, and both ends of its
    /// 80% and 95% bands, are never below it, however far it is from the years before (made-up
    /// extremes: a level a millionth or a million times the previous year's), with or without
    /// a growth rate, in order lower95 ≤ lower80 ≤ estimate ≤ upper80 ≤ upper95.
    #[test]
    fn a_year_to_date_level_is_a_floor_for_the_estimate_and_its_bands(
        full in 1e3f64..1e13, ratio in -14.0f64..14.0, g in proptest::option::of(-0.95f64..10.0),
        last in 1u8..12, year in 1950i32..2100,
    ) {
        let ytd = (full * ratio.exp()).clamp(1.0, 1e15);
        let rows = [
            obs("a", Period::Year(year - 2), Some(full * 0.9), None, Bound::Exact),
            obs("full", Period::Year(year - 1), Some(full), None, Bound::Exact),
            obs("ytd", Period::Months { year, first: 1, last }, Some(ytd), g, Bound::Exact),
        ];
        let s = &reconcile(&rows)[0];
        let est = s.points.iter().find(|p| p.year == year).unwrap();
        prop_assert_eq!(est.kind, PointKind::Estimated);
        let e = est.estimate.expect("a band");
        prop_assert!(ytd <= e.lower95, "{} < {}", e.lower95, ytd);
        prop_assert!(e.lower95 <= e.lower80 && e.lower80 <= est.value_usd);
        prop_assert!(est.value_usd <= e.upper80 && e.upper80 <= e.upper95);
        prop_assert!(est.value_usd.is_finite() && e.upper95.is_finite());
    }

    /// A lower bound is never turned into an exact value.
    #[test]
    fn lower_bounds_stay_bounds(level in 1e3f64..1e13, year in 1950i32..2100) {
        let s = &reconcile(&[obs("a", Period::Year(year), Some(level), None, Bound::AtLeast)])[0];
        prop_assert_eq!(s.points[0].bound, Bound::AtLeast);
    }

    /// Points come out strictly increasing by year, whatever the row order.
    #[test]
    fn points_are_strictly_increasing(years in proptest::collection::vec(1990i32..2030, 1..12)) {
        let rows: Vec<Observation> = years
            .iter()
            .enumerate()
            .map(|(i, &y)| obs(&format!("o{i}"), Period::Year(y), Some(1e9 + i as f64), Some(0.1), Bound::Exact))
            .collect();
        let s = &reconcile(&rows)[0];
        prop_assert!(s.points.windows(2).all(|w| w[0].year < w[1].year));
    }
}
