//! The sides of one trade seen together: which named side a figure of unrecorded origin belongs
//! to, and how a side with too few years of its own borrows another side's years.
//!
//! Reconciliation keeps each side (whose statistics: `reported_by`) apart, so that a mirror
//! figure never conflicts with the reporter's own. Two rules look across the sides of a trade:
//!
//! 1. **Unrecorded origin, recognised** ([`attribute_unknown`]): a figure of unrecorded origin
//!    whose level equals a named side's figure for the same period, within [`TOLERANCE`], *is*
//!    that side's figure (a news release quoting the ministry's number without saying so). It
//!    joins that side's series, keeps its own `reported_by` as provenance, and the side's notes
//!    say why. When two named sides match, the closer one wins, then the trade's first code.
//! 2. **Borrowed years** ([`borrow_years`]): a side a projection is needed on with fewer than
//!    [`OWN_YEARS`] annual points of its own, in a trade where another side has more, takes that
//!    side's other years,
//!    scaled to this side by the geometric mean of their ratio in the years both have. A
//!    borrowed point is `derived`, names the side and figures it rests on
//!    ([`Point::borrowed_from`]), and is never compared with its donor as a gap between sides.
//!    A side with no year in common with any other borrows nothing, and the notes say so.

use std::collections::BTreeMap;

use crate::fmt::usd;
use crate::obs::{Observation, Side, Trade};
use crate::series::{Point, PointKind, Series};
use crate::tolerance::{relative_gap, TOLERANCE};

/// A side with fewer annual points than this borrows the years of a longer side of its trade:
/// three points is what the models need to fit anything.
pub const OWN_YEARS: usize = 3;

/// A figure of unrecorded origin recognised as a named side's: the side, and the sentence the
/// side's notes carry.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attribution {
    pub side: Side,
    pub note: String,
}

/// For each observation (by position), the named side it is recognised as, if it is of
/// unrecorded origin and its level equals that side's figure for the same period.
///
/// `named` holds the reconciled series of the named sides: an unrecorded full-year figure is
/// compared with their annual points (reported, derived or estimated), a partial-year one with
/// the named rows of the same period.
pub(super) fn attribute_unknown(
    observations: &[Observation],
    named: &[Series],
) -> Vec<Option<Attribution>> {
    observations
        .iter()
        .map(|o| {
            if o.reported_by != Side::Unknown {
                return None;
            }
            let value = o.value_usd?;
            let trade = Trade::of(o.pair, o.flow);
            let mut matches: Vec<(f64, Side, String)> = Vec::new();
            if o.period.is_full_year() {
                for s in named.iter().filter(|s| s.trade() == trade) {
                    if let Some(p) = s.points.iter().find(|p| p.year == o.period.year()) {
                        matches.push((
                            relative_gap(value, p.value_usd),
                            s.reported_by,
                            format!("{} {} ({})", p.kind.as_str(), usd(p.value_usd), sources(p)),
                        ));
                    }
                }
            } else {
                for n in observations.iter().filter(|n| {
                    n.reported_by != Side::Unknown
                        && n.period == o.period
                        && Trade::of(n.pair, n.flow) == trade
                }) {
                    if let Some(v) = n.value_usd {
                        matches.push((
                            relative_gap(value, v),
                            n.reported_by,
                            format!("{} ({})", usd(v), n.id),
                        ));
                    }
                }
            }
            matches.retain(|(gap, _, _)| *gap <= TOLERANCE);
            let first_code = Side::Of(o.pair.reporter);
            matches.sort_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then((a.1 != first_code).cmp(&(b.1 != first_code)))
                    .then(a.1.cmp(&b.1))
            });
            let (gap, side, what) = matches.into_iter().next()?;
            Some(Attribution {
                side,
                note: format!(
                    "{} = {} ({}, reporting country not recorded) is taken as {}: it equals their \
                     figure for the same period, {what}, within {:.0}% ({:.1}% apart).",
                    o.period.describe(),
                    usd(value),
                    o.id,
                    side.describe(),
                    TOLERANCE * 100.0,
                    gap * 100.0
                ),
            })
        })
        .collect()
}

fn sources(p: &Point) -> String {
    p.sources.join("+")
}

