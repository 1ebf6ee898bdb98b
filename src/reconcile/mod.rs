//! From reported figures to one annual series per pair and flow (DESIGN §4).
//!
//! The rules, applied in this order for each pair and flow:
//!
//! 1. **Reported**: a full-year level is used as stated. Several for one year: the most exact
//!    wording wins (exact, then approx, then a bound), then the latest publication, then the
//!    lowest id; values more than [`TOLERANCE`] apart are a [`Conflict`](crate::series::Conflict), shown with the rule.
//! 2. **Derived**: a full-year level with its growth implies the year before,
//!    `prev = level / (1 + g)`. A reported value for that year wins over a derived one.
//!    A full-year growth without a level implies the level from the year before, `level = prev × (1 + g)`.
//! 3. **Estimated**: a partial year with its same-period growth estimates the full year,
//!    `full_t ≈ full_{t-1} × (1 + g)` (the same-period ratio applied to the previous full year).
//!    The more months a source states, the better; unstated months rank last.
//! 4. **Bounds stay bounds**: a reported "exceeded $460 million" is kept as `at_least`; values
//!    derived or estimated from it are approximate and say which bound they rest on.
//! 5. **Checks**: exports + imports against turnover for the same period; a partial year above
//!    its full year; a partial year without growth is kept as a floor for its year, in the notes.
//! 6. **Across two years**: a figure for a period across the turn of a year (a fiscal year,
//!    April–March) is never a calendar-year level nor a partial year: it is kept apart, in the
//!    notes (see [`crate::fiscal`]).
//! 7. **Other currencies**: a figure stated in another currency was converted when it was
//!    loaded; the notes give the amount as stated and the rate (see [`crate::currency`]).
//!
//! # One trade, several sides
//!
//! Figures are grouped by the trade they measure ([`Trade`]), whatever the order of the codes:
//! `KZ-KG turnover` and `KG-KZ turnover` are one trade, and so are `KZ-EU exports` and
//! `EU-KZ imports` (A's exports to B are B's imports from A). Each trade's series is named as
//! the first row (in the order given) that measures it writes it; the rows keep their own
//! orientation as provenance. Within a trade, each side (whose statistics: `reported_by`) is
//! reconciled on its own, so a mirror figure never conflicts with the reporter's own: the two
//! are compared side by side instead (see [`crate::report`]).
//!
//! Two rules look across the sides of a trade (module `sides`): a figure of unrecorded origin
//! that equals a named side's figure for the same period is that side's figure and joins its
//! series; and a side a projection is needed on with fewer than [`OWN_YEARS`] annual points
//! borrows the years it lacks ([`borrow_years`], called by the pipeline) from the trade's longest
//! other side, scaled by their ratio in the years both have, each
//! borrowed point saying so ([`crate::series::Point::borrowed_from`]).

use std::collections::{BTreeMap, HashMap};

use crate::knowledge::Knowledge;
use crate::obs::{Flow, Observation, Pair, Side, Trade};
use crate::series::Series;

mod annual;
mod compare;
mod components;
mod partial;
mod sides;

pub use crate::tolerance::{same_aim, same_value, TOLERANCE};
use annual::reconcile_one;
use components::check_components;
pub use sides::{borrow_years, OWN_YEARS};

/// Reconcile every observation into series, one per trade and side (`reported_by`), ordered by
/// the trade's name (pair, then flow), then side (country codes, then `unknown`).
///
/// ```
/// use tradecast::obs::{Bound, Flow, Observation, Period};
/// use tradecast::reconcile::reconcile;
/// use tradecast::series::PointKind;
///
/// let row = Observation {
///     id: "o1".into(), pair: "KZ-CN".parse().unwrap(), flow: Flow::Turnover,
///     period: Period::Year(2022), value_usd: Some(24.2e9), growth: Some(0.35),
///     bound: Bound::Exact, published: None, source: "000.txt".into(),
///     quote: "Trade grew 35% to $24.2 billion.".into(), note: String::new(), line: 2,
///     reported_by: "KZ".parse().unwrap(), converted: None,
/// };
/// let series = reconcile(&[row]);
/// let p2021 = &series[0].points[0];
/// assert_eq!((p2021.year, p2021.kind), (2021, PointKind::Derived));
/// assert!((p2021.value_usd - 24.2e9 / 1.35).abs() < 1.0);
/// ```
pub fn reconcile(observations: &[Observation]) -> Vec<Series> {
    reconcile_with(observations, Knowledge::builtin())
}

