//! From reported figures to one annual series per pair and flow (DESIGN §4).
//!
//! The rules, applied in this order for each pair and flow:
//!
//! 1. **Reported**: a full-year level is used as stated. Several for one year: the most exact
//!    wording wins (exact, then approx, then a bound), then the latest publication, then the
//!    lowest id; values more than [`TOLERANCE`] apart are a [`Conflict`], shown with the rule.
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

use std::collections::{BTreeMap, HashMap};

use crate::fmt::{pct, usd};
use crate::obs::{Bound, Flow, Observation, Pair, Side, Trade};
use crate::series::{Conflict, GrowthReport, Point, PointKind, Series};

/// Relative difference above which two figures for the same year are a conflict.
///
/// 2%: the sources round to one decimal of a billion (±0.05 bn), which is up to ±1.1% on a
/// 4.5 bn figure; anything beyond that is a real disagreement, not rounding.
pub const TOLERANCE: f64 = 0.02;

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
    let names = trade_names(observations);
    let mut groups: BTreeMap<(Pair, Flow, Side), Vec<&Observation>> = BTreeMap::new();
    for o in observations {
        let (pair, flow) = names[&Trade::of(o.pair, o.flow)];
        groups
            .entry((pair, flow, o.reported_by))
            .or_default()
            .push(o);
    }
    let mut all: Vec<Series> = groups
        .iter()
        .map(|(&(pair, flow, side), rows)| reconcile_one(pair, flow, side, rows))
        .collect();
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

/// Rank of a row for "which source wins": lower is better.
fn preference(o: &Observation) -> (u8, std::cmp::Reverse<Option<crate::obs::Date>>, &str) {
    let exactness = match o.bound {
        Bound::Exact => 0,
        Bound::Approx => 1,
        Bound::AtLeast | Bound::AtMost => 2,
    };
    (exactness, std::cmp::Reverse(o.published), o.id.as_str())
}

const CHOICE_RULE: &str =
    "the most exact wording wins (exact, then approx, then a bound), then the latest publication, then the lowest id";

/// Two values name the same goal when they are within [`TOLERANCE`] of each other: "$1 billion"
/// and "$1.01 billion" are one goal, rounded differently.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs())
}

fn reconcile_one(pair: Pair, flow: Flow, side: Side, rows: &[&Observation]) -> Series {
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
    estimated_from_partials(&partials, &mut series, &mut points);
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
                },
            );
        }
    }
}

/// Rule 3: a full year estimated from a partial year's same-period growth, when the year has no
/// value yet and the year before has one; notes say which partial rows were not used and why.
fn estimated_from_partials(
    partials: &[&Observation],
    series: &mut Series,
    points: &mut BTreeMap<i32, Point>,
) {
    for o in partials {
        let year = o.period.year();
        if let Some(value) = o.value_usd {
            if let Some(g) = o.growth {
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
        let Some(g) = o.growth else { continue };
        match (points.get(&year), points.get(&(year - 1)).cloned()) {
            (None, Some(base)) => {
                let estimate = base.value_usd * (1.0 + g);
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
                points.insert(
                    year,
                    Point {
                        year,
                        value_usd: estimate,
                        kind: PointKind::Estimated,
                        bound: Bound::Approx,
                        sources: [base.sources.clone(), vec![o.id.clone()]].concat(),
                        how,
                    },
                );
            }
            (Some(existing), _) if existing.sources.iter().all(|s| s != &o.id) => {
                series.notes.push(format!(
                    "{} growth {} ({}) not used: {} already has a {} value.",
                    o.period.describe(),
                    pct(g),
                    o.id,
                    year,
                    existing.kind.as_str()
                ));
            }
            (None, None) => series.notes.push(format!(
                "{} growth {} ({}) not used: no full-year value for {} to apply it to.",
                o.period.describe(),
                pct(g),
                o.id,
                year - 1
            )),
            _ => {}
        }
    }
}

/// Rule 5: a partial-year level is a floor for its full year: a warning when the full year is
/// below it, a pro-rata cross-check or a note otherwise.
fn partial_floors(partials: &[&Observation], series: &mut Series, points: &BTreeMap<i32, Point>) {
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
                "{} = {} ({}) has no same-period growth, so it cannot be turned into a full year; {} was at least that.",
                o.period.describe(),
                usd(value),
                o.id,
                year
            )),
            _ => {}
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

fn sign(g: f64) -> &'static str {
    if g < 0.0 {
        "−"
    } else {
        "+"
    }
}

/// Exports + imports against turnover for every period where all three are reported by the
/// same side: for turnover of A with B, A's exports to B and A's imports from B (B's exports to
/// A), however the rows write them.
fn check_components(all: &mut [Series], groups: &BTreeMap<(Pair, Flow, Side), Vec<&Observation>>) {
    for series in all.iter_mut().filter(|s| s.flow == Flow::Turnover) {
        let (a, b) = (series.pair.reporter, series.pair.partner);
        let side = series.reported_by;
        let rows_of = |trade: Trade| -> Vec<&Observation> {
            groups
                .iter()
                .filter(|((p, f, s), _)| *s == side && Trade::of(*p, *f) == trade)
                .flat_map(|(_, rows)| rows.iter().copied())
                .collect()
        };
        let exports = rows_of(Trade::Goods { from: a, to: b });
        let imports = rows_of(Trade::Goods { from: b, to: a });
        for t in rows_of(Trade::of(series.pair, Flow::Turnover)) {
            let Some(total) = t.value_usd else { continue };
            let find = |rows: &[&Observation]| {
                rows.iter()
                    .find(|o| o.period == t.period && o.value_usd.is_some())
                    .map(|o| (o.id.clone(), o.value_usd.unwrap_or_default()))
            };
            let (Some((ex_id, ex)), Some((im_id, im))) = (find(&exports), find(&imports)) else {
                continue;
            };
            let sum = ex + im;
            let text = format!(
                "{}: exports {} ({ex_id}) + imports {} ({im_id}) = {} against turnover {} ({})",
                t.period.describe(),
                usd(ex),
                usd(im),
                usd(sum),
                usd(total),
                t.id
            );
            if relative_gap(sum, total) > TOLERANCE / 2.0 {
                series
                    .warnings
                    .push(format!("Components do not add up: {text}."));
            } else {
                series.notes.push(format!("Components add up: {text}."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
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