/// Rule 2: if the side `into` of one trade's series (`sides`, every side of that trade) has
/// fewer than [`OWN_YEARS`] annual points, it borrows the years it lacks from the trade's
/// longest other side, scaled by their ratio in the years both have; borrowed points are
/// marked. The pipeline calls it for the sides a projection is needed on (the side each target
/// is judged on, and the trade's main side), and leaves the other sides as their figures give
/// them.
pub fn borrow_years(sides: &mut [Series], into: Side) {
    let Some(short) = sides.iter().position(|s| s.reported_by == into) else {
        return;
    };
    let own = sides[short].points.len();
    if own == 0 || own >= OWN_YEARS {
        return;
    }
    // The donor: the other side with the most annual points; on a tie, figures of unrecorded
    // origin (mostly the reporter's own, quoted without saying so), then the side order.
    let donor = (0..sides.len())
        .filter(|&i| i != short && sides[i].trade() == sides[short].trade())
        .filter(|&i| {
            sides[i].points.len() > own && sides[i].points.iter().all(|p| p.borrowed_from.is_none())
        })
        .max_by_key(|&i| {
            let side = sides[i].reported_by;
            (
                sides[i].points.len(),
                side == Side::Unknown,
                std::cmp::Reverse(side),
            )
        });
    let Some(donor) = donor else { return };
    let donor_series = sides[donor].clone();
    borrow_from(&mut sides[short], &donor_series);
}