/// [`reconcile`] with the knowledge whose year-to-date rules estimate a full year from part of
/// it (see [`crate::nowcast`]): the pipeline passes the run's knowledge.
pub fn reconcile_with(observations: &[Observation], knowledge: &Knowledge) -> Vec<Series> {
    let names = trade_names(observations);
    let group = |side_of: &dyn Fn(usize, &Observation) -> Side| {
        let mut groups: BTreeMap<(Pair, Flow, Side), Vec<&Observation>> = BTreeMap::new();
        for (i, o) in observations.iter().enumerate() {
            let (pair, flow) = names[&Trade::of(o.pair, o.flow)];
            groups
                .entry((pair, flow, side_of(i, o)))
                .or_default()
                .push(o);
        }
        groups
    };
    let series_of = |groups: &BTreeMap<(Pair, Flow, Side), Vec<&Observation>>| -> Vec<Series> {
        groups
            .iter()
            .map(|(&(pair, flow, side), rows)| reconcile_one(pair, flow, side, rows, knowledge))
            .collect()
    };
    // Figures of unrecorded origin that equal a named side's figure join that side.
    let as_written = group(&|_, o| o.reported_by);
    let mut all = series_of(&as_written);
    let named: Vec<Series> = all
        .iter()
        .filter(|s| s.reported_by != Side::Unknown)
        .cloned()
        .collect();
    let attributions = sides::attribute_unknown(observations, &named);
    let mut groups = as_written;
    if attributions.iter().any(Option::is_some) {
        groups = group(&|i, o| attributions[i].as_ref().map_or(o.reported_by, |a| a.side));
        all = series_of(&groups);
        for (o, a) in observations.iter().zip(&attributions) {
            let Some(a) = a else { continue };
            let (pair, flow) = names[&Trade::of(o.pair, o.flow)];
            if let Some(s) = all
                .iter_mut()
                .find(|s| (s.pair, s.flow, s.reported_by) == (pair, flow, a.side))
            {
                s.notes.push(a.note.clone());
            }
        }
    }
    check_components(&mut all, &groups);
    all
}

