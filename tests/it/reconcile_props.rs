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

    /// full_t = full_{t-1} × (1 + g) for an estimate from a partial year, whatever its months.
    #[test]
    fn estimate_applies_same_period_growth(
        full in 1e3f64..1e13, ytd in 1e3f64..1e13, g in -0.95f64..10.0, last in 1u8..12, year in 1950i32..2100,
    ) {
        let rows = [
            obs("full", Period::Year(year - 1), Some(full), None, Bound::Exact),
            obs("ytd", Period::Months { year, first: 1, last }, Some(ytd), Some(g), Bound::Exact),
        ];
        let s = &reconcile(&rows)[0];
        let est = s.points.iter().find(|p| p.year == year).unwrap();
        prop_assert_eq!(est.kind, PointKind::Estimated);
        prop_assert!((est.value_usd / (full * (1.0 + g)) - 1.0).abs() < 1e-12);
        prop_assert_eq!(est.sources.clone(), vec!["full".to_string(), "ytd".to_string()]);
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
