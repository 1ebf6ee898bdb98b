//! One side of one trade, year by year: rules 1 and 2 (reported and derived full years), then
//! the partial years (see `partial`), and the conflicts between sources in words.

use std::collections::BTreeMap;

use super::compare::{preference, sign, CHOICE_RULE};
use super::partial::{estimated_from_partials, partial_floors};
use crate::fmt::{pct, usd};
use crate::knowledge::Knowledge;
use crate::obs::{Bound, Flow, Observation, Pair, Side};
use crate::series::{Conflict, GrowthReport, Point, PointKind, Series};
use crate::tolerance::{relative_gap, TOLERANCE};

/// Reconciles the rows of one trade and side into its annual series.
pub(super) fn reconcile_one(
    pair: Pair,
    flow: Flow,
    side: Side,
    rows: &[&Observation],
    knowledge: &Knowledge,
) -> Series {
    let mut series = Series {
        pair,
        flow,
        reported_by: side,
        points: Vec::new(),
        growth_reports: rows
            .iter()
            .filter(|o| !o.period.spans_years())
            .filter_map(|o| {
                o.growth.map(|g| GrowthReport {
                    period: o.period,
                    growth: g,
                    source: o.id.clone(),
                })
            })
            .collect(),
        notes: Vec::new(),
        warnings: Vec::new(),
        conflicts: Vec::new(),
    };
    series
        .growth_reports
        .sort_by(|a, b| (a.period, &a.source).cmp(&(b.period, &b.source)));

    let mut points: BTreeMap<i32, Point> = BTreeMap::new();

    // 1. Reported full years.
    reported_years(rows, &mut series, &mut points);
    // 2a. Derived backwards: prev = level / (1 + g), from every full-year row with both.
    derived_backwards(rows, &mut series, &mut points);
    // 2b. Derived forwards: a full-year growth without a level.
    derived_forwards(rows, &mut points);
    // 3. Estimated from partial years.
    let mut partials: Vec<&Observation> = rows
        .iter()
        .copied()
        .filter(|o| !o.period.is_full_year() && !o.period.spans_years())
        .collect();
    // Best partial first: with growth, more stated months, then the usual preference.
    partials.sort_by_key(|o| {
        (
            o.period.year(),
            o.growth.is_none(),
            std::cmp::Reverse(o.period.months().unwrap_or(0)),
            preference(o),
        )
    });
    estimated_from_partials(&partials, &mut series, &mut points, knowledge);
    // 5. A partial-year level is a floor for its full year; cross-check or record it.
    partial_floors(&partials, &mut series, &points);
    // 6. A figure across two calendar years (a fiscal year) is kept apart.
    crate::fiscal::kept_apart_notes(rows, &mut series.notes);
    // 7. A figure in another currency: the amount as stated and the rate it was converted at.
    crate::currency::conversion_notes(rows, &mut series.notes);

    series.points = points.into_values().collect();
    conflict_warnings(&mut series);
    series
}

/// Rule 1: reported full years; the preferred row of a year wins, and disagreeing rows are
/// recorded as a conflict.
fn reported_years(rows: &[&Observation], series: &mut Series, points: &mut BTreeMap<i32, Point>) {
    let mut by_year: BTreeMap<i32, Vec<&Observation>> = BTreeMap::new();
    for o in rows
        .iter()
        .filter(|o| o.period.is_full_year() && o.value_usd.is_some())
    {
        by_year.entry(o.period.year()).or_default().push(o);
    }
    for (year, mut candidates) in by_year {
        candidates.sort_by(|a, b| preference(a).cmp(&preference(b)));
        let chosen = candidates[0];
        let value = chosen.value_usd.unwrap_or_default();
        let agreeing: Vec<String> = candidates
            .iter()
            .filter(|c| relative_gap(c.value_usd.unwrap_or_default(), value) <= TOLERANCE)
            .map(|c| c.id.clone())
            .collect();
        if agreeing.len() < candidates.len() {
            series.conflicts.push(Conflict {
                year,
                candidates: candidates
                    .iter()
                    .map(|c| (c.id.clone(), c.value_usd.unwrap_or_default()))
                    .collect(),
                chosen: chosen.id.clone(),
                rule: CHOICE_RULE.to_string(),
            });
        }
        let how = match chosen.bound {
            Bound::AtLeast => format!("reported as more than {}", usd(value)),
            Bound::AtMost => format!("reported as at most {}", usd(value)),
            _ => format!("reported {}", usd(value)),
        };
        points.insert(
            year,
            Point {
                year,
                value_usd: value,
                kind: PointKind::Reported,
                bound: chosen.bound,
                sources: agreeing,
                how,
                borrowed_from: None,
                estimate: None,
            },
        );
    }
}