/// The name of each trade: the pair and flow of the first row (in the order given) measuring it.
pub fn trade_names(observations: &[Observation]) -> HashMap<Trade, (Pair, Flow)> {
    let mut names = HashMap::new();
    for o in observations {
        names
            .entry(Trade::of(o.pair, o.flow))
            .or_insert((o.pair, o.flow));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::obs::Bound;
    use crate::series::PointKind;

    /// A test row of unrecorded origin (the children's tests share it).
    pub(super) fn row(
        id: &str,
        pair: &str,
        flow: Flow,
        period: &str,
        value: Option<f64>,
        growth: Option<f64>,
        bound: Bound,
    ) -> Observation {
        Observation {
            id: id.into(),
            pair: pair.parse().unwrap(),
            flow,
            period: period.parse().unwrap(),
            value_usd: value,
            growth,
            bound,
            published: Some("2024-01-01".parse().unwrap()),
            source: "test".into(),
            quote: "q".into(),
            note: String::new(),
            line: 2,
            reported_by: Side::Unknown,
            converted: None,
        }
    }

    #[test]
    fn conflicting_reports_are_both_kept() {
        let rows = [
            row(
                "a",
                "KZ-CN",
                Flow::Turnover,
                "2022",
                Some(24.2e9),
                None,
                Bound::Approx,
            ),
            row(
                "b",
                "KZ-CN",
                Flow::Turnover,
                "2022",
                Some(26.0e9),
                None,
                Bound::Exact,
            ),
        ];
        let s = &reconcile(&rows)[0];
        assert_eq!(s.points.len(), 1);
        assert_eq!(s.points[0].value_usd, 26.0e9, "exact wording wins");
        assert_eq!(s.conflicts.len(), 1);
        assert_eq!(s.conflicts[0].candidates.len(), 2);
        assert!(s.warnings[0].contains("disagree"));
    }

    #[test]
    fn agreeing_reports_are_merged_with_both_sources() {
        let rows = [
            row(
                "a",
                "KZ-CN",
                Flow::Turnover,
                "2022",
                Some(24.2e9),
                None,
                Bound::Exact,
            ),
            row(
                "b",
                "KZ-CN",
                Flow::Turnover,
                "2022",
                Some(24.25e9),
                None,
                Bound::Exact,
            ),
        ];
        let s = &reconcile(&rows)[0];
        assert!(s.conflicts.is_empty());
        assert_eq!(s.points[0].sources, vec!["a", "b"]);
    }

    #[test]
    fn components_that_do_not_add_up_warn_with_both_numbers() {
        let rows = [
            row(
                "t",
                "KZ-EU",
                Flow::Turnover,
                "2024-01/2024-10",
                Some(41.2e9),
                Some(0.23),
                Bound::Exact,
            ),
            row(
                "x",
                "KZ-EU",
                Flow::Exports,
                "2024-01/2024-10",
                Some(30.0e9),
                None,
                Bound::Exact,
            ),
            row(
                "m",
                "KZ-EU",
                Flow::Imports,
                "2024-01/2024-10",
                Some(8.6e9),
                None,
                Bound::Exact,
            ),
        ];
        let all = reconcile(&rows);
        let turnover = all.iter().find(|s| s.flow == Flow::Turnover).unwrap();
        assert!(turnover
            .warnings
            .iter()
            .any(|w| w.contains("38.6 bn") && w.contains("41.2 bn")));
    }

    #[test]
    fn partial_year_above_full_year_warns() {
        let rows = [
            row(
                "y",
                "KZ-CN",
                Flow::Turnover,
                "2023",
                Some(20e9),
                None,
                Bound::Exact,
            ),
            row(
                "p",
                "KZ-CN",
                Flow::Turnover,
                "2023-01/2023-10",
                Some(24.3e9),
                None,
                Bound::Exact,
            ),
        ];
        assert!(reconcile(&rows)[0].warnings[0].contains("cannot be smaller"));
    }

    #[test]
    fn one_trade_written_both_ways_is_one_series_per_side() {
        let mut kz = row(
            "a",
            "KZ-KG",
            Flow::Turnover,
            "2022",
            Some(2.0e9),
            None,
            Bound::Exact,
        );
        kz.reported_by = Side::Of("KZ".parse().unwrap());
        let mut kg = row(
            "b",
            "KG-KZ",
            Flow::Turnover,
            "2022",
            Some(2.6e9),
            None,
            Bound::Exact,
        );
        kg.reported_by = Side::Of("KG".parse().unwrap());
        let mut kz2 = row(
            "c",
            "KG-KZ",
            Flow::Turnover,
            "2023",
            Some(2.2e9),
            None,
            Bound::Exact,
        );
        kz2.reported_by = Side::Of("KZ".parse().unwrap());
        let all = reconcile(&[kz, kg, kz2]);
        assert_eq!(all.len(), 2, "{all:#?}");
        // Named as the first row writes it; sides apart, so no conflict between them.
        assert!(all.iter().all(|s| s.pair.to_string() == "KZ-KG"));
        assert_eq!(all[0].reported_by.to_string(), "KG");
        assert_eq!(all[1].reported_by.to_string(), "KZ");
        assert_eq!(all[1].points.len(), 2);
        assert!(all.iter().all(|s| s.conflicts.is_empty()));
    }

    #[test]
    fn exports_written_as_the_partners_imports_check_against_turnover() {
        let rows = [
            row(
                "t",
                "KZ-EU",
                Flow::Turnover,
                "2023",
                Some(41.4e9),
                None,
                Bound::Exact,
            ),
            row(
                "x",
                "EU-KZ",
                Flow::Imports,
                "2023",
                Some(32.6e9),
                None,
                Bound::Exact,
            ),
            row(
                "m",
                "KZ-EU",
                Flow::Imports,
                "2023",
                Some(8.8e9),
                None,
                Bound::Exact,
            ),
        ];
        let all = reconcile(&rows);
        let turnover = all.iter().find(|s| s.flow == Flow::Turnover).unwrap();
        assert!(turnover
            .notes
            .iter()
            .any(|n| n.contains("Components add up")));
        // EU's imports from KZ are KZ's exports to the EU, named as the first row wrote them.
        assert!(all
            .iter()
            .any(|s| s.pair.to_string() == "EU-KZ" && s.flow == Flow::Imports));
    }

    #[test]
    fn growth_only_full_year_extends_the_series() {
        let rows = [
            row(
                "a",
                "KZ-CN",
                Flow::Turnover,
                "2022",
                Some(10e9),
                None,
                Bound::Exact,
            ),
            row(
                "b",
                "KZ-CN",
                Flow::Turnover,
                "2023",
                None,
                Some(-0.1),
                Bound::Exact,
            ),
        ];
        let s = &reconcile(&rows)[0];
        assert_eq!(s.points[1].kind, PointKind::Derived);
        assert!((s.points[1].value_usd - 9e9).abs() < 1.0);
    }
}
