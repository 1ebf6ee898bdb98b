//! Partial years (a year-to-date level, a same-period growth): rule 3, a full year estimated
//! from them, and rule 5, a partial level as a floor for its full year.
//!
//! Rule 3, for a year with no full-year value:
//!
//! - **A year-to-date level leads** (January to month m, with or without its same-period
//!   growth): the full year is [`crate::nowcast::full_year`]'s estimate from it and the
//!   series' earlier full years, with its 80%/95% band, never below the level itself. Of several
//!   year-to-date levels of one year, the one with the most months leads and the others
//!   cross-check it in the notes. A level for the same months a year earlier gives the
//!   same-period growth when the source states none.
//! - **Otherwise a same-period growth** (of months stated or not) applied to the year before,
//!   `full_t ≈ full_{t-1} × (1 + g)`, as before: nothing better is known.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::{preference, sign};
use crate::fmt::{pct, usd};
use crate::knowledge::Knowledge;
use crate::nowcast::{self, YearToDate};
use crate::obs::{Bound, Observation, Period};
use crate::series::{Estimate, Point, PointKind, Series};

/// The months a year-to-date row covers (January to m, m < 12), if it is one.
fn ytd_months(o: &Observation) -> Option<u8> {
    match o.period {
        Period::Months { first: 1, last, .. } if last < 12 => Some(last),
        _ => None,
    }
}

/// Rule 3: a full year estimated from its partial-year rows, when the year has no value yet;
/// notes say which partial rows were not used and why, and how the others compare.
pub(super) fn estimated_from_partials(
    partials: &[&Observation],
    series: &mut Series,
    points: &mut BTreeMap<i32, Point>,
    knowledge: &Knowledge,
) {
    implied_earlier(partials, series);
    let years: BTreeSet<i32> = partials.iter().map(|o| o.period.year()).collect();
    for year in years {
        let here: Vec<&Observation> = partials
            .iter()
            .copied()
            .filter(|o| o.period.year() == year)
            .collect();
        if let Some(existing) = points.get(&year) {
            for o in here.iter().filter(|o| o.growth.is_some()) {
                series.notes.push(format!(
                    "{} growth {} ({}) not used: {} already has a {} value.",
                    o.period.describe(),
                    pct(o.growth.unwrap_or_default()),
                    o.id,
                    year,
                    existing.kind.as_str()
                ));
            }
            continue;
        }
        let estimate = from_level(&here, partials, series, points, knowledge)
            .or_else(|| from_growth(&here, series, points));
        if let Some(point) = estimate {
            points.insert(year, point);
        }
    }
}

/// A partial level with its growth implies the same months a year earlier: said in the notes.
fn implied_earlier(partials: &[&Observation], series: &mut Series) {
    for o in partials {
        if let (Some(value), Some(g)) = (o.value_usd, o.growth) {
            series.notes.push(format!(
                "{} = {} ({}), {} on the same period a year earlier, which was therefore {} ({}).",
                o.period.describe(),
                usd(value),
                o.id,
                pct(g),
                usd(value / (1.0 + g)),
                o.id
            ));
        }
    }
}

/// The full year from the year's leading year-to-date level (most months, then stated growth,
/// then the usual preference), by the nowcast; the other partial rows cross-check it.
fn from_level(
    here: &[&Observation],
    partials: &[&Observation],
    series: &mut Series,
    points: &BTreeMap<i32, Point>,
    knowledge: &Knowledge,
) -> Option<Point> {
    let mut levels: Vec<&Observation> = here
        .iter()
        .copied()
        .filter(|o| o.value_usd.is_some() && ytd_months(o).is_some())
        .collect();
    levels.sort_by_key(|o| {
        (
            std::cmp::Reverse(ytd_months(o)),
            o.growth.is_none(),
            preference(o),
        )
    });
    let lead = *levels.first()?;
    let (value, months) = (lead.value_usd?, ytd_months(lead)?);
    let year = lead.period.year();
    let mut sources = Vec::new();
    let (growth, growth_words) = match lead.growth {
        Some(g) => (Some(g), format!(" and its same-period growth {}", pct(g))),
        None => match same_months_a_year_earlier(lead, partials) {
            Some(earlier) => {
                let g = value / earlier.value_usd.unwrap_or(value) - 1.0;
                sources.push(earlier.id.clone());
                (
                    Some(g),
                    format!(
                        " and the same-period growth {} it shows against {} = {} ({})",
                        pct(g),
                        earlier.period.describe(),
                        usd(earlier.value_usd.unwrap_or_default()),
                        earlier.id
                    ),
                )
            }
            None => (None, String::new()),
        },
    };
    let previous: Vec<(i32, f64)> = points
        .values()
        .filter(|p| p.year < year && p.kind != PointKind::Estimated)
        .map(|p| (p.year, p.value_usd))
        .collect();
    let full = nowcast::full_year(
        knowledge,
        &YearToDate {
            value,
            months,
            growth,
        },
        &previous,
    );
    let last_before = points
        .values()
        .rev()
        .find(|p| p.year < year && p.kind != PointKind::Estimated);
    series.notes.push(format!(
        "The {year} estimate from {}: {}.",
        lead.id, full.how
    ));
    let mut how = format!(
        "{} = {} ({}){growth_words}: the full year by the year-to-date rules learned from real \
         monthly trade (see the notes), 80%: {} to {}, 95%: {} to {}",
        lead.period.describe(),
        usd(value),
        lead.id,
        usd(full.lower80),
        usd(full.upper80),
        usd(full.lower95),
        usd(full.upper95)
    );
    if let Some(base) = last_before.filter(|p| p.bound.is_bound()) {
        how.push_str(&format!(
            "; rests on a bound among the earlier years ({} {} in {}): if that is higher, so may be this",
            base.bound.symbol().trim(),
            usd(base.value_usd),
            base.year
        ));
    }
    cross_checks(lead, here, &full, series, points, knowledge, &previous);
    let mut all_sources = last_before.map(|p| p.sources.clone()).unwrap_or_default();
    all_sources.push(lead.id.clone());
    all_sources.extend(sources);
    Some(Point {
        year,
        value_usd: full.point,
        kind: PointKind::Estimated,
        bound: Bound::Approx,
        sources: all_sources,
        how,
        borrowed_from: None,
        estimate: Some(Estimate {
            months,
            lower80: full.lower80,
            upper80: full.upper80,
            lower95: full.lower95,
            upper95: full.upper95,
            log_sd: full.log_sd,
        }),
    })
}