/// Rule 2a: a year derived backwards from the next year's level and growth, where nothing was
/// reported for it; a reported year that disagrees is recorded as a conflict.
fn derived_backwards(
    rows: &[&Observation],
    series: &mut Series,
    points: &mut BTreeMap<i32, Point>,
) {
    let mut derivable: Vec<&Observation> = rows
        .iter()
        .copied()
        .filter(|o| o.period.is_full_year() && o.value_usd.is_some() && o.growth.is_some())
        .collect();
    derivable.sort_by(|a, b| preference(a).cmp(&preference(b)));
    for o in derivable {
        let (level, g) = (
            o.value_usd.unwrap_or_default(),
            o.growth.unwrap_or_default(),
        );
        let year = o.period.year() - 1;
        let prev = level / (1.0 + g);
        let how = format!(
            "{} / (1 {} {})",
            usd(level),
            sign(g),
            pct(g.abs()).trim_start_matches('+')
        );
        match points.get(&year) {
            Some(existing) if existing.kind == PointKind::Reported => {
                if relative_gap(existing.value_usd, prev) > TOLERANCE {
                    series.conflicts.push(Conflict {
                        year,
                        candidates: vec![
                            (existing.sources.join("+"), existing.value_usd),
                            (format!("derived from {}", o.id), prev),
                        ],
                        chosen: existing.sources.join("+"),
                        rule: "a reported level wins over one derived from a growth rate".into(),
                    });
                }
            }
            Some(_) => {} // an earlier (preferred) derivation already holds this year
            None => {
                let mut how = how;
                if o.bound.is_bound() {
                    how.push_str(&format!(
                        "; rests on a bound ({} {}): if that is higher, so is this",
                        o.bound.symbol().trim(),
                        usd(level)
                    ));
                }
                points.insert(
                    year,
                    Point {
                        year,
                        value_usd: prev,
                        kind: PointKind::Derived,
                        bound: Bound::Approx,
                        sources: vec![o.id.clone()],
                        how,
                        borrowed_from: None,
                        estimate: None,
                    },
                );
            }
        }
    }
}

/// Rule 2b: a year derived forwards from a full-year growth without a level.
fn derived_forwards(rows: &[&Observation], points: &mut BTreeMap<i32, Point>) {
    let mut growth_only: Vec<&Observation> = rows
        .iter()
        .copied()
        .filter(|o| o.period.is_full_year() && o.value_usd.is_none())
        .collect();
    growth_only.sort_by_key(|o| (o.period.year(), preference(o)));
    for o in growth_only {
        let year = o.period.year();
        let g = o.growth.unwrap_or_default();
        if let (None, Some(base)) = (points.get(&year), points.get(&(year - 1)).cloned()) {
            points.insert(
                year,
                Point {
                    year,
                    value_usd: base.value_usd * (1.0 + g),
                    kind: PointKind::Derived,
                    bound: Bound::Approx,
                    sources: [base.sources.clone(), vec![o.id.clone()]].concat(),
                    how: format!(
                        "{} ({}) × (1 {} {})",
                        usd(base.value_usd),
                        year - 1,
                        sign(g),
                        pct(g.abs()).trim_start_matches('+')
                    ),
                    borrowed_from: None,
                    estimate: None,
                },
            );
        }
    }
}

/// A warning for each conflict between sources, saying which value was used and by which rule.
fn conflict_warnings(series: &mut Series) {
    for c in &series.conflicts {
        series.warnings.push(format!(
            "Sources disagree on {} by more than {:.0}%: {}; used {} ({}).",
            c.year,
            TOLERANCE * 100.0,
            c.candidates
                .iter()
                .map(|(id, v)| format!("{id} = {}", usd(*v)))
                .collect::<Vec<_>>()
                .join(", "),
            c.chosen,
            c.rule
        ));
    }
}