/// Fills `short`'s missing years from `donor`, scaled; or notes why it cannot.
fn borrow_from(short: &mut Series, donor: &Series) {
    let own: BTreeMap<i32, &Point> = short.points.iter().map(|p| (p.year, p)).collect();
    let common: Vec<(&Point, &Point)> = donor
        .points
        .iter()
        .filter_map(|d| own.get(&d.year).map(|s| (*s, d)))
        .collect();
    if common.is_empty() {
        short.notes.push(format!(
            "{} give only {} year(s) of their own, and none in common with the {} ({} years), \
             so no years are borrowed from them: the two sides cannot be put on one scale.",
            short.reported_by.describe(),
            short.points.len(),
            donor.reported_by.describe(),
            donor.points.len()
        ));
        return;
    }
    let log_ratio = common
        .iter()
        .map(|(s, d)| (s.value_usd / d.value_usd).ln())
        .sum::<f64>()
        / common.len() as f64;
    let scale = log_ratio.exp();
    let years_in_common: Vec<String> = common.iter().map(|(s, _)| s.year.to_string()).collect();
    let basis: Vec<String> = common.iter().flat_map(|(s, _)| s.sources.clone()).collect();
    let mut borrowed = Vec::new();
    for d in donor.points.iter().filter(|d| !own.contains_key(&d.year)) {
        let mut how = format!(
            "{} of the {} × {scale:.3}, this side's ratio to theirs in {}",
            usd(d.value_usd),
            donor.reported_by.describe(),
            years_in_common.join(", ")
        );
        if d.bound.is_bound() {
            how.push_str(&format!(
                "; rests on a bound ({} {}): if that is higher, so is this",
                d.bound.symbol().trim(),
                usd(d.value_usd)
            ));
        }
        borrowed.push(Point {
            year: d.year,
            value_usd: d.value_usd * scale,
            kind: if d.kind == PointKind::Estimated {
                PointKind::Estimated
            } else {
                PointKind::Derived
            },
            bound: crate::obs::Bound::Approx,
            sources: [d.sources.clone(), basis.clone()].concat(),
            how,
            borrowed_from: Some(donor.reported_by),
            estimate: None,
        });
    }
    if borrowed.is_empty() {
        return;
    }
    short.notes.push(format!(
        "{} give only {} year(s) of their own, fewer than the {OWN_YEARS} a model needs; the \
         {} year(s) they lack ({}) are borrowed from the {}, scaled by {scale:.3} (the geometric \
         mean of this side's ratio to theirs in {}), and marked derived.",
        short.reported_by.describe(),
        short.points.len(),
        borrowed.len(),
        borrowed
            .iter()
            .map(|p| p.year.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        donor.reported_by.describe(),
        years_in_common.join(", ")
    ));
    short.points.extend(borrowed);
    short.points.sort_by_key(|p| p.year);
}

#[cfg(test)]
mod tests {
    use super::super::reconcile;
    use super::borrow_years;
    use crate::obs::{Bound, Flow, Observation, Side};
    use crate::series::PointKind;

    fn row(id: &str, period: &str, value: f64, side: &str) -> Observation {
        Observation {
            reported_by: side.parse().unwrap(),
            ..super::super::tests::row(
                id,
                "KZ-KG",
                Flow::Turnover,
                period,
                Some(value),
                None,
                Bound::Exact,
            )
        }
    }

    fn side(s: &str) -> Side {
        s.parse().unwrap()
    }

    #[test]
    fn an_unrecorded_figure_equal_to_a_named_sides_joins_that_side() {
        let rows = [
            row("u1", "2023", 1.01e9, "unknown"),
            row("u2", "2022", 0.90e9, "unknown"),
            row("k1", "2023", 1.00e9, "KZ"),
            // The partner's mirror figure is 10% apart: not the same figure.
            row("g1", "2023", 1.10e9, "KG"),
        ];
        let series = reconcile(&rows);
        let kz = series.iter().find(|s| s.reported_by == side("KZ")).unwrap();
        let y2023 = kz.points.iter().find(|p| p.year == 2023).unwrap();
        assert_eq!(y2023.sources, ["k1", "u1"]);
        assert!(kz
            .notes
            .iter()
            .any(|n| n.contains("u1") && n.contains("KZ statistics")));
        // u2 has no KZ figure to match: it stays of unrecorded origin (and one year is too few
        // to lend).
        let unknown = series
            .iter()
            .find(|s| s.reported_by == Side::Unknown)
            .unwrap();
        assert_eq!(unknown.points.len(), 1);
        assert_eq!(unknown.points[0].sources, ["u2"]);
        // The mirror figure is not joined to KZ (10% apart) and stays KG's.
        let kg = series.iter().find(|s| s.reported_by == side("KG")).unwrap();
        assert_eq!(kg.points[0].sources, ["g1"]);
    }

    #[test]
    fn a_figure_two_sides_match_goes_to_the_closer_one() {
        let rows = [
            row("u1", "2023", 1.00e9, "unknown"),
            row("k1", "2023", 1.015e9, "KZ"),
            row("g1", "2023", 1.005e9, "KG"),
        ];
        let series = reconcile(&rows);
        assert!(series.iter().all(|s| s.reported_by != Side::Unknown));
        let kg = series.iter().find(|s| s.reported_by == side("KG")).unwrap();
        assert_eq!(kg.points[0].sources, ["g1", "u1"]);
    }

    #[test]
    fn a_short_side_borrows_the_longer_sides_years_scaled() {
        let rows = [
            row("u1", "2019", 0.50e9, "unknown"),
            row("u2", "2020", 0.60e9, "unknown"),
            row("u3", "2021", 0.80e9, "unknown"),
            row("u4", "2022", 1.00e9, "unknown"),
            // KZ's own statistics: two years, 5% above the unrecorded figures where both exist.
            row("k1", "2022", 1.05e9, "KZ"),
            row("k2", "2023", 1.30e9, "KZ"),
        ];
        let mut series = reconcile(&rows);
        borrow_years(&mut series, side("KZ"));
        let kz = series.iter().find(|s| s.reported_by == side("KZ")).unwrap();
        let years: Vec<i32> = kz.points.iter().map(|p| p.year).collect();
        assert_eq!(years, [2019, 2020, 2021, 2022, 2023]);
        let y2020 = &kz.points[1];
        assert!((y2020.value_usd - 0.60e9 * 1.05).abs() < 1.0);
        assert_eq!(y2020.kind, PointKind::Derived);
        assert_eq!(y2020.borrowed_from, Some(Side::Unknown));
        assert_eq!(y2020.sources, ["u2", "k1"]);
        // Its own years stay its own.
        assert_eq!(kz.points[3].borrowed_from, None);
        assert_eq!(kz.points[4].value_usd, 1.30e9);
        assert!(kz
            .notes
            .iter()
            .any(|n| n.contains("borrowed") && n.contains("1.050")));
        // The donor is untouched.
        let unknown = series
            .iter()
            .find(|s| s.reported_by == Side::Unknown)
            .unwrap();
        assert!(unknown.points.iter().all(|p| p.borrowed_from.is_none()));
        assert_eq!(unknown.points.len(), 4);
    }

    #[test]
    fn sides_with_no_year_in_common_borrow_nothing_and_say_why() {
        let rows = [
            row("u1", "2019", 0.50e9, "unknown"),
            row("u2", "2020", 0.60e9, "unknown"),
            row("u3", "2021", 0.80e9, "unknown"),
            row("k1", "2023", 1.30e9, "KZ"),
        ];
        let mut series = reconcile(&rows);
        borrow_years(&mut series, side("KZ"));
        let kz = series.iter().find(|s| s.reported_by == side("KZ")).unwrap();
        assert_eq!(kz.points.len(), 1);
        assert!(kz.notes.iter().any(|n| n.contains("none in common")));
    }

    #[test]
    fn a_side_with_three_years_of_its_own_borrows_nothing() {
        let rows = [
            row("u1", "2018", 0.40e9, "unknown"),
            row("u2", "2019", 0.50e9, "unknown"),
            row("u3", "2020", 0.60e9, "unknown"),
            row("u4", "2021", 0.80e9, "unknown"),
            row("k1", "2021", 0.90e9, "KZ"),
            row("k2", "2022", 1.05e9, "KZ"),
            row("k3", "2023", 1.30e9, "KZ"),
        ];
        let mut series = reconcile(&rows);
        borrow_years(&mut series, side("KZ"));
        let kz = series.iter().find(|s| s.reported_by == side("KZ")).unwrap();
        assert_eq!(kz.points.len(), 3);
    }
}