/// The level of the same months one year earlier, when the series has one (the preferred row).
fn same_months_a_year_earlier<'a>(
    lead: &Observation,
    partials: &[&'a Observation],
) -> Option<&'a Observation> {
    let Period::Months { year, first, last } = lead.period else {
        return None;
    };
    let earlier = Period::Months {
        year: year - 1,
        first,
        last,
    };
    partials
        .iter()
        .copied()
        .filter(|o| o.period == earlier && o.value_usd.is_some_and(|v| v > 0.0))
        .min_by(|a, b| preference(a).cmp(&preference(b)))
}

/// The other partial rows of the year against the leading estimate, in the notes.
fn cross_checks(
    lead: &Observation,
    here: &[&Observation],
    full: &nowcast::FullYear,
    series: &mut Series,
    points: &BTreeMap<i32, Point>,
    knowledge: &Knowledge,
    previous: &[(i32, f64)],
) {
    let year = lead.period.year();
    for o in here.iter().filter(|o| o.id != lead.id) {
        let alone = match (o.value_usd, ytd_months(o)) {
            (Some(value), Some(months)) => Some((
                nowcast::full_year(
                    knowledge,
                    &YearToDate {
                        value,
                        months,
                        growth: o.growth,
                    },
                    previous,
                )
                .point,
                format!("{} = {}", o.period.describe(), usd(value)),
            )),
            _ => match (o.growth, points.get(&(year - 1))) {
                (Some(g), Some(base)) => Some((
                    base.value_usd * (1.0 + g),
                    format!(
                        "{} ({}) × (1 {} {}), the growth for {}",
                        usd(base.value_usd),
                        year - 1,
                        sign(g),
                        pct(g.abs()).trim_start_matches('+'),
                        o.period.describe()
                    ),
                )),
                _ => None,
            },
        };
        let Some((value, words)) = alone else {
            continue;
        };
        let inside = (full.lower95..=full.upper95).contains(&value);
        series.notes.push(format!(
            "Cross-check of the {year} estimate {} (from {}, {}): {words} ({}) alone gives {}, {} from it{}.",
            usd(full.point),
            lead.period.describe(),
            lead.id,
            o.id,
            usd(value),
            pct(value / full.point - 1.0),
            if inside {
                ", inside its 95% band"
            } else {
                ", outside its 95% band"
            }
        ));
    }
}

/// The full year from a same-period growth applied to the year before (months stated or not),
/// when the year has no year-to-date level to lead.
fn from_growth(
    here: &[&Observation],
    series: &mut Series,
    points: &BTreeMap<i32, Point>,
) -> Option<Point> {
    let o = here.iter().copied().find(|o| o.growth.is_some())?;
    let (year, g) = (o.period.year(), o.growth?);
    let Some(base) = points.get(&(year - 1)) else {
        series.notes.push(format!(
            "{} growth {} ({}) not used: no full-year value for {} to apply it to.",
            o.period.describe(),
            pct(g),
            o.id,
            year - 1
        ));
        return None;
    };
    let mut how = format!(
        "{} ({}) × (1 {} {}), the same-period growth for {} ({})",
        usd(base.value_usd),
        year - 1,
        sign(g),
        pct(g.abs()).trim_start_matches('+'),
        o.period.describe(),
        o.id
    );
    if base.bound.is_bound() {
        how.push_str(&format!(
            "; rests on a bound ({} {} in {}): if that is higher, so is this",
            base.bound.symbol().trim(),
            usd(base.value_usd),
            year - 1
        ));
    }
    Some(Point {
        year,
        value_usd: base.value_usd * (1.0 + g),
        kind: PointKind::Estimated,
        bound: Bound::Approx,
        sources: [base.sources.clone(), vec![o.id.clone()]].concat(),
        how,
        borrowed_from: None,
        estimate: None,
    })
}

/// Rule 5: a partial-year level is a floor for its full year: a warning when the full year is
/// below it, a pro-rata cross-check or a note otherwise.
pub(super) fn partial_floors(
    partials: &[&Observation],
    series: &mut Series,
    points: &BTreeMap<i32, Point>,
) {
    for o in partials {
        let Some(value) = o.value_usd else { continue };
        let year = o.period.year();
        match points.get(&year) {
            Some(p) if p.value_usd < value && p.bound != Bound::AtLeast => {
                series.warnings.push(format!(
                    "{year} = {} ({}) is below {} = {} ({}): a full year cannot be smaller than part of it.",
                    usd(p.value_usd),
                    p.kind.as_str(),
                    o.period.describe(),
                    usd(value),
                    o.id
                ));
            }
            // A row the estimate rests on, or one its cross-checks compared: said already.
            Some(p) if p.sources.contains(&o.id) || p.estimate.is_some() => {}
            Some(p) if o.growth.is_none() => {
                if let Some(months) = o.period.months() {
                    let pro_rata = value * 12.0 / f64::from(months);
                    series.notes.push(format!(
                        "Cross-check: {} = {} ({}) annualises pro rata to {}, {} from the {} {} value {}.",
                        o.period.describe(),
                        usd(value),
                        o.id,
                        usd(pro_rata),
                        pct(pro_rata / p.value_usd - 1.0),
                        year,
                        p.kind.as_str(),
                        usd(p.value_usd)
                    ));
                }
            }
            None if o.growth.is_none() => series.notes.push(format!(
                "{} = {} ({}) cannot be turned into a full year (its months are not stated, or are \
                 not January onwards, and no growth is given); {} was at least that.",
                o.period.describe(),
                usd(value),
                o.id,
                year
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::reconcile;
    use crate::obs::{Bound, Flow, Observation};

    fn row(id: &str, period: &str, value: Option<f64>, growth: Option<f64>) -> Observation {
        super::super::tests::row(
            id,
            "KZ-KG",
            Flow::Turnover,
            period,
            value,
            growth,
            Bound::Exact,
        )
    }

    #[test]
    fn the_level_with_most_months_leads_and_the_others_cross_check_it() {
        let rows = [
            row("y", "2023", Some(1.0e9), None),
            row("apr", "2024-01/2024-04", Some(0.35e9), None),
            row("oct", "2024-01/2024-10", Some(0.92e9), None),
            row("aug", "2024-01/2024-08", Some(0.73e9), None),
        ];
        let s = &reconcile(&rows)[0];
        let p = s.points.iter().find(|p| p.year == 2024).unwrap();
        assert_eq!(p.estimate.unwrap().months, 10);
        assert_eq!(p.sources, ["y", "oct"]);
        for other in ["apr", "aug"] {
            assert!(
                s.notes
                    .iter()
                    .any(|n| n.starts_with("Cross-check of the 2024 estimate") && n.contains(other)),
                "{other}: {:?}",
                s.notes
            );
        }
    }

    #[test]
    fn the_same_months_a_year_earlier_give_the_same_period_growth() {
        let with_earlier = [
            row("y", "2023", Some(1.0e9), None),
            row("h23", "2023-01/2023-06", Some(0.40e9), None),
            row("h24", "2024-01/2024-06", Some(0.60e9), None),
        ];
        let s = &reconcile(&with_earlier)[0];
        let p = s.points.iter().find(|p| p.year == 2024).unwrap();
        assert!(p.sources.contains(&"h23".to_string()), "{:?}", p.sources);
        assert!(p.how.contains("+50.0%"), "{}", p.how);
        // Stated as a growth rate, the same 50% gives the same estimate.
        let stated = [
            row("y", "2023", Some(1.0e9), None),
            row("h24", "2024-01/2024-06", Some(0.60e9), Some(0.5)),
        ];
        let q = &reconcile(&stated)[0];
        let same = q.points.iter().find(|p| p.year == 2024).unwrap();
        assert!((same.value_usd / p.value_usd - 1.0).abs() < 1e-12);
        // Without either, the estimate differs (the growth is evidence).
        let alone = [
            row("y", "2023", Some(1.0e9), None),
            row("h24", "2024-01/2024-06", Some(0.60e9), None),
        ];
        let r = &reconcile(&alone)[0];
        let none = r.points.iter().find(|p| p.year == 2024).unwrap();
        assert!(none.sources.iter().all(|s| s != "h23"));
    }

    #[test]
    fn a_level_whose_months_are_not_stated_stays_a_floor() {
        let rows = [
            row("y", "2023", Some(1.0e9), None),
            row("part", "2024-part", Some(0.8e9), None),
        ];
        let s = &reconcile(&rows)[0];
        assert!(s.points.iter().all(|p| p.year != 2024));
        assert!(s
            .notes
            .iter()
            .any(|n| n.contains("part") && n.contains("at least")));
    }
}
